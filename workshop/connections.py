"""Connection limits: a socket that does not authenticate is closed after a few seconds,
connections per address and in all are bounded by the open-file budget, and a full server
answers 503 (or 429 for one address) instead of failing. See docs/security.md, "Connections"."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import parse_qs

from flask import Flask, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.wsgi import ClosingIterator

from workshop.config import SUPPORTED_LOCALES
from workshop.i18n import select_locale
from workshop.ratelimit import address_key

log = logging.getLogger(__name__)

DEFAULT_AUTH_TIMEOUT = 10.0  # seconds from the Engine.IO handshake to a valid Socket.IO CONNECT
DEFAULT_PER_ADDRESS = 400  # a venue's NAT holds a full room (300 phones) and their reconnects
# Files the process needs besides connections: the database pool (with SQLite's -wal and -shm
# files per connection), the listening socket, logs, templates and static files being served.
RESERVED_FILES = 128
# A long-polling client holds its pending GET and posts on a second connection; a WebSocket
# holds one. Counting two per connection keeps either kind inside the budget.
FILES_PER_CONNECTION = 2
# Files kept for HTTP requests once sockets have taken theirs: an eighth, at least this many.
MIN_HTTP_FILES = 32
# Below this many free files no new socket is admitted, and below the smaller one no request.
SOCKET_FLOOR = 64
HTTP_FLOOR = 16
RETRY_AFTER = 10  # seconds: a moment for others to leave or to be dropped
NOFILE_CAP = 1_048_576  # Linux's default nr_open: an "unlimited" hard limit cannot be set
FILES_SAMPLE_AGE = 0.1  # seconds a count of open files is reused
# `workshop run` (gevent) closes a connection that sends no request line and headers within
# this many seconds: an idle keep-alive connection, or one that sends nothing at all, would
# otherwise hold its file until the client hangs up (nginx does the same in front of gunicorn).
IDLE_CONNECTION_TIMEOUT = 20.0

ENVIRON_TICKET = "workshop.connection_ticket"

REFUSALS = {
    "server_full": (503, _l("The server is full right now. Try again in a moment.")),
    "too_many_connections": (
        429,
        _l("Too many connections from your network. Try again in a moment."),
    ),
}


# The open-file limit ---------------------------------------------------------------------


def raise_open_file_limit() -> int:
    """Raise the soft RLIMIT_NOFILE to the hard limit; return the soft limit now in force.

    Many systems start processes at a soft limit of 1,024 files while allowing far more:
    every socket is a file, so a room of phones would fill the default.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = NOFILE_CAP if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            log.warning("Could not raise the open-file limit from %d to %d", soft, target)
    return open_file_limit()


def open_file_limit() -> int:
    """The soft RLIMIT_NOFILE (an unlimited one counts as NOFILE_CAP)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return NOFILE_CAP if soft == resource.RLIM_INFINITY else soft


def connection_bound(open_files: int) -> int:
    """How many Socket.IO connections fit in ``open_files`` beside the reserved files and the
    files kept for HTTP requests (at 1,024 files: 392)."""
    available = open_files - RESERVED_FILES
    http_files = max(MIN_HTTP_FILES, available // 8)
    return max(0, (available - http_files) // FILES_PER_CONNECTION)


def _files_directory() -> str | None:
    for path in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(path):
            return path
    return None


# Counting connections --------------------------------------------------------------------


@dataclass
class Ticket:
    """A handshake's reserved place, until Engine.IO gives it a session id."""

    key: str
    sid: str | None = None
    transport: socket.socket | None = None


@dataclass
class Slot:
    """An open Engine.IO connection: its address key, when it opened, whether it joined."""

    key: str
    opened: float
    authenticated: bool = False
    transport: socket.socket | None = None  # a WebSocket's TCP connection


