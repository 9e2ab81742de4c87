"""Reading CSV files: both dialects, encodings, numbers and dates, and every kind of bad row."""

from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale

from tests.evidence.conftest import PROJECT_HEADER_EN, PROJECT_HEADER_FI, finnish_csv, plain_csv
from workshop.evidence.csvimport import (
    CsvImportError,
    decode,
    parse_date,
    parse_decimal,
    parse_indicator_values,
    parse_projects,
)


@pytest.fixture
def indicators(strategy_version):
    return strategy_version.indicators


@pytest.fixture
def focus_areas(strategy_version):
    return strategy_version.focus_areas


def problems_of(parse, data, items):
    with pytest.raises(CsvImportError) as caught:
        parse(data, items)
    return [(p.line, p.column, p.code) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", Decimal("1234")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234\u00a0567,5", Decimal("1234567.5")),
        ("1\u202f234", Decimal("1234")),
        ("24,2", Decimal("24.2")),
        ("24.2", Decimal("24.2")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("12 345,00 €", Decimal("12345.00")),
        ("\u22123,5", Decimal("-3.5")),
        ("-7", Decimal("-7")),
    ],
)
def test_numbers_in_both_dialects(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,2,3x", "12e5", "nan", "--1", "1 2 3 a"])
def test_what_is_not_a_number(text):
    assert parse_decimal(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.3.2024", date(2024, 3, 1)),
        ("31.12.2025", date(2025, 12, 31)),
        ("2024-03-01", date(2024, 3, 1)),
        ("1.3.2024 0:00", date(2024, 3, 1)),
        ("2024-03-01T00:00:00", date(2024, 3, 1)),
    ],
)
def test_dates_finnish_and_iso(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize("text", ["31.2.2024", "2024/03/01", "maaliskuu", "1.3.24", "3/1/2024"])
def test_what_is_not_a_date(text):
    assert parse_date(text) is None


def test_encodings_utf8_with_and_without_bom_and_windows_1252():
    text = "Hankkeen nimi;Kunta\r\nÄlykäs ratkaisu;Ylivieska\r\n"
    assert decode(text.encode("utf-8")) == text
    assert decode(text.encode("utf-8-sig")) == text
    assert decode(text.encode("cp1252")) == text


def test_indicator_values_in_the_finnish_dialect(indicators):
    data = finnish_csv(
        "Indikaattori;Vuosi;Arvo;Lähde",
        "Yrityskanta;2021;23\u00a0702;Tilastokeskus",
        "Yritysten liikevaihto (mrd);2021;26,3;",
        "tk-menot;2022;812,3;Tilastokeskus",
    )
    rows = parse_indicator_values(data, indicators)
    assert [(r.line, r.indicator_key, r.year, r.value, r.source) for r in rows] == [
        (2, "yrityskanta", 2021, 23702.0, "Tilastokeskus"),
        (3, "liikevaihto", 2021, 26.3, ""),
        (4, "tk-menot", 2022, 812.3, "Tilastokeskus"),
    ]


def test_indicator_values_in_plain_csv_with_english_names(indicators):
    data = plain_csv(
        "indicator,year,value,source",
        'Number of companies,2021,23702,"Statistics Finland, 2022"',
        "R&D expenditure in North Ostrobothnia,2022,812.3,",
    )
    rows = parse_indicator_values(data, indicators)
    assert [(r.indicator_key, r.value, r.source) for r in rows] == [
        ("yrityskanta", 23702.0, "Statistics Finland, 2022"),
        ("tk-menot", 812.3, ""),
    ]


def test_windows_1252_file_with_finnish_letters(indicators):
    data = finnish_csv(
        "indikaattori;vuosi;arvo;lähde",
        "Pohjois-Pohjanmaan T&K-henkilöstön määrä;2022;8502;Tilastokeskus",
        encoding="cp1252",
    )
    [row] = parse_indicator_values(data, indicators)
    assert row.indicator_key == "tk-henkilosto"


def test_every_bad_indicator_row_and_column_is_reported(indicators):
    data = finnish_csv(
        "indikaattori;vuosi;arvo;lähde",
        "yrityskanta;2021;23 702;",  # good
        "tuntematon;2021;5;",  # unknown indicator
        "yrityskanta;21;5;",  # not a year
        "yrityskanta;2022;paljon;",  # not a number
        "yrityskanta;2023;;",  # value missing
        ";2023;5;",  # indicator missing
        "yrityskanta;2021;23 800;",  # the same year again
        "yrityskanta;2024;1;" + "x" * 301,  # source too long
        "liikevaihto;1850;abc;",  # two problems on one row
        "yrityskanta;2025;1;;extra",  # more fields than the header
    )
    assert problems_of(parse_indicator_values, data, indicators) == [
        (3, "indikaattori", "unknown_indicator"),
        (4, "vuosi", "not_a_year"),
        (5, "arvo", "not_a_number"),
        (6, "arvo", "required"),
        (7, "indikaattori", "required"),
        (8, "vuosi", "duplicate_value"),
        (9, "lähde", "too_long"),
        (10, "vuosi", "not_a_year"),
        (10, "arvo", "not_a_number"),
        (11, "", "extra_fields"),
    ]


def test_missing_and_duplicate_columns_are_reported_before_rows(indicators):
    assert problems_of(parse_indicator_values, plain_csv("indicator,value", "x,1"), indicators) == [
        (1, "", "missing_column")
    ]
    data = plain_csv("indicator,year,value,arvo", "yrityskanta,2021,1,2")
    assert problems_of(parse_indicator_values, data, indicators) == [
        (1, "arvo", "duplicate_column")
    ]


def test_missing_column_is_named_in_english_and_finnish(indicators):
    with pytest.raises(CsvImportError) as caught:
        parse_indicator_values(plain_csv("indicator,value", "x,1"), indicators)
    with force_locale("en"):
        assert str(caught.value.problems[0]) == "line 1: The column year / vuosi is missing."


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"\r\n  \r\n", "empty_file"),
        (b"indicator,year,value\n", "no_rows"),
        (b"indicator,year,value\n,,\n , ,\n", "no_rows"),
        (b"\x81\x8d\x8f\x90\x9d indicator", "encoding"),
    ],
)
def test_empty_and_unreadable_files(indicators, data, code):
    assert problems_of(parse_indicator_values, data, indicators) == [(0, "", code)]


