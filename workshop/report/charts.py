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
WIDTH, HEIGHT = 1200, 500
# The top margin leaves the legend's row above the tallest bar's count.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 74, 30, 110, 80
LEGEND_ROW = 30
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


class Labels:
    """Draws a chart's texts and keeps the box each one covers, as Pillow sets it, so tests
    can check that no two labels overlap and each lies inside the image."""

    def __init__(self, draw):
        self.draw = draw
        self.boxes: list[tuple[str, tuple[float, float, float, float]]] = []

    def text(self, x: float, y: float, text: str, font, fill=TEXT, *, backing=False) -> None:
        box = self.draw.textbbox((x, y), text, font=font)
        if backing:
            # A white ground, so a marker line behind the label does not strike it through.
            self.draw.rectangle([(box[0] - 4, box[1] - 3), (box[2] + 4, box[3] + 3)], fill="white")
        self.draw.text((x, y), text, font=font, fill=fill)
        self.boxes.append((text, box))

    def centred(self, x: float, y: float, text: str, font, fill=TEXT, *, backing=False) -> None:
        self.text(
            x - self.draw.textlength(text, font=font) / 2, y, text, font, fill, backing=backing
        )

    def width(self, text: str, font) -> float:
        return self.draw.textlength(text, font=font)


def _keep(labels: Labels, boxes: list | None) -> None:
    if boxes is not None:
        boxes.extend(labels.boxes)


def wrap(labels: Labels, text: str, size: int, width: float, *, max_lines: int = 99, min_size=12):
    """``text`` in at most ``max_lines`` lines no wider than ``width`` pixels, broken only
    between words, and the font: when it does not fit, the font gets smaller rather than a
    word break or collide."""
    for points in range(size, min_size - 1, -1):
        font = _font(points)
        lines: list[str] = []
        for word in text.split():
            if lines and labels.width(f"{lines[-1]} {word}", font) <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        fits = all(labels.width(line, font) <= width for line in lines)
        if (fits and len(lines) <= max_lines) or points == min_size:
            return lines or [""], font
    raise AssertionError("unreachable")


