"""A suggestion in the chat: its cleaned wording, editable before it is sent, and a similar
existing proposal offered for support instead."""

import pytest
from sqlalchemy import select

from tests.proposals.conftest import open_kind
from workshop.assistant import services
from workshop.assistant.wording import cleaned
from workshop.extensions import db
from workshop.proposals import services as proposals
from workshop.proposals.models import Proposal, Support
from workshop.proposals.services import ProposalInput
from workshop.review.models import StepKind


@pytest.mark.parametrize(
    ("said", "wording"),
    [
        ("pitäis lisätä tekoäly digipalveluihin", "Lisätään tekoäly digipalveluihin"),
        ("tuulivoimaa pitäisi lisätä", "Lisätään tuulivoimaa"),
        ("sisätilaviljelyä vois tukea enemmän", "Tuetaan sisätilaviljelyä enemmän"),
        ("meiän mielestä lähiruokaketjuja pitäis tukea", "Tuetaan lähiruokaketjuja"),
        ("meidän pitäisi kehittää vetytaloutta", "Kehitetään vetytaloutta"),
        ("pitäis panostaa enemmän tekoälyyn", "Panostetaan enemmän tekoälyyn"),
        ("ehdotan että korjausrakentaminen nostetaan esiin", "Korjausrakentaminen nostetaan esiin"),
        (
            "we propose adding biochar to the circular economy",
            "Adding biochar to the circular economy",
        ),
        ("there should be more about mental health", "More about mental health"),
        # A sentence with its own subject, or no modal verb, stays as it was written.
        ("Maakunnan pitäisi tukea yrityksiä", "Maakunnan pitäisi tukea yrityksiä"),
        ("Vetytalouden osaajapula", "Vetytalouden osaajapula"),
    ],
)
def test_a_suggestion_is_worded_as_a_proposal(said, wording):
    assert cleaned(said) == wording


def say(participant, text="", reply=""):
    messages = services.handle_message(participant, text=text, reply=reply)
    db.session.commit()
    return messages


def test_the_wording_is_shown_and_can_be_edited_before_it_is_sent(participant, scoring_step):
    services.prompt(participant)
    offer = say(participant, text="pitäis lisätä tekoäly digipalveluihin")[-1]
    assert offer["intent"] == "suggestion"
    assert "”Lisätään tekoäly digipalveluihin” (voit muokata sitä)" in offer["text"]
    assert "Se kuuluisi painopistealaan Digitaaliset palvelut ja tuotteet." in offer["text"]
    say(participant, reply="yes")
    say(participant, reply="area:digitaaliset-palvelut")
    say(participant, reply="ref:focus_area/digitaaliset-palvelut")
    say(participant, reply="kind:add_challenge")
    summary = say(participant, text="Tekoäly muuttaa palvelut.")[-1]
    assert "Ehdotus: Lisätään tekoäly digipalveluihin" in summary["text"]
    assert ("Muokkaa sanamuotoa", "wording:edit") in [
        (r["label"], r["value"]) for r in summary["quick_replies"]
    ]
    asked = say(participant, text="muokkaa sanamuotoa")[-1]
    assert asked["intent"] == "proposal_wording"
    summary = say(participant, text="Tekoäly osaksi digitaalisia palveluja")[-1]
    assert "Ehdotus: Tekoäly osaksi digitaalisia palveluja" in summary["text"]
    assert db.session.scalars(select(Proposal)).all() == []
    assert say(participant, reply="yes")[0]["intent"] == "proposal_submitted"
    assert (
        db.session.scalars(select(Proposal.text)).one() == "Tekoäly osaksi digitaalisia palveluja"
    )


def _existing(review_round, make_participant):
    existing, _repeat = proposals.create_proposal(
        review_round,
        ProposalInput(
            "add_solution",
            "focus_area/energia/challenge/energia.h2",
            "Vetytalouden osaamiskeskus Ouluun",
        ),
        participant=make_participant(group="yritykset"),
    )
    db.session.commit()
    return existing


def test_a_similar_proposal_is_offered_for_support(
    participant, make_participant, open_session, review_round
):
    open_kind(open_session, StepKind.PROPOSALS)
    existing = _existing(review_round, make_participant)
    services.prompt(participant)
    offer = say(participant, text="pitäis perustaa vetytalouden osaamiskeskus")[-1]
    assert (
        "Samankaltainen ehdotus on jo tehty: ”Vetytalouden osaamiskeskus Ouluun”" in offer["text"]
    )
    replies = [r["value"] for r in offer["quick_replies"]]
    assert replies[:2] == [f"support:{existing.id}", "yes"]
    messages = say(participant, reply=f"support:{existing.id}")
    assert messages[0]["intent"] == "proposal_supported", messages[0]["text"]
    support = db.session.scalars(select(Support)).one()
    assert (support.proposal_id, support.participant_id, support.value) == (
        existing.id,
        participant.id,
        1,
    )
    assert db.session.scalars(select(Proposal)).all() == [existing]


def test_while_scoring_a_similar_proposal_is_named_for_the_proposals_step(
    participant, make_participant, scoring_step, review_round
):
    _existing(review_round, make_participant)
    services.prompt(participant)
    offer = say(participant, text="pitäis perustaa vetytalouden osaamiskeskus")[-1]
    assert (
        "”Vetytalouden osaamiskeskus Ouluun”. Voit kannattaa sitä ehdotusvaiheessa."
        in (offer["text"])
    )
    assert "support:" not in str(offer["quick_replies"])


def test_an_unlike_proposal_is_not_offered(
    participant, make_participant, scoring_step, review_round
):
    other = make_participant(group="yritykset")
    proposals.create_proposal(
        review_round,
        ProposalInput("add_challenge", "focus_area/energia", "Aurinkopaneelit kouluihin"),
        participant=other,
    )
    db.session.commit()
    services.prompt(participant)
    offer = say(participant, text="pitäis lisätä tekoäly digipalveluihin")[-1]
    assert "support:" not in str(offer["quick_replies"])
