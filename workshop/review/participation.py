"""Taking part without an account: joining by code, the signed device token, answering."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Select, TextClause, bindparam, select, text, update
from sqlalchemy.orm import joinedload

from workshop.audit.services import record
from workshop.config import SUPPORTED_LOCALES
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
from workshop.strategy.models import FocusArea, StrategyVersion

TOKEN_SALT = "workshop.participant"
MAX_REASON_LENGTH = 2000
# A device that joined a closed session still sees its ended page this long; then its code is
# unknown to everyone (docs/protocol.md, "Join codes").
CLOSED_CODE_RETENTION = timedelta(days=30)
PIN_LENGTH = 4
MAX_REMOVAL_REASON_LENGTH = 500


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


def typed_code_session(session: WorkshopSession | None) -> WorkshopSession | None:
    """The session a typed code finds: a closed session's code answers like an unknown one."""
    if session is None or session.status == SessionStatus.CLOSED:
        return None
    return session


def device_code_session(session: WorkshopSession | None) -> WorkshopSession | None:
    """The session a device that joined it finds: its ended page until the retention ends."""
    if session is None or session.status != SessionStatus.CLOSED:
        return session
    if session.closed_at is not None and session.closed_at < utcnow() - CLOSED_CODE_RETENTION:
        return None
    return session


def set_join_pin(session: WorkshopSession, required: bool) -> None:
    """Require a PIN said aloud in the room (a new one each time it is turned on), or not."""
    if not required:
        session.join_pin = None
    elif not session.join_pin:
        session.join_pin = "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))
    db.session.flush()


def pin_matches(session: WorkshopSession, typed: str | None) -> bool:
    """Whether ``typed`` is the session's PIN (always True when it asks for none)."""
    if not session.join_pin:
        return True
    typed = "".join(ch for ch in (typed or "") if ch.isdigit())
    return secrets.compare_digest(typed, session.join_pin)


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
    if participant is not None and participant.removed:
        raise ReviewError("participant_removed", "A facilitator removed you from this workshop.")
    group = next((g for g in session.review_round.groups if g.key == group_key), None)
    if group is None:
        raise ReviewError("unknown_group", "Choose one of the stakeholder groups.")
    if participant is None or participant.round_id != session.round_id:
        participant = Participant(round_id=session.round_id)
        db.session.add(participant)
    if participant.group_id is not None and participant.group_id != group.id:
        # Their earlier answers now count for the group they chose (see Answer.group_id).
        db.session.execute(
            update(Answer).where(Answer.participant_id == participant.id).values(group_id=group.id)
        )
    participant.session_id = session.id
    participant.group_id = group.id
    # A session that does not ask for them stores neither, whatever a client sends
    # (docs/protocol.md, "Joining"): ignoring them coerces nothing, since nothing is kept.
    participant.organisation = organisation if session.ask_identity else ""
    participant.name = name if session.ask_identity else ""
    participant.locale = locale
    db.session.flush()
    return participant


def set_locale(participant: Participant, locale: str) -> None:
    """Texts the server sends this participant (steps, labels) follow ``locale`` from now on."""
    if locale in SUPPORTED_LOCALES and participant.locale != locale:
        participant.locale = locale
        db.session.flush()


def make_token(secret_key: str, participant: Participant) -> str:
    """A signed, unforgeable token naming the participant and the round."""
    serializer = URLSafeSerializer(secret_key, salt=TOKEN_SALT)
    return serializer.dumps({"p": participant.id, "r": participant.round_id})


