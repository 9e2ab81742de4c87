"""Issue 18's room: 77 phones through the Socket.IO protocol and three real Chromium phones
take a session through every step kind, run from a console, with a projector whose screen is
checked before and after each reveal (the whole run well under 90 s)."""

import asyncio
import random
import threading
import time
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_live_session import join, log_in
from workshop.extensions import db
from workshop.proposals.models import Proposal
from workshop.review import services as review_services
from workshop.review.models import StepKind
from workshop.steps.config import step_config

pytestmark = pytest.mark.browser

SIMULATED = 77
CONSOLE = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1366, "height": 768}
GROUPS = ["klusterit", "kehittamisyhtiot", "tutkimus-ja-koulutus", "kunnat", "yritykset"]
WORDS = ["Vetytalouden osaajia", "Kulttuuri ja matkailu", "Pienten kuntien näkökulma"]


class Room:
    """The simulated phones, on an asyncio loop of their own (Playwright holds this thread's)."""

    def __init__(self, base_url: str, code: str):
        self.base_url, self.code = base_url, code
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.phones: list = []
        self.http = None

    def run(self, coroutine, timeout=60):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _join_all(self):
        import aiohttp

        from bench.live import new_client

        self.http = aiohttp.ClientSession()

        async def one(index):
            # A room behind one address: past the join burst, phones wait as they are told.
            while True:
                async with self.http.post(
                    self.base_url + "/api/join",
                    json={"code": self.code, "group": GROUPS[index % len(GROUPS)], "locale": "fi"},
                ) as response:
                    joined = await response.json()
                    wait = float(response.headers.get("Retry-After", "1"))
                if joined.get("error") != "join_rate_limited":
                    break
                await asyncio.sleep(wait)
            assert joined["ok"], joined
            client = new_client(self.http)
            await client.connect(
                self.base_url, auth={"token": joined["token"]}, transports=["websocket"]
            )
            return client

        self.phones = list(await asyncio.gather(*(one(n) for n in range(SIMULATED))))

    async def _each(self, make):
        """Every phone sends its event(s) for the open step; every ack must be ok."""

        async def one(index, phone):
            step = (await phone.call("participant:sync", {}))["step"]
            for event, payload in make(index, step):
                ack = await phone.call(event, payload, timeout=30)
                assert ack.get("ok"), (event, ack)

        await asyncio.gather(*(one(n, p) for n, p in enumerate(self.phones)))

    def join_all(self):
        self.run(self._join_all())

    def each(self, make):
        self.run(self._each(make))

    def close(self):
        async def shut():
            for phone in self.phones:
                await phone.disconnect()
            if self.http is not None:
                await self.http.close()

        self.run(shut())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


def scores(index, step):
    rng = random.Random(index)
    for area in step["focus_areas"]:
        for question in step["questions"]:
            yield (
                "answer:submit",
                {
                    "submission_id": uuid.uuid4().hex,
                    "step_id": step["id"],
                    "question": question["key"],
                    "focus_area": area["key"],
                    "value": rng.randint(2, 5),
                    "reason": "",
                },
            )


@pytest.fixture
def room_session(strategy_version, facilitator):
    review_round = review_services.create_round(
        strategy_version, "Vuosiarviointi 2026", 2026, owner=facilitator, hold_proposals=False
    )
    session = review_services.create_session(review_round, "Oulu", "Kaupungintalo")
    wrapup = session.steps[-1]
    kinds = [
        (StepKind.OPEN_QUESTION, "Täydennystarpeet", {"prompt": "Mitä strategiasta puuttuu?"}),
        (
            StepKind.POLL,
            "Kysely",
            {"prompt": "Onko strategia ajan tasalla?", "options": ["Kyllä", "Ei"]},
        ),
        (StepKind.PRIORITY, "Painopisteet", {"prompt": "Mihin panostetaan?", "max_picks": 2}),
    ]
    for kind, title, config in kinds:
        review_services.add_step(session, kind, title, None, step_config(kind, **config))
    session.steps.remove(wrapup)
    session.steps.append(wrapup)
    for position, step in enumerate(session.steps):
        step.position = position
    review_services.set_session_status(session, "open")
    db.session.commit()
    return session


