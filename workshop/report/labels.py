"""Words and numbers of the update draft in its language (call inside ``force_locale``)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_time, to_user_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from workshop.evidence.services import format_euros, format_million_euros  # noqa: F401
from workshop.numbers import format_number
from workshop.proposals.labels import KIND_NAMES, OUTCOME_NAMES
from workshop.text import clean_text

# An indicator's status, in the words of the evidence pages (evidence/_macros.html).
STATUS_NAMES = {
    "on_track": _l("On track"),
    "off_track": _l("Not on track"),
    "no_data": _l("No data"),
    "not_judged": _l("Not judged"),
}


def _named(names: dict, value: str) -> str:
    """The name of a proposal's kind or outcome (the proposals pages' names); else the value."""
    name = names.get(value)
    return str(name) if name else clean_text(value.replace("_", " "))


def outcome_name(outcome: str | None) -> str:
    """A decision's outcome in words, or "not decided"."""
    return _named(OUTCOME_NAMES, outcome) if outcome else _("Not decided")


def status_name(status: str | None) -> str:
    """An indicator's status in words; "no data" when it has none."""
    return _named(STATUS_NAMES, status or "no_data")


def kind_name(kind: str) -> str:
    """A proposal's kind in words."""
    return _named(KIND_NAMES, kind) if kind else _("Proposal")


def format_value(value, locale: str) -> str:
    """A measured value with the locale's separators and minus sign (23 153; 1,5; −2)."""
    if isinstance(value, str):
        return clean_text(value)
    return format_number(value, "#,##0.##", locale)


def format_score(value, locale: str, *, signed: bool = False) -> str:
    """A mean or change with two decimals ("3,42", "+0,30", "−0,12"), or a dash if none."""
    if value is None:
        return "–"
    pattern = "+#,##0.00;-#,##0.00" if signed else "#,##0.00"
    return format_number(value, pattern, locale)


def format_day(moment: date | datetime | None) -> str:
    """A date in the locale's long form; a moment is first taken to the configured time zone."""
    if moment is None:
        return "–"
    if isinstance(moment, datetime):
        moment = to_user_timezone(moment).date()
    return format_date(moment, format="long")


def format_moment(moment: datetime | None) -> str:
    """A date and time in the configured time zone."""
    if moment is None:
        return "–"
    return format_datetime(moment, format="short")


def format_day_and_time(moment: datetime | None) -> str:
    """A moment as its day in words and its time, in the configured time zone ("1. joulukuuta
    2026 klo 16.35"): unambiguous in every locale, unlike a short numeric date."""
    if moment is None:
        return "–"
    return _("%(day)s at %(time)s", day=format_day(moment), time=format_time(moment, "short"))


def format_millions(cents: int, locale: str) -> str:
    """Cents as millions of euros with one decimal, without the unit ("1,2")."""
    return format_number(cents / 100_000_000, "#,##0.0", locale)
