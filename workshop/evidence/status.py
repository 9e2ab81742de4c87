"""Whether an indicator is on track for its target: pure rules over a series of values.

The rule follows from the target (docs/evidence-csv.md lists the rule of every built-in
indicator):

- a numeric target (value and year) is a straight path from the baseline to the target: the
  latest value is on track when it is at or beyond that path for its year, in the direction
  from the baseline to the target;
- "grows every year" (Kasvaa vuosittain) is on track when every change from one value to the
  next (in year order, the baseline first) is an increase;
- "steady growth" (Tasainen kasvu) is on track when the series trends upwards (its
  least-squares slope is positive) and the latest value is above the first;
- anything else is shown but not judged.

Each judgement also carries its ``Finding``: which case of its rule decided it (the target met,
the year the value fell, only a baseline known, ...), for the sentence that explains it
(``evidence.explain``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from enum import StrEnum


class Rule(StrEnum):
    """How an indicator's target is judged."""

    LINEAR_PATH = "linear_path"
    ANNUAL_GROWTH = "annual_growth"
    STEADY_GROWTH = "steady_growth"
    NOT_JUDGED = "not_judged"


class Status(StrEnum):
    """An indicator's standing against its target."""

    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NOT_JUDGED = "not_judged"


class Finding(StrEnum):
    """Why an indicator has its status: what the sentence explaining it says."""

    NO_VALUES = "no_values"  # nothing measured and no baseline
    BASELINE_ONLY = "baseline_only"  # the baseline is all there is
    SINGLE_VALUE = "single_value"  # one value and no baseline: nothing to compare it with
    NO_TARGET = "no_target"
    OTHER_TARGET = "other_target"  # a target text that is neither a number nor growth
    MET = "met"  # the target year has come and the value reached the target
    NOT_MET = "not_met"
    ON_PATH = "on_path"  # before the target year, at or beyond the straight path
    BEHIND_PATH = "behind_path"
    GREW_EVERY_YEAR = "grew_every_year"
    DID_NOT_GROW = "did_not_grow"  # ``setbacks`` say the years it fell or stood still
    TRENDS_UP = "trends_up"
    TREND_NOT_UP = "trend_not_up"
    LATEST_NOT_ABOVE_FIRST = "latest_not_above_first"


# Target texts are compared lower-cased with runs of spaces and final full stops removed.
ANNUAL_GROWTH_TEXTS = {
    "kasvaa vuosittain",
    "kasvaa joka vuosi",
    "kasvaa vuodesta toiseen",
    "grows every year",
    "grows annually",
    "increases annually",
    "increases every year",
}
STEADY_GROWTH_TEXTS = {
    "tasainen kasvu",
    "kasvaa tasaisesti",
    "kasvaa",
    "kasvu",
    "steady growth",
    "grows steadily",
    "growth",
    "increases",
}


@dataclass(frozen=True)
class Target:
    """What an indicator aims at, as the strategy states it."""

    baseline_year: int | None = None
    baseline_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None
    target_text: str = ""


@dataclass(frozen=True)
class Judgement:
    """The status of an indicator, with what it was judged from."""

    status: Status
    rule: Rule
    latest_year: int | None = None
    latest_value: float | None = None
    # The value the straight path asks for in the latest year (numeric targets only).
    expected_value: float | None = None
    finding: Finding = Finding.NO_VALUES
    # The point the judgement starts from: the baseline, or the first value measured.
    start: tuple[int, float] | None = None
    # (year, value before, value that year) where the value did not grow (annual growth only).
    setbacks: tuple[tuple[int, float, float], ...] = ()


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower()).rstrip(".")


def rule_for(target: Target) -> Rule:
    """The rule that judges ``target``."""
    if target.target_value is not None and target.target_year is not None:
        return Rule.LINEAR_PATH
    text = _normalise(target.target_text)
    if text in ANNUAL_GROWTH_TEXTS:
        return Rule.ANNUAL_GROWTH
    if text in STEADY_GROWTH_TEXTS:
        return Rule.STEADY_GROWTH
    return Rule.NOT_JUDGED


