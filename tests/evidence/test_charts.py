"""Trend charts: accessible SVG with the values, the baseline and the path to the target."""

import math
import xml.etree.ElementTree as ET

import pytest

from workshop.evidence import charts, services

SVG = "{http://www.w3.org/2000/svg}"


def row_of(strategy, key, locale="fi"):
    return next(row for row in services.indicator_rows(strategy, locale) if row.key == key)


def parse(markup) -> ET.Element:
    return ET.fromstring(
        str(markup).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    )


def test_chart_is_an_image_with_title_and_a_description_of_every_value(strategy):
    services.set_indicator_value(strategy, "tk-menot", 2021, 779.4)
    services.set_indicator_value(strategy, "tk-menot", 2023, 838)
    svg = parse(charts.trend_chart(row_of(strategy, "tk-menot"), "c1", "fi"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "Pohjois-Pohjanmaan T&K-menot"
    description = svg.find(f"{SVG}desc").text
    assert "Lähtötaso 732,6 (2019)" in description
    assert "Tavoite 0,9 mrd/€ (2025)" in description
    assert "2021: 779,4; 2023: 838" in description


def test_numeric_target_draws_the_path_and_values_in_order(strategy):
    services.set_indicator_value(strategy, "tk-menot", 2023, 838)
    services.set_indicator_value(strategy, "tk-menot", 2021, 779.4)
    svg = parse(charts.trend_chart(row_of(strategy, "tk-menot"), "c", "fi"))
    path = svg.find(f"{SVG}line[@class='chart__path']")
    assert path is not None
    assert svg.find(f"{SVG}path[@class='chart__target']") is not None
    assert svg.find(f"{SVG}circle[@class='chart__baseline']") is not None
    points = svg.find(f"{SVG}polyline").get("points").split()
    xs = [float(point.split(",")[0]) for point in points]
    assert xs == sorted(xs) and len(xs) == 2
    # The path ends at the target, which is the highest value: at the top of the plot.
    assert float(path.get("y2")) < float(path.get("y1"))


def test_growth_target_has_no_path_line(strategy):
    services.set_indicator_value(strategy, "yrityskanta", 2021, 23702)
    svg = parse(charts.trend_chart(row_of(strategy, "yrityskanta"), "c", "fi"))
    assert svg.find(f"{SVG}line[@class='chart__path']") is None
    assert len(svg.findall(f"{SVG}circle")) == 2  # the baseline and one value


def test_chart_without_any_numbers_says_so(strategy):
    svg = parse(charts.trend_chart(row_of(strategy, "tki-rahoitus"), "c", "en"))
    assert "No values yet." in svg.find(f"{SVG}desc").text
    assert svg.find(f"{SVG}text").text == "No values yet."


def test_small_chart_has_no_axis_labels(strategy):
    services.set_indicator_value(strategy, "yrityskanta", 2021, 23702)
    markup = str(charts.trend_chart(row_of(strategy, "yrityskanta"), "c", "fi", small=True))
    assert "chart--small" in markup
    assert "chart__label" not in markup


def test_names_with_markup_are_escaped(strategy):
    indicator = services.get_indicator(strategy, "yrityskanta")
    indicator.name = '<script>alert("x")</script> & co'
    markup = str(charts.trend_chart(row_of(strategy, "yrityskanta"), "c", "fi"))
    assert "<script>" not in markup
    parse(markup)  # still well-formed


@pytest.mark.parametrize(
    ("low", "high"), [(0, 1), (732.6, 900), (23153, 24120), (5, 5), (-3, 12), (0.01, 0.05)]
)
def test_ticks_are_round_and_span_the_values(low, high):
    ticks = charts.nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    assert 2 <= len(ticks) <= 7
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    step = next(iter(steps))
    assert round(step / 10 ** math.floor(math.log10(step)), 6) in {1, 2, 2.5, 5}
