"""Stall benchmark: does one heavy action hold a live room? The answer acks of a room while,
in turn, something heavy happens beside it.

    .venv/bin/python bench/stall.py

A room of ``--room`` participants (300) answers at a realistic pace (each pauses 0.5-1.5 x
``--think-ms``, 3000, before each answer, and sends the next only after the ack) against
``workshop run`` on a fresh SQLite database, made as bench/live.py makes it. Phases follow one
another, with a pause between them:

1. ``baseline``: nothing else;
2. ``docx``: a facilitator downloads the round's Word update draft, again and again;
3. ``login_flood``: 20 clients post the login form with wrong passwords, as fast as they can;
4. ``chat_burst``: one more participant sends 200 assistant messages at once;
5. ``sqlite_lock``: another process holds the database's write lock (``BEGIN EXCLUSIVE``) for
   ``--lock-seconds`` (10).

An answer belongs to the phase in which it was first sent; its ack time runs from that first
send to its ``ok`` ack, resends included (after a ``busy`` or ``server_error`` ack, or a
timeout, a participant resends after 1 s, 2 s, 4 s ... as the participant page does). Prints
one line on stdout (details on stderr):

    room=300 baseline_p95_ms=X docx_p95_ms=X login_flood_p95_ms=X
        chat_burst_p95_ms=X sqlite_lock_p95_ms=X lost=L

(on one line; broken here to fit).
``lost``: answers sent but never acknowledged ``ok``, plus any difference between the answers
acknowledged and the rows in the database. See bench/README.md, "Stalls".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.live import (  # noqa: E402  (the benchmark's set-up is shared with bench/live.py)
    GROUPS,
    HOST,
    PYTHON,
    REQUEST_TIMEOUT,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    Participant,
    PhaseResult,
    Server,
    base_env,
    count_rows,
    describe_code_and_machine,
    interrupt,
    log,
    prepare_database,
    raise_file_limit,
    start_watchdog,
    stop_all_servers,
)

PHASES = ("baseline", "docx", "login_flood", "chat_burst", "sqlite_lock")
PHASE_SECONDS = 10.0
SETTLE_SECONDS = 3.0  # between phases, so that one phase's tail is not the next one's
CHAT_BURST = 200
LOGIN_CLIENTS = 20
FIRST_RESEND = 1.0
LAST_RESEND = 15.0
FINAL_GRACE = 30.0  # after the last phase, for answers still waiting

LOCK_SNIPPET = r"""
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


@dataclass
class Room:
    """What the room's participants measured: each answer's first send and its ack time."""

    began: float = field(default_factory=time.perf_counter)
    acks: list[tuple[float, float]] = field(default_factory=list)  # (first sent, seconds)
    sent: int = 0
    retries: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    stopping: bool = False

    def percentile_ms(self, start: float, end: float, fraction: float) -> float:
        return percentile_ms(self.acks, start, end, fraction)

    def count(self, start: float, end: float) -> int:
        return sum(1 for sent, _ in self.acks if start <= sent < end)


class RoomParticipant(Participant):
    """A participant of bench/live.py who, refused a join by the room's join limit (a burst of
    60, then 5 a second from one address: docs/protocol.md), waits as told and joins again."""

    async def join(self, http, base_url: str, code: str, result) -> dict | None:
        form = {"code": code, "group": self.group, "locale": "fi"}
        for _attempt in range(100):
            async with http.post(base_url + "/api/join", json=form) as response:
                joined = await response.json()
                wait = float(response.headers.get("Retry-After", "1"))
            if joined.get("ok"):
                return joined
            if joined.get("error") != "join_rate_limited":
                break
            await asyncio.sleep(wait)
        result.connect_failures["join"] += 1
        return None


def acked_ok(ack, payload) -> bool:
    return (
        isinstance(ack, dict)
        and ack.get("ok") is True
        and ack.get("submission_id") == payload["submission_id"]
    )


