"""The results tables as CSV in Finnish Excel settings, one file per table in a .zip.

Each file is UTF-8 with a byte order mark, ``;`` between cells and CRLF line ends, decimals
with a comma (``3,25``): Excel and Calc set to Finnish open it by double-click with every
number a number. One file per table, because the tables have different columns; the header
row has the columns' labels in the export's language (the key columns, such as the group's
key, stay the same in every language). A text cell that begins like a formula gets a leading
apostrophe.
"""

from __future__ import annotations

import csv
import io
import zipfile

from workshop.exports.cells import decimal_comma, neutralised
from workshop.exports.results import ResultsExport, Table
from workshop.localtime import local_text

SEPARATOR = ";"
BOM = "\ufeff"


def csv_cell(value, kind: str) -> str:
    """One value as the CSV's text."""
    if value is None:
        return ""
    if kind == "decimal" and isinstance(value, int | float):
        return decimal_comma(value)
    if kind == "integer" and isinstance(value, int):
        return str(value)
    if kind == "datetime":
        return local_text(value)
    return neutralised(str(value))


def table_csv(table: Table) -> str:
    """One table as CSV text, BOM included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([neutralised(column.label) for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [csv_cell(value, column.kind) for column, value in zip(table.columns, row, strict=True)]
        )
    return BOM + buffer.getvalue()


def file_names(export: ResultsExport) -> list[str]:
    """The file name of each table in the archive: numbered in the workbook's order."""
    return [f"{index:02d}-{table.key}.csv" for index, table in enumerate(export.tables, start=1)]


def write_csv_zip(export: ResultsExport) -> bytes:
    """Every table as a CSV file in one .zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, table in zip(file_names(export), export.tables, strict=True):
            archive.writestr(name, table_csv(table).encode("utf-8"))
    return buffer.getvalue()
