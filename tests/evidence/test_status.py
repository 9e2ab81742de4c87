"""Status rules: the straight path to a numeric target, growth every year, steady growth,
no data, and each of the built-in strategy's seven indicators."""

import pytest

from workshop.evidence.status import Rule, Status, Target, expected_on_path, judge, rule_for

RD_SPENDING = Target(2019, 732.6, 2025, 900.0, "0,9 mrd/€")
RD_PERSONNEL = Target(2019, 8329, 2025, 8929, "+600 hlöä")
COMPANIES = Target(2019, 23153, 2025, None, "Kasvaa vuosittain")
PATENTS = Target(2020, 94, 2025, None, "Tasainen kasvu")
RDI_FUNDING = Target(None, None, 2025, None, "Tasainen kasvu")


def test_the_path_runs_straight_from_baseline_to_target():
    start = (2019, 732.6)
    assert expected_on_path(RD_SPENDING, start, 2019) == 732.6
    assert expected_on_path(RD_SPENDING, start, 2022) == pytest.approx(816.3)
    assert expected_on_path(RD_SPENDING, start, 2025) == 900.0
    # Past the target year the target itself is asked for; before the start, the start.
    assert expected_on_path(RD_SPENDING, start, 2027) == 900.0
    assert expected_on_path(RD_SPENDING, start, 2015) == 732.6


def test_numeric_target_on_track_at_or_above_the_path():
    judged = judge(RD_SPENDING, [(2022, 816.3)])
    assert judged.status is Status.ON_TRACK
    assert judged.rule is Rule.LINEAR_PATH
    assert judged.expected_value == pytest.approx(816.3)
    assert judge(RD_SPENDING, [(2022, 900)]).status is Status.ON_TRACK


def test_numeric_target_off_track_below_the_path():
    judged = judge(RD_SPENDING, [(2021, 790), (2022, 800)])
    assert judged.status is Status.OFF_TRACK
    assert (judged.latest_year, judged.latest_value) == (2022, 800)


def test_only_the_latest_value_counts_for_a_numeric_target():
    assert judge(RD_PERSONNEL, [(2020, 8300), (2023, 8800)]).status is Status.ON_TRACK
    assert judge(RD_PERSONNEL, [(2020, 8500), (2023, 8600)]).status is Status.OFF_TRACK


def test_a_falling_target_is_on_track_at_or_below_the_path():
    emissions = Target(2020, 100, 2030, 50, "-50 %")
    assert judge(emissions, [(2025, 75)]).status is Status.ON_TRACK
    assert judge(emissions, [(2025, 70)]).status is Status.ON_TRACK
    assert judge(emissions, [(2025, 80)]).status is Status.OFF_TRACK


def test_a_numeric_target_without_baseline_starts_from_the_first_value():
    target = Target(None, None, 2025, 200, "200")
    assert judge(target, [(2021, 100), (2023, 150)]).status is Status.ON_TRACK
    assert judge(target, [(2021, 100), (2023, 120)]).status is Status.OFF_TRACK
    assert judge(target, [(2021, 100)]).status is Status.NO_DATA


def test_growth_every_year_is_on_track_when_each_change_is_an_increase():
    judged = judge(COMPANIES, [(2020, 23390), (2021, 23702), (2022, 23800)])
    assert judged.status is Status.ON_TRACK
    assert judged.rule is Rule.ANNUAL_GROWTH


def test_growth_every_year_is_off_track_after_any_fall_or_standstill():
    assert judge(COMPANIES, [(2020, 23390), (2021, 23300), (2022, 24000)]).status is (
        Status.OFF_TRACK
    )
    assert judge(COMPANIES, [(2020, 23390), (2021, 23390)]).status is Status.OFF_TRACK


def test_growth_every_year_counts_the_baseline_as_the_first_year():
    assert judge(COMPANIES, [(2020, 23000)]).status is Status.OFF_TRACK
    assert judge(COMPANIES, [(2020, 23200)]).status is Status.ON_TRACK


def test_values_are_judged_in_year_order_whatever_order_they_came_in():
    assert judge(COMPANIES, [(2022, 23800), (2020, 23390), (2021, 23702)]).status is (
        Status.ON_TRACK
    )


def test_a_value_for_the_baseline_year_replaces_the_baseline():
    judged = judge(COMPANIES, [(2019, 23000), (2020, 23100)])
    assert judged.status is Status.ON_TRACK


def test_steady_growth_tolerates_a_dip_when_the_trend_rises():
    judged = judge(PATENTS, [(2021, 101), (2022, 97), (2023, 108), (2024, 112)])
    assert judged.status is Status.ON_TRACK
    assert judged.rule is Rule.STEADY_GROWTH


def test_steady_growth_is_off_track_when_the_trend_falls_or_ends_below_the_start():
    assert judge(PATENTS, [(2021, 90), (2022, 85)]).status is Status.OFF_TRACK
    # A rising slope that still ends below where it began is not growth.
    assert judge(PATENTS, [(2021, 60), (2022, 130), (2023, 93)]).status is Status.OFF_TRACK


def test_steady_growth_without_baseline_needs_two_values():
    assert judge(RDI_FUNDING, [(2023, 61.2)]).status is Status.NO_DATA
    assert judge(RDI_FUNDING, [(2023, 61.2), (2024, 66.0)]).status is Status.ON_TRACK


@pytest.mark.parametrize("target", [RD_SPENDING, COMPANIES, PATENTS, RDI_FUNDING])
def test_no_values_is_no_data(target):
    judged = judge(target, [])
    assert judged.status is Status.NO_DATA
    assert judged.latest_year is None


def test_an_unknown_target_text_is_shown_but_not_judged():
    target = Target(2019, 10, 2025, None, "Pysyy ennallaan")
    assert rule_for(target) is Rule.NOT_JUDGED
    assert judge(target, [(2022, 12)]).status is Status.NOT_JUDGED
    assert judge(target, []).status is Status.NO_DATA


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Kasvaa vuosittain", Rule.ANNUAL_GROWTH),
        ("kasvaa  vuosittain.", Rule.ANNUAL_GROWTH),
        ("Increases annually", Rule.ANNUAL_GROWTH),
        ("grows every year", Rule.ANNUAL_GROWTH),
        ("Tasainen kasvu", Rule.STEADY_GROWTH),
        ("Steady growth", Rule.STEADY_GROWTH),
        ("", Rule.NOT_JUDGED),
    ],
)
def test_target_texts_in_finnish_and_english(text, rule):
    assert rule_for(Target(target_text=text)) is rule


def test_the_rule_of_each_built_in_indicator(strategy_version):
    rules = {
        indicator.key: rule_for(
            Target(
                indicator.baseline_year,
                indicator.baseline_value,
                indicator.target_year,
                indicator.target_value,
                indicator.target_text,
            )
        )
        for indicator in strategy_version.indicators
    }
    assert rules == {
        "yrityskanta": Rule.ANNUAL_GROWTH,
        "liikevaihto": Rule.ANNUAL_GROWTH,
        "vientiliikevaihto": Rule.ANNUAL_GROWTH,
        "tk-menot": Rule.LINEAR_PATH,
        "tk-henkilosto": Rule.LINEAR_PATH,
        "patenttihakemukset": Rule.STEADY_GROWTH,
        "tki-rahoitus": Rule.STEADY_GROWTH,
    }
