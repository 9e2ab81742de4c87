"""Themes forming live on the facilitator's console while a scoring step is open.

Coalesced like the live results (``realtime.Coalescer``): however many reasons arrive, a
session's themes are computed at most once per ``LIVE_THEMES_INTERVAL`` and only when its
reasons changed, and the computation (features of the new texts, then grouping) runs in a
worker process through ``workshop/offload.py``, so the event loop goes on serving the room.
The console gets ``themes:update`` in the staff room:

    {"session_id", "step_id", "focus_areas": [{"key", "titles": {locale: title},
     "themes": [{"label", "size", "quotes", "by_group", "other_groups"}],
     "unassigned": int}]}

``by_group`` holds only the groups with at least the minimum group size of texts in the
theme; the rest are summed in ``other_groups`` (docs/security.md, small groups).
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import select

from workshop import offload
from workshop.extensions import db, socketio
from workshop.realtime import Coalescer, after_commit, staff_room

log = logging.getLogger(__name__)
INTERVAL = 1.0  # seconds between two computations of a session's themes, at most
MAX_TEXTS = 3_000  # of one step: a bigger step's newest reasons

_published: dict[int, str] = {}  # session id → fingerprint of the reasons last published


def step_reasons(step) -> dict[str, list[dict]]:
    """The reasons given in a step, by focus area, as plain values for the worker."""
    from workshop.review.models import Answer, StakeholderGroup
    from workshop.review.results import removed_participant_ids

    removed = set(removed_participant_ids(step.session.round_id))
    rows = db.session.execute(
        select(
            Answer.id,
            Answer.participant_id,
            Answer.focus_area_key,
            Answer.value,
            Answer.reason,
            StakeholderGroup.key,
        )
        .join(StakeholderGroup, StakeholderGroup.id == Answer.group_id)
        .where(Answer.step_id == step.id, Answer.reason != "")
        .order_by(Answer.id.desc())
        .limit(MAX_TEXTS)
    ).all()
    by_area: dict[str, list[dict]] = {}
    for row in rows:
        if row.participant_id in removed:
            continue
        by_area.setdefault(row.focus_area_key, []).append(
            {"id": row.id, "group": row.key, "text": row.reason, "score": row.value}
        )
    return dict(sorted(by_area.items()))


def _fingerprint(step_id: int, by_area: dict[str, list[dict]]) -> str:
    digest = hashlib.sha256(str(step_id).encode())
    for key, items in by_area.items():
        digest.update(key.encode())
        for item in items:
            digest.update(f"{item['id']}:{item['score']}:{item['text']}".encode())
    return digest.hexdigest()


def themes_job(by_area: dict[str, list[dict]], min_size: int) -> list[dict]:
    """In a worker process: each focus area's themes, as the console shows them."""
    from workshop.review.results import split_groups
    from workshop.synthesis.collect import make_text
    from workshop.synthesis.themes import themes_for

    areas = []
    for key, items in by_area.items():
        texts = [
            text
            for item in items
            if (
                text := make_text(
                    "reason", item["id"], item["group"], key, item["text"], item["score"]
                )
            )
            is not None
        ]
        theme_set = themes_for(texts)
        db.session.commit()  # the features stored on the way
        themes = []
        for theme in theme_set.themes:
            split = split_groups(theme.by_group, min_size)
            themes.append(
                {
                    "label": theme.label,
                    "size": theme.size,
                    "quotes": theme.quotes,
                    "by_group": {group: theme.by_group[group] for group in split.shown},
                    # As the live counts do: no "other groups" line unless some group is
                    # shown alone beside it.
                    "other_groups": (
                        sum(theme.by_group[g] for g in split.merged)
                        if split.shown and split.merged
                        else None
                    ),
                }
            )
        areas.append({"key": key, "themes": themes, "unassigned": len(theme_set.unassigned)})
    return areas


def publish_live_themes(session_id: int) -> None:
    """Compute and send a session's themes to its staff room, if its reasons changed."""
    from workshop.review.models import StepKind, WorkshopSession
    from workshop.review.results import min_group_size

    workshop_session = db.session.get(WorkshopSession, session_id)
    step = workshop_session.open_step if workshop_session else None
    if step is None or step.kind != StepKind.SCORING:
        return
    by_area = step_reasons(step)
    fingerprint = _fingerprint(step.id, by_area)
    if _published.get(session_id) == fingerprint:
        return
    areas = offload.run("workshop.synthesis.live:themes_job", by_area, min_group_size())
    titles = _titles(step)
    for area in areas:
        area["titles"] = titles.get(area["key"], {})
    _published[session_id] = fingerprint
    socketio.emit(
        "themes:update",
        {"session_id": session_id, "step_id": step.id, "focus_areas": areas},
        to=staff_room(session_id),
    )


def _titles(step) -> dict[str, dict[str, str]]:
    """Focus-area key → its title by locale (the staff room holds every language)."""
    from workshop.i18n import SUPPORTED_LOCALES
    from workshop.review.services import step_focus_areas

    return {
        area.key: {locale: area.tr("title", locale) for locale in SUPPORTED_LOCALES}
        for area in step_focus_areas(step)
    }


class _ThemesCoalescer(Coalescer):
    """The live results' coalescer, at the themes' own pace."""

    def mark(self, key: int) -> None:
        from flask import current_app

        with self._lock:
            self._dirty.add(key)
            if self._task is None:
                app = current_app._get_current_object()
                self.interval = app.config.get("LIVE_THEMES_INTERVAL", INTERVAL)
                self._task = socketio.start_background_task(self._run, app)


live_themes = _ThemesCoalescer(publish_live_themes, interval=INTERVAL)


def mark_themes_changed(session_id: int) -> None:
    """After the commit: the session's reasons may have changed (coalesced)."""
    after_commit(lambda: live_themes.mark(session_id))
