"""The reasons participants gave with their scores, as staff read them: newest first, each with
its score, focus area, question and group as the minimum group size rule lets it be named.

A reason never carries a name or an organisation. Its group is named only when the group has at
least the minimum number of respondents in the scope read (a step, a session or the round);
smaller groups are "other groups" together (``results.split_groups``), and a group filter offers
only what may be named, so no filter narrows the reasons down to a small group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, select

from workshop.extensions import db
from workshop.review.models import Answer, Question, ReviewRound, StakeholderGroup
from workshop.review.results import (
    GroupSplit,
    min_group_size,
    removed_participant_ids,
    split_groups,
)
from workshop.review.services import ReviewError
from workshop.text import clean_text

# The group filter's value for the groups too small to be shown alone.
OTHER_GROUPS = "other"
# A page of reasons: the newest this many (the total says how many there are in all).
REASONS_LIMIT = 300


@dataclass(frozen=True)
class ReasonScope:
    """Which answers: a round's, one session's, and optionally only some focus areas."""

    round_id: int
    session_id: int | None = None
    focus_area_keys: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ReasonItem:
    """One reason with its score (None: don't know); ``group`` is a group key shown alone,
    ``OTHER_GROUPS``, or "" when no group may be named."""

    id: int
    text: str
    value: int | None
    focus_area: str
    question: str
    group: str
    session_id: int | None
    updated_at: datetime


@dataclass(frozen=True)
class ReasonPage:
    """The newest reasons that match, how many match in all, and the group split they obey."""

    items: tuple[ReasonItem, ...]
    total: int
    split: GroupSplit


def in_scope(query, scope: ReasonScope):
    """``query`` on ``Answer`` narrowed to ``scope``, without a join to the participants.

    The round is selected by its questions and the removed participants (few, usually none)
    by their ids: joined to every answer's participant, PostgreSQL planned a nested loop on
    a table filled during the workshop (its statistics not yet updated) and one count of a
    3,000-person session took 2 s instead of 20 ms (bench/README.md, "Results on a quiet
    machine").
    """
    query = query.where(
        Answer.question_id.in_(select(Question.id).where(Question.round_id == scope.round_id))
    )
    removed = removed_participant_ids(scope.round_id)
    if removed:  # a removed participant's answers count nowhere
        query = query.where(Answer.participant_id.not_in(removed))
    if scope.session_id is not None:
        query = query.where(Answer.session_id == scope.session_id)
    if scope.focus_area_keys is not None:
        query = query.where(Answer.focus_area_key.in_(scope.focus_area_keys))
    return query


def respondent_split(scope: ReasonScope) -> GroupSplit:
    """Which groups may be named beside reasons in ``scope``: by how many people of each group
    answered there (people, not answers: one person's ten answers are still one person)."""
    rows = db.session.execute(
        in_scope(
            select(StakeholderGroup.key, func.count(distinct(Answer.participant_id)))
            .select_from(Answer)
            .join(StakeholderGroup, Answer.group_id == StakeholderGroup.id),
            scope,
        )
        .group_by(StakeholderGroup.key, StakeholderGroup.position)
        .order_by(StakeholderGroup.position)
    ).all()
    return split_groups(dict(rows), min_group_size())


def group_filter_values(split: GroupSplit) -> list[str]:
    """The group filter's possible values besides "all": groups shown alone, then "other"."""
    if not split.shown:
        return []
    return [*split.shown, *([OTHER_GROUPS] if split.merged else [])]


def _label(group_key: str, split: GroupSplit) -> str:
    if not split.shown:
        return ""
    return group_key if group_key in split.shown else OTHER_GROUPS


def list_reasons(
    scope: ReasonScope,
    *,
    focus_area: str = "",
    group: str = "",
    limit: int = REASONS_LIMIT,
    after_id: int | None = None,
) -> ReasonPage:
    """The reasons of ``scope``, newest first, optionally of one focus area and one group.

    With ``after_id`` (a cursor; 0 for the first page) they come by id instead, only those
    after it: an order that new or edited answers cannot shift between pages, so a reader
    that pages through gets every reason once. ``total`` counts all that match either way.

    ``group`` is a key of ``group_filter_values``: any other value (a group too small to be
    shown alone) is refused with ReviewError("group_too_small"), whichever path asks.
    """
    split = respondent_split(scope)
    if group and group not in group_filter_values(split):
        raise ReviewError("group_too_small", "This group cannot be shown on its own.")
    query = in_scope(
        select(
            Answer.id,
            Answer.reason,
            Answer.value,
            Answer.focus_area_key,
            Question.key,
            StakeholderGroup.key,
            Answer.session_id,
            Answer.updated_at,
        )
        .select_from(Answer)
        .join(Question, Answer.question_id == Question.id)
        .join(StakeholderGroup, Answer.group_id == StakeholderGroup.id),
        scope,
    ).where(Answer.reason != "")
    if focus_area:
        query = query.where(Answer.focus_area_key == focus_area)
    if group:
        keys = split.merged if group == OTHER_GROUPS else (group,)
        query = query.where(StakeholderGroup.key.in_(keys))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    if after_id is None:
        query = query.order_by(Answer.updated_at.desc(), Answer.id.desc())
    else:
        query = query.where(Answer.id > after_id).order_by(Answer.id)
    rows = db.session.execute(query.limit(limit)).all()
    items = tuple(
        ReasonItem(
            id=row[0],
            text=clean_text(row[1]),
            value=row[2],
            focus_area=row[3],
            question=row[4],
            group=_label(row[5], split),
            session_id=row[6],
            updated_at=row[7],
        )
        for row in rows
    )
    return ReasonPage(items=items, total=total or 0, split=split)


def group_names(review_round: ReviewRound, locale: str) -> dict[str, str]:
    """Each group key's name in ``locale``."""
    return {group.key: group.tr("name", locale) for group in review_round.groups}
