"""Reading tables people keep in spreadsheets, every problem reported: the one reader of the
evidence imports (workshop/evidence/csvimport.py) and the stakeholder register's import.

Both the plain CSV dialect (`,` separators, decimal points) and the Finnish spreadsheet dialect
(`;` separators, decimal commas, spaces as thousands separators, d.m.yyyy dates) are read, in
UTF-8 with or without BOM or in Windows-1252 (which covers Latin-1's printable characters), and
so is the first sheet of an Excel workbook (.xlsx). A file with any problem yields the full list
of problems and no rows: nothing of a bad file is imported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from workshop.errors import DomainError
from workshop.text import clean_text

MAX_ROWS = 50_000
# Larger sums are typing errors: no project or indicator of a region comes near.
MAX_AMOUNT = Decimal("1000000000000")


@dataclass(frozen=True)
class TableProblem:
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
    "not_a_workbook": lambda p: _("The file is not an Excel workbook (.xlsx)."),
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
}


def add_problem_messages(messages: dict[str, Callable[[dict], str]]) -> None:
    """Add a domain's own problem codes (an unknown indicator, an unknown group) to the table."""
    PROBLEM_MESSAGES.update(messages)


class TableImportError(DomainError):
    """A file that cannot be imported, with every problem found in it."""

    code = "invalid_file"

    def __init__(self, problems: list[TableProblem]):
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


def columns(*specs: tuple[str, bool, Iterable[str]]) -> tuple[Column, ...]:
    """Columns from (field, required, names) triples."""
    return tuple(Column(name, tuple(names), required) for name, required, names in specs)


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
        raise TableImportError([TableProblem(0, "", "encoding")]) from None


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
    problems: list[TableProblem]


def read_table(data: bytes, columns: tuple[Column, ...]) -> Table:
    """Split a CSV file into rows of known columns; unknown columns are ignored."""
    text = decode(data)
    if not text.strip():
        raise TableImportError([TableProblem(0, "", "empty_file")])
    delimiter = sniff_delimiter(text.lstrip().splitlines()[0])
    reader = csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=delimiter)
    header = next(reader)

    def records():
        # (first line, fields) of each record: a quoted field may span lines.
        line = reader.line_num
        for record in reader:
            start, line = line + 1, reader.line_num
            yield start, record

    return _table(delimiter, header, records(), columns)


def read_workbook(data: bytes, columns: tuple[Column, ...]) -> Table:
    """Split the first sheet of an .xlsx workbook into rows of known columns, as ``read_table``.

    The header is the sheet's first non-empty row; a row's line is its row number in Excel.
    Numbers and dates in cells are taken as the text they stand for.
    """
    # openpyxl parses the workbook's XML through defusedxml when installed (it is): an
    # uploaded file cannot expand entities into a memory bomb.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # zipfile, KeyError, InvalidFileException...: all "not a workbook"
        raise TableImportError([TableProblem(0, "", "not_a_workbook")]) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TableImportError([TableProblem(0, "", "empty_file")])
        rows = (
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        header_line, header = next(
            ((number, cells) for number, cells in rows if any(cell.strip() for cell in cells)),
            (0, None),
        )
        if header is None:
            raise TableImportError([TableProblem(0, "", "empty_file")])
        # Trailing empty header cells are the sheet's formatting, not columns.
        while header and not header[-1].strip():
            header.pop()
        return _table("xlsx", header, rows, columns, header_line=header_line)
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """A cell as text: whole numbers without ``.0``, dates as d.m.yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date() if not (value.hour or value.minute or value.second) else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.day}.{value.month}.{value.year}"
    return str(value)


def _table(delimiter: str, header: list[str], records, columns, header_line: int = 1) -> Table:
    problems: list[TableProblem] = []
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    by_name = {name: column for column in columns for name in column.names}
    for position, raw in enumerate(header):
        column = by_name.get(normalise_header(raw))
        if column is None:
            continue
        if column.field in positions:
            problems.append(
                TableProblem(header_line, raw.strip(), "duplicate_column", {"column": raw})
            )
            continue
        positions[column.field] = position
        headers[column.field] = clean_text(raw, multiline=False)
    for column in columns:
        if column.required and column.field not in positions:
            problems.append(
                TableProblem(header_line, "", "missing_column", {"column": column.label})
            )
    if problems:
        raise TableImportError(problems)
    rows = []
    for row in _rows(records, header, positions, problems):
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise TableImportError([TableProblem(0, "", "too_many_rows", {"max": MAX_ROWS})])
    if not rows and not problems:
        raise TableImportError([TableProblem(0, "", "no_rows")])
    # Rows with the wrong shape are reported together with the problems of the other rows.
    return Table(delimiter, headers, rows, problems)


def _rows(records, header: list[str], positions: dict[str, int], problems: list[TableProblem]):
    """(line, field -> text) for each non-blank row; blank rows (`;;;;`) are skipped."""
    for line, record in records:
        if not any(value.strip() for value in record):
            continue
        if len(record) > len(header) and any(value.strip() for value in record[len(header) :]):
            problems.append(
                TableProblem(
                    line, "", "extra_fields", {"count": len(record), "header": len(header)}
                )
            )
            continue
        yield (
            line,
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


def unneutralised(text: str) -> str:
    """``text`` without the one apostrophe an export put before a formula character
    (workshop/exports/cells.py ``neutralised``), so that an exported file imports back as it
    was ("-Foo" stays "-Foo"); any other apostrophe (O'Brien, 'quoted') is the text's own."""
    # Imported here: the exports' module pulls in the models, which this low module must not.
    from workshop.proposals.export import FORMULA_STARTS

    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class RowReader:
    """Reads one row's fields, noting a problem for each bad one instead of stopping."""

    def __init__(self, line: int, row: dict[str, str], headers: dict[str, str], problems):
        self.line = line
        self.row = row
        self.headers = headers
        self.problems = problems

    def problem(self, field_name: str, code: str, **params) -> None:
        self.problems.append(
            TableProblem(self.line, self.headers.get(field_name, ""), code, params)
        )

    def raw(self, field_name: str) -> str:
        return clean_text(self.row.get(field_name, ""), multiline=False)

    def text(self, field_name: str, max_length: int, required: bool = False) -> str | None:
        value = unneutralised(self.raw(field_name))
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


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed: rows created, rows updated, rows that were already so."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def echo_problems(file_name, problems: list[TableProblem]) -> None:
    """Print a refused file's problems for the command line, in English, on stderr."""
    import click
    from flask_babel import force_locale

    with force_locale("en"):
        click.echo(f"{file_name}: {len(problems)} problem(s); nothing was imported.", err=True)
        for problem in problems:
            click.echo(f"  {problem}", err=True)


def run_import_command(file, importer: Callable[[], object], *, keep: bool = True, what="data"):
    """The command-line side of an import: run ``importer``, commit (or roll back when ``keep``
    is false, a dry run), and on a refused file print its problems and exit with status 1.

    Two imports of the same rows at once: the second one's insert hits a unique constraint,
    and it says so rather than printing a traceback. Any other error rolls back and is raised.
    """
    import sys

    import click
    from sqlalchemy.exc import IntegrityError

    from workshop.extensions import db

    try:
        summary = importer()
        if keep:
            db.session.commit()
        else:
            db.session.rollback()
    except TableImportError as error:
        db.session.rollback()
        echo_problems(file, error.problems)
        sys.exit(1)
    except IntegrityError:
        db.session.rollback()
        raise click.ClickException(
            f"Another import of the same {what} ran at the same time; nothing was imported. "
            "Try again."
        ) from None
    except Exception:
        db.session.rollback()
        raise
    return summary
