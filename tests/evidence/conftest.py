"""Fixtures of evidence: the strategy, CSV files written in either dialect, the example data."""

import pytest

from tests.review.conftest import (  # noqa: F401  (the workshop fixtures, shared)
    make_participant,
    make_round,
    open_session,
    participant,
    review_round,
)
from workshop.evidence import views
from workshop.evidence.demo import example_file_bytes


@pytest.fixture(autouse=True)
def no_cached_fragments():
    """Tests reuse row ids; cached evidence fragments must not outlive a test."""
    views._fragments.clear()


@pytest.fixture
def strategy(strategy_version):
    return strategy_version.strategy


def finnish_csv(*lines: str, encoding: str = "utf-8-sig") -> bytes:
    """A file as a Finnish spreadsheet saves it: `;` separators, CRLF line ends."""
    return "\r\n".join(lines).encode(encoding) + b"\r\n"


def plain_csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


PROJECT_HEADER_FI = (
    "Hankekoodi;Hankkeen nimi;Toteuttaja;Rahoitusohjelma;EU-rahoitus (€);"
    "Kansallinen rahoitus (€);Kokonaiskustannukset (€);Alkupäivä;Loppupäivä;Kunta;Painopistealat"
)
PROJECT_HEADER_EN = (
    "project code,project name,organisation,funding programme,eu funding,national funding,"
    "total cost,start date,end date,municipality,focus areas"
)


@pytest.fixture
def example_projects():
    return example_file_bytes("funding")


@pytest.fixture
def example_values():
    return example_file_bytes("indicators")
