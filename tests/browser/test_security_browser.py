"""The live workshop under the Content-Security-Policy in real Chromium: nothing is refused while
people join, score, chat and comment; another site cannot frame the console; typed text is
shown isolated in its own direction."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.browser.test_assistant_browser import reply, write
from tests.browser.test_live_session import (
    AREA,
    PROGRESS,
    THEME,
    join,
    log_in,
    projector_cell,
    score,
)
from tests.browser.test_proposals_browser import card, propose
from workshop.evidence import demo as evidence_demo
from workshop.extensions import db
from workshop.review import services

pytestmark = pytest.mark.browser

RLO = "\u202e"
HEBREW = "שלום לכולם"
# Recorded in every document of a context before its own scripts run.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI} at ${event.sourceFile}`
  );
});
"""


class PolicyWatch:
    """What the browser refused, from the console and the pages' violation events."""

    def __init__(self):
        self.messages: list[str] = []
        self.pages = []
        self.websockets: dict = {}

    def context(self, context):
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("page", self.page)
        for page in context.pages:
            self.page(page)

    def page(self, page):
        self.pages.append(page)
        self.websockets[page] = []
        page.on("console", self._console)
        page.on("websocket", lambda socket: self._websocket(page, socket))

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.messages.append(message.text)

    def _websocket(self, page, socket):
        frames = []
        socket.on("framereceived", lambda payload: frames.append(payload))
        self.websockets[page].append((socket.url, frames))

    def violations(self) -> list[str]:
        found = list(self.messages)
        for page in self.pages:
            if not page.is_closed():
                found += page.evaluate("window.__cspViolations || []")
        return found

    def talked_over_a_websocket(self, page) -> bool:
        """Socket.IO upgraded to a WebSocket (connect-src let it) and messages came over it."""
        return any("transport=websocket" in url and frames for url, frames in self.websockets[page])


@pytest.fixture
def live_session(strategy_version):
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    # Asks for names: the test types a right-to-left name with an override into it.
    session = services.create_session(
        review_round, "Oulu", "Oulun kaupungintalo", ask_identity=True
    )
    services.set_session_status(session, "open")
    evidence_demo.create_demo_evidence(strategy_version.strategy)
    db.session.commit()
    return session


def is_isolated(locator) -> bool:
    """The element is set in its own direction, apart from the text around it."""
    return locator.evaluate("node => getComputedStyle(node).unicodeBidi") == "plaintext"


