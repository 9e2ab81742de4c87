"""How fast a session can be joined: token buckets per (session, address) and per session, and
the burst count a facilitator is warned of (docs/protocol.md, "Joining limits").

Addresses are personal data: they are kept only as a keyed hash, in this process's memory,
with a key made at start and never stored; nothing here reaches a log, a page or the database.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from workshop.config import ADDRESS_BURST, SESSION_BURST
from workshop.ratelimit import RateLimiter, address_key

# One address (a venue's Wi-Fi behind one NAT): a burst of ADDRESS_BURST (60) phones at once,
# then 5 a second (300 people in two minutes is 2.5 a second). A script joining 300 in 2.4 s
# gets 72. A whole session, from every address together (several venues' networks, mobile
# data): SESSION_BURST (400), then 20 a second. The bursts are settings (a bigger room).
ADDRESS_PER_SECOND = 5.0
SESSION_PER_SECOND = 20.0
# The console warns when one address has joined this many within the last minute.
BURST_WARNING = 40
BURST_WINDOW = 60.0
# Wrong PINs a session takes from all addresses together within ten minutes; then PINs are
# refused until the window passes (or the facilitator turns the PIN off and on for a new one).
PIN_MISSES_PER_SESSION = 100
PIN_MISS_WINDOW = 600.0


class TokenBucket:
    """Tokens refill at ``rate`` a second up to ``capacity``; each admitted hit takes one."""

    def __init__(self, capacity: float, rate: float, clock=time.monotonic):
        self.capacity = capacity
        self.rate = rate
        self._clock = clock
        self._tokens = float(capacity)
        self._at = clock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._at) * self.rate)
        self._at = now

    def full(self) -> bool:
        self._refill()
        return self._tokens >= self.capacity

    def take(self) -> bool:
        self._refill()
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    def seconds_until_one(self) -> float:
        self._refill()
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate


@dataclass(frozen=True)
class JoinVerdict:
    """Whether a join may go ahead, and if not when to try again (whole seconds, at least 1)."""

    allowed: bool
    retry_after: int = 0


class JoinLimiter:
    """The join budgets of every session in this process, and the recent joins per address."""

    def __init__(
        self,
        address_burst: int = ADDRESS_BURST,
        address_rate: float = ADDRESS_PER_SECOND,
        session_burst: int = SESSION_BURST,
        session_rate: float = SESSION_PER_SECOND,
        clock=time.monotonic,
    ):
        self.address_burst = address_burst
        self.address_rate = address_rate
        self.session_burst = session_burst
        self.session_rate = session_rate
        self._clock = clock
        self._key = secrets.token_bytes(32)  # per process: the hashes mean nothing elsewhere
        self._address_buckets: dict[tuple[int, str], TokenBucket] = {}
        self._session_buckets: dict[int, TokenBucket] = {}
        self._recent: dict[tuple[int, str], deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def configure(self, address_burst: int, session_burst: int) -> None:
        """Set the bursts from the app's settings (buckets made from now on use them)."""
        with self._lock:
            self.address_burst = address_burst
            self.session_burst = session_burst
            self._address_buckets.clear()
            self._session_buckets.clear()

    def hashed(self, address: str) -> str:
        """The keyed hash standing for an address (an IPv6 /64 counts as one)."""
        digest = hmac.new(self._key, address_key(address).encode(), hashlib.sha256)
        return digest.hexdigest()[:24]

    def admit(self, session_id: int, address: str) -> JoinVerdict:
        """Take a join from both buckets (the address's and the session's), or say when to retry."""
        who = (session_id, self.hashed(address))
        with self._lock:
            self._forget_full_buckets()
            own = self._address_buckets.setdefault(
                who, TokenBucket(self.address_burst, self.address_rate, self._clock)
            )
            overall = self._session_buckets.setdefault(
                session_id, TokenBucket(self.session_burst, self.session_rate, self._clock)
            )
            self._note(who)
            if own.seconds_until_one() or overall.seconds_until_one():
                wait = max(own.seconds_until_one(), overall.seconds_until_one())
                return JoinVerdict(False, max(1, math.ceil(wait)))
            own.take()
            overall.take()
            return JoinVerdict(True)

    def _note(self, who: tuple[int, str]) -> None:
        now = self._clock()
        recent = self._recent[who]
        recent.append(now)
        while recent and recent[0] <= now - BURST_WINDOW:
            recent.popleft()

    def _forget_full_buckets(self) -> None:
        # A full bucket is the same as none: dropping it keeps memory bounded under many addresses.
        if len(self._address_buckets) > 50_000:
            for who in [w for w, bucket in self._address_buckets.items() if bucket.full()]:
                del self._address_buckets[who]
                self._recent.pop(who, None)

    def bursts(self, session_id: int, threshold: int = BURST_WARNING) -> list[int]:
        """Joins (tried, accepted or not) within the last minute of each address of the session
        that reached ``threshold``, largest first; the addresses themselves are not told."""
        now = self._clock()
        counts = []
        with self._lock:
            for (sid, _), recent in self._recent.items():
                if sid != session_id:
                    continue
                while recent and recent[0] <= now - BURST_WINDOW:
                    recent.popleft()
                if len(recent) >= threshold:
                    counts.append(len(recent))
        return sorted(counts, reverse=True)

    def reset(self) -> None:
        with self._lock:
            self._address_buckets.clear()
            self._session_buckets.clear()
            self._recent.clear()


joins = JoinLimiter()
pin_misses = RateLimiter(PIN_MISSES_PER_SESSION, PIN_MISS_WINDOW)
