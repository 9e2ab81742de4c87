"""Rounds, sessions and the agenda: what facilitators create and control."""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workshop.errors import DomainError, NotFound
from workshop.extensions import db
from workshop.models import utcnow
from workshop.review import defaults
from workshop.review.models import (
    AgendaStep,
    Answer,
    Participant,
    Question,
    ResultsMode,
    ReviewRound,
    RoundStatus,
    SessionStatus,
    StakeholderGroup,
    StepKind,
    StepStatus,
    WorkshopSession,
)
from workshop.strategy.models import StrategyVersion

# No 0/O, 1/I/L: codes are read from a projector and typed on phones.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
MAX_TIMER_SECONDS = 4 * 60 * 60


class ReviewError(DomainError):
    """A review rule was broken; ``code`` names it for API clients."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# The kinds of step that cover chosen focus areas (all of them when none are chosen).
FOCUS_AREA_KINDS = (StepKind.SCORING, StepKind.PRIORITY)


# Rounds -----------------------------------------------------------------------------------


def create_round(
    version: StrategyVersion,
    title: str,
    year: int,
    description: str = "",
    owner=None,
    hold_proposals: bool = False,
) -> ReviewRound:
    """A new round of ``version`` with the default stakeholder groups and questions."""
    review_round = ReviewRound(
        strategy_version=version,
        title=title,
        year=year,
        description=description,
        owner=owner,
        hold_proposals=hold_proposals,
    )
    for position, (key, name, english) in enumerate(defaults.STAKEHOLDER_GROUPS):
        review_round.groups.append(
            StakeholderGroup(
                key=key, name=name, position=position, translations={"en": {"name": english}}
            )
        )
    for position, spec in enumerate(defaults.QUESTIONS):
        review_round.questions.append(
            Question(
                key=spec["key"],
                text=spec["text"],
                low_label=spec["low_label"],
                high_label=spec["high_label"],
                position=position,
                translations={"en": dict(spec["en"])},
            )
        )
    db.session.add(review_round)
    db.session.flush()
    return review_round


def update_round(
    review_round: ReviewRound,
    *,
    title: str,
    year: int,
    description: str,
    hold_proposals: bool | None = None,
    next_steps: str | None = None,
) -> None:
    review_round.title = title
    review_round.year = year
    review_round.description = description
    if hold_proposals is not None:
        review_round.hold_proposals = hold_proposals
    if next_steps is not None:
        review_round.next_steps = next_steps
    db.session.flush()


def set_round_status(review_round: ReviewRound, status: str) -> list[WorkshopSession]:
    """Open, close or reopen a round; returns the sessions that closed with it.

    Closing a round closes its open sessions (the callers tell their rooms), so no phone
    goes on scoring a closed round. Reopening it leaves its sessions closed: each is
    reopened on its own. A round that has been open never returns to draft.
    """
    if status not in RoundStatus.__members__.values():
        raise ReviewError("invalid_status", f"Unknown status {status!r}.")
    if status == RoundStatus.DRAFT and review_round.status != RoundStatus.DRAFT:
        raise ReviewError("invalid_transition", "A round that has been open is not a draft.")
    closed = []
    if status == RoundStatus.CLOSED:
        closed = [s for s in review_round.sessions if s.status == SessionStatus.OPEN]
        for session in closed:
            set_session_status(session, SessionStatus.CLOSED)
    review_round.status = status
    db.session.flush()
    return closed


def get_round(round_id: int) -> ReviewRound:
    review_round = db.session.get(ReviewRound, round_id)
    if review_round is None:
        raise NotFound(f"Round {round_id} does not exist.")
    return review_round


def resolve_round(reference: str) -> ReviewRound:
    """A round by its id or by ``latest`` (the most recently created), as CLI commands take it."""
    if reference == "latest":
        review_round = db.session.scalar(
            select(ReviewRound).order_by(ReviewRound.id.desc()).limit(1)
        )
        if review_round is None:
            raise NotFound("There are no review rounds yet.")
        return review_round
    if not reference.isdigit():
        raise NotFound(f"{reference!r} is not a round id or 'latest'.")
    return get_round(int(reference))


def list_rounds() -> list[ReviewRound]:
    return list(
        db.session.scalars(
            select(ReviewRound)
            .options(selectinload(ReviewRound.sessions))
            .order_by(ReviewRound.year.desc(), ReviewRound.id.desc())
        )
    )


def previous_round(review_round: ReviewRound) -> ReviewRound | None:
    """The latest earlier round of the same strategy: its results are the comparison point."""
    strategy_id = review_round.strategy_version.strategy_id
    return db.session.scalar(
        select(ReviewRound)
        .join(StrategyVersion, ReviewRound.strategy_version_id == StrategyVersion.id)
        .where(
            StrategyVersion.strategy_id == strategy_id,
            ReviewRound.id != review_round.id,
            (ReviewRound.year < review_round.year)
            | ((ReviewRound.year == review_round.year) & (ReviewRound.id < review_round.id)),
        )
        .order_by(ReviewRound.year.desc(), ReviewRound.id.desc())
        .limit(1)
    )


# Stakeholder groups and questions ---------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50] or "ryhma"


def add_group(review_round: ReviewRound, name: str, english: str = "") -> StakeholderGroup:
    """Add a stakeholder group to the round."""
    base = _slug(name)
    keys = {group.key for group in review_round.groups}
    key, n = base, 2
    while key in keys:
        key, n = f"{base}-{n}", n + 1
    group = StakeholderGroup(
        key=key,
        name=name,
        position=len(review_round.groups),
        translations={"en": {"name": english}} if english else {},
    )
    review_round.groups.append(group)
    db.session.flush()
    return group


def rename_group(group: StakeholderGroup, name: str, english: str = "") -> None:
    group.name = name
    group.translations = {"en": {"name": english}} if english else {}
    db.session.flush()


def group_participant_count(group: StakeholderGroup) -> int:
    """How many participants have joined as ``group`` (such a group cannot be removed)."""
    return db.session.scalar(
        select(func.count(Participant.id)).where(Participant.group_id == group.id)
    )


def remove_group(group: StakeholderGroup) -> None:
    """Remove a group nobody has joined as."""
    if group_participant_count(group):
        raise ReviewError("group_in_use", "Participants have joined as this group.")
    db.session.delete(group)
    db.session.flush()


def _set_question_texts(
    question: Question, text: str, english: str, labels: dict[str, str] | None
) -> None:
    """The question's Finnish texts and English translations, scale labels included.

    ``labels``: ``low_label``, ``high_label``, ``low_label_en``, ``high_label_en``; None keeps
    the labels the question has.
    """
    current = (question.translations or {}).get("en", {})
    if labels is None:
        labels = {
            "low_label": question.low_label or "",
            "high_label": question.high_label or "",
            "low_label_en": current.get("low_label", ""),
            "high_label_en": current.get("high_label", ""),
        }
    question.text = text
    question.low_label = labels.get("low_label", "")
    question.high_label = labels.get("high_label", "")
    english_texts = {
        "text": english,
        "low_label": labels.get("low_label_en", ""),
        "high_label": labels.get("high_label_en", ""),
    }
    english_texts = {field: value for field, value in english_texts.items() if value}
    translations = dict(question.translations or {})
    translations["en"] = english_texts
    question.translations = translations


def update_question(
    question: Question, *, text: str, english: str, labels: dict[str, str] | None = None
) -> None:
    """Change a question's texts (and, when given, its scale labels) in both languages."""
    _set_question_texts(question, text, english, labels)
    db.session.flush()


