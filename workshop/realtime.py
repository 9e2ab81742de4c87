"""Real-time plumbing: room names, emit-after-commit, the edge of every Socket.IO handler,
payload validation, and the coalescing broadcaster."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import wraps

from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict
from wtforms import Form

from workshop.errors import DomainError
from workshop.extensions import db, socketio

log = logging.getLogger(__name__)

MAX_PAYLOAD_KEYS = 50


# Rooms ------------------------------------------------------------------------------------


def participants_room(session_id: int, locale: str) -> str:
    """Participants of a session who read it in ``locale`` (payloads carry localized texts)."""
    return f"session-{session_id}-participants-{locale}"


def staff_room(session_id: int) -> str:
    """Facilitator consoles and projectors of a session."""
    return f"session-{session_id}-staff"


# Emit after commit ------------------------------------------------------------------------


def emit_after_commit(event: str, data, room: str) -> None:
    """Queue an emit that is sent only once the current transaction has committed."""
    db.session.info.setdefault("pending_emits", []).append((event, data, room))


def after_commit(callback: Callable[[], None]) -> None:
    """Queue a callback (e.g. marking results dirty) for after the commit."""
    db.session.info.setdefault("pending_emits", []).append((callback, None, None))


def send_pending_emits() -> None:
    for event, data, room in db.session.info.pop("pending_emits", []):
        if callable(event):
            event()
        else:
            socketio.emit(event, data, to=room)


def discard_pending_emits() -> None:
    db.session.info.pop("pending_emits", None)


def commit_and_emit() -> None:
    """Commit, then send what the transaction queued. A failed commit sends nothing."""
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        discard_pending_emits()
        raise
    send_pending_emits()


# Handler edge -----------------------------------------------------------------------------


class PayloadError(DomainError):
    """A Socket.IO payload failed validation; ``fields`` maps each field to its errors."""

    def __init__(self, fields: dict[str, list[str]]):
        super().__init__("The message was not valid.")
        self.code = "invalid"
        self.fields = fields


def error_ack(error: DomainError) -> dict:
    ack = {"ok": False, "error": getattr(error, "code", "error"), "message": str(error)}
    if isinstance(error, PayloadError):
        ack["fields"] = error.fields
    return ack


def socket_handler(handler=None, *, retry_conflicts: bool = False):
    """The one edge of every Socket.IO handler: runs it, commits once, then emits.

    A broken rule or invalid payload becomes an error acknowledgement ``{"ok": false, ...}``;
    any other failure rolls back and is acknowledged as ``server_error`` without details.
    With ``retry_conflicts`` a commit that lost a race on a unique constraint (two writes of
    the same row at once) is run again once, when the row the other one wrote is visible.
    """
    if handler is None:
        return lambda fn: socket_handler(fn, retry_conflicts=retry_conflicts)

    @wraps(handler)
    def wrapper(*args, **kwargs):
        attempts = 2 if retry_conflicts else 1
        try:
            for attempt in range(attempts):
                try:
                    result = handler(*args, **kwargs)
                    commit_and_emit()
                    return result
                except IntegrityError:
                    db.session.rollback()
                    discard_pending_emits()
                    if attempt + 1 == attempts:
                        raise
        except DomainError as error:
            db.session.rollback()
            discard_pending_emits()
            return error_ack(error)
        except Exception:
            db.session.rollback()
            discard_pending_emits()
            log.exception("Socket.IO handler %s failed", handler.__name__)
            return {"ok": False, "error": "server_error", "message": "Server error."}

    return wrapper


def _as_formdata(payload: dict) -> MultiDict:
    items = []
    for key, value in payload.items():
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                items.append((key, "y"))
        elif isinstance(value, list | tuple):
            items.extend((key, str(item)) for item in value if not isinstance(item, dict | list))
        elif isinstance(value, str | int | float):
            items.append((key, str(value)))
        else:
            raise PayloadError({key: ["Unexpected value."]})
    return MultiDict(items)


def validate_payload(form_class: type[Form], payload) -> Form:
    """Validate a Socket.IO payload with a WTForms form, as a browser form post would be."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict) or len(payload) > MAX_PAYLOAD_KEYS:
        raise PayloadError({"": ["The message must be an object."]})
    form = form_class(formdata=_as_formdata(payload))
    if not form.validate():
        raise PayloadError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return form


# Coalescing broadcaster -------------------------------------------------------------------


class Coalescer:
    """Collects the keys (session ids) whose aggregates changed and calls ``publish`` for each
    at most once per interval, from one background task per process.

    Broadcasting aggregates per vote to everyone costs O(N²) messages; this costs one message
    per room per interval, however many votes arrive.
    """

    def __init__(self, publish: Callable[[int], None], interval: float = 0.2):
        self.publish = publish
        self.interval = interval
        self._dirty: set[int] = set()
        self._lock = threading.Lock()
        self._task = None

    def mark(self, key: int) -> None:
        with self._lock:
            self._dirty.add(key)
            if self._task is None:
                app = current_app._get_current_object()
                self.interval = app.config.get("LIVE_RESULTS_INTERVAL", self.interval)
                self._task = socketio.start_background_task(self._run, app)

    def _take(self) -> set[int]:
        with self._lock:
            keys, self._dirty = self._dirty, set()
            return keys

    def flush(self) -> None:
        """Publish everything marked so far (the background task calls this each interval)."""
        for key in sorted(self._take()):
            try:
                self.publish(key)
            except Exception:
                db.session.rollback()
                log.exception("Publishing live results of %s failed", key)

    def _run(self, app) -> None:
        while True:
            socketio.sleep(self.interval)
            with app.app_context():
                self.flush()