def test_a_room_of_80_through_every_step_kind(
    live_server, new_page, facilitator, room_session, every_group_shown
):
    began = time.monotonic()
    session = room_session
    console = new_page(CONSOLE)
    log_in(console, live_server, facilitator.email)
    console.goto(f"{live_server}/review/sessions/{session.id}/console")
    projector = new_page(PROJECTOR)
    log_in(projector, live_server, facilitator.email)
    projector.goto(f"{live_server}/review/sessions/{session.id}/projector")
    expect(projector.locator("#join-view")).to_contain_text(session.join_code)

    room = Room(live_server, session.join_code)
    try:
        phones = [new_page({"width": 390, "height": 844}) for _ in range(3)]
        for phone, group in zip(
            phones,
            ("Klusterit", "Kunnat ja alueelliset edustajat", "Yritykset ja elinkeinoelämä"),
            strict=True,
        ):
            join(phone, live_server, session.join_code, group)
        room.join_all()
        expect(projector.locator("#participant-count")).to_have_text("80")

        # Scoring, hidden until revealed: the projector counts and shows no mean.
        scoring = next(s for s in session.steps if s.kind == StepKind.SCORING)
        theme = review_services.step_focus_areas(scoring)[0].theme.title
        console.get_by_role("button", name=f"Avaa {theme}").click()
        for phone in phones:
            expect(phone.get_by_role("heading", name=theme)).to_be_visible()
        room.each(scores)
        areas = len(review_services.step_focus_areas(scoring))
        waiting = projector.locator("#waiting-view")
        expect(waiting).to_contain_text(f"Arvioita annettu tähän mennessä: {SIMULATED * areas * 2}")
        expect(projector.locator("#results-view")).to_be_hidden()
        console.get_by_role("button", name="Näytä tulokset salissa").click()
        expect(projector.locator("#results-view")).to_be_visible()
        expect(projector.locator(".p-mean__value").first).not_to_have_text("–")

        # The open question: answers wait for approval; revealed, the approved ones show.
        console.get_by_role("button", name="Avaa Täydennystarpeet").click()
        kind_view = projector.locator("#kind-view")
        expect(kind_view).to_contain_text("Mitä strategiasta puuttuu?")
        room.each(
            lambda n, step: [
                (
                    "open:submit",
                    {"step_id": step["id"], "client_id": uuid.uuid4().hex, "text": WORDS[n % 3]},
                )
            ]
        )
        moderation = console.get_by_role("region", name="Moderointi")
        expect(moderation.locator(".mod-item")).to_have_count(SIMULATED)
        for text in WORDS:
            moderation.locator(".mod-item", has_text=text).first.get_by_role(
                "button", name="Hyväksy"
            ).click()
        expect(kind_view).to_contain_text("Hyväksyttyjä vastauksia tähän mennessä: 3")
        expect(kind_view).not_to_contain_text("Vetytalouden osaajia")
        console.get_by_role("button", name="Näytä tulokset salissa").click()
        expect(kind_view.get_by_text("Vetytalouden osaajia")).to_be_visible()

        # The poll and the prioritisation: counts before the reveal, bars after.
        for title, pick in (("Kysely", lambda n: ["1" if n % 3 else "2"]), ("Painopisteet", None)):
            console.get_by_role("button", name=f"Avaa {title}").click()
            expect(phones[0].locator(".kind-card")).to_be_visible()

            def choose(n, step, pick=pick):
                keys = (
                    pick(n) if pick else [a["key"] for a in step["focus_areas"][n % 3 : n % 3 + 2]]
                )
                return [("choice:submit", {"step_id": step["id"], "choices": keys})]

            room.each(choose)
            phones[0].locator(".kind-option input").first.check()
            phones[0].get_by_role("button", name="Lähetä").click()
            expect(kind_view).to_contain_text("Vastauksia tähän mennessä: 78")
            expect(kind_view.locator(".kind-bar")).to_have_count(0)
            console.get_by_role("button", name="Näytä tulokset salissa").click()
            expect(kind_view.locator(".kind-bar").first).to_be_visible()
            expect(phones[0].locator(".kind-results .kind-bar").first).to_be_visible()

        # Proposals and support: the projector lists the best supported.
        console.get_by_role("button", name="Avaa Ehdotukset").click()
        room.each(
            lambda n, step: (
                [
                    (
                        "proposal:create",
                        {
                            "client_id": uuid.uuid4().hex,
                            "kind": "add_challenge",
                            "target": "focus_area/energia",
                            "text": f"Ehdotus {n}",
                            "rationale": "",
                        },
                    )
                ]
                if n < 10
                else []
            )
        )
        expect(projector.locator("#projector-proposals li")).to_have_count(8)
        console.get_by_role("button", name="Avaa Ehdotusten tukeminen").click()
        db.session.expire_all()
        first = min(p.id for p in db.session.query(Proposal).filter_by(round_id=session.round_id))
        room.each(lambda n, step: [("proposal:support", {"proposal_id": first, "value": 1})])
        expect(projector.locator("#projector-proposals li").first).to_contain_text("Ehdotus 0")
        expect(projector.locator("#projector-proposals li").first).to_contain_text(
            f"Kannatus {SIMULATED}"
        )

        # The wrap-up: what the session produced, on the projector and the phones.
        console.get_by_role("button", name="Avaa Yhteenveto").click()
        wrapup = projector.locator("#wrapup-view")
        expect(wrapup.get_by_role("heading", name="Tulokset painopistealoittain")).to_be_visible()
        expect(wrapup).to_contain_text("Ehdotus 0")
        expect(wrapup).to_contain_text("Onko strategia ajan tasalla?")
        expect(phones[1].get_by_role("heading", name="Mitä seuraavaksi")).to_be_visible()
    finally:
        room.close()
    assert time.monotonic() - began < 90
