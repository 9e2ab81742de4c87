"""Live-workshop benchmark: N participants join one session and score every focus area.

    .venv/bin/python bench/live.py --participants 1000

Runs the same traffic twice, one server after the other, from ``--client-processes``
asyncio load-generator processes (python-socketio clients, WebSocket only, all on 127.0.0.1;
the participants spread evenly over them, their figures gathered back here):

1. ``bare``: bench/bare_server.py, a Flask-SocketIO server that stores nothing, only
   acknowledges and broadcasts a coalesced counter (the framework's ceiling on this machine);
2. ``app``: the real app, ``workshop run`` (gevent), on a fresh database (a temporary SQLite
   file, or ``--database-url`` PostgreSQL whose ``public`` schema is dropped first).

With ``--processes N`` both are served the production way instead: N gunicorn gevent processes
behind nginx on Redis (deploy/, started by bench/topology.py): the processes on
``--port-base`` + 1, + 2, ..., nginx on ``--port-base`` + 3000.

Each participant joins (``POST /api/join``), connects with its token, sends
``participant:sync`` and, once every participant is connected, sends its answers one after
another (every focus area of the open scoring step × every question), waiting for each
acknowledgement (``--think-ms`` adds a pause before each answer, as people take). One logged-in
facilitator watches the session (``staff:watch``) and counts the
``results:update`` broadcasts. Only the answering phase is timed.

Prints one line on stdout (details on stderr):

    participants=N answers=A answers_per_s=R ack_p50_ms=X ack_p95_ms=Y lost=L ratio=Q

for the app; ``ratio`` is the app's answers per second divided by the bare server's. ``lost``
counts the planned answers that were not acknowledged ``ok`` (timeouts, error acks,
disconnects, clients that could not connect) plus, for the app, any difference between the
acknowledged answers and the answer rows in the database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
WORKSHOP = VENV_BIN / "workshop"
BARE_SERVER = Path(__file__).resolve().parent / "bare_server.py"

HOST = "127.0.0.1"
SECRET_KEY = "strategiapaja-bench-secret-key-not-for-production"
STAFF_EMAIL = "bench@example.org"
STAFF_PASSWORD = "bench-password-1234"
GROUPS = [
    "klusterit",
    "kehittamisyhtiot",
    "tutkimus-ja-koulutus",
    "kunnat",
    "yritykset",
    "viranomaiset",
]
REASONS = [
    "Vetyhankkeet etenevät",
    "Rahoitusta on saatu, mutta tekijöistä on pulaa",
    "Yhteistyö yritysten kanssa on tiivistynyt",
    "",
]

RUN_TIMEOUT = 15 * 60  # the whole run, servers included; a watchdog ends it after this
COMMAND_TIMEOUT = 180  # migrations, setup, counting
SERVER_START_TIMEOUT = 60
CONNECT_CONCURRENCY = 50  # joins in flight at a time, all load-generator processes together
DEFAULT_CLIENT_PROCESSES = 2
MAX_PARTICIPANTS = 5000
REQUEST_TIMEOUT = 30  # one join, connect, sync or answer acknowledgement
CONNECT_PHASE_TIMEOUT = 240
ANSWER_PHASE_TIMEOUT = 300
DISCONNECT_TIMEOUT = 60
OBSERVER_SETTLE = 1.5  # seconds to wait after the last ack for the final coalesced broadcast

# Runs inside the app's virtualenv with the benchmark's database: builds the session.
SETUP_SNIPPET = r"""
import json, os, sys
from workshop import create_app
from workshop.auth.services import create_user
from workshop.extensions import db
from workshop.review import payloads, services
from workshop.strategy.services import current_version, ensure_strategy_loaded

app = create_app()
with app.app_context():
    ensure_strategy_loaded()
    version = current_version()
    review_round = services.create_round(version, "Kuormitustesti", 2026)
    session = services.create_session(review_round, "Kuormitustesti", "127.0.0.1")
    services.set_session_status(session, "open")
    step = services.add_step(session, "scoring", "Kaikki", [])
    services.open_step(step)
    create_user(os.environ["BENCH_STAFF_EMAIL"], os.environ["BENCH_STAFF_PASSWORD"], name="Bench")
    db.session.commit()
    print(json.dumps({
        "round_id": review_round.id,
        "session_id": session.id,
        "join_code": session.join_code,
        "step": payloads.step_payload(step, "fi"),
        "groups": [group.key for group in review_round.groups],
    }))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Processes --------------------------------------------------------------------------------


