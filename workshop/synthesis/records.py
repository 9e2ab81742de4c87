"""What the council writes in a round's synthesis: an assessment per focus area and a summary
of the round, each kept as a chain of versions (who wrote it, when), never overwritten."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow

# The ``scope`` of the round's summary text; every other scope is a focus area's key.
ROUND_SUMMARY = ""


class SynthesisText(db.Model):
    """One saved version of an assessment (``scope`` a focus area key) or of the round's
    summary (``scope`` ROUND_SUMMARY). The newest version of a scope is its current text."""

    __tablename__ = "synthesis_text"
    __table_args__ = (Index("ix_synthesis_text_scope", "round_id", "scope", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_round.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    # True while the text is the built-in draft saved unchanged: it is still shown as a draft.
    is_draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A staff account; SET NULL when the account is deleted (the version stays, unattributed).
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User")