def with_baseline(target: Target, series: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """The series in year order, starting from the baseline when no value was given for it."""
    points = dict(series)
    if target.baseline_year is not None and target.baseline_value is not None:
        points.setdefault(target.baseline_year, target.baseline_value)
    return sorted(points.items())


def expected_on_path(target: Target, start: tuple[int, float], year: int) -> float:
    """The value the straight line from ``start`` to the target reaches in ``year``.

    Before the start the start value is asked for, after the target year the target value.
    """
    start_year, start_value = start
    span = target.target_year - start_year
    if span <= 0 or year >= target.target_year:
        return target.target_value
    if year <= start_year:
        return start_value
    return start_value + (target.target_value - start_value) * (year - start_year) / span


def _slope(points: list[tuple[int, float]]) -> float:
    """The least-squares slope of value over year."""
    count = len(points)
    mean_year = sum(year for year, _ in points) / count
    mean_value = sum(value for _, value in points) / count
    spread = sum((year - mean_year) ** 2 for year, _ in points)
    if spread == 0:
        return 0.0
    return sum((year - mean_year) * (value - mean_value) for year, value in points) / spread


def _not_enough(target: Target, measured: list) -> Finding:
    """Why there is nothing to judge yet: no values, only the baseline, or a lone value."""
    if measured:
        return Finding.SINGLE_VALUE
    has_baseline = target.baseline_year is not None and target.baseline_value is not None
    return Finding.BASELINE_ONLY if has_baseline else Finding.NO_VALUES


def judge(target: Target, series: list[tuple[int, float]]) -> Judgement:
    """Judge the values ``series`` ((year, value) pairs) against ``target``."""
    rule = rule_for(target)
    points = with_baseline(target, series)
    measured = sorted(series)
    latest_year, latest_value = measured[-1] if measured else (None, None)
    start = points[0] if points else None
    judged = Judgement(
        Status.NO_DATA,
        rule,
        latest_year,
        latest_value,
        finding=_not_enough(target, measured),
        start=start,
    )
    if rule is Rule.NOT_JUDGED:
        status = Status.NOT_JUDGED if measured else Status.NO_DATA
        finding = Finding.OTHER_TARGET if _normalise(target.target_text) else Finding.NO_TARGET
        return replace(judged, status=status, finding=finding)
    if rule is Rule.LINEAR_PATH:
        return _judge_linear(target, points, judged)
    # Growth needs something to grow from: two points, at least one of them measured.
    if not measured or len(points) < 2:
        return judged
    if rule is Rule.ANNUAL_GROWTH:
        return _judge_annual(points, judged)
    if points[-1][1] <= points[0][1]:
        return replace(judged, status=Status.OFF_TRACK, finding=Finding.LATEST_NOT_ABOVE_FIRST)
    if _slope(points) <= 0:
        return replace(judged, status=Status.OFF_TRACK, finding=Finding.TREND_NOT_UP)
    return replace(judged, status=Status.ON_TRACK, finding=Finding.TRENDS_UP)


def _judge_annual(points: list[tuple[int, float]], judged: Judgement) -> Judgement:
    """On track when every value is above the one before it."""
    setbacks = tuple(
        (year, earlier, later)
        for (_, earlier), (year, later) in itertools.pairwise(points)
        if later <= earlier
    )
    if not setbacks:
        return replace(judged, status=Status.ON_TRACK, finding=Finding.GREW_EVERY_YEAR)
    return replace(judged, status=Status.OFF_TRACK, finding=Finding.DID_NOT_GROW, setbacks=setbacks)


def _judge_linear(target: Target, points: list[tuple[int, float]], judged: Judgement) -> Judgement:
    """On track when the latest value is at or beyond the straight path for its year."""
    # A single value with no baseline has no path to be on or off.
    if judged.latest_year is None or (len(points) < 2 and target.baseline_value is None):
        return judged
    # Without a stated baseline the path starts from the first value measured.
    start = points[0]
    expected = expected_on_path(target, start, judged.latest_year)
    rising = target.target_value >= start[1]
    on_track = judged.latest_value >= expected if rising else judged.latest_value <= expected
    if judged.latest_year >= target.target_year:
        finding = Finding.MET if on_track else Finding.NOT_MET
    else:
        finding = Finding.ON_PATH if on_track else Finding.BEHIND_PATH
    return replace(
        judged,
        status=Status.ON_TRACK if on_track else Status.OFF_TRACK,
        expected_value=expected,
        finding=finding,
    )