def add_question(
    review_round: ReviewRound, text: str, english: str = "", labels: dict[str, str] | None = None
) -> Question:
    """A new question of the round, on 1–5 with "don't know", with the scale labels given."""
    keys = {question.key for question in review_round.questions}
    n = len(review_round.questions) + 1
    while f"kysymys-{n}" in keys:
        n += 1
    question = Question(key=f"kysymys-{n}", position=len(review_round.questions), translations={})
    _set_question_texts(question, text, english, labels or {})
    review_round.questions.append(question)
    db.session.flush()
    return question


def question_answer_count(question: Question) -> int:
    """How many answers ``question`` has (an answered question cannot be removed)."""
    return db.session.scalar(select(func.count(Answer.id)).where(Answer.question_id == question.id))


def remove_question(question: Question) -> None:
    """Remove a question nobody has answered yet."""
    if question_answer_count(question):
        raise ReviewError("question_answered", "The question already has answers.")
    db.session.delete(question)
    db.session.flush()


# Sessions ---------------------------------------------------------------------------------


def _new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not db.session.scalar(
            select(WorkshopSession.id).where(WorkshopSession.join_code == code)
        ):
            return code


def normalise_join_code(code: str) -> str:
    """Codes may be typed in any case and with spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())[:32]


def default_agenda(session: WorkshopSession) -> list[AgendaStep]:
    """Welcome, indicators, one scoring step per theme, proposals, support, wrap-up."""
    version = session.review_round.strategy_version
    steps = [AgendaStep(kind=StepKind.WELCOME), AgendaStep(kind=StepKind.INDICATORS)]
    for theme in version.themes:
        steps.append(
            # Untitled: the theme's title is shown in each viewer's language (payloads.step_title).
            AgendaStep(
                kind=StepKind.SCORING, focus_area_keys=[area.key for area in theme.focus_areas]
            )
        )
    steps += [
        AgendaStep(kind=StepKind.PROPOSALS),
        AgendaStep(kind=StepKind.SUPPORT),
        AgendaStep(kind=StepKind.WRAPUP),
    ]
    for position, step in enumerate(steps):
        step.position = position
    return steps


def create_session(
    review_round: ReviewRound,
    title: str,
    location: str = "",
    starts_at: datetime | None = None,
    *,
    ask_identity: bool = False,
) -> WorkshopSession:
    """A session of the round with a fresh join code and the default agenda."""
    session = WorkshopSession(
        review_round=review_round,
        title=title,
        location=location,
        starts_at=starts_at,
        join_code=_new_join_code(),
        ask_identity=ask_identity,
    )
    db.session.add(session)
    session.steps = default_agenda(session)
    db.session.flush()
    return session


def create_online_session(review_round: ReviewRound, title: str) -> WorkshopSession:
    """An online window of the round: open, with one open scoring step of every focus area,
    which each participant answers at their own pace (no facilitator runs it)."""
    session = WorkshopSession(
        review_round=review_round, title=title, join_code=_new_join_code(), online=True
    )
    db.session.add(session)
    session.steps = [AgendaStep(kind=StepKind.SCORING, position=0, focus_area_keys=[])]
    db.session.flush()
    set_session_status(session, SessionStatus.OPEN)
    return session


def update_session(
    session: WorkshopSession,
    *,
    title: str,
    location: str,
    starts_at: datetime | None,
    ask_identity: bool | None = None,
) -> None:
    """Change a session's details; ``ask_identity`` None leaves that setting as it is."""
    session.title = title
    session.location = location
    session.starts_at = starts_at
    if ask_identity is not None:
        session.ask_identity = ask_identity
    db.session.flush()


