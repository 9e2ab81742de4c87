"""A participant's conversation with the assistant: its state and its messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow


class Conversation(db.Model):
    """Where a participant's dialogue stands (plain data, see ``dialogue.State``)."""

    __tablename__ = "assistant_conversation"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Message(db.Model):
    """One message of the chat, from the participant ("user") or the assistant."""

    __tablename__ = "assistant_message"
    __table_args__ = (Index("ix_assistant_message_participant", "participant_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    # Quick replies, quoted elements and the detected intent, as the client shows them.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
