"""Clocks for the emulator: seconds on a monotonic scale that tests can move forward by hand.

Every time-dependent rule (rate-limit windows, scheduled posts, the request log) reads the
emulator's clock, so advancing it is how a test "waits" without sleeping real seconds.
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "ManualClock", "MonotonicClock"]


@runtime_checkable
class Clock(Protocol):
    """What the emulator needs from a clock: the current time in seconds and a way to skip ahead."""

    def now(self) -> float: ...

    def advance(self, seconds: float) -> None: ...


class MonotonicClock:
    """Real monotonic time plus whatever ``advance()`` added: the default clock."""

    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> float:
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        """Jump forward (real time keeps flowing on top)."""
        _check_step(seconds)
        self._offset += seconds

    def __repr__(self) -> str:
        return f"MonotonicClock(offset={self._offset:g})"


class ManualClock:
    """A clock that stands still until a test calls ``advance()``: fully deterministic."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        _check_step(seconds)
        self._now += seconds

    def __repr__(self) -> str:
        return f"ManualClock(now={self._now:g})"


def _check_step(seconds: float) -> None:
    if not seconds >= 0:
        raise ValueError(f"a clock only moves forward; got advance({seconds!r})")
