"""The participant page's weight in real Chromium: what a phone transfers on the first load
(empty cache) and on a reload, counted by DevTools (every response's encodedDataLength)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.test_live_session import AREA, join
from tests.review.conftest import scoring_steps
from workshop.extensions import db
from workshop.review import services

pytestmark = pytest.mark.browser

FIRST_LOAD_BUDGET = 60_000
RELOAD_BUDGET = 10_000
GROUP = "Kunnat ja alueelliset edustajat"


class Transfers:
    """Bytes received per response, as Chromium's network stack counts them (headers too)."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.headers: dict[str, dict] = {}
        self.sizes: dict[str, int] = {}
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _response(self, event) -> None:
        self.urls[event["requestId"]] = event["response"]["url"]
        self.headers[event["response"]["url"]] = {
            name.lower(): value for name, value in event["response"]["headers"].items()
        }

    def _finished(self, event) -> None:
        self.sizes[event["requestId"]] = int(event["encodedDataLength"])

    def clear_cache(self) -> None:
        self.cdp.send("Network.clearBrowserCache")

    def start(self) -> None:
        self.urls.clear()
        self.sizes.clear()

    def total(self) -> int:
        return sum(self.sizes.values())

    def report(self, title: str) -> str:
        lines = [f"{title}: {self.total()} bytes"]
        for request_id, size in sorted(self.sizes.items(), key=lambda item: -item[1]):
            lines.append(f"  {size:7d}  {self.urls.get(request_id, request_id)}")
        return "\n".join(lines)


@pytest.fixture
def running_session(strategy_version):
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    services.open_step(scoring_steps(session)[0])
    db.session.commit()
    return session


def _shown(page) -> None:
    """The live page is connected and shows the open step."""
    expect(page.get_by_role("region", name=AREA)).to_be_visible()
    page.wait_for_load_state("networkidle")


def test_the_participant_page_is_light_on_first_load_and_on_reload(
    live_server, new_page, running_session
):
    code = running_session.join_code
    phone = new_page(viewport=PHONE)
    join(phone, live_server, code, GROUP)
    transfers = Transfers(phone)

    # First load with an empty cache (the join pages before it leave nothing behind).
    transfers.clear_cache()
    transfers.start()
    phone.goto(f"{live_server}/s/{code}")
    _shown(phone)
    first = transfers.total()
    print("\n" + transfers.report("participant page, first load"))
    scripts = [url for url in transfers.headers if url.endswith(".js")]
    assert scripts and all(
        transfers.headers[url].get("content-encoding") == "gzip"
        and "immutable" in transfers.headers[url].get("cache-control", "")
        for url in scripts
    ), {url: transfers.headers[url] for url in scripts}

    transfers.start()
    phone.reload()
    _shown(phone)
    reload = transfers.total()
    print(transfers.report("participant page, reload"))
    page_url = f"{live_server}/s/{code}"
    assert transfers.headers[page_url].get("etag", "").startswith('W/"')

    assert first < FIRST_LOAD_BUDGET, first
    assert reload < RELOAD_BUDGET, reload
    screenshot(phone, "participant-page-after-reload")
    assert accessibility_violations(phone) == []
