"""Joining behind a shared address: a right code always joins; guessing codes stays slow."""

import time

import pytest

from workshop.ratelimit import CodeGuard
from workshop.review import views
from workshop.review.services import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH

VENUE = {"REMOTE_ADDR": "192.0.2.10"}  # a venue's Wi-Fi: every phone behind one address


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    views.code_guesses.reset()
    yield
    views.code_guesses.reset()


@pytest.fixture
def small_guard(monkeypatch):
    """A guard with small budgets, so that a test reaches them in a few requests."""
    guard = CodeGuard(per_address=5, overall=8, window=600, slow_interval=0.3)
    monkeypatch.setattr(views, "code_guesses", guard)
    return guard


def _typo(client, environ=VENUE):
    return client.post("/join", data={"code": "ZZZZZZ"}, environ_base=environ)


def test_a_right_code_joins_after_a_full_room_of_typos(client, open_session):
    # 300 phones behind the venue's address, each mistyping the code twice.
    for _ in range(599):
        assert _typo(client).status_code == 400
    code = open_session.join_code
    assert client.post("/join", data={"code": code}, environ_base=VENUE).status_code == 302
    assert client.get(f"/j/{code}", environ_base=VENUE).status_code == 200
    joined = client.post("/api/join", json={"code": code, "group": "kunnat"}, environ_base=VENUE)
    assert joined.status_code == 200 and joined.json["ok"]


def test_right_codes_never_use_the_budget(client, open_session, small_guard):
    for _ in range(50):
        response = client.post(
            "/api/join",
            json={"code": open_session.join_code, "group": "kunnat"},
            environ_base=VENUE,
        )
        assert response.status_code == 200
    assert not small_guard.throttled(VENUE["REMOTE_ADDR"])


def test_an_address_over_its_budget_is_answered_slowly_whether_right_or_wrong(
    client, open_session, small_guard
):
    for _ in range(5):
        assert _typo(client).status_code == 400
    code = open_session.join_code
    # The slow lane answers one lookup now: the right code joins.
    assert client.post("/join", data={"code": code}, environ_base=VENUE).status_code == 302

    # The next at once, from another phone, is refused without looking at the code, right
    # or wrong alike, so the refusal tells a guesser nothing.
    def another_phone():
        return client.application.test_client()

    right = another_phone().post("/join", data={"code": code}, environ_base=VENUE)
    wrong = _typo(another_phone())
    assert right.status_code == wrong.status_code == 429
    assert right.headers["Retry-After"] == wrong.headers["Retry-After"]
    assert "Odota muutama sekunti" in right.get_data(as_text=True)
    api = another_phone().post(
        "/api/join", json={"code": code, "group": "kunnat"}, environ_base=VENUE
    )
    assert api.status_code == 429 and api.json["error"] == "rate_limited"
    assert api.headers["Retry-After"]
    time.sleep(0.35)
    again = another_phone().post(
        "/api/join", json={"code": code, "group": "kunnat"}, environ_base=VENUE
    )
    assert again.status_code == 200


def test_other_addresses_are_not_held_by_one_addresses_typos(client, open_session, small_guard):
    for _ in range(5):
        _typo(client)
    other = {"REMOTE_ADDR": "198.51.100.7"}
    for _ in range(3):
        assert (
            client.post(
                "/join", data={"code": open_session.join_code}, environ_base=other
            ).status_code
            == 302
        )


def _spend_the_overall_budget(client, guard, count=4):
    """Eight wrong codes in all, from four addresses: none over its own budget of five."""
    guessers = [{"REMOTE_ADDR": f"203.0.113.{n}"} for n in range(count)]
    for environ in guessers:
        _typo(client, environ)
        _typo(client, environ)
    return guessers


def test_while_many_addresses_guess_every_new_address_waits_in_one_shared_lane(
    client, open_session, small_guard
):
    guessers = _spend_the_overall_budget(client, small_guard)
    assert all(small_guard.throttled(e["REMOTE_ADDR"]) for e in guessers)
    # Rotating to new addresses buys no new guesses: they all share two lookups a second.
    admitted = [
        _typo(client, {"REMOTE_ADDR": f"198.51.100.{n}"}).status_code != 429 for n in range(50)
    ]
    assert sum(admitted) <= small_guard.shared_per_second


