"""Real-time plumbing: room names, emit-after-commit, the edge of every Socket.IO handler,
payload validation, and the coalescing broadcaster."""

from __future__ import annotations

import inspect
import logging
import math
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from functools import wraps

from flask import current_app, g, has_request_context
from flask import session as flask_session
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from socketio import RedisManager
from socketio.packet import ACK, BINARY_EVENT, EVENT, Packet
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DecimalField,
    Field,
    FloatField,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)

from workshop import limits
from workshop.config import SUPPORTED_LOCALES
from workshop.errors import DatabaseBusy, DomainError
from workshop.extensions import db, socketio
from workshop.sqlite_wait import is_lock_timeout

log = logging.getLogger(__name__)

MAX_PAYLOAD_KEYS = 50


# Rooms ------------------------------------------------------------------------------------


def participants_room(session_id: int, locale: str) -> str:
    """Participants of a session who read it in ``locale`` (payloads carry localized texts)."""
    return f"session-{session_id}-participants-{locale}"


def staff_room(session_id: int) -> str:
    """Facilitator consoles and projectors of a session."""
    return f"session-{session_id}-staff"


def user_room(user_id: int) -> str:
    """Every staff socket of one account (consoles and projectors on any device)."""
    return f"user:{user_id}"


# Emit after commit ------------------------------------------------------------------------


def emit_after_commit(event: str, data, room: str) -> None:
    """Queue an emit that is sent only once the current transaction has committed."""
    db.session.info.setdefault("pending_emits", []).append((event, data, room))


def after_commit(callback: Callable[[], None]) -> None:
    """Queue a callback (e.g. marking results dirty) for after the commit."""
    db.session.info.setdefault("pending_emits", []).append((callback, None, None))


def disconnect_user_after_commit(user_id: int) -> None:
    """Once committed, close the account's staff sockets: its login (or round) has ended.

    The login is checked at each event, but a socket that sends none would otherwise stay in
    its staff rooms and keep receiving live results and proposals. With several processes the
    sockets may be on any of them: the queue carries the request to each.
    """

    def disconnect() -> None:
        manager = socketio.server.manager
        if isinstance(manager, RoomClosingRedisManager):
            manager.disconnect_room(user_room(user_id))
        else:
            disconnect_local_room(socketio.server, user_room(user_id), "/")

    after_commit(disconnect)


def disconnect_local_room(server, room: str, namespace: str) -> None:
    """Disconnect the sockets of ``room`` that this process holds."""
    # A list first: each disconnect leaves the room being iterated.
    for sid, _eio_sid in list(server.manager.get_participants(namespace, room)):
        server.disconnect(sid, namespace=namespace, ignore_queue=True)


class RoomClosingRedisManager(RedisManager):
    """Flask-SocketIO's Redis message queue with one request more: disconnect every socket of a
    room, in every process. python-socketio disconnects one socket by its id across processes,
    but only the process that holds a room knows its sockets' ids."""

    def disconnect_room(self, room: str, namespace: str = "/") -> None:
        # Sent as an emit of an event name no client can use, so that every process (this one
        # too: it hears its own messages) takes it from the channel it already listens to.
        self._publish(
            {
                "method": "emit",
                "event": DISCONNECT_ROOM_EVENT,
                "data": None,
                "namespace": namespace,
                "room": room,
                "host_id": self.host_id,
            }
        )

    def _handle_emit(self, message):
        if message.get("event") == DISCONNECT_ROOM_EVENT:
            room, namespace = message.get("room"), message.get("namespace") or "/"
            if isinstance(room, str):
                disconnect_local_room(self.server, room, namespace)
            return
        super()._handle_emit(message)


DISCONNECT_ROOM_EVENT = "strategiapaja:disconnect-room"


def message_queue_options(url: str | None, channel: str) -> dict:
    """Flask-SocketIO's options for the message queue at ``url`` (none without one)."""
    if not url:
        return {}
    return {"client_manager": RoomClosingRedisManager(url, channel=channel)}


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
    """A payload failed validation; ``fields`` maps each field to its errors."""

    def __init__(self, fields: dict[str, list], code: str = "invalid"):
        super().__init__("The message was not valid.")
        self.code = code
        self.fields = fields


