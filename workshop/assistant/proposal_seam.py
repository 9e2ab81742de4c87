"""The one place where a proposal made in the chat leaves the assistant: it becomes a real
proposal through ``workshop.proposals.services``, exactly as the proposal form makes one."""

from __future__ import annotations

from sqlalchemy import select

from workshop.assistant.similar import most_alike
from workshop.extensions import db
from workshop.proposals import services as proposals
from workshop.proposals.events import mark_proposals_changed
from workshop.proposals.models import Proposal, ProposalStatus
from workshop.proposals.services import MEASURES_REF, ProposalInput
from workshop.review.models import Participant, ReviewRound


def _challenge_of(ref: str) -> str | None:
    """``focus_area/<fa>/challenge/<c>`` of a challenge or of a solution under it."""
    parts = ref.split("/")
    return "/".join(parts[:4]) if len(parts) >= 4 and parts[2] == "challenge" else None


def attached_ref(draft: dict) -> str:
    """The element a chat draft's kind applies to (see proposals.services.KIND_TARGETS): the
    chat lets people point at any element of the focus area."""
    kind, ref = draft["kind"], draft["target_ref"]
    if kind in ("add_challenge", "add_action", "describe_focus_area", "free"):
        return f"focus_area/{draft['focus_area_key']}"
    if kind == "add_solution":
        return _challenge_of(ref) or ref
    if kind == "add_measure":
        return MEASURES_REF
    return ref


def proposal_input(draft: dict) -> ProposalInput:
    """The chat's draft {kind, target_ref, focus_area_key, text, rationale} as a proposal."""
    return ProposalInput(
        kind=draft["kind"],
        target_ref=attached_ref(draft),
        text=draft["text"],
        rationale=draft.get("rationale", ""),
    )


def submit_proposal(participant: Participant, draft: dict) -> dict:
    """Store the confirmed draft as the participant's proposal; its rules raise ProposalError
    (a DomainError), which the dialogue reports."""
    review_round = db.session.get(ReviewRound, participant.round_id)
    proposal, _repeat = proposals.create_proposal(
        review_round, proposal_input(draft), participant=participant
    )
    mark_proposals_changed(review_round.id)
    return {"id": proposal.id, "status": proposal.status, **draft}


def similar_proposal(participant: Participant, text: str) -> dict | None:
    """The published proposal of the participant's round most like ``text``, if any is alike
    enough (workshop/assistant/similar.py, as the proposal form asks): {id, text, supports}."""
    found = db.session.scalars(
        select(Proposal).where(
            Proposal.round_id == participant.round_id,
            Proposal.status == ProposalStatus.PUBLISHED,
        )
    ).all()
    alike = most_alike(text, [(p.id, p.text) for p in found if p.text], limit=1)
    if not alike:
        return None
    best = next(p for p in found if p.id == alike[0].id)
    return {"id": best.id, "text": best.text, "supports": proposals.tally_of(best).supports}


def supporting_open(participant: Participant) -> bool:
    """Whether the participant may support a proposal now (the proposals' own rule)."""
    review_round = db.session.get(ReviewRound, participant.round_id)
    return proposals._refusal(review_round, participant, proposing=False) is None


def support_proposal(participant: Participant, proposal_id: int) -> None:
    """Support a proposal, as its support button does; its rules raise ProposalError."""
    proposal = proposals.get_proposal(proposal_id)
    if proposal.round_id != participant.round_id:
        raise proposals.ProposalError("not_found", "No such proposal.")
    proposals.set_support(proposal, participant, 1)
    mark_proposals_changed(proposal.round_id)
