"""Reading indicator values and funded projects from CSV files, every problem reported.

The reading of the table (dialects, encodings, the problems of a file) is `workshop.tabular`'s,
shared with the stakeholder register's import; this module knows the evidence's columns and
values. docs/evidence-csv.md is the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from workshop.tabular import (
    MAX_ROWS,
    Column,
    RowReader,
    TableImportError,
    TableProblem,
    add_problem_messages,
    columns,
    decode,
    normalise_header,
    normalise_name,
    parse_date,
    parse_decimal,
    read_table,
    sniff_delimiter,
)
from workshop.text import clean_text

# The evidence's names of the shared reader's types, which its callers and tests use.
CsvProblem = TableProblem
CsvImportError = TableImportError

__all__ = [
    "MAX_ROWS",
    "Column",
    "CsvImportError",
    "CsvProblem",
    "RowReader",
    "decode",
    "normalise_header",
    "normalise_name",
    "parse_date",
    "parse_decimal",
    "parse_indicator_values",
    "parse_projects",
    "read_table",
    "sniff_delimiter",
]

FOCUS_AREA_SEPARATORS = re.compile(r"[|\n]")

add_problem_messages(
    {
        "end_before_start": lambda p: _("The end date is before the start date."),
        "unknown_indicator": lambda p: _("No indicator of the strategy is called %(value)s", **p),
        "unknown_focus_area": lambda p: _("No focus area of the strategy is called %(value)s", **p),
        "duplicate_value": lambda p: _(
            "The same indicator and year are already on line %(other)s.", **p
        ),
        "duplicate_project": lambda p: _(
            "The same project code is already on line %(other)s.", **p
        ),
    }
)

INDICATOR_COLUMNS = columns(
    ("indicator", True, ["indicator", "indikaattori", "key", "indicator key", "mittari"]),
    ("year", True, ["year", "vuosi"]),
    ("value", True, ["value", "arvo"]),
    ("source", False, ["source", "lähde", "lahde"]),
)

PROJECT_COLUMNS = columns(
    ("code", True, ["project code", "hankekoodi", "code", "projektikoodi", "hanketunnus"]),
    ("name", True, ["project name", "hankkeen nimi", "name", "nimi", "projektin nimi"]),
    ("organisation", False, ["organisation", "toteuttaja", "organization", "organisaatio"]),
    ("programme", True, ["funding programme", "rahoitusohjelma", "programme", "program"]),
    ("eu_funding", True, ["eu funding", "eu-rahoitus", "eu rahoitus", "eu-tuki"]),
    ("national_funding", True, ["national funding", "kansallinen rahoitus", "valtion rahoitus"]),
    ("total_cost", False, ["total cost", "kokonaiskustannukset", "total costs"]),
    ("start", False, ["start date", "alkupäivä", "start", "aloituspäivä"]),
    ("end", False, ["end date", "loppupäivä", "end", "päättymispäivä"]),
    ("municipality", False, ["municipality", "kunta", "sijaintikunta"]),
    ("focus_areas", True, ["focus areas", "painopistealat", "focus area", "painopisteala"]),
)


# Indicator values -------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorValueRow:
    """One year's value of an indicator, read from a file."""

    line: int
    indicator_key: str
    year: int
    value: float
    source: str


def indicator_lookup(indicators) -> dict[str, str]:
    """Indicator keys by every name they go by: key, name, and translated names."""
    lookup: dict[str, str] = {}
    for indicator in indicators:
        names = [indicator.key, indicator.name]
        names += [tr.get("name", "") for tr in (indicator.translations or {}).values()]
        for name in names:
            if name:
                lookup.setdefault(normalise_name(name), indicator.key)
    return lookup


