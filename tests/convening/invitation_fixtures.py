"""Fixtures of the invitations: a small register, a round with sessions, and a real SMTP
server (aiosmtpd) on 127.0.0.1 that keeps what arrives and refuses whom a test tells it to."""

from __future__ import annotations

import socket
import subprocess
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from workshop.convening import services as register
from workshop.convening.services import ContactInput, OrganisationInput
from workshop.extensions import db
from workshop.review import services as review_services

SECRET = "test-secret-key"
LINK_BASE = "https://paja.example.fi"

# (organisation, group key, sub-region, [(name, e-mail, language)])
REGISTER = [
    ("BusinessOulu", "kehittamisyhtiot", "oulu", [("Liisa Laine", "liisa@bo.example", "fi")]),
    (
        "Oulun yliopisto",
        "tutkimus-ja-koulutus",
        "koko-maakunta",
        [("Jane Smith", "jane@oulu.example", "en"), ("Pekka Puro", "pekka@oulu.example", "fi")],
    ),
    ("Kuusamon kaupunki", "kunnat", "koillismaa", [("Aino Aho", "aino@kuusamo.example", "fi")]),
    ("Klusteri ry", "klusterit", "oulu", [("Ville Virta", "ville@klusteri.example", "fi")]),
]


@pytest.fixture
def register_contacts():
    """The register above; returns {e-mail: Contact}."""
    return make_register()


def make_register() -> dict:
    found = {}
    for name, group_key, sub_region, people in REGISTER:
        organisation = register.create_organisation(OrganisationInput(name, group_key, sub_region))
        for person, email, language in people:
            contact = register.add_contact(
                organisation, ContactInput(person, email, "Asiantuntija", language)
            )
            found[email] = contact
    db.session.commit()
    return found


@pytest.fixture
def workshops(review_round):
    """Two sessions of the round (a workshop in Oulu, opened; one in Raahe, a draft) and its
    online window."""
    return make_workshops(review_round)


def make_workshops(review_round) -> dict:
    starts = datetime(2027, 3, 9, 8, 0, tzinfo=UTC)  # 10.00 in Helsinki
    oulu = review_services.create_session(
        review_round, "Oulun työpaja", "Oulun kaupungintalo", starts
    )
    raahe = review_services.create_session(
        review_round, "Raahen työpaja", "Raahen seurahuone", starts + timedelta(days=7)
    )
    review_services.set_session_status(oulu, "open")
    online = review_services.create_online_session(review_round, "Verkkoarviointi")
    db.session.commit()
    return {"oulu": oulu, "raahe": raahe, "online": online}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the server received, and the replies it gives to chosen recipients."""

    def __init__(self):
        self.messages = []
        self.envelopes = []
        # address -> replies to give its RCPT before accepting it ("450 ..." temporary)
        self.refuse_first: dict[str, list[str]] = {}
        self.refuse_always: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_always:
            return self.refuse_always[address]
        waiting = self.refuse_first.get(address)
        if waiting:
            return waiting.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in str(m["To"])]

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server on 127.0.0.1 (aiosmtpd, plain; test_mail_smtp.py starts one with
    STARTTLS and a login), and the app's settings pointing at it; retries wait no time."""
    with running_smtp_server(app, monkeypatch) as mailbox:
        yield mailbox


@contextmanager
def running_smtp_server(app, monkeypatch):
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_SSL", False)
    monkeypatch.setitem(app.config, "SMTP_STARTTLS", False)
    monkeypatch.setitem(app.config, "SMTP_USER", "")
    monkeypatch.setitem(app.config, "SMTP_FROM", "Strategiapaja <paja@liitto.example>")
    monkeypatch.setitem(app.config, "MAIL_RETRY_DELAYS", (0, 0, 0, 0))
    monkeypatch.setitem(app.config, "MAIL_WORKER", False)
    try:
        yield mailbox
    finally:
        controller.stop()


def self_signed_certificate(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1 made with openssl, and its key."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)
