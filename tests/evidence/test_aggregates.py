"""Structural-fund statistics: per focus area with shared projects split, per theme, year and
programme, and the RDI follow-up by focus area."""

import pytest

from tests.evidence.conftest import PROJECT_HEADER_FI, finnish_csv
from workshop.evidence import aggregates, services
from workshop.evidence.status import Status

PROJECTS = finnish_csv(
    PROJECT_HEADER_FI,
    # One focus area.
    "A-1;Yksi;Org;EAKR;600;400;2 000;1.3.2022;;Oulu;energia",
    # Two focus areas of two themes: funding split equally, the odd cent to the first.
    "A-2;Kaksi;Org;EAKR;100,01;0;100,01;1.3.2023;;Oulu;energia|digitaaliset-palvelut",
    # Two focus areas of the same theme: counted once for the theme.
    "A-3;Kolme;Org;Horisontti Eurooppa;1 000;0;1 000;1.1.2023;;Raahe;energia|bio-ja-kiertotalous",
    # No focus area, no start date.
    "A-4;Neljä;Org;Business Finland;0;50;50;;;Kuusamo;",
)


@pytest.fixture
def overview(strategy):
    services.import_projects(strategy, PROJECTS)
    return aggregates.funding_overview(strategy, "fi")


def line(lines, key):
    return next(item for item in lines if item.key == key)


def test_funding_by_focus_area_splits_shared_projects(overview):
    areas = overview["focus_areas"]
    energy = line(areas, "energia")
    assert energy.projects == 3
    assert energy.funding_cents == 100_000 + 5_001 + 50_000
    assert line(areas, "digitaaliset-palvelut").funding_cents == 5_000
    assert line(areas, "bio-ja-kiertotalous").funding_cents == 50_000
    assert line(areas, "innovatiivinen-matkailu").projects == 0
    unassigned = line(areas, aggregates.UNASSIGNED)
    assert (unassigned.projects, unassigned.funding_cents) == (1, 5_000)


def test_sums_over_focus_areas_and_themes_equal_the_total(overview):
    total = overview["total"].funding_cents
    assert total == 100_000 + 10_001 + 100_000 + 5_000
    assert sum(item.funding_cents for item in overview["focus_areas"]) == total
    assert sum(item.funding_cents for item in overview["themes"]) == total
    assert sum(item.total_cost_cents for item in overview["themes"]) == (
        overview["total"].total_cost_cents
    )


def test_funding_by_theme_counts_each_project_once(overview):
    climate = line(overview["themes"], "ilmastoviisas")
    assert climate.projects == 3
    assert climate.funding_cents == 100_000 + 5_001 + 100_000


def test_funding_by_start_year_and_programme(overview):
    assert [(item.key, item.projects, item.funding_cents) for item in overview["years"]] == [
        (2022, 1, 100_000),
        (2023, 2, 110_001),
        (None, 1, 5_000),
    ]
    programmes = [(item.label, item.projects, item.eu_cents) for item in overview["programmes"]]
    assert programmes == [
        ("EAKR", 2, 70_001),
        ("Horisontti Eurooppa", 1, 100_000),
        ("Business Finland", 1, 0),
    ]


def test_rdi_follow_up_by_focus_area_and_year(overview):
    follow = overview["follow_up"]
    assert follow.years == [2022, 2023]
    energy = next(row for row in follow.rows if row.key == "energia")
    assert energy.cents_by_year == {2022: 100_000, 2023: 5_001 + 50_000}
    assert energy.judgement.status is Status.OFF_TRACK  # 1 000 € then 550 €
    bio = next(row for row in follow.rows if row.key == "bio-ja-kiertotalous")
    assert bio.judgement.status is Status.ON_TRACK  # 0 € then 500 €
    assert follow.totals_by_year == {2022: 100_000, 2023: 110_001}
    assert len(follow.rows) == 10


def test_funding_by_focus_area_for_the_report(strategy, example_projects):
    services.import_projects(strategy, example_projects)
    lines = aggregates.funding_by_focus_area(strategy, "en")
    assert lines[0].label == "Digital services and products"
    assert sum(item.projects for item in lines) >= 30
    assert all(item.funding_cents > 0 for item in lines)


def test_no_projects_gives_empty_lines(strategy):
    overview = aggregates.funding_overview(strategy, "fi")
    assert overview["total"].projects == 0
    assert [item.projects for item in overview["focus_areas"]] == [0] * 10
    assert overview["follow_up"].years == []
