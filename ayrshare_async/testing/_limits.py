"""Sliding-window counters for the emulator's rate limits.

A window remembers the arrival times it accepted; an arrival at ``t`` sees the accepted arrivals
in ``(t - window, t]``. That is how a server counting arrivals judges "N per window": every span of
``window`` seconds, wherever it starts, holds at most ``limit`` accepted requests.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

__all__ = ["SlidingWindow", "WindowReport", "WindowVerdict"]


@dataclass(frozen=True, slots=True)
class WindowVerdict:
    """``allowed``; ``count`` accepted arrivals in the window (this one included when allowed);
    ``retry_after`` seconds until a slot frees (0 when allowed)."""

    allowed: bool
    count: int
    retry_after: float


@dataclass(frozen=True, slots=True)
class WindowReport:
    """What a window saw: ``peak`` accepted arrivals in any ``window`` seconds (at most ``limit``),
    ``refused`` arrivals answered 429."""

    limit: int
    window: float
    peak: int
    refused: int


class SlidingWindow:
    """At most ``limit`` accepted arrivals in any ``window`` seconds. A refused arrival is not
    remembered, so a client that backs off recovers as soon as old arrivals age out."""

    __slots__ = ("_arrivals", "_peak_before", "limit", "peak", "refused", "window")

    def __init__(self, limit: int, window: float) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a sliding window needs limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._arrivals: deque[float] = deque()
        self.peak = 0
        """The most accepted arrivals seen in one window (a window ending at an arrival)."""
        self._peak_before = 0
        self.refused = 0

    def _expire(self, now: float) -> None:
        arrivals = self._arrivals
        horizon = now - self.window
        while arrivals and arrivals[0] <= horizon:
            arrivals.popleft()

    def hit(self, now: float) -> WindowVerdict:
        """Count an arrival at ``now`` if the window has room."""
        self._expire(now)
        arrivals = self._arrivals
        if len(arrivals) < self.limit:
            arrivals.append(now)
            self._peak_before, self.peak = self.peak, max(self.peak, len(arrivals))
            return WindowVerdict(True, len(arrivals), 0.0)
        self.refused += 1
        return WindowVerdict(False, len(arrivals), max(0.0, arrivals[0] + self.window - now))

    def release(self) -> None:
        """Give back the most recent accepted arrival (its request was refused by a later rule)."""
        if self._arrivals:
            self._arrivals.pop()
            self.peak = self._peak_before

    def report(self) -> WindowReport:
        return WindowReport(self.limit, self.window, self.peak, self.refused)

    def count(self, now: float) -> int:
        """Accepted arrivals in the window ending at ``now``."""
        self._expire(now)
        return len(self._arrivals)