def parse_indicator_values(data: bytes, indicators) -> list[IndicatorValueRow]:
    """The rows of an indicator value file, or CsvImportError with every problem."""
    table = read_table(data, INDICATOR_COLUMNS)
    lookup = indicator_lookup(indicators)
    problems = table.problems
    rows: list[IndicatorValueRow] = []
    seen: dict[tuple[str, int], int] = {}
    for line, raw in table.rows:
        reader = RowReader(line, raw, table.headers, problems)
        name = reader.text("indicator", 500, required=True)
        key = lookup.get(normalise_name(name)) if name else None
        if name and key is None:
            reader.problem("indicator", "unknown_indicator", value=name)
        year = reader.year("year")
        value = reader.number("value")
        source = reader.text("source", 300) or ""
        if key is None or year is None or value is None:
            continue
        if (key, year) in seen:
            reader.problem("year", "duplicate_value", other=seen[key, year])
            continue
        seen[key, year] = line
        rows.append(IndicatorValueRow(line, key, year, float(value), source))
    if problems:
        raise CsvImportError(sorted(problems, key=lambda problem: problem.line))
    return rows


# Funded projects --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectRow:
    """A funded project read from a structural-fund database export."""

    line: int
    code: str
    name: str
    organisation: str
    programme: str
    eu_funding_cents: int
    national_funding_cents: int
    total_cost_cents: int
    start_date: date | None
    end_date: date | None
    municipality: str
    focus_area_keys: tuple[str, ...]


def focus_area_lookup(focus_areas) -> dict[str, str]:
    """Focus area keys by every name they go by: key, title, translated titles, aliases."""
    lookup: dict[str, str] = {}
    for area in focus_areas:
        names = [area.key, area.title, *(area.aliases or [])]
        names += [tr.get("title", "") for tr in (area.translations or {}).values()]
        for name in names:
            if name:
                lookup.setdefault(normalise_name(name), area.key)
    return lookup


def _focus_areas(reader: RowReader, lookup: dict[str, str]) -> tuple[str, ...] | None:
    keys: list[str] = []
    bad = False
    for part in FOCUS_AREA_SEPARATORS.split(reader.row.get("focus_areas", "")):
        name = clean_text(part, multiline=False)
        if not name:
            continue
        key = lookup.get(normalise_name(name))
        if key is None:
            reader.problem("focus_areas", "unknown_focus_area", value=name)
            bad = True
        elif key not in keys:
            keys.append(key)
    return None if bad else tuple(keys)


def _project(reader: RowReader, lookup: dict[str, str]) -> ProjectRow | None:
    fields = {
        "code": reader.text("code", 60, required=True),
        "name": reader.text("name", 500, required=True),
        "organisation": reader.text("organisation", 300),
        "programme": reader.text("programme", 200, required=True),
        "eu_funding_cents": reader.cents("eu_funding"),
        "national_funding_cents": reader.cents("national_funding"),
        "total_cost_cents": reader.cents("total_cost", required=False),
        "start_date": reader.date("start"),
        "end_date": reader.date("end"),
        "municipality": reader.text("municipality", 120),
        "focus_area_keys": _focus_areas(reader, lookup),
    }
    start, end = fields["start_date"], fields["end_date"]
    if start and end and end < start:
        reader.problem("end", "end_before_start")
        return None
    optional = {"total_cost_cents", "start_date", "end_date"}
    if any(value is None for name, value in fields.items() if name not in optional):
        return None
    if fields["total_cost_cents"] is None:
        # An export without total costs: the public funding is all that is known.
        fields["total_cost_cents"] = fields["eu_funding_cents"] + fields["national_funding_cents"]
    return ProjectRow(line=reader.line, **fields)


def parse_projects(data: bytes, focus_areas) -> list[ProjectRow]:
    """The projects of a structural-fund database export, or CsvImportError with every problem."""
    table = read_table(data, PROJECT_COLUMNS)
    lookup = focus_area_lookup(focus_areas)
    problems = table.problems
    rows: list[ProjectRow] = []
    seen: dict[str, int] = {}
    for line, raw in table.rows:
        reader = RowReader(line, raw, table.headers, problems)
        project = _project(reader, lookup)
        if project is None:
            continue
        if project.code.casefold() in seen:
            reader.problem("code", "duplicate_project", other=seen[project.code.casefold()])
            continue
        seen[project.code.casefold()] = line
        rows.append(project)
    if problems:
        raise CsvImportError(sorted(problems, key=lambda problem: problem.line))
    return rows
