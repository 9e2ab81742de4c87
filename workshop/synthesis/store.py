"""Features kept in the database (``text_feature``), where there is an app to keep them in."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import numpy as np
from flask import has_app_context
from sqlalchemy import delete, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from workshop.extensions import db
from workshop.models import utcnow
from workshop.synthesis.features import DIMENSIONS, REPLACED_STAMPS, STAMP, Features

log = logging.getLogger(__name__)
CHUNK = 500  # keys in one IN (...): well under every database's limit
# The stamp of an erased text's row (``forget_texts``): never read, never replaced (it must
# never be the ``STAMP`` nor one of the ``REPLACED_STAMPS``).
ERASED = "erased"
# How long a tombstone outlives its erasure (``drop_old_tombstones``): far longer than any job
# computes, and no longer, so that no hash of an erased text is kept for good.
TOMBSTONE_DAYS = 2


def load(keys: list[str]) -> dict[str, Features]:
    """The stored features of these keys (of this model and features version: ``STAMP``);
    nothing outside an app."""
    from workshop.synthesis.models import TextFeature

    if not has_app_context() or not keys:
        return {}
    rows = []
    try:
        with db.session.begin_nested():  # a missing table must not spoil the caller's work
            for start in range(0, len(keys), CHUNK):
                rows += db.session.execute(
                    select(TextFeature.key, TextFeature.vector, TextFeature.terms).where(
                        TextFeature.key.in_(keys[start : start + CHUNK]),
                        TextFeature.model == STAMP,
                    )
                ).all()
    except (OperationalError, ProgrammingError) as error:
        # A database not yet upgraded (`workshop db upgrade`): computed, kept in memory.
        log.warning("text features not read: %s", type(error).__name__)
    return _features(rows)


def load_recent(limit: int) -> dict[str, Features]:
    """The ``limit`` most recently stored features of this ``STAMP``, in one query (a worker's
    warm-up: the texts of the rounds under way are the newest)."""
    from workshop.synthesis.models import TextFeature

    if not has_app_context() or limit <= 0:
        return {}
    try:
        with db.session.begin_nested():
            rows = db.session.execute(
                select(TextFeature.key, TextFeature.vector, TextFeature.terms)
                .where(TextFeature.model == STAMP)
                .order_by(TextFeature.created_at.desc(), TextFeature.key)
                .limit(limit)
            ).all()
    except (OperationalError, ProgrammingError) as error:
        log.warning("text features not read: %s", type(error).__name__)
        return {}
    return _features(rows)


def _features(rows) -> dict[str, Features]:
    """Rows of (key, vector bytes, terms) as features: every vector of the right size read
    with one ``frombuffer`` over the joined bytes, not one array a row."""
    wanted = DIMENSIONS * 4
    kept = [row for row in rows if len(row.vector) == wanted]
    if not kept:
        return {}
    matrix = np.frombuffer(b"".join(row.vector for row in kept), dtype=np.float32)
    matrix = matrix.reshape(len(kept), DIMENSIONS)
    return {row.key: Features(matrix[n], tuple(row.terms)) for n, row in enumerate(kept)}


def save(new: dict[str, Features]) -> None:
    """Keep new features. They are a cache of the texts, not part of the caller's work: on
    PostgreSQL they are written on a connection of their own and committed at once, so a
    worker process that computes the same text never waits for a caller that is waiting for
    that worker (a row another process stored meanwhile is skipped). SQLite has one writer
    anyway: there they go into a savepoint of the caller's transaction. A row of the same
    text stored by another model or features version (an older ``STAMP``) is replaced; any
    other row is kept, an erased text's tombstone above all (``forget_texts``)."""
    from workshop.synthesis.models import TextFeature

    if not has_app_context() or not new:
        return
    rows = [
        {
            "key": key,
            "model": STAMP,
            "vector": features.vector.astype(np.float32).tobytes(),
            "terms": list(features.terms),
            "created_at": utcnow(),
        }
        for key, features in sorted(new.items())  # rows locked in one order by every writer
    ]
    try:
        if db.engine.dialect.name == "postgresql":
            # Only a row of a stamp this version replaces: a process of another version
            # running beside this one keeps its rows, and this one keeps its own.
            # (equalities, not IN: an expanding IN cannot go with executemany)
            statement = _upsert(
                TextFeature, where=or_(*(TextFeature.model == stamp for stamp in REPLACED_STAMPS))
            )
            with db.engine.begin() as connection:
                connection.execute(statement, rows)
            return
        with db.session.begin_nested():
            db.session.execute(
                delete(TextFeature).where(
                    TextFeature.key.in_(list(new)), TextFeature.model.in_(REPLACED_STAMPS)
                )
            )
            existing = set(
                db.session.scalars(select(TextFeature.key).where(TextFeature.key.in_(list(new))))
            )
            db.session.add_all(TextFeature(**row) for row in rows if row["key"] not in existing)
    except (IntegrityError, OperationalError, ProgrammingError) as error:
        # Kept in memory all the same; the next process computes them again.
        log.warning("text features not stored: %s", type(error).__name__)


