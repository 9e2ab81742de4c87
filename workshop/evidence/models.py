"""Indicator values by year, the projects funded from the structural funds, and the files
they were imported from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from workshop.extensions import db
from workshop.models import UTCDateTime, utcnow


class IndicatorValue(db.Model):
    """One year's value of an indicator.

    Keyed by the indicator's stable key and the strategy, not by a version's indicator row, so
    the values stay when a new version of the strategy is published.
    """

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("strategy_id", "indicator_key", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    indicator_key: Mapped[str] = mapped_column(String(120))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FundedProject(db.Model):
    """A project from the structural-fund project database, with the focus areas it serves.

    Sums are whole cents, so both databases add them up exactly.
    """

    __tablename__ = "funded_project"
    __table_args__ = (UniqueConstraint("strategy_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(500))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    programme: Mapped[str] = mapped_column(String(200), default="")
    eu_funding_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    national_funding_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    total_cost_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    municipality: Mapped[str] = mapped_column(String(120), default="")
    focus_area_keys: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def public_funding_cents(self) -> int:
        """EU and national funding together: what the aggregates call funding."""
        return self.eu_funding_cents + self.national_funding_cents


class EvidenceImport(db.Model):
    """A file imported into the evidence: what it held, its name, when, and whether it was the
    demo's example data, so a reader of the Word draft knows where the figures come from."""

    __tablename__ = "evidence_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    # "indicators" or "funding" (``ImportKind``).
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    example: Mapped[bool] = mapped_column(Boolean, default=False)
