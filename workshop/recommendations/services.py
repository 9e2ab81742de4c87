"""Recording the Commission's recommendations and linking them to rounds (flush, never
commit); the JSON import checks every row before it stores any."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select

from workshop.audit.services import record
from workshop.errors import DomainError, NotFound
from workshop.extensions import db
from workshop.recommendations.models import Recommendation, round_recommendation
from workshop.review.models import ReviewRound
from workshop.strategy.models import FocusArea, Strategy, StrategyVersion, Theme
from workshop.tabular import ImportSummary

# A file of more rows than this is not a list of recommendations in force.
MAX_IMPORT_ROWS = 500


class RecommendationError(DomainError):
    """A recommendation breaks a rule (an unknown focus area, none at all)."""

    code = "invalid"


class RecommendationImportError(DomainError):
    """A file that cannot be imported; ``problems`` says where and why, every one of them."""

    def __init__(self, problems: list[str]):
        super().__init__("The file has problems; nothing was imported.")
        self.problems = problems


@dataclass(frozen=True)
class RecommendationInput:
    """What a recommendation says, as a form or an imported row gives it."""

    year: int
    text: str
    source: str
    text_en: str = ""
    url: str = ""
    focus_area_keys: tuple[str, ...] = ()
    theme_keys: tuple[str, ...] = field(default_factory=tuple)


def _keys(strategy: Strategy, model) -> set[str]:
    """The keys of ``model`` (focus areas or themes) in any version of the strategy: keys stay
    the same across versions, and a recommendation may outlive a version."""
    return set(
        db.session.scalars(
            select(model.key)
            .join(StrategyVersion, model.version_id == StrategyVersion.id)
            .where(StrategyVersion.strategy_id == strategy.id)
            .distinct()
        )
    )


def check_input(strategy: Strategy, data: RecommendationInput) -> None:
    """Raise RecommendationError unless every focus area and theme named is the strategy's."""
    if not data.focus_area_keys:
        raise RecommendationError("Link the recommendation to at least one focus area.")
    unknown = sorted(set(data.focus_area_keys) - _keys(strategy, FocusArea))
    if unknown:
        raise RecommendationError(f"Unknown focus area: {', '.join(unknown)}.")
    unknown = sorted(set(data.theme_keys) - _keys(strategy, Theme))
    if unknown:
        raise RecommendationError(f"Unknown theme: {', '.join(unknown)}.")


def _apply(recommendation: Recommendation, data: RecommendationInput) -> None:
    recommendation.year = data.year
    recommendation.text = data.text
    recommendation.source = data.source
    recommendation.url = data.url
    recommendation.focus_area_keys = list(dict.fromkeys(data.focus_area_keys))
    recommendation.theme_keys = list(dict.fromkeys(data.theme_keys))
    translations = dict(recommendation.translations or {})
    english = {**translations.get("en", {}), "text": data.text_en}
    if not data.text_en:
        english.pop("text")
    translations["en"] = english
    recommendation.translations = {key: value for key, value in translations.items() if value}


def create_recommendation(
    strategy: Strategy, data: RecommendationInput, *, actor=None
) -> Recommendation:
    """Record a recommendation of the strategy."""
    check_input(strategy, data)
    recommendation = Recommendation(strategy=strategy, translations={})
    _apply(recommendation, data)
    db.session.add(recommendation)
    db.session.flush()
    record("recommendation.create", actor=actor, subject=f"recommendation:{recommendation.id}")
    return recommendation


def update_recommendation(
    recommendation: Recommendation, data: RecommendationInput, *, actor=None
) -> Recommendation:
    """Change what a recommendation says or links to (its rounds stay linked)."""
    check_input(recommendation.strategy, data)
    _apply(recommendation, data)
    db.session.flush()
    record("recommendation.update", actor=actor, subject=f"recommendation:{recommendation.id}")
    return recommendation


def delete_recommendation(recommendation: Recommendation, *, actor=None) -> None:
    """Remove a recommendation; the rounds that linked to it no longer do."""
    subject = f"recommendation:{recommendation.id}"
    recommendation.rounds.clear()
    db.session.delete(recommendation)
    db.session.flush()
    record("recommendation.delete", actor=actor, subject=subject)


