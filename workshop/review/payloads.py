"""What the server sends: session state, steps and labels as plain JSON-ready dicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workshop.config import SUPPORTED_LOCALES
from workshop.models import utcnow
from workshop.review.models import AgendaStep, Answer, Participant, StepKind, WorkshopSession
from workshop.review.participation import answer_dict
from workshop.review.services import FOCUS_AREA_KINDS, step_focus_areas
from workshop.strategy.models import VersionStatus


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def step_title(step: AgendaStep, locale: str) -> str:
    """The step's own title; else, for scoring, its one theme's or focus area's title.

    Default agendas leave scoring steps untitled so that the title follows each viewer's
    language; an empty result means "name the step by its kind".
    """
    if step.title or step.kind != StepKind.SCORING:
        return step.title
    return _scoring_part(step, locale).title


def _title_of_areas(areas: list, locale: str) -> str:
    """The title an untitled scoring step takes from its areas: one area's, or one whole
    theme's; else none."""
    if len(areas) == 1:
        return areas[0].tr("title", locale)
    themes = {area.theme for area in areas}
    if len(themes) == 1:
        theme = themes.pop()
        if {area.key for area in theme.focus_areas} == {area.key for area in areas}:
            return theme.tr("title", locale)
    return ""


@dataclass(frozen=True)
class _ScoringPart:
    """What a scoring step shows of the strategy: its focus areas and the title they give."""

    focus_areas: tuple[dict, ...]
    title: str


# A published strategy version's content never changes (only drafts are rebuilt,
# strategy.services.rebuild_version), so every participant's sync shares one copy of the
# focus-area part per version, locale and set of areas: building it loaded the whole version
# (themes, areas, sub-themes) once per participant, half of a room's joining time. Drafts
# are built every time. Bounded: a process sees a handful of versions and agendas.
_SCORING_PARTS: dict[tuple, _ScoringPart] = {}
_SCORING_PARTS_LIMIT = 512


def _scoring_part(step: AgendaStep, locale: str) -> _ScoringPart:
    version = step.session.review_round.strategy_version
    # created_at too: ids come again after a database is made anew (tests, a restore).
    key = (version.id, version.created_at, locale, tuple(step.focus_area_keys or ()))
    cached = _SCORING_PARTS.get(key)
    if cached is not None:
        return cached
    areas = step_focus_areas(step)
    part = _ScoringPart(
        focus_areas=tuple(
            {
                "key": area.key,
                "title": area.tr("title", locale),
                "theme": area.theme.tr("title", locale),
                "sub_themes": [sub.tr("title", locale) for sub in area.sub_themes],
            }
            for area in areas
        ),
        title=_title_of_areas(areas, locale),
    )
    if version.status != VersionStatus.DRAFT:
        if len(_SCORING_PARTS) >= _SCORING_PARTS_LIMIT:
            _SCORING_PARTS.clear()
        _SCORING_PARTS[key] = part
    return part


def question_payload(question, locale: str) -> dict:
    """A question's text, scale and scale labels in one language."""
    return {
        "text": question.tr("text", locale),
        "low_label": question.tr("low_label", locale),
        "high_label": question.tr("high_label", locale),
        "min": question.scale_min,
        "max": question.scale_max,
        "dont_know": question.allow_dont_know,
    }


def step_payload(step: AgendaStep | None, locale: str) -> dict | None:
    """An agenda step as participants see it, with its focus areas and questions when scoring."""
    if step is None:
        return None
    payload = {
        "id": step.id,
        "kind": step.kind,
        "title": step_title(step, locale),
        "status": step.status,
        "results_visible": step.results_shown,
        "timer_ends_at": iso(step.timer_ends_at),
        "focus_areas": [],
        "questions": [],
    }
    if step.config:
        # An open question's, poll's or prioritisation's prompt and options (steps/config.py).
        payload["config"] = step.config
    if step.kind in FOCUS_AREA_KINDS:
        # Copies: a caller may add to its payload, never to the shared part.
        payload["focus_areas"] = [
            {**area, "sub_themes": list(area["sub_themes"])}
            for area in _scoring_part(step, locale).focus_areas
        ]
    if step.kind == StepKind.SCORING:
        round_ = step.session.review_round
        # Not shared: a round's questions can be edited while it runs.
        payload["questions"] = [
            {"key": question.key, **question_payload(question, locale)}
            for question in round_.questions
        ]
    return payload


def answer_payload(answer: Answer) -> dict:
    return answer_dict(
        answer.question.key, answer.focus_area_key, answer.value, answer.reason, answer.updated_at
    )


def participant_state(
    participant: Participant, answers: list[Answer], results: dict | None = None
) -> dict:
    """Everything a participant's screen needs after (re)connecting."""
    session = participant.session
    return {
        "ok": True,
        "server_time": iso(utcnow()),
        "participant": {
            "id": participant.id,
            "group": participant.group.key,
            "group_name": participant.group.tr("name", participant.locale),
            "organisation": participant.organisation,
            "name": participant.name,
            "locale": participant.locale,
        },
        "session": {
            "id": session.id,
            "title": session.title,
            "status": session.status,
            "round": session.review_round.title,
        },
        "step": step_payload(session.open_step, participant.locale),
        "answers": [answer_payload(answer) for answer in answers],
        "results": results,
    }


def staff_state(session: WorkshopSession) -> dict:
    """The session's agenda and controls as the facilitator console and projector show them."""
    return {
        "server_time": iso(utcnow()),
        "session": {
            "id": session.id,
            "title": session.title,
            "status": session.status,
            "join_code": session.join_code,
        },
        "open_step_id": session.open_step.id if session.open_step else None,
        "steps": [
            {
                "id": step.id,
                "kind": step.kind,
                "title": step.title,
                "titles": {locale: step_title(step, locale) for locale in SUPPORTED_LOCALES},
                "status": step.status,
                "results_visible": step.results_visible,
                "results_mode": step.results_mode,
                "results_shown": step.results_shown,
                "timer_ends_at": iso(step.timer_ends_at),
                "focus_areas": [area.key for area in step_focus_areas(step)],
                "config": step.config or {},
            }
            for step in session.steps
        ],
    }


def labels(session: WorkshopSession, locale: str) -> dict:
    """Names of focus areas, questions and groups in ``locale``: results carry only keys."""
    round_ = session.review_round
    return {
        "focus_areas": {
            area.key: area.tr("title", locale) for area in round_.strategy_version.focus_areas
        },
        "questions": {q.key: question_payload(q, locale) for q in round_.questions},
        "groups": {g.key: g.tr("name", locale) for g in round_.groups},
    }
