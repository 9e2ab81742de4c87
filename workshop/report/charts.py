"""Chart images for the update draft: the distribution of one question's scores, as PNG."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

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


@dataclass(frozen=True)
class ChartLabels:
    """The translated words a chart shows."""

    dont_know: str
    mean: str
    previous: str
    answers: str


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
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


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
