"""Chart images for the update draft, as PNG: the distribution of one question's scores, an
indicator's trend towards its target, and funding per focus area."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from workshop.evidence.charts import nice_ticks

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
WIDTH, HEIGHT = 1200, 460
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 30, 70, 80
# Colours with at least 4.5:1 contrast on white, matching the web pages' palette.
BAR = (31, 94, 153)
DONT_KNOW = (110, 110, 110)
TEXT = (33, 33, 33)
GRID = (220, 220, 220)
MEAN = (176, 52, 0)
PREVIOUS = (90, 90, 90)
# The evidence pages' trend colours: values in the brand blue, the path to target in the accent.
VALUES = (0, 80, 122)
TARGET_PATH = (156, 61, 0)
BASELINE = (74, 83, 97)
TREND_HEIGHT = 520
BAR_ROW = 64
BAR_LABEL_WIDTH = 430


@dataclass(frozen=True)
class ChartLabels:
    """The translated words a chart shows."""

    dont_know: str
    mean: str
    previous: str
    answers: str


@dataclass(frozen=True)
class TrendLabels:
    """The translated words of an indicator's trend chart."""

    values: str
    baseline: str
    target: str
    unit: str


Point = tuple[int, float]


@cache
def _font(size: int, bold: bool = False):
    """DejaVu Sans from the system when present (it has every Finnish letter), else Pillow's."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size=size)


def _centred(draw, x: float, y: float, text: str, font, fill=TEXT) -> None:
    width = draw.textlength(text, font=font)
    draw.text((x - width / 2, y), text, font=font, fill=fill)


def distribution_chart(
    summary: dict,
    scale_min: int,
    scale_max: int,
    labels: ChartLabels,
    format_number,
    *,
    show_dont_know: bool = True,
) -> bytes:
    """Bars of how many gave each score (and "don't know"), with the mean and last round's."""
    values = list(range(scale_min, scale_max + 1))
    distribution = summary.get("distribution") or {}
    counts = [int(distribution.get(str(value), 0)) for value in values]
    names = [str(value) for value in values]
    if show_dont_know:
        counts.append(int(summary.get("dont_know") or 0))
        names.append(labels.dont_know)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    tick = _tick(max(counts, default=0))
    top = tick * max(1, math.ceil(max(counts, default=0) / tick))
    slot = plot_w / len(counts)
    base_y = MARGIN_TOP + plot_h
    for step in range(top // tick + 1):
        y = base_y - plot_h * step * tick / top
        draw.line([(MARGIN_LEFT, y), (WIDTH - MARGIN_RIGHT, y)], fill=GRID, width=2)
        _centred(draw, MARGIN_LEFT - 30, y - 12, str(step * tick), _font(20))
    for index, (name, count) in enumerate(zip(names, counts, strict=True)):
        x0 = MARGIN_LEFT + slot * index + slot * 0.18
        x1 = MARGIN_LEFT + slot * (index + 1) - slot * 0.18
        height = plot_h * count / top
        colour = DONT_KNOW if show_dont_know and index == len(counts) - 1 else BAR
        if count:
            draw.rectangle([(x0, base_y - height), (x1, base_y)], fill=colour)
        _centred(draw, (x0 + x1) / 2, base_y - height - 30, str(count), _font(22, bold=True))
        _centred(draw, (x0 + x1) / 2, base_y + 12, name, _font(24))
    _axis_title(draw, labels.answers)
    legend = []
    for value, label, colour in (
        (summary.get("mean"), labels.mean, MEAN),
        (summary.get("previous_mean"), labels.previous, PREVIOUS),
    ):
        if value is not None:
            _marker(draw, float(value), colour, slot, scale_min)
            legend.append((f"{label} {format_number(value)}", colour))
    _legend(draw, legend)
    return _png(image)


def _tick(largest: int) -> int:
    """A round grid step (1, 2 or 5 times a power of ten) giving at most five lines."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if largest <= step * factor * 5:
                return step * factor
        step *= 10


def _axis_title(draw, text: str) -> None:
    draw.text((12, 18), text, font=_font(20), fill=TEXT)


def _marker(draw, value: float, colour, slot: float, scale_min: int) -> None:
    """A dashed vertical line at ``value`` on the score axis."""
    x = MARGIN_LEFT + slot * (value - scale_min + 0.5)
    y = MARGIN_TOP - 10
    while y < HEIGHT - MARGIN_BOTTOM:
        draw.line([(x, y), (x, min(y + 12, HEIGHT - MARGIN_BOTTOM))], fill=colour, width=4)
        y += 20


def _legend(draw, entries: list[tuple[str, tuple]]) -> None:
    """Right-aligned legend entries at the top: a dash in the line's colour, then the text."""
    font = _font(22, bold=True)
    right = WIDTH - MARGIN_RIGHT
    for text, colour in reversed(entries):
        width = draw.textlength(text, font=font)
        draw.text((right - width, 16), text, font=font, fill=colour)
        draw.line([(right - width - 40, 30), (right - width - 12, 30)], fill=colour, width=4)
        right -= width + 70


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def trend_chart(
    series: list[Point],
    baseline: Point | None,
    target: Point | None,
    labels: TrendLabels,
    format_number,
) -> bytes:
    """The values as a line over the years, the baseline as a ring, and a dashed straight path
    from the baseline (or first value) to a numeric target, like the evidence pages draw it."""
    series = sorted(series)
    start = baseline or (series[0] if series else None)
    path = [start, target] if target and start else []
    everything = series + ([baseline] if baseline else []) + path
    years = [year for year, _ in everything]
    first, last = min(years), max(years)
    if first == last:
        first, last = first - 1, last + 1
    ticks = nice_ticks(min(v for _, v in everything), max(v for _, v in everything))
    low, high = ticks[0], ticks[-1]
    left, right, top, bottom = 150, WIDTH - 50, 80, TREND_HEIGHT - 70
    image = Image.new("RGB", (WIDTH, TREND_HEIGHT), "white")
    draw = ImageDraw.Draw(image)

    def at(point: Point) -> tuple[float, float]:
        year, value = point
        return (
            left + (year - first) / (last - first) * (right - left),
            bottom - (value - low) / (high - low) * (bottom - top),
        )

    for tick in ticks:
        y = at((first, tick))[1]
        draw.line([(left, y), (right, y)], fill=GRID, width=2)
        text = format_number(tick)
        draw.text(
            (left - 14 - draw.textlength(text, font=_font(20)), y - 12),
            text,
            font=_font(20),
            fill=TEXT,
        )
    step = max(1, math.ceil((last - first) / 10))
    for year in range(first, last + 1, step):
        _centred(draw, at((year, low))[0], bottom + 14, str(year), _font(20))
    _axis_title(draw, labels.unit)
    legend = []
    if path:
        _dashed(draw, at(path[0]), at(path[1]), TARGET_PATH)
        x, y = at(path[1])
        draw.polygon([(x, y - 12), (x + 12, y), (x, y + 12), (x - 12, y)], fill=TARGET_PATH)
        legend.append((labels.target, TARGET_PATH))
    if baseline:
        x, y = at(baseline)
        draw.ellipse([(x - 11, y - 11), (x + 11, y + 11)], fill="white", outline=BASELINE, width=4)
        legend.append((labels.baseline, BASELINE))
    if series:
        points = [at(point) for point in series]
        if len(points) > 1:
            draw.line(points, fill=VALUES, width=6, joint="curve")
        for x, y in points:
            draw.ellipse([(x - 8, y - 8), (x + 8, y + 8)], fill=VALUES)
        x, y = points[-1]
        text = format_number(series[-1][1])
        width = draw.textlength(text, font=_font(22, bold=True))
        draw.text(
            (min(x - width / 2, right - width), y - 44),
            text,
            font=_font(22, bold=True),
            fill=VALUES,
        )
        legend.append((labels.values, VALUES))
    _legend(draw, legend[::-1])
    return _png(image)


def _dashed(draw, start, end, colour) -> None:
    """A dashed straight line from ``start`` to ``end``."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    dash, gap = 18, 12
    position = 0.0
    while position < length:
        a, b = position / length, min(position + dash, length) / length
        draw.line(
            [(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
            fill=colour,
            width=5,
        )
        position += dash + gap


def _fit(draw, text: str, font, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _two_lines(draw, text: str, font, width: float) -> list[str]:
    """``text`` in at most two lines of ``width`` pixels, broken between words."""
    words, first = text.split(), ""
    while words and draw.textlength(f"{first} {words[0]}".strip(), font=font) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # a single word longer than the line
        return [_fit(draw, text, font, width)]
    return [first] + ([_fit(draw, " ".join(words), font, width)] if words else [])


def funding_bars(rows: list[tuple[str, int]], format_money) -> bytes:
    """Horizontal bars of public funding (cents) per focus area, each with its sum."""
    height = 30 + BAR_ROW * max(1, len(rows))
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    largest = max((cents for _, cents in rows), default=0) or 1
    left, value_room = BAR_LABEL_WIDTH + 20, 190
    span = WIDTH - left - value_room
    for index, (label, cents) in enumerate(rows):
        top = 20 + index * BAR_ROW
        font = _font(21)
        lines = _two_lines(draw, label, font, BAR_LABEL_WIDTH)
        y = top + BAR_ROW / 2 - 2 - 13 * len(lines)
        for line in lines:
            width = draw.textlength(line, font=font)
            draw.text((BAR_LABEL_WIDTH - width, y), line, font=font, fill=TEXT)
            y += 26
        end = left + span * cents / largest
        if cents:
            draw.rectangle([(left, top + 8), (end, top + BAR_ROW - 12)], fill=BAR)
        draw.text((end + 12, top + 12), format_money(cents), font=_font(22, bold=True), fill=TEXT)
    draw.line([(left, 14), (left, height - 8)], fill=TEXT, width=2)
    return _png(image)
