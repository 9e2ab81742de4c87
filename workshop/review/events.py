"""Socket.IO handlers of a live workshop: participants answer, facilitators run the agenda.

Every event, its payload, acknowledgement and errors are documented in docs/protocol.md.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, request, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room
from sqlalchemy.orm import joinedload

from workshop.auth.models import STAFF_ROLES
from workshop.auth.permissions import require_round
from workshop.config import SUPPORTED_LOCALES
from workshop.connections import mark_authenticated
from workshop.errors import PermissionDenied
from workshop.extensions import db, socketio
from workshop.models import utcnow
from workshop.realtime import (
    BatchWriter,
    Coalescer,
    NoPayload,
    after_commit,
    emit_after_commit,
    on_lean_event,
    participants_room,
    server_error_ack,
    socket_handler,
    staff_room,
    user_room,
    validate_payload,
    validated_data,
)
from workshop.review import participation, payloads, services
from workshop.review.forms import (
    AnswerPayload,
    ResultsModePayload,
    RevealPayload,
    StepPayload,
    TimerPayload,
    WatchPayload,
)
from workshop.review.join_limits import joins
from workshop.review.models import (
    Participant,
    ResultsMode,
    ReviewRound,
    SessionStatus,
    StepKind,
    StepStatus,
    WorkshopSession,
)
from workshop.review.results import (
    merge_counts,
    min_group_size,
    participant_counts,
    step_results,
)
from workshop.review.services import ReviewError

# Live results -----------------------------------------------------------------------------


def results_step(workshop_session):
    """The scoring step whose results are live: the open one, else the last one closed."""
    step = workshop_session.open_step
    if step is not None and step.kind == StepKind.SCORING:
        return step
    closed = [
        s
        for s in workshop_session.steps
        if s.kind == StepKind.SCORING and s.status == StepStatus.CLOSED and s.closed_at
    ]
    return max(closed, key=lambda s: s.closed_at) if closed else None


def publish_live_results(session_id: int) -> None:
    """Send a session's current aggregates to its staff room, and to participants if revealed."""
    workshop_session = db.session.get(WorkshopSession, session_id)
    if workshop_session is None:
        return
    counts = participant_counts(workshop_session)
    step = results_step(workshop_session)
    update = {"session_id": session_id, "participants": counts, "results": None}
    if step is not None:
        update["results"] = _neutral(step_results(step))
    staff_update = {**update, "join_bursts": joins.bursts(session_id)}
    socketio.emit("results:update", staff_update, to=staff_room(session_id))
    if step is not None and step.results_shown:
        # Participants get the counts by group merged as the results are (docs/security.md).
        shared = {**update, "participants": merge_counts(counts, min_group_size())}
        for locale in SUPPORTED_LOCALES:
            socketio.emit("results:update", shared, to=participants_room(session_id, locale))


def _neutral(results: dict) -> dict:
    """Results with keys only; each client names them from the labels it already has."""
    return {
        "step_id": results["step_id"],
        "previous_round": results["previous_round"],
        "min_group_size": results["min_group_size"],
        "items": results["items"],
    }


live_results = Coalescer(publish_live_results)


def mark_results_changed(session_id: int) -> None:
    after_commit(lambda: live_results.mark(session_id))
    after_commit(lambda: _mark_themes(session_id))


def _mark_themes(session_id: int) -> None:
    # The live themes (workshop/synthesis/live.py) follow the same changes, on their own timer.
    from workshop.synthesis.live import mark_session

    mark_session(session_id)


# Connection -------------------------------------------------------------------------------


def current_participant(*loading) -> Participant:
    """The participant this connection joined as (raises PermissionDenied otherwise); with
    ``loading``, the related rows named by those loader options in the same query."""
    participant_id = session.get("participant_id")
    participant = (
        db.session.get(Participant, participant_id, options=loading) if participant_id else None
    )
    if participant is None:
        raise PermissionDenied("Join the workshop first.")
    if participant.removed:
        raise ReviewError("participant_removed", "A facilitator removed you from this workshop.")
    return participant


