"""Aggregates of the scores: count, distribution, mean, median, spread, by stakeholder group,
and the change from the previous round; and the one rule that keeps small groups out of sight.

Every output of scores (live results for staff and participants, the Word draft) is built by
``results_for``, which applies ``suppress_small_groups`` to each item before it leaves; the
outputs that name a group beside a person's contribution (reasons and proposals) use
``split_groups``, the same choice of which groups may be shown alone.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from workshop.config import DEFAULT_MIN_GROUP_SIZE
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


# Privacy: small groups ---------------------------------------------------------------------


def min_group_size() -> int:
    """The configured minimum group size (WORKSHOP_MIN_GROUP_SIZE)."""
    return int(current_app.config.get("MIN_GROUP_SIZE", DEFAULT_MIN_GROUP_SIZE))


@dataclass(frozen=True)
class GroupSplit:
    """Which groups a breakdown may show alone, and which only together as "other groups".

    ``shown`` empty means no breakdown at all: only the total may be shown.
    """

    shown: tuple[str, ...]
    merged: tuple[str, ...]


def split_groups(sizes: Mapping[str, int], min_size: int) -> GroupSplit:
    """Split groups (in their order) into those shown alone and those merged as "other groups".

    Every group below ``min_size`` is merged. The merged remainder must itself reach
    ``min_size``, because the total minus the groups shown alone equals it: while it is
    smaller, the smallest shown group joins it (a single small group is never "other groups"
    on its own). When every group ends up merged, the remainder equals the total and nothing
    is shown per group.
    """
    if min_size <= 1:
        return GroupSplit(tuple(sizes), ())
    merged = [key for key, size in sizes.items() if size < min_size]
    if not merged:
        return GroupSplit(tuple(sizes), ())
    merged_size = sum(sizes[key] for key in merged)
    larger = sorted((key for key in sizes if key not in merged), key=lambda key: sizes[key])
    while merged_size < min_size and larger:
        key = larger.pop(0)
        merged.append(key)
        merged_size += sizes[key]
    if not larger:
        return GroupSplit((), tuple(sizes))
    return GroupSplit(
        tuple(key for key in sizes if key not in merged),
        tuple(key for key in sizes if key in merged),
    )


def _merged_summary(by_group: Mapping[str, dict], keys) -> dict:
    """The statistics of several groups' answers taken together."""
    distribution: dict[int, int] = defaultdict(int)
    dont_know = 0
    for key in keys:
        for value, n in by_group[key]["distribution"].items():
            distribution[int(value)] += n
        dont_know += by_group[key]["dont_know"]
    return {**summarise(dict(distribution), dont_know), "groups": list(keys)}


def suppress_small_groups(item: dict, min_size: int) -> dict:
    """An item of results as it may be shown: no group's scores below ``min_size`` on its own.

    ``item`` has the statistics of all answers, ``by_group`` (every group's statistics) and
    ``previous_mean`` with ``previous_count`` (the previous round's answers). The result has
    ``by_group`` with only the groups shown alone, ``other_groups`` (the merged rest with the
    keys it holds, or None), and ``withheld``: True when there are fewer than ``min_size``
    scores in all, whose distribution, mean, median, spread and change are then left out
    (their count and "don't know" count stay). A previous round's mean of fewer than
    ``min_size`` scores is left out too. Cheap: it runs per item on every live broadcast.
    """
    result = {key: value for key, value in item.items() if key != "previous_count"}
    by_group = item["by_group"]
    split = split_groups({key: summary["count"] for key, summary in by_group.items()}, min_size)
    result["by_group"] = {key: by_group[key] for key in split.shown}
    result["other_groups"] = (
        _merged_summary(by_group, split.merged) if split.shown and split.merged else None
    )
    result["withheld"] = 0 < item["count"] < min_size
    if result["withheld"]:
        result.update(distribution={}, mean=None, median=None, spread=None, change=None)
    if item.get("previous_count", 0) < min_size:
        result.update(previous_mean=None, change=None)
    return result


