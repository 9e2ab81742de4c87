"""The results tables as an Excel workbook (openpyxl): one sheet per table.

Numbers are stored as numbers (means with two decimals shown), so that a council's analyst can
sort, filter and chart them; every text is stored as a string, never a formula, and a text that
begins like a formula gets a leading apostrophe (``cells.neutralised``).
"""

from __future__ import annotations

import io
import math
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from workshop.exports.cells import neutralised
from workshop.exports.results import ResultsExport, Table
from workshop.localtime import to_local

# Excel's limits on a sheet's name: 31 characters, none of these.
SHEET_NAME_LENGTH = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\']")
# Columns no wider than this many characters (narrower in a table of many columns); longer
# texts wrap.
WIDEST_COLUMN = 60
WIDEST_COLUMN_OF_MANY = 36
MANY_COLUMNS = 12
# A table wider than this (in characters) is printed at full size over several pages rather
# than shrunk to an unreadable page.
WIDEST_PRINT = 320
NUMBER_FORMATS = {"decimal": "0.00", "integer": "0", "datetime": "yyyy-mm-dd hh:mm"}
# Points per line of wrapped text: spreadsheets do not size rows of wrapped cells by themselves
# when they open a file, so each row gets the height of its longest text.
LINE_HEIGHT = 15


def sheet_names(tables: tuple[Table, ...]) -> list[str]:
    """A distinct, valid sheet name for each table: its title, shortened; questions numbered."""
    names: list[str] = []
    question = 0
    for table in tables:
        title = _NOT_IN_SHEET_NAMES.sub("", table.title).strip() or table.key
        if table.question is not None:
            question += 1
            title = f"{question} {title}"
        name = title[:SHEET_NAME_LENGTH].strip()
        suffix = 2
        while name.lower() in (taken.lower() for taken in names):
            tail = f" ({suffix})"
            name = title[: SHEET_NAME_LENGTH - len(tail)].strip() + tail
            suffix += 1
        names.append(name)
    return names


def _write_cell(sheet, row: int, column: int, value, kind: str) -> int:
    """Write one cell; returns the width its text needs."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return 0
    cell.alignment = Alignment(vertical="top")
    if kind in ("integer", "decimal") and isinstance(value, int | float):
        cell.value = value
        cell.number_format = NUMBER_FORMATS[kind]
        return len(f"{value:.2f}" if kind == "decimal" else str(value))
    if kind == "datetime":
        # Excel has no time zones: the council's local time, as the pages show it.
        cell.value = to_local(value).replace(tzinfo=None)
        cell.number_format = NUMBER_FORMATS["datetime"]
        return 16
    # Stored texts are cleaned already; a control character here would make openpyxl refuse.
    text = neutralised(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.value = text
    cell.data_type = TYPE_STRING  # a string, whatever openpyxl would guess from it
    if "\n" in text or len(text) > WIDEST_COLUMN_OF_MANY:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return max((len(line) for line in text.splitlines()), default=0)


def _lines(value, width: int) -> int:
    """How many lines a text takes in a column ``width`` characters wide."""
    if not isinstance(value, str):
        return 1
    return sum(max(1, math.ceil(len(line) / width)) for line in value.splitlines() or [""])


def _write_table(sheet, table: Table) -> None:
    widths = [len(column.label) for column in table.columns]
    for index, column in enumerate(table.columns, start=1):
        _write_cell(sheet, 1, index, column.label, "text")
        sheet.cell(row=1, column=index).font = Font(bold=True)
    for row_number, row in enumerate(table.rows, start=2):
        for index, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            needed = _write_cell(sheet, row_number, index, value, column.kind)
            widths[index - 1] = max(widths[index - 1], needed)
    widest = WIDEST_COLUMN if len(table.columns) <= MANY_COLUMNS else WIDEST_COLUMN_OF_MANY
    widths = [min(width + 2, widest) for width in widths]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_number, row in enumerate(table.rows, start=2):
        lines = max(_lines(value, width - 2) for value, width in zip(row, widths, strict=True))
        if lines > 1:
            sheet.row_dimensions[row_number].height = lines * LINE_HEIGHT
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, sum(widths))


def _print_setup(sheet, width: int) -> None:
    """Printed (or made a PDF), a sheet is landscape, its header row repeated on every page,
    and as wide as one page unless that would make it unreadable."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    if width <= WIDEST_PRINT:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"


def write_xlsx(export: ResultsExport) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in zip(sheet_names(export.tables), export.tables, strict=True):
        _write_table(workbook.create_sheet(name), table)
    workbook.properties.title = neutralised(export.round_title)
    workbook.properties.creator = "Strategiapaja"
    workbook.properties.language = export.locale
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
