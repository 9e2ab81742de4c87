"""Fixtures of the recommendations: the strategy, one recorded recommendation, a round."""

import pytest

from tests.review.conftest import make_round, open_session, review_round  # noqa: F401
from workshop.extensions import db
from workshop.recommendations import services
from workshop.recommendations.services import RecommendationInput

TEXT = "Vahvistetaan innovaatioiden leviämistä pk-yrityksiin."
TEXT_EN = "Strengthen the spread of innovation to SMEs."
SOURCE = "Euroopan komission maaraportti 2025 – Suomi"


def recommendation_input(**changes) -> RecommendationInput:
    values = {
        "year": 2025,
        "text": TEXT,
        "text_en": TEXT_EN,
        "source": SOURCE,
        "url": "https://commission.europa.eu/",
        "focus_area_keys": ("digitaaliset-palvelut", "energia"),
        "theme_keys": ("ilmastoviisas",),
    }
    return RecommendationInput(**{**values, **changes})


@pytest.fixture
def strategy(strategy_version):
    return strategy_version.strategy


@pytest.fixture
def recommendation(strategy):
    item = services.create_recommendation(strategy, recommendation_input())
    db.session.commit()
    return item
