"""Socket.IO events of the review assistant (documented in docs/protocol.md).

The client asks, the server answers in the acknowledgement: after ``step:changed`` the client
sends ``assistant:prompt`` and shows the replies, so nothing is pushed per participant.
"""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l

from workshop.assistant import services
from workshop.assistant.forms import MessagePayload, PromptPayload
from workshop.extensions import socketio
from workshop.language import morphology
from workshop.realtime import NoPayload, PayloadError, socket_handler, validate_payload
from workshop.review.events import current_participant

EMPTY_MESSAGE = _l("Write a message or choose a reply.")


@socket_handler
def on_message(payload=None):
    """``{text}`` or ``{reply, label}`` → ``{ok, messages: [the assistant's replies]}``."""
    participant = current_participant()
    form = validate_payload(MessagePayload, payload)
    if not (form.text.data or "").strip() and not form.reply.data:
        raise PayloadError({"text": [EMPTY_MESSAGE]})
    messages = services.handle_message(
        participant,
        text=form.text.data or "",
        reply=form.reply.data or "",
        label=form.label.data or "",
    )
    return {"ok": True, "messages": messages}


@socket_handler
def on_prompt(payload=None):
    """``{visit?}`` → ``{ok, messages}``: what the assistant says by itself now."""
    participant = current_participant()
    form = validate_payload(PromptPayload, payload)
    return {"ok": True, "messages": services.prompt(participant, visit=form.visit.data)}


@socket_handler
def on_history(payload=None):
    """``{}`` → ``{ok, messages}``: the conversation so far, oldest first."""
    participant = current_participant()
    validate_payload(NoPayload, payload)
    return {"ok": True, "messages": services.history(participant)}


def register_events() -> None:
    """Attach the assistant's handlers (called once from create_app); say at start when the
    assistant cannot work on this machine (it then says so in the chat too)."""
    if not morphology.available():
        logging.getLogger("workshop.assistant").warning(morphology.INSTALL_HINT)
    socketio.on_event("assistant:message", on_message)
    socketio.on_event("assistant:prompt", on_prompt)
    socketio.on_event("assistant:history", on_history)
