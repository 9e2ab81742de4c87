"""Connection limits against a real server: idle sockets are dropped, authenticated ones stay,
an address and the server have bounds, and a full server refuses politely."""

import http.client
import json
import os
import resource
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import socketio as socketio_client
import websocket
from werkzeug.serving import make_server

from tests.conftest import TEST_PASSWORD
from workshop.connections import (
    FILES_PER_CONNECTION,
    RESERVED_FILES,
    connection_bound,
    raise_open_file_limit,
)
from workshop.extensions import db, socketio
from workshop.review import participation, services

SHORT_TIMEOUT = 0.5


@pytest.fixture(scope="module")
def server_url(app):
    """The app on a free local port in a thread, as tests/browser/conftest.py serves it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def participant(strategy_version):
    """A participant who joined an open session."""
    review_round = services.create_round(strategy_version, "Vuosiarviointi 2026", 2026)
    session = services.create_session(review_round, "Oulu", "Oulun kaupungintalo")
    services.set_session_status(session, "open")
    joined = participation.join_session(session, "klusterit", organisation="Org", locale="fi")
    db.session.commit()
    return joined


@pytest.fixture
def tracker(app, monkeypatch):
    """The app's connection tracker with a short timeout, starting with no connection open."""
    server = socketio.server
    # Undo what Flask-SocketIO's test client patches into the shared server (see the browser
    # conftest): real clients need real packets.
    for name in ("_send_packet", "_send_eio_packet"):
        server.__dict__.pop(name, None)
    server.async_handlers = True
    server.eio.async_handlers = True
    monkeypatch.setitem(app.config, "SOCKET_AUTH_TIMEOUT", SHORT_TIMEOUT)
    tracker = app.extensions["connections"]
    _close_everything(tracker)
    yield tracker
    _close_everything(tracker)


def _close_everything(tracker) -> None:
    eio = socketio.server.eio
    for socket in list(eio.sockets.values()):
        socket.close(wait=False, abort=True)
    eio.sockets.clear()
    deadline = time.monotonic() + 5
    while tracker.count() and time.monotonic() < deadline:
        tracker.sweep(eio)
        time.sleep(0.05)
    assert tracker.count() == 0


def polling_handshake(url: str) -> requests.Response:
    """An Engine.IO handshake over long polling, as a script would open one and then idle."""
    return requests.get(f"{url}/socket.io/", params={"EIO": "4", "transport": "polling"})


def handshake_sid(response: requests.Response) -> str:
    assert response.status_code == 200, response.text
    assert response.text.startswith("0")  # the Engine.IO OPEN packet
    return json.loads(response.text[1:])["sid"]


def open_websocket(url: str) -> websocket.WebSocket:
    ws = websocket.create_connection(
        url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket", timeout=5
    )
    assert ws.recv().startswith("0")  # OPEN
    return ws


def closed_by_server(ws: websocket.WebSocket) -> bool:
    """Read until the server closes the WebSocket (True) or it stays quiet for 3 s (False)."""
    ws.settimeout(3)
    try:
        while True:
            message = ws.recv()
            if message in ("", "1"):  # closed, or Engine.IO's CLOSE packet
                return True
    except websocket.WebSocketConnectionClosedException:
        return True
    except websocket.WebSocketTimeoutException:
        return False


