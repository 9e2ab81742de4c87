"""`workshop synthesis round ROUND [--json] [--lang fi|en]`: a round's synthesis for councils'
own analyses: per focus area its scores, themes, divergence, proposals and assessment."""

from __future__ import annotations

import json
from dataclasses import asdict

import click
from flask_babel import force_locale

from workshop.errors import NotFound
from workshop.review.services import resolve_round
from workshop.synthesis.cli import synthesis_cli
from workshop.synthesis.draft import area_draft, summary_draft
from workshop.synthesis.overview import round_overview
from workshop.synthesis.records import ROUND_SUMMARY
from workshop.synthesis.services import current, latest_texts


def _text(saved, draft: str) -> dict:
    shown = current(saved, draft)
    return {
        "text": shown.text,
        "is_draft": shown.is_draft,
        "saved_at": shown.saved.created_at.isoformat() if shown.saved else None,
    }


def round_synthesis(review_round, locale: str) -> dict:
    """The round's synthesis as plain JSON values (no names: authors are left out)."""
    with force_locale(locale):
        overview = round_overview(review_round, locale)
        saved = latest_texts(review_round)
        areas = []
        for area in overview.areas:
            data = asdict(area)
            data["themes"] = [
                {
                    "label": theme["label"],
                    "size": theme["size"],
                    "by_group": dict(theme["counts"]),
                    "quotes": list(theme["quotes"]),
                    "mean_score": theme["mean_score"],
                }
                for theme in data["themes"]
            ]
            data["assessment"] = _text(saved.get(area.key), area_draft(area, overview))
            areas.append(data)
        return {
            "round": {"id": overview.round_id, "title": overview.title, "year": overview.year},
            "previous_round": overview.previous_round,
            "min_group_size": overview.min_group_size,
            "questions": [{"key": k, "text": t} for k, t in overview.questions],
            "groups": dict(overview.group_names),
            "summary": _text(saved.get(ROUND_SUMMARY), summary_draft(overview)),
            "focus_areas": areas,
        }


@synthesis_cli.command("round")
@click.argument("round_ref", metavar="ROUND")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def round_command(round_ref: str, lang: str, as_json: bool) -> None:
    """A round's synthesis (its id or `latest`): per focus area scores, themes, where the
    groups differ, proposals and the assessment."""
    try:
        review_round = resolve_round(round_ref)
    except NotFound as error:
        raise click.ClickException(str(error)) from error
    data = round_synthesis(review_round, lang)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{data['round']['title']}\n\n{data['summary']['text']}\n")
    for area in data["focus_areas"]:
        click.echo(f"== {area['title']} ({area['texts']})")
        for theme in area["themes"][:5]:
            click.echo(f"  - {theme['label']} ({theme['size']})")
        click.echo("")
