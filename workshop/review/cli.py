"""`workshop round ...`."""

import click
from flask.cli import AppGroup

from workshop.errors import NotFound
from workshop.review import services

round_cli = AppGroup("round", help="Review rounds.")


@round_cli.command("list")
def list_command() -> None:
    """List the review rounds with their sessions and join codes."""
    for review_round in services.list_rounds():
        click.echo(
            f"{review_round.id}\t{review_round.year}\t{review_round.status}\t{review_round.title}"
        )
        for session in review_round.sessions:
            click.echo(
                f"\tsession {session.id}\t{session.status}\t{session.join_code}\t{session.title}"
            )


@round_cli.command("show")
@click.argument("round_ref", metavar="ROUND")
def show_command(round_ref: str) -> None:
    """Show a round (its id or `latest`): sessions, participants and answers."""
    from sqlalchemy import func, select

    from workshop.extensions import db
    from workshop.review.models import Answer, Participant

    review_round = resolve_round_argument(round_ref)
    participants = db.session.scalar(
        select(func.count(Participant.id)).where(Participant.round_id == review_round.id)
    )
    answers = db.session.scalar(
        select(func.count(Answer.id))
        .join(Participant, Answer.participant_id == Participant.id)
        .where(Participant.round_id == review_round.id)
    )
    click.echo(f"Round {review_round.id}: {review_round.title} ({review_round.status})")
    click.echo(f"Strategy version {review_round.strategy_version.number}")
    click.echo(f"{participants} participants, {answers} answers")
    for session in review_round.sessions:
        click.echo(
            f"  session {session.id} {session.title!r}: {session.status}, code {session.join_code}"
        )


@round_cli.command("online")
@click.argument("round_ref", metavar="ROUND")
@click.option("--title", default="Verkkoarviointi", show_default=True)
def online_command(round_ref: str, title: str) -> None:
    """Open an online window of a round (its id or `latest`) and print its join code."""
    from workshop.extensions import db

    review_round = resolve_round_argument(round_ref)
    try:
        session = services.create_online_session(review_round, title)
    except services.ReviewError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"session {session.id}\t{session.join_code}\t{session.title}")


def resolve_round_argument(reference: str):
    """A round from a CLI argument: its id or `latest`."""
    try:
        return services.resolve_round(reference)
    except NotFound as error:
        raise click.ClickException(str(error)) from None