# What an error ack says, in the language of whoever sent the event; a code not listed here
# keeps the service's own (English) message.
ACK_MESSAGES = {
    "invalid": _l("The message was not valid."),
    # One text for every use of the code: a score, a vote, a proposal's number.
    "invalid_value": _l(
        "The value is not accepted: a score is a whole number on the question's scale (or "
        "don't know), a vote 1, -1 or 0."
    ),
    "server_error": _l("Something went wrong on the server. Try again."),
    "busy": _l("The server is busy. Try again in a moment."),
    "unknown_step": _l("The step is not part of your workshop."),
    "not_scoring": _l("This step does not take scores."),
    "step_closed": _l("This step is closed; the answer was not saved."),
    "not_in_step": _l("This focus area is not scored in the open step."),
    "unknown_question": _l("Unknown question."),
    "session_closed": _l("This workshop has ended."),
    # Every code a review or proposal rule raises (tests/test_realtime.py checks the list); a
    # code raised with several messages gets one text that fits them all.
    "unauthorized": _l("You may not do this. Join the workshop or log in first."),
    "not_found": _l("It no longer exists."),
    "participant_removed": _l("A facilitator removed you from this workshop."),
    "join_rate_limited": _l("Many joins at once: try again in a moment."),
    "wrong_pin": _l("The PIN is not right."),
    "pin_locked": _l("Too many wrong PINs for this workshop."),
    "rate_limited": _l("Too many wrong codes from this network."),
    "unknown_code": _l("No workshop has this code."),
    "unknown_group": _l("Choose one of the stakeholder groups."),
    "unknown_focus_area": _l("Unknown focus area."),
    "closed": _l("This workshop has ended."),
    "not_open": _l("This workshop has not been opened yet."),
    "session_not_open": _l("Open the session first."),
    "step_not_open": _l("This step is not open."),
    "step_open": _l("Close the step before removing it."),
    "invalid_timer": _l("The timer must be between 1 second and 4 hours."),
    "results_staff_only": _l("This step's results are for the facilitators only."),
    "group_too_small": _l("This group cannot be shown on its own."),
    "invalid_kind": _l("Unknown kind."),
    "invalid_status": _l("Unknown status."),
    "invalid_transition": _l("What has been open is not a draft."),
    "question_answered": _l("The question already has answers."),
    "group_in_use": _l("Participants have joined as this group."),
    "already_removed": _l("The participant has already been removed."),
    "not_removed": _l("The participant has not been removed."),
    "reason_required": _l("Give a reason."),
    "round_closed": _l("The round is closed."),
    "proposals_closed": _l("Proposals are not taken in this part of the workshop."),
    "text_required": _l("Write the text first."),
    "too_long": _l("The text is too long."),
    "unknown_comment": _l("No such comment."),
    "merged": _l("The proposal has been merged into another."),
    "decided": _l("The council has decided this proposal already."),
    "not_held": _l("The proposal is not waiting for approval."),
    "not_published": _l("The proposal is not published."),
    "invalid_merge": _l("Choose another published proposal of the same round to merge into."),
    "invalid_target": _l("Choose an element this kind of proposal applies to."),
    "invalid_action": _l("Unknown action."),
    "invalid_outcome": _l("Unknown outcome."),
    "wording_required": _l("Give the council's wording."),
    "draft_published": _l("The draft has been published already."),
    "no_draft": _l("No proposal has been accepted yet."),
    # The open questions', polls' and prioritisations' rules (workshop/steps).
    "wrong_step_kind": _l("This step does not take this."),
    "too_many_answers": _l("You have given the most answers this step takes."),
    "invalid_choice": _l("Choose among the options, each once."),
    "too_many_choices": _l("You chose more than this step takes."),
    "invalid_reason": _l("Choose a reason."),
    "invalid_config": _l("Check the step's question and options."),
}


def _connection_session() -> Mapping:
    """The connection's session: Flask's in a request context, else the lean event's."""
    if has_request_context():
        return flask_session
    return g.get("connection_session") or {}


def ack_locale() -> str:
    """The language of error acks: the participant's, else the facilitator's, else Finnish."""
    connection = _connection_session()
    for key in ("participant_locale", "locale"):
        if connection.get(key) in SUPPORTED_LOCALES:
            return connection[key]
    return "fi"


