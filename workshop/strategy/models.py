"""A strategy and its versions: themes, focus areas, challenges, solutions, measures, indicators."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models import Translatable, UTCDateTime, utcnow


class VersionStatus(StrEnum):
    """Where a version stands: one current version per strategy, drafts before, archive after."""

    DRAFT = "draft"
    CURRENT = "current"
    ARCHIVED = "archived"


class Strategy(Translatable, db.Model):
    """A region's smart specialisation strategy; its content lives in versions."""

    __tablename__ = "strategy"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    region: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(50), default="")
    vision: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="fi")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[StrategyVersion]] = relationship(
        back_populates="strategy", order_by="StrategyVersion.number", cascade="all, delete-orphan"
    )


class StrategyVersion(db.Model):
    """One numbered version of a strategy's content."""

    __tablename__ = "strategy_version"
    __table_args__ = (
        UniqueConstraint("strategy_id", "number"),
        # At most one current version per strategy, even when two publications race.
        Index(
            "uq_strategy_version_one_current",
            "strategy_id",
            unique=True,
            sqlite_where=text("status = 'current'"),
            postgresql_where=text("status = 'current'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=VersionStatus.DRAFT)
    label: Mapped[str] = mapped_column(String(200), default="")
    based_on_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategy_version.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    strategy: Mapped[Strategy] = relationship(back_populates="versions")
    based_on: Mapped[StrategyVersion | None] = relationship(remote_side=[id])
    sections: Mapped[list[Section]] = relationship(
        back_populates="version", order_by="Section.position", cascade="all, delete-orphan"
    )
    themes: Mapped[list[Theme]] = relationship(
        back_populates="version", order_by="Theme.position", cascade="all, delete-orphan"
    )
    measures: Mapped[list[Measure]] = relationship(
        back_populates="version", order_by="Measure.position", cascade="all, delete-orphan"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="version", order_by="Indicator.position", cascade="all, delete-orphan"
    )

    @property
    def language(self) -> str:
        return self.strategy.language

    @property
    def focus_areas(self) -> list[FocusArea]:
        return [area for theme in self.themes for area in theme.focus_areas]


class _VersionElement(Translatable):
    """Columns every element of a version has: a key stable across versions and a position."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Section(_VersionElement, db.Model):
    """A narrative chapter of the strategy that is not a theme (introduction, monitoring)."""

    __tablename__ = "strategy_section"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    version_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_version.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[StrategyVersion] = relationship(back_populates="sections")

    @property
    def language(self) -> str:
        return self.version.language


class Theme(_VersionElement, db.Model):
    """A priority (painopiste) grouping focus areas."""

    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    version_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_version.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list] = mapped_column(JSON, default=list)

    version: Mapped[StrategyVersion] = relationship(back_populates="themes")
    # Loaded with the themes in one query, and the areas' sub-themes in one more: nearly every
    # use of a theme lists its focus areas (a participant's sync took one query per area).
    focus_areas: Mapped[list[FocusArea]] = relationship(
        back_populates="theme",
        order_by="FocusArea.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def language(self) -> str:
        return self.version.language


class FocusArea(_VersionElement, db.Model):
    """A focus area (painopisteala) with its sub-themes and its challenges or actions."""

    __tablename__ = "focus_area"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    version_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_version.id", ondelete="CASCADE"), index=True
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list] = mapped_column(JSON, default=list)

    theme: Mapped[Theme] = relationship(back_populates="focus_areas")
    version: Mapped[StrategyVersion] = relationship()
    sub_themes: Mapped[list[SubTheme]] = relationship(
        back_populates="focus_area",
        order_by="SubTheme.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    challenges: Mapped[list[Challenge]] = relationship(
        back_populates="focus_area", order_by="Challenge.position", cascade="all, delete-orphan"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="focus_area", order_by="Action.position", cascade="all, delete-orphan"
    )

    @property
    def language(self) -> str:
        return self.theme.language


class SubTheme(Translatable, db.Model):
    """A sub-theme naming what a focus area covers."""

    __tablename__ = "sub_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    focus_area_id: Mapped[int] = mapped_column(
        ForeignKey("focus_area.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))

    focus_area: Mapped[FocusArea] = relationship(back_populates="sub_themes")

    @property
    def language(self) -> str:
        return self.focus_area.language


class Challenge(_VersionElement, db.Model):
    """A challenge (haaste) of a focus area, answered by its solutions."""

    __tablename__ = "challenge"
    __table_args__ = (UniqueConstraint("focus_area_id", "key"),)

    focus_area_id: Mapped[int] = mapped_column(
        ForeignKey("focus_area.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(Text)

    focus_area: Mapped[FocusArea] = relationship(back_populates="challenges")
    solutions: Mapped[list[Solution]] = relationship(
        back_populates="challenge", order_by="Solution.position", cascade="all, delete-orphan"
    )

    @property
    def language(self) -> str:
        return self.focus_area.language


class Solution(_VersionElement, db.Model):
    """A solution (ratkaisu) to a challenge."""

    __tablename__ = "solution"
    __table_args__ = (UniqueConstraint("challenge_id", "key"),)

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenge.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)

    challenge: Mapped[Challenge] = relationship(back_populates="solutions")

    @property
    def language(self) -> str:
        return self.challenge.language


class Action(_VersionElement, db.Model):
    """An action of a focus area that the strategy lists without challenges."""

    __tablename__ = "focus_area_action"
    __table_args__ = (UniqueConstraint("focus_area_id", "key"),)

    focus_area_id: Mapped[int] = mapped_column(
        ForeignKey("focus_area.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)

    focus_area: Mapped[FocusArea] = relationship(back_populates="actions")

    @property
    def language(self) -> str:
        return self.focus_area.language


class Measure(_VersionElement, db.Model):
    """A cross-cutting measure for spreading innovation."""

    __tablename__ = "measure"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    version_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_version.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)

    version: Mapped[StrategyVersion] = relationship(back_populates="measures")

    @property
    def language(self) -> str:
        return self.version.language


class Indicator(_VersionElement, db.Model):
    """A monitoring indicator with its baseline and its numeric or qualitative target."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    version_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_version.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str] = mapped_column(String(50), default="")
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_text: Mapped[str] = mapped_column(String(200), default="")
    target_year: Mapped[int | None] = mapped_column(Integer)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_text: Mapped[str] = mapped_column(String(500), default="")
    sources: Mapped[list] = mapped_column(JSON, default=list)

    version: Mapped[StrategyVersion] = relationship(back_populates="indicators")

    @property
    def language(self) -> str:
        return self.version.language

    @property
    def has_numeric_target(self) -> bool:
        return self.target_value is not None
