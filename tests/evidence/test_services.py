"""Keeping evidence: values survive new strategy versions, re-import updates, bad files
import nothing, and the rows the Word report uses."""

import pytest
from sqlalchemy import func, select

from tests.evidence.conftest import PROJECT_HEADER_FI, finnish_csv, plain_csv
from workshop.errors import NotFound
from workshop.evidence import services
from workshop.evidence.csvimport import CsvImportError
from workshop.evidence.models import FundedProject, IndicatorValue
from workshop.evidence.status import Status
from workshop.extensions import db
from workshop.strategy import services as strategy_services


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_importing_the_same_values_twice_doubles_nothing(strategy, example_values):
    first = services.import_indicator_values(strategy, example_values)
    db.session.commit()
    second = services.import_indicator_values(strategy, example_values)
    db.session.commit()
    assert (first.created, first.updated, first.unchanged) == (31, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 31)
    assert count(IndicatorValue) == 31


def test_reimport_updates_a_changed_value(strategy):
    services.import_indicator_values(
        strategy, plain_csv("indicator,year,value", "yrityskanta,2021,1")
    )
    summary = services.import_indicator_values(
        strategy, plain_csv("indicator,year,value", "yrityskanta,2021,2", "yrityskanta,2022,3")
    )
    assert (summary.created, summary.updated) == (1, 1)
    values = services.indicator_values(strategy)["yrityskanta"]
    assert [(v.year, v.value) for v in values] == [(2021, 2.0), (2022, 3.0)]


def test_a_bad_file_imports_nothing_not_even_its_good_rows(strategy):
    data = plain_csv("indicator,year,value", "yrityskanta,2021,1", "yrityskanta,2022,x")
    with pytest.raises(CsvImportError):
        services.import_indicator_values(strategy, data)
    assert count(IndicatorValue) == 0


def test_values_survive_a_new_version_of_the_strategy(strategy, builtin_strategy_data):
    services.set_indicator_value(strategy, "tk-menot", 2023, 838.0, "TK")
    db.session.commit()
    strategy_services.load_strategy(builtin_strategy_data)
    db.session.commit()
    rows = {row.key: row for row in services.indicator_rows(strategy)}
    assert rows["tk-menot"].latest_value == 838.0
    assert rows["tk-menot"].indicator.version.number == 2


def test_a_value_for_an_unknown_indicator_is_refused(strategy):
    with pytest.raises(NotFound):
        services.set_indicator_value(strategy, "nope", 2023, 1)


def test_setting_a_value_again_replaces_it(strategy):
    services.set_indicator_value(strategy, "yrityskanta", 2023, 1)
    services.set_indicator_value(strategy, "yrityskanta", 2023, 2, "uusi")
    [value] = db.session.scalars(select(IndicatorValue)).all()
    assert (value.value, value.source) == (2, "uusi")


def test_deleting_a_missing_value_is_not_found(strategy):
    with pytest.raises(NotFound):
        services.delete_indicator_value(strategy, "yrityskanta", 1999)


def test_indicator_rows_for_the_report(strategy, example_values):
    services.import_indicator_values(strategy, example_values)
    rows = services.indicator_rows(strategy, "en")
    assert [row.key for row in rows][:2] == ["yrityskanta", "liikevaihto"]
    by_key = {row.key: row for row in rows}
    companies = by_key["yrityskanta"]
    assert companies.name == "Number of companies"
    assert (companies.baseline_year, companies.baseline_value) == (2019, 23153)
    assert companies.target_text == "Increases annually"
    assert (companies.latest_year, companies.latest_value) == (2024, 24120)
    # The example data has a dip in 2022.
    assert companies.status == Status.OFF_TRACK
    statuses = {key: row.status for key, row in by_key.items()}
    assert statuses == {
        "yrityskanta": Status.OFF_TRACK,
        "liikevaihto": Status.ON_TRACK,
        "vientiliikevaihto": Status.OFF_TRACK,
        "tk-menot": Status.ON_TRACK,
        "tk-henkilosto": Status.OFF_TRACK,
        "patenttihakemukset": Status.ON_TRACK,
        "tki-rahoitus": Status.ON_TRACK,
    }


def test_indicator_rows_without_values_say_no_data(strategy):
    assert {row.status for row in services.indicator_rows(strategy, "fi")} == {Status.NO_DATA}


def test_projects_imported_twice_are_not_doubled(strategy, example_projects):
    first = services.import_projects(strategy, example_projects)
    db.session.commit()
    second = services.import_projects(strategy, example_projects)
    db.session.commit()
    assert (first.created, second.created, second.unchanged) == (30, 0, 30)
    assert count(FundedProject) == 30


def test_a_project_imported_again_with_changes_is_updated(strategy):
    row = "A-1;Nimi;Org;Ohjelma;{eu};0;;;;Oulu;energia"
    services.import_projects(strategy, finnish_csv(PROJECT_HEADER_FI, row.format(eu="1 000")))
    summary = services.import_projects(
        strategy, finnish_csv(PROJECT_HEADER_FI, row.format(eu="2 000").replace("A-1", "a-1"))
    )
    assert (summary.created, summary.updated) == (0, 1)
    [project] = db.session.scalars(select(FundedProject)).all()
    assert project.eu_funding_cents == 200_000


def test_a_bad_project_file_imports_nothing(strategy):
    data = finnish_csv(
        PROJECT_HEADER_FI,
        "A-1;Nimi;Org;Ohjelma;1;0;;;;Oulu;energia",
        "A-2;Nimi;Org;Ohjelma;1;0;;;;Oulu;ei-ole",
    )
    with pytest.raises(CsvImportError):
        services.import_projects(strategy, data)
    assert count(FundedProject) == 0


@pytest.mark.parametrize(
    ("value", "locale", "text"),
    [(23153, "fi", "23\u00a0153"), (24.2, "fi", "24,2"), (24.2, "en", "24.2"), (None, "fi", "–")],
)
def test_values_are_formatted_for_the_language(value, locale, text):
    assert services.format_value(value, locale) == text


def test_euros_are_formatted_for_the_language():
    assert services.format_euros(123_456_789, "fi") == "1\u00a0234\u00a0568\u00a0€"
    assert services.format_million_euros(123_456_789, "fi") == "1,2\u00a0M€"
