"""`workshop recommendations import FILE`: every bad row reported, nothing imported from a bad
file; a good file imported once, and again without duplicates."""

import json

from sqlalchemy import func, select

from workshop.extensions import db
from workshop.recommendations import services
from workshop.recommendations.demo import example_file_bytes
from workshop.recommendations.models import Recommendation

GOOD = {
    "year": 2025,
    "text": "Lisätään yritysten ja korkeakoulujen yhteistyötä.",
    "text_en": "Increase cooperation between companies and higher education.",
    "source": "Euroopan komission maaraportti 2025 – Suomi",
    "url": "https://commission.europa.eu/",
    "focus_areas": ["innovaatiotoiminta-ja-ekosysteemit"],
}


def count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Recommendation.id)))


def run(app, path, *extra):
    return app.test_cli_runner().invoke(
        args=["recommendations", "import", str(path), *extra], catch_exceptions=False
    )


def write(tmp_path, document) -> str:
    path = tmp_path / "suositukset.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_good_file_is_imported_and_again_changes_nothing(app, strategy, tmp_path):
    path = write(tmp_path, [GOOD, {**GOOD, "year": 2024, "themes": ["ilmastoviisas"]}])
    result = run(app, path)
    assert result.exit_code == 0, result.output
    assert "Imported 2 recommendations" in result.output and "2 new" in result.output
    again = run(app, path)
    assert "0 new, 0 updated, 2 unchanged" in again.output
    assert count() == 2


def test_a_changed_row_updates_the_recommendation_of_its_year_and_text(app, strategy, tmp_path):
    run(app, write(tmp_path, [GOOD]))
    result = run(app, write(tmp_path, [{**GOOD, "source": "Maaraportti 2025, korjattu"}]))
    assert "0 new, 1 updated" in result.output
    [item] = services.list_recommendations(strategy)
    assert item.source == "Maaraportti 2025, korjattu"


def test_every_bad_row_is_reported_and_nothing_is_imported(app, strategy, tmp_path):
    rows = [
        GOOD,
        {**GOOD, "year": "2025"},
        {**GOOD, "focus_areas": ["ei-tallaista"], "themes": ["eikä-tätä"]},
        {**GOOD, "url": "javascript:alert(1)", "source": ""},
        "ei olio",
        {**GOOD, "väri": "punainen"},
    ]
    result = run(app, write(tmp_path, rows))
    assert result.exit_code == 1
    output = result.output
    assert "nothing was imported" in output
    assert "Row 2, year: Must be a whole number." in output
    assert "Row 3: Unknown focus area: ei-tallaista." in output
    assert "Row 4, source:" in output and "Row 4, url:" in output
    assert "Row 5: The message must be an object." in output
    assert "Row 6, väri: Unknown field." in output
    assert "Row 1" not in output
    assert count() == 0


def test_a_file_that_is_not_a_list_of_recommendations(app, strategy, tmp_path):
    path = tmp_path / "rikki.json"
    path.write_bytes(b"{not json")
    assert "not UTF-8 JSON" in run(app, path).output
    assert "must hold a list" in run(app, write(tmp_path, {"rows": [GOOD]})).output
    assert "holds no recommendations" in run(app, write(tmp_path, [])).output
    assert count() == 0


def test_an_object_with_a_list_and_a_round_to_link_them_to(app, strategy, review_round, tmp_path):
    result = run(app, write(tmp_path, {"recommendations": [GOOD]}), "--round", str(review_round.id))
    assert result.exit_code == 0, result.output
    assert f"all linked to {review_round.title}" in result.output
    assert [item.text for item in services.round_recommendations(review_round)] == [GOOD["text"]]


def test_the_example_file_is_example_text_linked_to_the_strategy(app, strategy, tmp_path):
    path = tmp_path / "esimerkki.json"
    path.write_bytes(example_file_bytes())
    assert run(app, path).exit_code == 0
    items = services.list_recommendations(strategy)
    assert len(items) == 3
    for item in items:
        assert item.source.startswith("Esimerkki:")
        assert item.text.startswith("Esimerkkiteksti, ei komission suositus")
        assert item.tr("text", "en").startswith("Example text, not a recommendation")
