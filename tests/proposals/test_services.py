"""Proposals, support, comments and moderation through the services."""

import pytest

from tests.proposals.conftest import CHALLENGE, SOLUTION
from workshop.errors import NotFound
from workshop.extensions import db
from workshop.proposals import services
from workshop.proposals.models import ProposalKind, ProposalStatus
from workshop.proposals.services import ProposalError, ProposalInput

VALID_TARGETS = {
    ProposalKind.ADD_CHALLENGE: "focus_area/energia",
    ProposalKind.ADD_SOLUTION: CHALLENGE,
    ProposalKind.ADD_ACTION: "focus_area/innovatiivinen-matkailu",
    ProposalKind.REWORD: SOLUTION,
    ProposalKind.REMOVE: CHALLENGE,
    ProposalKind.CHANGE_TARGET: "indicator/tk-menot",
    ProposalKind.ADD_MEASURE: "measures",
    ProposalKind.DESCRIBE_FOCUS_AREA: "focus_area/energia",
    ProposalKind.FREE: "theme/ilmastoviisas",
}


@pytest.mark.parametrize("kind", list(ProposalKind))
def test_every_kind_of_proposal_is_stored_with_its_group_and_focus_area(kind, propose, participant):
    proposal = propose(participant, kind=kind, target=VALID_TARGETS[kind], text="Uusi teksti")
    assert proposal.kind == kind
    assert proposal.group.key == "klusterit"
    assert proposal.session_id == participant.session_id
    assert proposal.status == ProposalStatus.PUBLISHED
    assert proposal.original_text == "Uusi teksti"
    target = VALID_TARGETS[kind]
    expected_area = target.split("/")[1] if target.startswith("focus_area/") else None
    assert proposal.focus_area_key == expected_area


@pytest.mark.parametrize(
    ("kind", "target"),
    [
        ("add_challenge", CHALLENGE),
        ("add_solution", "focus_area/energia"),
        ("add_action", CHALLENGE),
        ("reword", "focus_area/energia"),
        ("change_target", SOLUTION),
        ("add_measure", "focus_area/energia"),
        ("free", "indicator/tk-menot"),
        ("reword", "focus_area/ei-ole"),
        ("nonsense", "focus_area/energia"),
    ],
)
def test_a_proposal_must_target_an_element_its_kind_applies_to(kind, target, propose, participant):
    with pytest.raises(ProposalError):
        propose(participant, kind=kind, target=target)


def test_text_is_cleaned_and_required_except_for_removal(propose, participant):
    proposal = propose(participant, text="  Uusi\x00 haaste 🚀 <b>x</b> ")
    assert proposal.text == "Uusi haaste 🚀 <b>x</b>"
    with pytest.raises(ProposalError) as error:
        propose(participant, text=" \x07 ")
    assert error.value.code == "text_required"
    removal = propose(participant, kind="remove", target=CHALLENGE, text="")
    assert removal.text == ""
    with pytest.raises(ProposalError) as error:
        propose(participant, text="x" * 100_000)
    assert error.value.code == "too_long"


def test_a_resent_proposal_with_the_same_client_id_is_stored_once(review_round, participant):
    item = ProposalInput(
        kind="add_measure", target_ref="measures", text="Uusi toimenpide", client_id="abc12345"
    )
    first, duplicate = services.create_proposal(review_round, item, participant=participant)
    again, repeated = services.create_proposal(review_round, item, participant=participant)
    assert (duplicate, repeated) == (False, True)
    assert again.id == first.id
    assert len(services.list_proposals(review_round)) == 1


def test_facilitators_can_propose_too(propose, facilitator):
    proposal = propose(user=facilitator, kind="free", target="theme/ilmastoviisas")
    assert proposal.author_user_id == facilitator.id and proposal.group_id is None


def test_nobody_proposes_in_a_closed_session(propose, participant, open_session):
    from workshop.review import services as review_services

    review_services.set_session_status(open_session, "closed")
    db.session.commit()
    with pytest.raises(ProposalError) as error:
        propose(participant)
    assert error.value.code == "session_closed"


def test_support_once_change_mind_and_withdraw(
    propose, participant, make_participant, review_round
):
    proposal = propose(participant)
    other = make_participant("yritykset")
    services.set_support(proposal, participant, 1)
    services.set_support(proposal, other, 1)
    services.set_support(proposal, other, 1)
    assert services.tallies(review_round)[proposal.id].supports == 2
    services.set_support(proposal, other, -1)
    tally = services.tallies(review_round)[proposal.id]
    assert (tally.supports, tally.opposes, tally.net) == (1, 1, 0)
    services.set_support(proposal, other, 0)
    tally = services.tallies(review_round)[proposal.id]
    assert (tally.supports, tally.opposes) == (1, 0)
    assert services.participant_votes(other) == {}
    with pytest.raises(ProposalError):
        services.set_support(proposal, other, 2)


