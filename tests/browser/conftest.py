"""Browser harness: the app served on a free local port, driven by Debian's real Chromium
through Playwright (no browser download), with screenshots and axe-core accessibility checks."""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.live_server import served, use_the_real_socket_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
# Chromium's background services try to reach Google; the machine has no network for them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def live_server(app):
    """The app on http://127.0.0.1:<free port>, in a thread, for the whole run."""
    with served(app) as url:
        yield url


@pytest.fixture(autouse=True)
def real_socket_server(app):
    use_the_real_socket_server()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Factory: a page in a fresh browser context (own cookies), desktop or phone sized."""
    contexts = []

    def make(viewport=None, **options):
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def accessibility_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, as readable lines."""
    # Evaluated through DevTools, not added as a <script>: the pages' CSP refuses inline scripts.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements, e.g. "
        f"{violation['nodes'][0]['target']})"
        for violation in result["violations"]
    ]
