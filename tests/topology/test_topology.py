"""The production topology, run from deploy/: Debian's nginx in front of two gunicorn gevent
processes sharing Redis and the suite's database (SQLite in WAL mode, or PostgreSQL).

A facilitator's console watches on one process, participants answer on the other; the live
results cross processes through Redis. One process's worker is killed with SIGKILL during a
burst of answers: its participants reconnect through nginx and resend what was not
acknowledged (with the same submission ids, as the participant page does), no acknowledged
answer is lost and the console's final results are the answers given.
"""

import asyncio
import contextvars
import os
import random
import re
import subprocess
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest
import redis
import requests
import socketio
from yarl import URL

from deploy.stack import PROXY_SNIPPET, Stack, nginx_binary, render_site
from tests.conftest import TEST_PASSWORD
from workshop.extensions import db
from workshop.review import services
from workshop.review.models import Answer, Submission

REDIS_URL = os.environ.get("WORKSHOP_TEST_TOPOLOGY_REDIS_URL", "redis://127.0.0.1:6379/2")
PORTS = [5210, 5211]  # the console's process, the participants' process
NGINX_PORT = 8210
PARTICIPANTS = 40
AREAS = 3
TIMEOUT = 5  # one acknowledgement; a dead worker's calls time out after it and are resent
GROUPS = ["klusterit", "kunnat", "yritykset", "tutkimus-ja-koulutus"]


@pytest.fixture(scope="module")
def redis_db():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        raise RuntimeError(
            f"The topology test needs Redis at {REDIS_URL} (.ci/run starts it; or set "
            "WORKSHOP_TEST_TOPOLOGY_REDIS_URL)"
        ) from error
    client.flushdb()  # this database only
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def stack(app, redis_db, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WORKSHOP_", "DATABASE_URL"))
    }
    env.update(
        WORKSHOP_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        WORKSHOP_SECRET_KEY=app.config["SECRET_KEY"],
        WORKSHOP_REDIS_URL=REDIS_URL,
        # Publish/subscribe ignores the database number: a channel of this run's own.
        WORKSHOP_REDIS_CHANNEL=f"strategiapaja-topology-{uuid.uuid4().hex}",
        WORKSHOP_PROXY_FIX="1",
        WORKSHOP_MIN_GROUP_SIZE="1",
        PYTHONUNBUFFERED="1",
    )
    with Stack(tmp_path, PORTS, NGINX_PORT, env, ready_path="/join") as running:
        yield running


@pytest.fixture
def live_session(strategy_version, facilitator):
    review_round = services.create_round(strategy_version, "Topologia 2026", 2026)
    session = services.create_session(review_round, "Topologia", "Oulu")
    services.set_session_status(session, "open")
    areas = [area.key for area in review_round.strategy_version.focus_areas][:AREAS]
    step = services.add_step(session, "scoring", "Pisteytys", areas)
    services.open_step(step)
    db.session.commit()
    return session, step


