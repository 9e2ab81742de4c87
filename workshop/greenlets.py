"""Waiting without holding gevent's loop, in patched and unpatched processes alike."""

import time


def in_unpatched_greenlet() -> bool:
    """Whether this runs in a greenlet of a process gevent has not patched (tests): there
    ``time.sleep`` and blocking waits would stop every other greenlet."""
    try:
        from gevent import monkey
        from greenlet import getcurrent
    except ImportError:
        return False
    return not monkey.is_module_patched("threading") and getcurrent().parent is not None


def cooperative_sleep(seconds: float) -> None:
    """Sleep, letting other greenlets run (``time.sleep`` is gevent's once patched)."""
    if in_unpatched_greenlet():
        import gevent

        gevent.sleep(seconds)
    else:
        time.sleep(seconds)
