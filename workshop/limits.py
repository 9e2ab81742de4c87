"""Where the limits keep their counts: this process's memory, or Redis shared by every process.

One process (``./run.sh``) keeps them in memory and needs no Redis. Several processes behind
nginx must share them, or each would grant its own budget (a guesser spreading over four
processes would get four): with ``WORKSHOP_REDIS_URL`` set, every limit lives in Redis, each
change an atomic Lua script on keys that expire with their window.

Both stores offer the same four kinds of record, named by a limit (``name``) and a key inside
it (an address, an e-mail, a session): sliding windows of hits, token buckets, "last seen"
marks and the per-group counts of windows (the console's join-burst warning). Keys are kept
only as a keyed hash (HMAC-SHA-256): addresses and e-mails are personal data, and a Redis
snapshot on disk must not list them. ``tests/test_limits.py`` runs one contract on both.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import uuid
from collections import defaultdict, deque

# A store forgets idle records past this many, rather than grow without bound under a flood.
MEMORY_RECORDS = 100_000


class MemoryStore:
    """The limits of this process only, in its memory, under one lock."""

    shared = False  # no other process sees these records

    def __init__(self):
        self._key = secrets.token_bytes(32)  # per process: the hashes mean nothing elsewhere
        self._lock = threading.Lock()
        self._windows: dict[tuple[str, str], deque] = defaultdict(deque)
        self._groups: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._buckets: dict[tuple[str, str], list[float]] = {}
        self._marks: dict[tuple[str, str], float] = {}

    def hashed(self, key: str) -> str:
        """The keyed hash standing for ``key`` in this store."""
        return hmac.new(self._key, key.encode(), hashlib.sha256).hexdigest()[:32]

    def _window(self, name: str, key: str, window: float, now: float) -> deque:
        hits = self._windows[(name, key)]
        while hits and hits[0] <= now - window:
            hits.popleft()
        return hits

    def count(self, name: str, key: str, window: float, now: float) -> int:
        """Hits of ``key`` within the last ``window`` seconds."""
        with self._lock:
            return len(self._window(name, self.hashed(key), window, now))

    def hit(self, name, key, window, now, limit=0, group=None) -> bool:
        """Record a hit (only while fewer than ``limit`` are in the window, when one is given);
        whether it was recorded. With ``group``, ``group_counts`` finds the key."""
        hashed = self.hashed(key)
        with self._lock:
            hits = self._window(name, hashed, window, now)
            if limit and len(hits) >= limit:
                return False
            hits.append(now)
            if group is not None:
                self._groups[(name, group)].add(hashed)
            if len(self._windows) > MEMORY_RECORDS:
                self._forget_idle_windows()
            return True

    def _forget_idle_windows(self) -> None:
        for record in [r for r, hits in self._windows.items() if not hits]:
            del self._windows[record]
        for group, members in list(self._groups.items()):
            self._groups[group] = {m for m in members if (group[0], m) in self._windows}

    def group_counts(self, name: str, group: str, window: float, now: float) -> list[int]:
        """The hits within the window of each key recorded with ``group`` (any order)."""
        with self._lock:
            members = self._groups.get((name, group), set())
            counts = [len(self._window(name, member, window, now)) for member in members]
        return [count for count in counts if count]

    def take(self, buckets: list[tuple[str, str, float, float]], now: float) -> float:
        """Take a token from every bucket (name, key, capacity, refill rate a second), or from
        none: 0 when taken, else the seconds until each has one."""
        with self._lock:
            records = [((name, self.hashed(key)), cap, rate) for name, key, cap, rate in buckets]
            levels = [self._level(record, cap, rate, now) for record, cap, rate in records]
            waits = [
                (1 - level) / rate
                for level, (_, _, rate) in zip(levels, records, strict=True)
                if level < 1
            ]
            wait = max(waits, default=0.0)
            if wait:
                return wait
            for level, (record, _, _) in zip(levels, records, strict=True):
                self._buckets[record] = [level - 1, now]
            if len(self._buckets) > MEMORY_RECORDS:
                self._forget_full_buckets(now, buckets)
            return 0.0

    def _level(self, record, capacity: float, rate: float, now: float) -> float:
        tokens, at = self._buckets.get(record, (capacity, now))
        return min(capacity, tokens + max(0.0, now - at) * rate)

    def _forget_full_buckets(self, now: float, buckets) -> None:
        # A full bucket is the same as none. The buckets of one store share their sizes in
        # practice (one limiter each), so the largest refill time bounds them all.
        longest = max(cap / rate for _, _, cap, rate in buckets)
        for record in [r for r, (_, at) in self._buckets.items() if at <= now - longest]:
            del self._buckets[record]

    def mark(self, name: str, key: str, now: float, ttl: float) -> None:
        """Note that ``key`` was seen now (remembered for ``ttl`` seconds)."""
        with self._lock:
            self._marks[(name, self.hashed(key))] = now
            if len(self._marks) > MEMORY_RECORDS:
                self._marks = {r: t for r, t in self._marks.items() if t > now - ttl}

    def marked(self, name: str, key: str, now: float, ttl: float) -> bool:
        """Whether ``key`` was marked within the last ``ttl`` seconds."""
        with self._lock:
            seen = self._marks.get((name, self.hashed(key)))
        return seen is not None and seen > now - ttl

    def reset(self, name: str) -> None:
        """Forget every record of the limit ``name``."""
        with self._lock:
            for records in (self._windows, self._groups, self._buckets, self._marks):
                for record in [r for r in records if r[0] == name]:
                    del records[record]


# Each script reads and changes its keys in one step, so that two processes cannot both take
# the last token or both pass a limit; every key expires when its window or refill is over.
HIT_SCRIPT = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl = math.ceil(window * 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if limit > 0 and redis.call('ZCARD', KEYS[1]) >= limit then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl)
if KEYS[2] then
  redis.call('ZADD', KEYS[2], now, ARGV[5])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return 1
"""