class Server:
    """A server subprocess, stopped by pid (never by name)."""

    running: list[Server] = []

    def __init__(self, name: str, argv: list[str], env: dict, port: int, ready_path: str, logs):
        self.name = name
        self.argv = argv
        self.env = env
        self.port = port
        self.ready_path = ready_path
        self.log_path = Path(logs) / f"{name}-server.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        ensure_port_free(self.port)
        with open(self.log_path, "wb") as output:
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        Server.running.append(self)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} server exited: see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} server did not answer in {SERVER_START_TIMEOUT} s")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far."""
        if self.process is None:
            return 0.0
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return 0.0
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self in Server.running:
            Server.running.remove(self)


def stop_all_servers() -> None:
    for server in list(Server.running):
        try:
            server.stop()
        except Exception as error:  # noqa: BLE001 - cleanup must go on
            log(f"stopping {server.name} failed: {error}")


def ensure_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            raise RuntimeError(f"port {port} is in use; choose --port-base") from error


def run_command(argv: list[str], env: dict, what: str) -> str:
    result = subprocess.run(
        argv,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def raise_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    return soft


# Database ---------------------------------------------------------------------------------


def sqlalchemy_url(url: str) -> str:
    """The URL as the app's configuration reads it (psycopg 3 for PostgreSQL)."""
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def reset_postgresql(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def count_rows(url: str, session_id: int) -> tuple[int, int]:
    """Answer rows of the session, and submission rows, in the benchmark's database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            answers = connection.execute(
                text("SELECT count(*) FROM answer WHERE session_id = :s"), {"s": session_id}
            ).scalar_one()
            submissions = connection.execute(text("SELECT count(*) FROM submission")).scalar_one()
    finally:
        engine.dispose()
    return int(answers), int(submissions)


# Load generator ---------------------------------------------------------------------------


@dataclass
class PhaseResult:
    name: str
    participants: int
    planned: int = 0
    acked: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    connect_failures: Counter = field(default_factory=Counter)
    connected: int = 0
    connect_seconds: float = 0.0
    connect_server_cpu: float = 0.0
    answer_seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    observer_updates: int = 0
    observer_answers: int | None = None
    db_answers: int | None = None
    db_submissions: int | None = None

    @property
    def lost(self) -> int:
        lost = self.planned - self.acked
        if self.db_answers is not None:
            lost += abs(self.acked - self.db_answers)
        return lost

    @property
    def rate(self) -> float:
        return self.acked / self.answer_seconds if self.answer_seconds > 0 else 0.0

    def percentile_ms(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = max(0, math.ceil(fraction * len(ordered)) - 1)
        return ordered[index] * 1000

    def line(self) -> str:
        return (
            f"participants={self.participants} answers={self.acked} "
            f"answers_per_s={self.rate:.1f} ack_p50_ms={self.percentile_ms(0.5):.1f} "
            f"ack_p95_ms={self.percentile_ms(0.95):.1f} lost={self.lost}"
        )

    def details(self) -> str:
        return (
            f"[{self.name}] {self.line()} ack_p99_ms={self.percentile_ms(0.99):.1f} "
            f"ack_max_ms={self.percentile_ms(1.0):.1f} planned={self.planned} "
            f"connected={self.connected}/{self.participants} "
            f"connect_s={self.connect_seconds:.1f} "
            f"connect_server_cpu_s={self.connect_server_cpu:.1f} "
            f"answer_s={self.answer_seconds:.2f} "
            f"server_cpu_s={self.server_cpu:.2f} client_cpu_s={self.client_cpu:.2f} "
            f"errors={dict(self.errors)} connect_failures={dict(self.connect_failures)} "
            f"observer_updates={self.observer_updates} observer_answers={self.observer_answers} "
            f"db_answers={self.db_answers} db_submissions={self.db_submissions}"
        )


def answer_plan(index: int, step: dict) -> list[dict]:
    """One participant's answers: every focus area of the step on every question."""
    rng = random.Random(index)
    plan = []
    for area in step["focus_areas"]:
        for question in step["questions"]:
            value = rng.randint(question["min"], question["max"])
            if question.get("dont_know") and rng.random() < 0.05:
                value = None
            plan.append(
                {
                    "submission_id": uuid.uuid4().hex,
                    "step_id": step["id"],
                    "question": question["key"],
                    "focus_area": area["key"],
                    "value": value,
                    "reason": rng.choice(REASONS),
                }
            )
    return plan


def new_client(http):
    import socketio

    return socketio.AsyncClient(
        reconnection=False,  # a dropped connection shows up as lost answers, not hidden
        http_session=http,
        request_timeout=REQUEST_TIMEOUT,
        handle_sigint=False,
    )


class Participant:
    def __init__(self, index: int, group: str):
        self.index = index
        self.group = group
        self.sio = None
        self.plan: list[dict] = []

    async def connect(self, http, base_url: str, code: str, gate: asyncio.Semaphore, result):
        async with gate:
            try:
                joined = await self.join(http, base_url, code, result)
                if joined is None:
                    return
                self.sio = new_client(http)
                await self.sio.connect(
                    base_url,
                    auth={"token": joined["token"]},
                    transports=["websocket"],
                    wait_timeout=REQUEST_TIMEOUT,
                )
                state = await self.sio.call("participant:sync", {}, timeout=REQUEST_TIMEOUT)
            except Exception as error:  # noqa: BLE001 - every failure is counted
                result.connect_failures[type(error).__name__] += 1
                return
        step = state.get("step") if isinstance(state, dict) and state.get("ok") else None
        if not step or step.get("kind") != "scoring":
            result.connect_failures["no_scoring_step"] += 1
            return
        self.plan = answer_plan(self.index, step)
        result.connected += 1

    async def join(self, http, base_url: str, code: str, result) -> dict | None:
        """POST /api/join; the join's answer, or None (the refusal counted in ``result``)."""
        async with http.post(
            base_url + "/api/join",
            json={
                "code": code,
                "group": self.group,
                "organisation": f"Organisaatio {self.index % 97}",
                "name": f"Osallistuja {self.index}",
                "locale": "fi",
            },
        ) as response:
            joined = await response.json()
        if not joined.get("ok"):
            result.connect_failures[f"join:{joined.get('error')}"] += 1
            return None
        return joined

    async def answer(self, start: asyncio.Event, result: PhaseResult, think: float) -> None:
        """Send the answers one after another, each after the previous one's ack; with
        ``think`` (seconds) a participant pauses 0.5-1.5 x think before each answer."""
        rng = random.Random(-1 - self.index)
        await start.wait()
        for payload in self.plan:
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            began = time.perf_counter()
            try:
                ack = await self.sio.call("answer:submit", payload, timeout=REQUEST_TIMEOUT)
            except Exception as error:  # noqa: BLE001 - timeouts and disconnects are losses
                result.errors[type(error).__name__] += 1
                continue
            elapsed = time.perf_counter() - began
            if (
                isinstance(ack, dict)
                and ack.get("ok")
                and ack.get("submission_id") == payload["submission_id"]
                and not ack.get("duplicate")
            ):
                result.acked += 1
                result.latencies.append(elapsed)
            else:
                error = ack.get("error") if isinstance(ack, dict) else repr(ack)
                result.errors[f"ack:{error}"] += 1

    async def disconnect(self) -> None:
        if self.sio is not None and self.sio.connected:
            await self.sio.disconnect()


class Observer:
    """A facilitator's console: logs in (app) and watches the session's staff room."""

    def __init__(self, name: str):
        self.name = name
        self.http = None
        self.sio = None
        self.updates = 0
        self.last_answers: int | None = None
        self.counting = False

    def _on_update(self, data) -> None:
        if not self.counting or not isinstance(data, dict):
            return
        self.updates += 1
        if "answers" in data:  # the bare server's counter
            self.last_answers = data["answers"]
        elif data.get("results"):
            self.last_answers = sum(
                item.get("count", 0) + item.get("dont_know", 0)
                for item in data["results"].get("items", [])
            )

    async def start(self, base_url: str, session_id: int | None) -> None:
        import aiohttp

        # Its own HTTP session: the login cookie (of 127.0.0.1, hence ``unsafe``) must reach
        # the WebSocket handshake, which python-socketio makes with this session's cookie jar.
        self.http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
        )
        if session_id is not None:
            await self._log_in(base_url)
        self.sio = new_client(self.http)
        self.sio.on("results:update", self._on_update)
        await self.sio.connect(base_url, transports=["websocket"], wait_timeout=REQUEST_TIMEOUT)
        payload = {"session_id": session_id} if session_id is not None else {}
        ack = await self.sio.call("staff:watch", payload, timeout=REQUEST_TIMEOUT)
        if not isinstance(ack, dict) or not ack.get("ok"):
            raise RuntimeError(f"staff:watch refused: {ack}")

    async def _log_in(self, base_url: str) -> None:
        async with self.http.get(base_url + "/login") as response:
            page = await response.text()
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if match is None:
            raise RuntimeError("no CSRF token on the login page")
        form = {"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": match[1]}
        async with self.http.post(base_url + "/login", data=form) as response:
            if response.status != 200 or response.url.path == "/login":
                raise RuntimeError(f"login failed ({response.status})")

    async def stop(self) -> None:
        try:
            if self.sio is not None and self.sio.connected:
                await self.sio.disconnect()
        finally:
            if self.http is not None:
                await self.http.close()


def client_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# Load-generator processes -----------------------------------------------------------------
#
# One asyncio process drives about 2,000 answers/s before it is the bottleneck (it used half a
# core at N = 1000, beside a server that needs the other core and more), so the participants
# are spread over ``--client-processes`` worker processes. A worker is this script with
# ``--worker``: it reads commands on stdin and writes JSON lines on stdout, one per step, so
# the parent keeps one clock for everybody:
#
#   worker → {"event": "ready"}                      imported, waiting
#   parent → connect                                 join, connect, sync its participants
#   worker → {"event": "connected", ...}             how many, and the failures
#   parent → start                                   answer (the clock runs in the parent)
#   worker → {"event": "finished"}                   the last ack came (the clock stops)
#   worker → {"event": "results", ...}               acks, latencies, errors, CPU seconds
#   parent → stop                                    disconnect and exit


def worker_indices(participants: int, processes: int, worker: int) -> range:
    """The participants one worker drives: every ``processes``-th, from ``worker`` on, so that
    each worker has its share of every stakeholder group."""
    return range(worker, participants, processes)


def worker_concurrency(processes: int) -> int:
    """Joins a worker makes at a time: CONNECT_CONCURRENCY for all workers together."""
    return max(1, CONNECT_CONCURRENCY // processes)


def emit_line(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def read_command(reader: asyncio.StreamReader, expected: str) -> None:
    line = (await reader.readline()).decode().strip()
    if line != expected:
        raise RuntimeError(f"worker expected {expected!r}, got {line!r}")


async def stdin_reader() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader


async def run_worker(options: dict) -> None:
    """One load-generator process: its participants, driven by the parent's commands."""
    import aiohttp

    reader = await stdin_reader()
    result = PhaseResult("worker", 0)
    indices = worker_indices(options["participants"], options["processes"], options["worker"])
    clients = [Participant(i, GROUPS[i % len(GROUPS)]) for i in indices]
    connector = aiohttp.TCPConnector(limit=0)  # WebSockets hold their connection for good
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        try:
            emit_line({"event": "ready"})
            await read_command(reader, "connect")
            gate = asyncio.Semaphore(worker_concurrency(options["processes"]))
            connecting = asyncio.gather(
                *(c.connect(http, options["url"], options["code"], gate, result) for c in clients)
            )
            try:
                await asyncio.wait_for(connecting, CONNECT_PHASE_TIMEOUT)
            except TimeoutError:
                result.connect_failures["connect_phase_timeout"] += 1
            ready = [c for c in clients if c.plan and c.sio is not None and c.sio.connected]
            emit_line(
                {
                    "event": "connected",
                    "connected": len(ready),
                    "connect_failures": dict(result.connect_failures),
                }
            )
            start = asyncio.Event()
            tasks = [asyncio.create_task(c.answer(start, result, options["think"])) for c in ready]
            await asyncio.sleep(0)  # every task waits at the start line
            await read_command(reader, "start")
            cpu = client_cpu_seconds()
            start.set()
            done, pending = await asyncio.wait(tasks, timeout=ANSWER_PHASE_TIMEOUT)
            emit_line({"event": "finished"})
            cpu = client_cpu_seconds() - cpu
            for task in pending:
                task.cancel()
            if pending:
                result.errors["answer_phase_timeout"] += len(pending)
                await asyncio.gather(*pending, return_exceptions=True)
            emit_line(
                {
                    "event": "results",
                    "acked": result.acked,
                    "latencies": result.latencies,
                    "errors": dict(result.errors),
                    "client_cpu": cpu,
                }
            )
            await read_command(reader, "stop")
        finally:
            closing = [c.disconnect() for c in clients]
            try:
                await asyncio.wait_for(
                    asyncio.gather(*closing, return_exceptions=True), DISCONNECT_TIMEOUT
                )
            except TimeoutError:
                log("[worker] some clients did not disconnect in time")


def merge_connected(result: PhaseResult, report: dict) -> None:
    """Add one worker's connection report to the phase's result."""
    result.connected += report["connected"]
    result.connect_failures.update(report["connect_failures"])


def merge_results(result: PhaseResult, report: dict) -> None:
    """Add one worker's answering report to the phase's result."""
    result.acked += report["acked"]
    result.latencies.extend(report["latencies"])
    result.errors.update(report["errors"])
    result.client_cpu += report["client_cpu"]


class Worker:
    """A load-generator process seen from the parent: JSON lines in, commands out."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process

    @classmethod
    async def spawn(cls, options: dict) -> Worker:
        process = await asyncio.create_subprocess_exec(
            str(PYTHON),
            str(Path(__file__).resolve()),
            "--worker",
            json.dumps(options),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=64 * 1024 * 1024,  # the results line carries every latency
            start_new_session=True,  # Ctrl-C reaches the parent, which stops it
        )
        return cls(process)

    async def expect(self, event: str) -> dict:
        line = await self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"a load-generator process exited before {event!r}")
        message = json.loads(line)
        if message.get("event") != event:
            raise RuntimeError(f"a load-generator process sent {message!r}, not {event!r}")
        return message

    def send(self, command: str) -> None:
        if self.process.returncode is None:
            self.process.stdin.write(command.encode() + b"\n")

    async def close(self) -> None:
        try:
            self.send("stop")
            await asyncio.wait_for(self.process.wait(), DISCONNECT_TIMEOUT)
        except (TimeoutError, ConnectionError):
            if self.process.returncode is None:
                self.process.kill()
                await self.process.wait()


async def gather_events(workers: list[Worker], event: str, timeout: float) -> list[dict]:
    return await asyncio.wait_for(
        asyncio.gather(*(worker.expect(event) for worker in workers)), timeout
    )


async def run_load(server: Server, args, code: str, session_id, result, profile):
    """Connect everyone (untimed), then time the answering; fills ``result``."""
    processes = min(args.client_processes, args.participants)
    observer = Observer(server.name)
    workers: list[Worker] = []
    try:
        try:
            await asyncio.wait_for(observer.start(server.url, session_id), REQUEST_TIMEOUT * 2)
        except Exception as error:  # noqa: BLE001 - the observer is optional
            log(f"[{server.name}] observer not watching: {error!r}")
        for index in range(processes):
            options = {
                "url": server.url,
                "code": code,
                "participants": args.participants,
                "processes": processes,
                "worker": index,
                "think": args.think_ms / 1000,
            }
            workers.append(await Worker.spawn(options))
        await gather_events(workers, "ready", SERVER_START_TIMEOUT)
        connect_profiler = profile(server, "connect") if profile else None
        try:
            began, cpu_server = time.monotonic(), server.cpu_seconds()
            for worker in workers:
                worker.send("connect")
            for report in await gather_events(workers, "connected", CONNECT_PHASE_TIMEOUT + 30):
                merge_connected(result, report)
        finally:
            if connect_profiler is not None:
                connect_profiler()
        result.connect_seconds = time.monotonic() - began
        result.connect_server_cpu = server.cpu_seconds() - cpu_server
        log(
            f"[{server.name}] {result.connected}/{args.participants} connected in "
            f"{result.connect_seconds:.1f} s over {processes} load-generator processes; answering"
        )

        await asyncio.sleep(0.5)  # let the server settle after the connection burst
        observer.counting = True
        profiler = profile(server) if profile else None
        cpu_server = server.cpu_seconds()
        began = time.perf_counter()
        for worker in workers:
            worker.send("start")
        await gather_events(workers, "finished", ANSWER_PHASE_TIMEOUT + 30)
        result.answer_seconds = time.perf_counter() - began
        result.server_cpu = server.cpu_seconds() - cpu_server
        if profiler is not None:
            profiler()
        for report in await gather_events(workers, "results", DISCONNECT_TIMEOUT):
            merge_results(result, report)
        await asyncio.sleep(OBSERVER_SETTLE)
        result.observer_updates = observer.updates
        result.observer_answers = observer.last_answers
    finally:
        closing = [worker.close() for worker in workers] + [observer.stop()]
        try:
            await asyncio.wait_for(
                asyncio.gather(*closing, return_exceptions=True), DISCONNECT_TIMEOUT + 10
            )
        except TimeoutError:
            log(f"[{server.name}] some clients did not disconnect in time")


# Phases -----------------------------------------------------------------------------------


def base_env(database_url: str) -> dict:
    env = dict(os.environ)
    for name in ("WORKSHOP_REDIS_URL", "DATABASE_URL", "FLASK_APP", "FLASK_RUN_FROM_CLI"):
        env.pop(name, None)
    env.update(
        WORKSHOP_DATABASE_URL=database_url,
        WORKSHOP_SECRET_KEY=SECRET_KEY,
        BENCH_STAFF_EMAIL=STAFF_EMAIL,
        BENCH_STAFF_PASSWORD=STAFF_PASSWORD,
        PYTHONUNBUFFERED="1",
        # The code of this checkout, not whichever one the virtualenv was installed from (a
        # git worktree shares the main checkout's .venv and its editable install).
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        # The whole room joins from 127.0.0.1 within seconds: the join limits (a burst of 400
        # per session and 60 per address, then 20 and 5 a second) and the 400 connections
        # allowed from one address would measure themselves, not the server.
        WORKSHOP_JOIN_SESSION_BURST=str(MAX_PARTICIPANTS),
        WORKSHOP_JOIN_ADDRESS_BURST=str(MAX_PARTICIPANTS),
        WORKSHOP_MAX_CONNECTIONS_PER_ADDRESS=str(MAX_PARTICIPANTS + 10),
    )
    return env


def prepare_database(database_url: str, env: dict, workdir: Path) -> dict:
    """A fresh schema with one open session whose open scoring step covers every focus area."""
    if database_url.startswith("postgres"):
        reset_postgresql(database_url)
    run_command([str(WORKSHOP), "db", "upgrade"], env, "workshop db upgrade")
    output = run_command([str(PYTHON), "-c", SETUP_SNIPPET], env, "setting up the session")
    setup = json.loads(output.strip().splitlines()[-1])
    (workdir / "step.json").write_text(json.dumps(setup["step"]), encoding="utf-8")
    log(
        f"session {setup['session_id']} code {setup['join_code']}: step {setup['step']['id']} "
        f"with {len(setup['step']['focus_areas'])} focus areas x "
        f"{len(setup['step']['questions'])} questions"
    )
    return setup


def py_spy_profiler(output: Path):
    """Start ``py-spy record`` on a server when the answering starts; stop it when it ends."""
    py_spy = shutil.which("py-spy", path=str(VENV_BIN)) or shutil.which("py-spy")
    if py_spy is None:
        log("py-spy is not installed (.venv/bin/pip install py-spy): not profiling")
        return None

    def start(server: Server, phase: str = "answer"):
        suffix = "" if phase == "answer" else f"-{phase}"
        target = output.with_name(f"{output.stem}-{server.name}{suffix}{output.suffix}")
        target.parent.mkdir(parents=True, exist_ok=True)
        errors = open(target.with_suffix(".log"), "wb")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            [py_spy, "record", "--pid", str(server.process.pid), "--format", "raw"]
            + ["--rate", "100", "--duration", str(ANSWER_PHASE_TIMEOUT), "-o", str(target)],
            stdin=subprocess.DEVNULL,
            stdout=errors,
            stderr=subprocess.STDOUT,
        )
        time.sleep(1.0)  # py-spy attaches before the clock starts

        def stop():
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
            errors.close()
            log(f"[{server.name}] py-spy samples: {target}")

        return stop

    return start


def run_phase(name, args, workdir, env, setup, profile) -> PhaseResult:
    if args.processes:  # N gunicorn processes behind nginx on Redis (bench/topology.py)
        sys.path.insert(0, str(ROOT))
        from bench.topology import StackServer

        server = StackServer(name, args, workdir, env, setup, Server.running)
        session_id = setup["session_id"] if name == "app" else None
    elif name == "bare":
        argv = [str(PYTHON), str(BARE_SERVER), "--host", HOST, "--port", str(args.port_base)]
        argv += ["--step", str(workdir / "step.json")]
        server = Server("bare", argv, env, args.port_base, "/", workdir)
        session_id = None
    else:
        port = args.port_base + 1
        argv = [str(WORKSHOP), "run", "--host", HOST, "--port", str(port)]
        server = Server("app", argv, env, port, f"/api/sessions/{setup['join_code']}", workdir)
        session_id = setup["session_id"]
    result = PhaseResult(name, args.participants)
    per_participant = len(setup["step"]["focus_areas"]) * len(setup["step"]["questions"])
    result.planned = args.participants * per_participant
    server.start()
    try:
        asyncio.run(run_load(server, args, setup["join_code"], session_id, result, profile))
    finally:
        server.stop()
    if name == "app":
        result.db_answers, result.db_submissions = count_rows(args.database_url, session_id)
    log(result.details())
    return result


def describe_code_and_machine() -> str:
    """The commit measured (and whether the app's code differs from it), and the load."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "workshop", "migrations"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.split("\n")
        changed = [line[3:] for line in changed if line.strip()]
    except OSError:
        commit, changed = "?", []
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    dirty = f" + uncommitted changes in {', '.join(changed)}" if changed else ""
    return f"code {commit}{dirty}; {os.cpu_count()} cpus, load average {load}"


def start_watchdog() -> None:
    def expire():
        log(f"the run took longer than {RUN_TIMEOUT} s: stopping")
        stop_all_servers()
        os._exit(3)

    timer = threading.Timer(RUN_TIMEOUT, expire)
    timer.daemon = True
    timer.start()


def interrupt(signum, frame):
    """SIGTERM ends the run like Ctrl-C: the ``finally`` blocks stop the servers."""
    raise KeyboardInterrupt


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Benchmark a live workshop: the app against a bare Flask-SocketIO server."
    )
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument(
        "--port-base", type=int, default=5710, help="bare server on it, the app on it + 1"
    )
    parser.add_argument(
        "--database-url",
        help="PostgreSQL for the app, e.g. postgresql://postgres@127.0.0.1:5432/test "
        "(its public schema is DROPPED); default: a temporary SQLite file",
    )
    parser.add_argument(
        "--think-ms",
        type=int,
        default=0,
        help="each participant pauses 0.5-1.5 x this before each answer (default 0: answers "
        "back to back, every participant always has one answer in flight)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=0,
        help="serve each server as N gunicorn processes behind nginx on Redis, the deploy/ "
        "files (default 0: one process, served directly)",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/3",
        help="with --processes: the Redis database of the run (FLUSHED first)",
    )
    parser.add_argument(
        "--client-processes",
        type=int,
        default=DEFAULT_CLIENT_PROCESSES,
        help="load-generator processes the participants are spread over (default "
        f"{DEFAULT_CLIENT_PROCESSES}: one asyncio process alone is a bottleneck at N = 1000)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run bare and app R times, alternately, each app round on a fresh database, and "
        "report the round of the median ratio (default 1): the machine's own speed drifts "
        "between two runs a minute apart, and alternating shares the drift between both",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--worker", metavar="JSON", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["app", "bare"], help="run one server only")
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="record py-spy samples (collapsed stacks) of each server while it is answering "
        "(FILE-app, FILE-bare) and while its participants connect (FILE-app-connect, ...)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.participants <= MAX_PARTICIPANTS:
        parser.error(f"--participants must be between 1 and {MAX_PARTICIPANTS}")
    if not 1 <= args.client_processes <= 16:
        parser.error("--client-processes must be between 1 and 16")
    if not 0 <= args.think_ms <= 5000:
        parser.error("--think-ms must be between 0 and 5000")
    if not 0 <= args.processes <= 8:
        parser.error("--processes must be between 0 and 8")
    if not 1 <= args.rounds <= 9:
        parser.error("--rounds must be between 1 and 9")
    if args.processes and args.profile:
        parser.error("--profile records one process: not with --processes")
    if args.database_url and not re.match(
        r"^postgres(ql)?(\+psycopg)?://[^/]*@?(127\.0\.0\.1|localhost)(:\d+)?/", args.database_url
    ):
        parser.error("--database-url must be a PostgreSQL database on 127.0.0.1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.worker:
        asyncio.run(run_worker(json.loads(args.worker)))
        return 0
    start_watchdog()
    signal.signal(signal.SIGTERM, interrupt)
    files = raise_file_limit()
    if files < args.participants * 2 + 100:
        log(f"warning: only {files} open files allowed; connections may fail")
    workdir = Path(tempfile.mkdtemp(prefix="strategiapaja-bench-"))
    given_database = args.database_url

    def profiler_of(number: int):
        """py-spy for a round: with several rounds each records to files of its own."""
        if not args.profile:
            return None
        output = Path(args.profile).resolve()
        if args.rounds > 1:
            output = output.with_name(f"{output.stem}-round{number}{output.suffix}")
        return py_spy_profiler(output)

    rounds: list[dict[str, PhaseResult]] = []
    try:
        log(f"work directory {workdir}; database {given_database or 'a temporary SQLite file'}")
        log(describe_code_and_machine())
        for number in range(1, args.rounds + 1):
            if args.rounds > 1:
                log(f"round {number} of {args.rounds}")
            # Each round's app starts on an empty database, as the first did.
            args.database_url = given_database or f"sqlite:///{workdir / f'bench{number}.sqlite'}"
            env = base_env(args.database_url)
            setup = prepare_database(args.database_url, env, workdir)
            results: dict[str, PhaseResult] = {}
            for name in ("bare", "app"):
                if args.only in (None, name):
                    results[name] = run_phase(name, args, workdir, env, setup, profiler_of(number))
            rounds.append(results)
    finally:
        stop_all_servers()
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(summary_line(rounds), flush=True)
    return 0


def ratio_of(results: dict[str, PhaseResult]) -> float | None:
    if "app" in results and "bare" in results and results["bare"].rate > 0:
        return results["app"].rate / results["bare"].rate
    return None


def summary_line(rounds: list[dict[str, PhaseResult]]) -> str:
    """The one line: the app's figures (the bare server's with ``--only bare``) in the round
    of the median ratio (of the median rate with ``--only``), with ``lost`` counted over
    every round, so that no round's losses hide behind another.
    Several rounds add ``ratios=`` (each round's, in order)."""
    ratios = [ratio_of(results) for results in rounds]

    def sort_key(index: int):
        results = rounds[index]
        return ratios[index] if ratios[index] is not None else next(iter(results.values())).rate

    median = sorted(range(len(rounds)), key=sort_key)[(len(rounds) - 1) // 2]
    chosen = rounds[median].get("app") or rounds[median]["bare"]
    lost = sum(results[chosen.name].lost for results in rounds)
    line = chosen.line().replace(f"lost={chosen.lost}", f"lost={lost}")
    ratio = f"{ratios[median]:.2f}" if ratios[median] is not None else "n/a"
    line += f" ratio={ratio}"
    if len(rounds) > 1:
        line += " ratios=" + ",".join(f"{r:.2f}" if r is not None else "n/a" for r in ratios)
    return line


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted; servers stopped")
        sys.exit(130)
