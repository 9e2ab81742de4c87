"""The coalescer's turn across processes: with the limits shared in Redis, a marked key is
published by one process per interval and kept marked by the others until their turn; on its
own a process publishes every tick."""

import time

import pytest
import redis

from tests.test_limits import REDIS_URL, redis_client  # noqa: F401  (real Redis, clear error)
from workshop import limits
from workshop.realtime import Coalescer

INTERVAL = 0.2


@pytest.fixture
def shared_limits(redis_client):  # noqa: F811
    """Limits in Redis, as with WORKSHOP_REDIS_URL: every coalescer here shares them."""
    redis_client.flushdb()
    before = limits.store()
    limits._store = limits.RedisStore(redis.Redis.from_url(REDIS_URL), "coalescer-secret")
    yield
    limits._store = before
    redis_client.flushdb()


def process(published: list) -> Coalescer:
    """One process's coalescer of the same publication (same name), recording what it sent."""
    return Coalescer(published.append, interval=INTERVAL, name="turn:test.publication")


def marked(coalescer: Coalescer, *keys: int) -> Coalescer:
    coalescer._dirty.update(keys)  # what mark() does, without starting the background task
    return coalescer


def test_alone_a_process_publishes_every_marked_key_every_tick():
    published = []
    one = process(published)
    marked(one, 3, 7).flush()
    marked(one, 7).flush()
    assert published == [3, 7, 7]


def test_with_shared_limits_one_process_publishes_and_the_other_waits_its_turn(shared_limits):
    sent_by_a, sent_by_b = [], []
    a, b = process(sent_by_a), process(sent_by_b)
    marked(a, 7).flush()
    marked(b, 7, 8).flush()
    # Session 7 was published by A within this interval: B keeps it for its next tick; 8 is
    # B's alone.
    assert sent_by_a == [7] and sent_by_b == [8]
    assert b._dirty == {7}
    time.sleep(INTERVAL)  # A's claim has lapsed: B's next tick publishes what it saw
    b.flush()
    assert sent_by_b == [8, 7] and b._dirty == set()


def test_a_key_another_process_just_published_is_not_lost_when_nothing_new_comes(
    shared_limits,
):
    sent_by_a, sent_by_b = [], []
    a, b = process(sent_by_a), process(sent_by_b)
    marked(a, 5).flush()
    marked(b, 5)
    for _ in range(3):  # B ticks on; A has nothing more to publish
        b.flush()
        time.sleep(INTERVAL / 2)
    assert sent_by_a == [5] and sent_by_b == [5]


def test_a_slow_publication_spaces_out_the_next_tick():
    """The next tick waits at least ``backoff`` times what the last flush took, never less
    than the interval: a huge session's recounts take a bounded share of the database."""
    published = []

    def slow_publish(key):
        time.sleep(0.1)
        published.append(key)

    coalescer = Coalescer(slow_publish, interval=INTERVAL, name="turn:test.slow", backoff=4)
    assert coalescer.pause() == INTERVAL
    marked(coalescer, 1).flush()
    assert published == [1]
    assert coalescer.pause() >= 0.4
    coalescer.flush()  # nothing marked: says nothing of what a recount costs
    assert coalescer.pause() >= 0.4


def test_one_slow_flush_among_quick_ones_does_not_hold_the_next_update_back():
    """The back-off follows what recounts cost, the shortest of the recent flushes: a flush
    that waited once (a lock, a busy machine) leaves the interval as it was; flushes that are
    all slow space the ticks out, never beyond ``MAX_PAUSE``."""
    delays = []

    def publish(key):
        time.sleep(delays.pop(0))

    coalescer = Coalescer(publish, interval=INTERVAL, name="turn:test.recent")
    for delay in (0.0, 0.0, 0.06):
        delays.append(delay)
        marked(coalescer, 1).flush()
    assert coalescer.pause() == INTERVAL
    for _ in range(Coalescer.RECENT):
        delays.append(0.06)
        marked(coalescer, 1).flush()
    assert coalescer.pause() >= Coalescer.BACKOFF * 0.06 > INTERVAL
    delays.append(0.2)
    marked(coalescer, 1).flush()
    coalescer.MAX_PAUSE = 1.0
    assert coalescer.pause() == 1.0


def test_the_live_themes_back_off_more_gently_than_the_counts():
    from workshop.review.events import live_results
    from workshop.synthesis.live import coalescer as themes

    assert live_results.backoff == Coalescer.BACKOFF == 19
    assert themes.backoff == 2


class SimulatedClock:
    """``time`` for the coalescer: seconds pass only when the test says so."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def perf_counter(self) -> float:
        return self.now


def publications_in(seconds: float, processes: int, monkeypatch) -> int:
    """Recounts of one always-busy session (25 ms each) by ``processes`` coalescers sharing
    the limits, each ticking at its own pause, over ``seconds`` of simulated time."""
    import workshop.realtime

    clock = SimulatedClock()
    monkeypatch.setattr(workshop.realtime, "time", clock)
    count = []

    def publish(key):
        clock.now += 0.025
        count.append(key)

    coalescers = [
        Coalescer(publish, interval=INTERVAL, name=f"turn:test.pace.{processes}")
        for _ in range(processes)
    ]
    due = [clock.now + index * 0.01 for index in range(processes)]
    end = clock.now + seconds
    while True:
        index = min(range(processes), key=due.__getitem__)
        if due[index] >= end:
            return len(count)
        clock.now = max(clock.now, due[index])
        marked(coalescers[index], 1).flush()  # answers keep coming: always marked
        due[index] = clock.now + coalescers[index].pause()


def test_several_processes_recount_at_the_pace_of_one(shared_limits, monkeypatch):
    # A process whose turn was refused learns nothing of the cost from that tick, so it does
    # not claim the next turn at the bare interval: together they recount as one would.
    alone = publications_in(20, 1, monkeypatch)
    assert 30 <= alone <= 45  # every 19 x 25 ms + 25 ms, about 0.5 s
    assert publications_in(20, 3, monkeypatch) <= alone * 1.25


def test_a_flush_during_the_background_tasks_returns_once_that_one_has_published(app):
    # The background task took the marked key and is publishing it; a flush called meanwhile
    # (a test's, or a caller's that needs the update out) must not return before it is out.
    import threading

    started, release, published = threading.Event(), threading.Event(), []

    def publish(key):
        started.set()
        release.wait(10)
        published.append(key)

    coalescer = Coalescer(publish)
    coalescer._dirty.add(1)  # marked (mark() would also start the background task)
    with app.app_context():
        background = threading.Thread(target=coalescer.flush)
        background.start()
        assert started.wait(10)
        other = threading.Thread(target=coalescer.flush)
        other.start()
        other.join(0.3)
        assert other.is_alive(), "the second flush returned before the first had published"
        release.set()
        other.join(10)
        background.join(10)
    assert published == [1]
