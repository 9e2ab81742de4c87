"""Features computed when texts arrive: a proposal, its rationale or a comment is queued after
its commit, and a background task sends what has gathered to a worker process
(``workshop/offload.py``) at most once per ``INTERVAL``, so that themes later find every
text's features stored. Reasons need no queue: the console's live themes compute theirs
(``live.py``), and any text missed here is computed once when themes first need it."""

from __future__ import annotations

import logging
import threading

from workshop.extensions import socketio
from workshop.realtime import after_commit

log = logging.getLogger(__name__)
INTERVAL = 2.0  # seconds: texts arriving meanwhile go to the worker together
MAX_BATCH = 500

_lock = threading.Lock()
_pending: list[str] = []
_task = None


def text_arrived(*texts: str) -> None:
    """Queue texts for their features once the transaction that stores them commits."""
    kept = [text for text in texts if text and text.strip()]
    if kept:
        after_commit(lambda: _queue(kept))


def _queue(texts: list[str]) -> None:
    global _task
    from flask import current_app

    with _lock:
        _pending.extend(texts)
        if _task is None:
            app = current_app._get_current_object()
            _task = socketio.start_background_task(_run, app)


def take() -> list[str]:
    """The texts waiting, at most ``MAX_BATCH`` (the rest wait for the next turn)."""
    with _lock:
        batch = _pending[:MAX_BATCH]
        del _pending[:MAX_BATCH]
        return batch


def flush() -> int:
    """Compute the features of the texts waiting (the background task calls this)."""
    from workshop import offload

    batch = take()
    if not batch:
        return 0
    try:
        return offload.run("workshop.synthesis.arrival:warm_job", batch, background=True)
    except Exception:
        log.exception("Features of %s arrived texts failed", len(batch))
        return 0


def warm_job(texts: list[str]) -> int:
    """In a worker process: compute and store the features of texts not seen before."""
    from workshop.extensions import db
    from workshop.synthesis.features import warm

    new = warm(texts)
    db.session.commit()
    return new


def _run(app) -> None:
    while True:
        socketio.sleep(INTERVAL)
        with app.app_context():
            flush()
