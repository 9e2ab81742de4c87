"""Password hashes, checked off the event loop.

A check costs about 0.16 s of CPU (scrypt). Under gevent (`workshop run`) that would stop every
live room of the process for as long, so the check runs in gevent's pool of real threads
(hashlib releases the GIL while it hashes) and the loop goes on serving the rooms.
"""

from werkzeug.security import check_password_hash


def _gevent_hub():
    try:
        from gevent import get_hub, monkey
    except ImportError:
        return None
    return get_hub() if monkey.is_module_patched("socket") else None


def check(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``."""
    hub = _gevent_hub()
    if hub is None:
        return check_password_hash(password_hash, password)
    return hub.threadpool.apply(check_password_hash, (password_hash, password))
