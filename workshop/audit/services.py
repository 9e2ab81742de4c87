"""Recording and reading audit events (the service layer: flush, never commit)."""

from __future__ import annotations

from sqlalchemy import select

from workshop.audit.models import AuditEvent
from workshop.extensions import db

MAX_DETAIL_LENGTH = 500


def record(action: str, *, actor=None, subject: str = "", **details) -> AuditEvent:
    """Add an audit event in the current transaction: it is kept only if the action is.

    ``actor`` is a facilitator's account or None; ``details`` are plain values (strings are cut
    to ``MAX_DETAIL_LENGTH``). Callers pass ids, never names or e-mail addresses of participants.
    """
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        subject=subject,
        details={
            key: value[:MAX_DETAIL_LENGTH] if isinstance(value, str) else value
            for key, value in details.items()
        },
    )
    db.session.add(event)
    db.session.flush()
    return event


def recent(limit: int = 200, action: str | None = None) -> list[AuditEvent]:
    """The newest events first, optionally of one action."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


PAGE_SIZE = 50


def _filtered(action: str | None):
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    return query


def page_of_events(action: str | None, page: int, size: int = PAGE_SIZE):
    """One page of events (newest first) and whether an older page follows."""
    page = max(page, 1)
    query = (
        _filtered(action)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * size)
        .limit(size + 1)
    )
    events = list(db.session.scalars(query))
    return events[:size], len(events) > size


def all_events(action: str | None = None):
    """Every event (newest first), streamed for the export."""
    query = _filtered(action).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return db.session.scalars(query.execution_options(yield_per=500))


def known_actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )
