"""Structural-fund statistics: funding and project counts by focus area, theme, year, programme.

Funding means public funding, EU and national together. A project serving several focus areas
counts as a project in each, and its sums are split equally between them, so that the sums
over focus areas (and themes) add up to the sums of all projects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from workshop.config import DEFAULT_LOCALE
from workshop.evidence.models import FundedProject
from workshop.evidence.status import Judgement, Target, judge
from workshop.extensions import db
from workshop.strategy.models import Strategy
from workshop.strategy.services import current_version

UNASSIGNED = ""


@dataclass
class FundingLine:
    """One line of a funding table: a focus area, theme, year or programme."""

    key: str | int | None
    label: str
    projects: int = 0
    eu_cents: int = 0
    national_cents: int = 0
    total_cost_cents: int = 0
    project_codes: set[str] = field(default_factory=set, repr=False)

    @property
    def funding_cents(self) -> int:
        return self.eu_cents + self.national_cents

    def add(self, project: FundedProject, parts: int = 1, first: bool = True) -> None:
        """Add ``project``'s share when its sums are split into ``parts`` (remainder to first)."""
        if project.code not in self.project_codes:
            self.project_codes.add(project.code)
            self.projects += 1
        self.eu_cents += _share(project.eu_funding_cents, parts, first)
        self.national_cents += _share(project.national_funding_cents, parts, first)
        self.total_cost_cents += _share(project.total_cost_cents, parts, first)


def _share(cents: int, parts: int, first: bool) -> int:
    return cents // parts + (cents % parts if first else 0)


def projects_of(strategy: Strategy) -> list[FundedProject]:
    """Every funded project of ``strategy``, by code."""
    return list(
        db.session.scalars(
            select(FundedProject)
            .where(FundedProject.strategy_id == strategy.id)
            .order_by(FundedProject.code)
        )
    )


def _focus_area_shares(projects: Iterable[FundedProject], known: set[str]):
    """(focus area key or UNASSIGNED, project, parts, first) for each share of each project."""
    for project in projects:
        keys = [key for key in project.focus_area_keys or [] if key in known] or [UNASSIGNED]
        for index, key in enumerate(keys):
            yield key, project, len(keys), index == 0


def _unassigned_label(locale: str | None) -> str:
    """The label of projects without a focus area, in ``locale`` (also outside requests)."""
    with force_locale(locale or DEFAULT_LOCALE):
        return _("No focus area given")


def by_focus_area(projects, focus_areas, locale: str | None = None) -> list[FundingLine]:
    """A line per focus area in the strategy's order, and one for projects without one."""
    lines = {area.key: FundingLine(area.key, area.tr("title", locale)) for area in focus_areas}
    unassigned = FundingLine(UNASSIGNED, _unassigned_label(locale))
    for key, project, parts, first in _focus_area_shares(projects, set(lines)):
        lines.get(key, unassigned).add(project, parts, first)
    return list(lines.values()) + ([unassigned] if unassigned.projects else [])


def by_theme(projects, themes, locale: str | None = None) -> list[FundingLine]:
    """A line per theme: its focus areas' shares, each project counted once."""
    theme_of = {area.key: theme.key for theme in themes for area in theme.focus_areas}
    lines = {theme.key: FundingLine(theme.key, theme.tr("title", locale)) for theme in themes}
    unassigned = FundingLine(UNASSIGNED, _unassigned_label(locale))
    for key, project, parts, first in _focus_area_shares(projects, set(theme_of)):
        line = lines[theme_of[key]] if key in theme_of else unassigned
        line.add(project, parts, first)
    return list(lines.values()) + ([unassigned] if unassigned.projects else [])


def _group(projects, key_of, label_of=str) -> list[FundingLine]:
    lines: dict = {}
    for project in projects:
        key = key_of(project)
        if key not in lines:
            lines[key] = FundingLine(key, label_of(key))
        lines[key].add(project)
    return list(lines.values())


def start_year(project: FundedProject) -> int | None:
    return project.start_date.year if project.start_date else None


def by_year(projects) -> list[FundingLine]:
    """A line per start year, oldest first; projects without a start date last."""
    lines = _group(projects, start_year, lambda year: str(year) if year else "–")
    return sorted(lines, key=lambda line: (line.key is None, line.key or 0))


def by_programme(projects) -> list[FundingLine]:
    """A line per funding programme, the largest funding first."""
    lines = _group(projects, lambda project: project.programme)
    return sorted(lines, key=lambda line: (-line.funding_cents, line.label))


@dataclass
class FollowUpRow:
    """The RDI follow-up of one focus area: public funding by start year, and its trend."""

    key: str
    label: str
    theme: str
    cents_by_year: dict[int, int]
    judgement: Judgement

    @property
    def total_cents(self) -> int:
        return sum(self.cents_by_year.values())


@dataclass
class FollowUp:
    """The follow-up of RDI funding by focus area that the strategy's indicator table asks for."""

    years: list[int]
    rows: list[FollowUpRow]
    totals_by_year: dict[int, int]


# Funding is followed up with the rule of the indicator's own target, "Tasainen kasvu".
STEADY_GROWTH = Target(target_text="steady growth")


def rdi_follow_up(projects, themes, locale: str | None = None) -> FollowUp:
    """Funding of every focus area by the year its projects started, judged for steady growth."""
    years = sorted({year for project in projects if (year := start_year(project))})
    cells: dict[str, dict[int, int]] = defaultdict(lambda: dict.fromkeys(years, 0))
    known = {area.key for theme in themes for area in theme.focus_areas}
    for key, project, parts, first in _focus_area_shares(projects, known):
        year = start_year(project)
        if year is not None and key != UNASSIGNED:
            cells[key][year] += _share(project.public_funding_cents, parts, first)
    rows = []
    for theme in themes:
        for area in theme.focus_areas:
            by_year_cents = cells[area.key]
            series = [(year, cents / 100) for year, cents in by_year_cents.items()]
            rows.append(
                FollowUpRow(
                    area.key,
                    area.tr("title", locale),
                    theme.tr("title", locale),
                    by_year_cents,
                    judge(STEADY_GROWTH, series),
                )
            )
    totals = {year: sum(row.cents_by_year[year] for row in rows) for year in years}
    return FollowUp(years, rows, totals)


# The functions other modules (the Word report) call ----------------------------------------


def funding_by_focus_area(strategy: Strategy, locale: str | None = None) -> list[FundingLine]:
    """Funding and project counts per focus area of ``strategy``'s current version."""
    version = current_version(strategy)
    return by_focus_area(projects_of(strategy), version.focus_areas, locale)


def funding_overview(strategy: Strategy, locale: str | None = None) -> dict:
    """Every aggregate at once, for the funding page and the report."""
    version = current_version(strategy)
    projects = projects_of(strategy)
    return {
        "projects": projects,
        "focus_areas": by_focus_area(projects, version.focus_areas, locale),
        "themes": by_theme(projects, version.themes, locale),
        "years": by_year(projects),
        "programmes": by_programme(projects),
        "follow_up": rdi_follow_up(projects, version.themes, locale),
        "total": _total(projects),
    }


def _total(projects) -> FundingLine:
    total = FundingLine(None, "")
    for project in projects:
        total.add(project)
    return total