def forget_texts(texts) -> int:
    """Erase the features kept of these texts, as their texts are erased: in memory, and in
    the database by turning each text's row into a tombstone (``ERASED``, no vector, no
    terms) that no save ever replaces; how many texts' keys were closed.

    Why a tombstone and not a delete: features are computed off the request, in a worker
    that may have read the texts before this erasure and saves after it. A delete leaves
    nothing for that late save to collide with, and the row comes back; a tombstone stays in
    its way. Both saves leave a row of another stamp alone (``save``), and the check cannot
    interleave with this write, because the key is the primary key: on PostgreSQL an insert
    or upsert of a key waits for the uncommitted transaction that wrote the same key and
    then takes the conflict path against the committed tombstone (or, when the save came
    first, this upsert waits for it and then overwrites its row); on SQLite the save's
    transaction holds the one write lock from its first statement, and one that read before
    this commit cannot write after it (a busy snapshot). Waiting for or cancelling the jobs
    instead would need a handle on every worker process of every server process.

    A tombstone keeps only the hash and the erasure's day (not its time, which the audit log
    ties to the person), and only for ``TOMBSTONE_DAYS``: ``drop_old_tombstones``, run by the
    privacy purge, deletes it after that, far later than any job saves. Until then a kept
    text of the same words (a proposal made of the chat's suggestion) has its features
    computed once per process instead of stored."""
    from workshop.synthesis.features import forget, text_key
    from workshop.synthesis.models import TextFeature

    keys = sorted({text_key(text) for text in texts if text})  # one lock order for everyone
    forget(keys)
    if not keys:
        return 0
    statement = _upsert(TextFeature)
    # The day only: the audit log has the erasure's time, which would tie the hash to the person.
    day = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    for start in range(0, len(keys), CHUNK):
        rows = [
            {"key": key, "model": ERASED, "vector": b"", "terms": [], "created_at": day}
            for key in keys[start : start + CHUNK]
        ]
        db.session.execute(statement, rows)
    return len(keys)


def drop_old_tombstones(now: datetime | None = None) -> int:
    """Delete the tombstones of erasures more than ``TOMBSTONE_DAYS`` ago; how many."""
    from workshop.synthesis.models import TextFeature

    before = (now or utcnow()) - timedelta(days=TOMBSTONE_DAYS)
    return db.session.execute(
        delete(TextFeature).where(TextFeature.model == ERASED, TextFeature.created_at < before)
    ).rowcount


def _upsert(model, where=None):
    """An ``INSERT`` of rows by their key that replaces a row of the same key (only where
    ``where`` holds, if given), in the dialect of the database."""
    statement = (postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert)(
        model
    )
    return statement.on_conflict_do_update(
        index_elements=["key"],
        set_={
            column: statement.excluded[column]
            for column in ("model", "vector", "terms", "created_at")
        },
        where=where,
    )