def test_blank_rows_and_unknown_columns_are_ignored(indicators):
    data = finnish_csv(
        "Huomautus;indikaattori;vuosi;arvo",
        ";;;",
        "tarkistettu;yrityskanta;2021;23702",
        ";;;",
    )
    [row] = parse_indicator_values(data, indicators)
    assert (row.line, row.value) == (3, 23702.0)


def test_projects_in_the_finnish_dialect(focus_areas):
    data = finnish_csv(
        PROJECT_HEADER_FI,
        "ESIM-1;Vetypilotti;Esimerkki Oy;Uudistuva ja osaava Suomi 2021–2027 (EAKR);"
        "1 200 000,50;800\u00a0000,00;2 500 000;1.3.2023;28.2.2026;Raahe;"
        "Energiatuotanto ja varastointi | Uudistuva ja vähäpäästöinen teollisuus",
    )
    [project] = parse_projects(data, focus_areas)
    assert project.code == "ESIM-1"
    assert project.eu_funding_cents == 120_000_050
    assert project.national_funding_cents == 80_000_000
    assert project.total_cost_cents == 250_000_000
    assert (project.start_date, project.end_date) == (date(2023, 3, 1), date(2026, 2, 28))
    # Found by an alias of the seed and by title.
    assert project.focus_area_keys == ("energia", "uudistuva-teollisuus")