class ConnectionTracker:
    """Counts open Engine.IO connections by address and in all, and knows which authenticated.

    A handshake reserves its place before python-engineio creates the socket (``reserve``), so
    that concurrent handshakes cannot all pass the same count; Engine.IO's connect event turns
    the reservation into a slot of that session id (``opened``), its disconnect frees it.
    """

    def __init__(self, app: Flask):
        self.app = app
        self._slots: dict[str, Slot] = {}
        self._reserved: dict[str, int] = {}
        self._by_address: dict[str, int] = {}
        self._lock = threading.Lock()
        self._sweeping = False
        self._files_sample = (0.0, 0)
        self._files_path = _files_directory()

    # Settings are read at each use, so that tests (and a reload) can change them.
    @property
    def auth_timeout(self) -> float:
        return float(self.app.config.get("SOCKET_AUTH_TIMEOUT", DEFAULT_AUTH_TIMEOUT))

    @property
    def per_address(self) -> int:
        return int(self.app.config.get("MAX_CONNECTIONS_PER_ADDRESS", DEFAULT_PER_ADDRESS))

    @property
    def open_files(self) -> int:
        return int(self.app.config.get("OPEN_FILES_LIMIT") or open_file_limit())

    @property
    def max_connections(self) -> int:
        configured = self.app.config.get("MAX_CONNECTIONS")
        return int(configured) if configured else connection_bound(self.open_files)

    def count(self, key: str | None = None) -> int:
        """Open (and reserved) connections of one address key, or of all."""
        with self._lock:
            if key is None:
                return len(self._slots) + sum(self._reserved.values())
            return self._by_address.get(key, 0)

    def files_left(self) -> int | None:
        """Files the process may still open (None where open files cannot be counted)."""
        if self._files_path is None:
            return None
        sampled_at, files = self._files_sample
        now = time.monotonic()
        if now - sampled_at > FILES_SAMPLE_AGE:
            try:
                files = len(os.listdir(self._files_path))
            except OSError:
                return None
            self._files_sample = (now, files)
        return self.open_files - files

    def reserve(self, key: str) -> str | None:
        """Reserve a place for a handshake from ``key``; the refusal's code if there is none."""
        left = self.files_left()
        with self._lock:
            if self._by_address.get(key, 0) >= self.per_address:
                return "too_many_connections"
            total = len(self._slots) + sum(self._reserved.values())
            if total >= self.max_connections or (left is not None and left < SOCKET_FLOOR):
                return "server_full"
            self._reserved[key] = self._reserved.get(key, 0) + 1
            self._by_address[key] = self._by_address.get(key, 0) + 1
        return None

    def unreserve(self, ticket: Ticket) -> None:
        """Free a reservation that never became a connection (a failed handshake)."""
        with self._lock:
            if ticket.sid is not None or not self._reserved.get(ticket.key):
                return
            self._reserved[ticket.key] -= 1
            self._uncount(ticket.key)

    def opened(self, sid: str, environ: dict) -> None:
        """Engine.IO's connect: the handshake's reservation becomes the socket's slot."""
        ticket = environ.get(ENVIRON_TICKET)
        with self._lock:
            transport = None
            if ticket is not None and ticket.sid is None and self._reserved.get(ticket.key):
                ticket.sid = sid
                self._reserved[ticket.key] -= 1
                key, transport = ticket.key, ticket.transport
            else:  # a handshake that came past the guard still counts
                key = address_key(environ.get("REMOTE_ADDR", ""))
                self._by_address[key] = self._by_address.get(key, 0) + 1
            self._slots[sid] = Slot(key, time.monotonic(), transport=transport)

    def closed(self, sid: str) -> None:
        """Engine.IO's disconnect (or a socket found gone): free its slot."""
        with self._lock:
            slot = self._slots.pop(sid, None)
            if slot is not None:
                self._uncount(slot.key)

    def authenticate(self, sid: str) -> None:
        """The socket completed a Socket.IO CONNECT with valid auth: it is never dropped."""
        with self._lock:
            slot = self._slots.get(sid)
            if slot is not None:
                slot.authenticated = True

    def upgraded(self, sid: str, transport: socket.socket | None) -> None:
        """A polling socket moves to a WebSocket on ``transport``."""
        with self._lock:
            slot = self._slots.get(sid)
            if slot is not None and transport is not None:
                slot.transport = transport

    def transport(self, sid: str) -> socket.socket | None:
        with self._lock:
            slot = self._slots.get(sid)
            return slot.transport if slot is not None else None

    def overdue(self, now: float) -> list[str]:
        """Sockets that have not authenticated within the timeout."""
        deadline = now - self.auth_timeout
        with self._lock:
            return [
                sid
                for sid, slot in self._slots.items()
                if not slot.authenticated and slot.opened <= deadline
            ]

    def tracked(self) -> list[str]:
        with self._lock:
            return list(self._slots)

    def _uncount(self, key: str) -> None:
        remaining = self._by_address.get(key, 0) - 1
        if remaining > 0:
            self._by_address[key] = remaining
        else:
            self._by_address.pop(key, None)
        if not self._reserved.get(key):
            self._reserved.pop(key, None)

    # Dropping idle sockets ----------------------------------------------------------------

    def start_sweeping(self, socketio) -> None:
        """Start the one background task that drops idle sockets (once per process)."""
        with self._lock:
            if self._sweeping:
                return
            self._sweeping = True
        socketio.start_background_task(self._sweep_forever, socketio)

    def _sweep_forever(self, socketio) -> None:
        while True:
            # A quarter of the timeout: a socket lives at most 1.25 times the timeout.
            socketio.sleep(min(1.0, self.auth_timeout / 4))
            try:
                self.sweep(socketio.server.eio)
            except Exception:
                log.exception("Dropping idle sockets failed")

    def sweep(self, eio) -> int:
        """Close the sockets that did not authenticate in time; return how many."""
        dropped = 0
        for sid in self.overdue(time.monotonic()):
            transport = self.transport(sid)
            connection = eio.sockets.get(sid)
            if connection is not None and not connection.closed:
                # Not eio.disconnect(): it waits until the client reads the close packet, and
                # an idle long-polling client never comes back to read it.
                connection.close(wait=False, abort=False, reason=eio.reason.SERVER_DISCONNECT)
                dropped += 1
            eio.sockets.pop(sid, None)
            self.closed(sid)
            _end_transport(transport)
        for sid in self.tracked():  # a socket Engine.IO forgot without a disconnect event
            if sid not in eio.sockets:
                self.closed(sid)
        if dropped:
            log.info("Closed %d sockets that did not authenticate in time", dropped)
        return dropped