def wait_until(condition, timeout=5.0) -> float:
    """Seconds until ``condition()`` holds (fails after ``timeout``)."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "timed out"
        time.sleep(0.02)
    return time.monotonic() - start


# The open-file limit ---------------------------------------------------------------------


def test_the_open_file_limit_is_raised_to_the_hard_limit_at_start():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    lowered = min(1024, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowered, hard))
    try:
        raised = raise_open_file_limit()
        assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == raised
        assert raised == (hard if hard != resource.RLIM_INFINITY else 1_048_576)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_the_connection_bound_keeps_files_for_the_database_and_http_requests():
    bound = connection_bound(1024)
    assert bound == 392
    files_for_http = 1024 - RESERVED_FILES - bound * FILES_PER_CONNECTION
    assert files_for_http >= 32
    assert connection_bound(100) == 0
    assert connection_bound(65536) > 28_000


def test_the_server_counts_its_bound_from_the_open_file_limit_unless_configured(app, monkeypatch):
    tracker = app.extensions["connections"]
    monkeypatch.setitem(app.config, "MAX_CONNECTIONS", None)
    monkeypatch.setitem(app.config, "OPEN_FILES_LIMIT", 1024)
    assert tracker.max_connections == 392
    monkeypatch.setitem(app.config, "MAX_CONNECTIONS", 50)
    assert tracker.max_connections == 50


# Idle sockets ------------------------------------------------------------------------------


def test_sockets_that_never_authenticate_are_closed_after_the_timeout(
    app, server_url, tracker, monkeypatch
):
    # Long enough to open them all before the first is due, also on a busy machine (opening
    # takes from 0.7 s to 3 s).
    timeout = 4.0
    monkeypatch.setitem(app.config, "SOCKET_AUTH_TIMEOUT", timeout)
    eio = socketio.server.eio
    first_opened = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        polling = list(pool.map(lambda _: handshake_sid(polling_handshake(server_url)), range(200)))
        websockets = list(pool.map(lambda _: open_websocket(server_url), range(20)))
    # A socket that sends CONNECT with a wrong token is refused, and counts as idle too.
    refused = open_websocket(server_url)
    refused.send('40{"token": "not-a-token"}')
    assert refused.recv().startswith("44")  # CONNECT_ERROR
    last_opened = time.monotonic()
    assert last_opened - first_opened < timeout
    assert tracker.count() == 221

    wait_until(lambda: tracker.count() == 0, timeout=10)
    all_dropped = time.monotonic()
    assert all_dropped - first_opened >= timeout
    # Swept every quarter of the timeout (at most 1 s), plus a margin for a loaded machine.
    assert all_dropped - last_opened <= timeout * 1.25 + 1.0
    assert not any(sid in eio.sockets for sid in polling)
    assert all(closed_by_server(ws) for ws in [*websockets, refused])
    # A dropped polling session is gone: its next poll is refused, not answered.
    poll = requests.get(
        f"{server_url}/socket.io/",
        params={"EIO": "4", "transport": "polling", "sid": polling[0]},
    )
    assert poll.status_code == 400
    print(
        f"\n221 idle sockets (200 polling, 21 WebSocket) opened in "
        f"{last_opened - first_opened:.2f} s, all dropped {all_dropped - first_opened:.2f} s "
        f"after the first opened (timeout {timeout} s)"
    )


def test_a_socket_that_does_not_authenticate_lives_no_longer_than_the_timeout_allows(
    server_url, tracker
):
    opened = time.monotonic()
    ws = open_websocket(server_url)
    assert closed_by_server(ws)
    lived = time.monotonic() - opened
    assert SHORT_TIMEOUT <= lived <= SHORT_TIMEOUT * 1.25 + 1.0  # a margin for a busy machine
    assert tracker.count() == 0


def test_authenticated_participants_and_facilitators_stay_connected_past_the_timeout(
    app, server_url, tracker, participant, facilitator
):
    token = participation.make_token(app.config["SECRET_KEY"], participant)
    participant_client = socketio_client.Client(reconnection=False)
    participant_client.connect(server_url, auth={"token": token}, wait_timeout=5)
    browser = requests.Session()
    login = browser.post(
        f"{server_url}/login", data={"email": facilitator.email, "password": TEST_PASSWORD}
    )
    assert login.status_code == 200
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    staff_client = socketio_client.Client(reconnection=False)
    staff_client.connect(server_url, headers={"Cookie": cookie}, wait_timeout=5)
    idle = handshake_sid(polling_handshake(server_url))
    try:
        wait_until(lambda: idle not in socketio.server.eio.sockets)
        time.sleep(SHORT_TIMEOUT * 2)
        assert participant_client.connected and staff_client.connected
        state = participant_client.call("participant:sync", {}, timeout=5)
        assert state["ok"] is True
        assert tracker.count() == 2
    finally:
        participant_client.disconnect()
        staff_client.disconnect()


# Bounds --------------------------------------------------------------------------------------


def test_the_connection_past_the_per_address_bound_is_refused_with_429(
    app, server_url, tracker, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_CONNECTIONS_PER_ADDRESS", 3)
    for _ in range(3):
        handshake_sid(polling_handshake(server_url))
    refused = polling_handshake(server_url)
    assert refused.status_code == 429
    assert refused.json()["ok"] is False
    assert refused.json()["error"] == "too_many_connections"
    assert refused.headers["Retry-After"] == "10"
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused_websocket:
        open_websocket(server_url)
    assert refused_websocket.value.status_code == 429
    # Once the idle ones have been dropped, the address has room again.
    wait_until(lambda: tracker.count() == 0)
    handshake_sid(polling_handshake(server_url))


def test_the_per_address_bound_counts_an_ipv6_64_as_one_address(app, tracker, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONNECTIONS_PER_ADDRESS", 2)
    client = app.test_client()

    def handshake(address):
        return client.get(
            "/socket.io/?EIO=4&transport=polling", environ_base={"REMOTE_ADDR": address}
        )

    assert handshake("2001:db8:0:7::1").status_code == 200
    assert handshake("2001:db8:0:7::2").status_code == 200
    refused = handshake("2001:db8:0:7:ffff:ffff:ffff:ffff")  # the same /64
    assert refused.status_code == 429
    assert refused.get_json()["error"] == "too_many_connections"
    assert handshake("2001:db8:0:8::1").status_code == 200  # the next /64
    assert handshake("::ffff:192.0.2.1").status_code == 200  # IPv4, mapped or not, is one
    assert handshake("192.0.2.1").status_code == 200
    assert handshake("192.0.2.1").status_code == 429


def test_a_full_server_refuses_new_sockets_with_503_server_full(
    app, server_url, tracker, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_CONNECTIONS", 2)
    for _ in range(2):
        handshake_sid(polling_handshake(server_url))
    refused = polling_handshake(server_url)
    assert refused.status_code == 503
    assert refused.json()["ok"] is False
    assert refused.json()["error"] == "server_full"
    assert refused.headers["Retry-After"] == "10"


def test_a_server_out_of_files_answers_pages_and_the_api_with_a_polite_503(
    app, server_url, tracker, monkeypatch
):
    english = requests.Session()
    english.get(f"{server_url}/language/en")
    open_now = len(os.listdir("/proc/self/fd"))
    # Ten files short of the floor kept for requests: any new request could be the one that
    # fails to open its database connection.
    monkeypatch.setitem(app.config, "OPEN_FILES_LIMIT", open_now + 10)
    time.sleep(0.15)  # past the age of the last count of open files

    page = requests.get(f"{server_url}/")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "10"
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in page.headers
    assert '<html lang="fi">' in page.text
    assert "Palvelin on ruuhkautunut" in page.text
    assert "Palvelin on täynnä juuri nyt" in page.text

    assert "The server is busy" in english.get(f"{server_url}/").text

    api = requests.post(f"{server_url}/api/join", json={})
    assert api.status_code == 503
    assert api.json()["ok"] is False
    assert api.json()["error"] == "server_full"
    assert api.headers["Retry-After"] == "10"

    handshake = polling_handshake(server_url)
    assert handshake.status_code == 503
    assert handshake.json()["error"] == "server_full"

    monkeypatch.setitem(app.config, "OPEN_FILES_LIMIT", None)
    time.sleep(0.15)
    assert requests.get(f"{server_url}/").status_code == 200


def test_a_dropped_websocket_frees_its_file_on_the_server_though_the_client_never_hangs_up(
    server_url, tracker
):
    def open_files():
        return len(os.listdir("/proc/self/fd"))

    before = open_files()
    clients = [open_websocket(server_url) for _ in range(30)]
    # Client and server share this process: each WebSocket is one file on either side.
    assert open_files() >= before + 60
    wait_until(lambda: tracker.count() == 0)
    wait_until(lambda: open_files() <= before + 30 + 2)  # only the clients' ends are left
    for ws in clients:
        ws.close()


# `workshop run` (gevent, as in production) ---------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lower_open_file_limit() -> None:
    """Start the server as many systems do: a soft limit of 1,024 under a higher hard one."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))


