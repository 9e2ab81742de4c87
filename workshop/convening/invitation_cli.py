"""`workshop invitations send|remind|list|deliver`: every step of inviting from the command line."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from workshop.convening import invitations, sender
from workshop.convening.invitations import InvitationError
from workshop.extensions import db

invitations_cli = AppGroup("invitations", help="Invitations to a round's sessions by e-mail.")

DEFAULT_LINK_BASE = "http://localhost:5000"


def _round(reference: str):
    from workshop.review.cli import resolve_round_argument

    return resolve_round_argument(reference)


def _link_base() -> str:
    return current_app.config.get("PUBLIC_URL") or DEFAULT_LINK_BASE


def _deliver() -> None:
    """Send what is due now, in this process (a command has no loop to keep free)."""
    if not current_app.config.get("SMTP_HOST"):
        click.echo("No WORKSHOP_SMTP_HOST: the messages wait in the outbox.")
        return
    report = sender.deliver_due()
    click.echo(
        f"sent {report.sent}, to be retried {report.retrying}, failed {report.failed}"
        + (f" ({', '.join(sorted(set(report.errors)))})" if report.errors else "")
    )


@invitations_cli.command("send")
@click.argument("round_ref", metavar="ROUND")
@click.option("--session", "session_ids", type=int, multiple=True, required=True)
@click.option("--group", "group_keys", multiple=True, help="A stakeholder group's key.")
@click.option("--organisation", "organisation_ids", type=int, multiple=True)
def send_command(round_ref, session_ids, group_keys, organisation_ids) -> None:
    """Invite whole groups (and single organisations) of the register to sessions of ROUND."""
    review_round = _round(round_ref)
    sessions = [s for s in review_round.sessions if s.id in set(session_ids)]
    if len(sessions) != len(set(session_ids)):
        raise click.ClickException("No such session in this round.")
    if not group_keys and not organisation_ids:
        raise click.ClickException("Give --group or --organisation.")
    try:
        result = invitations.invite(
            review_round,
            sessions,
            group_keys=group_keys,
            organisation_ids=organisation_ids,
            secret_key=current_app.config["SECRET_KEY"],
            link_base=_link_base(),
        )
    except InvitationError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        f"{len(result.created)} invitations queued; already invited {result.already_invited}, "
        f"unsubscribed {result.unsubscribed}, group not in the round {result.group_not_in_round}"
    )
    _deliver()


@invitations_cli.command("remind")
@click.argument("round_ref", metavar="ROUND")
def remind_command(round_ref) -> None:
    """Remind those who have not answered (or not joined an online window)."""
    review_round = _round(round_ref)
    count = invitations.remind(review_round, link_base=_link_base()).queued
    db.session.commit()
    click.echo(f"{count} reminders queued")
    _deliver()


@invitations_cli.command("deliver")
def deliver_command() -> None:
    """Send the outbox's due messages (retries included) now."""
    _deliver()


@invitations_cli.command("list")
@click.argument("round_ref", metavar="ROUND")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_command(round_ref, as_json: bool) -> None:
    """Who was invited to ROUND, what they answered, whether they joined."""
    rows = invitations.invitation_rows(_round(round_ref))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        mail = row["mail"] or {}
        click.echo(
            f"{row['id']}\tsession {row['session_id']}\t{row['organisation']}\t{row['contact']}"
            f"\t{row['answer'] or '-'}\t{'joined' if row['joined'] else '-'}"
            f"\t{mail.get('status', '-')}"
        )
