"""`workshop indicators import FILE` and `workshop funding import FILE`."""

from pathlib import Path

import click
from flask.cli import AppGroup

from workshop.evidence import services
from workshop.strategy.services import default_strategy
from workshop.tabular import run_import_command

indicators_cli = AppGroup("indicators", help="Values of the monitoring indicators.")
funding_cli = AppGroup("funding", help="Projects funded from the structural funds.")

FILE = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))


def run_import(file: Path, importer, what: str) -> None:
    """Import FILE with ``importer``; on problems print every one and exit with status 1."""
    strategy = default_strategy()
    if strategy is None:
        raise click.ClickException("No strategy has been loaded: run `workshop run` once first.")
    summary = run_import_command(
        file, lambda: importer(strategy, file.read_bytes(), file_name=file.name), what="data"
    )
    click.echo(
        f"Imported {summary.total} {what} from {file}: {summary.created} new, "
        f"{summary.updated} updated, {summary.unchanged} unchanged."
    )


@indicators_cli.command("import")
@FILE
def import_indicators_command(file: Path) -> None:
    """Import indicator values from a CSV FILE (indicator, year, value, source).

    A file with problems is reported row by row and column by column, and nothing is imported.
    """
    run_import(file, services.import_indicator_values, "indicator values")


@funding_cli.command("import")
@FILE
def import_funding_command(file: Path) -> None:
    """Import funded projects from a CSV export of the structural-fund project database.

    A file with problems is reported row by row and column by column, and nothing is imported.
    """
    run_import(file, services.import_projects, "projects")