def set_session_status(session: WorkshopSession, status: str) -> None:
    """Open a session for joining, close it, or reopen it (in a round that is not closed).

    Closing closes its open step (and its timer); answers are kept. A session that has been
    open never returns to draft. Opening a session of a draft round opens the round.
    """
    if status not in SessionStatus.__members__.values():
        raise ReviewError("invalid_status", f"Unknown status {status!r}.")
    if status == SessionStatus.DRAFT and session.status != SessionStatus.DRAFT:
        raise ReviewError("invalid_transition", "A session that has been open is not a draft.")
    if status == SessionStatus.OPEN and session.review_round.status == RoundStatus.CLOSED:
        raise ReviewError("round_closed", "The round is closed.")
    if status == SessionStatus.OPEN and session.review_round.status == RoundStatus.DRAFT:
        session.review_round.status = RoundStatus.OPEN
    if status == SessionStatus.CLOSED and session.open_step is not None:
        close_step(session.open_step)
    reopened = status == SessionStatus.OPEN and session.status != SessionStatus.OPEN
    if status == SessionStatus.CLOSED and session.status != SessionStatus.CLOSED:
        session.closed_at = utcnow()  # the retention of its code counts from here
    session.status = status
    db.session.flush()
    if reopened and session.online and session.steps:
        # No facilitator runs an online window: reopened, it is answerable again at once.
        open_step(session.steps[0])


@dataclass(frozen=True)
class ClosingImpact:
    """What closing a session or a round does, for the confirmation page."""

    open_sessions: list[WorkshopSession]
    participants: int
    open_steps: list[AgendaStep]
    answers: int


def closing_impact(sessions: list[WorkshopSession]) -> ClosingImpact:
    """The open ones of ``sessions``, their participants, open steps and answers (kept)."""
    open_sessions = [s for s in sessions if s.status == SessionStatus.OPEN]
    ids = [s.id for s in open_sessions]
    participants = answers = 0
    if ids:
        participants = db.session.scalar(
            select(func.count(Participant.id)).where(Participant.session_id.in_(ids))
        )
        answers = db.session.scalar(select(func.count(Answer.id)).where(Answer.session_id.in_(ids)))
    steps = [s.open_step for s in open_sessions if s.open_step is not None]
    return ClosingImpact(open_sessions, participants or 0, steps, answers or 0)


def get_session(session_id: int) -> WorkshopSession:
    session = db.session.get(WorkshopSession, session_id)
    if session is None:
        raise NotFound(f"Session {session_id} does not exist.")
    return session


def session_by_code(code: str) -> WorkshopSession | None:
    """The session with this join code, whatever its state (None when there is none)."""
    return db.session.scalar(
        select(WorkshopSession).where(WorkshopSession.join_code == normalise_join_code(code))
    )


