"""Themes forming live on the console: the free texts of a session's live step grouped into
themes, recomputed at most once per interval in a worker process, sent to the staff room.

- Which texts: in a scoring step the reasons given in this session for the step's focus areas;
  in a proposal step (proposals, support) the proposals, rationales and comments made in this
  session. Otherwise the last scoring step closed, as the live results do.
- Never per message: answers and proposals only mark the session (``mark_session``); one
  background task per process (a ``Coalescer``) publishes each marked session at most once per
  ``LIVE_THEMES_INTERVAL`` seconds, and only when the texts changed (``fingerprint``, one
  aggregate query).
- Never on the event loop: the grouping (and the embedding of a text seen for the first time,
  which ``features`` then keeps by its hash) runs in ``workshop/offload.py``'s process pool
  through ``session_themes``, a job that takes a session id and returns plain values.
- Privacy: no names and no organisations; counts by group only for the groups the minimum
  group size lets be shown alone (smaller ones together as ``other``); quotes are
  participants' texts, so the payload goes to the staff room only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from collections import OrderedDict

from sqlalchemy import distinct, func, select

from workshop import offload
from workshop.extensions import db, socketio
from workshop.realtime import Coalescer, staff_room
from workshop.review.models import (
    Answer,
    Participant,
    StakeholderGroup,
    StepKind,
    WorkshopSession,
)
from workshop.review.reasons import ReasonScope, in_scope, respondent_split
from workshop.review.results import (
    GroupSplit,
    min_group_size,
    removed_participant_ids,
    split_groups,
)
from workshop.review.services import step_focus_areas
from workshop.synthesis.collect import (
    Text,
    group_keys,
    make_text,
    proposal_texts,
)

log = logging.getLogger(__name__)

JOB = "workshop.synthesis.live:session_themes"
INTERVAL = 1.0  # seconds between two recomputes of one session (LIVE_THEMES_INTERVAL)
TOP_THEMES = 5  # of a focus area, on the console
QUOTES = 2  # of a theme, on the console
OTHER_GROUPS = "other"
PROPOSAL_KINDS = (StepKind.PROPOSALS, StepKind.SUPPORT)


# Which step, which texts ------------------------------------------------------------------


def live_step(workshop_session: WorkshopSession):
    """The step whose texts are themed: the open scoring or proposal step, else the scoring
    step whose results are live (the last one closed)."""
    from workshop.review.events import results_step

    step = workshop_session.open_step
    if step is not None and (step.kind == StepKind.SCORING or step.kind in PROPOSAL_KINDS):
        return step
    return results_step(workshop_session)


def _reason_scope(workshop_session, step) -> ReasonScope:
    keys = tuple(area.key for area in step_focus_areas(step))
    return ReasonScope(workshop_session.round_id, workshop_session.id, keys)


def _reasons_query(scope: ReasonScope):
    return in_scope(
        select(Answer.id, StakeholderGroup.key, Answer.focus_area_key, Answer.value, Answer.reason)
        .select_from(Answer)
        .join(StakeholderGroup, StakeholderGroup.id == Answer.group_id),
        scope,
    ).where(Answer.reason != "")


def step_texts(workshop_session, step) -> dict[str, list[Text]]:
    """Focus-area key → the texts of ``step`` in this session (none without a step)."""
    if step is None:
        return {}
    found: list[Text | None] = []
    if step.kind == StepKind.SCORING:
        scope = _reason_scope(workshop_session, step)
        for row in db.session.execute(_reasons_query(scope).order_by(Answer.id)):
            found.append(make_text("reason", row[0], row[1], row[2], row[4], row[3]))
    else:
        found = _proposal_texts(workshop_session)
    by_area: dict[str, list[Text]] = {}
    for text in found:
        if text is not None:
            by_area.setdefault(text.focus_area, []).append(text)
    return dict(sorted(by_area.items()))


def _proposal_texts(workshop_session) -> list[Text]:
    round_id = workshop_session.round_id
    removed = set(removed_participant_ids(round_id))
    return proposal_texts(round_id, group_keys(round_id), removed, workshop_session.id)


def group_split(workshop_session, step) -> GroupSplit:
    """Which groups may be counted alone: by the people who answered in a scoring step, by
    the people in the session (not removed) in a proposal step."""
    if step.kind == StepKind.SCORING:
        return respondent_split(_reason_scope(workshop_session, step))
    rows = db.session.execute(
        select(StakeholderGroup.key, func.count(distinct(Participant.id)))
        .join(Participant, Participant.group_id == StakeholderGroup.id)
        .where(Participant.session_id == workshop_session.id, Participant.removed_at.is_(None))
        .group_by(StakeholderGroup.key, StakeholderGroup.position)
        .order_by(StakeholderGroup.position)
    ).all()
    return split_groups(dict(rows), min_group_size())


def fingerprint(workshop_session, step) -> tuple:
    """What changes whenever the step's texts do (one aggregate query): a recompute is
    skipped when it is the same as at the last one."""
    if step is None:
        return (None,)
    if step.kind == StepKind.SCORING:
        scope = _reason_scope(workshop_session, step)
        inner = _reasons_query(scope).add_columns(Answer.updated_at).subquery()
        count, latest = db.session.execute(
            select(func.count(), func.max(inner.c.updated_at)).select_from(inner)
        ).one()
        return (step.id, step.status, count, str(latest))
    # Proposal steps are marked only when proposals or comments change: recompute each time.
    return (step.id, step.status, time.monotonic())


# The payload ------------------------------------------------------------------------------


def shown_counts(by_group: dict[str, int], split: GroupSplit) -> dict[str, int]:
    """A theme's counts by group as the minimum group size lets them be shown: groups shown
    alone by key, the others together as ``other``, nothing when no group may be shown."""
    if not split.shown:
        return {}
    counts = {key: by_group[key] for key in split.shown if by_group.get(key)}
    other = sum(by_group.get(key, 0) for key in split.merged)
    if other:
        counts[OTHER_GROUPS] = other
    return counts


def themes_payload(workshop_session, step) -> dict:
    """The themes of the live step, per focus area: the top themes with label, size, counts by
    group (see ``shown_counts``), one or two quotes and the mean score of their reasons."""
    from workshop.synthesis.themes import themes_for

    payload = {
        "session_id": workshop_session.id,
        # When the texts were read (seconds since the epoch): every text committed before it
        # is in these themes (the bench times a new reason's way to the console by it).
        "as_of": round(time.time(), 3),
        "step_id": step.id if step is not None else None,
        "step_kind": step.kind if step is not None else None,
        "min_group_size": min_group_size(),
        "texts": 0,
        "areas": [],
    }
    if step is None:
        return payload
    split = group_split(workshop_session, step)
    for key, texts in step_texts(workshop_session, step).items():
        theme_set = _themes_of(texts, themes_for)
        payload["texts"] += len(texts)
        payload["areas"].append(
            {
                "key": key,
                "texts": len(texts),
                "themes_count": len(theme_set.themes),
                "unassigned": len(theme_set.unassigned),
                "themes": [
                    {
                        "label": theme.label,
                        "size": theme.size,
                        "by_group": shown_counts(theme.by_group, split),
                        "quotes": theme.quotes[:QUOTES],
                        "mean_score": theme.mean_score,
                    }
                    for theme in theme_set.themes[:TOP_THEMES]
                ],
            }
        )
    # The areas with most to discuss first.
    payload["areas"].sort(key=lambda area: (-area["texts"], area["key"]))
    return payload


# A worker's last themes of each set of texts: a recompute regroups only the focus areas
# whose texts changed since (themes are a function of the texts: the same texts, the same
# themes), the others cost a hash.
_theme_sets: OrderedDict[str, object] = OrderedDict()
THEME_SETS_KEPT = 256


def _themes_of(texts: list[Text], themes_for):
    digest = hashlib.sha256(
        json.dumps([dataclasses.astuple(text) for text in texts], ensure_ascii=False).encode()
    ).hexdigest()
    found = _theme_sets.get(digest)
    if found is None:
        found = _theme_sets[digest] = themes_for(texts)
        while len(_theme_sets) > THEME_SETS_KEPT:
            _theme_sets.popitem(last=False)
    _theme_sets.move_to_end(digest)
    return found


def session_themes(session_id: int) -> dict | None:
    """The job the process pool runs: the live step's themes of a session, or None when the
    session is gone. Commits, so that the features of texts seen for the first time are kept
    (``synthesis.store``) for the other workers and the next recompute."""
    workshop_session = db.session.get(WorkshopSession, session_id)
    if workshop_session is None:
        return None
    payload = themes_payload(workshop_session, live_step(workshop_session))
    db.session.commit()
    return payload


# Coalesced recompute ----------------------------------------------------------------------


class ThemesCoalescer(Coalescer):
    """The live results' coalescer with its own interval (``LIVE_THEMES_INTERVAL``): a
    recompute costs far more than a count, and waiting for it holds only this task.

    A recompute's cost grows with the texts: the 45,000 reasons of a 3,000-person session
    took seconds of a worker and of the database each time. With ``BACKOFF`` 2 the live themes
    take at most a third of a worker and of the reads, however large the session, and a room
    of 300 (well under a second a recompute) still gets them every interval.
    """

    BACKOFF = 2.0
    MAX_PAUSE = 60.0  # a recompute of a huge session may take seconds: keep the third
    INTERVAL_SETTING = "LIVE_THEMES_INTERVAL"


class LiveThemes:
    """The last themes published per session (a staff sync gets them without a recompute
    while the texts are unchanged) and how many recomputes ran (tests, the bench)."""

    def __init__(self):
        self.published: dict[int, tuple] = {}
        self.latest: dict[int, dict] = {}
        self.recomputes = 0
        self.last_seconds = 0.0

    def current(self, session_id: int) -> dict | None:
        """The session's themes now: the last ones while the texts are unchanged, else
        computed in the process pool (the caller waits; the loop does not)."""
        workshop_session = db.session.get(WorkshopSession, session_id)
        if workshop_session is None:
            return None
        mark = fingerprint(workshop_session, live_step(workshop_session))
        if self.published.get(session_id) == mark and session_id in self.latest:
            return None
        # No read transaction stays open while the worker computes.
        db.session.rollback()
        self.recomputes += 1
        began = time.perf_counter()
        payload = offload.run(JOB, session_id, background=True)
        self.last_seconds = time.perf_counter() - began
        if payload is not None:
            log.info(
                "live themes of session %s: %d texts in %.2f s",
                session_id,
                payload["texts"],
                self.last_seconds,
            )
        if payload is not None:
            self.published[session_id] = mark
            self.latest[session_id] = payload
        return payload

    def publish(self, session_id: int) -> None:
        """Recompute a marked session's themes and send them to its staff room."""
        payload = self.current(session_id)
        if payload is not None:
            socketio.emit("themes:update", payload, to=staff_room(session_id))

    def sync(self, session_id: int) -> dict | None:
        """The themes for a console that asks (``themes:sync``)."""
        fresh = self.current(session_id)
        return fresh if fresh is not None else self.latest.get(session_id)

    def forget(self) -> None:
        self.published.clear()
        self.latest.clear()
        self.recomputes = 0


live = LiveThemes()
coalescer = ThemesCoalescer(live.publish, interval=INTERVAL)


def mark_session(session_id: int) -> None:
    """A session's texts may have changed (called after the commit): themes follow within
    an interval, once however many texts came. Off under ``LIVE_THEMES = False``."""
    from flask import current_app

    if current_app.config.get("LIVE_THEMES", True):
        coalescer.mark(session_id)


def mark_round(round_id: int) -> None:
    """A round's proposals changed: mark its sessions whose open step is a proposal step."""
    from flask import current_app

    from workshop.review.models import AgendaStep, StepStatus

    if not current_app.config.get("LIVE_THEMES", True):
        return

    sessions = db.session.scalars(
        select(AgendaStep.session_id)
        .join(WorkshopSession, WorkshopSession.id == AgendaStep.session_id)
        .where(
            WorkshopSession.round_id == round_id,
            AgendaStep.status == StepStatus.OPEN,
            AgendaStep.kind.in_(PROPOSAL_KINDS),
        )
        .distinct()
    ).all()
    for session_id in sessions:
        mark_session(session_id)
