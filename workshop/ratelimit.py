"""Sliding-window rate limits and the join-code guard, counted in the limits' store
(``workshop.limits``: this process's memory, or Redis shared by every process)."""

import ipaddress
import time

from workshop import limits


class RateLimiter:
    """Allows ``limit`` hits per ``window`` seconds for each key (an IP address).

    ``name`` is what processes share it by (every limit of the app has one); without one the
    limiter is its own. ``store`` is the app's store unless given (the contract tests).
    """

    def __init__(self, limit: int, window: float, name=None, store=None, clock=time.time):
        self.limit = limit
        self.window = window
        self.name = name or limits.anonymous_name()
        self._store = store
        self._clock = clock

    @property
    def store(self):
        return self._store or limits.store()

    def blocked(self, key: str) -> bool:
        return self.count(key) >= self.limit

    def hit(self, key: str) -> None:
        self.store.hit(self.name, key, self.window, self._clock())

    def acquire(self, key: str) -> bool:
        """Hit ``key`` only if it is not blocked, in one step (two processes cannot both pass
        the last place); whether it was."""
        return self.store.hit(self.name, key, self.window, self._clock(), limit=self.limit)

    def reset(self) -> None:
        self.store.reset(self.name)

    def count(self, key: str) -> int:
        """Hits of ``key`` within the window."""
        return self.store.count(self.name, key, self.window, self._clock())


def address_key(address: str) -> str:
    """The unit a limit counts: an IPv4 address, or an IPv6 address's /64 network.

    One IPv6 subscriber gets a whole /64: counting single addresses would give them 2⁶⁴ budgets.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


class CodeGuard:
    """The wrong-code budget of join-code lookups, sized for hundreds of phones behind one NAT.

    A right code never counts. An address that has typed more wrong codes than a full room
    would (``per_address`` within ``window`` seconds) is *throttled*. While wrong codes from all
    addresses together exceed ``overall`` (someone is guessing from many addresses), every
    address that has not used a right code within the window is throttled too; a venue whose
    phones have joined keeps its own budget. A throttled lookup, right or wrong alike, waits
    for a slow lane: its own address's (one per ``slow_interval`` seconds) or, while the overall
    budget is spent, one lane shared by all (``shared_per_second``), so that many addresses
    guess no faster than one. Throttling right codes too keeps the answer from telling a
    guesser which code was right.
    """

    OVERALL = "*"

    def __init__(
        self,
        per_address: int = 600,
        overall: int = 3000,
        window: float = 600,
        slow_interval: float = 2.0,
        shared_per_second: int = 2,
        known_allowance: int = 30,
        name: str | None = None,
        store=None,
        clock=time.time,
    ):
        self.per_address = per_address
        self.overall = overall
        self.window = window
        self.slow_interval = slow_interval
        self.shared_per_second = shared_per_second
        self.known_allowance = known_allowance
        self.name = name or limits.anonymous_name()
        self._store = store
        self._clock = clock

        def limiter(part: str, limit: int, seconds: float) -> RateLimiter:
            return RateLimiter(limit, seconds, f"{self.name}:{part}", store, clock)

        self._wrong = limiter("wrong", per_address, window)
        self._wrong_overall = limiter("wrong-overall", overall, window)
        self._slow_lane = limiter("slow-lane", 1, slow_interval)
        self._shared_lane = limiter("shared-lane", shared_per_second, 1.0)

    def _overall_spent(self) -> bool:
        return self._wrong_overall.blocked(self.OVERALL)

    @property
    def store(self):
        return self._store or limits.store()

    def _used_a_right_code(self, key: str) -> bool:
        return self.store.marked(f"{self.name}:right", key, self._clock(), self.window)

    def throttled(self, address: str) -> bool:
        key = address_key(address)
        if self._wrong.blocked(key):
            return True
        if not self._overall_spent():
            return False
        # A venue whose phones joined keeps typing at its own pace, but only a room's typos:
        # knowing one right code must not buy a full budget of guesses per address.
        return not self._used_a_right_code(key) or self._wrong.count(key) > self.known_allowance

    def admit(self, address: str) -> bool:
        """Whether a lookup from ``address`` may be answered now."""
        if not self.throttled(address):
            return True
        lane, key = (
            (self._shared_lane, self.OVERALL)
            if self._overall_spent()
            else (self._slow_lane, address_key(address))
        )
        return lane.acquire(key)

    def wrong_code(self, address: str) -> None:
        self._wrong.hit(address_key(address))
        self._wrong_overall.hit(self.OVERALL)

    def right_code(self, address: str) -> None:
        self.store.mark(f"{self.name}:right", address_key(address), self._clock(), self.window)

    def guesses_a_day_at_most(self) -> float:
        """The most wrong codes that addresses knowing no right code can try in a day."""
        windows = 24 * 3600 / self.window
        # Before the overall budget is spent, at most overall/per_address addresses are over
        # their own budget, each with its own slow lane; after it, all share one lane.
        own_lanes = self.overall / self.per_address * 24 * 3600 / self.slow_interval
        return self.overall * windows + own_lanes + self.shared_per_second * 24 * 3600

    def reset(self) -> None:
        for limiter in (self._wrong, self._wrong_overall, self._slow_lane, self._shared_lane):
            limiter.reset()
        self.store.reset(f"{self.name}:right")
