"""A PIN said aloud in the room: asked when the session requires it, shown on the console only,
and wrong PINs count as wrong codes."""

import pytest

from workshop.extensions import db
from workshop.ratelimit import CodeGuard
from workshop.review import participation, views
from workshop.review.join_limits import PIN_MISSES_PER_SESSION

VENUE = {"REMOTE_ADDR": "192.0.2.10"}


@pytest.fixture(autouse=True)
def fresh_limits():
    for limiter in (views.code_guesses, views.joins, views.pin_misses):
        limiter.reset()
    yield
    for limiter in (views.code_guesses, views.joins, views.pin_misses):
        limiter.reset()


@pytest.fixture
def pin_session(open_session):
    participation.set_join_pin(open_session, True)
    db.session.commit()
    return open_session


def _join(client, session, pin=None, environ=VENUE):
    body = {"code": session.join_code, "group": "kunnat"}
    if pin is not None:
        body["pin"] = pin
    return client.post("/api/join", json=body, environ_base=environ)


def test_a_session_asks_for_no_pin_until_the_facilitator_turns_it_on(open_session, client):
    assert open_session.join_pin is None
    assert _join(client, open_session).status_code == 200


def test_the_pin_is_four_digits_and_kept_until_turned_off(pin_session):
    pin = pin_session.join_pin
    assert len(pin) == 4 and pin.isdigit()
    participation.set_join_pin(pin_session, True)
    assert pin_session.join_pin == pin
    participation.set_join_pin(pin_session, False)
    assert pin_session.join_pin is None


def test_joining_needs_the_right_pin(pin_session, client):
    missing = _join(client, pin_session)
    assert missing.status_code == 403 and missing.json["error"] == "wrong_pin"
    wrong = _join(client, pin_session, pin="0000" if pin_session.join_pin != "0000" else "1111")
    assert wrong.status_code == 403
    assert _join(client, pin_session, pin=pin_session.join_pin).status_code == 200


def test_the_join_form_asks_for_the_pin(pin_session, client):
    code = pin_session.join_code
    form = client.get(f"/j/{code}").get_data(as_text=True)
    assert "Salissa kerrottu PIN-koodi" in form
    refused = client.post(f"/j/{code}", data={"group": "kunnat", "pin": "99999"})
    assert refused.status_code == 400
    assert "PIN-koodi ei ole oikea" in refused.get_data(as_text=True)
    joined = client.post(f"/j/{code}", data={"group": "kunnat", "pin": pin_session.join_pin})
    assert joined.status_code == 302


def test_wrong_pins_count_toward_the_wrong_code_guard(pin_session, client, monkeypatch):
    guard = CodeGuard(per_address=3, overall=100, window=600, slow_interval=30)
    monkeypatch.setattr(views, "code_guesses", guard)
    wrong = "0000" if pin_session.join_pin != "0000" else "1111"
    for _ in range(3):
        assert _join(client, pin_session, pin=wrong).status_code == 403
    assert guard.throttled(VENUE["REMOTE_ADDR"])
    # The slow lane answers one now, then the address waits: no faster PIN guessing.
    _join(client, pin_session, pin=wrong)
    assert _join(client, pin_session, pin=pin_session.join_pin).status_code == 429


def test_a_marked_browser_does_not_skip_the_guard_for_pins(pin_session, client, monkeypatch):
    guard = CodeGuard(per_address=2, overall=100, window=600, slow_interval=30)
    monkeypatch.setattr(views, "code_guesses", guard)
    code = pin_session.join_code
    assert client.get(f"/j/{code}").status_code == 200  # the right code marks this browser
    statuses = [
        client.post(f"/j/{code}", data={"group": "kunnat", "pin": "9999x"}).status_code
        for _ in range(5)
    ]
    assert statuses[:2] == [400, 400] and 429 in statuses[2:]


def test_a_session_takes_a_bounded_number_of_wrong_pins(pin_session, client):
    wrong = "0000" if pin_session.join_pin != "0000" else "1111"
    for n in range(PIN_MISSES_PER_SESSION):
        _join(client, pin_session, pin=wrong, environ={"REMOTE_ADDR": f"10.0.{n // 200}.{n % 200}"})
    another = {"REMOTE_ADDR": "10.9.9.9"}
    locked = _join(client, pin_session, pin=pin_session.join_pin, environ=another)
    assert locked.status_code == 429 and locked.json["error"] == "pin_locked"
    # The facilitator turns the PIN off and on: the new PIN joins at once.
    old_pin = pin_session.join_pin
    while pin_session.join_pin == old_pin:  # a new PIN is random: it may repeat the old one
        participation.set_join_pin(pin_session, False)
        participation.set_join_pin(pin_session, True)
    db.session.commit()
    joined = _join(client, pin_session, pin=pin_session.join_pin, environ=another)
    assert joined.status_code == 200


def test_the_console_shows_the_pin_and_the_projector_does_not(pin_session, logged_in_client):
    pin = pin_session.join_pin
    console = logged_in_client.get(f"/review/sessions/{pin_session.id}/console")
    assert pin in console.get_data(as_text=True)
    projector = logged_in_client.get(f"/review/sessions/{pin_session.id}/projector")
    assert f">{pin}<" not in projector.get_data(as_text=True)
    assert "PIN" not in projector.get_data(as_text=True)


def test_the_session_form_turns_the_pin_on(open_session, logged_in_client):
    response = logged_in_client.post(
        f"/review/sessions/{open_session.id}",
        data={"title": "Oulu", "location": "", "require_pin": "y"},
    )
    assert response.status_code == 302
    db.session.refresh(open_session)
    assert open_session.join_pin and len(open_session.join_pin) == 4
    page = logged_in_client.get(f"/review/sessions/{open_session.id}").get_data(as_text=True)
    assert open_session.join_pin in page


def test_the_public_session_facts_say_a_pin_is_needed(pin_session, client):
    facts = client.get(f"/api/sessions/{pin_session.join_code}").json
    assert facts["session"]["pin_required"] is True
    assert pin_session.join_pin not in str(facts)


def test_a_new_session_can_ask_for_a_pin_from_the_start(review_round, logged_in_client):
    response = logged_in_client.post(
        f"/review/rounds/{review_round.id}/sessions",
        data={"session-title": "Raahe", "session-require_pin": "y"},
    )
    assert response.status_code == 302
    created = next(s for s in review_round.sessions if s.title == "Raahe")
    assert created.join_pin and created.join_pin.isdigit()
