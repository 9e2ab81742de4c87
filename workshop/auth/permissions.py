"""Who may act on which round: the one rule behind every round's pages and live events.

A facilitator runs the rounds it owns or co-hosts (and rounds with no owner, made before
ownership existed); council and admin run every round (docs/security.md, "Accounts and roles").
"""

from __future__ import annotations

from workshop.auth.models import ALL_ROUNDS_ROLES, STAFF_ROLES, Role
from workshop.errors import NotFound, PermissionDenied
from workshop.extensions import db


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in STAFF_ROLES


def is_host(user, review_round) -> bool:
    """The owner or a co-host of the round."""
    return review_round.owner_id == user.id or any(c.id == user.id for c in review_round.cohosts)


def can_run_round(user, review_round) -> bool:
    """Whether ``user`` may manage, run the sessions of and export ``review_round``."""
    if not is_staff(user):
        return False
    if user.role in ALL_ROUNDS_ROLES or review_round.owner_id is None:
        return True
    return is_host(user, review_round)


def can_manage_hosts(user, review_round) -> bool:
    """Admins and the round's owner add and remove its co-hosts."""
    if not is_staff(user):
        return False
    return user.role == Role.ADMIN or review_round.owner_id == user.id


def require_round(user, review_round) -> None:
    if not can_run_round(user, review_round):
        raise PermissionDenied("Only the round's hosts, the council and admins may do this.")


def _get(model, item_id):
    item = db.session.get(model, item_id)
    if item is None:
        raise NotFound(f"{model.__name__} {item_id} does not exist.")
    return item


def round_of(**view_args):
    """The round a route's arguments point at (round, session, group, question, proposal,
    comment), or None when they name none."""
    from workshop.proposals.models import Comment, Proposal
    from workshop.review.models import Question, ReviewRound, StakeholderGroup, WorkshopSession

    if "round_id" in view_args:
        return _get(ReviewRound, view_args["round_id"])
    if "session_id" in view_args:
        return _get(WorkshopSession, view_args["session_id"]).review_round
    if "group_id" in view_args:
        return _get(StakeholderGroup, view_args["group_id"]).review_round
    if "question_id" in view_args:
        return _get(Question, view_args["question_id"]).review_round
    if "proposal_id" in view_args:
        return _get(Proposal, view_args["proposal_id"]).review_round
    if "comment_id" in view_args:
        return _get(Comment, view_args["comment_id"]).proposal.review_round
    return None