def get_recommendation(recommendation_id: int) -> Recommendation:
    recommendation = db.session.get(Recommendation, recommendation_id)
    if recommendation is None:
        raise NotFound(f"Recommendation {recommendation_id} does not exist.")
    return recommendation


def list_recommendations(strategy: Strategy) -> list[Recommendation]:
    """The strategy's recommendations, newest year first, then as recorded."""
    return list(
        db.session.scalars(
            select(Recommendation)
            .where(Recommendation.strategy_id == strategy.id)
            .order_by(Recommendation.year.desc(), Recommendation.id)
        )
    )


def round_recommendations(review_round: ReviewRound) -> list[Recommendation]:
    """The recommendations the round's review takes into account, in the list's order."""
    return list(
        db.session.scalars(
            select(Recommendation)
            .join(
                round_recommendation, round_recommendation.c.recommendation_id == Recommendation.id
            )
            .where(round_recommendation.c.round_id == review_round.id)
            .order_by(Recommendation.year.desc(), Recommendation.id)
        )
    )


def set_round_recommendations(
    review_round: ReviewRound, recommendation_ids: list[int], *, actor=None
) -> list[Recommendation]:
    """Link exactly these recommendations of the round's strategy to the round."""
    available = {
        recommendation.id: recommendation
        for recommendation in list_recommendations(review_round.strategy_version.strategy)
    }
    unknown = sorted(set(recommendation_ids) - set(available))
    if unknown:
        raise RecommendationError(
            f"Not a recommendation of this strategy: {', '.join(map(str, unknown))}."
        )
    chosen = set(recommendation_ids)
    for recommendation_id, recommendation in available.items():
        linked = review_round in recommendation.rounds
        if recommendation_id in chosen and not linked:
            recommendation.rounds.append(review_round)
        elif recommendation_id not in chosen and linked:
            recommendation.rounds.remove(review_round)
    db.session.flush()
    record(
        "recommendation.link",
        actor=actor,
        subject=f"round:{review_round.id}",
        recommendations=sorted(chosen),
    )
    return round_recommendations(review_round)


# Import -------------------------------------------------------------------------------------


def read_rows(content: bytes) -> list:
    """The rows of a JSON file: a list of objects, or an object with a "recommendations" list."""
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise RecommendationImportError([f"The file is not UTF-8 JSON: {error}."]) from None
    if type(document) is dict and set(document) == {"recommendations"}:
        document = document["recommendations"]
    if type(document) is not list:
        raise RecommendationImportError(
            ['The file must hold a list of recommendations (or {"recommendations": [...]}).']
        )
    if not document:
        raise RecommendationImportError(["The file holds no recommendations."])
    if len(document) > MAX_IMPORT_ROWS:
        raise RecommendationImportError(
            [f"The file holds {len(document)} rows; at most {MAX_IMPORT_ROWS} are imported."]
        )
    return document


def _same(recommendation: Recommendation, data: RecommendationInput) -> bool:
    return (
        recommendation.source == data.source
        and recommendation.url == data.url
        and recommendation.focus_area_keys == list(dict.fromkeys(data.focus_area_keys))
        and recommendation.theme_keys == list(dict.fromkeys(data.theme_keys))
        and recommendation.tr("text", "en") == (data.text_en or recommendation.text)
    )


def import_recommendations(
    strategy: Strategy,
    rows: list[RecommendationInput],
    *,
    review_round: ReviewRound | None = None,
    actor=None,
) -> ImportSummary:
    """Store checked rows (``jsonimport.import_file`` checks them): a row whose year and
    Finnish text are already recorded updates that recommendation. With ``review_round``,
    every row is linked to it too."""
    existing = {(item.year, item.text): item for item in list_recommendations(strategy)}
    created = updated = unchanged = 0
    for data in rows:
        recommendation = existing.get((data.year, data.text))
        if recommendation is None:
            recommendation = create_recommendation(strategy, data, actor=actor)
            existing[data.year, data.text] = recommendation
            created += 1
        elif _same(recommendation, data):
            unchanged += 1
        else:
            update_recommendation(recommendation, data, actor=actor)
            updated += 1
        if review_round is not None and review_round not in recommendation.rounds:
            recommendation.rounds.append(review_round)
    db.session.flush()
    return ImportSummary(created, updated, unchanged)