def test_projects_in_plain_csv_with_keys_and_iso_dates(focus_areas):
    data = plain_csv(
        PROJECT_HEADER_EN,
        'P-2,Hydrogen pilot,Example Ltd,Horizon Europe,"1,200,000.50",0,,2023-03-01,,Oulu,'
        "energia|Smart food production",
    )
    [project] = parse_projects(data, focus_areas)
    assert project.eu_funding_cents == 120_000_050
    assert project.total_cost_cents == 120_000_050  # no total given: the public funding
    assert project.end_date is None
    assert project.focus_area_keys == ("energia", "elintarviketuotanto")


def test_every_bad_project_row_and_column_is_reported(focus_areas):
    good = "Nimi;Org;Ohjelma;1 000;500;2 000;1.1.2023;31.12.2024;Oulu;energia"
    data = finnish_csv(
        PROJECT_HEADER_FI,
        "A-1;" + good,
        "A-2;Nimi;Org;Ohjelma;-5;500;;;;Oulu;energia",  # negative
        "A-3;Nimi;Org;Ohjelma;tuhat;500;;;;Oulu;energia",  # not a number
        "A-4;Nimi;Org;Ohjelma;1;1;;31.2.2023;;Oulu;energia",  # not a date
        "A-5;Nimi;Org;Ohjelma;1;1;;1.1.2024;1.1.2023;Oulu;energia",  # end before start
        "A-6;Nimi;Org;Ohjelma;1;1;;;;Oulu;Kuukävely",  # unknown focus area
        ";Nimi;Org;Ohjelma;1;1;;;;Oulu;energia",  # code missing
        "A-1;" + good,  # the same code again
        "A-8;;Org;;;1;;;;Oulu;energia",  # name, programme and EU funding missing
        "A-9;Nimi;Org;Ohjelma;1e99;1;;;;Oulu;energia",  # not a number
        "A-10;Nimi;Org;Ohjelma;9 999 999 999 999;1;;;;Oulu;energia",  # too large
    )
    assert problems_of(parse_projects, data, focus_areas) == [
        (3, "EU-rahoitus (€)", "negative"),
        (4, "EU-rahoitus (€)", "not_a_number"),
        (5, "Alkupäivä", "not_a_date"),
        (6, "Loppupäivä", "end_before_start"),
        (7, "Painopistealat", "unknown_focus_area"),
        (8, "Hankekoodi", "required"),
        (9, "Hankekoodi", "duplicate_project"),
        (10, "Hankkeen nimi", "required"),
        (10, "Rahoitusohjelma", "required"),
        (10, "EU-rahoitus (€)", "required"),
        (11, "EU-rahoitus (€)", "not_a_number"),
        (12, "EU-rahoitus (€)", "too_large"),
    ]


def test_a_quoted_value_over_several_lines_keeps_the_line_it_started_on(focus_areas):
    data = finnish_csv(
        PROJECT_HEADER_FI,
        'A-1;"Nimi\nkahdella rivillä";Org;Ohjelma;1;1;;;;Oulu;energia',
        "A-2;Nimi;Org;Ohjelma;x;1;;;;Oulu;energia",
    )
    assert problems_of(parse_projects, data, focus_areas) == [
        (4, "EU-rahoitus (€)", "not_a_number")
    ]


def test_control_characters_and_html_are_kept_as_harmless_text(focus_areas):
    data = finnish_csv(
        PROJECT_HEADER_FI, "A-1;<script>alert(1)</script>\x07 😀;Org;Ohjelma;1;1;;;;Oulu;energia"
    )
    [project] = parse_projects(data, focus_areas)
    assert project.name == "<script>alert(1)</script> 😀"


def test_problem_messages_name_line_and_column(focus_areas):
    data = finnish_csv(PROJECT_HEADER_FI, "A-1;Nimi;Org;Ohjelma;tuhat;1;;;;Oulu;energia")
    with pytest.raises(CsvImportError) as caught:
        parse_projects(data, focus_areas)
    with force_locale("fi"):
        assert str(caught.value.problems[0]) == "rivi 2, sarake EU-rahoitus (€): Ei luku: tuhat"
