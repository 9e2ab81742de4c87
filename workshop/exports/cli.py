"""`workshop export results ROUND --format xlsx|csv|json [--output FILE] [--lang fi|en]`."""

from pathlib import Path

import click

from workshop.config import SUPPORTED_LOCALES
from workshop.exports_cli import export_cli
from workshop.review.cli import resolve_round_argument


@export_cli.command("results")
@click.argument("round_ref", metavar="ROUND")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv", "json"]),
    default="xlsx",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (else to standard output).",
)
@click.option(
    "--lang",
    type=click.Choice(SUPPORTED_LOCALES),
    default="fi",
    show_default=True,
    help="The language of the labels.",
)
def export_results_command(round_ref: str, fmt: str, output: Path | None, lang: str) -> None:
    """The results of ROUND (its id or `latest`): scores by focus area and group with
    distributions, means, medians and change from the previous round, reasons, proposals and
    decisions, participation by group.

    xlsx is an Excel workbook; csv a .zip of one CSV per table (UTF-8 with BOM, `;`, decimal
    comma: Excel in Finnish reads it); json one document (docs/schemas/results.schema.json).
    Groups under the minimum group size are never shown alone.
    """
    from workshop.exports.services import results_file

    review_round = resolve_round_argument(round_ref)
    content = results_file(review_round, fmt, lang)
    if output is None:
        click.echo(content, nl=False)  # bytes: written to the binary standard output
        return
    output.write_bytes(content)
    click.echo(
        f"Wrote {output} ({len(content) // 1024} kB): {review_round.title}, {lang}.", err=True
    )
