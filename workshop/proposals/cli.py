"""`workshop export proposals ROUND --format csv|json [-o FILE]`."""

from pathlib import Path

import click

from workshop.exports_cli import export_cli
from workshop.proposals.export import proposals_csv, proposals_json
from workshop.review.cli import resolve_round_argument


@export_cli.command("proposals")
@click.argument("round_ref", metavar="ROUND")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "--lang",
    "locale",
    type=click.Choice(["fi", "en"]),
    default="fi",
    show_default=True,
    help="Language of group names and labels.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
def export_proposals_command(round_ref: str, fmt: str, locale: str, output: Path | None) -> None:
    """Every proposal of ROUND (its id or `latest`) with its target, kind, text, rationale,
    group, supports, opposes, status, decision and reason.

    CSV is UTF-8 with a BOM and `;` between cells, as Excel in Finnish reads it.
    """
    review_round = resolve_round_argument(round_ref)
    write = proposals_csv if fmt == "csv" else proposals_json
    text = write(review_round, locale)
    if output is None:
        click.echo(text, nl=False)
    else:
        # newline="" keeps the CSV's CRLF line ends as they are.
        with output.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        click.echo(f"Wrote {output}.", err=True)
