"""Comments wait for approval like proposals when the round holds what participants write;
one click in the console approves or hides them; the measures are named, not keyed."""

import pytest

from tests.proposals.test_events import proposals_step, received  # noqa: F401  (fixture)
from workshop.audit.models import AuditEvent
from workshop.extensions import db
from workshop.proposals import events, services
from workshop.proposals.services import MEASURES_REF


def comment_texts(update):
    return [c["text"] for p in update["proposals"] for c in p["comments"]]


@pytest.fixture
def holding(review_round):
    services.set_hold_proposals(review_round, True)
    db.session.commit()


@pytest.mark.usefixtures("holding")
def test_a_held_comment_reaches_staff_and_its_author_until_approved(
    proposals_step,  # noqa: F811
    open_session,
    participant,
    make_participant,
    connect_participant,
    staff_socket,
    propose,
    facilitator,
):
    proposal = propose(user=facilitator, text="Osaajapula")
    staff_socket.emit("proposal:list", {"session_id": open_session.id}, callback=True)
    author = connect_participant(participant)
    other = connect_participant(make_participant())
    ack = author.emit(
        "proposal:comment", {"proposal_id": proposal.id, "text": "Totta"}, callback=True
    )
    assert ack["ok"] and ack["comment"]["held"] is True
    events.live_proposals.flush()
    staff_update = received(staff_socket, "proposals:update")[-1]
    (held,) = staff_update["proposals"][0]["comments"]
    assert (held["text"], held["held"]) == ("Totta", True)
    assert comment_texts(received(other, "proposals:update")[-1]) == []
    # Its author sees it (marked held) after a reload; others do not.
    mine = author.emit("proposal:sync", {}, callback=True)["proposals"][0]["comments"]
    assert [(c["text"], c["held"]) for c in mine] == [("Totta", True)]
    assert other.emit("proposal:sync", {}, callback=True)["proposals"][0]["comments"] == []

    approved = staff_socket.emit(
        "proposal:moderate",
        {
            "session_id": open_session.id,
            "proposal_id": proposal.id,
            "action": "approve_comment",
            "comment_id": held["id"],
        },
        callback=True,
    )
    assert approved["ok"] and approved["proposal"]["comments"][0]["held"] is False
    events.live_proposals.flush()
    seen = received(other, "proposals:update")[-1]
    assert comment_texts(seen) == ["Totta"] and "held" not in seen["proposals"][0]["comments"][0]
    assert db.session.query(AuditEvent).filter_by(action="proposal.approve_comment").count() == 1
    again = staff_socket.emit(
        "proposal:moderate",
        {
            "session_id": open_session.id,
            "proposal_id": proposal.id,
            "action": "approve_comment",
            "comment_id": held["id"],
        },
        callback=True,
    )
    assert again["error"] == "not_held"


def test_without_holding_a_comment_is_shown_at_once(
    proposals_step,  # noqa: F811
    participant,
    propose,
    facilitator,
):
    proposal = propose(user=facilitator)
    comment = services.add_comment(proposal, "Heti näkyviin", participant=participant)
    assert comment.held is False


@pytest.mark.usefixtures("holding")
def test_a_facilitators_comment_is_never_held(proposals_step, propose, facilitator):  # noqa: F811
    proposal = propose(user=facilitator)
    assert services.add_comment(proposal, "Fasilitaattori", user=facilitator).held is False


def test_a_hidden_comment_can_be_shown_again(proposals_step, participant, propose, facilitator):  # noqa: F811
    proposal = propose(user=facilitator)
    comment = services.add_comment(proposal, "Asiaton?", participant=participant)
    services.hide_comment(comment, "Väärin perustein")
    services.approve_comment(comment)
    assert (comment.hidden, comment.held, comment.hidden_reason) == (False, False, "")


def test_a_new_measure_names_the_measures_in_each_language(
    proposals_step,  # noqa: F811
    open_session,
    staff_socket,
    propose,
    facilitator,
):
    proposal = propose(user=facilitator, kind="add_measure", target=MEASURES_REF, text="Uusi")
    fi = events.proposal_payload(proposal, services.tally_of(proposal), "fi")
    en = events.proposal_payload(proposal, services.tally_of(proposal), "en")
    assert fi["target_label"] == "Toimenpiteet innovaatioiden levittämiseksi"
    assert en["target_label"] == "Measures for spreading innovation"
