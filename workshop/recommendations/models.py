"""A recommendation of the European Commission, kept per strategy and linked to the rounds
whose review takes it into account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models import Translatable, UTCDateTime, utcnow

# The recommendations a round's review takes into account: the same recommendation stays in
# force over several years, so several rounds may link to it (docs/architecture.md).
round_recommendation = Table(
    "round_recommendation",
    db.metadata,
    Column("round_id", ForeignKey("review_round.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "recommendation_id",
        ForeignKey("recommendation.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Recommendation(Translatable, db.Model):
    """A recommendation in force from a year's country report, linked to focus areas (and
    optionally themes) by their keys, which stay the same across strategy versions."""

    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    # In the strategy's language; the English text is in ``translations``.
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500), default="")
    focus_area_keys: Mapped[list] = mapped_column(JSON, default=list)
    theme_keys: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    strategy = relationship("Strategy")
    rounds = relationship(
        "ReviewRound", secondary=round_recommendation, order_by="ReviewRound.year"
    )

    @property
    def language(self) -> str:
        return self.strategy.language
