"""Council decisions and the draft of the next strategy version they build."""

import pytest

from tests.proposals.conftest import CHALLENGE, SOLUTION
from workshop.extensions import db
from workshop.proposals import draft, services
from workshop.proposals.services import ProposalError
from workshop.strategy.diff import diff_versions
from workshop.strategy.export import version_to_dict
from workshop.strategy.models import VersionStatus


def decide(proposal, outcome, user, wording="", reason="Neuvoston perustelu"):
    decision = services.decide(proposal, outcome, reason, user, wording=wording)
    db.session.commit()
    return decision


def changes_by_ref(review_round):
    base = version_to_dict(review_round.strategy_version)
    return {d.ref: d for d in diff_versions(base, version_to_dict(draft.round_draft(review_round)))}


def test_no_draft_until_something_is_accepted(propose, participant, facilitator, review_round):
    proposal = propose(participant)
    decide(proposal, "rejected", facilitator)
    assert draft.round_draft(review_round) is None
    decide(proposal, "postponed", facilitator)
    assert draft.round_draft(review_round) is None
    assert proposal.decision.outcome == "postponed"


def test_each_accepting_kind_changes_the_draft_and_records_its_provenance(
    propose, participant, facilitator, review_round
):
    made = [
        propose(participant, kind="add_challenge", target="focus_area/energia", text="Uusi haaste"),
        propose(participant, kind="add_solution", target=CHALLENGE, text="Uusi ratkaisu"),
        propose(participant, kind="reword", target=SOLUTION, text="Uusi sanamuoto"),
        propose(participant, kind="remove", target="focus_area/energia/challenge/energia.h3"),
        propose(
            participant,
            kind="change_target",
            target="indicator/tk-menot",
            text="1,2 mrd €",
            target_value=1200,
        ),
        propose(participant, kind="add_measure", target="measures", text="Uusi toimenpide"),
        propose(
            participant, kind="describe_focus_area", target="focus_area/energia", text="Kuvaus"
        ),
        propose(participant, kind="free", target="theme/ilmastoviisas", text="Yleinen"),
    ]
    for proposal in made:
        decide(proposal, "accepted", facilitator)
    version = draft.round_draft(review_round)
    assert version.status == VersionStatus.DRAFT
    assert version.based_on_id == review_round.strategy_version_id
    assert version.number == review_round.strategy_version.number + 1
    diffs = changes_by_ref(review_round)
    provenance = draft.element_changes(version)
    add_challenge = f"focus_area/energia/challenge/energia.ehdotus-{made[0].id}"
    add_solution = f"{CHALLENGE}/solution/energia.h1.ehdotus-{made[1].id}"
    expected = {
        add_challenge: "added",
        add_solution: "added",
        SOLUTION: "changed",
        "focus_area/energia/challenge/energia.h3": "removed",
        "indicator/tk-menot": "changed",
        f"measure/ehdotus-{made[5].id}": "added",
        "focus_area/energia": "changed",
    }
    for ref, change in expected.items():
        assert diffs[ref].change == change, ref
        assert [row.change for row in provenance[ref]] == [change]
    assert diffs[add_challenge].new.text == "Uusi haaste"
    assert diffs[SOLUTION].new.text == "Uusi sanamuoto"
    assert diffs[SOLUTION].new.translations.get("en", {}).get("text") is None
    assert diffs["indicator/tk-menot"].new.fields["target_value"] == 1200
    assert diffs["focus_area/energia"].new.fields["description"] == "Kuvaus"
    row = provenance[add_challenge][0]
    assert row.proposal.id == made[0].id
    assert row.decision.outcome == "accepted" and row.decision.decided_by.id == facilitator.id
    # The free proposal changes no text, so no element records it.
    assert all(r.proposal_id != made[7].id for rows in provenance.values() for r in rows)


def test_a_new_action_joins_a_focus_area_that_lists_actions(
    propose, participant, facilitator, review_round
):
    area = "focus_area/innovatiivinen-matkailu"  # actions, no challenges
    proposal = propose(participant, kind="add_action", target=area, text="Uusi toimenpide")
    decide(proposal, "accepted", facilitator)
    ref = f"{area}/action/innovatiivinen-matkailu.ehdotus-{proposal.id}"
    diffs = changes_by_ref(review_round)
    assert diffs[ref].change == "added" and diffs[ref].new.text == "Uusi toimenpide"
    version = draft.round_draft(review_round)
    assert [row.change for row in draft.element_changes(version)[ref]] == ["added"]
    # The action follows the area's three earlier ones.
    added = next(a for a in version.focus_areas if a.key == "innovatiivinen-matkailu")
    assert [action.text for action in added.actions][-1] == "Uusi toimenpide"
    assert len(added.actions) == 4


