"""Socket.IO of the live themes: staff only (docs/protocol.md, "Live themes").

``themes:update`` is sent to a session's staff room by ``synthesis.live`` (coalesced, never per
message); ``themes:sync`` lets a console that has just joined the room ask for the themes now.
"""

from __future__ import annotations

from flask import session
from flask_socketio import join_room

from workshop.config import SUPPORTED_LOCALES
from workshop.extensions import socketio
from workshop.realtime import socket_handler, staff_room, validate_payload
from workshop.review.events import staff_session
from workshop.review.forms import WatchPayload


def _locale() -> str:
    chosen = session.get("locale")
    return chosen if chosen in SUPPORTED_LOCALES else "fi"


@socket_handler
def on_themes_sync(payload=None):
    """``{session_id}`` → ``{ok, themes, labels}``: the live step's themes (as ``themes:update``
    carries them) and the names of focus areas and groups in the caller's language. Joins the
    staff room, so the updates follow."""
    from workshop.review.payloads import labels
    from workshop.synthesis.live import live

    form = validate_payload(WatchPayload, payload)
    workshop_session = staff_session(form.session_id.data)
    join_room(staff_room(workshop_session.id))
    names = labels(workshop_session, _locale())
    themes = live.sync(workshop_session.id)
    return {
        "ok": True,
        "themes": themes,
        "labels": {"focus_areas": names["focus_areas"], "groups": names["groups"]},
    }


def register_events() -> None:
    """Attach the handlers (called once from create_app)."""
    socketio.on_event("themes:sync", on_themes_sync)
