"""Trend charts of indicators as inline SVG, drawn on the server (no script, no library).

A chart is an image with a title and a description that reads out every value; pages show the
values as a table beside it as well. PNG output for the Word report would need a rasteriser
(cairosvg or matplotlib), which the app does not install.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from workshop.config import DEFAULT_LOCALE
from workshop.evidence.services import IndicatorRow, format_value

VALUE_COLOUR = "#00507a"  # the brand blue, 8.3:1 on white
PATH_COLOUR = "#9c3d00"  # the accent, 6.4:1 on white
BASELINE_COLOUR = "#4a5361"
GRID_COLOUR = "#c9d0da"


@dataclass(frozen=True)
class Size:
    """A chart's size and margins in SVG units."""

    width: int = 560
    height: int = 240
    left: int = 64
    right: int = 16
    top: int = 16
    bottom: int = 28


FULL = Size()
SMALL = Size(width=240, height=96, left=6, right=6, top=8, bottom=6)


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About ``count`` round values spanning ``low``..``high`` (1, 2, 2.5 or 5 times 10^n)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _path_points(row: IndicatorRow) -> list[tuple[int, float]]:
    """The straight path from the baseline (or first value) to a numeric target."""
    if row.target_value is None or row.target_year is None:
        return []
    if row.baseline_year is not None and row.baseline_value is not None:
        start = (row.baseline_year, row.baseline_value)
    elif row.series:
        start = row.series[0]
    else:
        return []
    return [start, (row.target_year, row.target_value)]


def describe(row: IndicatorRow, locale: str | None) -> str:
    """The chart's text alternative: baseline, target and every value."""
    parts = []
    if row.baseline_value is not None:
        parts.append(
            _(
                "Baseline %(value)s (%(year)s).",
                value=format_value(row.baseline_value, locale),
                year=row.baseline_year or "–",
            )
        )
    if row.target_text:
        parts.append(
            _("Target %(target)s (%(year)s).", target=row.target_text, year=row.target_year or "–")
        )
    if row.series:
        values = "; ".join(f"{year}: {format_value(value, locale)}" for year, value in row.series)
        parts.append(_("Values: %(values)s.", values=values))
    else:
        parts.append(_("No values yet."))
    return " ".join(parts)


def trend_chart(
    row: IndicatorRow, chart_id: str, locale: str | None, small: bool = False
) -> Markup:
    """The indicator's values over the years, with its baseline and its path to the target."""
    size = SMALL if small else FULL
    baseline = (
        [(row.baseline_year, row.baseline_value)]
        if row.baseline_year is not None and row.baseline_value is not None
        else []
    )
    path = _path_points(row)
    points = list(row.series)
    everything = points + baseline + path
    title = escape(row.name)
    # The locale is forced so that the report can draw charts outside a request as well.
    with force_locale(locale or DEFAULT_LOCALE):
        description = escape(describe(row, locale))
        no_values = escape(_("No values yet."))
    parts = [
        f'<svg class="chart{" chart--small" if small else ""}" role="img" '
        f'viewBox="0 0 {size.width} {size.height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{title}</title>',
        f'<desc id="{chart_id}-desc">{description}</desc>',
    ]
    if not everything:
        parts.append(
            f'<text x="{size.width / 2}" y="{size.height / 2}" text-anchor="middle" '
            f'class="chart__empty">{no_values}</text></svg>'
        )
        return Markup("".join(parts))
    years = [year for year, _ in everything]
    values = [value for _, value in everything]
    first_year, last_year = min(years), max(years)
    if first_year == last_year:
        first_year, last_year = first_year - 1, last_year + 1
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    plot_width = size.width - size.left - size.right
    plot_height = size.height - size.top - size.bottom

    def x(year: float) -> float:
        return round(size.left + (year - first_year) / (last_year - first_year) * plot_width, 1)

    def y(value: float) -> float:
        return round(size.top + (high - value) / (high - low) * plot_height, 1)

    if not small:
        parts += _axes(size, ticks, x, y, first_year, last_year, locale)
    if path:
        (x1, y1), (x2, y2) = ((x(a), y(b)) for a, b in path)
        parts.append(
            f'<line class="chart__path" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
            f'stroke="{PATH_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(_diamond(x2, y2, PATH_COLOUR))
    for year, value in baseline:
        parts.append(
            f'<circle class="chart__baseline" cx="{x(year)}" cy="{y(value)}" r="5" fill="#fff" '
            f'stroke="{BASELINE_COLOUR}" stroke-width="2"/>'
        )
    if points:
        line = " ".join(f"{x(year)},{y(value)}" for year, value in points)
        parts.append(
            f'<polyline class="chart__values" points="{line}" fill="none" '
            f'stroke="{VALUE_COLOUR}" stroke-width="{2.5 if small else 3}"/>'
        )
        radius = 3 if small else 4
        parts += [
            f'<circle cx="{x(year)}" cy="{y(value)}" r="{radius}" fill="{VALUE_COLOUR}"/>'
            for year, value in points
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


def _axes(size: Size, ticks, x, y, first_year: int, last_year: int, locale) -> list[str]:
    """Grid lines with value labels, and year labels along the bottom."""
    parts = []
    right = size.width - size.right
    for tick in ticks:
        parts.append(
            f'<line x1="{size.left}" y1="{y(tick)}" x2="{right}" y2="{y(tick)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{size.left - 6}" y="{y(tick) + 4}" text-anchor="end" '
            f'class="chart__label">{escape(format_value(tick, locale))}</text>'
        )
    span = last_year - first_year
    step = max(1, math.ceil(span / 8))
    bottom = size.height - size.bottom + 18
    for year in range(first_year, last_year + 1, step):
        parts.append(
            f'<text x="{x(year)}" y="{bottom}" text-anchor="middle" '
            f'class="chart__label">{year}</text>'
        )
    return parts


def _diamond(cx: float, cy: float, colour: str) -> str:
    return (
        f'<path class="chart__target" fill="{colour}" '
        f'd="M{cx} {cy - 6}L{cx + 6} {cy}L{cx} {cy + 6}L{cx - 6} {cy}Z"/>'
    )
