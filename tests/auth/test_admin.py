"""An admin's page of accounts: role changes, password resets, deactivation, all audited."""

import pytest

from tests.conftest import TEST_PASSWORD
from workshop.audit.models import AuditEvent
from workshop.auth import services
from workshop.extensions import db


@pytest.fixture
def admin_client(app, make_user):
    admin = make_user("admin@example.org", role="admin", name="Ylläpito")
    http = app.test_client()
    assert (
        http.post("/login", data={"email": admin.email, "password": TEST_PASSWORD}).status_code
        == 302
    )
    http.admin = admin
    return http


def _login(app, email, password=TEST_PASSWORD):
    http = app.test_client()
    response = http.post("/login", data={"email": email, "password": password})
    return http, response.status_code == 302


def _actions() -> list[tuple]:
    events = db.session.query(AuditEvent).order_by(AuditEvent.id)
    return [(e.action, e.subject, e.details) for e in events if not e.action.startswith("login")]


def test_the_accounts_page_lists_accounts_with_their_roles(admin_client, facilitator):
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert facilitator.email in page and "Fasilitaattori" in page and "Ylläpitäjä" in page
    own = admin_client.get(f"/admin/users/{admin_client.admin.id}").get_data(as_text=True)
    assert "Tämä on oma tunnuksesi" in own


def test_an_admin_changes_a_role_and_it_is_audited(admin_client, facilitator):
    response = admin_client.post(
        f"/admin/users/{facilitator.id}/role", data={"role-role": "council"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert facilitator.role == "council"
    assert _actions() == [
        ("user.role", f"user:{facilitator.id}", {"old": "facilitator", "new": "council"})
    ]


def test_an_unknown_role_is_refused(admin_client, facilitator):
    response = admin_client.post(f"/admin/users/{facilitator.id}/role", data={"role-role": "root"})
    assert response.status_code == 400
    db.session.expire_all()
    assert facilitator.role == "facilitator"


def test_an_admin_resets_a_password_and_the_accounts_sessions_end(app, admin_client, facilitator):
    their_browser, _ = _login(app, facilitator.email)
    response = admin_client.post(
        f"/admin/users/{facilitator.id}/reset", data={"reset-password": "given in person 42"}
    )
    assert response.status_code == 302
    assert their_browser.get("/account").status_code == 302
    assert not _login(app, facilitator.email)[1]
    assert _login(app, facilitator.email, "given in person 42")[1]
    assert _actions() == [("user.reset", f"user:{facilitator.id}", {})]


def test_a_short_reset_password_is_refused(admin_client, facilitator):
    response = admin_client.post(
        f"/admin/users/{facilitator.id}/reset", data={"reset-password": "short"}
    )
    assert response.status_code == 400
    assert "Salasanassa on oltava vähintään 10 merkkiä." in response.get_data(as_text=True)


def test_deactivation_needs_the_box_then_ends_sessions_and_logins(app, admin_client, facilitator):
    their_browser, _ = _login(app, facilitator.email)
    unticked = admin_client.post(f"/admin/users/{facilitator.id}/active", data={"active": "0"})
    assert unticked.status_code == 400
    assert their_browser.get("/account").status_code == 200
    response = admin_client.post(
        f"/admin/users/{facilitator.id}/active", data={"active": "0", "active-confirm": "y"}
    )
    assert response.status_code == 302
    assert their_browser.get("/account").status_code == 302
    assert not _login(app, facilitator.email)[1]
    admin_client.post(f"/admin/users/{facilitator.id}/active", data={"active": "1"})
    assert _login(app, facilitator.email)[1]
    assert [a for a, _, _ in _actions()] == ["user.deactivate", "user.activate"]


def test_an_admin_cannot_deactivate_or_demote_themselves(admin_client):
    admin = admin_client.admin
    refused = admin_client.post(
        f"/admin/users/{admin.id}/active", data={"active": "0", "active-confirm": "y"}
    )
    assert refused.status_code == 400
    with pytest.raises(services.AccountError):
        services.set_role(admin, admin, "facilitator")
    db.session.expire_all()
    assert admin.active and admin.role == "admin"


def test_the_cli_creates_council_accounts(app):
    result = app.test_cli_runner().invoke(
        args=[
            "user",
            "create",
            "--email",
            "n@example.org",
            "--role",
            "council",
            "--password",
            "x" * 12,
        ]
    )
    assert result.exit_code == 0, result.output
    assert services.find_user("n@example.org").role == "council"


def test_the_account_pages_speak_english(admin_client, facilitator):
    admin_client.get("/language/en")
    page = admin_client.get(f"/admin/users/{facilitator.id}").get_data(as_text=True)
    assert "Reset the password" in page and "Deactivate the account" in page
    assert "Change your password" in admin_client.get("/account").get_data(as_text=True)
