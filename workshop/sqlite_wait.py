"""SQLite connections that wait for a lock without stopping the process.

SQLite's own busy timeout waits inside the C library: under gevent the whole process sleeps
with it, every room freezes, and a lock held by another process (a backup, a script, a second
server) for 40 s disconnected most clients. Here SQLite gives up at once, and each statement is
retried after a cooperative pause (``greenlets.cooperative_sleep``): the loop goes on serving
everyone else. A lock still held after the connection's
``timeout`` (the usual ``connect_args`` key, kept as the bound of the whole wait) raises
``database is locked`` as before; the Socket.IO edge answers it with the ``busy`` ack
(``workshop.realtime``).
"""

from __future__ import annotations

import sqlite3
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine

from workshop.greenlets import cooperative_sleep

SQLITE_BUSY = 5
# A write after another connection committed, in a transaction that had read an older
# snapshot (WAL): retrying the statement cannot help, only a new transaction can.
SQLITE_BUSY_SNAPSHOT = SQLITE_BUSY | (2 << 8)
FIRST_PAUSE = 0.002
LONGEST_PAUSE = 0.025
DEFAULT_WAIT = 5.0


def _retrying(operation, wait: float):
    deadline = time.monotonic() + wait
    pause = FIRST_PAUSE
    while True:
        try:
            return operation()
        except sqlite3.OperationalError as error:
            if not _is_lock_wait(error) or time.monotonic() + pause > deadline:
                raise
        cooperative_sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)


def _is_lock_wait(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "database is locked" in str(error)
    return code & 0xFF == SQLITE_BUSY and code != SQLITE_BUSY_SNAPSHOT


class CooperativeCursor(sqlite3.Cursor):
    """A cursor whose statements wait for a lock cooperatively (``connection.wait``)."""

    def execute(self, sql, parameters=()):
        run = super().execute
        return _retrying(lambda: run(sql, parameters), self.connection.wait)

    def executemany(self, sql, seq_of_parameters):
        # Materialised first: a retry must send the same rows again.
        rows = list(seq_of_parameters)
        run = super().executemany
        return _retrying(lambda: run(sql, rows), self.connection.wait)


class CooperativeConnection(sqlite3.Connection):
    """A connection whose cursors and commits wait for a lock cooperatively."""

    wait = DEFAULT_WAIT

    def cursor(self, factory=CooperativeCursor):
        return super().cursor(factory)

    def commit(self):
        return _retrying(super().commit, self.wait)


_connection_classes: dict[float, type[CooperativeConnection]] = {}


def connection_class(wait: float) -> type[CooperativeConnection]:
    """The connection class that waits at most ``wait`` seconds for a lock."""
    cls = _connection_classes.get(wait)
    if cls is None:
        cls = type("CooperativeConnection", (CooperativeConnection,), {"wait": wait})
        _connection_classes[wait] = cls
    return cls


@event.listens_for(Engine, "do_connect")
def _connect_cooperatively(dialect, connection_record, cargs, cparams) -> None:
    """Every SQLite connection of the app: SQLite's ``timeout`` becomes our cooperative wait."""
    if dialect.name != "sqlite" or "factory" in cparams:
        return
    cparams["factory"] = connection_class(float(cparams.get("timeout", DEFAULT_WAIT)))
    cparams["timeout"] = 0


# PostgreSQL's lock_not_available: a lock not granted within ``lock_timeout`` (config.py).
POSTGRESQL_LOCK_NOT_AVAILABLE = "55P03"


def is_lock_timeout(error: BaseException) -> bool:
    """Whether ``error`` (SQLAlchemy's or the driver's) is a lock that was waited for in vain:
    SQLite's ``database is locked`` after the wait, or PostgreSQL's ``lock_timeout``."""
    original = getattr(error, "orig", error)
    if isinstance(original, sqlite3.OperationalError):
        return _is_lock_wait(original)
    return getattr(original, "sqlstate", None) == POSTGRESQL_LOCK_NOT_AVAILABLE
