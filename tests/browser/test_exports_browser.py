"""A facilitator downloads the round's results as a workbook from the round page in real
headless Chromium; the page's new panel passes axe at phone and desktop sizes."""

import io

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import accessibility_violations, screenshot
from tests.browser.test_strategy_browser import log_in
from tests.review.conftest import make_round, review_round  # noqa: F401

pytestmark = pytest.mark.browser

VIEWPORTS = (
    {"width": 390, "height": 844},
    {"width": 1366, "height": 768},
    {"width": 1920, "height": 1080},
)


def test_facilitator_downloads_the_results_workbook(
    live_server,
    new_page,
    facilitator,
    review_round,  # noqa: F811
):
    for viewport in VIEWPORTS:
        page = new_page(viewport=viewport, accept_downloads=True)
        log_in(page, live_server, facilitator.email)
        page.goto(f"{live_server}/review/rounds/{review_round.id}")
        section = page.get_by_role("region", name="Tulokset analysointiin")
        section.scroll_into_view_if_needed()
        assert section.is_visible()
        screenshot(page, f"round-results-export-{viewport['width']}")
        assert accessibility_violations(page) == []

    with page.expect_download() as download_info:
        section.get_by_role("link", name="Lataa tulokset (Excel)").click()
    download = download_info.value
    assert download.suggested_filename == f"tulokset-2026-{review_round.id}-fi.xlsx"
    book = load_workbook(io.BytesIO(download.path().read_bytes()))
    assert book.sheetnames[0] == "Tietoja" and book.sheetnames[-1] == "Osallistuminen"
