"""The API's answers built from the app's own domain objects and services."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from workshop.exports.participation import round_participation
from workshop.proposals import services as proposal_services
from workshop.proposals.export import group_key, group_labels, proposal_row
from workshop.proposals.models import ProposalStatus
from workshop.review.payloads import iso, step_title
from workshop.review.services import step_focus_areas


def round_summary(review_round) -> dict:
    return {
        "id": review_round.id,
        "title": review_round.title,
        "year": review_round.year,
        "status": review_round.status,
        "strategy_version": review_round.strategy_version.number,
    }


def session_summary(session) -> dict:
    return {
        "id": session.id,
        "round_id": session.round_id,
        "title": session.title,
        "location": session.location,
        "status": session.status,
        "online": session.online,
        "starts_at": iso(session.starts_at),
        "closed_at": iso(session.closed_at),
        "open_step_id": session.open_step.id if session.open_step else None,
    }


def step_item(step, locale: str) -> dict:
    return {
        "id": step.id,
        "position": step.position,
        "kind": step.kind,
        "title": step_title(step, locale),
        "status": step.status,
        "results_visible": step.results_visible,
        "results_mode": step.results_mode,
        "results_shown": step.results_shown,
        "timer_ends_at": iso(step.timer_ends_at),
        "focus_areas": [area.key for area in step_focus_areas(step)],
        "config": step.config or {},
    }


def questions(review_round, locale: str) -> list[dict]:
    return [
        {"key": q.key, "text": q.tr("text", locale), "min": q.scale_min, "max": q.scale_max}
        for q in review_round.questions
    ]


def groups(review_round, locale: str) -> list[dict]:
    return [{"key": g.key, "name": g.tr("name", locale)} for g in review_round.groups]


def reason_item(item) -> dict:
    """A reason with its score and group label, without its session or its time: the label
    obeys the split of the query's scope (round or session), and naming a session beside a
    round-wide label could single out a group's one person in that session; a time of
    writing names the session as well (docs/security.md, "What the API and the exports
    leave out")."""
    return {
        "id": item.id,
        "text": item.text,
        "value": item.value,
        "focus_area": item.focus_area,
        "question": item.question,
        "group": item.group,
    }


def _decision(row: dict) -> dict | None:
    """The council's decision, without who decided (a person's name: the exports leave it
    out too)."""
    if not row["decision"]:
        return None
    return {
        "outcome": row["decision"],
        "wording": row["council_wording"],
        "reason": row["reason"],
        "decided_at": iso(row["decided_at"]),
    }


def proposal_items(review_round) -> list[dict]:
    """Every proposal of the round as the proposals export builds it, with null for nothing
    and keys for groups; a hidden proposal's texts are left out (its reason says why), and
    so is its time (with the session and the group it narrows the proposer down)."""
    counts = proposal_services.tallies(review_round)
    labels = group_labels(review_round)
    with force_locale(review_round.strategy_version.language or "fi"):
        other_groups = _("Other groups")
    items = []
    for proposal in proposal_services.list_proposals(review_round):
        row = proposal_row(proposal, counts[proposal.id], labels)
        hidden = proposal.status == ProposalStatus.HIDDEN
        items.append(
            {
                "id": proposal.id,
                "session_id": proposal.session_id,
                "session": row["session"] or None,
                "kind": row["kind"],
                "target": row["target"],
                "target_element": row["target_element"],
                "focus_area": row["focus_area"] or None,
                "text": None if hidden else row["text"],
                "original_text": None if hidden else (row["original_text"] or None),
                "rationale": None if hidden else (row["rationale"] or None),
                "target_value": row["target_value"],
                "group": group_key(proposal, labels, other_groups),
                "supports": row["supports"],
                "opposes": row["opposes"],
                "status": row["status"],
                "merged_into": row["merged_into"],
                "hidden_reason": row["hidden_reason"] or None,
                "decision": _decision(row),
            }
        )
    return items


def participation(review_round) -> dict:
    """Who joined: each session's total, and by group only round-wide with small groups
    merged (``exports.participation``, the exports' rule: docs/security.md, "Counts of
    participants by group")."""
    counts = round_participation(review_round)
    return {
        "min_group_size": counts.min_group_size,
        "round": counts.round,
        "sessions": [
            {"session_id": session.id, "title": session.title, "total": total}
            for session, total in counts.sessions
        ],
    }
