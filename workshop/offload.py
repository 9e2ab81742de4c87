"""Heavy work off the event loop: a small pool of worker processes, each with its own app.

Under gevent one process serves every live room, and a greenlet that holds the CPU holds every
phone: a Word export (seconds of python-docx), a CSV import, a password hash (0.16 s of scrypt
each). ``run(job, *args)`` sends such work to a worker process and waits for it cooperatively,
so the loop goes on serving the rooms. The workers

- are started with ``spawn`` (a fresh interpreter, nothing inherited from a patched, running
  server) and each builds the app once from the server's configuration, with its own database
  connections: a job gets ids and plain values, never ORM objects, and commits its own writes;
- run at a lower CPU priority (``nice``), so that on a busy machine the server's loop is served
  first and an export takes longer instead of the room's acknowledgements;
- are few (``OFFLOAD_WORKERS``, default 2): a flood of exports or logins queues here, not on
  the loop;
- run *background* work (``run(..., background=True)``: the console's live themes, the
  features of arriving texts) in a thread at the idle scheduling class (``SCHED_IDLE``, else
  nice 19), so that it only uses CPU time nobody else wants: in a room that keeps every core
  busy the themes wait, the answers do not. With two or more workers, background work takes
  all workers but one at most, so an export or a login does not wait behind it (a background
  job's worker stays counted until the job ends, even when its caller stopped waiting).

Why a process pool and not a Redis job queue (RQ): bench/README.md, "Heavy work".
``OFFLOAD = "inline"`` (the default outside a gevent server: commands, tests) runs a job in
the calling process instead.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import pickle
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from workshop.greenlets import in_unpatched_greenlet

log = logging.getLogger(__name__)

WORKER_NICENESS = 10
BACKGROUND_NICENESS = 19  # where the idle scheduling class is not available
JOB_TIMEOUT = 600  # seconds; the largest export measured takes well under a minute

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_pid: int | None = None  # a forked server process (gunicorn) makes its own pool
# In the server: (its pid, {lane: the semaphore of how many of its jobs may run at once}).
_lanes: tuple[int, dict] | None = None

# In a worker process: the app its jobs run in.
_worker_app = None


class JobFailed(RuntimeError):
    """The worker process died (killed, out of memory) before the job finished."""


def mode(config) -> str:
    """``process`` or ``inline``: where jobs run under this configuration. Unset, jobs run
    in worker processes where there is an event loop to keep free (a process patched by
    gevent: `workshop run`, gunicorn's gevent workers) and inline elsewhere (commands, tests)."""
    chosen = config.get("OFFLOAD")
    if chosen is None:
        from gevent import monkey

        return "process" if monkey.is_module_patched("socket") else "inline"
    if chosen not in ("process", "inline"):
        raise ValueError(f"OFFLOAD must be process or inline, not {chosen!r}")
    return chosen


def run(job: str, *args, timeout: float = JOB_TIMEOUT, background: bool = False):
    """Run ``job`` (``"package.module:function"``) with ``args`` (plain values) in a worker
    process, inside an app context there, and return its result; the calling greenlet waits
    without holding the event loop. Inline in the caller's app context under ``OFFLOAD =
    "inline"``.

    ``background``: work nobody waits for now (the live themes, texts' features): it runs at
    the idle scheduling class in the worker and takes at most all workers but one."""
    from flask import current_app

    app = current_app._get_current_object()
    if mode(app.config) == "inline":
        return _function(job)(*args)
    if not background:
        return _wait(_submit(app, _run_job, job, args), timeout)
    lane = _lane("background", _workers(app.config) - 1)
    return _in_lane(lane, app, timeout, _run_background_job, job, args)


def call(function, *args, timeout: float = JOB_TIMEOUT, one_at_a_time: str | None = None):
    """Run a plain function that needs no app (a password hash) in a worker process, or in
    this process outside an app or under ``OFFLOAD = "inline"``.

    ``one_at_a_time``: the name of a kind of call of which at most one runs at once in this
    server process (the others wait their turn cooperatively), so that a flood of them takes
    one core, not all."""
    from flask import current_app, has_app_context

    if not has_app_context() or mode(current_app.config) == "inline":
        return function(*args)
    app = current_app._get_current_object()
    if one_at_a_time is None:
        return _wait(_submit(app, function, *args), timeout)
    return _in_lane(_lane(one_at_a_time, 1), app, timeout, function, *args)


def _in_lane(lane, app, timeout: float, function, *args):
    """Submit under ``lane``'s semaphore and wait. The slot is given back when the job ends,
    not when the caller stops waiting (a timeout, a killed greenlet): the job still holds its
    worker until then."""
    lane.acquire()
    future = None
    try:
        future = _submit(app, function, *args)
        return _wait(future, timeout)
    finally:
        if future is None or future.done():
            lane.release()
        else:
            import gevent

            gevent.spawn(_release_when_done, future, lane)


def _release_when_done(future: Future, lane) -> None:
    with contextlib.suppress(Exception):
        _wait(future, None)
    lane.release()


def start(app) -> None:
    """Start the workers now (the server calls this at start), so that the first export or
    login does not wait for a worker to build its app."""
    if mode(app.config) == "process":
        # As many pings at once as workers: the pool starts a worker only when none is idle,
        # so one ping would start one, and the second would build its app during the first
        # export that comes while the first worker is busy.
        for future in [_submit(app, _ping) for _ in range(_workers(app.config))]:
            _wait(future, JOB_TIMEOUT)


def shutdown() -> None:
    """Stop the workers (tests; a server's exit stops them by itself)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


# In the server -------------------------------------------------------------------------


def _submit(app, function, *args) -> Future:
    global _pool, _pool_pid
    with _lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ProcessPoolExecutor(
                max_workers=_workers(app.config),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(_worker_config(app.config), app.instance_path),
            )
            _pool_pid = os.getpid()
        pool = _pool
    try:
        return pool.submit(function, *args)
    except BrokenProcessPool:
        _forget(pool)
        raise JobFailed("the worker processes stopped") from None


def _workers(config) -> int:
    """How many worker processes the pool has (``OFFLOAD_WORKERS``, default 2)."""
    return config.get("OFFLOAD_WORKERS") or 2


def _lane(name: str, size: int):
    """The semaphore of a kind of job in this server process: at most ``size`` (at least one)
    run at once. gevent's: a job waiting for its turn waits cooperatively, in a patched server
    and in a test's greenlets alike."""
    global _lanes
    from gevent.lock import BoundedSemaphore

    with _lock:
        if _lanes is None or _lanes[0] != os.getpid():  # a forked server makes its own
            _lanes = (os.getpid(), {})
        lanes = _lanes[1]
        if name not in lanes:
            lanes[name] = BoundedSemaphore(max(1, size))
        return lanes[name]


def _forget(pool) -> None:
    """Drop a broken pool: the next job starts new workers."""
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None


def _wait(future: Future, timeout: float):
    """The job's result, waited for without holding the event loop.

    In a process patched by gevent, ``future.result()`` already waits on gevent's primitives
    (the pool's manager thread is a greenlet). In an unpatched process a greenlet (tests) waits
    in gevent's pool of real threads, which the hub watches cooperatively.
    """
    try:
        if in_unpatched_greenlet():
            from gevent import get_hub

            return get_hub().threadpool.spawn(future.result, timeout).get()
        return future.result(timeout)
    except BrokenProcessPool:
        with _lock:
            pool = _pool
        if pool is not None:
            _forget(pool)
        raise JobFailed("a worker process stopped during the job") from None


def _worker_config(config) -> dict:
    """What a worker's app is built with: the server's settings that can be sent to another
    process; it emits nothing (no message queue) and runs no Socket.IO server."""
    sendable = {}
    for key, value in config.items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - settings that cannot travel stay behind
            continue
        sendable[key] = value
    sendable.update(SOCKETIO_MESSAGE_QUEUE=None, SOCKETIO_ASYNC_MODE="threading", OFFLOAD="inline")
    return sendable


# In a worker ---------------------------------------------------------------------------


# How often a worker looks whether its server is still there.
PARENT_CHECK_SECONDS = 1.0


def _exit_with_the_server(server_pid: int) -> None:
    """End this worker once its server process is gone.

    A server killed outright (SIGKILL, the out-of-memory killer, a gunicorn worker past its
    timeout) cannot stop its pool, and the workers, waiting on a queue that their siblings
    keep open, lived on as orphans holding a few hundred MB each.
    """
    while os.getppid() == server_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _start_worker(config: dict, instance_path: str) -> None:
    global _worker_app
    threading.Thread(
        target=_exit_with_the_server, args=(os.getppid(),), name="offload-parent", daemon=True
    ).start()
    with contextlib.suppress(OSError):  # where not allowed, the server's priority
        os.nice(WORKER_NICENESS)
    # One thread of linear algebra a worker (the live themes' similarity matrices): a BLAS
    # that spreads itself over every core would take them from the server's loop. Set before
    # numpy is first imported here, which the app's modules do.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    from workshop import create_app

    _worker_app = create_app(config, instance_path=instance_path)
    if config.get("OFFLOAD_WARM_UP", True):
        # In a thread: the worker takes jobs meanwhile (a job needing the model waits for it).
        # At the worker's priority, not the idle class: it holds the model's and Voikko's
        # locks while it loads them, and a job that needs them (an export) would wait for a
        # thread that gets no CPU while the rooms keep the cores busy.
        threading.Thread(target=_warm_up, name="offload-warm-up", daemon=True).start()


# What a fresh worker prepares before its first job: the themes' model and stored features
# (the first synthesis job of a cold worker otherwise pays for both, bench/synthesis.md).
WARM_UPS = ("workshop.synthesis.features:warm_worker",)


def _warm_up() -> None:
    from workshop.extensions import db

    for job in WARM_UPS:
        with _worker_app.app_context():
            try:
                _function(job)()
            except Exception as error:  # noqa: BLE001 - a warm-up is only a head start
                log.warning("warm-up %s failed: %s", job, type(error).__name__)
            finally:
                db.session.remove()


def _ping() -> bool:
    return True


def _function(job: str):
    module, _, name = job.partition(":")
    return getattr(importlib.import_module(module), name)


_background_thread = None  # in a worker: the thread that runs its background jobs


def _lower_this_thread() -> None:
    """Put the calling thread (Linux schedules threads, not processes) in the idle class:
    it runs when a core would otherwise idle. Where that is refused, nice 19."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)


def _run_background_job(job: str, args: tuple):
    """In a worker: ``_run_job`` in the worker's idle-class thread (started on first use)."""
    global _background_thread
    if _background_thread is None:
        from concurrent.futures import ThreadPoolExecutor

        _background_thread = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="offload-background", initializer=_lower_this_thread
        )
    return _background_thread.submit(_run_job, job, args).result()


def _run_job(job: str, args: tuple):
    from workshop.extensions import db

    with _worker_app.app_context():
        try:
            return _function(job)(*args)
        finally:
            db.session.remove()