def require_staff() -> None:
    """Refuse anyone but a logged-in staff member (facilitator, council, admin)."""
    if not current_user.is_authenticated or current_user.role not in STAFF_ROLES:
        raise PermissionDenied("Only facilitators may do this.")


def participant_room(participant_id: int) -> str:
    """The room of one participant's connections (their devices' sockets)."""
    return f"participant:{participant_id}"


def staff_session(session_id: int) -> WorkshopSession:
    """The session of a staff event, refused unless the caller may run its round.

    The one check of every staff event (workshop.auth.permissions); the connection's login is
    loaded per event, so a session ended elsewhere (logout, deactivation) stops it at once.
    """
    require_staff()
    workshop_session = services.get_session(session_id)
    require_round(current_user, workshop_session.review_round)
    return workshop_session


def _refused(code: str) -> ConnectionRefusedError:
    """A refusal whose message is the error code and whose data is ``{"error": code}``."""
    return ConnectionRefusedError(code, {"error": code})


def on_connect(auth=None):
    """Participants connect with ``auth={"token": ...}``; facilitators with their login cookie.

    A connection accepted here is authenticated; one refused (or that never sends a CONNECT)
    is closed after ``SOCKET_AUTH_TIMEOUT`` seconds (workshop/connections.py).
    """
    accepted = _authenticate(auth)
    eio_sid = socketio.server.manager.eio_sid_from_sid(request.sid, request.namespace)
    mark_authenticated(current_app, eio_sid)
    return accepted


def _authenticate(auth) -> bool:
    """Accept a participant's token or a staff login; raise the refusal otherwise."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if token:
        participant = participation.participant_from_token(current_app.config["SECRET_KEY"], token)
        if participant is None or participant.session_id is None:
            raise _refused("invalid_token")
        if participant.removed:
            raise _refused("participant_removed")
        if participant.session.status != SessionStatus.OPEN:
            raise _refused("session_closed")
        session["participant_id"] = participant.id
        session["participant_locale"] = participant.locale  # the language of error acks
        join_room(participants_room(participant.session_id, participant.locale))
        join_room(participant_room(participant.id))
        return True
    if current_user.is_authenticated and current_user.role in STAFF_ROLES:
        session["staff_user_id"] = current_user.id
        join_room(user_room(current_user.id))  # closed when the login ends (realtime.py)
        return True
    raise _refused("unauthorized")


# Participant events -----------------------------------------------------------------------


# What a sync reads of the participant's surroundings, loaded with the participant in one
# query (and the agenda in a second) instead of one query each: a room connecting at once
# sends a thousand syncs.
_SYNC_LOADING = (
    joinedload(Participant.group),
    joinedload(Participant.session)
    .joinedload(WorkshopSession.review_round)
    .joinedload(ReviewRound.strategy_version),
    joinedload(Participant.session).selectinload(WorkshopSession.steps),
)


@socket_handler
def on_participant_sync(payload=None):
    """The participant's whole state: who they are, the open step, their answers."""
    participant = current_participant(*_SYNC_LOADING)
    validate_payload(NoPayload, payload)
    step = results_step(participant.session)
    revealed = step is not None and step.results_shown
    return payloads.participant_state(
        participant,
        participation.participant_answers(participant),
        _neutral(step_results(step)) if revealed else None,
    )


def write_answers(items: list[participation.AnswerInput]) -> list:
    """The batch write behind ``answer:submit``: one ack (or ReviewError) per item."""
    outcomes = []
    changed_sessions = set()
    for item, result in zip(items, participation.submit_answers(items), strict=True):
        if result.error is not None:
            outcomes.append(result.error)
            continue
        if not result.duplicate:
            changed_sessions.add(result.session_id)
        outcomes.append(
            {
                "ok": True,
                "duplicate": result.duplicate,
                "submission_id": item.submission_id,
                "answer": result.answer,
            }
        )
    for session_id in changed_sessions:
        mark_results_changed(session_id)
    return outcomes


answer_writer = BatchWriter(write_answers)


