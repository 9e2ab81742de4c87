"""The token page (create, shown once, list, revoke) and the `workshop token` commands."""

import re

import pytest

from workshop.api import services as token_services
from workshop.api.cli import token_cli
from workshop.api.models import ApiToken
from workshop.audit.models import AuditEvent
from workshop.extensions import db


def _created_token(html: str) -> str:
    found = re.search(r'id="new-token-value"[^>]*value="(wsp_[^"]+)"', html)
    assert found, "the new token is on the page"
    return found.group(1)


def test_the_account_page_links_to_the_tokens(logged_in_client):
    assert 'href="/account/tokens"' in logged_in_client.get("/account").get_data(as_text=True)


def test_a_token_made_on_the_page_is_shown_once_and_works(logged_in_client, client, facilitator):
    response = logged_in_client.post("/account/tokens", data={"name": "Power BI", "scope": "read"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    plain = _created_token(response.get_data(as_text=True))
    again = logged_in_client.get("/account/tokens").get_data(as_text=True)
    assert plain not in again and "Power BI" in again and plain[:10] in again
    api = client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {plain}"})
    assert api.status_code == 200 and api.get_json()["rounds"] == []
    token = db.session.query(ApiToken).one()
    assert token.user_id == facilitator.id and token.scope == "read"


def test_the_form_refuses_a_missing_name_and_an_unknown_scope(logged_in_client):
    for data in ({"name": "", "scope": "read"}, {"name": "x", "scope": "admin"}):
        response = logged_in_client.post("/account/tokens", data=data)
        assert response.status_code == 400
        assert 'id="new-token-value"' not in response.get_data(as_text=True)
    assert db.session.query(ApiToken).count() == 0


def test_revoking_asks_first_and_then_the_token_stops_working(
    logged_in_client, client, facilitator
):
    token, plain = token_services.create_token(facilitator, "Skripti", "write", actor=facilitator)
    db.session.commit()
    url = f"/account/tokens/{token.id}/revoke"
    page = logged_in_client.get(url)
    assert page.status_code == 200 and "401" in page.get_data(as_text=True)
    assert logged_in_client.post(url, data={}).status_code == 400  # no confirmation: nothing
    assert token_services.token_for(plain) is not None
    response = logged_in_client.post(url, data={"confirm": "yes"})
    assert response.status_code == 302
    db.session.expire_all()
    assert token_services.token_for(plain) is None
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/rounds", headers=headers).status_code == 401
    assert db.session.query(AuditEvent).filter_by(action="api_token.revoke").count() == 1


def test_nobody_revokes_another_persons_token(app, logged_in_client, make_user):
    other = make_user("toinen@example.org")
    token, plain = token_services.create_token(other, "Toisen", "read", actor=other)
    db.session.commit()
    url = f"/account/tokens/{token.id}/revoke"
    assert logged_in_client.get(url).status_code == 404
    assert logged_in_client.post(url, data={"confirm": "yes"}).status_code == 404
    assert token_services.token_for(plain) is not None


def test_the_commands_create_and_revoke_a_token(app, facilitator):
    runner = app.test_cli_runner()
    result = runner.invoke(
        token_cli, ["create", "--user", facilitator.email, "--scope", "write", "--name", "CI"]
    )
    assert result.exit_code == 0, result.output
    plain = result.stdout.strip().splitlines()[-1]
    token = token_services.token_for(plain)
    assert token.name == "CI" and token.scope == "write" and token.user_id == facilitator.id
    result = runner.invoke(token_cli, ["revoke", str(token.id)])
    assert result.exit_code == 0
    db.session.expire_all()
    assert token_services.token_for(plain) is None


def test_the_create_command_refuses_an_unknown_account_and_scope(app):
    runner = app.test_cli_runner()
    result = runner.invoke(token_cli, ["create", "--user", "ei@example.org", "--scope", "read"])
    assert result.exit_code != 0 and "No account" in result.output
    result = runner.invoke(token_cli, ["create", "--user", "ei@example.org", "--scope", "all"])
    assert result.exit_code != 0
    assert runner.invoke(token_cli, ["revoke", "12345"]).exit_code != 0


def test_a_name_too_long_is_refused_not_cut(app, facilitator, logged_in_client):
    from workshop.api.services import NAME_MAX_LENGTH, TokenError, create_token

    long_name = "ä" * (NAME_MAX_LENGTH + 1)
    with pytest.raises(TokenError) as refused:
        create_token(facilitator, long_name, "read", actor=facilitator)
    assert refused.value.code == "name_too_long"
    token, _plain = create_token(facilitator, "ä" * NAME_MAX_LENGTH, "read", actor=facilitator)
    assert token.name == "ä" * NAME_MAX_LENGTH
    db.session.rollback()
    # The command says why.
    result = app.test_cli_runner().invoke(
        token_cli,
        ["create", "--user", facilitator.email, "--scope", "read", "--name", long_name],
    )
    assert result.exit_code != 0 and "longer than 100" in result.output
    # The form too (its own check, or the service's), and nothing is made.
    response = logged_in_client.post("/account/tokens", data={"name": long_name, "scope": "read"})
    assert response.status_code == 400
    assert 'id="new-token-value"' not in response.get_data(as_text=True)
    assert db.session.query(ApiToken).count() == 0
    assert "Nimi on yli 100 merkkiä pitkä." in response.get_data(as_text=True)