def error_ack(error: DomainError, locale: str | None = None) -> dict:
    """``{"ok": false, "error": CODE, "message": ...}`` (and ``fields`` of an invalid payload).

    The message is in ``locale``, else the language of whoever sent the event: clients decide
    by the code, the message is for display (docs/protocol.md).
    """
    code = getattr(error, "code", "error")
    with force_locale(locale or ack_locale()):
        ack = {"ok": False, "error": code, "message": str(ACK_MESSAGES.get(code, error))}
        if isinstance(error, PayloadError):
            ack["fields"] = {
                name: [str(message) for message in messages]
                for name, messages in error.fields.items()
            }
    return ack


def server_error_ack() -> dict:
    """The ack of a failure that is not the client's: nothing was saved, resend."""
    with force_locale(ack_locale()):
        return {"ok": False, "error": "server_error", "message": str(ACK_MESSAGES["server_error"])}


ONE_PAYLOAD = _l("Send one object, and nothing after it.")


def _most_arguments(handler) -> float:
    """How many positional arguments ``handler`` takes (the payload, and a lean session)."""
    parameters = inspect.signature(handler).parameters.values()
    if any(p.kind == p.VAR_POSITIONAL for p in parameters):
        return math.inf
    return sum(1 for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def socket_handler(handler):
    """The one edge of every Socket.IO handler: runs it, commits once, then emits.

    A broken rule or invalid payload becomes an error acknowledgement ``{"ok": false, ...}``
    (also more arguments than the one payload); any other failure rolls back and is
    acknowledged as ``server_error`` without details.
    """
    most_arguments = _most_arguments(handler)

    @wraps(handler)
    def wrapper(*args):
        try:
            if len(args) > most_arguments:
                raise PayloadError({"": [ONE_PAYLOAD]})
            result = handler(*args)
            commit_and_emit()
            return result
        except DomainError as error:
            db.session.rollback()
            discard_pending_emits()
            return error_ack(error)
        except Exception as error:
            db.session.rollback()
            discard_pending_emits()
            if is_lock_timeout(error):
                # Another process held the database longer than we wait: say "try again".
                log.warning("Socket.IO handler %s: the database stayed locked", handler.__name__)
                return error_ack(DatabaseBusy("The database is busy."))
            log.exception("Socket.IO handler %s failed", handler.__name__)
            return server_error_ack()

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
            connection_session = environ.get("saved_session", {})
            g.connection_session = connection_session  # for the language of an error ack
            # *args: extra arguments from a misbehaving client fail inside the handler's edge
            # (an error ack), not in python-socketio (no ack at all).
            return handler(connection_session, *args)

    socketio.server.on(event, dispatch)


# One queue per connection ----------------------------------------------------------------

# Events of one connection waiting or running at once; beyond it an event is refused with the
# ``busy`` ack. A participant's page sends one answer at a time and waits for its ack; sixteen
# covers a page that resends its outbox after a reconnect, not a script sending hundreds.
MAX_QUEUED_EVENTS = 16
FAIR_SHARE = 4
MAX_FAIR_PAUSE = 0.25


class ConnectionQueues:
    """Each connection's events run one after another, in the order they came, by one task
    per connection, so that one client's burst waits behind its own earlier events instead of
    everyone's.

    python-socketio (``async_handlers``) starts a new task per event: 200 chat messages from
    one participant were 200 tasks competing with every other participant's answers for the
    loop and the database, and another's ack waited 8.6 s. Here a connection's task takes one
    event at a time and, while more wait, pauses after each (``FAIR_SHARE`` times as long as
    it took), so that everyone else's tasks run in between; more than
    ``MAX_QUEUED_EVENTS`` waiting events of one connection are acknowledged ``busy`` at once.
    Where handlers run inline (Flask-SocketIO's test client turns ``async_handlers`` off),
    nothing changes.
    """

    def __init__(self, depth: int = MAX_QUEUED_EVENTS):
        self.depth = depth
        self._pending: dict[str, deque] = {}
        self._lock = threading.Lock()
        self._busy_acks: dict[str | None, dict] = {}  # the same for everyone of a language

    def install(self, server) -> None:
        """Route ``server``'s events through the queues (python-socketio has no hook for it:
        its ``_handle_event`` is replaced on this one server object)."""
        inline = server._handle_event

        def handle_event(eio_sid, namespace, ack_id, data):
            if not server.async_handlers:
                return inline(eio_sid, namespace, ack_id, data)
            return self._enqueue(server, eio_sid, namespace or "/", ack_id, data)

        server._handle_event = handle_event

    def _enqueue(self, server, eio_sid, namespace, ack_id, data) -> None:
        sid = server.manager.sid_from_eio_sid(eio_sid, namespace)
        if not server.manager.is_connected(sid, namespace):
            return
        item = (eio_sid, namespace, ack_id, data)
        with self._lock:
            pending = self._pending.get(sid)
            if pending is None:
                self._pending[sid] = deque([item])
            elif len(pending) < self.depth:
                pending.append(item)
                return
            else:
                pending = "full"
        if pending == "full":
            self._refuse(server, sid, eio_sid, namespace, ack_id)
        else:
            server.start_background_task(self._drain, server, sid)

    def _drain(self, server, sid: str) -> None:
        """The connection's task: its events in order, one at a time, then it ends."""
        while True:
            with self._lock:
                pending = self._pending[sid]
                eio_sid, namespace, ack_id, data = pending[0]
            began = time.perf_counter()
            try:
                if server.manager.is_connected(sid, namespace):
                    server._handle_event_internal(server, sid, eio_sid, data, namespace, ack_id)
            except Exception:
                log.exception("A Socket.IO event failed")
            with self._lock:
                pending.popleft()
                if not pending:
                    del self._pending[sid]
                    return
            # A connection with more waiting pauses FAIR_SHARE times as long as its last event
            # took (at most MAX_FAIR_PAUSE): one that floods the loop gets a fifth of it, and
            # another participant's answer, which passes several tasks (reader, handler, batch
            # writer), goes through them meanwhile instead of waiting for a chat message at each.
            server.sleep(min(FAIR_SHARE * (time.perf_counter() - began), MAX_FAIR_PAUSE))

    def waiting(self, sid: str) -> int:
        """Events of ``sid`` waiting or running (for tests)."""
        with self._lock:
            return len(self._pending.get(sid, ()))

    def _refuse(self, server, sid, eio_sid, namespace, ack_id) -> None:
        """Acknowledge an event beyond the bound ``busy`` at once, and let others run: a
        client that floods its connection must not hold the loop with its refusals either."""
        if ack_id is not None:
            environ = server.get_environ(sid, namespace) or {}
            session = environ.get("saved_session", {})
            locale = session.get("participant_locale") or session.get("locale")
            ack = self._busy_acks.get(locale)
            if ack is None:
                with environ["flask.app"].app_context():
                    g.connection_session = session
                    ack = self._busy_acks[locale] = error_ack(DatabaseBusy("Too many events."))
            packet = server.packet_class(ACK, namespace=namespace, id=ack_id, data=[ack])
            server._send_packet(eio_sid, packet)
        server.sleep(0)


connection_queues = ConnectionQueues()


# Unreadable packets ---------------------------------------------------------------------

MALFORMED_EVENT = "\x00malformed"


class StrictPacket(Packet):
    """Socket.IO packets whose event data cannot be read still reach a handler.

    python-socketio decodes a packet's JSON in the task that handles it: JSON nested ten
    thousand deep raises RecursionError there (an integer of 5,000 digits ValueError), and an
    event that is not ``[name, ...]`` fails on ``data[0]``; the client then never gets an ack.
    Such an event is delivered as ``MALFORMED_EVENT`` instead, whose handler acknowledges it
    as ``invalid``. The ack id comes before the JSON in a packet, so it is known.
    """

    def decode(self, encoded_packet):
        try:
            attachments = super().decode(encoded_packet)
        except (ValueError, RecursionError):
            if self.packet_type not in (EVENT, BINARY_EVENT):
                raise
            self.packet_type, self.data = EVENT, [MALFORMED_EVENT]
            return 0
        if self.packet_type in (EVENT, BINARY_EVENT) and not (
            type(self.data) is list and self.data and type(self.data[0]) is str
        ):
            self.packet_type, self.data = EVENT, [MALFORMED_EVENT]
            return 0
        return attachments


@socket_handler
def _on_malformed(connection_session: Mapping, *args):
    raise PayloadError({"": [NOT_AN_OBJECT]})


def register_malformed_event() -> None:
    """Acknowledge unreadable events (see ``StrictPacket``) as ``invalid``."""
    on_lean_event(MALFORMED_EVENT, _on_malformed)


# Payload types -----------------------------------------------------------------------------
#
# A payload is checked against the JSON type its form's fields stand for before WTForms sees
# it, and only then turned into form data, so that WTForms' coercion (``"4"``, ``4.0`` and
# ``[4]`` would all be 4, ``false`` and ``""`` "no value") never decides what a client meant:
#   IntegerField -> an integer (never a boolean) that fits a PostgreSQL INTEGER
#   FloatField   -> a finite number (integer or decimal, never a boolean)
#   StringField, TextAreaField, SelectField, RadioField -> a string
#   BooleanField -> true or false
#   SelectMultipleField -> a list of strings
# ``null`` is the same as leaving the key out, except for a BooleanField (refused) and a field
# with ``KeyRequired`` (the key must be there; ``value: null`` is "don't know"). A key that no
# field names is refused: a misspelt ``visble`` would otherwise pass as "hide the results".

ID_MIN, ID_MAX = -(2**31), 2**31 - 1  # a PostgreSQL INTEGER (SQLite takes 64 bits)
NUMBER_LIMIT = 2**53  # integers beyond it have no exact float


class KeyRequired:
    """Validator flag: the payload must carry this key (its value may still be null)."""

    field_flags = {"key_required": True}

    def __call__(self, form, field) -> None:
        """Nothing to check here: the key is checked before WTForms sees the payload."""


MUST_BE = {
    "integer": _l("Must be a whole number."),
    "number": _l("Must be a number."),
    "string": _l("Must be text."),
    "boolean": _l("Must be true or false."),
    "list": _l("Must be a list of texts."),
}
UNKNOWN_KEY = _l("Unknown field.")
KEY_MISSING = _l("This field is required.")
NOT_AN_OBJECT = _l("The message must be an object.")


def _integer_items(key, value):
    if type(value) is int and ID_MIN <= value <= ID_MAX:
        return ((key, str(value)),)
    return None


def _number_items(key, value):
    if type(value) is int and -NUMBER_LIMIT <= value <= NUMBER_LIMIT:
        return ((key, str(value)),)
    if type(value) is float and math.isfinite(value):
        return ((key, repr(value)),)
    return None


def _string_items(key, value):
    return ((key, value),) if type(value) is str else None


def _boolean_items(key, value):
    if value is True:
        return ((key, "y"),)
    return () if value is False else None


def _list_items(key, value):
    if type(value) is list and all(type(item) is str for item in value):
        return tuple((key, item) for item in value)
    return None


_ITEMS = {
    "integer": _integer_items,
    "number": _number_items,
    "string": _string_items,
    "boolean": _boolean_items,
    "list": _list_items,
}


def json_type(field: Field) -> str:
    """The JSON type a payload field takes, from its WTForms class (see above)."""
    if isinstance(field, BooleanField):
        return "boolean"
    if isinstance(field, IntegerField):
        return "integer"
    if isinstance(field, FloatField | DecimalField):
        return "number"
    if isinstance(field, SelectMultipleField):
        return "list"
    if isinstance(field, SelectField | RadioField) and field.coerce is int:
        return "integer"
    if isinstance(field, StringField | SelectField | RadioField):
        return "string"
    # A new kind of field needs its JSON type here before a payload form may use it.
    raise TypeError(f"{type(field).__name__} has no JSON type for payloads")


class _Schema:
    """What each key of a payload form's payload may be: built once per form class."""

    def __init__(self, form_class: type[Form]):
        form = form_class()
        self.types = {name: json_type(field) for name, field in form._fields.items()}
        self.items = {name: _ITEMS[kind] for name, kind in self.types.items()}
        self.required = tuple(
            name for name, field in form._fields.items() if field.flags.key_required
        )
        # The code of an error ack whose only failing fields are these (``invalid_value``).
        self.codes = getattr(form_class, "error_codes", {})


_schemas: dict[type[Form], _Schema] = {}


def _schema(form_class: type[Form]) -> _Schema:
    schema = _schemas.get(form_class)
    if schema is None:
        schema = _schemas[form_class] = _Schema(form_class)
    return schema


def _as_formdata(schema: _Schema, payload) -> tuple[MultiDict, dict]:
    """A payload as the form data a browser would post, and the keys whose JSON type was wrong.

    Anything but an object is refused; each value must have its field's JSON type, so the
    conversion to text loses nothing and WTForms' coercion has nothing left to guess.
    """
    if payload is None:
        payload = {}
    if type(payload) is not dict or len(payload) > MAX_PAYLOAD_KEYS:
        raise PayloadError({"": [NOT_AN_OBJECT]})
    items = []
    errors = {}
    for key, value in payload.items():
        to_items = schema.items.get(key)
        if to_items is None:
            errors[str(key)] = [UNKNOWN_KEY]
            continue
        if value is None and schema.types[key] != "boolean":
            continue
        converted = to_items(key, value)
        if converted is None:
            errors[key] = [MUST_BE[schema.types[key]]]
        else:
            items.extend(converted)
    for key in schema.required:
        if key not in payload:
            errors[key] = [KEY_MISSING]
    return MultiDict(items), errors


def _refuse_invalid(form: Form, schema: _Schema, type_errors: dict, valid: bool) -> None:
    """Raise a PayloadError naming every invalid field, unless all is well."""
    if valid and not type_errors:
        return
    fields = {name: list(errors) for name, errors in form.errors.items()}
    fields.update(type_errors)  # a wrong type says more than what WTForms made of the rest
    codes = {schema.codes.get(name, "invalid") for name in fields}
    raise PayloadError(fields, code=codes.pop() if len(codes) == 1 else "invalid")


def validate_payload(form_class: type[Form], payload) -> Form:
    """Validate a Socket.IO or JSON payload: the JSON types first, then the WTForms form."""
    schema = _schema(form_class)
    formdata, type_errors = _as_formdata(schema, payload)
    form = form_class(formdata=formdata)
    _refuse_invalid(form, schema, type_errors, form.validate())
    return form


_idle_forms: dict[type[Form], list[Form]] = {}


def validated_data(form_class: type[Form], payload) -> dict:
    """``validate_payload`` for the hottest events: the validated data as a dict.

    Building a form binds a new object per field, which costs two thirds of validating an
    answer; here a form is taken from a pool, refilled with ``process()`` and put back, and
    only plain data leaves this function. Popping and pushing a list is atomic, and nothing
    in between yields to another greenlet, so no two events share a form.
    """
    schema = _schema(form_class)
    formdata, type_errors = _as_formdata(schema, payload)
    idle = _idle_forms.setdefault(form_class, [])
    try:
        form = idle.pop()
    except IndexError:
        form = form_class()
    try:
        form.process(formdata)
        _refuse_invalid(form, schema, type_errors, form.validate())
        return form.data
    finally:
        idle.append(form)


class NoPayload(Form):
    """The payload of an event that takes none: ``{}``, null or nothing at all."""


# Coalescing broadcaster -------------------------------------------------------------------


class Coalescer:
    """Collects the keys (session ids) whose aggregates changed and calls ``publish`` for each
    at most once per interval, from one background task per process.

    Broadcasting aggregates per vote to everyone costs O(N²) messages; this costs one message
    per room per interval, however many votes arrive.

    Several processes (``WORKSHOP_REDIS_URL``): the publication is read from the database and
    its emit reaches every process's clients through the message queue, so one process's
    publication serves them all. Each key is published by the first process to claim it in
    the interval (a shared limit, ``_my_turn``); the others keep the key marked and try again
    at their next tick, so a change any process saw is published within two intervals, and
    the database does one recount per interval instead of one per process.

    A publication's cost grows with the session (a recount of a 3,000-person session's
    60,000 answers took 36 ms of PostgreSQL): the next tick waits at least ``backoff`` times
    as long as the last flush took, so publishing never takes more than a ``1 / (backoff + 1)``
    share of the database and of the process up to sessions whose recount takes
    ``MAX_PAUSE / backoff`` (beyond, an update every ``MAX_PAUSE``), while a room of a few
    hundred (a few milliseconds a recount) still gets an update every interval.

    ``BACKOFF`` 19 (at most 5 %): at 1,000 participants answering back to back a flush took
    about 25 ms, and five recounts a second took a tenth of the process from the answers
    (bench/README.md); such a room now gets an update about every half second.
    """

    # The share of the interval a claim lasts: a little under one tick, so that a process
    # whose key stays marked gets the next turn when the one that published has nothing new.
    TURN_SHARE = 0.9
    BACKOFF = 19.0
    RECENT = 3  # flushes the back-off looks at
    MAX_PAUSE = 2.0  # seconds: however large the session, an update at least this often
    INTERVAL_SETTING = "LIVE_RESULTS_INTERVAL"  # the app setting that overrides ``interval``

    def __init__(
        self,
        publish: Callable[[int], None],
        interval: float = 0.2,
        name: str | None = None,
        backoff: float | None = None,
    ):
        self.publish = publish
        self.interval = interval
        self.backoff = self.BACKOFF if backoff is None else backoff
        self.last_flush = 0.0  # seconds the last flush took
        self._recent_flushes: deque[float] = deque(maxlen=self.RECENT)
        # The shared limit's name: the same in every process for the same publication.
        self.name = name or f"turn:{publish.__module__}.{publish.__qualname__}"
        self._dirty: set[int] = set()
        self._lock = threading.Lock()
        # One flush at a time: a flush called while the background task's is publishing
        # returns only once that one has, so "everything marked so far" is published on return.
        self._flushing = threading.Lock()
        self._task = None

    def mark(self, key: int) -> None:
        with self._lock:
            self._dirty.add(key)
            if self._task is None:
                app = current_app._get_current_object()
                self.interval = app.config.get(self.INTERVAL_SETTING, self.interval)
                self._task = socketio.start_background_task(self._run, app)

    def _take(self) -> set[int]:
        with self._lock:
            keys, self._dirty = self._dirty, set()
            return keys

    def _my_turn(self, key: int) -> bool:
        """Whether this process publishes ``key`` now (always, when no other process shares
        the limits)."""
        shared = limits.store()
        if not shared.shared:
            return True
        window = self.pause() * self.TURN_SHARE
        return shared.hit(self.name, str(key), window, time.time(), limit=1)

    def flush(self) -> None:
        """Publish everything marked so far (the background task calls this each interval)."""
        with self._flushing:
            self._flush()

    def _flush(self) -> None:
        spent, published = 0.0, False
        for key in sorted(self._take()):
            try:
                if not self._my_turn(key):
                    with self._lock:
                        self._dirty.add(key)  # published elsewhere just now: ours next tick
                    continue
                began = time.perf_counter()
                try:
                    self.publish(key)
                finally:
                    spent += time.perf_counter() - began
                    published = True
            except Exception:
                db.session.rollback()
                log.exception("Publishing live results of %s failed", key)
        self.last_flush = spent
        if published:
            # Only what publishing cost: a tick with nothing to publish, or whose keys another
            # process had just published, says nothing of what a recount costs.
            self._recent_flushes.append(spent)

    def pause(self) -> float:
        """Seconds from one tick to the next: the back-off follows the shortest of the recent
        publishing flushes, what a recount costs, so that one flush that waited (a lock, a
        collection, another process's burst on the machine) does not hold the next update
        back 19 times as long. The turn a process claims lasts that long too (``_my_turn``),
        so with several processes the recounts keep the same pace."""
        cost = min(self._recent_flushes, default=0.0)
        return min(self.MAX_PAUSE, max(self.interval, self.backoff * cost))

    def _run(self, app) -> None:
        while True:
            socketio.sleep(self.pause())
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
        """Write ``item``; returns its outcome once committed (raises TimeoutError, and
        DatabaseBusy when the database stayed locked)."""
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
            if is_lock_timeout(error):
                # The database stayed locked for the whole wait: writing the items one by
                # one would wait as long again for each. Everyone is told to resend.
                log.warning("A batch of %d writes waited for the database in vain", len(batch))
                for slot in batch:
                    slot["outcome"] = DatabaseBusy("The database is busy.")
                return
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
