"""`workshop token ...`: API tokens for scripts, from the command line."""

import click
from flask.cli import AppGroup

from workshop.api import services
from workshop.api.models import Scope
from workshop.auth.services import find_user
from workshop.errors import NotFound
from workshop.extensions import db

token_cli = AppGroup("token", help="Create and revoke API tokens.")


@token_cli.command("create")
@click.option("--user", "email", required=True, help="The e-mail address of the account.")
@click.option("--scope", type=click.Choice([s.value for s in Scope]), required=True)
@click.option("--name", default="command line", show_default=True, help="What it is for.")
def create_token_command(email: str, scope: str, name: str) -> None:
    """Create a token acting as the account; prints the token (shown only this once)."""
    user = find_user(email)
    if user is None:
        raise click.ClickException("No account has this e-mail address.")
    try:
        token, plain = services.create_token(user, name, scope, actor=None)
        db.session.commit()
    except services.TokenError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Created token {token.id} ({scope}) for {user.email}. It is shown only once:", err=True
    )
    click.echo(plain)


@token_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_token_command(token_id: int) -> None:
    """Revoke a token by its id (it stops working at once)."""
    try:
        token = services.get_token(token_id)
    except NotFound as error:
        raise click.ClickException(str(error)) from None
    services.revoke_token(token, actor=None)
    db.session.commit()
    click.echo(f"Revoked token {token.id}.")
