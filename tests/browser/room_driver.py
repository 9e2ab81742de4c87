"""A room of simulated phones for browser tests: bench/live.py's protocol participant (it joins
with ``POST /api/join`` and answers over a python-socketio WebSocket), many at once on one
asyncio loop in a thread of its own, while the test drives Chromium from the main thread.

Only the joining and the scoring are bench/live.py's; the other step kinds' events are sent
the way docs/protocol.md describes them, each acknowledged ``ok`` or the test fails.
"""

from __future__ import annotations

import asyncio
import random
import threading
import uuid
from collections import Counter
from contextlib import contextmanager

from werkzeug.serving import make_server

from bench.live import REQUEST_TIMEOUT, Participant, PhaseResult, answer_plan, new_client

CONCURRENCY = 25  # requests in flight at a time, as a room's phones send them


@contextmanager
def served_on(app, host: str):
    """The app on http://HOST:<free port>, in a thread, HTTP and Socket.IO."""
    server = make_server(host, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=5)


class SimulatedPhone(Participant):
    """One participant's phone speaking the protocol (bench/live.py's, joined the same way)."""

    async def enter(self, http, base_url: str, code: str, result: PhaseResult) -> None:
        joined = await self.join(http, base_url, code, result)
        assert joined is not None, dict(result.connect_failures)
        self.sio = new_client(http)
        await self.sio.connect(
            base_url,
            auth={"token": joined["token"]},
            transports=["websocket"],
            wait_timeout=REQUEST_TIMEOUT,
        )
        await self.call("participant:sync", {})

    async def call(self, event: str, payload: dict) -> dict:
        ack = await self.sio.call(event, payload, timeout=REQUEST_TIMEOUT)
        assert isinstance(ack, dict) and ack.get("ok"), f"{event} {payload}: {ack}"
        return ack

    async def score(self, result: PhaseResult) -> None:
        """Every focus area × question of the open scoring step, as bench/live.py scores."""
        state = await self.call("participant:sync", {})
        self.plan = answer_plan(self.index, state["step"])
        started = asyncio.Event()
        started.set()
        await self.answer(started, result, think=0)


class SimulatedRoom:
    """``count`` simulated phones on an asyncio loop in a background thread."""

    def __init__(self, base_url: str, code: str, groups: list[str], count: int):
        self.base_url = base_url
        self.code = code
        self.phones = [SimulatedPhone(i, groups[i % len(groups)]) for i in range(count)]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.http = None
        self.result = PhaseResult("room", count)

    def run(self, coroutine, timeout: float = 120):
        """Run ``coroutine`` on the room's loop and wait for its result here."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _each(self, act) -> list:
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(phone):
            async with gate:
                return await act(phone)

        return await asyncio.gather(*(one(phone) for phone in self.phones))

    def each(self, act) -> list:
        """``await act(phone)`` for every phone, concurrently; their results in phone order."""
        return self.run(self._each(act))

    async def _open(self) -> None:
        import aiohttp

        self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT))
        await self._each(lambda p: p.enter(self.http, self.base_url, self.code, self.result))

    async def _close(self) -> None:
        await self._each(lambda p: p.disconnect())
        if self.http is not None:
            await self.http.close()

    def __enter__(self):
        self.thread.start()
        self.run(self._open())
        return self

    def __exit__(self, *exc):
        try:
            self.run(self._close(), timeout=60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)

    # What the room does in each step kind; each returns what was sent, to compute the
    # expected results from.

    def score(self) -> dict[tuple[str, str], Counter]:
        """Everyone scores; per (focus area, question) a Counter of values (None: don't know)."""
        self.each(lambda phone: phone.score(self.result))
        lost = self.result.planned - self.result.acked if self.result.planned else 0
        assert not self.result.errors and lost == 0, dict(self.result.errors)
        sent: dict[tuple[str, str], Counter] = {}
        for phone in self.phones:
            for answer in phone.plan:
                sent.setdefault((answer["focus_area"], answer["question"]), Counter())[
                    answer["value"]
                ] += 1
        return sent

    def open_answers(self, step_id: int, texts: list[str], every: int) -> list[str]:
        """Every ``every``-th phone sends one of ``texts`` in turn; the texts sent, in order."""
        senders = self.phones[::every]
        sent = [texts[n % len(texts)] for n in range(len(senders))]

        async def send(phone, text):
            payload = {"step_id": step_id, "client_id": uuid.uuid4().hex, "text": text}
            await phone.call("open:submit", payload)

        async def all_of_them():
            gate = asyncio.Semaphore(CONCURRENCY)

            async def one(phone, text):
                async with gate:
                    await send(phone, text)

            await asyncio.gather(*(one(p, t) for p, t in zip(senders, sent, strict=True)))

        self.run(all_of_them())
        return sent

    def choose(self, step_id: int, pick) -> list[list[str]]:
        """Each phone chooses ``pick(rng)`` (a list of keys, in order); the choices sent."""

        async def send(phone):
            choices = pick(random.Random(f"{step_id}-{phone.index}"))
            await phone.call("choice:submit", {"step_id": step_id, "choices": choices})
            return choices

        return self.each(send)

    def propose(self, texts: list[str], target: str) -> None:
        """The first phones propose a new challenge each."""

        async def send(phone, text):
            payload = {
                "client_id": uuid.uuid4().hex,
                "kind": "add_challenge",
                "target": target,
                "text": text,
                "rationale": "Tätä tarvitaan.",
            }
            await phone.call("proposal:create", payload)

        async def all_of_them():
            await asyncio.gather(*(send(p, t) for p, t in zip(self.phones, texts, strict=False)))

        self.run(all_of_them())

    def support(self, proposal_ids: list[int]) -> dict[int, Counter]:
        """Each phone supports (1), opposes (-1) or leaves (0) each proposal; the tallies sent."""

        async def send(phone):
            rng = random.Random(f"support-{phone.index}")
            given = {}
            for proposal_id in proposal_ids:
                value = rng.choice([1, 1, 1, -1, 0])
                if value:
                    payload = {"proposal_id": proposal_id, "value": value}
                    await phone.call("proposal:support", payload)
                given[proposal_id] = value
            return given

        tallies = {proposal_id: Counter() for proposal_id in proposal_ids}
        for given in self.each(send):
            for proposal_id, value in given.items():
                tallies[proposal_id][value] += 1
        return tallies
