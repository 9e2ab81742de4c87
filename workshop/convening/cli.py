"""`workshop register import FILE [--dry-run]` and `workshop register export [-o FILE]`."""

import os
from pathlib import Path

import click
from flask.cli import AppGroup

from workshop.convening import services
from workshop.extensions import db
from workshop.tabular import run_import_command

register_cli = AppGroup("register", help="The stakeholder register: organisations and contacts.")


@register_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change.")
def import_command(file: Path, dry_run: bool) -> None:
    """Import organisations and contacts from an .xlsx or `;` CSV FILE.

    Columns: organisation, stakeholder group, sub-region, name, e-mail, role, language (or
    their Finnish names). A file with problems is reported row by row and nothing is imported.
    """
    summary = run_import_command(
        file,
        lambda: services.import_register(file.read_bytes(), file.name),
        keep=not dry_run,
        what="register",
    )
    organisations, contacts = summary.organisations, summary.contacts
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb} {organisations.total} organisations ({organisations.created} new, "
        f"{organisations.updated} updated, {organisations.unchanged} unchanged) and "
        f"{contacts.total} contacts ({contacts.created} new, {contacts.updated} updated, "
        f"{contacts.unchanged} unchanged) from {file}."
    )
    if dry_run:
        click.echo("Dry run: nothing was saved.")


@register_cli.command("export")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (else stdout)."
)
def export_command(output: Path | None) -> None:
    """Write every contact as `;` CSV (the import's columns); a file is created owner-only."""
    text = services.contacts_csv()
    db.session.commit()  # the export's audit event
    if output is None:
        click.echo(text, nl=False)
        return
    # Personal data: the file is readable by its owner only, as the privacy export's.
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.chmod(output, 0o600)
    click.echo(f"Wrote {services.contact_count()} contacts to {output}.", err=True)
