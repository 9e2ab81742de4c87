"""The audit log as CSV for a spreadsheet, with formulas neutralised."""

import csv
import io
import json

from workshop.audit.services import all_events
from workshop.proposals.export import CSV_SEPARATOR, FORMULA_STARTS
from workshop.review.payloads import iso

COLUMNS = ("id", "at", "action", "actor_id", "actor", "subject", "details")


def _cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @ would start a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def audit_csv(action: str | None = None) -> str:
    """Every event (newest first) as CSV text, BOM included; times in UTC (ISO 8601)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in all_events(action):
        row = (
            event.id,
            iso(event.at),
            event.action,
            event.actor_id,
            event.actor.email if event.actor is not None else "",
            event.subject,
            json.dumps(event.details, ensure_ascii=False, sort_keys=True) if event.details else "",
        )
        writer.writerow([_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()
