"""Taking part without an account: joining by code, the signed device token, answering."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from workshop.extensions import db
from workshop.models import utcnow
from workshop.review.models import (
    AgendaStep,
    Answer,
    Participant,
    Question,
    ReviewRound,
    SessionStatus,
    StepKind,
    StepStatus,
    Submission,
    WorkshopSession,
)
from workshop.review.services import ReviewError
from workshop.strategy.models import FocusArea

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
class AnswerInput:
    """One submitted score, as plain values."""

    participant_id: int
    submission_id: str
    step_id: int
    question_key: str
    focus_area_key: str
    value: int | None
    reason: str = ""


@dataclass
class AnswerResult:
    """What became of one submission: the stored answer (also for a repeat), or the error."""

    answer: Answer | None = None
    duplicate: bool = False
    error: ReviewError | None = None
    session_id: int | None = None


@dataclass(frozen=True)
class _StepFacts:
    session_id: int
    round_id: int
    version_id: int
    kind: str
    open: bool
    focus_area_keys: tuple[str, ...]


def _step_facts(step_ids: set[int]) -> dict[int, _StepFacts]:
    rows = db.session.execute(
        select(
            AgendaStep.id,
            AgendaStep.session_id,
            AgendaStep.kind,
            AgendaStep.status,
            AgendaStep.focus_area_keys,
            WorkshopSession.status,
            WorkshopSession.round_id,
            ReviewRound.strategy_version_id,
        )
        .join(WorkshopSession, AgendaStep.session_id == WorkshopSession.id)
        .join(ReviewRound, WorkshopSession.round_id == ReviewRound.id)
        .where(AgendaStep.id.in_(step_ids))
    ).all()
    version_ids = {row.strategy_version_id for row in rows if not row.focus_area_keys}
    all_keys: dict[int, tuple[str, ...]] = {}
    if version_ids:
        for version_id, key in db.session.execute(
            select(FocusArea.version_id, FocusArea.key).where(FocusArea.version_id.in_(version_ids))
        ):
            all_keys[version_id] = (*all_keys.get(version_id, ()), key)
    return {
        row.id: _StepFacts(
            session_id=row.session_id,
            round_id=row.round_id,
            version_id=row.strategy_version_id,
            kind=row.kind,
            open=row[3] == StepStatus.OPEN and row[5] == SessionStatus.OPEN,
            focus_area_keys=tuple(row.focus_area_keys or all_keys.get(row.strategy_version_id, ())),
        )
        for row in rows
    }


def _check(
    item: AnswerInput,
    participant: Participant | None,
    step: _StepFacts | None,
    question: Question | None,
) -> None:
    """The rules a score must pass; raises the first one broken."""
    if participant is None:
        raise ReviewError("unauthorized", "Join the workshop first.")
    if step is None or step.session_id != participant.session_id:
        raise ReviewError("unknown_step", "The step is not part of your workshop.")
    if step.kind != StepKind.SCORING:
        raise ReviewError("not_scoring", "This step does not take scores.")
    if not step.open:
        raise ReviewError("step_closed", "This step is closed; the answer was not saved.")
    if item.focus_area_key not in step.focus_area_keys:
        raise ReviewError("not_in_step", "This focus area is not scored in the open step.")
    if question is None:
        raise ReviewError("unknown_question", "Unknown question.")
    if item.value is not None and not question.scale_min <= item.value <= question.scale_max:
        raise ReviewError("invalid_value", "The score is outside the scale.")
    if item.value is None and not question.allow_dont_know:
        raise ReviewError("invalid_value", "This question needs a score.")


def submit_answers(items: list[AnswerInput]) -> list[AnswerResult]:
    """Record scores in order, each replacing the participant's earlier answer to the same
    question and focus area; a submission id already stored is a repeat and changes nothing.

    Works on a whole batch with a handful of queries, so that many answers arriving at once
    share one transaction (flushes only; the caller commits).
    """
    if not items:
        return []
    participant_ids = {item.participant_id for item in items}
    participants = {
        p.id: p
        for p in db.session.scalars(select(Participant).where(Participant.id.in_(participant_ids)))
    }
    answers = {
        (a.participant_id, a.question_id, a.focus_area_key): a
        for a in db.session.scalars(
            select(Answer).where(Answer.participant_id.in_(participant_ids))
        )
    }
    answers_by_id = {a.id: a for a in answers.values()}
    seen = {
        (participant_id, client_id): answer_id
        for participant_id, client_id, answer_id in db.session.execute(
            select(Submission.participant_id, Submission.client_id, Submission.answer_id).where(
                Submission.participant_id.in_(participant_ids),
                Submission.client_id.in_({item.submission_id for item in items}),
            )
        )
    }
    steps = _step_facts({item.step_id for item in items})
    questions = {
        (q.round_id, q.key): q
        for q in db.session.scalars(
            select(Question).where(Question.round_id.in_({s.round_id for s in steps.values()}))
        )
    }

    results: list[AnswerResult] = []
    new_submissions: list[tuple[Submission, Answer]] = []
    for item in items:
        participant = participants.get(item.participant_id)
        submission_key = (item.participant_id, item.submission_id)
        if submission_key in seen:
            earlier = seen[submission_key]
            answer = earlier if isinstance(earlier, Answer) else answers_by_id.get(earlier)
            if answer is not None:
                results.append(AnswerResult(answer, duplicate=True))
                continue
        step = steps.get(item.step_id)
        question = questions.get((step.round_id, item.question_key)) if step else None
        try:
            _check(item, participant, step, question)
        except ReviewError as error:
            results.append(AnswerResult(error=error))
            continue
        key = (participant.id, question.id, item.focus_area_key)
        answer = answers.get(key)
        if answer is None:
            answer = Answer(
                participant_id=participant.id,
                question_id=question.id,
                focus_area_key=item.focus_area_key,
            )
            answer.question = question
            db.session.add(answer)
            answers[key] = answer
        answer.value = item.value
        answer.reason = item.reason[:MAX_REASON_LENGTH]
        answer.session_id = step.session_id
        answer.step_id = item.step_id
        answer.updated_at = utcnow()
        submission = Submission(client_id=item.submission_id, participant_id=participant.id)
        new_submissions.append((submission, answer))
        seen[submission_key] = answer
        results.append(AnswerResult(answer, session_id=step.session_id))
    db.session.flush()  # gives new answers their ids
    for submission, answer in new_submissions:
        submission.answer_id = answer.id
    db.session.add_all(submission for submission, _ in new_submissions)
    db.session.flush()
    return results


def submit_answer(participant: Participant, **values) -> AnswerResult:
    """Record one score (see ``submit_answers``); raises the ReviewError of a broken rule."""
    result = submit_answers([AnswerInput(participant_id=participant.id, **values)])[0]
    if result.error is not None:
        raise result.error
    return result


def participant_answers(participant: Participant) -> list[Answer]:
    return list(db.session.scalars(select(Answer).where(Answer.participant_id == participant.id)))
