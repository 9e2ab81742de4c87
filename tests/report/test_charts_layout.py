"""The draft's charts: no two labels overlap and every label lies inside the picture, measured
with the boxes Pillow sets the texts in, for long names, many bars and wide numbers."""

import io
import itertools

import pytest
from PIL import Image

from workshop.report.charts import (
    ChartLabels,
    TrendLabels,
    distribution_chart,
    funding_bars,
    trend_chart,
)
from workshop.report.labels import format_million_euros, format_value

LONG_AREAS = [
    "Kansainvälisesti kilpailukykyinen ja kiinnostava sijoittumisympäristö",
    "Verkostoitunut innovaatiotoiminta ja vahvat ekosysteemit ja TKI-toiminta",
    "Kestävä rakentaminen, logistiikka ja liikkuminen",
    "Pohjoispohjalaisen elintarviketuotantoketjun kilpailukyvynparantamismahdollisuudet",
    "Digitaaliset palvelut ja tuotteet",
]


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_clear_layout(png: bytes, boxes: list) -> None:
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    assert boxes
    for text, (x0, y0, x1, y1) in boxes:
        assert min(x0, y0) >= 0 and x1 <= width and y1 <= height, text
    for (text_a, a), (text_b, b) in itertools.combinations(boxes, 2):
        assert not _overlaps(a, b), (text_a, text_b)


@pytest.mark.parametrize("scale", [(1, 5), (0, 10)])
@pytest.mark.parametrize("locale", ["fi", "en"])
def test_score_distribution_labels_never_collide(scale, locale):
    low, high = scale
    counts = {str(value): 90 + value * 7 for value in range(low, high + 1)}
    summary = {
        "distribution": counts,
        "dont_know": 180,
        "mean": (low + high) / 2 + 0.02,
        "previous_mean": (low + high) / 2 - 0.4,
    }
    labels = ChartLabels(
        dont_know="En osaa sanoa" if locale == "fi" else "Don't know",
        mean="keskiarvo edellisellä arviointikierroksella",
        previous="edellinen arviointikierros (Vuosiarviointi 2025)",
        answers="Vastauksia",
    )
    boxes: list = []
    png = distribution_chart(
        summary, low, high, labels, lambda v: format_value(v, locale), boxes=boxes
    )
    assert_clear_layout(png, boxes)
    # Every count and every score is labelled, the legend names both means.
    texts = [text for text, _ in boxes]
    assert all(str(count) in texts for count in counts.values())
    assert any(text.startswith("keskiarvo") for text in texts)


def test_trend_labels_never_collide_with_a_latest_value_at_the_top_right():
    series = [(year, 1_000_000 + (year - 2000) * 150_000) for year in range(2000, 2025)]
    boxes: list = []
    png = trend_chart(
        series,
        (1999, 900_000.5),
        (2030, 6_000_000),
        TrendLabels("Arvot", "Lähtötaso", "Polku tavoitteeseen", "euroa vuodessa"),
        lambda v: format_value(v, "fi"),
        boxes=boxes,
    )
    assert_clear_layout(png, boxes)


def test_funding_bar_names_wrap_between_words_without_collisions():
    rows = [(name, cents) for name, cents in zip(LONG_AREAS, [9e8, 4e8, 12e8, 1e8, 0], strict=True)]
    boxes: list = []
    png = funding_bars(rows, lambda c: format_million_euros(c, "fi"), boxes=boxes)
    assert_clear_layout(png, boxes)
    lines = [text for text, _ in boxes if "M€" not in text]
    # Every word of every name is shown whole: nothing cut, nothing elided.
    assert " ".join(lines).split() == " ".join(name for name, _ in rows).split()
    assert not any("…" in line for line in lines)
