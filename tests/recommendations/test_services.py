"""Recording recommendations, their rules, and linking them to rounds."""

import pytest
from sqlalchemy import select

from tests.recommendations.conftest import TEXT, TEXT_EN, recommendation_input
from workshop.audit.models import AuditEvent
from workshop.extensions import db
from workshop.recommendations import services
from workshop.recommendations.models import Recommendation
from workshop.recommendations.services import RecommendationError


def test_a_recommendation_keeps_its_texts_source_year_and_links(strategy, recommendation):
    db.session.expire_all()
    item = db.session.get(Recommendation, recommendation.id)
    assert (item.year, item.text, item.source) == (2025, TEXT, recommendation.source)
    assert item.tr("text", "en") == TEXT_EN
    assert item.tr("text", "fi") == TEXT
    assert item.focus_area_keys == ["digitaaliset-palvelut", "energia"]
    assert item.theme_keys == ["ilmastoviisas"]
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["recommendation.create"]


def test_without_an_english_text_the_english_page_shows_the_finnish(strategy):
    item = services.create_recommendation(strategy, recommendation_input(text_en=""))
    assert item.translations == {}
    assert item.tr("text", "en") == TEXT


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"focus_area_keys": ()}, "at least one focus area"),
        ({"focus_area_keys": ("energia", "ei-ole")}, "Unknown focus area: ei-ole"),
        ({"theme_keys": ("ei-teemaa",)}, "Unknown theme: ei-teemaa"),
    ],
)
def test_links_must_be_the_strategys_own(strategy, changes, message):
    with pytest.raises(RecommendationError, match=message):
        services.create_recommendation(strategy, recommendation_input(**changes))
    assert db.session.scalars(select(Recommendation)).all() == []


def test_an_edit_replaces_the_texts_and_the_links(recommendation):
    services.update_recommendation(
        recommendation,
        recommendation_input(text="Uusi teksti.", text_en="", focus_area_keys=("energia",)),
    )
    db.session.commit()
    db.session.expire_all()
    item = db.session.get(Recommendation, recommendation.id)
    assert item.text == "Uusi teksti."
    assert item.tr("text", "en") == "Uusi teksti."  # the old English text is gone with it
    assert item.focus_area_keys == ["energia"]


def test_rounds_link_and_unlink_and_one_recommendation_serves_several(
    strategy, recommendation, make_round
):
    first = make_round("Vuosiarviointi 2025", 2025)
    second = make_round("Vuosiarviointi 2026", 2026)
    other = services.create_recommendation(strategy, recommendation_input(text="Toinen."))
    services.set_round_recommendations(first, [recommendation.id, other.id])
    services.set_round_recommendations(second, [recommendation.id])
    db.session.commit()
    assert services.round_recommendations(first) == [recommendation, other]
    assert services.round_recommendations(second) == [recommendation]
    services.set_round_recommendations(first, [other.id])
    db.session.commit()
    assert services.round_recommendations(first) == [other]
    assert [r.title for r in recommendation.rounds] == ["Vuosiarviointi 2026"]


def test_a_round_links_only_recommendations_of_its_strategy(review_round):
    with pytest.raises(RecommendationError, match="Not a recommendation"):
        services.set_round_recommendations(review_round, [12345])


def test_removing_a_recommendation_unlinks_its_rounds(recommendation, review_round):
    services.set_round_recommendations(review_round, [recommendation.id])
    db.session.commit()
    services.delete_recommendation(recommendation)
    db.session.commit()
    assert services.round_recommendations(review_round) == []
    assert db.session.scalars(select(Recommendation)).all() == []
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["recommendation.create", "recommendation.link", "recommendation.delete"]


def test_a_round_removed_from_the_database_leaves_the_recommendation(recommendation, review_round):
    services.set_round_recommendations(review_round, [recommendation.id])
    db.session.commit()
    db.session.delete(review_round)  # no page removes rounds; the foreign keys still cascade
    db.session.commit()
    db.session.expire_all()
    item = db.session.get(Recommendation, recommendation.id)
    assert item is not None and item.rounds == []


def test_the_list_is_newest_year_first(strategy):
    older = services.create_recommendation(strategy, recommendation_input(year=2023))
    newer = services.create_recommendation(strategy, recommendation_input(year=2025))
    assert services.list_recommendations(strategy) == [newer, older]
