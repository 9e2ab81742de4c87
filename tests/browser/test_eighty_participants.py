"""An 80-person workshop on the machine's network address: 77 simulated phones through the
Socket.IO protocol (bench/live.py's participant), three phones in real Chromium, a console and
a projector, through every step kind. Before each reveal the projector shows a counter and no
results; after it, the numbers the phones sent."""

import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
import requests
from playwright.sync_api import expect
from sqlalchemy import select

from bench.live import GROUPS
from tests.browser.conftest import PHONE, accessibility_violations, screenshot
from tests.browser.room_driver import SimulatedRoom, served_on
from tests.browser.test_live_session import chart, log_in, projector_cell, score
from tests.browser.test_proposals_browser import card
from tests.browser.test_security_browser import PolicyWatch
from workshop.evidence import demo as evidence_demo
from workshop.extensions import db
from workshop.lan import lan_address, set_public_url
from workshop.proposals.models import Proposal
from workshop.review import services
from workshop.review.join_limits import joins
from workshop.review.models import StepKind
from workshop.steps.config import step_config

pytestmark = pytest.mark.browser

SIMULATED = 77
CONSOLE = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
AREA_KEY, AREA = "digitaaliset-palvelut", "Digitaaliset palvelut ja tuotteet"
QUESTIONS = ["edistyminen", "ajankohtaisuus"]  # the projector's columns, in this order
PROGRESS = "Kuinka hyvin painopisteala on edistynyt?"
RELEVANCE = "Kuinka ajankohtainen painopisteala on edelleen?"
OPEN_PROMPT = "Mitä strategiasta puuttuu?"
OPEN_TEXTS = [
    "Kiertotalouden osaajia",
    "Vetytalouden investointeja",
    "Kiertotalouden yrityksiä",
    "Nuorten osaamista",
]
POLL = ["Kyllä", "Osittain", "Ei"]
MULTI = ["Rahoitus", "Osaajat", "Yhteistyö", "Kokeilut"]
PRIORITY_TITLES = {
    "energia": "Energian tuotanto ja varastointi",
    "bio-ja-kiertotalous": "Innovatiivinen bio- ja kiertotalous",
    "innovaatiotoiminta-ja-ekosysteemit": (
        "Verkostoitunut innovaatiotoiminta ja vahvat ekosysteemit ja TKI-toiminta"
    ),
}
PRIORITY_AREAS = list(PRIORITY_TITLES)
PROPOSALS = ["Vetytalouden osaajapula", "Akkumineraalien jalostus", "Tuulivoiman kaavoitus"]
WRAPUP = "Yhteenveto ja jatko"


@pytest.fixture
def room_session(strategy_version):
    """An open session of a round that holds proposals, with one step of every kind."""
    review_round = services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, hold_proposals=True
    )
    session = services.create_session(review_round, "Oulu", "Kaupungintalo")
    for step in list(session.steps):
        session.steps.remove(step)
    agenda = [
        (StepKind.WELCOME, "Tervetuloa", None, {}),
        (StepKind.INDICATORS, "Tilannekuva", None, {}),
        (StepKind.SCORING, "Digitalisaatio", [AREA_KEY], {}),
        (StepKind.OPEN_QUESTION, "Täydennystarpeet", None, {"prompt": OPEN_PROMPT}),
        (StepKind.POLL, "Kysely", None, {"prompt": "Ajan tasalla?", "options": POLL}),
        (
            StepKind.POLL,
            "Esteet",
            None,
            {"prompt": "Mikä estää?", "options": MULTI, "multiple": True},
        ),
        (
            StepKind.PRIORITY,
            "Painopisteet",
            PRIORITY_AREAS,
            {"prompt": "Mihin panostetaan?", "max_picks": 2, "ranked": True},
        ),
        (StepKind.PROPOSALS, "Ehdotukset", None, {}),
        (StepKind.SUPPORT, "Kannatus", None, {}),
        (StepKind.WRAPUP, WRAPUP, None, {}),
    ]
    for kind, title, areas, config in agenda:
        services.add_step(session, kind, title, areas, step_config(kind, **config))
    services.set_session_status(session, "open")
    evidence_demo.create_demo_evidence(strategy_version.strategy)
    db.session.commit()
    return session


