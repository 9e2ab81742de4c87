"""Reading indicator values and funded projects from CSV files, every problem reported.

Both the plain dialect (`,` separators, decimal points) and the Finnish spreadsheet dialect
(`;` separators, decimal commas, spaces as thousands separators, d.m.yyyy dates) are read, in
UTF-8 with or without BOM or in Windows-1252. A file with any problem yields the full list of
problems and no rows: nothing of a bad file is imported. docs/evidence-csv.md is the reference.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from workshop.errors import DomainError
from workshop.text import clean_text

MAX_ROWS = 50_000
# Larger sums are typing errors: no project or indicator of a region comes near.
MAX_AMOUNT = Decimal("1000000000000")
FOCUS_AREA_SEPARATORS = re.compile(r"[|\n]")


@dataclass(frozen=True)
class CsvProblem:
    """One problem of a file: its line (1 is the header), the column as the file names it."""

    line: int
    column: str
    code: str
    params: dict = field(default_factory=dict)

    def message(self) -> str:
        """The problem in the current language."""
        return PROBLEM_MESSAGES[self.code](self.params)

    def __str__(self) -> str:
        where = _("line %(line)s", line=self.line) if self.line else _("file")
        if self.column:
            where = _("%(where)s, column %(column)s", where=where, column=self.column)
        return f"{where}: {self.message()}"


PROBLEM_MESSAGES: dict[str, Callable[[dict], str]] = {
    "encoding": lambda p: _("The file is not text in UTF-8 or Windows-1252."),
    "empty_file": lambda p: _("The file is empty."),
    "no_rows": lambda p: _("The file has a header but no rows."),
    "too_many_rows": lambda p: _("The file has more than %(max)s rows.", **p),
    "missing_column": lambda p: _("The column %(column)s is missing.", **p),
    "duplicate_column": lambda p: _("The column %(column)s appears twice.", **p),
    "extra_fields": lambda p: _("The row has %(count)s fields, the header %(header)s.", **p),
    "required": lambda p: _("A value is required."),
    "too_long": lambda p: _("At most %(max)s characters.", **p),
    "not_a_number": lambda p: _("Not a number: %(value)s", **p),
    "negative": lambda p: _("Must not be negative: %(value)s", **p),
    "too_large": lambda p: _("Too large: %(value)s", **p),
    "not_a_year": lambda p: _("Not a year between 1900 and 2100: %(value)s", **p),
    "not_a_date": lambda p: _("Not a date (d.m.yyyy or yyyy-mm-dd): %(value)s", **p),
    "end_before_start": lambda p: _("The end date is before the start date."),
    "unknown_indicator": lambda p: _("No indicator of the strategy is called %(value)s", **p),
    "unknown_focus_area": lambda p: _("No focus area of the strategy is called %(value)s", **p),
    "duplicate_value": lambda p: _(
        "The same indicator and year are already on line %(other)s.", **p
    ),
    "duplicate_project": lambda p: _("The same project code is already on line %(other)s.", **p),
}


class CsvImportError(DomainError):
    """A file that cannot be imported, with every problem found in it."""

    code = "invalid_file"

    def __init__(self, problems: list[CsvProblem]):
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = problems


# Columns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column the importer knows: its field, the header names it goes by, whether required."""

    field: str
    names: tuple[str, ...]  # the documented English name, the documented Finnish name, others
    required: bool = True

    @property
    def label(self) -> str:
        """The column's name in reports: its documented English and Finnish names."""
        return f"{self.names[0]} / {self.names[1]}"


def _columns(*specs: tuple[str, bool, Iterable[str]]) -> tuple[Column, ...]:
    return tuple(Column(name, tuple(names), required) for name, required, names in specs)


INDICATOR_COLUMNS = _columns(
    ("indicator", True, ["indicator", "indikaattori", "key", "indicator key", "mittari"]),
    ("year", True, ["year", "vuosi"]),
    ("value", True, ["value", "arvo"]),
    ("source", False, ["source", "lähde", "lahde"]),
)

