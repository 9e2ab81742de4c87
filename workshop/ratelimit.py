"""A small in-process sliding-window rate limiter (per process; enough for one server)."""

import threading
import time
from collections import defaultdict, deque


class RateLimiter:
    """Allows ``limit`` hits per ``window`` seconds for each key (an IP address)."""

    def __init__(self, limit: int, window: float):
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque:
        hits = self._hits[key]
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._prune(key, time.monotonic())) >= self.limit

    def hit(self, key: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._prune(key, now).append(now)
            if len(self._hits) > 100_000:  # forget idle keys rather than grow without bound
                for idle in [k for k, v in self._hits.items() if not v]:
                    del self._hits[idle]

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