@socket_handler
def on_answer_submit(connection_session: Mapping, payload=None):
    """Record one score; acknowledged only after the commit, repeats acknowledged again.

    The hottest event, so a lean one (``on_lean_event``): no request context.
    """
    participant_id = connection_session.get("participant_id")
    if participant_id is None:
        raise PermissionDenied("Join the workshop first.")
    data = validated_data(AnswerPayload, payload)
    try:
        outcome = answer_writer.submit(
            participation.AnswerInput(
                participant_id=participant_id,
                submission_id=data["submission_id"],
                step_id=data["step_id"],
                question_key=data["question"],
                focus_area_key=data["focus_area"],
                value=data["value"],
                reason=data["reason"] or "",
            )
        )
    except (RuntimeError, TimeoutError):
        return server_error_ack()
    if isinstance(outcome, ReviewError):
        raise outcome
    return outcome


# Facilitator events -----------------------------------------------------------------------


def _staff_session(form):
    return staff_session(form.session_id.data)


def broadcast_state(workshop_session) -> None:
    """After a control change: the agenda to staff, the open step to participants."""
    emit_after_commit(
        "session:state", payloads.staff_state(workshop_session), staff_room(workshop_session.id)
    )
    for locale in SUPPORTED_LOCALES:
        emit_after_commit(
            "step:changed",
            {
                "session_status": workshop_session.status,
                "step": payloads.step_payload(workshop_session.open_step, locale),
                "server_time": payloads.iso(utcnow()),
            },
            participants_room(workshop_session.id, locale),
        )
    mark_results_changed(workshop_session.id)


@socket_handler
def on_staff_watch(payload=None):
    """Join a session's staff room; the ack carries the agenda, labels and live results."""
    form = validate_payload(WatchPayload, payload)
    workshop_session = _staff_session(form)
    join_room(staff_room(workshop_session.id))
    step = results_step(workshop_session)
    # The connection carries a copy of the login session, and with it the chosen language.
    locale = session.get("locale") if session.get("locale") in SUPPORTED_LOCALES else "fi"
    return {
        "ok": True,
        "state": payloads.staff_state(workshop_session),
        "labels": payloads.labels(workshop_session, locale),
        "participants": participant_counts(workshop_session),
        "results": _neutral(step_results(step)) if step is not None else None,
        "join_bursts": joins.bursts(workshop_session.id),
    }


def _control(payload, form_class, action):
    form = validate_payload(form_class, payload)
    workshop_session = _staff_session(form)
    step = services.get_step(workshop_session, form.step_id.data)
    action(step, form)
    broadcast_state(workshop_session)
    return {"ok": True, "state": payloads.staff_state(workshop_session)}


@socket_handler
def on_step_open(payload=None):
    return _control(payload, StepPayload, lambda step, form: services.open_step(step))


@socket_handler
def on_step_close(payload=None):
    return _control(payload, StepPayload, lambda step, form: services.close_step(step))


@socket_handler
def on_step_reveal(payload=None):
    return _control(
        payload,
        RevealPayload,
        lambda step, form: services.set_results_visible(step, form.visible.data),
    )


@socket_handler
def on_step_results_mode(payload=None):
    return _control(
        payload,
        ResultsModePayload,
        lambda step, form: services.set_results_mode(step, ResultsMode(form.mode.data)),
    )


@socket_handler
def on_timer_start(payload=None):
    return _control(
        payload, TimerPayload, lambda step, form: services.start_timer(step, form.seconds.data)
    )


@socket_handler
def on_timer_stop(payload=None):
    return _control(payload, StepPayload, lambda step, form: services.stop_timer(step))


def register_events() -> None:
    """Attach the handlers to the Socket.IO server (called once from create_app)."""
    socketio.on_event("connect", on_connect)
    socketio.on_event("participant:sync", on_participant_sync)
    on_lean_event("answer:submit", on_answer_submit)
    socketio.on_event("staff:watch", on_staff_watch)
    socketio.on_event("step:open", on_step_open)
    socketio.on_event("step:close", on_step_close)
    socketio.on_event("step:reveal", on_step_reveal)
    socketio.on_event("step:results_mode", on_step_results_mode)
    socketio.on_event("timer:start", on_timer_start)
    socketio.on_event("timer:stop", on_timer_stop)
