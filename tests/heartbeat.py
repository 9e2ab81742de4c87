"""How long the event loop stops while some work runs: a heartbeat greenlet's longest gap."""

import time

import gevent

TICK = 0.005
# The longest gap of a loop that kept running: it ticks every 5 ms, and a quarter of a second
# allows for a machine shared with other work (a stalled loop misses it by the work's length).
RESPONSIVE = 0.25


def longest_pause(*works) -> tuple[list, float]:
    """Run each ``work`` in its own greenlet beside a heartbeat that ticks every 5 ms; return
    their results and the heartbeat's longest gap in seconds (about 5 ms when nothing holds
    the loop, the whole duration of the work when it does). A greenlet starts without the
    caller's app context: each work gets a context of the current app."""
    from flask import current_app

    app = current_app._get_current_object()
    gaps, done = [], []

    def in_app(work):
        with app.app_context():
            return work()

    def heartbeat():
        last = time.perf_counter()
        while not done:
            gevent.sleep(TICK)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = gevent.spawn(heartbeat)
    gevent.sleep(0.02)
    workers = [gevent.spawn(in_app, work) for work in works]
    gevent.joinall(workers, raise_error=True)
    done.append(True)
    ticker.join()
    return [worker.value for worker in workers], max(gaps)
