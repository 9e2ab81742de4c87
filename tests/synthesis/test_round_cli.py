"""`workshop synthesis round ROUND --json`: the round's synthesis for councils' own analyses."""

import json

import pytest

from workshop.demo import create_demo
from workshop.extensions import db
from workshop.strategy.services import ensure_strategy_loaded
from workshop.synthesis import services
from workshop.synthesis.records import ROUND_SUMMARY


@pytest.fixture
def demo_round(app):
    ensure_strategy_loaded()
    review_round = create_demo(participants=40, seed=7)
    db.session.commit()
    return review_round


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["synthesis", "round", *args])


def test_the_round_as_json_has_every_focus_area_with_themes_and_the_drafts(app, demo_round):
    result = _run(app, str(demo_round.id), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    areas = demo_round.strategy_version.focus_areas
    assert data["round"] == {
        "id": demo_round.id,
        "title": demo_round.title,
        "year": demo_round.year,
    }
    assert [area["key"] for area in data["focus_areas"]] == [area.key for area in areas]
    first = data["focus_areas"][0]
    assert first["texts"] > 0 and first["themes"]
    theme = first["themes"][0]
    assert set(theme) == {"label", "size", "by_group", "quotes", "mean_score"}
    assert sum(theme["by_group"].values()) == theme["size"]
    assert first["assessment"]["is_draft"] is True and first["assessment"]["text"]
    assert data["summary"]["is_draft"] is True
    assert {item["verdict"] for item in first["differ"]} <= {"differ"}
    assert "Maija" not in result.output  # no names


def test_saved_texts_are_in_the_output_without_their_authors(app, demo_round, make_user):
    council = make_user("neuvosto@example.org", role="council", name="Neuvoston Jäsen")
    services.save_text(demo_round, ROUND_SUMMARY, "Yhteenveto.", draft="", actor=council)
    db.session.commit()
    result = _run(app, "latest", "--json", "--lang", "en")
    data = json.loads(result.output)
    assert data["summary"]["text"] == "Yhteenveto." and data["summary"]["is_draft"] is False
    assert data["summary"]["saved_at"]
    assert "Neuvoston Jäsen" not in result.output and "neuvosto@example.org" not in result.output


def test_an_unknown_round_is_a_clear_error(app, strategy_version):
    result = _run(app, "9999", "--json")
    assert result.exit_code != 0
    assert "9999" in result.output
