"""Taking part without an account: joining by code, the signed device token, answering."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workshop.extensions import db
from workshop.models import utcnow
from workshop.review.models import (
    AgendaStep,
    Answer,
    Participant,
    Question,
    SessionStatus,
    StepKind,
    StepStatus,
    Submission,
    WorkshopSession,
)
from workshop.review.services import ReviewError, step_focus_areas

TOKEN_SALT = "workshop.participant"
MAX_REASON_LENGTH = 2000


# Joining ----------------------------------------------------------------------------------


def check_joinable(session: WorkshopSession | None) -> WorkshopSession:
    """The session if it can be joined now, else a ReviewError saying why."""
    if session is None:
        raise ReviewError("unknown_code", "No workshop has this code.")
    if session.status == SessionStatus.DRAFT:
        raise ReviewError("not_open", "This workshop has not been opened yet.")
    if session.status == SessionStatus.CLOSED:
        raise ReviewError("closed", "This workshop has ended.")
    return session


def join_session(
    session: WorkshopSession,
    group_key: str,
    *,
    organisation: str = "",
    name: str = "",
    locale: str = "fi",
    participant: Participant | None = None,
) -> Participant:
    """Add a participant to an open session, or move a known one (same round) into it."""
    check_joinable(session)
    group = next((g for g in session.review_round.groups if g.key == group_key), None)
    if group is None:
        raise ReviewError("unknown_group", "Choose one of the stakeholder groups.")
    if participant is None or participant.round_id != session.round_id:
        participant = Participant(round_id=session.round_id)
        db.session.add(participant)
    participant.session_id = session.id
    participant.group_id = group.id
    participant.organisation = organisation
    participant.name = name
    participant.locale = locale
    db.session.flush()
    return participant


def make_token(secret_key: str, participant: Participant) -> str:
    """A signed, unforgeable token naming the participant and the round."""
    serializer = URLSafeSerializer(secret_key, salt=TOKEN_SALT)
    return serializer.dumps({"p": participant.id, "r": participant.round_id})


def participant_from_token(secret_key: str, token: str | None) -> Participant | None:
    """The participant a token names, or None when the token is missing, forged or stale."""
    if not token or not isinstance(token, str) or len(token) > 500:
        return None
    try:
        data = URLSafeSerializer(secret_key, salt=TOKEN_SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    participant = db.session.get(Participant, data["p"])
    if participant is None or participant.round_id != data.get("r"):
        return None
    return participant


# Answering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerResult:
    answer: Answer
    duplicate: bool


def _scoring_step(participant: Participant, step_id: int) -> AgendaStep:
    step = db.session.get(AgendaStep, step_id)
    if step is None or step.session_id != participant.session_id:
        raise ReviewError("unknown_step", "The step is not part of your workshop.")
    if step.kind != StepKind.SCORING:
        raise ReviewError("not_scoring", "This step does not take scores.")
    if step.status != StepStatus.OPEN or step.session.status != SessionStatus.OPEN:
        raise ReviewError("step_closed", "This step is closed; the answer was not saved.")
    return step


def _question(participant: Participant, key: str) -> Question:
    question = db.session.scalar(
        select(Question).where(Question.round_id == participant.round_id, Question.key == key)
    )
    if question is None:
        raise ReviewError("unknown_question", "Unknown question.")
    return question


def submit_answer(
    participant: Participant,
    *,
    submission_id: str,
    step_id: int,
    question_key: str,
    focus_area_key: str,
    value: int | None,
    reason: str = "",
) -> AnswerResult:
    """Record a score, replacing the participant's earlier one; a repeated submission id is
    acknowledged again without changing anything (flushes only)."""
    earlier = db.session.scalar(
        select(Submission).where(
            Submission.participant_id == participant.id, Submission.client_id == submission_id
        )
    )
    if earlier is not None:
        answer = db.session.get(Answer, earlier.answer_id) if earlier.answer_id else None
        if answer is not None:
            return AnswerResult(answer, duplicate=True)
    step = _scoring_step(participant, step_id)
    if focus_area_key not in {area.key for area in step_focus_areas(step)}:
        raise ReviewError("not_in_step", "This focus area is not scored in the open step.")
    question = _question(participant, question_key)
    if value is not None and not question.scale_min <= value <= question.scale_max:
        raise ReviewError("invalid_value", "The score is outside the scale.")
    if value is None and not question.allow_dont_know:
        raise ReviewError("invalid_value", "This question needs a score.")
    answer = db.session.scalar(
        select(Answer).where(
            Answer.participant_id == participant.id,
            Answer.question_id == question.id,
            Answer.focus_area_key == focus_area_key,
        )
    )
    if answer is None:
        answer = Answer(
            participant_id=participant.id, question_id=question.id, focus_area_key=focus_area_key
        )
        db.session.add(answer)
    answer.value = value
    answer.reason = reason[:MAX_REASON_LENGTH]
    answer.session_id = step.session_id
    answer.step_id = step.id
    answer.updated_at = utcnow()
    db.session.flush()
    db.session.add(
        Submission(client_id=submission_id, participant_id=participant.id, answer_id=answer.id)
    )
    db.session.flush()
    return AnswerResult(answer, duplicate=False)


def is_duplicate_submission_error(error: IntegrityError) -> bool:
    """Whether a commit failed because the same submission raced in twice."""
    return "submission" in str(error.orig).lower()


def participant_answers(participant: Participant) -> list[Answer]:
    return list(db.session.scalars(select(Answer).where(Answer.participant_id == participant.id)))
