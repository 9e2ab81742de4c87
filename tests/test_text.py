"""Typed text is stored clean: no control characters, no bidirectional overrides, on every
path (forms, Socket.IO, the chat), and shown isolated from the page around it."""

import uuid

import pytest
from sqlalchemy import select

from tests.proposals.conftest import open_kind
from tests.review.conftest import (  # noqa: F401  (the workshop fixtures, shared)
    answer_payload,
    connect_participant,
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
    scoring_step,
)
from workshop.assistant.models import Message
from workshop.extensions import db
from workshop.proposals import services as proposal_services
from workshop.proposals.models import Comment, Proposal
from workshop.proposals.services import ProposalInput
from workshop.report.blocks import safe
from workshop.review import services as review_services
from workshop.review.models import Answer, Participant, StepKind
from workshop.text import clean_text

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "abc\u202etxt.exe" shows as "abcexe.txt"
CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
HEBREW_NAME = "שרה כהן"
ARABIC_NAME = "ليلى حداد"


@pytest.mark.parametrize("control", list(CONTROLS))
def test_every_embedding_override_and_isolate_is_taken_out(control):
    assert clean_text(f"Vety{control}talous") == "Vetytalous"


def test_an_override_cannot_turn_a_proposal_around():
    assert clean_text(f"Lisää rahoitusta {RLO}tuotekehitykseen") == (
        "Lisää rahoitusta tuotekehitykseen"
    )


def test_direction_marks_go_from_text_without_right_to_left_letters():
    assert clean_text("Aino\u200f (12)\u200e") == "Aino (12)"
    assert clean_text("Oulu\u061c 2026", multiline=False) == "Oulu 2026"


def test_right_to_left_names_and_their_marks_are_kept():
    assert clean_text(ARABIC_NAME) == ARABIC_NAME
    assert clean_text(f"{HEBREW_NAME}\u200f (3)") == f"{HEBREW_NAME}\u200f (3)"
    assert clean_text(f"{ARABIC_NAME} \u061c12") == f"{ARABIC_NAME} \u061c12"
    # The overrides go even from right-to-left text: it needs none.
    assert clean_text(f"{RLO}{HEBREW_NAME}\u202c") == HEBREW_NAME


def test_the_word_export_drops_overrides_from_text_stored_before_the_rule():
    assert safe(f"Perustelu {RLO}lanoitar") == "Perustelu lanoitar"


# Every path a participant types through -------------------------------------------------


def test_a_name_and_organisation_typed_on_the_join_form_are_stored_without_overrides(
    client,
    open_session,  # noqa: F811
):
    open_session.ask_identity = True
    db.session.commit()
    response = client.post(
        f"/j/{open_session.join_code}",
        data={"group": "klusterit", "organisation": f"Busi{RLO}nessOulu", "name": f"{RLO}Aino"},
    )
    assert response.status_code == 302
    stored = db.session.scalars(select(Participant)).one()
    assert (stored.organisation, stored.name) == ("BusinessOulu", "Aino")


@pytest.fixture
def proposals_step(open_session):  # noqa: F811
    step = next(s for s in open_session.steps if s.kind == StepKind.PROPOSALS)
    review_services.open_step(step)
    db.session.commit()
    return step


def test_a_proposal_and_a_comment_sent_over_the_socket_are_stored_without_overrides(
    proposals_step,
    participant,  # noqa: F811
    connect_participant,  # noqa: F811
):
    client = connect_participant(participant)
    ack = client.emit(
        "proposal:create",
        {
            "client_id": uuid.uuid4().hex,
            "kind": "add_challenge",
            "target": "focus_area/energia",
            "text": f"Vety{RLO}osaajat",
            "rationale": f"Pula {RLO}osaajista",
        },
        callback=True,
    )
    assert ack["ok"], ack
    assert ack["proposal"]["text"] == "Vetyosaajat"
    comment = client.emit(
        "proposal:comment",
        {"proposal_id": ack["proposal"]["id"], "text": f"Hyvä{RLO} ajatus\u2066"},
        callback=True,
    )
    assert comment["ok"] and comment["comment"]["text"] == "Hyvä ajatus"
    db.session.expire_all()
    proposal = db.session.scalars(select(Proposal)).one()
    assert (proposal.text, proposal.rationale) == ("Vetyosaajat", "Pula osaajista")
    assert db.session.scalars(select(Comment.text)).one() == "Hyvä ajatus"


def test_a_reason_sent_with_an_answer_is_stored_without_overrides(
    scoring_step,  # noqa: F811
    participant,  # noqa: F811
    connect_participant,  # noqa: F811
):
    area = review_services.step_focus_areas(scoring_step)[0].key
    payload = answer_payload(scoring_step, area, 4, reason=f"Hidasta {RLO}mutta varmaa")
    ack = connect_participant(participant).emit("answer:submit", payload, callback=True)
    assert ack["ok"] is True
    db.session.expire_all()
    assert db.session.scalars(select(Answer.reason)).one() == "Hidasta mutta varmaa"


def test_a_chat_message_is_stored_without_overrides(
    scoring_step,  # noqa: F811
    participant,  # noqa: F811
    connect_participant,  # noqa: F811
):
    client = connect_participant(participant)
    client.emit("assistant:prompt", {}, callback=True)
    ack = client.emit("assistant:message", {"text": f"Mitä {RLO}tarkoittaa?"}, callback=True)
    assert ack["ok"], ack
    db.session.expire_all()
    said = db.session.scalars(select(Message.text).where(Message.role == "user"))
    assert "Mitä tarkoittaa?" in list(said)


# Shown isolated --------------------------------------------------------------------------


def test_a_comment_stored_before_the_rule_is_shown_isolated_on_the_decisions_page(
    logged_in_client,
    review_round,  # noqa: F811
    participant,  # noqa: F811
):
    open_kind(participant.session, StepKind.PROPOSALS)  # proposals follow the open step
    proposal, _ = proposal_services.create_proposal(
        review_round,
        ProposalInput(kind="add_challenge", target_ref="focus_area/energia", text=HEBREW_NAME),
        participant=participant,
    )
    proposal_services.add_comment(proposal, "Hyvä", participant=participant)
    db.session.flush()
    # As an older release stored them: the override still in the database.
    db.session.scalars(select(Comment)).one().text = f"{RLO}Hyvä (3)"
    db.session.commit()
    page = logged_in_client.get(f"/review/rounds/{review_round.id}/decisions")
    html = page.get_data(as_text=True)
    # The comment sits in a line with the group's name: <bdi> keeps the two apart. (The
    # proposal's own paragraphs are isolated by the stylesheet: the browser test looks.)
    assert f"<bdi>{RLO}Hyvä (3)</bdi>" in html
