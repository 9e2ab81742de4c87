"""Phones join out of the box: join links and QR codes use an address phones can reach."""

import ipaddress
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import requests

from workshop.lan import (
    NoReachableAddress,
    lan_address,
    origin,
    parse_public_url,
    served_address,
    set_public_url,
)
from workshop.review.views import join_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        ("  ", None),
        ("https://paja.example.fi", "https://paja.example.fi"),
        ("https://paja.example.fi/", "https://paja.example.fi"),
        ("http://192.168.1.20:5000", "http://192.168.1.20:5000"),
        ("https://liitto.fi/strategiapaja/", "https://liitto.fi/strategiapaja"),
    ],
)
def test_the_public_url_is_taken_as_written_without_its_trailing_slash(raw, expected):
    assert parse_public_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "paja.example.fi",
        "ftp://paja.example.fi",
        "https://",
        "https://x.fi/?a=1",
        "https://x.fi/#top",
        "http://x.fi:99999",
        "javascript:alert(1)",
    ],
)
def test_a_wrong_public_url_stops_the_app_with_the_reason(raw):
    with pytest.raises(ValueError, match="WORKSHOP_PUBLIC_URL"):
        parse_public_url(raw)


def test_the_lan_address_is_one_of_this_machines_own_and_not_loopback():
    address = lan_address()
    assert address is not None, "this machine has a network interface (eth0)"
    assert not ipaddress.ip_address(address).is_loopback
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((address, 0))  # only an address of this machine's own can be bound


def test_what_a_listening_address_means_for_phones():
    assert served_address("0.0.0.0") == lan_address()
    assert served_address("127.0.0.1") is None
    assert served_address("::1") is None
    assert served_address("10.1.2.3") == "10.1.2.3"
    assert served_address("paja.local") == "paja.local"
    assert origin("fe80::1", 5000) == "http://[fe80::1]:5000"


def test_the_public_url_is_the_configured_one_else_the_address_phones_reach(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://paja.example.fi")
    assert set_public_url("0.0.0.0", 5000, True) == "https://paja.example.fi"
    monkeypatch.setitem(app.config, "PUBLIC_URL", None)
    assert set_public_url("127.0.0.1", 5000, False) is None  # this machine only: no links out
    assert app.config["PUBLIC_URL"] is None
    with pytest.raises(NoReachableAddress, match="WORKSHOP_PUBLIC_URL"):
        set_public_url("127.0.0.1", 5000, True)
    assert set_public_url("192.168.1.20", 5001, True) == "http://192.168.1.20:5001"
    assert app.config["PUBLIC_URL"] == "http://192.168.1.20:5001"  # the links use it from now on


def test_join_links_and_qr_codes_use_the_public_url_whatever_the_console_was_opened_on(
    app, logged_in_client, open_session, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "http://192.0.2.2:5000")
    code = open_session.join_code
    console = logged_in_client.get(f"/review/sessions/{open_session.id}/console")
    assert f'href="http://192.0.2.2:5000/j/{code}"' in console.get_data(as_text=True)
    projector = logged_in_client.get(f"/review/sessions/{open_session.id}/projector")
    assert f"192.0.2.2:5000/j/{code}" in projector.get_data(as_text=True)
    # The address people type when the QR code is too far away is the public one too.
    assert '<p class="join-view__url">192.0.2.2:5000/join</p>' in projector.get_data(as_text=True)
    with app.test_request_context("/", base_url="http://127.0.0.1:5000"):
        assert join_url(open_session) == f"http://192.0.2.2:5000/j/{code}"


def test_without_a_public_url_the_link_follows_the_request(app, open_session):
    assert app.config.get("PUBLIC_URL") is None
    with app.test_request_context("/", base_url="https://paja.example.fi"):
        assert join_url(open_session) == f"https://paja.example.fi/j/{open_session.join_code}"


def test_a_public_url_with_a_path_is_not_doubled_by_the_mount_point(app, open_session, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://liitto.fi/paja")
    with app.test_request_context("/", base_url="http://10.0.0.5/paja"):
        assert join_url(open_session) == f"https://liitto.fi/paja/j/{open_session.join_code}"


# `workshop run --lan`, as the README's Quick start shows --------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("0.0.0.0", 0))
        return probe.getsockname()[1]


ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """One migrated SQLite file for the module; each test serves a copy of it."""
    path = tmp_path_factory.mktemp("lan") / "migrated.sqlite"
    env = {**os.environ, "WORKSHOP_DATABASE_URL": f"sqlite:///{path}"}
    env.pop("WORKSHOP_PUBLIC_URL", None)
    subprocess.run(
        [PYTHON, "-m", "workshop", "db", "upgrade"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture
def start(migrated_database, tmp_path):
    """`workshop run ARGUMENTS` in its own process with ENVIRONMENT, stopped afterwards."""
    processes = []

    def started(*arguments, **environment):
        database = tmp_path / "lan.sqlite"
        shutil.copy(migrated_database, database)
        env = {
            **os.environ,
            "WORKSHOP_DATABASE_URL": f"sqlite:///{database}",
            "WORKSHOP_SECRET_KEY": "lan-secret",
        }
        env.pop("WORKSHOP_PUBLIC_URL", None)
        process = subprocess.Popen(
            [PYTHON, "-m", "workshop", "run", *arguments],
            env={**env, **environment},
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        return process

    yield started
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def _lines_until_served(process) -> list[str]:
    lines = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Strategiapaja: http"):  # the last line before it serves
            break
    return lines


def _get(url: str) -> requests.Response:
    import time

    deadline = time.monotonic() + 20
    while True:
        try:
            return requests.get(url, timeout=2)
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_workshop_run_lan_serves_phones_on_the_network_address_and_prints_it(start):
    port = _free_port()
    lines = _lines_until_served(start("--lan", "--port", str(port)))
    phones = f"http://{lan_address()}:{port}"
    assert f"Phones join at {phones}/join (the code is on the console and projector)." in lines
    assert f"Strategiapaja: http://127.0.0.1:{port}/" in lines
    # A phone on the network reaches the join page on the printed address.
    page = _get(phones + "/join")
    assert page.status_code == 200 and 'name="code"' in page.text


def test_workshop_run_lan_prefers_the_configured_public_url(start):
    process = start("--lan", "--port", str(_free_port()), WORKSHOP_PUBLIC_URL="https://paja.fi/")
    lines = _lines_until_served(process)
    assert (
        "Phones join at https://paja.fi/join (the code is on the console and projector)." in lines
    )


def test_the_default_stays_on_this_machine_only(start):
    port = _free_port()
    lines = _lines_until_served(start("--port", str(port)))
    assert not any(line.startswith("Phones join at") for line in lines)
    assert _get(f"http://127.0.0.1:{port}/join").status_code == 200
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://{lan_address()}:{port}/join", timeout=2)


def test_a_wrong_public_url_is_refused_at_start(start):
    process = start("--lan", "--port", str(_free_port()), WORKSHOP_PUBLIC_URL="paja.example.fi")
    output, _ = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "WORKSHOP_PUBLIC_URL must be an http:// or https:// address" in output
