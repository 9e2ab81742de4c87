"""Sessions that can be ended: logout, password change and deactivation end them everywhere;
the remember cookie is new at each login, lasts 14 days and is Secure when configured."""

from datetime import UTC, datetime, timedelta

from tests.conftest import TEST_PASSWORD
from workshop.auth import services
from workshop.config import load_config
from workshop.extensions import db


def _login(client, email, password=TEST_PASSWORD, remember=False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def _copy_cookies(source, target):
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def _logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_a_session_cookie_copied_before_logout_no_longer_works_after_it(app, client, facilitator):
    _login(client, facilitator.email)
    thief = app.test_client()
    _copy_cookies(client, thief)
    assert _logged_in(thief)
    client.post("/logout")
    assert not _logged_in(thief)
    assert not _logged_in(client)


def test_a_remember_cookie_copied_before_logout_no_longer_works_after_it(app, client, facilitator):
    _login(client, facilitator.email, remember=True)
    thief = app.test_client()
    thief.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert _logged_in(thief)
    client.post("/logout")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", thief.get_cookie("remember_token").value)
    assert not _logged_in(fresh)


def test_logout_ends_the_sessions_of_other_devices_too(app, facilitator):
    laptop, phone = app.test_client(), app.test_client()
    _login(laptop, facilitator.email)
    _login(phone, facilitator.email)
    laptop.post("/logout")
    assert not _logged_in(phone)


def test_a_password_change_ends_other_sessions_and_keeps_this_one(app, client, facilitator):
    other = app.test_client()
    _login(client, facilitator.email)
    _login(other, facilitator.email, remember=True)
    response = client.post(
        "/account",
        data={
            "current": TEST_PASSWORD,
            "new": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert _logged_in(client)
    assert not _logged_in(other)
    client.post("/logout")
    _login(client, facilitator.email, password="a brand new passphrase")


def test_a_password_change_needs_the_current_password(client, facilitator):
    _login(client, facilitator.email)
    response = client.post(
        "/account", data={"current": "not it at all", "new": "x" * 12, "confirm": "x" * 12}
    )
    assert response.status_code == 400
    assert "Nykyinen salasana on väärin." in response.get_data(as_text=True)
    db.session.expire_all()
    assert services.authenticate(facilitator.email, TEST_PASSWORD) is not None


def test_a_password_change_refuses_differing_or_short_new_passwords(client, facilitator):
    _login(client, facilitator.email)
    differ = client.post(
        "/account", data={"current": TEST_PASSWORD, "new": "x" * 12, "confirm": "y" * 12}
    )
    short = client.post(
        "/account", data={"current": TEST_PASSWORD, "new": "short", "confirm": "short"}
    )
    assert differ.status_code == short.status_code == 400
    assert "Uudet salasanat eroavat toisistaan." in differ.get_data(as_text=True)
    assert _logged_in(client)


def test_deactivation_ends_the_sessions_of_the_account(app, client, make_user, facilitator):
    admin = make_user("admin@example.org", role="admin")
    _login(client, facilitator.email, remember=True)
    services.set_active(admin, facilitator, False)
    db.session.commit()
    assert not _logged_in(client)


def test_the_remember_cookie_differs_between_two_logins(app, facilitator):
    first, second = app.test_client(), app.test_client()
    _login(first, facilitator.email, remember=True)
    _login(second, facilitator.email, remember=True)
    assert first.get_cookie("remember_token").value != second.get_cookie("remember_token").value


def test_the_remember_cookie_lasts_14_days_and_is_secure_when_configured(
    app, client, facilitator, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_SECURE_COOKIES", "1")
    config = load_config(app.instance_path)
    assert config["REMEMBER_COOKIE_SECURE"] and config["SESSION_COOKIE_SECURE"]
    assert config["REMEMBER_COOKIE_DURATION"] == timedelta(days=14)
    monkeypatch.setitem(app.config, "REMEMBER_COOKIE_SECURE", True)
    response = _login(client, facilitator.email, remember=True)
    (header,) = [
        h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token=")
    ]
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
    expires = client.get_cookie("remember_token").expires
    assert timedelta(days=13, hours=23) < expires - datetime.now(UTC) <= timedelta(days=14)


def test_without_secure_cookies_the_remember_cookie_is_not_secure(app, monkeypatch):
    monkeypatch.delenv("WORKSHOP_SECURE_COOKIES", raising=False)
    assert load_config(app.instance_path)["REMEMBER_COOKIE_SECURE"] is False


def test_a_cookie_from_before_epochs_does_not_load_an_account(facilitator):
    assert services.load_user(str(facilitator.id)) is None
    assert services.load_user(f"{facilitator.id}:0:abc") is not None
    assert services.load_user(f"{facilitator.id}:1:abc") is None
