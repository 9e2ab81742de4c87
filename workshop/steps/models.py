"""Answers of the open-question, poll and prioritisation steps."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow
from workshop.review.models import AgendaStep, Participant


class ModerationStatus(StrEnum):
    """Text for the big screen waits for a facilitator; hidden text keeps its reason."""

    HELD = "held"
    APPROVED = "approved"
    HIDDEN = "hidden"


class OpenAnswer(db.Model):
    """A participant's short answer to an open question; several per participant."""

    __tablename__ = "open_answer"
    __table_args__ = (
        UniqueConstraint("participant_id", "client_id"),
        Index("ix_open_answer_step_status", "step_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("agenda_step.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_group.id", ondelete="RESTRICT"))
    # The id the client gave it: a resent answer is recognised and not stored twice.
    client_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    # The answer's words as lemmas without stop words, computed once when it is written,
    # so that the word cloud of hundreds of answers is a count, not a morphological analysis.
    lemmas: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default=ModerationStatus.HELD)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    moderated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    step: Mapped[AgendaStep] = relationship()
    participant: Mapped[Participant] = relationship()


class StepChoice(db.Model):
    """A participant's choice in a poll or prioritisation step; choosing again replaces it.

    ``choices`` is the ordered list of option keys (poll options or focus area keys): in a
    ranked prioritisation the first is the participant's first priority.
    """

    __tablename__ = "step_choice"
    __table_args__ = (UniqueConstraint("participant_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_step.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_group.id", ondelete="RESTRICT"))
    choices: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
