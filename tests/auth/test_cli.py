"""`workshop user create`."""

from sqlalchemy import select

from workshop.auth.models import User
from workshop.extensions import db


def test_user_create_makes_an_account_that_can_log_in(app, client):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "--email", "Anna@Example.org", "--name", "Anna"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.name, user.role) == ("anna@example.org", "Anna", "facilitator")
    assert user.password_hash != "a long enough password"
    response = client.post(
        "/login", data={"email": "anna@example.org", "password": "a long enough password"}
    )
    assert response.status_code == 302


def test_user_create_refuses_a_short_password_and_a_taken_address(app, facilitator):
    runner = app.test_cli_runner()
    short = runner.invoke(
        args=["user", "create", "--email", "new@example.org", "--password", "short"]
    )
    assert short.exit_code == 1
    assert "at least 10 characters" in short.output
    taken = runner.invoke(
        args=["user", "create", "--email", facilitator.email, "--password", "long enough 123"]
    )
    assert taken.exit_code == 1
    assert "already exists" in taken.output
