"""`workshop strategy ...`: load and export strategy files."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from workshop.errors import NotFound
from workshop.extensions import db
from workshop.strategy import services
from workshop.strategy.export import version_to_json
from workshop.strategy.fileformat import StrategyFileError, parse_strategy_file

strategy_cli = AppGroup("strategy", help="Load and export the strategy.")


@strategy_cli.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--draft", is_flag=True, help="Keep the new version as a draft, not current.")
def load_command(file: Path, draft: bool) -> None:
    """Validate FILE and store it as the strategy's next version.

    A file with problems is reported problem by problem, and the database is left untouched.
    """
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{file}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    try:
        data = parse_strategy_file(text)
    except StrategyFileError as error:
        click.echo(f"{file}: {len(error.problems)} problem(s); nothing was loaded.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    try:
        version = services.load_strategy(data, make_current=not draft)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    themes = len(version.themes)
    areas = len(version.focus_areas)
    click.echo(
        f"Loaded {version.strategy.name}, version {version.number} ({version.status}): "
        f"{themes} themes, {areas} focus areas, {len(version.indicators)} indicators."
    )


@strategy_cli.command("export")
@click.option(
    "--version",
    "version_ref",
    default="current",
    show_default=True,
    help="A version number, 'current', or 'draft' (the newest draft).",
)
def export_command(version_ref: str) -> None:
    """Print a version of the strategy as JSON (the format `strategy load` reads)."""
    try:
        version = services.current_version()
        if version_ref == "draft":
            version = services.newest_draft(version.strategy)
        elif version_ref != "current":
            if not version_ref.isdigit():
                raise click.BadParameter(
                    "a version number, 'current' or 'draft'", param_hint="--version"
                )
            version = services.get_version(version.strategy, int(version_ref))
    except NotFound as error:
        raise click.ClickException(str(error)) from None
    click.echo(version_to_json(version), nl=False)