def merge_counts(counts: dict, min_size: int) -> dict:
    """Participant counts by group with the small groups merged by ``split_groups``."""
    by_group = counts["by_group"]
    split = split_groups(by_group, min_size)
    return {
        "total": counts["total"],
        "by_group": {key: by_group[key] for key in split.shown},
        "other_groups": sum(by_group[key] for key in split.merged)
        if split.shown and split.merged
        else None,
    }


# Aggregates -------------------------------------------------------------------------------


def removed_participant_ids(round_id: int) -> list[int]:
    """The round's participants a facilitator removed: no result counts their answers."""
    return list(
        db.session.scalars(
            select(Participant.id).where(
                Participant.round_id == round_id, Participant.removed_at.is_not(None)
            )
        )
    )


def _without(query, removed: list[int]):
    # Without removals (the usual case) the query stays one the covering index answers alone.
    return query.where(Answer.participant_id.not_in(removed)) if removed else query


def _counts(question_ids, area_keys, session_id: int | None, removed: list[int]):
    """Rows of (question id, focus area key, group id, value, n), without the removed.

    The round's question ids select the round; with a session and no removals this reads only
    the covering index ``ix_answer_live``.
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
    return db.session.execute(_without(query, removed)).all()


def _means_by_key(
    review_round: ReviewRound, area_keys: list[str]
) -> dict[tuple[str, str], tuple[float, int]]:
    """Round-wide mean and count of scores per (question key, focus area key), for comparing
    rounds."""
    query = (
        select(Question.key, Answer.focus_area_key, func.avg(Answer.value), func.count())
        .join(Answer, Answer.question_id == Question.id)
        .where(
            Question.round_id == review_round.id,
            Answer.focus_area_key.in_(area_keys),
            Answer.value.is_not(None),
        )
        .group_by(Question.key, Answer.focus_area_key)
    )
    rows = db.session.execute(_without(query, removed_participant_ids(review_round.id))).all()
    return {
        (question_key, area_key): (float(mean), count)
        for question_key, area_key, mean, count in rows
    }


def results_for(
    review_round: ReviewRound,
    areas,
    *,
    session: WorkshopSession | None = None,
    locale: str = "fi",
) -> dict:
    """Results of ``areas`` on every question of the round, in one session or round-wide,
    with small groups merged (``suppress_small_groups``)."""
    min_size = min_group_size()
    questions = list(review_round.questions)
    groups: list[StakeholderGroup] = list(review_round.groups)
    area_keys = [area.key for area in areas]
    rows = _counts(
        [q.id for q in questions],
        area_keys,
        session.id if session is not None else None,
        removed_participant_ids(review_round.id),
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
            previous_mean, previous_count = earlier_means.get((question.key, area.key), (None, 0))
            summary["previous_mean"] = (
                round(previous_mean, 2) if previous_mean is not None else None
            )
            summary["previous_count"] = previous_count
            summary["change"] = (
                round(summary["mean"] - previous_mean, 2)
                if previous_mean is not None and summary["mean"] is not None
                else None
            )
            items.append(suppress_small_groups(summary, min_size))
    return {
        "questions": [
            {"key": q.key, "text": q.tr("text", locale), "min": q.scale_min, "max": q.scale_max}
            for q in questions
        ],
        "focus_areas": [{"key": area.key, "title": area.tr("title", locale)} for area in areas],
        "groups": [{"key": g.key, "name": g.tr("name", locale)} for g in groups],
        "previous_round": earlier.title if earlier is not None else None,
        "min_group_size": min_size,
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
    """How many have joined the session, in all and by stakeholder group (the removed not
    among them), and how many a facilitator removed."""
    is_removed = Participant.removed_at.is_not(None)
    rows = db.session.execute(
        select(StakeholderGroup.key, is_removed, func.count(Participant.id))
        .join(Participant, Participant.group_id == StakeholderGroup.id)
        .where(Participant.session_id == session.id)
        .group_by(StakeholderGroup.key, is_removed)
    ).all()
    by_group = {key: n for key, removed, n in rows if not removed}
    removed = sum(n for _, removed, n in rows if removed)
    return {"total": sum(by_group.values()), "by_group": by_group, "removed": removed}
