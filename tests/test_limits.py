"""One contract for both limit stores: this process's memory and Redis (shared by processes).

The Redis store runs on a real Redis (``WORKSHOP_TEST_REDIS_URL``, default database 1 of the
local server; only that database is flushed).
"""

import os
import threading

import pytest
import redis

from workshop import limits
from workshop.ratelimit import CodeGuard, RateLimiter
from workshop.review.join_limits import JoinLimiter

REDIS_URL = os.environ.get("WORKSHOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


class Clock:
    """Wall-clock seconds that a test moves by hand."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def redis_client():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        raise RuntimeError(
            f"The limit tests need Redis at {REDIS_URL} (.ci/run starts it; "
            "or set WORKSHOP_TEST_REDIS_URL)"
        ) from error
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(params=["memory", "redis"])
def make_store(request):
    """A factory of stores of one kind; two stores of Redis are two processes sharing it."""
    if request.param == "memory":
        yield lambda: limits.MemoryStore()
        return
    client = request.getfixturevalue("redis_client")
    client.flushdb()
    yield lambda: limits.RedisStore(redis.Redis.from_url(REDIS_URL), "contract-secret")
    client.flushdb()


@pytest.fixture
def store(make_store):
    return make_store()


@pytest.fixture
def clock():
    return Clock()


def test_a_window_blocks_at_its_limit_and_lifts_when_it_passes(store, clock):
    limiter = RateLimiter(3, 10, name="t", store=store, clock=clock)
    for _ in range(3):
        assert not limiter.blocked("198.51.100.1")
        limiter.hit("198.51.100.1")
    assert limiter.blocked("198.51.100.1")
    assert limiter.count("198.51.100.1") == 3
    assert not limiter.blocked("198.51.100.2")
    clock.now += 10
    assert not limiter.blocked("198.51.100.1")
    assert limiter.count("198.51.100.1") == 0


def test_a_window_slides(store, clock):
    limiter = RateLimiter(2, 10, name="t", store=store, clock=clock)
    limiter.hit("k")
    clock.now += 6
    limiter.hit("k")
    assert limiter.blocked("k")
    clock.now += 5  # the first hit is 11 s old, the second 5 s
    assert limiter.count("k") == 1


def test_acquire_passes_only_below_the_limit(store, clock):
    limiter = RateLimiter(2, 10, name="t", store=store, clock=clock)
    assert [limiter.acquire("k") for _ in range(4)] == [True, True, False, False]
    assert limiter.count("k") == 2


def test_limits_of_different_names_and_a_reset_are_separate(store, clock):
    first = RateLimiter(1, 10, name="first", store=store, clock=clock)
    second = RateLimiter(1, 10, name="first-more", store=store, clock=clock)
    first.hit("k")
    assert first.blocked("k") and not second.blocked("k")
    second.hit("k")
    first.reset()
    assert not first.blocked("k") and second.blocked("k")


def test_keys_are_kept_only_as_keyed_hashes(store, clock, redis_client):
    RateLimiter(5, 10, name="login", store=store, clock=clock).hit("someone@example.org")
    JoinLimiter(name="joins", store=store, clock=clock).admit(7, "192.0.2.44")
    CodeGuard(name="codes", store=store, clock=clock).right_code("192.0.2.45")
    if isinstance(store, limits.RedisStore):
        kept = repr([(key, redis_client.dump(key)) for key in redis_client.keys("*")])
    else:
        kept = repr(vars(store))
    for secret in ("someone", "192.0.2.44", "192.0.2.45"):
        assert secret not in kept


def test_buckets_are_taken_from_all_or_none(store, clock):
    buckets = [("a", "k", 2, 1.0), ("b", "k", 1, 0.5)]
    assert store.take(buckets, clock()) == 0
    wait = store.take(buckets, clock())
    assert wait == pytest.approx(2.0)  # b is empty: one token in 2 s at 0.5 a second
    clock.now += 2
    assert store.take(buckets, clock()) == 0  # a had kept its second token (none was taken)
    assert store.take([("a", "k", 2, 1.0)], clock()) == pytest.approx(0.0)


def test_a_bucket_refills_to_its_capacity_only(store, clock):
    for _ in range(3):
        assert store.take([("a", "k", 3, 1.0)], clock()) == 0
    clock.now += 100
    taken = sum(store.take([("a", "k", 3, 1.0)], clock()) == 0 for _ in range(5))
    assert taken == 3


def test_marks_expire(store, clock):
    store.mark("m", "k", clock(), 60)
    assert store.marked("m", "k", clock(), 60)
    assert not store.marked("m", "other", clock(), 60)
    clock.now += 61
    assert not store.marked("m", "k", clock(), 60)


def test_group_counts_are_per_key_within_the_window(store, clock):
    for _ in range(3):
        store.hit("r", "1:a", 60, clock(), group="1")
    store.hit("r", "1:b", 60, clock(), group="1")
    store.hit("r", "2:a", 60, clock(), group="2")
    assert sorted(store.group_counts("r", "1", 60, clock())) == [1, 3]
    clock.now += 61
    assert store.group_counts("r", "1", 60, clock()) == []


def test_the_join_limiter_admits_a_burst_then_the_rate(store, clock):
    joins = JoinLimiter(address_burst=3, address_rate=1, name="joins", store=store, clock=clock)
    verdicts = [joins.admit(1, "192.0.2.1") for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after == 1
    assert joins.bursts(1, threshold=4) == [4]
    clock.now += 1
    assert joins.admit(1, "192.0.2.1").allowed
    assert joins.admit(1, "192.0.2.2").allowed  # another address has its own bucket


def test_the_code_guard_throttles_an_address_after_its_wrong_codes(store, clock):
    guard = CodeGuard(
        per_address=2, overall=100, slow_interval=30, name="g", store=store, clock=clock
    )
    guard.wrong_code("203.0.113.9")
    guard.wrong_code("203.0.113.9")
    assert guard.admit("203.0.113.9")  # the slow lane's one lookup
    assert not guard.admit("203.0.113.9")
    assert guard.admit("203.0.113.10")
    clock.now += 30
    assert guard.admit("203.0.113.9")


def test_processes_sharing_redis_share_the_budget(make_store, clock):
    """Two stores are two processes: with Redis one budget, in memory one each."""
    first, second = make_store(), make_store()
    a = RateLimiter(3, 60, name="login", store=first, clock=clock)
    b = RateLimiter(3, 60, name="login", store=second, clock=clock)
    a.hit("k")
    a.hit("k")
    b.hit("k")
    shared = isinstance(first, limits.RedisStore)
    assert b.blocked("k") is shared
    assert a.count("k") == (3 if shared else 2)


def test_concurrent_acquires_never_pass_the_limit(make_store, clock):
    """Eight threads (each its own store, as processes would be) race for 50 places."""
    stores = [make_store() for _ in range(8)]
    shared = isinstance(stores[0], limits.RedisStore)
    if not shared:
        stores = [stores[0]] * 8  # one process's threads share its memory
    passed = []

    def race(store):
        limiter = RateLimiter(50, 60, name="race", store=store, clock=clock)
        passed.extend(limiter.acquire("k") for _ in range(20))

    threads = [threading.Thread(target=race, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(passed) == 50


def test_configure_picks_the_store(redis_client):
    try:
        limits.configure(REDIS_URL, "secret")
        assert isinstance(limits.store(), limits.RedisStore)
    finally:
        limits.configure(None, "secret")
    assert isinstance(limits.store(), limits.MemoryStore)
