"""The results tables as one JSON document (docs/schemas/results.schema.json).

Each table is a list of records keyed by the columns' stable keys, with the columns' labels
in the export's language beside them; numbers are numbers, an absent value is null, times are
ISO 8601 in UTC. Texts are as typed (JSON runs no formulas).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from workshop.exports.results import ResultsExport, Table
from workshop.review.payloads import iso

FORMAT = "strategiapaja.round-results"
FORMAT_VERSION = 1


def _value(value):
    if isinstance(value, datetime):
        # SQLite gives back naive times; every stored time is UTC.
        return iso(value if value.tzinfo else value.replace(tzinfo=UTC))
    return value


def table_document(table: Table) -> dict:
    return {
        "key": table.key,
        "title": table.title,
        "question": table.question,
        "columns": [
            {"key": column.key, "label": column.label, "type": column.kind}
            for column in table.columns
        ],
        "rows": [{key: _value(value) for key, value in row.items()} for row in table.records()],
    }


def results_document(export: ResultsExport) -> dict:
    """The export as plain JSON data."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "round": {"id": export.round_id, "title": export.round_title, "year": export.year},
        "language": export.locale,
        "exported_at": iso(export.exported_at),
        "min_group_size": export.min_group_size,
        "previous_round": export.previous_round,
        "tables": [table_document(table) for table in export.tables],
    }


def write_json(export: ResultsExport) -> bytes:
    """The export as indented UTF-8 JSON."""
    text = json.dumps(results_document(export), ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")
