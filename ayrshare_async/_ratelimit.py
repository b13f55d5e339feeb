"""A rate limiter with a hard ceiling, for anyio (asyncio and trio).

Written here because no well-kept library gives this guarantee under anyio: aiolimiter is
asyncio-only and its bucket lets a full burst through (``AsyncLimiter(8, 1)`` admits 15 in one
second), aiometer's even-spacing limiter is internal to ``run_on_each``, and the anyio-based window
limiters on PyPI (ratelimit-anyio, rate-control) admit a burst at every window edge.
"""

from __future__ import annotations

import math
from collections import deque
from weakref import WeakKeyDictionary

import anyio
from anyio.lowlevel import RunVar

from ._errors import ValidationError

__all__ = ["MIN_SLEEP", "RateLimiter"]

MIN_SLEEP = 0.001
"""Shortest sleep, in seconds: a sub-microsecond float remainder must not become a busy loop."""

# One FIFO lock per limiter and per event loop run: a limiter may outlive the loop it first ran in.
_QUEUES: RunVar[WeakKeyDictionary[RateLimiter, anyio.Lock]] = RunVar("ayrshare_async rate queues")


class RateLimiter:
    """Admits callers one at a time, at least ``period / rate`` seconds apart, first come first served.

    Hard ceiling: at most ``ceil(rate)`` acquisitions in any window of ``period`` seconds (``rate``
    itself when it is whole), measured on ``anyio.current_time()`` when ``acquire()`` returns. Even
    spacing (no burst, even after an idle spell) is what keeps the count low as the server sees it
    too: requests spaced ``s`` apart arrive at most ``k`` per second while network jitter stays below
    ``k * s - 1`` seconds. Only the caller at the head of the queue sleeps, and it records the time it
    actually woke, so a late wake-up delays the next caller instead of bunching the two together.
    A caller cancelled while waiting leaves the queue without using a slot.
    """

    __slots__ = ("__weakref__", "_interval", "_period", "_rate", "_recent")

    def __init__(self, rate: float, period: float = 1.0) -> None:
        for name, value in (("rate", rate), ("period", period)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValidationError(f"{name} must be a number, got {type(value).__name__}")
            if not (math.isfinite(value) and value > 0):
                raise ValidationError(f"{name} must be a finite number > 0, got {value!r}")
        self._rate = float(rate)
        self._period = float(period)
        self._interval = self._period / self._rate
        self._recent: deque[float] = deque(maxlen=math.ceil(self._rate))

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def period(self) -> float:
        return self._period

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self._rate:g}, period={self._period:g})"

    async def acquire(self) -> None:
        """Wait for this caller's turn, then for its slot; returns at the moment the slot is used."""
        async with self._queue():
            while True:
                now = anyio.current_time()
                wait = self._next_slot(now) - now
                if wait <= 0:
                    break
                await anyio.sleep(max(wait, MIN_SLEEP))
            self._recent.append(now)

    def _next_slot(self, now: float) -> float:
        recent = self._recent
        if recent and now < recent[-1]:
            # Another event loop with another clock: times from the old one say nothing here.
            recent.clear()
        if not recent:
            return now
        slot = recent[-1] + self._interval
        if len(recent) == recent.maxlen:
            # Exact check of the window, so float rounding in the spacing can never add one more.
            slot = max(slot, recent[0] + self._period)
        return slot

    def _queue(self) -> anyio.Lock:
        try:
            queues = _QUEUES.get()
        except LookupError:
            queues = WeakKeyDictionary()
            _QUEUES.set(queues)
        lock = queues.get(self)
        if lock is None:
            lock = queues[self] = anyio.Lock()
        return lock