@pytest.fixture
def lan_server(app, monkeypatch):
    """The app on this machine's network address, its join links built as `workshop run --lan`
    builds them; a room's 80 joins from one address let through (the bursts a venue raises)."""
    address = lan_address()
    assert address is not None, "this machine has a network address"
    monkeypatch.setitem(app.config, "PUBLIC_URL", None)
    before = (joins.address_burst, joins.session_burst)
    joins.configure(200, 200)
    try:
        with served_on(app, address) as port, app.app_context():
            phones_url = set_public_url(address, port, True)
            assert phones_url == f"http://{address}:{port}"
            yield phones_url
    finally:
        joins.configure(*before)


def one_decimal(value: float) -> str:
    """A mean as the projector writes it in Finnish (Intl rounds half away from zero)."""
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(rounded).replace(".", ",")


def whole_percent(part: int, whole: int) -> int:
    """A share as the projector writes it (Intl rounds half away from zero)."""
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def no_violations(page, where: str) -> None:
    assert accessibility_violations(page) == [], where


def open_step(console, title: str) -> None:
    console.get_by_role("button", name=f"Avaa {title}").click()
    expect(console.locator("#current-name")).to_contain_text(title)


def choose_on_phone(phone, role: str, options: list[str]) -> None:
    """Tick the options (radio buttons or checkboxes) on the phone and send them."""
    for option in options:
        phone.get_by_role(role, name=option, exact=True).check()
    phone.get_by_role("button", name="Lähetä").click()
    saved = phone.get_by_role("status").filter(has_text="Valintasi on tallennettu")
    expect(saved).to_be_visible()