def _end_transport(transport: socket.socket | None) -> None:
    """End a dropped WebSocket's TCP connection, whatever its client does.

    Closing the WebSocket only sends a close frame: both the WSGI server and simple-websocket
    (which under gevent holds a second descriptor, a dup of the connection) go on reading
    until the client hangs up, and a client that never does keeps two files open. Shutting
    the socket's reading side makes both reads end at once, and each closes its descriptor;
    what was already written (the close frame) is still sent.
    """
    if transport is None:
        return
    with contextlib.suppress(OSError):  # already gone
        transport.shutdown(socket.SHUT_RD)


def _raw_socket(environ: dict) -> socket.socket | None:
    """The TCP connection under a WSGI request (Werkzeug, gunicorn or gevent), if known."""
    found = environ.get("werkzeug.socket") or environ.get("gunicorn.socket")
    if found is None:  # gevent's pywsgi, found the way simple-websocket finds it
        wsgi_input = environ.get("wsgi.input")
        if not hasattr(wsgi_input, "raw") and hasattr(wsgi_input, "rfile"):
            wsgi_input = wsgi_input.rfile
        found = getattr(getattr(wsgi_input, "raw", None), "_sock", None)
    return found if hasattr(found, "shutdown") else None


# Refusing politely -----------------------------------------------------------------------


def _refusal_parts(app: Flask, environ: dict, code: str) -> tuple[str, str, list]:
    """The refusal's message and page in the visitor's language, and the security headers."""
    from workshop.headers import security_headers

    with app.request_context(environ), force_locale(select_locale()):
        message = str(REFUSALS[code][1])
        page = render_template("errors/server_full.html", message=message)
        secure = bool(app.config.get("SESSION_COOKIE_SECURE"))
        return message, page, list(security_headers(request, secure).items())


def refusal(app: Flask, environ: dict, start_response, code: str, as_json: bool):
    """A 503 (or 429) with Retry-After: JSON ``{"ok": false, "error": code, "message": ...}``
    for the API and the Socket.IO transport, a short translated page for everything else."""
    status, _ = REFUSALS[code]
    message, page, security = _refusal_parts(app, environ, code)
    if as_json:
        body = json.dumps({"ok": False, "error": code, "message": message}).encode()
        content_type = "application/json"
    else:
        body = page.encode()
        content_type = "text/html; charset=utf-8"
    reason = "Service Unavailable" if status == 503 else "Too Many Requests"
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Retry-After", str(RETRY_AFTER)),
        ("Cache-Control", "no-store"),
        # The connection is closed at once: its file is what a full server lacks.
        ("Connection", "close"),
        *security,
    ]
    start_response(f"{status} {reason}", headers)
    return [body]


def _is_websocket(environ: dict) -> bool:
    return environ.get("HTTP_UPGRADE", "").lower() == "websocket"


