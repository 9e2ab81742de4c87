"""A real server process (`workshop run`, gevent) is killed and restarted: no acknowledged
answer is lost, and resent submissions are recognised."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import socketio as socketio_client

from tests.review.conftest import answer_payload
from workshop.extensions import db
from workshop.review import participation, services
from workshop.review.models import Answer

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(app, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),  # this checkout's code, whatever the shared venv points at
        "WORKSHOP_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "WORKSHOP_SECRET_KEY": app.config["SECRET_KEY"],
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "workshop", "run", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/join", timeout=1)
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


@pytest.fixture
def server(app):
    processes = []

    def start(port):
        process = start_server(app, port)
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def connect(port: int, token: str) -> socketio_client.Client:
    client = socketio_client.Client(reconnection=False)
    client.connect(
        f"http://127.0.0.1:{port}", auth={"token": token}, transports=["websocket"], wait_timeout=10
    )
    return client


def test_acknowledged_answers_survive_a_killed_server(app, server, scoring_step, participant):
    token = participation.make_token(app.config["SECRET_KEY"], participant)
    areas = [area.key for area in services.step_focus_areas(scoring_step)]
    payloads = [
        answer_payload(scoring_step, area, value=2 + i, question=q, submission=f"restart-{i}-{q}")
        for i, area in enumerate(areas)
        for q in ("edistyminen", "ajankohtaisuus")
    ]
    port = free_port()
    process = server(port)

    client = connect(port, token)
    acks = [client.call("answer:submit", payload, timeout=10) for payload in payloads]
    assert all(ack["ok"] and not ack["duplicate"] for ack in acks)
    process.send_signal(signal.SIGKILL)  # no clean shutdown: what was acknowledged must be stored
    process.wait(timeout=10)
    client.disconnect()

    db.session.expire_all()
    assert db.session.query(Answer).count() == len(payloads)

    server(port)
    client = connect(port, token)
    # The client resends what it cannot be sure of; the server recognises every one.
    resent = [client.call("answer:submit", payload, timeout=10) for payload in payloads]
    assert all(ack["ok"] and ack["duplicate"] for ack in resent)
    state = client.call("participant:sync", {}, timeout=10)
    client.disconnect()
    assert sorted(a["value"] for a in state["answers"]) == sorted(p["value"] for p in payloads)
    db.session.expire_all()
    assert db.session.query(Answer).count() == len(payloads)