def test_the_live_workshop_runs_under_the_policy_without_a_single_refusal(
    live_server, new_page, facilitator, live_session
):
    watch = PolicyWatch()
    console = new_page()
    watch.context(console.context)
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{live_session.id}/console")
    expect(console.get_by_text("Yhteys toimii – tiedot päivittyvät reaaliajassa.")).to_be_visible()
    projector = console.context.new_page()
    projector.goto(f"{live_server}/review/sessions/{live_session.id}/projector")
    expect(projector.get_by_text(f"Liittymiskoodi: {live_session.join_code}")).to_be_visible()
    qr = projector.get_by_role("img", name="Liittymislinkin QR-koodi")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0

    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    watch.context(phone.context)
    join(phone, live_server, live_session.join_code, "Klusterit", name=f"{RLO}{HEBREW}")

    # The evidence step: a fragment with its own stylesheet, SVG charts and funding bars.
    console.get_by_role("button", name="Avaa Mittarit ja rahoitus").click()
    bars = phone.locator(".evidence-step .funding-bars__bar rect")
    expect(bars.first).to_be_attached()
    assert phone.locator(".evidence-step .funding-bars__bar").first.bounding_box()["height"] > 10
    expect(projector.locator(".evidence-step--projector .funding-bars__bar").first).to_be_visible()

    # Scoring on the form, counted on the projector, then shown there once revealed.
    console.get_by_role("button", name=f"Avaa {THEME}").click()
    expect(phone.get_by_role("heading", name=THEME, level=2)).to_be_visible()
    score(phone, AREA, PROGRESS, 4)
    expect(projector.get_by_text("Arvioita annettu tähän mennessä: 1")).to_be_visible()
    console.get_by_role("button", name="Näytä tulokset salissa").click()
    expect(projector_cell(projector, AREA, 0).get_by_text("Vastauksia: 1")).to_be_visible()

    # The chat: a quick reply scores, a typed question with an override is answered.
    phone.get_by_role("tab", name="Keskustelu").click()
    expect(phone.get_by_role("log")).to_contain_text("Nyt arvioidaan")
    reply(phone, "3")
    write(phone, f"Mitä strategia sanoo {RLO}energian varastoinnista?")
    assert is_isolated(phone.locator(".chat-msg--user p").last)
    # The bubble showed what was typed; the conversation as stored has no override.
    phone.reload()
    stored = phone.locator(".chat-msg--user p").filter(has_text="energian varastoinnista")
    expect(stored).to_have_text("Mitä strategia sanoo energian varastoinnista?")

    # Proposals and a comment in Hebrew with an override: stored clean, shown isolated.
    phone.get_by_role("tab", name="Lomake").click()
    console.get_by_role("button", name="Avaa Ehdotukset").click()
    expect(phone.get_by_text("Tee ehdotus")).to_be_visible()
    propose(phone, f"{HEBREW} (2)", "Perustelu")
    proposal = card(phone, HEBREW)
    assert is_isolated(proposal.locator(".proposal-card__text"))
    proposal.get_by_text("Kommentit (0)").click()
    proposal.get_by_label("Kommenttisi").fill(f"{RLO}{HEBREW} (3)")
    proposal.get_by_role("button", name="Lähetä kommentti").click()
    comment = proposal.locator(".comment-list li > span:not(.meta)")
    expect(comment).to_have_text(f"{HEBREW} (3)")
    assert is_isolated(comment)
    on_console = console.locator("#proposals-panel .staff-proposal__text").filter(has_text=HEBREW)
    expect(on_console).to_have_count(1, timeout=10_000)
    # The live list is drawn again on every update (the comment's too): the check retries
    # instead of reading a node that may just have been replaced.
    expect(on_console).to_have_css("unicode-bidi", "plaintext")

    # The council's page shows the proposal's paragraphs isolated too.
    console.goto(f"{live_server}/review/rounds/{live_session.round_id}/decisions")
    assert is_isolated(console.locator(".proposal__text p").first)

    for page in (phone, projector):
        assert watch.talked_over_a_websocket(page), page.url
    assert watch.violations() == []


@pytest.fixture
def other_site():
    """Another origin on this machine (another port: the same site, as a sibling subdomain is),
    serving the pages put in its ``pages`` dictionary."""
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", pages
    server.shutdown()
    thread.join(timeout=5)


def test_another_site_cannot_frame_the_console(
    live_server, new_page, facilitator, live_session, other_site
):
    page = new_page()
    log_in(page, live_server, facilitator.email)
    console_url = f"{live_server}/review/sessions/{live_session.id}/console"
    origin, pages = other_site
    pages["/attack"] = (
        f'<iframe id="ours" src="{console_url}"></iframe>'
        f'<iframe id="control" src="{origin}/harmless"></iframe>'
    )
    pages["/harmless"] = "<p id=harmless>framed fine</p>"
    refusals, answered = [], []
    page.on("console", lambda message: refusals.append(message.text))
    page.on("response", lambda response: answered.append(response.url))
    page.goto(f"{origin}/attack")
    # The control frame shows that frames load here at all.
    expect(page.frame_locator("#control").locator("#harmless")).to_have_text("framed fine")
    page.wait_for_timeout(1000)
    # Our server answered the frame (so the browser refused what it got, not the request)...
    assert console_url in answered
    # ...and nothing of ours is in the frame: neither the console nor the login page.
    expect(page.frame_locator("#ours").locator(".site-header, #main")).to_have_count(0)
    assert any("frame-ancestors 'none'" in text for text in refusals), refusals
