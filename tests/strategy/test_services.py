"""Loading strategy files as versions, finding the current version, translations."""

import json

import pytest
from sqlalchemy import func, select

from workshop.errors import NotFound
from workshop.extensions import db
from workshop.strategy import services
from workshop.strategy.export import version_to_dict
from workshop.strategy.fileformat import parse_strategy_data
from workshop.strategy.models import Solution, StrategyVersion, VersionStatus


def test_first_load_makes_version_one_current(strategy_version):
    assert strategy_version.number == 1
    assert strategy_version.status == VersionStatus.CURRENT
    assert services.current_version().id == strategy_version.id
    assert len(strategy_version.themes) == 3
    assert len(strategy_version.focus_areas) == 10


def test_loading_again_adds_a_version_and_archives_the_previous(builtin_strategy_data):
    first = services.load_strategy(builtin_strategy_data)
    second = services.load_strategy(builtin_strategy_data)
    db.session.commit()
    assert second.number == 2
    assert first.status == VersionStatus.ARCHIVED
    assert services.current_version().id == second.id
    assert second.strategy_id == first.strategy_id


def test_a_draft_load_leaves_the_current_version_current(strategy_version, builtin_strategy_data):
    draft = services.load_strategy(builtin_strategy_data, make_current=False)
    db.session.commit()
    assert draft.status == VersionStatus.DRAFT
    assert services.current_version().id == strategy_version.id


def _without_version_block(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "version"}


def test_export_then_load_round_trips(strategy_version):
    exported = version_to_dict(strategy_version)
    reloaded = services.load_strategy(parse_strategy_data(json.loads(json.dumps(exported))))
    db.session.commit()
    assert _without_version_block(version_to_dict(reloaded)) == _without_version_block(exported)


def test_export_has_the_documented_top_level_shape(strategy_version):
    exported = version_to_dict(strategy_version)
    first_area = exported["themes"][0]["focus_areas"][0]
    assert first_area["title"] == "Digitaaliset palvelut ja tuotteet"
    assert first_area["challenges"][0]["title"] == "Uusien digitaalisten palveluiden käyttöönotto"
    assert first_area["challenges"][0]["solutions"][0]["text"].startswith("Henkilö- ja yritys")
    assert exported["indicators"][0]["name"] == "Yrityskanta"
    assert len(exported["measures"]) == 8


def test_generated_keys_are_stable_and_unique():
    data = parse_strategy_data(
        {
            "format": "strategiapaja.strategy/1",
            "strategy": {"name": "S", "region": "R"},
            "themes": [
                {
                    "title": "T",
                    "focus_areas": [
                        {
                            "title": "A",
                            "challenges": [{"title": "C", "solutions": [{"text": "x"}]}],
                        },
                        {
                            "title": "B",
                            "challenges": [{"title": "C", "solutions": [{"text": "y"}]}],
                        },
                    ],
                }
            ],
        }
    )
    version = services.load_strategy(data)
    db.session.commit()
    keys = [s.key for s in db.session.scalars(select(Solution).order_by(Solution.key))]
    assert keys == ["fa1.h1.r1", "fa2.h1.r1"]
    assert [area.key for area in version.focus_areas] == ["fa1", "fa2"]


def test_current_version_without_a_strategy_is_not_found():
    with pytest.raises(NotFound):
        services.current_version()


def test_ensure_strategy_loaded_loads_the_builtin_strategy_once():
    assert services.ensure_strategy_loaded() is not None
    assert services.ensure_strategy_loaded() is None
    db.session.commit()
    assert db.session.scalar(select(func.count(StrategyVersion.id))) == 1


def test_texts_fall_back_to_finnish_where_no_translation_exists(strategy_version):
    area = strategy_version.focus_areas[3]
    assert area.tr("title", "fi") == "Energian tuotanto ja varastointi"
    assert area.tr("title", "en") != area.title
    area.translations = {}
    assert area.tr("title", "en") == "Energian tuotanto ja varastointi"
    assert area.tr("title", "sv") == "Energian tuotanto ja varastointi"


def test_get_focus_area_by_key(strategy_version):
    area = strategy_version.focus_areas[0]
    assert services.get_focus_area(strategy_version, area.key).title == area.title
    with pytest.raises(NotFound):
        services.get_focus_area(strategy_version, "no-such-area")


def test_the_database_refuses_two_current_versions(strategy_version, builtin_strategy_data):
    from sqlalchemy.exc import IntegrityError

    draft = services.load_strategy(builtin_strategy_data, make_current=False)
    db.session.commit()
    draft.status = VersionStatus.CURRENT
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
