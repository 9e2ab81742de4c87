"""Words and numbers of the update draft in its language (call inside ``force_locale``)."""

from __future__ import annotations

from datetime import date, datetime

from babel.numbers import format_decimal
from flask_babel import format_date, format_datetime, to_user_timezone
from flask_babel import gettext as _

from workshop.proposals.labels import KIND_NAMES, OUTCOME_NAMES
from workshop.text import clean_text


def _named(names: dict, value: str) -> str:
    """The name of a proposal's kind or outcome (the proposals pages' names); else the value."""
    name = names.get(value)
    return str(name) if name else clean_text(value.replace("_", " "))


def outcome_name(outcome: str | None) -> str:
    """A decision's outcome in words, or "not decided"."""
    return _named(OUTCOME_NAMES, outcome) if outcome else _("Not decided")


def kind_name(kind: str) -> str:
    """A proposal's kind in words."""
    return _named(KIND_NAMES, kind) if kind else _("Proposal")


def format_value(value, locale: str) -> str:
    """A measured value with the locale's separators (23 153; 1,5)."""
    if isinstance(value, str):
        return clean_text(value)
    return format_decimal(value, format="#,##0.##", locale=locale)


def format_score(value, locale: str, *, signed: bool = False) -> str:
    """A mean or change with two decimals ("3,42", "+0,30"), or a dash when there is none."""
    if value is None:
        return "–"
    pattern = "+#,##0.00;-#,##0.00" if signed else "#,##0.00"
    return format_decimal(value, format=pattern, locale=locale)


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