TAKE_SCRIPT = """
local now = tonumber(ARGV[1])
local wait, levels = 0, {}
for i, key in ipairs(KEYS) do
  local capacity, rate = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens, at = tonumber(state[1]) or capacity, tonumber(state[2]) or now
  local level = math.min(capacity, tokens + math.max(0, now - at) * rate)
  levels[i] = level
  if level < 1 then wait = math.max(wait, (1 - level) / rate) end
end
if wait > 0 then return tostring(wait) end
for i, key in ipairs(KEYS) do
  local capacity, rate = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  redis.call('HSET', key, 'tokens', tostring(levels[i] - 1), 'at', ARGV[1])
  redis.call('PEXPIRE', key, math.ceil(capacity / rate * 1000) + 1000)
end
return '0'
"""


class RedisStore:
    """The limits of every process that uses the same Redis database.

    The hashes are keyed with a key derived from the app's secret key, which every process
    shares and Redis never holds. The processes' clocks must agree (NTP), as each passes its
    own time.
    """

    shared = True  # every process on this Redis database sees these records

    def __init__(self, client, secret: str | bytes, prefix: str = "strategiapaja:limits:"):
        self.client = client
        self.prefix = prefix
        secret = secret.encode() if isinstance(secret, str) else secret
        self._key = hmac.new(secret, b"strategiapaja limits", hashlib.sha256).digest()
        self._hit = client.register_script(HIT_SCRIPT)
        self._take = client.register_script(TAKE_SCRIPT)

    def hashed(self, key: str) -> str:
        return hmac.new(self._key, key.encode(), hashlib.sha256).hexdigest()[:32]

    def _record(self, kind: str, name: str, hashed: str) -> str:
        return f"{self.prefix}{name}:{kind}:{hashed}"

    def count(self, name, key, window, now) -> int:
        record = self._record("w", name, self.hashed(key))
        return int(self.client.zcount(record, f"({now - window!r}", "+inf"))

    def hit(self, name, key, window, now, limit=0, group=None) -> bool:
        hashed = self.hashed(key)
        keys = [self._record("w", name, hashed)]
        if group is not None:
            keys.append(self._record("g", name, self.hashed(group)))
        # A unique member per hit: two hits at the same instant are two hits.
        args = [repr(now), repr(window), int(limit), f"{now!r}:{uuid.uuid4().hex[:12]}", hashed]
        return bool(self._hit(keys=keys, args=args))

    def group_counts(self, name, group, window, now) -> list[int]:
        index = self._record("g", name, self.hashed(group))
        members = self.client.zrangebyscore(index, f"({now - window!r}", "+inf")
        pipe = self.client.pipeline(transaction=False)
        for member in members:
            member = member.decode() if isinstance(member, bytes) else member
            pipe.zcount(self._record("w", name, member), f"({now - window!r}", "+inf")
        return [int(count) for count in pipe.execute() if int(count)]

    def take(self, buckets, now) -> float:
        keys = [self._record("b", name, self.hashed(key)) for name, key, _, _ in buckets]
        args = [repr(now)]
        for _, _, capacity, rate in buckets:
            args += [repr(float(capacity)), repr(float(rate))]
        return float(self._take(keys=keys, args=args))

    def mark(self, name, key, now, ttl) -> None:
        record = self._record("m", name, self.hashed(key))
        self.client.set(record, repr(now), px=max(1, math.ceil(ttl * 1000)))

    def marked(self, name, key, now, ttl) -> bool:
        seen = self.client.get(self._record("m", name, self.hashed(key)))
        return seen is not None and float(seen) > now - ttl

    def reset(self, name: str) -> None:
        for record in self.client.scan_iter(match=f"{self.prefix}{name}:*", count=1000):
            self.client.delete(record)


_store: MemoryStore | RedisStore = MemoryStore()


def store() -> MemoryStore | RedisStore:
    """The store the app's limits use now."""
    return _store


def configure(redis_url: str | None, secret: str) -> None:
    """Keep the limits in Redis at ``redis_url``, or in this process's memory without one."""
    global _store
    if not redis_url:
        if not isinstance(_store, MemoryStore):
            _store = MemoryStore()
        return
    import redis

    _store = RedisStore(redis.Redis.from_url(redis_url), secret)


def anonymous_name() -> str:
    """A name of its own for a limit that no other process shares (tests, one-offs)."""
    return f"anonymous-{uuid.uuid4().hex}"
