"""The one place where a proposal made in the chat leaves the assistant.

Until the proposals module is merged, a confirmed draft is kept in ``ProposalDraft``; after
the merge this function hands it to ``workshop.proposals.services`` instead (see the report
of the assistant branch).
"""

from __future__ import annotations

from workshop.assistant.models import ProposalDraft
from workshop.assistant.search import index_for
from workshop.errors import DomainError
from workshop.extensions import db
from workshop.review.models import Participant

KINDS = (
    "add_challenge",
    "add_solution",
    "reword",
    "remove",
    "indicator_target",
    "add_measure",
    "focus_area_description",
    "free",
)


class ProposalUnavailable(DomainError):
    """A proposal cannot be submitted (no session, unknown target, or not wired yet)."""

    code = "proposals_unavailable"


def submit_proposal(participant: Participant, draft: dict) -> dict:
    """Submit a confirmed draft {kind, target_ref, focus_area_key, text, rationale}."""
    if participant.session is None:
        raise ProposalUnavailable("Join the workshop first.")
    index = index_for(participant.session.review_round.strategy_version)
    known = {doc["ref"] for doc in index.docs}
    if draft["kind"] not in KINDS or draft["target_ref"] not in known or not draft["text"]:
        raise ProposalUnavailable("The proposal is not complete.")
    stored = ProposalDraft(participant_id=participant.id, **draft)
    db.session.add(stored)
    db.session.flush()
    return {"id": stored.id, **draft}