# Agenda -----------------------------------------------------------------------------------


def get_step(session: WorkshopSession, step_id: int) -> AgendaStep:
    for step in session.steps:
        if step.id == step_id:
            return step
    raise ReviewError("unknown_step", "The step is not on this session's agenda.")


def add_step(
    session: WorkshopSession,
    kind: str,
    title: str = "",
    focus_area_keys: list[str] | None = None,
    config: dict | None = None,
) -> AgendaStep:
    """Append a step; a scoring step covers the given focus areas, or all when none are given.

    A prioritisation step offers its focus areas the same way; ``config`` is what an open
    question, poll or prioritisation asks, checked by ``workshop.steps.config.step_config``.
    """
    if kind not in StepKind.__members__.values():
        raise ReviewError("invalid_kind", f"Unknown step kind {kind!r}.")
    keys = list(focus_area_keys or [])
    known = {area.key for area in session.review_round.strategy_version.focus_areas}
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ReviewError("unknown_focus_area", f"Unknown focus areas: {', '.join(unknown)}.")
    step = AgendaStep(
        kind=kind,
        title=title,
        focus_area_keys=keys if kind in FOCUS_AREA_KINDS else [],
        config=dict(config or {}),
        position=max((s.position for s in session.steps), default=-1) + 1,
    )
    session.steps.append(step)
    db.session.flush()
    return step


def step_answer_count(step: AgendaStep) -> int:
    """How many answers were given in ``step`` (they are kept when it is removed)."""
    return db.session.scalar(select(func.count(Answer.id)).where(Answer.step_id == step.id))


def remove_step(step: AgendaStep) -> None:
    if step.status == StepStatus.OPEN:
        raise ReviewError("step_open", "Close the step before removing it.")
    step.session.steps.remove(step)
    db.session.flush()


def move_step(step: AgendaStep, offset: int) -> None:
    """Move a step up (-1) or down (+1) the agenda."""
    steps = list(step.session.steps)
    index = steps.index(step)
    target = min(max(index + offset, 0), len(steps) - 1)
    steps.insert(target, steps.pop(index))
    for position, item in enumerate(steps):
        item.position = position
    db.session.flush()


def open_step(step: AgendaStep) -> None:
    """Open ``step`` for everyone in the session, closing the step that was open.

    A reopened step starts without a timer: a timer belongs to one opening of a step.
    """
    session = step.session
    if session.status != SessionStatus.OPEN:
        raise ReviewError("session_not_open", "Open the session first.")
    current = session.open_step
    if current is not None and current.id != step.id:
        close_step(current)
    if step.status != StepStatus.OPEN:
        step.timer_ends_at = None
    step.status = StepStatus.OPEN
    step.opened_at = utcnow()
    step.closed_at = None
    db.session.flush()


def close_step(step: AgendaStep) -> None:
    """Close a step; its timer goes with it (phones and the projector stop showing it)."""
    step.status = StepStatus.CLOSED
    step.closed_at = utcnow()
    step.timer_ends_at = None
    db.session.flush()


def set_results_visible(step: AgendaStep, visible: bool) -> None:
    """Reveal the step's results to the room (projector and phones), or hide them again."""
    if visible and step.results_mode == ResultsMode.STAFF:
        raise ReviewError(
            "results_staff_only", "This step's results are for the facilitators only."
        )
    step.results_visible = visible
    db.session.flush()


def set_results_mode(step: AgendaStep, mode: ResultsMode) -> None:
    """Choose who sees the step's results while people answer; staff-only hides a reveal."""
    step.results_mode = mode
    if mode == ResultsMode.STAFF:
        step.results_visible = False
    db.session.flush()


def start_timer(step: AgendaStep, seconds: int) -> None:
    """Start (or restart) the countdown of an open step of an open session."""
    if step.status != StepStatus.OPEN or step.session.status != SessionStatus.OPEN:
        raise ReviewError("step_not_open", "Open the step before starting its timer.")
    if not 1 <= seconds <= MAX_TIMER_SECONDS:
        raise ReviewError("invalid_timer", "The timer must be between 1 second and 4 hours.")
    step.timer_ends_at = utcnow() + timedelta(seconds=seconds)
    db.session.flush()


def stop_timer(step: AgendaStep) -> None:
    step.timer_ends_at = None
    db.session.flush()


def step_focus_areas(step: AgendaStep):
    """The focus areas a scoring (or prioritisation) step covers, in strategy order."""
    areas = step.session.review_round.strategy_version.focus_areas
    if step.kind not in FOCUS_AREA_KINDS:
        return []
    if not step.focus_area_keys:
        return areas
    wanted = set(step.focus_area_keys)
    return [area for area in areas if area.key in wanted]
