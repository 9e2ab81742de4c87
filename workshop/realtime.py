"""Real-time plumbing: room names, emit-after-commit, the edge of every Socket.IO handler,
payload validation, and the coalescing broadcaster."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Mapping
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
    """Commit, then send what the transaction queued. A failed commit sends nothing.

    A handler that never touched the database (``answer:submit`` hands its write to a
    ``BatchWriter``) has no session to commit; making one just to commit nothing would cost
    more than the rest of such a handler.
    """
    if not db.session.registry.has():
        return
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


def socket_handler(handler):
    """The one edge of every Socket.IO handler: runs it, commits once, then emits.

    A broken rule or invalid payload becomes an error acknowledgement ``{"ok": false, ...}``;
    any other failure rolls back and is acknowledged as ``server_error`` without details.
    """

    @wraps(handler)
    def wrapper(*args, **kwargs):
        try:
            result = handler(*args, **kwargs)
            commit_and_emit()
            return result
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


def on_lean_event(event: str, handler: Callable[[Mapping, object], object]) -> None:
    """Register ``handler(session, payload)`` for ``event`` straight with python-socketio.

    Flask-SocketIO runs every event in a new request context: it builds a Request from the
    connection's environ, matches its URL, opens the session cookie and then swaps in the
    connection's own session. For ``answer:submit``, which every participant sends twenty
    times in a scoring step, that was a fifth of the server's time. A lean handler gets the
    connection's session (what ``flask.session`` is in the other handlers, kept by
    Flask-SocketIO since the connect) and runs in an app context only: it must not use
    ``request``, ``current_user`` or the Babel locale. Wrap it in ``socket_handler``.
    """

    if not socketio.manage_session:
        # Without it the connection's session lives in the cookie, read only by a request
        # context, and every lean event would see an empty one.
        raise RuntimeError("lean events need Flask-SocketIO's manage_session")

    def dispatch(sid, *args):
        environ = socketio.server.get_environ(sid)
        if not environ:
            return None  # the connection is gone; Flask-SocketIO ignores such events too
        with environ["flask.app"].app_context():
            # *args: extra arguments from a misbehaving client fail inside the handler's edge
            # (an error ack), not in python-socketio (no ack at all).
            return handler(environ.get("saved_session", {}), *args)

    socketio.server.on(event, dispatch)


def _as_formdata(payload) -> MultiDict:
    """A payload as the form data a browser would post; anything but an object is refused."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict) or len(payload) > MAX_PAYLOAD_KEYS:
        raise PayloadError({"": ["The message must be an object."]})
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
    form = form_class(formdata=_as_formdata(payload))
    _validate(form)
    return form


def _validate(form: Form) -> None:
    if not form.validate():
        raise PayloadError({name: [str(e) for e in errors] for name, errors in form.errors.items()})


_idle_forms: dict[type[Form], list[Form]] = {}


def validated_data(form_class: type[Form], payload) -> dict:
    """``validate_payload`` for the hottest events: the validated data as a dict.

    Building a form binds a new object per field, which costs two thirds of validating an
    answer; here a form is taken from a pool, refilled with ``process()`` and put back, and
    only plain data leaves this function. Popping and pushing a list is atomic, and nothing
    in between yields to another greenlet, so no two events share a form.
    """
    formdata = _as_formdata(payload)
    idle = _idle_forms.setdefault(form_class, [])
    try:
        form = idle.pop()
    except IndexError:
        form = form_class()
    try:
        form.process(formdata)
        _validate(form)
        return form.data
    finally:
        idle.append(form)


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


# Batched writes ---------------------------------------------------------------------------


class BatchWriter:
    """Runs a write for many waiting handlers in one transaction.

    Handlers call ``submit(item)`` and wait; one background task takes every item waiting at
    that moment, calls ``process(items)`` (which returns one outcome per item), commits once,
    and wakes the handlers with their outcomes. A handler's ack therefore still follows the
    commit of its own item, but a commit is shared by all who arrived together. When the shared
    commit fails, the items are written one by one so that one bad item fails alone.
    """

    def __init__(
        self,
        process: Callable[[list], list],
        max_batch: int = 250,
        timeout: float = 30,
        linger: float = 0.005,
    ):
        self.process = process
        self.linger = linger
        self.max_batch = max_batch
        self.timeout = timeout
        self._queue = None
        self._lock = threading.Lock()

    def submit(self, item):
        """Write ``item``; returns its outcome once committed (raises TimeoutError)."""
        self._ensure_started()
        done = socketio.server.eio.create_event()
        slot = {"item": item, "done": done, "outcome": None}
        self._queue.put(slot)
        if not done.wait(self.timeout):
            raise TimeoutError("the write did not finish in time")
        if isinstance(slot["outcome"], BaseException):
            raise slot["outcome"]
        return slot["outcome"]

    def _ensure_started(self) -> None:
        with self._lock:
            if self._queue is None:
                self._queue = socketio.server.eio.create_queue()
                socketio.start_background_task(self._run, current_app._get_current_object())

    def _take_batch(self) -> list[dict]:
        batch = [self._queue.get()]
        # Let the handlers that are ready run first, and wait a moment for more, so that they
        # join this batch: each batch costs a fixed handful of statements and a commit.
        socketio.sleep(self.linger)
        while len(batch) < self.max_batch:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _run(self, app) -> None:
        while True:
            batch = self._take_batch()
            with app.app_context():
                self._write(batch)
            for slot in batch:
                slot["done"].set()

    def _write(self, batch: list[dict], retry: bool = True) -> None:
        try:
            outcomes = self.process([slot["item"] for slot in batch])
            commit_and_emit()
        except Exception as error:
            db.session.rollback()
            discard_pending_emits()
            if len(batch) > 1:
                log.warning("A batch of %d writes failed; writing them one by one", len(batch))
                for slot in batch:
                    self._write([slot])
            elif retry and isinstance(error, IntegrityError):
                # Another process wrote the same row at the same moment; now it is visible.
                self._write(batch, retry=False)
            else:
                log.exception("A write failed")
                batch[0]["outcome"] = RuntimeError("the write failed")
            return
        for slot, outcome in zip(batch, outcomes, strict=True):
            slot["outcome"] = outcome
