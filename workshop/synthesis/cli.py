"""The ``workshop synthesis`` commands: themes of texts from anywhere (a CSV file)."""

from __future__ import annotations

import csv
import io
import json

import click
from flask.cli import AppGroup

from workshop.extensions import db
from workshop.synthesis.collect import Text
from workshop.text import clean_text

synthesis_cli = AppGroup("synthesis", help="Themes and the synthesis of what stakeholders said.")

REQUIRED_COLUMNS = ("id", "group", "focus_area", "text")
MAX_ROWS = 100_000


def read_texts(file) -> dict[str, list[Text]]:
    """Focus area → texts of a UTF-8 CSV with the header ``id,group,focus_area,text`` (more
    columns may follow); a broken file is refused with the line that breaks it."""
    from workshop.synthesis.collect import make_text

    try:
        content = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"the file is not UTF-8 (byte {error.start})") from error
    reader = csv.DictReader(io.StringIO(content))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise click.ClickException(
            "the header must have the columns id,group,focus_area,text; missing: "
            + ",".join(missing)
        )
    by_area: dict[str, list[Text]] = {}
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            raise click.ClickException(f"more than {MAX_ROWS} rows")
        if None in row:
            raise click.ClickException(f"line {line}: more fields than the header has")
        text_id = clean_text(row["id"] or "", multiline=False)
        area = clean_text(row["focus_area"] or "", multiline=False)
        if not text_id or not area:
            raise click.ClickException(f"line {line}: id and focus_area may not be empty")
        if text_id in seen:
            raise click.ClickException(f"line {line}: the id {text_id!r} comes twice")
        seen.add(text_id)
        group = clean_text(row["group"] or "", multiline=False) or None
        text = make_text("csv", line, group, area, row["text"] or "", text_id=text_id)
        if text is not None:
            by_area.setdefault(area, []).append(text)
    return by_area


def theme_set_dict(key: str, theme_set) -> dict:
    """A focus area's themes as the command prints them."""
    return {
        "key": key,
        "themes": [
            {
                "label": theme.label,
                "ids": theme.ids,
                "size": theme.size,
                "by_group": theme.by_group,
                "quotes": theme.quotes,
                "mean_score": theme.mean_score,
            }
            for theme in theme_set.themes
        ],
        "unassigned": [text.id for text in theme_set.unassigned],
    }


@synthesis_cli.command("themes")
@click.argument("file", type=click.File("rb"))
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a summary.")
def themes_command(file, lang, as_json):
    """Themes of the texts of FILE, a UTF-8 CSV with the header id,group,focus_area,text."""
    from workshop.synthesis.features import EmbeddingUnavailable
    from workshop.synthesis.themes import themes_for

    by_area = read_texts(file)
    try:
        result = {
            "focus_areas": [
                theme_set_dict(key, themes_for(texts, lang=lang))
                for key, texts in sorted(by_area.items())
            ]
        }
    except EmbeddingUnavailable as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()  # the features computed on the way, for the next run
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    other = "muut" if lang == "fi" else "other"
    for area in result["focus_areas"]:
        click.echo(area["key"])
        for theme in area["themes"]:
            click.echo(f"  {theme['label']} ({theme['size']})")
            for quote in theme["quotes"]:
                click.echo(f"    ”{quote}”")
        click.echo(f"  {other} ({len(area['unassigned'])})")
