"""Clients written from docs/protocol.md, against a real server: docs/examples/socket_client.py
joins with a join code, scores the open step and receives the live results; a script logs in
as a facilitator the documented way and watches a session; refused connections get the
documented ``connect_error``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import socketio
from sqlalchemy import func, select

from tests.conftest import TEST_PASSWORD
from tests.live_server import served, use_the_real_socket_server
from tests.protocol import asyncapi
from workshop.extensions import db
from workshop.review import participation, services
from workshop.review.models import Answer, ResultsMode, StepKind

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "socket_client.py"


@pytest.fixture
def live(app):
    use_the_real_socket_server()
    with served(app) as url:
        yield url


def test_the_example_client_joins_with_a_code_scores_and_reads_the_live_results(
    live, every_group_shown, open_session
):
    step = next(s for s in open_session.steps if s.kind == StepKind.SCORING)
    services.open_step(step)
    services.set_results_mode(step, ResultsMode.LIVE)
    db.session.commit()
    areas = services.step_focus_areas(step)
    questions = open_session.review_round.questions
    # Run as a script with nothing of the app on its path: the page and the example suffice.
    ran = subprocess.run(
        [
            sys.executable,
            str(EXAMPLE),
            live,
            open_session.join_code.lower(),
            "--score",
            "4",
            "--reason",
            "Vetyhankkeet etenevät",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=EXAMPLE.parent,
    )
    assert ran.returncode == 0, ran.stderr
    outcome = json.loads(ran.stdout)
    assert outcome["step"]["id"] == step.id and outcome["refused"] == []
    assert outcome["saved"] == len(areas) * len(questions) > 0
    db.session.expire_all()
    stored = db.session.scalars(
        select(Answer.value).where(Answer.participant_id == outcome["participant_id"])
    ).all()
    assert stored == [4] * outcome["saved"]
    results = outcome["results"]
    assert results["step_id"] == step.id
    assert {item["focus_area"] for item in results["items"]} == {area.key for area in areas}
    assert all(item["mean"] == 4.0 for item in results["items"])
    count = db.session.scalar(select(func.count(Answer.id)).where(Answer.reason != ""))
    assert count == outcome["saved"]


def test_a_script_logs_in_as_a_facilitator_as_documented_and_watches_over_a_real_socket(
    app, monkeypatch, live, facilitator, open_session
):
    """docs/protocol.md, "Facilitators": GET /login, POST with its csrf_token, then Socket.IO
    with the session cookie in the headers, as python-socketio sends them."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    http = requests.Session()
    page = http.get(f"{live}/login", timeout=10)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    login = http.post(
        f"{live}/login",
        data={"email": facilitator.email, "password": TEST_PASSWORD, "csrf_token": csrf},
        allow_redirects=False,
        timeout=10,
    )
    assert login.status_code == 302
    cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
    client = socketio.Client(reconnection=False)
    client.connect(live, headers={"Cookie": cookie}, wait_timeout=10)
    try:
        ack = client.call("staff:watch", {"session_id": open_session.id}, timeout=10)
    finally:
        client.disconnect()
    assert ack["ok"] is True and ack["state"]["session"]["join_code"] == open_session.join_code


def test_refused_connections_get_the_documented_connect_error(app, live, open_session):
    person = participation.join_session(open_session, "klusterit", locale="fi")
    db.session.commit()
    token = participation.make_token(app.config["SECRET_KEY"], person)
    services.set_session_status(open_session, "closed")
    db.session.commit()
    refusals = {}
    for name, auth in (
        ("forged", {"token": "not-a-token"}),
        ("none", None),
        ("closed", {"token": token}),
    ):
        client = socketio.Client(reconnection=False)
        client.on("connect_error", lambda data, name=name: refusals.setdefault(name, data))
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(live, auth=auth, wait_timeout=10)
    assert {name: data["data"]["error"] for name, data in refusals.items()} == {
        "forged": "invalid_token",
        "none": "unauthorized",
        "closed": "session_closed",
    }
    assert all(data["message"] == data["data"]["error"] for data in refusals.values())
    assert all(asyncapi.errors("connectError", data) == [] for data in refusals.values())
