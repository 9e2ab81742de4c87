"""Keeping indicator values and funded projects: entry, import, and the rows others show."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from workshop.errors import NotFound
from workshop.evidence import csvimport
from workshop.evidence.examples import is_example_file
from workshop.evidence.models import EvidenceImport, FundedProject, IndicatorValue
from workshop.evidence.status import Judgement, Target, judge
from workshop.extensions import db
from workshop.numbers import format_number
from workshop.strategy.models import Indicator, Strategy, StrategyVersion, VersionStatus
from workshop.strategy.services import current_version
from workshop.tabular import ImportSummary
from workshop.text import clean_text

FILE_NAME_LENGTH = 255


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator with its values and status, in one language, for pages and the report."""

    indicator: Indicator
    name: str
    unit: str
    baseline_text: str
    target_text: str
    series: list[tuple[int, float]]
    judgement: Judgement

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def baseline_year(self) -> int | None:
        return self.indicator.baseline_year

    @property
    def baseline_value(self) -> float | None:
        return self.indicator.baseline_value

    @property
    def target_year(self) -> int | None:
        return self.indicator.target_year

    @property
    def target_value(self) -> float | None:
        return self.indicator.target_value

    @property
    def latest_year(self) -> int | None:
        return self.judgement.latest_year

    @property
    def latest_value(self) -> float | None:
        return self.judgement.latest_value

    @property
    def status(self) -> str:
        return self.judgement.status


def format_value(value: float | None, locale: str | None) -> str:
    """A value as people write it in ``locale`` (`23 153`, `24,2`), or a dash."""
    if value is None:
        return "–"
    return format_number(value, "#,##0.##", locale)


def format_euros(cents: int, locale: str | None) -> str:
    """Whole euros with the locale's grouping: `1 234 567 €`."""
    return format_number(round(cents / 100), "#,##0", locale) + "\u00a0€"


def format_million_euros(cents: int, locale: str | None) -> str:
    """Millions of euros with one decimal: `1,2 M€`."""
    millions = format_number(cents / 100_000_000, "#,##0.0", locale)
    return f"{millions}\u00a0M€"


def target_of(indicator: Indicator) -> Target:
    """The indicator's baseline and target, for the status rules."""
    return Target(
        indicator.baseline_year,
        indicator.baseline_value,
        indicator.target_year,
        indicator.target_value,
        indicator.target_text,
    )


def evidence_stamp(strategy: Strategy) -> tuple:
    """Changes whenever the evidence shown for ``strategy`` may have changed (three cheap
    queries): the current version, and the count and latest change of values and projects."""
    stamp: list = [
        db.session.scalar(
            select(StrategyVersion.id).where(
                StrategyVersion.strategy_id == strategy.id,
                StrategyVersion.status == VersionStatus.CURRENT,
            )
        )
    ]
    for model in (IndicatorValue, FundedProject):
        stamp += db.session.execute(
            select(func.count(model.id), func.max(model.updated_at)).where(
                model.strategy_id == strategy.id
            )
        ).one()
    return tuple(stamp)


# Indicator values -------------------------------------------------------------------------


def indicator_values(strategy: Strategy) -> dict[str, list[IndicatorValue]]:
    """Every stored value of ``strategy`` by indicator key, in year order."""
    values: dict[str, list[IndicatorValue]] = {}
    rows = db.session.scalars(
        select(IndicatorValue)
        .where(IndicatorValue.strategy_id == strategy.id)
        .order_by(IndicatorValue.indicator_key, IndicatorValue.year)
    )
    for row in rows:
        values.setdefault(row.indicator_key, []).append(row)
    return values


def indicator_row(indicator: Indicator, values: list[IndicatorValue], locale) -> IndicatorRow:
    series = [(value.year, value.value) for value in values]
    return IndicatorRow(
        indicator=indicator,
        name=indicator.tr("name", locale),
        unit=indicator.tr("unit", locale),
        baseline_text=indicator.tr("baseline_text", locale),
        target_text=indicator.tr("target_text", locale),
        series=series,
        judgement=judge(target_of(indicator), series),
    )


def indicator_rows(strategy: Strategy, locale: str | None = None) -> list[IndicatorRow]:
    """Every indicator of the current version with its values, latest value and status."""
    version = current_version(strategy)
    values = indicator_values(strategy)
    return [
        indicator_row(indicator, values.get(indicator.key, []), locale)
        for indicator in version.indicators
    ]


def get_indicator(strategy: Strategy, key: str) -> Indicator:
    """The indicator with ``key`` in the current version."""
    for indicator in current_version(strategy).indicators:
        if indicator.key == key:
            return indicator
    raise NotFound(f"No indicator {key!r}.")


def _stored_value(strategy: Strategy, key: str, year: int) -> IndicatorValue | None:
    return db.session.scalar(
        select(IndicatorValue).where(
            IndicatorValue.strategy_id == strategy.id,
            IndicatorValue.indicator_key == key,
            IndicatorValue.year == year,
        )
    )


def set_indicator_value(
    strategy: Strategy, key: str, year: int, value: float, source: str = ""
) -> IndicatorValue:
    """Store ``value`` as the indicator's value for ``year``, replacing one stored before."""
    get_indicator(strategy, key)
    stored = _stored_value(strategy, key, year)
    if stored is None:
        stored = IndicatorValue(strategy_id=strategy.id, indicator_key=key, year=year)
        db.session.add(stored)
    stored.value = value
    stored.source = source
    db.session.flush()
    return stored


