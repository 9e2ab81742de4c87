"""How fast a session can be joined: token buckets per (session, address) and per session, and
the burst count a facilitator is warned of (docs/protocol.md, "Joining limits").

Addresses are personal data: the limits' store keeps them only as a keyed hash (in this
process's memory with a key made at start, or in Redis with a key derived from the secret key
that Redis never sees: ``workshop.limits``); nothing here reaches a log, a page or the database.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from workshop import limits
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


@dataclass(frozen=True)
class JoinVerdict:
    """Whether a join may go ahead, and if not when to try again (whole seconds, at least 1)."""

    allowed: bool
    retry_after: int = 0


class JoinLimiter:
    """The join budgets of every session, and the recent joins per address, in the limits'
    store: shared by every process when that is Redis."""

    def __init__(
        self,
        address_burst: int = ADDRESS_BURST,
        address_rate: float = ADDRESS_PER_SECOND,
        session_burst: int = SESSION_BURST,
        session_rate: float = SESSION_PER_SECOND,
        clock=time.time,
        name: str | None = None,
        store=None,
    ):
        self.address_burst = address_burst
        self.address_rate = address_rate
        self.session_burst = session_burst
        self.session_rate = session_rate
        self._clock = clock
        self.name = name or limits.anonymous_name()
        self._store = store

    @property
    def store(self):
        return self._store or limits.store()

    def configure(self, address_burst: int, session_burst: int) -> None:
        """Set the bursts from the app's settings (each take passes the bucket's size)."""
        self.address_burst = address_burst
        self.session_burst = session_burst

    def hashed(self, address: str) -> str:
        """The keyed hash standing for an address (an IPv6 /64 counts as one)."""
        return self.store.hashed(address_key(address))

    def admit(self, session_id: int, address: str) -> JoinVerdict:
        """Take a join from both buckets (the address's and the session's), or say when to retry."""
        who = f"{session_id}:{address_key(address)}"
        now = self._clock()
        # Tried joins count toward the burst warning, admitted or not.
        self.store.hit(f"{self.name}:recent", who, BURST_WINDOW, now, group=str(session_id))
        wait = self.store.take(
            [
                (f"{self.name}:address", who, self.address_burst, self.address_rate),
                (f"{self.name}:session", str(session_id), self.session_burst, self.session_rate),
            ],
            now,
        )
        if wait:
            return JoinVerdict(False, max(1, math.ceil(wait)))
        return JoinVerdict(True)

    def bursts(self, session_id: int, threshold: int = BURST_WARNING) -> list[int]:
        """Joins (tried, accepted or not) within the last minute of each address of the session
        that reached ``threshold``, largest first; the addresses themselves are not told."""
        counts = self.store.group_counts(
            f"{self.name}:recent", str(session_id), BURST_WINDOW, self._clock()
        )
        return sorted((count for count in counts if count >= threshold), reverse=True)

    def reset(self) -> None:
        for part in ("recent", "address", "session"):
            self.store.reset(f"{self.name}:{part}")


joins = JoinLimiter(name="joins")
pin_misses = RateLimiter(PIN_MISSES_PER_SESSION, PIN_MISS_WINDOW, name="join-pin-misses")
