"""`workshop strategy load|export` from the command line."""

import json

from sqlalchemy import func, select

from workshop.extensions import db
from workshop.strategy.models import StrategyVersion, Theme


def count_versions() -> int:
    return db.session.scalar(select(func.count(StrategyVersion.id)))


def test_export_prints_the_current_version_as_json(app, strategy_version):
    result = app.test_cli_runner().invoke(args=["strategy", "export"])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)
    assert [theme["title"] for theme in exported["themes"]] == [
        "Uudistuva ja hyvinvoiva",
        "Ilmastoviisas",
        "Kansainvälinen, verkostoitunut ja vetovoimainen",
    ]
    assert sum(len(theme["focus_areas"]) for theme in exported["themes"]) == 10
    # Finnish letters are printed as themselves, not as \u escapes.
    assert "Älykäs elintarviketuotanto" in result.output


def test_export_then_load_adds_an_identical_version(app, strategy_version, tmp_path):
    runner = app.test_cli_runner()
    exported = runner.invoke(args=["strategy", "export"]).output
    path = tmp_path / "strategy.json"
    path.write_text(exported, encoding="utf-8")
    loaded = runner.invoke(args=["strategy", "load", str(path)])
    assert loaded.exit_code == 0, loaded.output
    assert "version 2 (current)" in loaded.output
    again = json.loads(runner.invoke(args=["strategy", "export"]).output)
    first = json.loads(exported)
    assert again["version"]["number"] == 2
    del again["version"], first["version"]
    assert again == first


def test_export_of_an_earlier_version_by_number(app, strategy_version, builtin_strategy_data):
    from workshop.strategy.services import load_strategy

    load_strategy(builtin_strategy_data)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["strategy", "export", "--version", "1"])
    assert json.loads(result.output)["version"] == {
        "label": strategy_version.label,
        "number": 1,
        "status": "archived",
    }
    missing = app.test_cli_runner().invoke(args=["strategy", "export", "--version", "9"])
    assert missing.exit_code != 0
    assert "Version 9 does not exist" in missing.output


def test_a_broken_file_names_each_place_and_changes_nothing(app, strategy_version, tmp_path):
    exported = json.loads(app.test_cli_runner().invoke(args=["strategy", "export"]).output)
    exported["themes"][1]["focus_areas"][2]["challenges"][0]["solutions"][1]["text"] = ""
    exported["indicators"][3]["baseline_year"] = "last year"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    before = count_versions()

    result = app.test_cli_runner().invoke(args=["strategy", "load", str(path)])

    assert result.exit_code == 1
    assert "2 problem(s); nothing was loaded" in result.stderr
    assert "$.themes[1].focus_areas[2].challenges[0].solutions[1].text: must not be empty" in (
        result.stderr
    )
    assert "$.indicators[3].baseline_year:" in result.stderr
    assert count_versions() == before


def test_a_file_that_is_not_json_is_refused(app, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("themes: none", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["strategy", "load", str(path)])
    assert result.exit_code == 1
    assert "line 1, column 1: not valid JSON" in result.stderr
    assert db.session.scalar(select(func.count(Theme.id))) == 0


def test_a_file_that_is_not_utf8_is_refused(app, tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"a": "Ä"}'.encode("latin-1"))
    result = app.test_cli_runner().invoke(args=["strategy", "load", str(path)])
    assert result.exit_code == 1
    assert "not UTF-8 text" in result.output
