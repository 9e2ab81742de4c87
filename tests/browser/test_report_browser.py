"""A facilitator downloads the Word update draft from the round page in real headless Chromium."""

import pytest
from docx import Document

from tests.browser.conftest import accessibility_violations, screenshot
from tests.browser.test_strategy_browser import log_in
from tests.review.conftest import make_round, review_round  # noqa: F401

pytestmark = pytest.mark.browser


def test_facilitator_downloads_the_update_draft(
    live_server,
    new_page,
    facilitator,
    review_round,  # noqa: F811
):
    page = new_page(accept_downloads=True)
    log_in(page, live_server, facilitator.email)
    page.goto(f"{live_server}/review/rounds/{review_round.id}")
    section = page.get_by_role("region", name="Strategian päivitysluonnos")
    assert section.is_visible()
    screenshot(page, "round-report-fi")
    assert accessibility_violations(page) == []

    with page.expect_download() as download_info:
        section.get_by_role("link", name="Lataa luonnos (Word, suomeksi)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-fi.docx")
    headings = [p.text for p in Document(str(download.path())).paragraphs]
    assert "Arviointiprosessi" in headings and "Päivitetty strategia" in headings
