"""Audit events: one row per action, kept apart from the data it concerns."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """An action and its actor: a facilitator's account, or none (a participant, the system).

    ``subject`` names what it concerns by kind and id ("participant:41", "round:3"), never by
    a person's name; ``details`` holds plain, non-personal facts (a reason, a count, an outcome).
    The row outlives its actor's account (``actor_id`` is set to null), so that the record of a
    decision stays when the person leaves.
    """

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(60), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(String(120), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User")
