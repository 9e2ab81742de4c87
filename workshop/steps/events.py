"""Socket.IO handlers of open questions, polls and prioritisation (docs/protocol.md).

Results reach the staff room and, when the step's results are shown to the room, the
participants as one coalesced ``steps:update`` per session, like the scores' results.
"""

from __future__ import annotations

from flask_login import current_user

from workshop.config import SUPPORTED_LOCALES
from workshop.extensions import db, socketio
from workshop.realtime import (
    Coalescer,
    after_commit,
    participants_room,
    socket_handler,
    staff_room,
    validate_payload,
)
from workshop.review import services as review_services
from workshop.review.events import current_participant, staff_session
from workshop.review.forms import StepPayload
from workshop.review.models import StepKind, WorkshopSession
from workshop.steps import services
from workshop.steps.config import KINDS
from workshop.steps.forms import (
    ChoicePayload,
    MinePayload,
    OpenAnswerPayload,
    OpenModeratePayload,
)


def staff_update(step) -> dict:
    """The step's results for the console and the projector, with the moderation queue.

    ``results`` is what the room may see (approved answers only); the projector shows it
    when ``results_shown``, the console always.
    """
    update = {
        "session_id": step.session_id,
        "step_id": step.id,
        "kind": step.kind,
        "results_shown": step.results_shown,
        "results": services.results_of(step),
        "config": step.config,
        "labels": option_labels(step),
    }
    if step.kind == StepKind.OPEN_QUESTION:
        update["moderation"] = services.moderation_queue(step)
    return update


def option_labels(step) -> dict:
    """The name of each option in every language: staff rooms mix languages, results carry keys."""
    if step.kind == StepKind.POLL:
        return {
            o["key"]: {lang: o["text"] for lang in SUPPORTED_LOCALES}
            for o in step.config.get("options", [])
        }
    return {
        area.key: {lang: area.tr("title", lang) for lang in SUPPORTED_LOCALES}
        for area in review_services.step_focus_areas(step)
    }


def room_update(step) -> dict:
    return {
        "session_id": step.session_id,
        "step_id": step.id,
        "kind": step.kind,
        "results": services.results_of(step),
    }


def publish_step_results(session_id: int) -> None:
    """Send the open step's results to staff, and to participants if the room sees them."""
    workshop_session = db.session.get(WorkshopSession, session_id)
    step = workshop_session.open_step if workshop_session is not None else None
    if step is None or step.kind not in KINDS:
        return
    socketio.emit("steps:update", staff_update(step), to=staff_room(session_id))
    if step.results_shown:
        shared = room_update(step)
        for locale in SUPPORTED_LOCALES:
            socketio.emit("steps:update", shared, to=participants_room(session_id, locale))


live_step_results = Coalescer(publish_step_results)


def mark_step_changed(session_id: int) -> None:
    after_commit(lambda: live_step_results.mark(session_id))


# Participant events -----------------------------------------------------------------------


def _answer_payload(answer) -> dict:
    return {
        "id": answer.id,
        "client_id": answer.client_id,
        "text": answer.text,
        "status": answer.status,
    }


@socket_handler
def on_open_submit(payload=None):
    """Add a short answer to the open question; held until a facilitator approves it."""
    participant = current_participant()
    form = validate_payload(OpenAnswerPayload, payload)
    answer, duplicate = services.submit_open_answer(
        participant, form.step_id.data, form.text.data, form.client_id.data
    )
    if not duplicate:
        mark_step_changed(participant.session_id)
    return {"ok": True, "duplicate": duplicate, "answer": _answer_payload(answer)}


@socket_handler
def on_choice_submit(payload=None):
    """Choose in a poll or a prioritisation (the keys in order); choosing again replaces it."""
    participant = current_participant()
    form = validate_payload(ChoicePayload, payload)
    choice = services.submit_choice(participant, form.step_id.data, list(form.choices.data))
    mark_step_changed(participant.session_id)
    return {"ok": True, "step_id": choice.step_id, "choices": list(choice.choices)}


@socket_handler
def on_step_mine(payload=None):
    """The participant's own answers or choice in the open step, and its results if shown."""
    participant = current_participant()
    form = validate_payload(MinePayload, payload)
    step = review_services.get_step(participant.session, form.step_id.data)
    reply = {"ok": True, "step_id": step.id, "answers": [], "choices": [], "results": None}
    if step.kind == StepKind.OPEN_QUESTION:
        reply["answers"] = [_answer_payload(a) for a in services.open_answers(step, participant)]
    elif step.kind in (StepKind.POLL, StepKind.PRIORITY):
        reply["choices"] = services.participant_choice(step, participant)
    if step.kind in KINDS and step.results_shown:
        reply["results"] = services.results_of(step)
    return reply


# Facilitator events -----------------------------------------------------------------------


def _staff_step(form):
    workshop_session = staff_session(form.session_id.data)
    step = review_services.get_step(workshop_session, form.step_id.data)
    if step.kind not in KINDS:
        raise review_services.ReviewError("wrong_step_kind", "This step has no such results.")
    return step


@socket_handler
def on_step_results(payload=None):
    """A step's results and moderation queue as staff see them (``steps:update``'s form)."""
    step = _staff_step(validate_payload(StepPayload, payload))
    return {"ok": True, **staff_update(step)}


@socket_handler
def on_open_moderate(payload=None):
    """Approve an open answer, or hide it with a reason from the list (or "other" and words)."""
    form = validate_payload(OpenModeratePayload, payload)
    step = _staff_step(form)
    answer = services.get_open_answer(step, form.answer_id.data)
    reason = ""
    if form.action.data == "hide":
        reason = services.hide_reason(form.reason.data or "", form.other.data or "")
    services.moderate_open_answer(answer, form.action.data, current_user, reason)
    mark_step_changed(step.session_id)
    return {"ok": True, "answer": services.moderation_queue_item(answer)}


def register_events() -> None:
    """Attach the handlers to the Socket.IO server (called once from create_app)."""
    socketio.on_event("open:submit", on_open_submit)
    socketio.on_event("choice:submit", on_choice_submit)
    socketio.on_event("step:mine", on_step_mine)
    socketio.on_event("step:results", on_step_results)
    socketio.on_event("open:moderate", on_open_moderate)
