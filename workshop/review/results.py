"""Aggregates of the scores: count, distribution, mean, median, spread, by stakeholder group,
and the change from the previous round."""

from __future__ import annotations

import math
from collections import defaultdict

from sqlalchemy import func, select

from workshop.extensions import db
from workshop.review.models import (
    AgendaStep,
    Answer,
    Participant,
    Question,
    ReviewRound,
    StakeholderGroup,
    WorkshopSession,
)
from workshop.review.services import previous_round, step_focus_areas


def summarise(distribution: dict[int, int], dont_know: int = 0) -> dict:
    """Statistics of one question on one focus area from its value counts."""
    values = sorted(distribution)
    count = sum(distribution.values())
    summary = {
        "count": count,
        "dont_know": dont_know,
        "distribution": {str(value): distribution[value] for value in values},
        "mean": None,
        "median": None,
        "spread": None,
    }
    if count == 0:
        return summary
    mean = sum(value * n for value, n in distribution.items()) / count
    variance = sum(n * (value - mean) ** 2 for value, n in distribution.items()) / count
    summary["mean"] = round(mean, 2)
    summary["spread"] = round(math.sqrt(variance), 2)
    summary["median"] = _median(distribution, count)
    return summary


def _median(distribution: dict[int, int], count: int) -> float:
    def nth(index: int) -> int:
        seen = 0
        for value in sorted(distribution):
            seen += distribution[value]
            if index < seen:
                return value
        raise AssertionError("index beyond the distribution")

    if count % 2:
        return float(nth(count // 2))
    return (nth(count // 2 - 1) + nth(count // 2)) / 2


def _counts(question_ids, area_keys, session_id: int | None):
    """Rows of (question id, focus area key, group id, value, n).

    The round's question ids select the round; with a session this reads only the covering
    index ``ix_answer_live``.
    """
    query = (
        select(
            Answer.question_id,
            Answer.focus_area_key,
            Answer.group_id,
            Answer.value,
            func.count(),
        )
        .where(Answer.question_id.in_(question_ids), Answer.focus_area_key.in_(area_keys))
        .group_by(Answer.question_id, Answer.focus_area_key, Answer.group_id, Answer.value)
    )
    if session_id is not None:
        query = query.where(Answer.session_id == session_id)
    return db.session.execute(query).all()


def _means_by_key(review_round: ReviewRound, area_keys: list[str]) -> dict[tuple[str, str], float]:
    """Round-wide mean per (question key, focus area key), for comparing rounds."""
    rows = db.session.execute(
        select(Question.key, Answer.focus_area_key, func.avg(Answer.value))
        .join(Answer, Answer.question_id == Question.id)
        .where(
            Question.round_id == review_round.id,
            Answer.focus_area_key.in_(area_keys),
            Answer.value.is_not(None),
        )
        .group_by(Question.key, Answer.focus_area_key)
    ).all()
    return {(question_key, area_key): float(mean) for question_key, area_key, mean in rows}


def results_for(
    review_round: ReviewRound,
    areas,
    *,
    session: WorkshopSession | None = None,
    locale: str = "fi",
) -> dict:
    """Results of ``areas`` on every question of the round, in one session or round-wide."""
    questions = list(review_round.questions)
    groups: list[StakeholderGroup] = list(review_round.groups)
    area_keys = [area.key for area in areas]
    rows = _counts(
        [q.id for q in questions],
        area_keys,
        session.id if session is not None else None,
    )
    distribution = defaultdict(lambda: defaultdict(int))
    dont_know = defaultdict(int)
    by_group = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    group_dont_know = defaultdict(lambda: defaultdict(int))
    for question_id, area_key, group_id, value, n in rows:
        if value is None:
            dont_know[question_id, area_key] += n
            group_dont_know[question_id, area_key][group_id] += n
        else:
            distribution[question_id, area_key][value] += n
            by_group[question_id, area_key][group_id][value] += n

    earlier = previous_round(review_round)
    earlier_means = _means_by_key(earlier, area_keys) if earlier is not None else {}

    items = []
    for area in areas:
        for question in questions:
            cell = (question.id, area.key)
            summary = summarise(dict(distribution[cell]), dont_know[cell])
            summary["question"] = question.key
            summary["focus_area"] = area.key
            summary["by_group"] = {
                group.key: summarise(
                    dict(by_group[cell][group.id]), group_dont_know[cell][group.id]
                )
                for group in groups
                if by_group[cell][group.id] or group_dont_know[cell][group.id]
            }
            previous_mean = earlier_means.get((question.key, area.key))
            summary["previous_mean"] = (
                round(previous_mean, 2) if previous_mean is not None else None
            )
            summary["change"] = (
                round(summary["mean"] - previous_mean, 2)
                if previous_mean is not None and summary["mean"] is not None
                else None
            )
            items.append(summary)
    return {
        "questions": [
            {"key": q.key, "text": q.tr("text", locale), "min": q.scale_min, "max": q.scale_max}
            for q in questions
        ],
        "focus_areas": [{"key": area.key, "title": area.tr("title", locale)} for area in areas],
        "groups": [{"key": g.key, "name": g.tr("name", locale)} for g in groups],
        "previous_round": earlier.title if earlier is not None else None,
        "items": items,
    }


def step_results(step: AgendaStep, locale: str = "fi") -> dict:
    """Live results of a scoring step in its session."""
    session = step.session
    results = results_for(
        session.review_round, step_focus_areas(step), session=session, locale=locale
    )
    results["step_id"] = step.id
    return results


def participant_counts(session: WorkshopSession) -> dict:
    """How many have joined the session, in all and by stakeholder group."""
    rows = db.session.execute(
        select(StakeholderGroup.key, func.count(Participant.id))
        .join(Participant, Participant.group_id == StakeholderGroup.id)
        .where(Participant.session_id == session.id)
        .group_by(StakeholderGroup.key)
    ).all()
    by_group = {key: n for key, n in rows}
    return {"total": sum(by_group.values()), "by_group": by_group}
