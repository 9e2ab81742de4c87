"""The results of a set of open-question, poll and prioritisation steps, each named.

What the round results page and the wrap-up show of these kinds: the same question asked in
several sessions is one entry (its answers together), in agenda order; steps not yet opened
are left out, and closed ones keep their results.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from workshop.review.models import AgendaStep, StepKind, StepStatus
from workshop.review.services import step_focus_areas
from workshop.steps import services
from workshop.steps.config import KINDS


@dataclass(frozen=True)
class StepSummary:
    """One question of these kinds with its results and the names of its options."""

    kind: str
    prompt: str
    status: str  # "open" while one of its steps is open, else "closed"
    results: dict
    labels: dict  # option key -> its name in the viewer's language
    sessions: tuple[str, ...] = ()  # the titles of the sessions that asked it, in order


def option_names(step: AgendaStep, locale: str) -> dict:
    """A poll's option names, or a prioritisation's focus-area titles, by key."""
    if step.kind == StepKind.POLL:
        return {option["key"]: option["text"] for option in step.config.get("options", [])}
    return {area.key: area.tr("title", locale) for area in step_focus_areas(step)}


def summaries(steps, locale: str) -> list[StepSummary]:
    """The summaries of ``steps`` of these kinds that have been opened, merged by what they ask."""
    asked: dict[str, list[AgendaStep]] = {}
    for step in steps:
        if step.kind in KINDS and step.status != StepStatus.PENDING:
            key = json.dumps([step.kind, step.config, step.focus_area_keys], sort_keys=True)
            asked.setdefault(key, []).append(step)
    found = []
    for same in asked.values():
        first = same[0]
        if first.kind == StepKind.OPEN_QUESTION:
            results = services.combined_open_results(same)
        else:
            results = services.combined_choice_results(same)
        found.append(
            StepSummary(
                kind=first.kind,
                prompt=first.config.get("prompt") or first.title,
                status=StepStatus.OPEN
                if any(step.status == StepStatus.OPEN for step in same)
                else StepStatus.CLOSED,
                results=results,
                labels=option_names(first, locale),
                sessions=tuple(dict.fromkeys(step.session.title for step in same)),
            )
        )
    return found