def delete_indicator_value(strategy: Strategy, key: str, year: int) -> None:
    """Remove the indicator's value for ``year``."""
    stored = _stored_value(strategy, key, year)
    if stored is None:
        raise NotFound(f"No value of {key!r} for {year}.")
    db.session.delete(stored)
    db.session.flush()


def import_indicator_values(strategy: Strategy, data: bytes, file_name: str = "") -> ImportSummary:
    """Import an indicator value file: all of it, or (CsvImportError) nothing, and record the
    import under ``file_name``.

    A value for an indicator and year already stored is updated, so importing again doubles
    nothing.
    """
    rows = csvimport.parse_indicator_values(data, current_version(strategy).indicators)
    stored = {
        (value.indicator_key, value.year): value
        for values in indicator_values(strategy).values()
        for value in values
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        existing = stored.get((row.indicator_key, row.year))
        if existing is None:
            db.session.add(
                IndicatorValue(
                    strategy_id=strategy.id,
                    indicator_key=row.indicator_key,
                    year=row.year,
                    value=row.value,
                    source=row.source,
                )
            )
            counts["created"] += 1
        elif (existing.value, existing.source) == (row.value, row.source):
            counts["unchanged"] += 1
        else:
            existing.value, existing.source = row.value, row.source
            counts["updated"] += 1
    _record_import(strategy, "indicators", data, file_name, len(rows))
    return ImportSummary(**counts)


# Funded projects --------------------------------------------------------------------------

PROJECT_FIELDS = (
    "name",
    "organisation",
    "programme",
    "eu_funding_cents",
    "national_funding_cents",
    "total_cost_cents",
    "start_date",
    "end_date",
    "municipality",
)


def import_projects(strategy: Strategy, data: bytes, file_name: str = "") -> ImportSummary:
    """Import a structural-fund database export: all of it, or (CsvImportError) nothing, and
    record the import under ``file_name``.

    Projects are recognised by their code: one imported again is updated, not doubled.
    """
    rows = csvimport.parse_projects(data, current_version(strategy).focus_areas)
    stored = {
        project.code.casefold(): project
        for project in db.session.scalars(
            select(FundedProject).where(FundedProject.strategy_id == strategy.id)
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        fields = {name: getattr(row, name) for name in PROJECT_FIELDS}
        fields["focus_area_keys"] = list(row.focus_area_keys)
        project = stored.get(row.code.casefold())
        if project is None:
            db.session.add(FundedProject(strategy_id=strategy.id, code=row.code, **fields))
            counts["created"] += 1
        elif all(getattr(project, name) == value for name, value in fields.items()):
            counts["unchanged"] += 1
        else:
            for name, value in fields.items():
                setattr(project, name, value)
            counts["updated"] += 1
    _record_import(strategy, "funding", data, file_name, len(rows))
    return ImportSummary(**counts)


# Import records ---------------------------------------------------------------------------


def clean_file_name(name: str | None) -> str:
    """The last part of an uploaded file's name, as safe text of a bounded length (a browser
    may send a path, and a client anything)."""
    text = clean_text(name or "", multiline=False).replace("\\", "/").rsplit("/", 1)[-1]
    return text.strip()[:FILE_NAME_LENGTH]


def _record_import(strategy: Strategy, kind: str, data: bytes, file_name: str, rows: int) -> None:
    db.session.add(
        EvidenceImport(
            strategy_id=strategy.id,
            kind=kind,
            file_name=clean_file_name(file_name),
            row_count=rows,
            example=is_example_file(kind, data),
        )
    )
    db.session.flush()


def imports_of(strategy: Strategy, kind: str) -> list[EvidenceImport]:
    """The files of ``kind`` ("indicators" or "funding") imported for ``strategy``, each name
    once with its latest import, newest first."""
    records = db.session.scalars(
        select(EvidenceImport)
        .where(EvidenceImport.strategy_id == strategy.id, EvidenceImport.kind == kind)
        .order_by(EvidenceImport.imported_at.desc(), EvidenceImport.id.desc())
    )
    latest: dict[str, EvidenceImport] = {}
    for record in records:
        latest.setdefault(record.file_name, record)
    return list(latest.values())


IMPORTERS = {"indicators": import_indicator_values, "funding": import_projects}


def import_file(
    kind: str, strategy_id: int, data: bytes, file_name: str = ""
) -> tuple[str, object]:
    """Import an uploaded file of ``kind`` (``indicators`` or ``funding``) and commit it: the
    job the upload page runs in a worker process (``workshop.offload``).

    Returns ``("imported", ImportSummary)``, ``("problems", [CsvProblem, ...])`` (nothing was
    imported) or ``("conflict", None)`` when another import of the same rows committed first.
    """
    strategy = db.session.get(Strategy, strategy_id)
    try:
        summary = IMPORTERS[kind](strategy, data, file_name=file_name)
        db.session.commit()
    except csvimport.CsvImportError as error:
        db.session.rollback()
        return "problems", error.problems
    except IntegrityError:
        db.session.rollback()
        return "conflict", None
    return "imported", summary
