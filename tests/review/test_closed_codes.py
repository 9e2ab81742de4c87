"""Codes of closed sessions: unknown to anyone who types them, the ended page for a device that
joined, and unknown to everyone once the retention time has passed."""

from datetime import timedelta

import pytest

from workshop.extensions import db
from workshop.models import utcnow
from workshop.review import participation, services, views
from workshop.review.participation import CLOSED_CODE_RETENTION


@pytest.fixture(autouse=True)
def fresh_limits():
    views.code_guesses.reset()
    views.joins.reset()
    yield
    views.code_guesses.reset()
    views.joins.reset()


@pytest.fixture
def joined_phone(app, open_session):
    """A browser that joined the open session."""
    phone = app.test_client()
    assert phone.post(f"/j/{open_session.join_code}", data={"group": "kunnat"}).status_code == 302
    return phone


def _close(session, days_ago=0):
    services.set_session_status(session, "closed")
    session.closed_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()


def test_closing_records_when(open_session):
    services.set_session_status(open_session, "closed")
    assert open_session.closed_at is not None


def test_a_closed_code_typed_anywhere_answers_like_an_unknown_one(app, open_session):
    _close(open_session)
    client = app.test_client()
    code = open_session.join_code
    assert client.get(f"/api/sessions/{code}").json["error"] == "unknown_code"
    joined = client.post("/api/join", json={"code": code, "group": "kunnat"})
    assert (joined.status_code, joined.json["error"]) == (404, "unknown_code")
    typed = client.post("/join", data={"code": code})
    assert "Tällä koodilla ei löydy työpajaa." in typed.get_data(as_text=True)
    assert client.get(f"/s/{code}").status_code == 404


def test_closed_codes_count_as_wrong_codes(app, open_session, monkeypatch):
    from workshop.ratelimit import CodeGuard

    guard = CodeGuard(per_address=2, overall=100, window=600, slow_interval=30)
    monkeypatch.setattr(views, "code_guesses", guard)
    _close(open_session)
    client = app.test_client()
    for _ in range(2):
        client.get(f"/api/sessions/{open_session.join_code}")
    assert guard.throttled("127.0.0.1")


def test_a_device_that_joined_still_sees_the_ended_page(open_session, joined_phone):
    _close(open_session)
    page = joined_phone.get(f"/s/{open_session.join_code}")
    assert page.status_code == 200
    # The join link takes it to its own page, never to a new join.
    form = joined_phone.get(f"/j/{open_session.join_code}")
    assert form.status_code == 302 and form.headers["Location"].endswith(
        f"/s/{open_session.join_code}"
    )
    refused = joined_phone.post(f"/j/{open_session.join_code}", data={"group": "kunnat"})
    assert refused.status_code == 404


def test_after_the_retention_time_the_code_is_unknown_to_the_device_too(open_session, joined_phone):
    _close(open_session, days_ago=CLOSED_CODE_RETENTION.days + 1)
    assert joined_phone.get(f"/s/{open_session.join_code}").status_code == 404


def test_the_retention_rule_itself(open_session):
    _close(open_session, days_ago=CLOSED_CODE_RETENTION.days - 1)
    assert participation.device_code_session(open_session) is open_session
    assert participation.typed_code_session(open_session) is None
    _close(open_session, days_ago=CLOSED_CODE_RETENTION.days + 1)
    assert participation.device_code_session(open_session) is None
