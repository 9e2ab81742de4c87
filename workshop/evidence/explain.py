"""Why an indicator has its status, in one sentence, and the status rules, in the language of
the page or document (call inside a request or ``force_locale``).

The evidence pages and the Word draft both call ``status_reason``, so a reader sees the same
reason wherever the status is shown.
"""

from __future__ import annotations

from typing import Protocol

from babel.lists import format_list
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from workshop.evidence.services import format_value
from workshop.evidence.status import Finding, Judgement

# What the status rules say, one line per kind of target (evidence/status.py).
RULES = (
    _l(
        "A numeric target: the latest value is compared with the straight path from the "
        "baseline to the target in the year of the value, and from the target year on with the "
        "target itself."
    ),
    _l("“Grows every year”: the value must have grown every year, from the baseline on."),
    _l(
        "“Steady growth”: the values must trend upwards (a rising least-squares line) and the "
        "latest must be above the first."
    ),
    _l(
        "Other targets are not judged, and no status is given until there are two values, the "
        "baseline counting as one."
    ),
)
RULES_INTRODUCTION = _l("How the status is decided:")


class JudgedIndicator(Protocol):
    """What a sentence needs of an indicator (``services.IndicatorRow`` has it)."""

    judgement: Judgement
    unit: str
    target_text: str
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None


def _quoted(text: str) -> str:
    """A target's text inside the locale's quotation marks, its first letter lower-cased unless
    the word is an abbreviation ("Kasvaa vuosittain" → ”kasvaa vuosittain”)."""
    text = " ".join(text.split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return _("“%(text)s”", text=text)


def status_reason(row: JudgedIndicator, locale: str | None) -> str:
    """One sentence saying why ``row`` has its status, numbers written for ``locale``."""
    judged = row.judgement

    def number(value: float | None) -> str:
        return f"{format_value(value, locale)} {row.unit}".strip()

    finding = judged.finding
    latest = {"value": number(judged.latest_value), "year": judged.latest_year}
    if finding is Finding.NO_VALUES:
        return _("No values have been recorded yet, so the status cannot be judged.")
    if finding is Finding.BASELINE_ONLY:
        return _(
            "Only the baseline is known (%(value)s in %(year)s), so progress cannot be judged yet.",
            value=number(row.baseline_value),
            year=row.baseline_year,
        )
    if finding is Finding.SINGLE_VALUE:
        return _(
            "There is only one value (%(value)s in %(year)s) and no baseline, so progress cannot "
            "be judged yet.",
            **latest,
        )
    if finding is Finding.NO_TARGET:
        return _("The indicator has no target, so its status is not judged.")
    if finding is Finding.OTHER_TARGET:
        return _(
            "The target %(target)s is neither a number nor a growth target, so the status is not "
            "judged.",
            target=_quoted(row.target_text),
        )
    if finding in (Finding.MET, Finding.NOT_MET, Finding.ON_PATH, Finding.BEHIND_PATH):
        return _path_reason(row, finding, latest, number)
    return _growth_reason(row, finding, locale, number)


def _path_reason(row: JudgedIndicator, finding: Finding, latest: dict, number) -> str:
    """A numeric target: met or not in its year, or on or behind the straight path before."""
    judged = row.judgement
    target = {"target": number(row.target_value), "target_year": row.target_year}
    if finding is Finding.MET:
        return _(
            "The value was %(value)s in %(year)s, so the target of %(target)s for "
            "%(target_year)s has been met.",
            **latest,
            **target,
        )
    if finding is Finding.NOT_MET:
        return _(
            "The value was %(value)s in %(year)s, so the target of %(target)s for "
            "%(target_year)s was not met.",
            **latest,
            **target,
        )
    expected = number(judged.expected_value)
    rising = judged.start is None or row.target_value >= judged.start[1]
    if finding is Finding.ON_PATH:
        return (
            _(
                "The value was %(value)s in %(year)s, and the straight path to the target of "
                "%(target)s by %(target_year)s asks for at least %(expected)s then, so it is on "
                "track.",
                **latest,
                **target,
                expected=expected,
            )
            if rising
            else _(
                "The value was %(value)s in %(year)s, and the straight path to the target of "
                "%(target)s by %(target_year)s asks for at most %(expected)s then, so it is on "
                "track.",
                **latest,
                **target,
                expected=expected,
            )
        )
    if rising:
        return _(
            "The value was %(value)s in %(year)s, but the straight path to the target of "
            "%(target)s by %(target_year)s asks for at least %(expected)s then, so it is not on "
            "track.",
            **latest,
            **target,
            expected=expected,
        )
    return _(
        "The value was %(value)s in %(year)s, but the straight path to the target of "
        "%(target)s by %(target_year)s asks for at most %(expected)s then, so it is not on "
        "track.",
        **latest,
        **target,
        expected=expected,
    )


def _growth_reason(row: JudgedIndicator, finding: Finding, locale: str | None, number) -> str:
    """A growth target: grown every year or the years it did not, the trend and its ends."""
    judged = row.judgement
    target = _quoted(row.target_text)
    ends = {
        "first": number(judged.start[1]) if judged.start else "–",
        "first_year": judged.start[0] if judged.start else "–",
        "latest": number(judged.latest_value),
        "latest_year": judged.latest_year,
    }
    if finding is Finding.GREW_EVERY_YEAR:
        return _(
            "The value has grown every year (%(first_year)s–%(latest_year)s), so the target "
            "%(target)s is being met.",
            target=target,
            **ends,
        )
    if finding is Finding.DID_NOT_GROW:
        return _setback_reason(row, target, locale, number)
    if finding is Finding.TRENDS_UP:
        return _(
            "The values trend upwards and the latest, %(latest)s (%(latest_year)s), is above the "
            "first, %(first)s (%(first_year)s), so the target %(target)s is being met.",
            target=target,
            **ends,
        )
    if finding is Finding.LATEST_NOT_ABOVE_FIRST:
        return _(
            "The latest value, %(latest)s (%(latest_year)s), is not above the first, %(first)s "
            "(%(first_year)s), so the target %(target)s is not being met.",
            target=target,
            **ends,
        )
    return _(
        "The values do not trend upwards (%(first)s in %(first_year)s, %(latest)s in "
        "%(latest_year)s), so the target %(target)s is not being met.",
        target=target,
        **ends,
    )


def _setback_reason(row: JudgedIndicator, target: str, locale: str | None, number) -> str:
    """The year (or years) the value fell or stood still, against growth every year."""
    setbacks = row.judgement.setbacks
    fell = all(after < before for _, before, after in setbacks)
    if len(setbacks) == 1:
        year, before, after = setbacks[0]
        values = {"year": year, "before": number(before), "after": number(after)}
        if fell:
            return _(
                "The value fell in %(year)s (%(before)s → %(after)s), so the target %(target)s "
                "is not being met.",
                target=target,
                **values,
            )
        return _(
            "The value did not grow in %(year)s (%(before)s → %(after)s), so the target "
            "%(target)s is not being met.",
            target=target,
            **values,
        )
    years = format_list([str(year) for year, _, _ in setbacks], locale=locale or "fi")
    if fell:
        return _(
            "The value fell in %(years)s, so the target %(target)s is not being met.",
            years=years,
            target=target,
        )
    return _(
        "The value did not grow in %(years)s, so the target %(target)s is not being met.",
        years=years,
        target=target,
    )


def rules() -> list[str]:
    """The status rules, one sentence per kind of target, in the current language."""
    return [str(rule) for rule in RULES]
