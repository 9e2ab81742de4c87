"""Login throttling: per account and per address, refused before any password is hashed."""

import time

from tests.conftest import TEST_PASSWORD
from workshop.audit.models import AuditEvent
from workshop.auth import hashing, throttle
from workshop.extensions import db
from workshop.ratelimit import RateLimiter


def _attempt(client, email, password="wrong password", address="203.0.113.7"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _count_hashes(monkeypatch) -> list:
    checked = []
    real = hashing.check_password_hash

    def counting(stored, password):
        checked.append(1)
        return real(stored, password)

    monkeypatch.setattr(hashing, "check_password_hash", counting)
    return checked


def test_after_ten_failures_the_right_password_is_refused_with_a_clear_message(client, facilitator):
    for _ in range(throttle.FAILURES_PER_ACCOUNT):
        assert _attempt(client, facilitator.email).status_code == 400
    response = _attempt(client, facilitator.email, password=TEST_PASSWORD)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == str(throttle.WINDOW_SECONDS)
    assert "Liian monta epäonnistunutta kirjautumista" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302  # not logged in


def test_the_account_limit_counts_across_addresses(client, facilitator):
    for number in range(throttle.FAILURES_PER_ACCOUNT):
        _attempt(client, facilitator.email, address=f"198.51.100.{number}")
    fresh_address = _attempt(client, facilitator.email, TEST_PASSWORD, address="192.0.2.1")
    assert fresh_address.status_code == 429


def test_the_address_limit_stops_guessing_across_many_accounts(client, make_user):
    victim = make_user("uhri@example.org")
    for number in range(throttle.FAILURES_PER_ADDRESS):
        _attempt(client, f"guess{number}@example.org")
    assert _attempt(client, victim.email, TEST_PASSWORD).status_code == 429
    elsewhere = _attempt(client, victim.email, TEST_PASSWORD, address="192.0.2.99")
    assert elsewhere.status_code == 302


def test_throttled_attempts_hash_no_password(client, facilitator, monkeypatch):
    for _ in range(throttle.FAILURES_PER_ACCOUNT):
        _attempt(client, facilitator.email)
    hashes = _count_hashes(monkeypatch)
    for _ in range(20):
        assert _attempt(client, facilitator.email).status_code == 429
    assert hashes == []


def test_a_flood_of_throttled_attempts_is_answered_faster_than_one_hash(client, facilitator):
    for _ in range(throttle.FAILURES_PER_ACCOUNT):
        _attempt(client, facilitator.email)
    started = time.perf_counter()
    hashing.check(facilitator.password_hash, "wrong password")
    one_hash = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(100):
        _attempt(client, facilitator.email)
    per_attempt = (time.perf_counter() - started) / 100
    assert per_attempt < one_hash / 3


def test_the_lock_lifts_when_the_window_has_passed(client, facilitator, monkeypatch):
    monkeypatch.setattr(throttle, "account_failures", RateLimiter(2, 1.0))
    _attempt(client, facilitator.email)
    _attempt(client, facilitator.email)
    assert _attempt(client, facilitator.email, TEST_PASSWORD).status_code == 429
    time.sleep(1.0)
    assert _attempt(client, facilitator.email, TEST_PASSWORD).status_code == 302


def test_failed_logins_are_audited_without_the_typed_address(client, facilitator):
    _attempt(client, facilitator.email)
    _attempt(client, "stranger@example.org")
    events = db.session.query(AuditEvent).order_by(AuditEvent.id).all()
    assert [(e.action, e.subject, e.actor_id) for e in events] == [
        ("login.failed", f"user:{facilitator.id}", None),
        ("login.failed", "", None),
    ]
    assert events[0].details == {"reason": "password"}
    assert events[1].details == {"reason": "unknown_account"}
    assert "stranger" not in repr([e.details for e in events])


def test_a_login_and_a_logout_are_audited(client, facilitator):
    _attempt(client, facilitator.email, TEST_PASSWORD)
    client.post("/logout")
    events = db.session.query(AuditEvent).order_by(AuditEvent.id).all()
    assert [(e.action, e.actor_id, e.subject) for e in events] == [
        ("login", facilitator.id, f"user:{facilitator.id}"),
        ("logout", facilitator.id, f"user:{facilitator.id}"),
    ]


def test_the_start_of_a_lock_is_audited_once(client, facilitator):
    for _ in range(throttle.FAILURES_PER_ACCOUNT + 5):
        _attempt(client, facilitator.email)
    locks = db.session.query(AuditEvent).filter_by(action="login.locked").all()
    assert [e.subject for e in locks] == [f"user:{facilitator.id}"]
    failures = db.session.query(AuditEvent).filter_by(action="login.failed").count()
    assert failures == throttle.FAILURES_PER_ACCOUNT