def reveal(console) -> None:
    button = console.get_by_role("button", name="Näytä tulokset salissa")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def test_eighty_people_run_every_step_kind_on_the_lan_address(
    app, lan_server, new_page, facilitator, room_session
):
    session = room_session
    code = session.join_code
    watch = PolicyWatch()

    console = new_page(CONSOLE)
    watch.context(console.context)
    log_in(console, lan_server, facilitator.email)
    console.goto(f"{lan_server}/review/sessions/{session.id}/console")
    expect(console.get_by_text("Yhteys toimii – tiedot päivittyvät reaaliajassa.")).to_be_visible()
    projector = new_page(PROJECTOR)
    watch.context(projector.context)
    log_in(projector, lan_server, facilitator.email)
    projector.goto(f"{lan_server}/review/sessions/{session.id}/projector")
    open_step(console, "Tervetuloa")

    # The server listens on the network address only: what reaches it came over the LAN.
    port = int(lan_server.rsplit(":", 1)[1])
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/join", timeout=2)

    # The join link the console gives and the address the projector prints are the LAN's.
    join_link = console.locator(f'a[href$="/j/{code}"]').first.get_attribute("href")
    assert join_link == f"{lan_server}/j/{code}"
    host = lan_server.split("://", 1)[1]
    expect(projector.locator(".join-view__url")).to_have_text(f"{host}/join")
    # The QR code (what it encodes: tests/review/test_lan.py) is served and says its link.
    qr = projector.locator(".join-view__qr")
    expect(qr.locator("figcaption")).to_have_text(f"{host}/j/{code}")
    projector.wait_for_function(
        "() => document.querySelector('.join-view__qr img').naturalWidth > 0", timeout=10_000
    )

    # 77 phones join through the protocol, 3 in Chromium at the join link.
    with SimulatedRoom(lan_server, code, GROUPS, SIMULATED) as room:
        phones = []
        for group in ("Klusterit", "Tutkimus- ja koulutuslaitokset", "Yritykset ja elinkeinoelämä"):
            phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
            watch.context(phone.context)
            phone.goto(join_link)
            phone.get_by_role("radio", name=group, exact=True).check()
            phone.get_by_role("button", name="Liity").click()
            expect(phone.get_by_text(f"Edustat ryhmää: {group}")).to_be_visible()
            phones.append(phone)
        aino, bert, cecilia = phones
        expect(projector.locator("#participant-count")).to_have_text("80")
        expect(console.get_by_role("region", name="Osallistujat")).to_contain_text("80 yhteensä")

        # Evidence: the projector shows the indicators, no results.
        open_step(console, "Tilannekuva")
        evidence = projector.locator(".evidence-step--projector")
        expect(evidence.get_by_role("img", name="Pohjois-Pohjanmaan T&K-menot")).to_be_visible()
        expect(projector.locator("#results-view")).to_be_hidden()

        # Scoring, results hidden until revealed.
        open_step(console, "Digitalisaatio")
        for phone, (progress, relevance) in zip(phones, [(4, 5), (None, 3), (2, 4)], strict=True):
            expect(phone.get_by_role("heading", name="Digitalisaatio", level=2)).to_be_visible()
            score(phone, AREA, PROGRESS, progress)
            score(phone, AREA, RELEVANCE, relevance)
        sent = room.score()
        sent[(AREA_KEY, "edistyminen")].update([4, None, 2])
        sent[(AREA_KEY, "ajankohtaisuus")].update([5, 3, 4])
        assert set(sent) == {(AREA_KEY, q) for q in QUESTIONS}
        given = sum(sum(counts.values()) for counts in sent.values())
        assert given == 160
        expect(projector.get_by_text(f"Arvioita annettu tähän mennessä: {given}")).to_be_visible()
        expect(projector.get_by_role("row")).to_have_count(0)
        expect(projector.locator("#waiting-view")).to_be_visible()
        no_violations(console, "console, scoring")
        reveal(console)
        means = {}
        for column, question in enumerate(QUESTIONS):
            counts = sent[(AREA_KEY, question)]
            values = {v: n for v, n in counts.items() if v is not None}
            answered = sum(values.values())
            means[question] = one_decimal(sum(v * n for v, n in values.items()) / answered)
            cell = projector_cell(projector, AREA, column)
            expect(cell.get_by_text(f"Vastauksia: {answered}")).to_be_visible()
            expect(cell.get_by_text(f"En osaa sanoa: {counts[None]}")).to_be_visible()
            expect(cell.get_by_role("img", name=chart(values))).to_be_visible()
            expect(cell.locator(".p-mean__value")).to_have_text(means[question])
        screenshot(projector, "eighty-projector-scoring")
        no_violations(projector, "projector, scoring")

        # Open question: answers wait for the console; only approved ones show, once revealed.
        open_step(console, "Täydennystarpeet")
        step = next(s for s in session.steps if s.kind == StepKind.OPEN_QUESTION)
        simulated_texts = room.open_answers(step.id, OPEN_TEXTS, every=11)
        own = ["Saavutettavuutta", "Pohjoisen yhteistyötä", "<b>Roskaa</b> roskaa"]
        for phone, text in zip(phones, own, strict=True):
            phone.get_by_label("Vastauksesi", exact=True).fill(text)
            phone.get_by_role("button", name="Lähetä").click()
            expect(phone.get_by_role("status").filter(has_text="Vastaus lähetetty")).to_be_visible()
        no_violations(aino, "phone, open question")
        kind_view = projector.locator("#kind-view")
        expect(kind_view.get_by_role("heading", name=OPEN_PROMPT)).to_be_visible()
        expect(kind_view).to_contain_text("Hyväksyttyjä vastauksia tähän mennessä: 0")
        moderation = console.get_by_role("region", name="Moderointi")
        items = moderation.locator(".mod-item")
        expect(items).to_have_count(len(simulated_texts) + 3)
        rubbish = items.filter(has_text="Roskaa")
        rubbish.focus()
        console.keyboard.press("h")
        rubbish.get_by_role("radio", name="Asiaton").check()
        rubbish.get_by_role("button", name="Piilota", exact=True).click()
        expect(rubbish).to_contain_text("Piilotettu: Asiaton")
        approved = simulated_texts + own[:2]
        for n in range(len(approved)):
            held = items.filter(has_text="Odottaa hyväksyntää").first
            held.get_by_role("button", name="Hyväksy").click()
            expect(kind_view).to_contain_text(f"Hyväksyttyjä vastauksia tähän mennessä: {n + 1}")
        expect(kind_view.locator(".kind-group__answers li")).to_have_count(0)
        for text in approved:
            expect(kind_view).not_to_contain_text(text)
        reveal(console)
        shown = kind_view.locator(".kind-group__answers li")
        expect(shown).to_have_count(min(8, len(approved)))  # the projector's 8 newest
        assert set(shown.all_inner_texts()) <= set(approved)
        expect(kind_view).not_to_contain_text("Roskaa")
        expect(kind_view.locator(".kind-cloud li").first).to_be_visible()
        expect(aino.locator(".kind-results")).to_contain_text(approved[-1])

        # Single-choice poll, revealed.
        open_step(console, "Kysely")
        poll = next(s for s in session.steps if s.title == "Kysely")
        chosen = room.choose(poll.id, lambda rng: [rng.choice(["1", "1", "2", "2", "2", "3"])])
        for phone, option in zip(phones, ["Kyllä", "Ei", "Ei"], strict=True):
            choose_on_phone(phone, "radio", [option])
        tally = Counter(choice[0] for choice in chosen) + Counter({"1": 1, "3": 2})
        expect(kind_view).to_contain_text("Vastauksia tähän mennessä: 80")
        expect(kind_view.locator(".kind-bar")).to_have_count(0)
        reveal(console)
        bars = kind_view.locator(".kind-bar")
        expect(bars).to_have_count(3)
        for n, option in enumerate(POLL):
            expect(bars.nth(n).locator(".kind-bar__label")).to_have_text(option)
            count = tally[str(n + 1)]
            expect(bars.nth(n).locator(".kind-bar__value")).to_have_text(
                re.compile(rf"^{count} \({whole_percent(count, 80)}\s%\)$")
            )
        expect(kind_view).to_contain_text("Vastaajia: 80.")

        # Multiple-choice poll for the facilitators only: the projector never shows results.
        open_step(console, "Esteet")
        mode = console.get_by_role("radio", name="Näkyvissä vain ohjaajille", exact=True)
        mode.click()
        expect(mode).to_be_checked()
        multi = next(s for s in session.steps if s.title == "Esteet")
        obstacles = room.choose(
            multi.id, lambda rng: rng.sample(["1", "2", "3", "4"], rng.randint(1, 3))
        )
        for phone in phones:
            choose_on_phone(phone, "checkbox", ["Osaajat", "Kokeilut"])
        named = Counter(key for choice in obstacles for key in choice) + Counter({"2": 3, "4": 3})
        expect(console.get_by_role("button", name="Näytä tulokset salissa")).to_be_disabled()
        console_bars = console.locator("#kind-results .kind-bar")
        expect(console_bars).to_have_count(4)
        for n, option in enumerate(MULTI):
            expect(console_bars.nth(n).locator(".kind-bar__label")).to_have_text(option)
            expect(console_bars.nth(n).locator(".kind-bar__value")).to_contain_text(
                f"{named[str(n + 1)]} ("
            )
        expect(kind_view).to_contain_text("Vastauksia tähän mennessä: 80")
        expect(kind_view).to_contain_text("Ohjaajat katsovat tämän vaiheen tulokset")
        expect(console.locator("#kind-results .kind-bar")).to_have_count(4)
        expect(kind_view.locator(".kind-bar")).to_have_count(0)
        expect(kind_view).not_to_contain_text("Rahoitus")
        for phone in phones:
            expect(phone.locator(".kind-bar")).to_have_count(0)

        # Prioritisation shown live: ranked bars with the Borda points of what was sent.
        open_step(console, "Painopisteet")
        mode = console.get_by_role("radio", name="Näkyvissä koko ajan", exact=True)
        mode.click()
        expect(mode).to_be_checked()
        priority = next(s for s in session.steps if s.kind == StepKind.PRIORITY)
        picks = room.choose(priority.id, lambda rng: rng.sample(PRIORITY_AREAS, rng.randint(1, 2)))
        own_picks = [["energia", "bio-ja-kiertotalous"], ["innovaatiotoiminta-ja-ekosysteemit"]]
        own_picks.append(["bio-ja-kiertotalous", "energia"])
        for phone, keys in zip(phones, own_picks, strict=True):
            choose_on_phone(phone, "checkbox", [PRIORITY_TITLES[key] for key in keys])
        points, count = Counter(), Counter()
        for choice in picks + own_picks:
            for place, key in enumerate(choice):
                points[key] += 2 - place
                count[key] += 1
        expected = sorted(PRIORITY_AREAS, key=lambda key: (-points[key], -count[key]))
        ranked = kind_view.locator(".kind-bar")
        expect(ranked).to_have_count(3)
        expect(kind_view).to_contain_text("Vastaajia: 80.")
        for n, key in enumerate(expected):
            expect(ranked.nth(n).locator(".kind-bar__label")).to_have_text(PRIORITY_TITLES[key])
            expect(ranked.nth(n).locator(".kind-bar__value")).to_have_text(
                f"Pisteet {points[key]} · valintoja {count[key]}"
            )

        # Proposals wait for approval before the projector shows them.
        open_step(console, "Ehdotukset")
        room.propose(PROPOSALS[:2], "focus_area/energia")
        aino.get_by_label("Mitä ehdotat?").select_option(label="Uusi haaste painopistealalle")
        aino.get_by_label("Painopisteala tai strategian osa").select_option(
            label="Energian tuotanto ja varastointi"
        )
        aino.get_by_label("Uusi haaste").fill(PROPOSALS[2])
        aino.get_by_label("Perustelu (miksi?)").fill("Kaavat ovat kesken.")
        aino.get_by_role("button", name="Lähetä ehdotus").click()
        expect(aino.get_by_text("Fasilitaattori hyväksyy sen").first).to_be_visible()
        proposals_view = projector.locator("#proposals-view")
        expect(proposals_view).to_contain_text("Ehdotuksia ei ole vielä.")
        waiting = console.get_by_role("region", name="Moderointi").locator(
            ".mod-item", has_text="Odottaa hyväksyntää"
        )
        expect(waiting).to_have_count(3)
        for text in PROPOSALS:
            expect(proposals_view).not_to_contain_text(text)
        for n in range(3):
            waiting.first.get_by_role("button", name="Hyväksy").click()
            expect(waiting).to_have_count(2 - n)
        for text in PROPOSALS:
            expect(proposals_view.locator(".p-proposal", has_text=text)).to_be_visible()

        # Support: the projector counts what was sent.
        open_step(console, "Kannatus")
        db.session.rollback()
        ids = {
            p.text: p.id
            for p in db.session.scalars(
                select(Proposal).where(Proposal.round_id == session.round_id)
            )
        }
        tallies = room.support([ids[text] for text in PROPOSALS])
        bert_support = card(bert, PROPOSALS[2]).get_by_role("button", name=re.compile("Kannatan"))
        bert_support.click()
        expect(bert_support).to_have_attribute("aria-pressed", "true")
        tallies[ids[PROPOSALS[2]]][1] += 1
        for text in PROPOSALS:
            tally = tallies[ids[text]]
            expect(proposals_view.locator(".p-proposal", has_text=text)).to_contain_text(
                f"Kannatus {tally[1]} · Vastustus {tally[-1]}"
            )

        # The wrap-up: its heading and the session's scores.
        open_step(console, WRAPUP)
        expect(projector.locator(".projector__bar")).to_contain_text(WRAPUP)
        expect(projector.locator("#projector")).to_contain_text(AREA)
        for question in QUESTIONS:
            expect(projector.locator("#projector")).to_contain_text(means[question])
        screenshot(projector, "eighty-projector-wrapup")

        for page in (console, projector, *phones):
            assert watch.talked_over_a_websocket(page), page.url
        assert watch.violations() == []
        assert cecilia.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
