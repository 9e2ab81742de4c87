"""`workshop export docx ROUND -o FILE`: the update draft from the command line."""

from pathlib import Path

import click

from workshop.config import SUPPORTED_LOCALES
from workshop.exports_cli import export_cli
from workshop.review.cli import resolve_round_argument


@export_cli.command("docx")
@click.argument("round_ref", metavar="ROUND")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The .docx file to write.",
)
@click.option(
    "--lang",
    type=click.Choice(SUPPORTED_LOCALES),
    default="fi",
    show_default=True,
    help="The document's language.",
)
def docx_command(round_ref: str, output: Path, lang: str) -> None:
    """Write the round's update draft (ROUND: an id or `latest`) as a Word document."""
    from workshop.report.services import report_docx

    review_round = resolve_round_argument(round_ref)
    content = report_docx(review_round, lang)
    output.write_bytes(content)
    click.echo(f"Wrote {output} ({len(content) // 1024} kB): {review_round.title}, {lang}.")