@pytest.fixture
def workshop_run(tmp_path):
    """`python -m workshop run` in its own process, on a new SQLite database."""
    env = {
        **os.environ,
        "WORKSHOP_DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite'}",
        "WORKSHOP_SECRET_KEY": "run-secret",
        # Long enough to open all the test's connections before the first is due.
        "WORKSHOP_SOCKET_AUTH_TIMEOUT": "3",
        "WORKSHOP_IDLE_CONNECTION_TIMEOUT": "3",
    }
    root = Path(__file__).resolve().parents[1]
    python = str(root / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "-m", "workshop", "db", "upgrade"],
        env=env,
        cwd=root,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    process = subprocess.Popen(
        [python, "-m", "workshop", "run", "--port", str(port)],
        env=env,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_lower_open_file_limit,
    )
    output = []
    try:
        for line in process.stdout:
            output.append(line)
            if line.startswith("Strategiapaja: http"):
                break
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _answers(url), timeout=20)
        yield process, url, "".join(output)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        return requests.get(url + "/", timeout=1).status_code == 200
    except requests.ConnectionError:
        return False


def test_workshop_run_raises_the_open_file_limit_and_frees_idle_connections_under_gevent(
    workshop_run,
):
    process, url, output = workshop_run
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limits = Path(f"/proc/{process.pid}/limits").read_text()
    soft_now = next(line for line in limits.splitlines() if line.startswith("Max open files"))
    assert soft_now.split()[3] == str(hard)  # raised from 1,024 at start
    assert f"Open-file limit {hard}: room for {connection_bound(hard)} live connections" in output

    def server_files():
        return len(os.listdir(f"/proc/{process.pid}/fd"))

    before = server_files()
    websockets = [open_websocket(url) for _ in range(30)]
    keep_alive = []
    for _ in range(30):  # a handshake, then the connection is kept open and idle
        connection = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1]))
        connection.request("GET", "/socket.io/?EIO=4&transport=polling")
        connection.getresponse().read()
        keep_alive.append(connection)
    opened = time.monotonic()
    # Under gevent simple-websocket holds a second descriptor per WebSocket (a dup): 90 files
    # (less one, if the connection of the last check was still counted in ``before``).
    assert server_files() >= before + 30 * 2 + 30 - 1
    elapsed = wait_until(lambda: server_files() <= before + 2, timeout=10)
    print(f"\ngevent: 30 idle WebSockets and 30 idle connections freed in {elapsed:.2f} s")
    assert time.monotonic() - opened >= 2.0
    assert all(closed_by_server(ws) for ws in websockets)
    assert _answers(url)