def test_a_venue_whose_phones_joined_keeps_its_budget_while_others_guess(
    client, open_session, small_guard
):
    code = open_session.join_code
    assert client.post("/join", data={"code": code}, environ_base=VENUE).status_code == 302
    _spend_the_overall_budget(client, small_guard)
    assert not small_guard.throttled(VENUE["REMOTE_ADDR"])
    assert _typo(client).status_code == 400  # a typo is answered as a typo, at once
    for _ in range(3):
        other_phone = client.application.test_client()
        response = other_phone.post("/join", data={"code": code}, environ_base=VENUE)
        assert response.status_code == 302


def test_a_throttled_right_code_goes_through_the_whole_join_flow_at_once(
    client, open_session, small_guard
):
    for _ in range(5):
        _typo(client)
    code = open_session.join_code
    assert client.post("/join", data={"code": code}, environ_base=VENUE).status_code == 302
    # The pages that follow in the same browser do not wait in the slow lane again.
    assert client.get(f"/j/{code}", environ_base=VENUE).status_code == 200
    joined = client.post(f"/j/{code}", data={"group": "kunnat"}, environ_base=VENUE)
    assert joined.status_code == 302
    assert client.get(f"/s/{code}", environ_base=VENUE).status_code == 200
    # The mark names that code only: another code from this browser is a guess again.
    assert client.post("/join", data={"code": "ZZZZZZ"}, environ_base=VENUE).status_code == 429


def test_the_addresses_of_one_ipv6_network_share_one_budget(client, open_session, small_guard):
    for n in range(5):
        _typo(client, {"REMOTE_ADDR": f"2001:db8:1:2::{n + 1}"})
    assert small_guard.throttled("2001:db8:1:2::ffff")
    assert not small_guard.throttled("2001:db8:1:3::1")


def test_a_joined_phone_reopens_its_page_while_its_address_is_throttled(
    client, open_session, small_guard
):
    code = open_session.join_code
    assert (
        client.post(f"/j/{code}", data={"group": "kunnat"}, environ_base=VENUE).status_code == 302
    )
    for _ in range(5):
        _typo(client)
    for _ in range(3):
        assert client.get(f"/s/{code}", environ_base=VENUE).status_code == 200


def test_an_unknown_code_on_the_participant_page_counts_as_a_wrong_code(client, small_guard):
    for _ in range(5):
        assert client.get("/s/ZZZZZZ", environ_base=VENUE).status_code == 404
    assert small_guard.throttled(VENUE["REMOTE_ADDR"])


def test_the_default_bounds_keep_guessing_infeasible():
    """At the bounds, however many addresses guess, one of ten open codes takes months."""
    guard = CodeGuard()
    codes = len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH
    guesses_a_day = guard.guesses_a_day_at_most()
    days_to_one_of_ten = codes / 10 / guesses_a_day
    print(
        f"codes: {codes:,}; guesses/day at most: {guesses_a_day:,.0f}; "
        f"days to find one of ten open codes: {days_to_one_of_ten:,.0f}"
    )
    assert guard.per_address >= 600  # 300 phones behind one address, two typos each
    assert days_to_one_of_ten > 90


def test_many_guessing_addresses_share_one_slow_lane():
    guard = CodeGuard(per_address=5, overall=8, window=600, slow_interval=60, shared_per_second=2)
    addresses = [f"203.0.113.{n}" for n in range(8)]
    for address in addresses:
        guard.wrong_code(address)
    admitted = sum(guard.admit(address) for address in addresses for _ in range(3))
    assert admitted == 2


def test_knowing_a_right_code_buys_only_a_rooms_typos_while_many_guess(client, open_session):
    guard = CodeGuard(per_address=600, overall=8, window=600, slow_interval=60, known_allowance=3)
    address = "192.0.2.77"
    guard.right_code(address)
    for n in range(8):
        guard.wrong_code(f"203.0.113.{n}")  # the overall budget is spent
    admitted = 0
    for _ in range(50):
        if guard.admit(address):
            admitted += 1
            guard.wrong_code(address)
    assert admitted <= 3 + 1 + guard.shared_per_second