def participant_from_token(secret_key: str, token: str | None) -> Participant | None:
    """The participant a token names, or None when the token is missing, forged or stale.

    A removed participant is returned too: the caller refuses them with their own code.
    """
    if not token or not isinstance(token, str) or len(token) > 500:
        return None
    try:
        data = URLSafeSerializer(secret_key, salt=TOKEN_SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    # With its session: every caller looks at it next (a connect checks that it is open).
    participant = db.session.get(Participant, data["p"], options=[joinedload(Participant.session)])
    if participant is None or participant.round_id != data.get("r"):
        return None
    # An erased participant is returned too: anonymous now, but still the same participant, so
    # erasing their data never lets them join again and be counted twice.
    return participant


# Removing and restoring -------------------------------------------------------------------


def remove_participant(participant: Participant, reason: str, *, actor) -> None:
    """Take a participant out of the workshop: their answers leave every result and their token
    stops working; the record stays (soft delete) so the removal can be answered for."""
    reason = reason.strip()[:MAX_REMOVAL_REASON_LENGTH]
    if not reason:
        raise ReviewError("reason_required", "Say why the participant is removed.")
    if participant.removed:
        raise ReviewError("already_removed", "The participant has already been removed.")
    participant.removed_at = utcnow()
    participant.removed_reason = reason
    record(
        "participant.remove",
        actor=actor,
        subject=f"participant:{participant.id}",
        reason=reason,
        session=participant.session_id,
    )
    db.session.flush()


def restore_participant(participant: Participant, *, actor) -> None:
    """Undo a removal: the answers count again and the token works again."""
    if not participant.removed:
        raise ReviewError("not_removed", "The participant has not been removed.")
    participant.removed_at = None
    participant.removed_reason = ""
    record(
        "participant.restore",
        actor=actor,
        subject=f"participant:{participant.id}",
        session=participant.session_id,
    )
    db.session.flush()


def session_participants(session: WorkshopSession) -> list[Participant]:
    """Everyone who joined the session, removed ones too, in the order they joined."""
    return list(
        db.session.scalars(
            select(Participant)
            .where(Participant.session_id == session.id)
            .order_by(Participant.created_at, Participant.id)
        )
    )


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

    answer: dict | None = None
    duplicate: bool = False
    error: ReviewError | None = None
    session_id: int | None = None


@dataclass(frozen=True)
class _StepFacts:
    session_id: int
    round_id: int
    kind: str
    open: bool
    focus_area_keys: frozenset[str]


# Focus-area keys of a version's whole list, by (version id, creation time): a published
# version never changes, and the time tells apart two versions that reused an id.
_version_area_keys: dict[tuple[int, object], frozenset[str]] = {}


def _area_keys_of_versions(versions: set[tuple[int, object]]) -> None:
    missing = {version for version in versions if version not in _version_area_keys}
    if not missing:
        return
    found: dict[int, set[str]] = {version_id: set() for version_id, _ in missing}
    for version_id, key in db.session.execute(
        select(FocusArea.version_id, FocusArea.key).where(FocusArea.version_id.in_(found))
    ):
        found[version_id].add(key)
    if len(_version_area_keys) > 1000:
        _version_area_keys.clear()
    for version_id, created_at in missing:
        _version_area_keys[version_id, created_at] = frozenset(found[version_id])


# The batch write's statements are built once, on the tables rather than the mapped classes:
# at a handful of answers per batch (people scoring at their own pace) building them anew
# and the ORM's handling of each took more time than running them.


@functools.cache
def _step_facts_query() -> Select:
    step, session = AgendaStep.__table__.c, WorkshopSession.__table__.c
    review_round, version = ReviewRound.__table__.c, StrategyVersion.__table__.c
    return (
        select(
            step.id,
            step.session_id,
            step.kind,
            step.status.label("step_status"),
            step.focus_area_keys,
            session.status.label("session_status"),
            session.round_id,
            review_round.strategy_version_id,
            version.created_at.label("version_created_at"),
        )
        .join_from(AgendaStep.__table__, WorkshopSession.__table__, step.session_id == session.id)
        .join(ReviewRound.__table__, session.round_id == review_round.id)
        .join(StrategyVersion.__table__, review_round.strategy_version_id == version.id)
        .where(step.id.in_(bindparam("ids", expanding=True)))
    )


@functools.cache
def _membership_query() -> Select:
    participant = Participant.__table__.c
    return select(
        participant.id, participant.session_id, participant.group_id, participant.removed_at
    ).where(participant.id.in_(bindparam("ids", expanding=True)))


@functools.cache
def _questions_query() -> Select:
    question = Question.__table__.c
    return select(
        question.id,
        question.round_id,
        question.key,
        question.scale_min,
        question.scale_max,
        question.allow_dont_know,
    ).where(question.round_id.in_(bindparam("ids", expanding=True)))


def _step_facts(step_ids: set[int]) -> dict[int, _StepFacts]:
    rows = db.session.execute(_step_facts_query(), {"ids": sorted(step_ids)}).all()
    _area_keys_of_versions(
        {
            (row.strategy_version_id, row.version_created_at)
            for row in rows
            if not row.focus_area_keys
        }
    )
    return {
        row.id: _StepFacts(
            session_id=row.session_id,
            round_id=row.round_id,
            kind=row.kind,
            open=row.step_status == StepStatus.OPEN and row.session_status == SessionStatus.OPEN,
            focus_area_keys=frozenset(row.focus_area_keys)
            if row.focus_area_keys
            else _version_area_keys[row.strategy_version_id, row.version_created_at],
        )
        for row in rows
    }


def _check(
    item: AnswerInput, session_id: int | None, step: _StepFacts | None, question, removed: bool
) -> None:
    """The rules a score must pass; raises the first one broken."""
    if session_id is None:
        raise ReviewError("unauthorized", "Join the workshop first.")
    if removed:
        raise ReviewError("participant_removed", "A facilitator removed you from this workshop.")
    if step is None or step.session_id != session_id:
        raise ReviewError("unknown_step", "The step is not part of your workshop.")
    if step.kind != StepKind.SCORING:
        raise ReviewError("not_scoring", "This step does not take scores.")
    if not step.open:
        raise ReviewError("step_closed", "This step is closed; the answer was not saved.")
    if item.focus_area_key not in step.focus_area_keys:
        raise ReviewError("not_in_step", "This focus area is not scored in the open step.")
    if question is None:
        raise ReviewError("unknown_question", "Unknown question.")
    # type(): a bool is an int to Python, and True would be stored as a score of 1.
    if item.value is not None and not (
        type(item.value) is int and question.scale_min <= item.value <= question.scale_max
    ):
        raise ReviewError("invalid_value", "The score is outside the scale.")
    if item.value is None and not question.allow_dont_know:
        raise ReviewError("invalid_value", "This question needs a score.")


def _upsert(rows: list[dict]) -> dict[tuple[int, int, str], int]:
    """Insert answers or replace the earlier ones, in one statement; returns their ids.

    The rows go as executemany parameters, not as a multi-row VALUES clause: the statement is
    then the same for every batch size and compiled once (SQLAlchemy still sends the rows
    in one INSERT with its "insertmanyvalues" batching).
    """
    statement = _upsert_statement(db.session.get_bind().dialect.name)
    return {
        (row.participant_id, row.question_id, row.focus_area_key): row.id
        for row in db.session.execute(statement, rows)
    }


@functools.cache
def _upsert_statement(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = Answer.__table__
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=[table.c.participant_id, table.c.question_id, table.c.focus_area_key],
        set_={
            name: statement.excluded[name]
            for name in ("value", "reason", "session_id", "step_id", "updated_at")
        },
    ).returning(table.c.id, table.c.participant_id, table.c.question_id, table.c.focus_area_key)


def _stored_answers(answer_ids: set[int]) -> dict[int, dict]:
    rows = db.session.execute(
        select(
            Answer.id,
            Question.key,
            Answer.focus_area_key,
            Answer.value,
            Answer.reason,
            Answer.updated_at,
        )
        .join(Question, Answer.question_id == Question.id)
        .where(Answer.id.in_(answer_ids))
    )
    return {
        row.id: answer_dict(row.key, row.focus_area_key, row.value, row.reason, row.updated_at)
        for row in rows
    }


def answer_dict(question_key, focus_area_key, value, reason, updated_at) -> dict:
    """An answer as the protocol sends it."""
    return {
        "question": question_key,
        "focus_area": focus_area_key,
        "value": value,
        "reason": reason,
        "updated_at": updated_at.isoformat().replace("+00:00", "Z"),
    }


def _stored_submissions(wanted: set[tuple[int, str]]) -> dict[tuple[int, str], int | None]:
    """The answer id of each (participant id, submission id) pair already stored.

    The pairs are joined as a VALUES list, so that each is one lookup in the unique index;
    ``participant_id IN (...) AND client_id IN (...)`` probed every combination, which for a
    batch of 250 answers was 62,500 lookups and a tenth of the server's time.
    """
    if not wanted:
        return {}
    pairs = sorted(wanted)
    # The statement is made for a power of two of pairs, the last pair repeated to fill it:
    # at most nine statements for batches of up to 256, not one per batch size.
    size = 1 << (len(pairs) - 1).bit_length()
    pairs += pairs[-1:] * (size - len(pairs))
    params = {}
    for index, (participant_id, client_id) in enumerate(pairs):
        params[f"p{index}"] = participant_id
        params[f"c{index}"] = client_id
    rows = db.session.execute(_submission_lookup(size), params)
    return {(participant_id, client_id): answer_id for participant_id, client_id, answer_id in rows}


@functools.cache
def _submission_lookup(size: int) -> TextClause:
    # Plain SQL made once per size: a VALUES construct would be compiled anew for every
    # batch, which cost more than the lookup itself.
    pairs = ", ".join(f"(:p{index}, :c{index})" for index in range(size))
    return text(
        f"WITH wanted (participant_id, client_id) AS (VALUES {pairs}) "
        "SELECT submission.participant_id, submission.client_id, submission.answer_id "
        "FROM wanted JOIN submission ON submission.participant_id = wanted.participant_id "
        "AND submission.client_id = wanted.client_id"
    )


def submit_answers(items: list[AnswerInput]) -> list[AnswerResult]:
    """Record scores in order, each replacing the participant's earlier answer to the same
    question and focus area; a submission id already stored is a repeat and changes nothing.

    A whole batch takes a fixed handful of statements (one upsert for all its answers), so
    that many answers arriving at once share one transaction; the caller commits.
    """
    if not items:
        return []
    participant_ids = {item.participant_id for item in items}
    membership = {
        row.id: (row.session_id, row.group_id, row.removed_at is not None)
        for row in db.session.execute(_membership_query(), {"ids": sorted(participant_ids)})
    }
    stored_submissions = _stored_submissions(
        {(item.participant_id, item.submission_id) for item in items}
    )
    steps = _step_facts({item.step_id for item in items})
    questions = {
        (row.round_id, row.key): row
        for row in db.session.execute(
            _questions_query(), {"ids": sorted({step.round_id for step in steps.values()})}
        )
    }

    now = utcnow()
    results: list[AnswerResult | None] = [None] * len(items)
    rows: dict[tuple[int, int, str], dict] = {}  # the last submission of a cell wins
    accepted: dict[tuple[int, str], tuple[int, tuple[int, int, str]]] = {}
    stored_repeats: dict[int, int | None] = {}  # item index -> the stored answer's id
    batch_repeats: dict[int, int] = {}  # item index -> index of the same submission earlier
    for index, item in enumerate(items):
        submission = (item.participant_id, item.submission_id)
        if submission in stored_submissions:
            stored_repeats[index] = stored_submissions[submission]
            continue
        if submission in accepted:
            batch_repeats[index] = accepted[submission][0]
            continue
        step = steps.get(item.step_id)
        question = questions.get((step.round_id, item.question_key)) if step else None
        try:
            session_id, group_id, removed = membership.get(item.participant_id, (None, None, False))
            _check(item, session_id, step, question, removed)
        except ReviewError as error:
            results[index] = AnswerResult(error=error)
            continue
        cell = (item.participant_id, question.id, item.focus_area_key)
        rows[cell] = {
            "participant_id": item.participant_id,
            "group_id": group_id,
            "question_id": question.id,
            "focus_area_key": item.focus_area_key,
            "value": item.value,
            "reason": item.reason[:MAX_REASON_LENGTH],
            "session_id": step.session_id,
            "step_id": item.step_id,
            "created_at": now,
            "updated_at": now,
        }
        accepted[submission] = (index, cell)
        results[index] = AnswerResult(
            answer_dict(
                item.question_key, item.focus_area_key, item.value, rows[cell]["reason"], now
            ),
            session_id=step.session_id,
        )

    answer_ids = _upsert(list(rows.values())) if rows else {}
    if accepted:
        db.session.execute(
            Submission.__table__.insert(),
            [
                {
                    "client_id": client_id,
                    "participant_id": participant_id,
                    "answer_id": answer_ids[cell],
                    "received_at": now,
                }
                for (participant_id, client_id), (_, cell) in accepted.items()
            ],
        )
    repeated_ids = {ref for ref in stored_repeats.values() if ref is not None}
    earlier = _stored_answers(repeated_ids) if repeated_ids else {}
    for index, answer_id in stored_repeats.items():
        results[index] = AnswerResult(earlier.get(answer_id), duplicate=True)
    for index, first in batch_repeats.items():
        results[index] = AnswerResult(results[first].answer, duplicate=True)
    return results


def submit_answer(participant: Participant, **values) -> AnswerResult:
    """Record one score (see ``submit_answers``); raises the ReviewError of a broken rule."""
    result = submit_answers([AnswerInput(participant_id=participant.id, **values)])[0]
    if result.error is not None:
        raise result.error
    return result


def participant_answers(participant: Participant) -> list[Answer]:
    return list(db.session.scalars(select(Answer).where(Answer.participant_id == participant.id)))