class ConnectionGuard:
    """WSGI middleware in front of python-engineio: admits a Socket.IO handshake only if its
    address and the server have room, and any other request only if files are left."""

    def __init__(self, app: Flask, wsgi_app, tracker: ConnectionTracker, socketio):
        self.app = app
        self.wsgi_app = wsgi_app
        self.tracker = tracker
        self.socketio = socketio
        self.socketio_path = socketio.sockio_mw.engineio_path.rstrip("/")

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == self.socketio_path or path.startswith(self.socketio_path + "/"):
            query = parse_qs(environ.get("QUERY_STRING", ""))
            if "sid" not in query and environ.get("REQUEST_METHOD") == "GET":
                return self._handshake(environ, start_response)
            if "sid" in query and _is_websocket(environ):
                self.tracker.upgraded(query["sid"][0], _raw_socket(environ))
            return self.wsgi_app(environ, start_response)
        left = self.tracker.files_left()
        if left is not None and left < HTTP_FLOOR:
            as_json = path.startswith("/api/")
            return refusal(self.app, environ, start_response, "server_full", as_json)
        return self.wsgi_app(environ, start_response)

    def _handshake(self, environ, start_response):
        key = address_key(environ.get("REMOTE_ADDR", ""))
        refused = self.tracker.reserve(key)
        if refused:
            return refusal(self.app, environ, start_response, refused, as_json=True)
        self.tracker.start_sweeping(self.socketio)
        transport = _raw_socket(environ) if _is_websocket(environ) else None
        ticket = environ[ENVIRON_TICKET] = Ticket(key, transport=transport)
        try:
            response = self.wsgi_app(environ, start_response)
        except BaseException:
            self.tracker.unreserve(ticket)
            raise
        # A WebSocket handshake returns only once the socket has closed; a polling one at
        # once. Either way Engine.IO has claimed the ticket by now, if it made a socket.
        return ClosingIterator(response, [lambda: self.tracker.unreserve(ticket)])


def idle_timeout_handler(timeout: float | None = None):
    """gevent's WSGI handler, closing connections that send no request within ``timeout``.

    gevent's server waits for the next request on a kept-alive connection for ever. The
    timeout covers only the request line and headers: a long-polling GET, a WebSocket and the
    application's own work run without it.
    """
    from gevent.pywsgi import WSGIHandler

    if timeout is None:
        timeout = _env_number("WORKSHOP_IDLE_CONNECTION_TIMEOUT", IDLE_CONNECTION_TIMEOUT, float)

    class IdleTimeoutHandler(WSGIHandler):
        def read_requestline(self):
            self.socket.settimeout(timeout)
            return super().read_requestline()

        def handle_one_response(self):
            self.socket.settimeout(None)
            return super().handle_one_response()

    return IdleTimeoutHandler


# Wiring ----------------------------------------------------------------------------------


def _wrap_engineio_handlers(eio, tracker: ConnectionTracker) -> None:
    """Tell the tracker of every Engine.IO connect and disconnect (python-socketio keeps its
    own handlers for them, which still run)."""
    on_connect = eio.handlers["connect"]
    on_disconnect = eio.handlers["disconnect"]

    def connect(sid, environ):
        tracker.opened(sid, environ)
        return on_connect(sid, environ)

    def disconnect(sid, reason):
        tracker.closed(sid)
        return on_disconnect(sid, reason)

    eio.on("connect", connect)
    eio.on("disconnect", disconnect)


def mark_authenticated(app: Flask, eio_sid: str | None) -> None:
    """Called by the Socket.IO connect handler once a connection has shown valid auth."""
    tracker = app.extensions.get("connections")
    if tracker is not None and eio_sid is not None:
        tracker.authenticate(eio_sid)


def register_connection_guard(app: Flask) -> None:
    """Count and bound connections (after Flask-SocketIO has put python-engineio around
    wsgi_app, before the transport headers wrap everything)."""
    from workshop.extensions import socketio

    settings = {
        "SOCKET_AUTH_TIMEOUT": ("WORKSHOP_SOCKET_AUTH_TIMEOUT", DEFAULT_AUTH_TIMEOUT, float),
        "MAX_CONNECTIONS_PER_ADDRESS": (
            "WORKSHOP_MAX_CONNECTIONS_PER_ADDRESS",
            DEFAULT_PER_ADDRESS,
            int,
        ),
        # None: derived from the open-file limit in force when counting.
        "MAX_CONNECTIONS": ("WORKSHOP_MAX_CONNECTIONS", None, int),
    }
    for key, (variable, default, kind) in settings.items():
        app.config.setdefault(key, _env_number(variable, default, kind))
    tracker = ConnectionTracker(app)
    app.extensions["connections"] = tracker
    _wrap_engineio_handlers(socketio.server.eio, tracker)
    guard = ConnectionGuard(app, app.wsgi_app, tracker, socketio)
    if app.config.get("PROXY_FIX"):
        # The guard counts by the client's address, which only the proxy's header tells.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(guard, x_for=1, x_proto=1)
    else:
        app.wsgi_app = guard
    # Load the refusal page and its translations now: a full server may have no file left
    # to read them from.
    for locale in SUPPORTED_LOCALES:
        with app.test_request_context(), force_locale(locale):
            render_template("errors/server_full.html", message=str(REFUSALS["server_full"][1]))


def _env_number(name: str, default, kind=int):
    """A positive number from the environment variable ``name``, else ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name} must be a positive number, not {raw!r}") from None
    if not value > 0:
        raise ValueError(f"{name} must be a positive number, not {raw!r}")
    return value