async def answer_until_stopped(participant: Participant, room: Room, think: float) -> None:
    """Answer the step over and over (a new submission each time), each after the last ack."""
    rng = random.Random(-1 - participant.index)
    number = 0
    while not room.stopping:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        if room.stopping:
            return
        payload = dict(
            participant.plan[number % len(participant.plan)], submission_id=uuid.uuid4().hex
        )
        number += 1
        room.sent += 1
        first = time.perf_counter()
        resend = FIRST_RESEND
        while True:
            try:
                ack = await participant.sio.call("answer:submit", payload, timeout=REQUEST_TIMEOUT)
            except Exception as error:  # noqa: BLE001 - a timeout or a drop: resend, as a page does
                ack = {"error": type(error).__name__}
                if not participant.sio.connected:
                    room.failures["disconnected"] += 1
                    return
            if acked_ok(ack, payload):
                room.acks.append((first - room.began, time.perf_counter() - first))
                break
            error = ack.get("error") if isinstance(ack, dict) else repr(ack)
            if error not in ("busy", "server_error", "TimeoutError"):
                room.failures[f"ack:{error}"] += 1
                break
            room.retries[error] += 1
            if time.perf_counter() - first > FINAL_GRACE + 60:
                room.failures["gave_up"] += 1
                break
            await asyncio.sleep(resend)
            resend = min(resend * 2, LAST_RESEND)


async def probe_until_stopped(prober: Participant, room: Room, probes: list) -> None:
    """``participant:sync`` (a read) every 0.2 s: is the loop itself answering? In the SQLite
    phase the answers wait for the lock, and this shows whether everything else still runs."""
    while not room.stopping:
        await asyncio.sleep(0.2)
        began = time.perf_counter()
        with contextlib.suppress(Exception):  # a lost probe shows as a long one
            await prober.sio.call("participant:sync", {}, timeout=REQUEST_TIMEOUT)
        probes.append((began - room.began, time.perf_counter() - began))


def percentile_ms(samples: list, start: float, end: float, fraction: float) -> float:
    window = sorted(took for sent, took in samples if start <= sent < end)
    if not window:
        return float("nan")
    return window[max(0, min(len(window) - 1, int(fraction * len(window) + 0.5) - 1))] * 1000


# Disturbances ----------------------------------------------------------------------------


async def logged_in_session(base_url: str, email: str, password: str):
    """An aiohttp session with the facilitator's login cookie (or a refused login's)."""
    import aiohttp

    http = aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True),
        timeout=aiohttp.ClientTimeout(total=120),
    )
    status = await post_login(http, base_url, email, password)
    return http, status


async def post_login(http, base_url: str, email: str, password: str) -> int:
    async with http.get(base_url + "/login") as response:
        page = await response.text()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    form = {"email": email, "password": password, "csrf_token": token[1] if token else ""}
    async with http.post(base_url + "/login", data=form, allow_redirects=False) as response:
        await response.read()
        return response.status


async def word_exports(base_url: str, round_id: int, until: float, stats: Counter) -> None:
    """Download the round's Word draft back to back until ``until`` (perf_counter)."""
    http, status = await logged_in_session(base_url, STAFF_EMAIL, STAFF_PASSWORD)
    try:
        if status != 302:
            raise RuntimeError(f"the facilitator could not log in ({status})")
        while time.perf_counter() < until:
            began = time.perf_counter()
            async with http.get(f"{base_url}/review/rounds/{round_id}/report.docx") as response:
                body = await response.read()
            stats[f"docx:{response.status}"] += 1
            stats["docx_seconds_total"] += time.perf_counter() - began
            stats["docx_bytes"] = len(body)
    finally:
        await http.close()


async def login_flood(base_url: str, until: float, stats: Counter) -> None:
    """Wrong passwords from ``LOGIN_CLIENTS`` clients at once until ``until``."""
    import aiohttp

    async def one_client(number: int) -> None:
        attempt = 0
        async with aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=aiohttp.ClientTimeout(total=60)
        ) as http:
            while time.perf_counter() < until:
                attempt += 1
                email = f"guess{number}-{attempt}@example.org"
                try:
                    status = await post_login(http, base_url, email, "wrong-password-123")
                except Exception as error:  # noqa: BLE001 - a flood does not wait for answers
                    status = type(error).__name__
                stats[f"login:{status}"] += 1

    # A flood stops at the end of the phase; what is still waiting is given up.
    clients = [asyncio.create_task(one_client(number)) for number in range(LOGIN_CLIENTS)]
    await asyncio.wait(clients, timeout=max(0.0, until - time.perf_counter()) + 1)
    for client in clients:
        if not client.done():
            client.cancel()
            stats["login:given_up"] += 1
    await asyncio.gather(*clients, return_exceptions=True)


