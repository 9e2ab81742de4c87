"""Upgrading to roles: accounts keep their roles, old cookies stop working, rounds are ownerless."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from workshop.auth import services
from workshop.extensions import db


def test_the_upgrade_keeps_roles_and_starts_every_account_at_epoch_zero():
    db.session.remove()
    downgrade(revision="0007")
    try:
        with db.engine.begin() as connection:
            for email, role in (("f@example.org", "facilitator"), ("a@example.org", "admin")):
                connection.execute(
                    text(
                        "INSERT INTO user_account (email, name, password_hash, role, active,"
                        " created_at) VALUES (:email, '', 'x', :role, :active, '2026-01-01')"
                    ),
                    {"email": email, "role": role, "active": True},
                )
    finally:
        upgrade()
    facilitator, admin = services.find_user("f@example.org"), services.find_user("a@example.org")
    assert (facilitator.role, admin.role) == ("facilitator", "admin")
    assert facilitator.session_epoch == admin.session_epoch == 0
    # A cookie of before the upgrade names the account by its bare id: it no longer loads.
    assert services.load_user(str(facilitator.id)) is None
