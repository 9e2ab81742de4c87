"""Proposals, support and comments follow the open step of the participant's session."""

import uuid

import pytest

from tests.proposals.conftest import open_kind
from workshop.assistant.proposal_seam import submit_proposal
from workshop.extensions import db
from workshop.proposals import services
from workshop.proposals.services import ProposalError, ProposalInput
from workshop.review import services as review_services
from workshop.review.models import StepKind

IDEA = ProposalInput(kind="add_challenge", target_ref="focus_area/energia", text="Vetyosaajat")


def refused_code(action) -> str:
    with pytest.raises(ProposalError) as refused:
        action()
    db.session.rollback()
    return refused.value.code


@pytest.mark.parametrize("kind", [StepKind.WELCOME, StepKind.INDICATORS, StepKind.WRAPUP])
def test_no_proposal_outside_the_steps_that_take_them(
    review_round, open_session, participant, kind
):
    open_kind(open_session, kind)
    code = refused_code(
        lambda: services.create_proposal(review_round, IDEA, participant=participant)
    )
    assert code == "proposals_closed"


def test_no_proposal_when_no_step_is_open(review_round, open_session, participant):
    review_services.close_step(open_session.open_step)
    db.session.commit()
    code = refused_code(
        lambda: services.create_proposal(review_round, IDEA, participant=participant)
    )
    assert code == "proposals_closed"


@pytest.mark.parametrize("kind", [StepKind.SCORING, StepKind.PROPOSALS, StepKind.SUPPORT])
def test_proposals_are_taken_while_scoring_proposing_or_supporting(
    review_round, open_session, participant, kind
):
    open_kind(open_session, kind)
    proposal, _ = services.create_proposal(review_round, IDEA, participant=participant)
    assert proposal.id is not None


def test_support_and_comments_only_in_the_proposals_and_support_steps(
    review_round, open_session, participant, propose
):
    proposal = propose(participant)
    open_kind(open_session, StepKind.SCORING)
    assert refused_code(lambda: services.set_support(proposal, participant, 1)) == (
        "proposals_closed"
    )
    assert refused_code(
        lambda: services.add_comment(proposal, "Hyvä", participant=participant)
    ) == ("proposals_closed")
    open_kind(open_session, StepKind.SUPPORT)
    assert services.set_support(proposal, participant, 1) == 1
    assert services.add_comment(proposal, "Hyvä", participant=participant).id


def test_an_online_window_takes_proposals_votes_and_comments(
    review_round, open_session, participant, propose, make_participant
):
    proposal = propose(participant)
    window = review_services.create_online_session(review_round, "Verkkoarviointi")
    db.session.commit()
    online = make_participant("yritykset", session=window)
    services.create_proposal(review_round, IDEA, participant=online)
    assert services.set_support(proposal, online, -1) == -1
    assert services.add_comment(proposal, "Samaa mieltä", participant=online).id


def test_nothing_is_taken_once_the_session_or_the_round_closes(
    review_round, open_session, participant, propose
):
    proposal = propose(participant)
    review_services.set_session_status(open_session, "closed")
    db.session.commit()
    assert refused_code(lambda: services.set_support(proposal, participant, 1)) == (
        "session_closed"
    )
    review_services.set_round_status(review_round, "closed")
    db.session.commit()
    for action in (
        lambda: services.create_proposal(review_round, IDEA, participant=participant),
        lambda: services.set_support(proposal, participant, 1),
        lambda: services.add_comment(proposal, "Myöhässä", participant=participant),
    ):
        assert refused_code(action) == "round_closed"


def test_a_resent_proposal_is_acknowledged_after_its_step_closed(
    review_round, open_session, participant
):
    item = ProposalInput(**{**IDEA.__dict__, "client_id": uuid.uuid4().hex})
    stored, _ = services.create_proposal(review_round, item, participant=participant)
    db.session.commit()
    review_services.close_step(open_session.open_step)
    db.session.commit()
    again, duplicate = services.create_proposal(review_round, item, participant=participant)
    assert duplicate and again.id == stored.id


def test_the_chat_path_obeys_the_same_rule(review_round, open_session, participant):
    open_kind(open_session, StepKind.WRAPUP)
    draft = {
        "kind": "add_challenge",
        "target_ref": "focus_area/energia",
        "focus_area_key": "energia",
        "text": "Vetyosaajat",
    }
    assert refused_code(lambda: submit_proposal(participant, draft)) == "proposals_closed"


def test_socket_support_outside_its_steps_is_refused_with_its_code(
    open_session, participant, connect_participant, propose
):
    proposal = propose(participant)
    open_kind(open_session, StepKind.WRAPUP)
    client = connect_participant(participant)
    ack = client.emit("proposal:support", {"proposal_id": proposal.id, "value": 1}, callback=True)
    assert ack["ok"] is False and ack["error"] == "proposals_closed"
    ack = client.emit(
        "proposal:create",
        {
            "client_id": uuid.uuid4().hex,
            "kind": "free",
            "target": "focus_area/energia",
            "text": "x",
        },
        callback=True,
    )
    assert ack["ok"] is False and ack["error"] == "proposals_closed"


def test_the_demo_makes_its_proposals_in_their_steps(strategy_version):
    from workshop.demo import create_demo

    review_round = create_demo(participants=8, seed=3)
    oulu = review_round.sessions[0]
    assert services.list_proposals(review_round)
    kinds = {step.kind: step.status for step in oulu.steps}
    assert kinds[StepKind.PROPOSALS] == kinds[StepKind.SUPPORT] == "closed"
    assert oulu.open_step is None
