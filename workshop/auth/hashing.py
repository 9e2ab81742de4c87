"""Password hashes, made and checked off the event loop.

A check costs about 0.16 s of CPU (scrypt). Under gevent (`workshop run`) that would stop every
live room of the process for as long, so the server hashes in its worker processes
(``workshop.offload``: few of them, at a lower CPU priority, so a flood of wrong passwords
queues there instead of taking the loop's CPU), one hash at a time per server process: scrypt
fills the memory bus as well as a core, and a flood hashing on both cores of a small machine
slowed the room's answers by 270 ms even at the lower priority (bench/stall.py). Where jobs
run inline (``OFFLOAD``), a process patched by gevent hashes in gevent's pool of real threads
(hashlib releases the GIL while it hashes, but up to ten hashes then compete with the loop for
the CPU at its own priority).
"""

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

from workshop import offload

HASHING = "password-hash"  # checks and new hashes take turns together


def _gevent_hub():
    try:
        from gevent import get_hub, monkey
    except ImportError:
        return None
    return get_hub() if monkey.is_module_patched("socket") else None


def _off_the_loop(function, *args):
    if has_app_context() and offload.mode(current_app.config) == "process":
        return offload.call(function, *args, one_at_a_time=HASHING)
    hub = _gevent_hub()
    if hub is None:
        return function(*args)
    return hub.threadpool.apply(function, args)


def check(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``."""
    return _off_the_loop(check_password_hash, password_hash, password)


def generate(password: str) -> str:
    """A new salted hash of ``password`` (werkzeug's default method, scrypt)."""
    return _off_the_loop(generate_password_hash, password)