def test_merge_carries_supports_over_and_counts_nobody_twice(
    propose, participant, make_participant, review_round
):
    target = propose(participant, text="Vetyosaaminen")
    duplicate = propose(participant, text="Vedyn osaajat")
    both, only_duplicate, opposite = (make_participant() for _ in range(3))
    services.set_support(target, both, 1)
    services.set_support(duplicate, both, 1)
    services.set_support(duplicate, only_duplicate, 1)
    services.set_support(target, opposite, -1)
    services.set_support(duplicate, opposite, 1)  # the target's own vote wins
    services.add_comment(duplicate, "Samaa mieltä", participant=both)
    services.merge(duplicate, target)
    db.session.commit()
    tally = services.tallies(review_round)[target.id]
    assert (tally.supports, tally.opposes) == (2, 1)
    assert duplicate.status == ProposalStatus.MERGED and duplicate.merged_into_id == target.id
    with pytest.raises(ProposalError):
        services.set_support(duplicate, both, 1)
    # A chain of merges ends at the last target.
    third = propose(participant, text="Kolmas")
    services.merge(target, third)
    assert {p.id for p in services.merged_proposals(third)} == {target.id, duplicate.id}
    # Among duplicates the latest vote counts: "opposite" last supported the first duplicate.
    tally = services.tallies(review_round)[third.id]
    assert (tally.supports, tally.opposes) == (3, 0)


def test_merge_refuses_itself_and_a_held_target(propose, participant, review_round):
    proposal = propose(participant)
    with pytest.raises(ProposalError):
        services.merge(proposal, proposal)
    services.set_hold_proposals(review_round, True)
    held = propose(participant)
    with pytest.raises(ProposalError):
        services.merge(proposal, held)


def test_hidden_proposals_leave_the_participants_list_and_keep_the_reason(
    propose, participant, make_participant
):
    proposal = propose(participant, text="Asiaton")
    with pytest.raises(ProposalError):
        services.hide(proposal, "  ")
    services.hide(proposal, "Asiaton kielenkäyttö")
    other = make_participant()
    assert proposal.hidden_reason == "Asiaton kielenkäyttö"
    assert not services.visible_to_participant(proposal, other)
    assert not services.visible_to_participant(proposal, participant)
    with pytest.raises(NotFound):
        services.set_support(proposal, other, 1)


def test_held_proposals_are_seen_by_their_author_and_staff_until_approved(
    propose, participant, make_participant, review_round
):
    services.set_hold_proposals(review_round, True)
    proposal = propose(participant)
    other = make_participant()
    assert proposal.status == ProposalStatus.HELD
    assert services.visible_to_participant(proposal, participant)
    assert not services.visible_to_participant(proposal, other)
    with pytest.raises(NotFound):
        services.add_comment(proposal, "Hei", participant=other)
    services.approve(proposal)
    assert services.visible_to_participant(proposal, other)
    services.set_support(proposal, other, 1)


def test_editing_keeps_the_original_wording(propose, participant, facilitator):
    proposal = propose(participant, text="Vety talous")
    services.edit_proposal(proposal, "Vetytalous", facilitator)
    assert (proposal.text, proposal.original_text, proposal.edited) == (
        "Vetytalous",
        "Vety talous",
        True,
    )
    assert proposal.edited_by_id == facilitator.id


def test_comments_are_cleaned_and_can_be_hidden(propose, participant):
    proposal = propose(participant)
    comment = services.add_comment(proposal, " Hyvä\x01 idea ", participant=participant)
    assert comment.text == "Hyvä idea" and comment.group_id == participant.group_id
    with pytest.raises(ProposalError):
        services.add_comment(proposal, "", participant=participant)
    services.hide_comment(comment, "Henkilöön kohdistuva")
    assert comment.hidden and comment.hidden_reason == "Henkilöön kohdistuva"


def test_the_tally_of_one_proposal_agrees_with_the_tallies_of_the_round(
    propose, participant, make_participant, review_round
):
    target, duplicate = propose(participant, text="A"), propose(participant, text="B")
    people = [make_participant() for _ in range(4)]
    for n, person in enumerate(people):
        services.set_support(target, person, 1 if n % 2 else -1)
        services.set_support(duplicate, person, 1)
    services.merge(duplicate, target)
    assert services.tally_of(target) == services.tallies(review_round)[target.id]
    assert (services.tally_of(target).supports, services.tally_of(target).opposes) == (2, 2)


def test_support_of_a_removed_participant_is_not_counted(
    propose, participant, make_participant, review_round, facilitator
):
    from workshop.review import participation

    proposal = propose(participant)
    fake = make_participant("yritykset")
    services.set_support(proposal, participant, 1)
    services.set_support(proposal, fake, -1)
    participation.remove_participant(fake, "Ei paikalla", actor=facilitator)
    tally = services.tallies(review_round)[proposal.id]
    assert (tally.supports, tally.opposes) == (1, 0)
    assert services.tally_of(proposal).opposes == 0
    participation.restore_participant(fake, actor=facilitator)
    assert services.tallies(review_round)[proposal.id].opposes == 1