async def chat_burst(chatty: Participant, stats: Counter) -> None:
    """``CHAT_BURST`` assistant messages sent at once; returns when every one is acked."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def acked(ack) -> None:
        code = "ok" if isinstance(ack, dict) and ack.get("ok") else f"{(ack or {}).get('error')}"
        stats[f"chat:{code}"] += 1
        if sum(v for k, v in stats.items() if k.startswith("chat:")) == CHAT_BURST:
            loop.call_soon_threadsafe(lambda: done.done() or done.set_result(None))

    if not chatty.sio.connected:  # a stalled server missed its pings and dropped it
        stats["chat:disconnected_before"] = 1
        return
    for number in range(CHAT_BURST):
        message = {"text": f"Vetyhankkeet etenevät hyvin, viesti {number}"}
        await chatty.sio.emit("assistant:message", message, callback=acked)
    try:
        await asyncio.wait_for(done, 60)
    except TimeoutError:  # the connection dropped (a stalled server misses its pings)
        answered = sum(v for k, v in stats.items() if k.startswith("chat:"))
        stats["chat:unanswered"] = CHAT_BURST - answered


async def sqlite_lock(database_file: str, seconds: float, stats: Counter) -> None:
    """Another process holds the write lock for ``seconds``."""
    process = await asyncio.create_subprocess_exec(
        str(PYTHON),
        "-c",
        LOCK_SNIPPET,
        database_file,
        str(seconds),
        stdout=asyncio.subprocess.PIPE,
    )
    line = await process.stdout.readline()
    stats["lock_taken"] = int(line.strip() == b"locked")
    await process.wait()


# The run ----------------------------------------------------------------------------------


async def run_room(server: Server, args, setup: dict, database_file: str):
    import aiohttp

    room_size, think = args.room, args.think_ms / 1000
    connector = aiohttp.TCPConnector(limit=0)
    stats: Counter = Counter()
    windows: dict[str, tuple[float, float]] = {}
    async with aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
        cookie_jar=aiohttp.DummyCookieJar(),
    ) as http:
        result = PhaseResult("app", room_size)
        people = [RoomParticipant(i, GROUPS[i % len(GROUPS)]) for i in range(room_size + 2)]
        gate = asyncio.Semaphore(50)
        began = time.monotonic()
        await asyncio.gather(
            *(p.connect(http, server.url, setup["join_code"], gate, result) for p in people)
        )
        *room_people, chatty, prober = people
        ready = [p for p in room_people if p.plan and p.sio is not None and p.sio.connected]
        log(
            f"{len(ready)}/{room_size} connected in {time.monotonic() - began:.1f} s "
            f"(joins are limited to 5 a second from one address); {dict(result.connect_failures)}"
        )
        if chatty.sio is None or not chatty.plan:
            raise RuntimeError("the chatting participant could not connect")
        await chatty.sio.call("assistant:message", {"text": "Hei"}, timeout=REQUEST_TIMEOUT)

        room = Room()
        tasks = [asyncio.create_task(answer_until_stopped(p, room, think)) for p in ready]
        probes: list[tuple[float, float]] = []
        tasks.append(asyncio.create_task(probe_until_stopped(prober, room, probes)))
        await asyncio.sleep(think * 1.5 + SETTLE_SECONDS)  # everyone is answering by now
        cpu = {}
        try:
            for phase in PHASES:
                start = time.perf_counter()
                cpu_before = server.cpu_seconds()
                until = start + PHASE_SECONDS
                if phase == "baseline":
                    await asyncio.sleep(PHASE_SECONDS)
                elif phase == "docx":
                    await word_exports(server.url, setup["round_id"], until, stats)
                elif phase == "login_flood":
                    await login_flood(server.url, until, stats)
                elif phase == "chat_burst":
                    await chat_burst(chatty, stats)
                elif phase == "sqlite_lock":
                    await sqlite_lock(database_file, args.lock_seconds, stats)
                end = time.perf_counter()
                windows[phase] = (start - room.began, end - room.began)
                cpu[phase] = (server.cpu_seconds() - cpu_before) / (end - start)
                log(f"[{phase}] {end - start:.1f} s, server CPU {cpu[phase]:.0%} of a core")
                await asyncio.sleep(SETTLE_SECONDS)
        finally:
            room.stopping = True
            await asyncio.wait(tasks, timeout=FINAL_GRACE + 60)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*(p.disconnect() for p in people), return_exceptions=True)
    return room, windows, stats, cpu, probes


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Answer acks of a room beside heavy actions.")
    parser.add_argument("--room", type=int, default=300, help="participants answering (300)")
    parser.add_argument("--think-ms", type=int, default=3000, help="pause before each answer")
    parser.add_argument("--lock-seconds", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=5150, help="the app on 127.0.0.1:PORT")
    parser.add_argument(
        "--offload",
        choices=["process", "inline"],
        default="process",
        help="where the server runs exports and password hashes (inline: as before)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if not 1 <= args.room <= 2000:
        parser.error("--room must be between 1 and 2000")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    start_watchdog()
    signal.signal(signal.SIGTERM, interrupt)
    raise_file_limit()
    workdir = Path(tempfile.mkdtemp(prefix="strategiapaja-stall-"))
    database_file = str(workdir / "stall.sqlite")
    database_url = f"sqlite:///{database_file}"
    env = base_env(database_url)
    # This checkout's code, whichever checkout the shared virtualenv's `workshop` points at.
    env.update(PYTHONPATH=str(ROOT))
    server_env = dict(env, WORKSHOP_OFFLOAD=args.offload)
    try:
        log(f"work directory {workdir}")
        log(describe_code_and_machine())
        setup = prepare_database(database_url, env, workdir)
        argv = [str(PYTHON), "-m", "workshop", "run", "--host", HOST, "--port", str(args.port)]
        ready = f"/api/sessions/{setup['join_code']}"
        server = Server("app", argv, server_env, args.port, ready, workdir)
        server.start()
        try:
            outcome = asyncio.run(run_room(server, args, setup, database_file))
            room, windows, stats, cpu, probes = outcome
        finally:
            server.stop()
        db_answers, db_submissions = count_rows(database_url, setup["session_id"])
    finally:
        stop_all_servers()
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    for phase in PHASES:
        start, end = windows[phase]
        log(
            f"[{phase}] answers first sent in it: {room.count(start, end)}, ack "
            f"p50={room.percentile_ms(start, end, 0.5):.0f} "
            f"p95={room.percentile_ms(start, end, 0.95):.0f} "
            f"max={room.percentile_ms(start, end, 1.0):.0f} ms; participant:sync probe "
            f"p95={percentile_ms(probes, start, end, 0.95):.0f} "
            f"max={percentile_ms(probes, start, end, 1.0):.0f} ms; server CPU {cpu[phase]:.0%}"
        )
    log(f"disturbances: {dict(stats)}")
    log(f"resends: {dict(room.retries)}; failures: {dict(room.failures)}")
    log(
        f"answers sent {room.sent}, acked {len(room.acks)}, submissions in the database "
        f"{db_submissions} (answer rows {db_answers}); load average {os.getloadavg()}"
    )
    # Chat messages may record scores too: only acked answers missing from the database count.
    lost = room.sent - len(room.acks) + max(0, len(room.acks) - db_submissions)
    figures = " ".join(
        f"{phase}_p95_ms={room.percentile_ms(*windows[phase], 0.95):.0f}" for phase in PHASES
    )
    print(f"room={args.room} {figures} lost={lost}", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted; servers stopped")
        sys.exit(130)
