"""Joining limits: a room behind one address joins; a scripted flood from it does not."""

import time

import pytest
from sqlalchemy import func, select

from workshop import limits
from workshop.extensions import db
from workshop.review import joining, views
from workshop.review.join_limits import (
    ADDRESS_BURST,
    ADDRESS_PER_SECOND,
    BURST_WARNING,
    JoinLimiter,
)
from workshop.review.models import Participant

VENUE = {"REMOTE_ADDR": "192.0.2.10"}


class FakeClock:
    """A monotonic clock that a test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def fresh_limits():
    views.code_guesses.reset()
    views.joins.reset()
    yield
    views.code_guesses.reset()
    views.joins.reset()


@pytest.fixture
def clock(monkeypatch):
    """The view's join limiter on a clock the test moves."""
    fake = FakeClock()
    monkeypatch.setattr(views, "joins", JoinLimiter(clock=fake))
    monkeypatch.setattr(joining, "joins", views.joins)  # the join path's own
    return fake


def _join(client, session, environ=VENUE):
    return client.post(
        "/api/join", json={"code": session.join_code, "group": "kunnat"}, environ_base=environ
    )


def test_a_room_of_300_behind_one_address_joins_within_two_minutes(client, open_session, clock):
    for _ in range(300):
        assert _join(client, open_session).status_code == 200
        clock.now += 0.4  # 300 people in 120 seconds
    assert _count(open_session) == 300


def test_300_joins_in_2_4_seconds_from_one_address_are_mostly_refused(client, open_session, clock):
    statuses = []
    for _ in range(300):
        statuses.append(_join(client, open_session))
        clock.now += 2.4 / 300
    accepted = [r for r in statuses if r.status_code == 200]
    refused = [r for r in statuses if r.status_code == 429]
    # The burst, and what refills in 2.4 s.
    assert len(accepted) <= ADDRESS_BURST + ADDRESS_PER_SECOND * 2.4 + 1
    assert len(accepted) + len(refused) == 300
    assert refused[0].json["error"] == "join_rate_limited"
    assert int(refused[0].headers["Retry-After"]) >= 1
    assert _count(open_session) == len(accepted)


def test_another_address_is_not_held_back_by_a_flood(client, open_session, clock):
    for _ in range(ADDRESS_BURST + 20):
        _join(client, open_session)
    assert _join(client, open_session).status_code == 429
    assert _join(client, open_session, {"REMOTE_ADDR": "198.51.100.7"}).status_code == 200


def test_the_session_as_a_whole_has_a_budget_that_many_addresses_share(
    client, open_session, monkeypatch
):
    fake = FakeClock()
    monkeypatch.setattr(views, "joins", JoinLimiter(session_burst=30, session_rate=1, clock=fake))
    monkeypatch.setattr(joining, "joins", views.joins)  # the join path's own
    outcomes = [
        _join(client, open_session, {"REMOTE_ADDR": f"203.0.113.{n}"}).status_code
        for n in range(40)
    ]
    assert outcomes.count(200) == 30 and outcomes.count(429) == 10


def test_the_join_page_says_to_wait_and_keeps_the_choices(client, open_session, clock):
    open_session.ask_identity = True  # so that the form has an organisation to keep
    db.session.commit()
    for _ in range(ADDRESS_BURST):
        assert _join(client, open_session).status_code == 200
    page = client.post(
        f"/j/{open_session.join_code}",
        data={"group": "klusterit", "organisation": "Oulun yliopisto"},
        environ_base=VENUE,
    )
    assert page.status_code == 429
    assert page.headers["Retry-After"] == "1"
    text = page.get_data(as_text=True)
    assert "paina Liity uudelleen" in text
    assert 'value="Oulun yliopisto"' in text
    clock.now += 1
    again = client.post(
        f"/j/{open_session.join_code}", data={"group": "klusterit"}, environ_base=VENUE
    )
    assert again.status_code == 302


def test_a_burst_of_joins_from_one_address_is_counted_without_the_address(open_session, clock):
    limiter = views.joins
    for _ in range(BURST_WARNING + 5):
        limiter.admit(open_session.id, "192.0.2.10")
    limiter.admit(open_session.id, "198.51.100.7")
    assert limiter.bursts(open_session.id) == [BURST_WARNING + 5]
    clock.now += 61
    assert limiter.bursts(open_session.id) == []
    # Only keyed hashes are kept: no address appears in the limits' memory.
    assert "192.0.2.10" not in repr(vars(limits.store()))
    assert limiter.hashed("192.0.2.10") != limiter.hashed("192.0.2.11")
    # Another process's store has another key.
    other = JoinLimiter(store=limits.MemoryStore())
    assert other.hashed("192.0.2.10") != limiter.hashed("192.0.2.10")


def test_the_console_warns_of_a_join_burst(logged_in_client, open_session, clock):
    for _ in range(BURST_WARNING):
        _join(logged_in_client, open_session)
    page = logged_in_client.get(f"/review/sessions/{open_session.id}/console")
    text = page.get_data(as_text=True)
    assert f"{BURST_WARNING} liittymistä yhdestä osoitteesta viimeisen minuutin aikana" in text
    assert "192.0.2.10" not in text


def test_joins_accepted_per_second_from_one_address_in_real_time(client, open_session):
    """A real flood over HTTP for three seconds; prints the figure the issue asks for."""
    started = time.monotonic()
    accepted = refused = 0
    while time.monotonic() - started < 3.0:
        status = _join(client, open_session).status_code
        accepted += status == 200
        refused += status == 429
    elapsed = time.monotonic() - started
    sustained = (accepted - ADDRESS_BURST) / elapsed
    print(
        f"\njoin flood from one address: {accepted + refused} tried in {elapsed:.1f} s, "
        f"{accepted} accepted ({accepted / elapsed:.1f}/s; {sustained:.1f}/s after the "
        f"burst of {ADDRESS_BURST}), {refused} refused"
    )
    assert refused > 0
    assert accepted <= ADDRESS_BURST + ADDRESS_PER_SECOND * elapsed + 1


def _count(session) -> int:
    return db.session.scalar(
        select(func.count(Participant.id)).where(Participant.session_id == session.id)
    )
