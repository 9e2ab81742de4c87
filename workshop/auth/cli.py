"""`workshop user ...`: facilitator accounts from the command line."""

import click
from flask.cli import AppGroup

from workshop.auth import services
from workshop.auth.models import Role
from workshop.extensions import db

user_cli = AppGroup("user", help="Manage facilitator accounts.")


@user_cli.command("create")
@click.option("--email", prompt=True, help="The e-mail address used to log in.")
@click.option("--name", default="", help="The person's name, shown in the app.")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.FACILITATOR.value,
    show_default=True,
)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="WORKSHOP_NEW_PASSWORD",
    help="Asked for when not given (or set WORKSHOP_NEW_PASSWORD).",
)
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Create a facilitator account."""
    try:
        user = services.create_user(email, password, name=name, role=role)
        db.session.commit()
    except services.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.role} account {user.email}. Log in at /login.")
