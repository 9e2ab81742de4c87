"""Facilitator login and logout."""

from tests.conftest import TEST_PASSWORD
from workshop.extensions import db


def test_login_page_tells_how_to_create_the_first_account(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Fasilitaattoritunnuksia ei ole vielä luotu." in page
    assert "workshop user create" in page


def test_login_page_hides_the_hint_once_an_account_exists(client, facilitator):
    assert "workshop user create" not in client.get("/login").get_data(as_text=True)


def test_right_password_logs_in_and_returns_to_the_page_asked_for(
    client, facilitator, strategy_version
):
    response = client.post(
        "/login?next=/strategy/indicators",
        data={"email": "FASILITAATTORI@example.org ", "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/strategy/indicators"
    assert client.get("/strategy/indicators").status_code == 200
    assert facilitator.last_login_at is not None


def test_wrong_password_is_refused_with_a_message(client, facilitator):
    response = client.post("/login", data={"email": facilitator.email, "password": "wrong one"})
    assert response.status_code == 400
    assert "Sähköpostiosoite tai salasana on väärin." in response.get_data(as_text=True)
    assert client.get("/strategy/").status_code == 302


def test_unknown_address_gets_the_same_message(client):
    response = client.post("/login", data={"email": "nobody@example.org", "password": "x" * 12})
    assert "Sähköpostiosoite tai salasana on väärin." in response.get_data(as_text=True)


def test_invalid_form_input_is_reported_per_field(client):
    response = client.post("/login", data={"email": "not an address", "password": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Anna kelvollinen sähköpostiosoite." in page
    assert "Anna salasanasi." in page
    assert 'aria-invalid="true"' in page


def test_hostile_input_in_the_login_form_does_not_crash(client):
    response = client.post(
        "/login", data={"email": "\x00<script>@x.fi" + "😀" * 1000, "password": "a" * 100_000}
    )
    assert response.status_code == 400
    assert "<script>@" not in response.get_data(as_text=True)


def test_deactivated_account_cannot_log_in(client, facilitator):
    facilitator.active = False
    db.session.commit()
    response = client.post("/login", data={"email": facilitator.email, "password": TEST_PASSWORD})
    assert response.status_code == 400


def test_logout_ends_the_session(logged_in_client, strategy_version):
    response = logged_in_client.post("/logout")
    assert response.headers["Location"] == "/login"
    assert logged_in_client.get("/strategy/").status_code == 302


def test_logout_and_login_need_the_csrf_token(app, logged_in_client, strategy_version, facilitator):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        logged_in_client.post("/logout")
        assert logged_in_client.get("/strategy/").status_code == 200
        response = logged_in_client.post(
            "/login", data={"email": facilitator.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