def test_accepted_with_changes_uses_the_councils_wording(
    propose, participant, facilitator, review_round
):
    proposal = propose(participant, kind="reword", target=SOLUTION, text="Osallistujan teksti")
    with pytest.raises(ProposalError) as error:
        services.decide(proposal, "accepted_with_changes", "Syy", facilitator, wording="")
    assert error.value.code == "wording_required"
    decide(proposal, "accepted_with_changes", facilitator, wording="Neuvoston teksti")
    assert changes_by_ref(review_round)[SOLUTION].new.text == "Neuvoston teksti"
    assert proposal.decision.wording == "Neuvoston teksti"


def test_changing_a_decision_rebuilds_the_draft_in_place(
    propose, participant, facilitator, review_round
):
    proposal = propose(participant, kind="reword", target=SOLUTION, text="Uusi")
    decide(proposal, "accepted", facilitator)
    version = draft.round_draft(review_round)
    number = version.number
    decide(proposal, "rejected", facilitator)
    assert draft.round_draft(review_round).id == version.id
    assert version.number == number
    assert SOLUTION not in changes_by_ref(review_round)
    assert draft.element_changes(version) == {}


def test_two_proposals_changing_the_same_element_apply_in_order_and_are_flagged(
    propose, participant, facilitator, review_round
):
    first = propose(participant, kind="reword", target=SOLUTION, text="Ensimmäinen")
    second = propose(participant, kind="reword", target=SOLUTION, text="Toinen")
    decide(second, "accepted", facilitator)
    decide(first, "accepted", facilitator)  # decided later, so its wording wins
    assert changes_by_ref(review_round)[SOLUTION].new.text == "Ensimmäinen"
    version = draft.round_draft(review_round)
    rows = draft.element_changes(version)[SOLUTION]
    assert [row.proposal_id for row in rows] == [second.id, first.id]
    assert list(draft.conflicts(version)) == [SOLUTION]


def test_a_proposal_on_an_element_removed_earlier_is_skipped(
    propose, participant, facilitator, review_round
):
    removal = propose(participant, kind="remove", target=CHALLENGE)
    reword = propose(participant, kind="reword", target=SOLUTION, text="Turha")
    decide(removal, "accepted", facilitator)
    decide(reword, "accepted", facilitator)
    build = draft.build_draft_data(review_round)
    assert build.skipped == [reword]
    assert changes_by_ref(review_round)[CHALLENGE].change == "removed"


def test_publishing_makes_the_draft_current_and_freezes_the_decisions(
    propose, participant, facilitator, review_round
):
    proposal = propose(participant, kind="add_measure", target="measures", text="Uusi")
    decide(proposal, "accepted", facilitator)
    version = draft.publish_draft(review_round)
    db.session.commit()
    assert version.status == VersionStatus.CURRENT
    assert review_round.strategy_version.status == VersionStatus.ARCHIVED
    with pytest.raises(ProposalError) as error:
        services.decide(proposal, "rejected", "Syy", facilitator)
    assert error.value.code == "draft_published"
    with pytest.raises(ProposalError):
        draft.publish_draft(review_round)


def test_hiding_an_accepted_proposal_takes_it_out_of_the_draft(
    propose, participant, facilitator, review_round
):
    proposal = propose(participant, kind="reword", target=SOLUTION, text="Uusi")
    decide(proposal, "accepted", facilitator)
    services.hide(proposal, "Väärä paikka")
    db.session.commit()
    assert SOLUTION not in changes_by_ref(review_round)


def test_a_decision_needs_a_reason_and_a_known_outcome(propose, participant, facilitator):
    proposal = propose(participant)
    with pytest.raises(ProposalError):
        services.decide(proposal, "accepted", "", facilitator)
    with pytest.raises(ProposalError):
        services.decide(proposal, "maybe", "Syy", facilitator)