def test_the_site_file_renders_for_any_ports_and_passes_nginx_t(tmp_path):
    snippet = tmp_path / "strategiapaja-proxy.conf"
    snippet.write_text(PROXY_SNIPPET.read_text())
    site = render_site([5290, 5291, 5292], 8290, snippet, tmp_path / "cache")
    assert site.count("    server 127.0.0.1:529") == 3
    assert "listen 127.0.0.1:8290;" in site and "listen 80" not in site
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
        + ["-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


async def logged_in(url: str, route: str, email: str) -> aiohttp.ClientSession:
    """An HTTP session logged in through nginx, kept on one process by its route cookie."""
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    http.cookie_jar.update_cookies({"strategiapaja_route": route}, URL(url))
    async with http.get(url + "/login") as response:
        token = csrf_token(await response.text())
    form = {"email": email, "password": TEST_PASSWORD, "csrf_token": token}
    async with http.post(url + "/login", data=form) as response:
        assert response.status == 200 and response.url.path != "/login"
    return http


async def log_out(http: aiohttp.ClientSession, url: str) -> None:
    async with http.get(url + "/review/") as response:
        token = csrf_token(await response.text())
    async with http.post(url + "/logout", data={"csrf_token": token}) as response:
        assert response.status == 200


class Console:
    """A facilitator's console through nginx, kept on one process by its route cookie."""

    def __init__(self, url: str, route: str):
        self.url = url
        self.route = route
        self.latest = None
        self.updates = 0

    async def start(self, email: str, session_id: int) -> None:
        self.http = await logged_in(self.url, self.route, email)
        self.sio = socketio.AsyncClient(http_session=self.http, reconnection=False)
        self.sio.on("results:update", self._on_update)
        await self.sio.connect(self.url, wait_timeout=10)  # long-polling first, then upgrade
        ack = await self.sio.call("staff:watch", {"session_id": session_id}, timeout=10)
        assert ack["ok"], ack

    def _on_update(self, data) -> None:
        self.updates += 1
        self.latest = data

    def distribution(self) -> dict:
        if not self.latest or not self.latest.get("results"):
            return {}
        return {
            (item["focus_area"], item["question"]): (item["distribution"], item["dont_know"])
            for item in self.latest["results"]["items"]
            if item["count"] or item["dont_know"]
        }

    async def stop(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()
        await self.http.close()


class Phone:
    """A participant's browser: joins over HTTP, answers over Socket.IO, and like the
    participant page resends an answer until it is acknowledged, with the same submission id."""

    def __init__(self, index: int, url: str, route: str):
        self.index = index
        self.url = url
        self.route = route
        self.connects = 0
        self.resent = 0
        self.acked: list[dict] = []

    async def join(self, code: str) -> None:
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.http.cookie_jar.update_cookies({"strategiapaja_route": self.route}, URL(self.url))
        body = {"code": code, "group": GROUPS[self.index % len(GROUPS)], "locale": "fi"}
        async with self.http.post(self.url + "/api/join", json=body) as response:
            joined = await response.json()
        assert joined["ok"], joined
        self.sio = socketio.AsyncClient(
            http_session=self.http, reconnection_delay=0.2, reconnection_delay_max=1
        )
        self.sio.on("connect", self._on_connect)
        await self.sio.connect(self.url, auth={"token": joined["token"]}, wait_timeout=10)
        self.step = (await self.sio.call("participant:sync", {}, timeout=10))["step"]

    def _on_connect(self) -> None:
        self.connects += 1

    def plan(self, rng: random.Random) -> list[dict]:
        return [
            {
                "submission_id": uuid.uuid4().hex,
                "step_id": self.step["id"],
                "question": question["key"],
                "focus_area": area["key"],
                "value": rng.randint(question["min"], question["max"]),
                "reason": "",
            }
            for area in self.step["focus_areas"]
            for question in self.step["questions"]
        ]

    async def submit(self, payload: dict, deadline: float) -> None:
        while time.monotonic() < deadline:
            if not self.sio.connected:
                await asyncio.sleep(0.1)
                continue
            try:
                ack = await self.sio.call("answer:submit", payload, timeout=TIMEOUT)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.SocketIOError):
                self.resent += 1
                continue
            assert ack["ok"] and ack["submission_id"] == payload["submission_id"], ack
            self.acked.append(payload)
            return
        raise AssertionError(f"phone {self.index}: no acknowledgement before the deadline")

    async def stop(self) -> None:
        await self.sio.disconnect()
        await self.http.close()


def expected_distribution(payloads: list[dict]) -> dict:
    cells = defaultdict(Counter)
    for payload in payloads:
        cells[(payload["focus_area"], payload["question"])][str(payload["value"])] += 1
    return {cell: (dict(sorted(counts.items())), 0) for cell, counts in cells.items()}


async def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def served_ports(stack: Stack, route: str) -> set[int]:
    """The processes that nginx sent requests with this route cookie to."""
    return {port for cookie, ports in stack.served() if cookie == route for port in ports}


def test_a_killed_worker_loses_no_acknowledged_answer(stack, live_session, facilitator):
    session, step = live_session
    console_port, phones_port = PORTS
    console_route = stack.route_cookie(console_port)
    phones_route = stack.route_cookie(phones_port)
    rng = random.Random(17)

    async def scenario():
        console = Console(stack.url, console_route)
        await console.start(facilitator.email, session.id)
        phones = [Phone(i, stack.url, phones_route) for i in range(PARTICIPANTS)]
        await asyncio.gather(*(phone.join(session.join_code) for phone in phones))
        plans = {phone.index: phone.plan(rng) for phone in phones}
        deadline = time.monotonic() + 40

        # Warm-up: everyone's first answer reaches the console on the other process.
        await asyncio.gather(*(p.submit(plans[p.index].pop(0), deadline) for p in phones))
        first = expected_distribution([a for p in phones for a in p.acked])
        await wait_until(lambda: console.distribution() == first, 10, "the first answers")
        assert served_ports(stack, phones_route) == {phones_port}
        assert served_ports(stack, console_route) == {console_port}

        # The burst: the rest of everyone's answers, the participants' worker killed mid-way.
        async def answer_all(phone):
            for payload in plans[phone.index]:
                await phone.submit(payload, deadline)

        burst = [asyncio.create_task(answer_all(phone)) for phone in phones]
        planned = sum(len(plan) for plan in plans.values()) + len(phones)
        await wait_until(
            lambda: sum(len(p.acked) for p in phones) >= planned * 0.4, 20, "the burst"
        )
        killed_at = sum(len(p.acked) for p in phones)
        stack.kill_worker(phones_port)
        await asyncio.gather(*burst)

        acked = [payload for phone in phones for payload in phone.acked]
        final = expected_distribution(acked)
        await wait_until(lambda: console.distribution() == final, 10, "the final results")
        summary = {
            "planned": planned,
            "acked": len(acked),
            "killed_at": killed_at,
            "reconnected": sum(phone.connects > 1 for phone in phones),
            "resent": sum(phone.resent for phone in phones),
            "console_updates": console.updates,
        }
        for phone in phones:
            await phone.stop()

        # The console's account logs out on the participants' process: the login has ended,
        # so its socket on the other process is closed too (through the queue).
        elsewhere = await logged_in(stack.url, stack.route_cookie(phones_port), facilitator.email)
        await log_out(elsewhere, stack.url)
        await elsewhere.close()
        await wait_until(lambda: not console.sio.connected, 5, "the console's socket to close")
        await console.stop()
        return acked, summary

    started = time.monotonic()
    # In a thread of its own: a browser test's Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(1) as thread:
        # The app context goes with it (the scenario reads the session and the account).
        context = contextvars.copy_context()
        acked, summary = thread.submit(context.run, asyncio.run, scenario()).result()
    print(f"{summary}, {time.monotonic() - started:.1f} s")

    assert summary["acked"] == summary["planned"]
    assert summary["killed_at"] < summary["planned"]
    # The killed worker's phones came back through nginx (to its restarted worker or to the
    # other process) and resent what had not been acknowledged.
    assert summary["reconnected"] > 0 and summary["resent"] > 0
    db.session.expire_all()
    stored = {
        (s.client_id, a.focus_area_key, a.value)
        for s, a in db.session.execute(
            db.select(Submission, Answer).join(Answer, Submission.answer_id == Answer.id)
        )
    }
    for payload in acked:
        assert (payload["submission_id"], payload["focus_area"], payload["value"]) in stored
    assert db.session.query(Answer).filter_by(session_id=session.id).count() == len(acked)


def test_static_files_come_through_nginx_hashed_compressed_and_cached(stack):
    page = requests.get(f"{stack.url}/join", timeout=10)
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{10}\.css)"', page.text).group(1)
    headers = {"Accept-Encoding": "gzip"}
    first = requests.get(stack.url + stylesheet, headers=headers, timeout=10)
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "gzip"
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert first.headers["Cache-Control"].count("max-age") == 1  # nginx adds none of its own
    # nginx's cache answers the second request: the processes see the file asked for once.
    second = requests.get(stack.url + stylesheet, headers=headers, timeout=10)
    assert second.content == first.content

    def logged():
        lines = [line.split("|") for line in stack.access_log.read_text().splitlines()]
        return [upstream for _, upstream, _, uri in lines if uri == stylesheet]

    deadline = time.monotonic() + 5
    while len(logged()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    upstreams = logged()
    assert len(upstreams) == 2 and upstreams[1] == "-", upstreams  # "-": no process asked
