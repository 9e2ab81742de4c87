"""`workshop recommendations import FILE [--round ROUND]` and `workshop recommendations list`."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from workshop.extensions import db
from workshop.recommendations import services
from workshop.recommendations.jsonimport import import_file
from workshop.recommendations.services import RecommendationImportError
from workshop.strategy.services import default_strategy

recommendations_cli = AppGroup(
    "recommendations", help="The Commission's recommendations the review takes into account."
)


def _strategy():
    strategy = default_strategy()
    if strategy is None:
        raise click.ClickException("No strategy has been loaded: run `workshop run` once first.")
    return strategy


@recommendations_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--round", "round_ref", metavar="ROUND", help="Also link them to ROUND (id or `latest`)."
)
def import_command(file: Path, round_ref: str | None) -> None:
    """Import recommendations from a JSON FILE: a list of objects with year, text, text_en,
    source, url, focus_areas and themes (docs/architecture.md, "Recommendations").

    A file with problems is reported row by row and field by field, and nothing is imported.
    """
    from workshop.review.cli import resolve_round_argument

    strategy = _strategy()
    review_round = resolve_round_argument(round_ref) if round_ref else None
    try:
        with force_locale("en"):
            summary = import_file(strategy, file.read_bytes(), review_round=review_round)
        db.session.commit()
    except RecommendationImportError as error:
        db.session.rollback()
        click.echo(f"{file}: {len(error.problems)} problem(s); nothing was imported.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    except Exception:
        db.session.rollback()
        raise
    linked = f", all linked to {review_round.title}" if review_round is not None else ""
    click.echo(
        f"Imported {summary.total} recommendations from {file}: {summary.created} new, "
        f"{summary.updated} updated, {summary.unchanged} unchanged{linked}."
    )


@recommendations_cli.command("list")
def list_command() -> None:
    """List the recommendations: id, year, source, focus areas, linked rounds."""
    for item in services.list_recommendations(_strategy()):
        rounds = ",".join(str(review_round.id) for review_round in item.rounds) or "-"
        areas = ",".join(item.focus_area_keys)
        click.echo(f"{item.id}\t{item.year}\t{item.source}\t{areas}\trounds {rounds}")
