"""`workshop privacy ...`: export, erase and purge participants' personal data."""

import json
import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from workshop.extensions import db
from workshop.privacy import services
from workshop.review.cli import resolve_round_argument

privacy_cli = AppGroup("privacy", help="Participants' personal data: export, erasure, retention.")


@privacy_cli.command("export")
@click.argument("round_ref", metavar="ROUND")
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path)
)
def export_command(round_ref: str, output: Path) -> None:
    """Write the personal data of a round's participants (its id or `latest`) as JSON."""
    review_round = resolve_round_argument(round_ref)
    data = services.export_round(review_round)
    # The file holds personal data: readable by its owner only, like the database.
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
    db.session.commit()
    click.echo(f"Wrote the personal data of {len(data['participants'])} participants to {output}.")


@privacy_cli.command("erase")
@click.argument("round_ref", metavar="ROUND")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_command(round_ref: str, yes: bool) -> None:
    """Erase names, organisations, chat messages and removal reasons of a round's participants.

    The anonymous record stays: answers with their reasons, proposals, comments and support.
    Refused while a session of the round is open.
    """
    review_round = resolve_round_argument(round_ref)
    if services.open_sessions(review_round):
        raise click.ClickException(
            f"Round {review_round.id} has open sessions: close the sessions first."
        )
    if not yes:
        click.confirm(
            f"Erase the personal data of round {review_round.id} ({review_round.title})?",
            abort=True,
        )
    erasure = services.erase_round(review_round)
    db.session.commit()
    click.echo(
        f"Erased the personal data of {erasure.participants} participants "
        f"({erasure.chat_messages} chat messages deleted)."
    )


@privacy_cli.command("purge")
def purge_command() -> None:
    """Erase the personal data of rounds closed longer than WORKSHOP_RETENTION_DAYS (for cron)."""
    days = current_app.config["RETENTION_DAYS"]
    done = services.purge(days)
    db.session.commit()
    for review_round, erasure in done:
        click.echo(
            f"round {review_round.id}: erased the personal data of {erasure.participants} "
            "participants"
        )
    if not done:
        click.echo(f"Nothing to erase: no round has been closed longer than {days} days.")