PROJECT_COLUMNS = _columns(
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


def normalise_header(name: str) -> str:
    """A header as compared with the known names: lower case, no units in brackets."""
    name = re.sub(r"\(.*?\)|€|\beur\b", "", clean_text(name, multiline=False).lower())
    return " ".join(name.replace("_", " ").split())


def normalise_name(name: str) -> str:
    """A name (indicator, focus area) as matched: case and spacing ignored."""
    return " ".join(clean_text(name, multiline=False).casefold().split())


# Reading the table ------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvImportError([CsvProblem(0, "", "encoding")]) from None


def sniff_delimiter(header_line: str) -> str:
    """`;` for Finnish spreadsheet exports, a tab for tab-separated text, else `,`."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


@dataclass
class Table:
    """The rows of a file by field, with the file's own name of each column."""

    delimiter: str
    headers: dict[str, str]  # field -> the column's name in the file
    rows: list[tuple[int, dict[str, str]]]  # (line, field -> raw text)
    problems: list[CsvProblem]


def read_table(data: bytes, columns: tuple[Column, ...]) -> Table:
    """Split the file into rows of known columns; unknown columns are ignored."""
    text = decode(data)
    if not text.strip():
        raise CsvImportError([CsvProblem(0, "", "empty_file")])
    delimiter = sniff_delimiter(text.lstrip().splitlines()[0])
    reader = csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=delimiter)
    header = next(reader)
    problems: list[CsvProblem] = []
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    by_name = {name: column for column in columns for name in column.names}
    for position, raw in enumerate(header):
        column = by_name.get(normalise_header(raw))
        if column is None:
            continue
        if column.field in positions:
            problems.append(CsvProblem(1, raw.strip(), "duplicate_column", {"column": raw}))
            continue
        positions[column.field] = position
        headers[column.field] = clean_text(raw, multiline=False)
    for column in columns:
        if column.required and column.field not in positions:
            problems.append(CsvProblem(1, "", "missing_column", {"column": column.label}))
    if problems:
        raise CsvImportError(problems)
    rows = list(_rows(reader, header, positions, problems))
    if len(rows) > MAX_ROWS:
        raise CsvImportError([CsvProblem(0, "", "too_many_rows", {"max": MAX_ROWS})])
    if not rows and not problems:
        raise CsvImportError([CsvProblem(0, "", "no_rows")])
    # Rows with the wrong shape are reported together with the problems of the other rows.
    return Table(delimiter, headers, rows, problems)


def _rows(reader, header: list[str], positions: dict[str, int], problems: list[CsvProblem]):
    """(line, field -> text) for each non-blank row; blank rows (`;;;;`) are skipped."""
    line = reader.line_num
    for record in reader:
        start, line = line + 1, reader.line_num
        if not any(value.strip() for value in record):
            continue
        if len(record) > len(header) and any(value.strip() for value in record[len(header) :]):
            problems.append(
                CsvProblem(start, "", "extra_fields", {"count": len(record), "header": len(header)})
            )
            continue
        yield (
            start,
            {
                name: record[position] if position < len(record) else ""
                for name, position in positions.items()
            },
        )


# Values -----------------------------------------------------------------------------------


def parse_decimal(text: str) -> Decimal | None:
    """A number written either way: `1 234,5`, `1234.5`, `1,234.5`, `-3`; None if not one."""
    value = clean_text(text, multiline=False).replace("\u2212", "-")
    value = re.sub(r"(€|eur)$", "", value, flags=re.IGNORECASE).strip()
    value = re.sub(r"[\s\u00a0\u202f\u2009']", "", value)
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        value = value.replace(thousands, "").replace(decimal_mark, ".")
    elif value.count(",") == 1:
        value = value.replace(",", ".")
    elif value.count(",") > 1 or value.count(".") > 1:
        value = value.replace(",", "").replace(".", "")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", value):
        return None
    return Decimal(value)


DATE_FINNISH = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> date | None:
    """A date as d.m.yyyy or yyyy-mm-dd (a time after it is ignored); None if not one."""
    value = clean_text(text, multiline=False).split(" ")[0].split("T")[0]
    if match := DATE_FINNISH.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := DATE_ISO.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


class RowReader:
    """Reads one row's fields, noting a problem for each bad one instead of stopping."""

    def __init__(self, line: int, row: dict[str, str], headers: dict[str, str], problems):
        self.line = line
        self.row = row
        self.headers = headers
        self.problems = problems

    def problem(self, field_name: str, code: str, **params) -> None:
        self.problems.append(CsvProblem(self.line, self.headers.get(field_name, ""), code, params))

    def raw(self, field_name: str) -> str:
        return clean_text(self.row.get(field_name, ""), multiline=False)

    def text(self, field_name: str, max_length: int, required: bool = False) -> str | None:
        value = self.raw(field_name)
        if required and not value:
            self.problem(field_name, "required")
            return None
        if len(value) > max_length:
            self.problem(field_name, "too_long", max=max_length)
            return None
        return value

    def number(self, field_name: str, required: bool = True) -> Decimal | None:
        value = self.raw(field_name)
        if not value:
            if required:
                self.problem(field_name, "required")
            return None
        number = parse_decimal(value)
        if number is None:
            self.problem(field_name, "not_a_number", value=value)
        elif abs(number) >= MAX_AMOUNT:
            self.problem(field_name, "too_large", value=value)
            return None
        return number

    def cents(self, field_name: str, required: bool = True) -> int | None:
        """A sum of euros as whole cents; negative sums are refused."""
        amount = self.number(field_name, required)
        if amount is None:
            return None
        if amount < 0:
            self.problem(field_name, "negative", value=self.raw(field_name))
            return None
        return int((amount * 100).to_integral_value())

    def year(self, field_name: str) -> int | None:
        value = self.raw(field_name)
        if not value:
            self.problem(field_name, "required")
            return None
        if not re.fullmatch(r"\d{4}", value) or not 1900 <= int(value) <= 2100:
            self.problem(field_name, "not_a_year", value=value)
            return None
        return int(value)

    def date(self, field_name: str) -> date | None:
        value = self.raw(field_name)
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.problem(field_name, "not_a_date", value=value)
        return parsed


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