def distribution_chart(
    summary: dict,
    scale_min: int,
    scale_max: int,
    labels: ChartLabels,
    format_number,
    *,
    show_dont_know: bool = True,
    boxes: list | None = None,
) -> bytes:
    """Bars of how many gave each score (and "don't know"), with the mean and last round's.

    ``boxes``, when given, receives every label's text and box (tests check the layout).
    """
    values = list(range(scale_min, scale_max + 1))
    distribution = summary.get("distribution") or {}
    counts = [int(distribution.get(str(value), 0)) for value in values]
    names = [str(value) for value in values]
    if show_dont_know:
        counts.append(int(summary.get("dont_know") or 0))
        names.append(labels.dont_know)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    texts = Labels(draw)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    tick = _tick(max(counts, default=0))
    top = tick * max(1, math.ceil(max(counts, default=0) / tick))
    slot = plot_w / len(counts)
    base_y = MARGIN_TOP + plot_h
    for step in range(top // tick + 1):
        y = base_y - plot_h * step * tick / top
        draw.line([(MARGIN_LEFT, y), (WIDTH - MARGIN_RIGHT, y)], fill=GRID, width=2)
        texts.centred(MARGIN_LEFT - 32, y - 12, str(step * tick), _font(20))
    bars = []
    for index, count in enumerate(counts):
        x0 = MARGIN_LEFT + slot * index + slot * 0.18
        x1 = MARGIN_LEFT + slot * (index + 1) - slot * 0.18
        height = plot_h * count / top
        colour = DONT_KNOW if show_dont_know and index == len(counts) - 1 else BAR
        if count:
            draw.rectangle([(x0, base_y - height), (x1, base_y)], fill=colour)
        bars.append(((x0 + x1) / 2, base_y - height))
    legend = []
    for value, label, colour in (
        (summary.get("mean"), labels.mean, MEAN),
        (summary.get("previous_mean"), labels.previous, PREVIOUS),
    ):
        if value is not None:
            _marker(draw, float(value), colour, slot, scale_min)
            legend.append((f"{label} {format_number(value)}", colour))
    # The counts go on top of the marker lines, each on a white ground.
    for (x, bar_top), count in zip(bars, counts, strict=True):
        texts.centred(x, bar_top - 32, str(count), _font(22, bold=True), backing=True)
    for (x, _), name in zip(bars, names, strict=True):
        lines, font = wrap(texts, name, 24, slot * 0.96, max_lines=2)
        for line_number, line in enumerate(lines):
            texts.centred(x, base_y + 10 + line_number * 28, line, font)
    _axis_title(texts, labels.answers)
    _legend(texts, legend)
    _keep(texts, boxes)
    return _png(image)


def _tick(largest: int) -> int:
    """A round grid step (1, 2 or 5 times a power of ten) giving at most five lines."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if largest <= step * factor * 5:
                return step * factor
        step *= 10


def _axis_title(texts: Labels, text: str) -> None:
    texts.text(12, 18, text, _font(20))


def _marker(draw, value: float, colour, slot: float, scale_min: int) -> None:
    """A dashed vertical line at ``value`` on the score axis."""
    x = MARGIN_LEFT + slot * (value - scale_min + 0.5)
    y = MARGIN_TOP - 10
    while y < HEIGHT - MARGIN_BOTTOM:
        draw.line([(x, y), (x, min(y + 12, HEIGHT - MARGIN_BOTTOM))], fill=colour, width=4)
        y += 20


def _legend(texts: Labels, entries: list[tuple[str, tuple]]) -> None:
    """Right-aligned legend entries at the top, each a dash in the line's colour and the text;
    entries that would reach the axis title at the left go to a second line."""
    font = _font(22, bold=True)
    title_end = max((box[2] for _, box in texts.boxes if box[1] < LEGEND_ROW), default=0)
    right, y = WIDTH - MARGIN_RIGHT, 16
    for text, colour in reversed(entries):
        width = texts.width(text, font)
        if right - width - 40 < title_end + 24 and right < WIDTH - MARGIN_RIGHT:
            right, y = WIDTH - MARGIN_RIGHT, y + LEGEND_ROW
        texts.text(right - width, y, text, font, colour)
        texts.draw.line(
            [(right - width - 40, y + 14), (right - width - 12, y + 14)], fill=colour, width=4
        )
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
    *,
    boxes: list | None = None,
) -> bytes:
    """The values as a line over the years, the baseline as a ring, and a dashed straight path
    from the baseline (or first value) to a numeric target, like the evidence pages draw it.

    ``boxes``, when given, receives every label's text and box (tests check the layout).
    """
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
    image = Image.new("RGB", (WIDTH, TREND_HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    texts = Labels(draw)
    tick_font, year_font, value_font = _font(20), _font(20), _font(22, bold=True)
    tick_texts = [format_number(tick) for tick in ticks]
    # Room at the left for the widest value on the axis, at the top for the legend's rows and
    # the latest value's label above the highest point.
    left = 30 + max(texts.width(text, tick_font) for text in tick_texts)
    right, top, bottom = WIDTH - 50, 120, TREND_HEIGHT - 70

    def at(point: Point) -> tuple[float, float]:
        year, value = point
        return (
            left + (year - first) / (last - first) * (right - left),
            bottom - (value - low) / (high - low) * (bottom - top),
        )

    for tick, text in zip(ticks, tick_texts, strict=True):
        y = at((first, tick))[1]
        draw.line([(left, y), (right, y)], fill=GRID, width=2)
        texts.text(left - 14 - texts.width(text, tick_font), y - 12, text, tick_font)
    # Years far enough apart for their labels: every year, or every second, fifth, ...
    year_room = texts.width("0000", year_font) + 24
    step = next(
        step
        for step in (1, 2, 5, 10, 20, 50, 100, 1000)
        if (right - left) * step / (last - first) >= year_room or step == 1000
    )
    for year in range(first, last + 1, step):
        texts.centred(at((year, low))[0], bottom + 14, str(year), year_font)
    _axis_title(texts, labels.unit)
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
        legend.append((labels.values, VALUES))
    _legend(texts, legend[::-1])
    if series:
        x, y = points[-1]
        text = format_number(series[-1][1])
        width = texts.width(text, value_font)
        texts.text(min(max(x - width / 2, left), right - width), y - 44, text, value_font, VALUES)
    _keep(texts, boxes)
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


def funding_bars(rows: list[tuple[str, int]], format_money, *, boxes: list | None = None) -> bytes:
    """Horizontal bars of public funding (cents) per focus area, each with its sum: a name is
    wrapped onto as many lines as it needs at the left, and each row is as tall as its name.

    ``boxes``, when given, receives every label's text and box (tests check the layout).
    """
    measure = Labels(ImageDraw.Draw(Image.new("RGB", (1, 1))))
    wrapped = [wrap(measure, label, 21, BAR_LABEL_WIDTH, max_lines=3) for label, _ in rows]
    heights = [max(BAR_ROW, 26 * len(lines) + 14) for lines, _ in wrapped]
    height = 30 + sum(heights or [BAR_ROW])
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    texts = Labels(draw)
    largest = max((cents for _, cents in rows), default=0) or 1
    left, value_font = BAR_LABEL_WIDTH + 20, _font(22, bold=True)
    value_room = 20 + max((texts.width(format_money(c), value_font) for _, c in rows), default=0)
    span = WIDTH - left - value_room
    top = 20
    for (_, cents), (lines, font), row_height in zip(rows, wrapped, heights, strict=True):
        y = top + row_height / 2 - 13 * len(lines) - 2
        for line in lines:
            texts.text(BAR_LABEL_WIDTH - texts.width(line, font), y, line, font)
            y += 26
        end = left + span * cents / largest
        if cents:
            draw.rectangle([(left, top + 8), (end, top + row_height - 12)], fill=BAR)
        texts.text(end + 12, top + row_height / 2 - 16, format_money(cents), value_font)
        top += row_height
    draw.line([(left, 14), (left, height - 8)], fill=TEXT, width=2)
    _keep(texts, boxes)
    return _png(image)
