"""``MemoryStore``: the budgets of one process, on the event loop's clock (the default store).

Each decision runs without an ``await`` between reading and recording, so it is atomic on its event
loop. The state belongs to one event loop run: ``anyio.current_time()`` of one run says nothing
about another (trio's clock starts at a random offset), so a store used from a second run, or from
another thread's loop, starts empty there. Budgets shared across threads or processes need a
``RedisStore``.
"""

from __future__ import annotations

import bisect
import weakref
from collections import deque
from collections.abc import Sequence
from types import TracebackType
from typing import Any
from weakref import WeakKeyDictionary

from .._loops import loop_time
from ._checks import check_limits, check_max_wait, check_rejection, check_used
from ._limit import Limit, Reservation

__all__ = ["MemoryStore"]

_MAX_IDLE_KEYS = 1024
"""Keys kept before a sweep forgets those whose grants have all left their window."""


class _State:
    __slots__ = ("grants", "rejections", "sweep_at", "windows")

    def __init__(self) -> None:
        self.grants: dict[str, list[float]] = {}
        """Per key, the grant times (slots) not yet out of every window, sorted."""
        self.windows: dict[str, float] = {}
        """Per key, the window it was last asked with (what the sweep ages grants by)."""
        self.rejections: dict[str, tuple[float, deque[float]]] = {}
        """Per key, the window last asked with and the times of the 429s within it."""
        self.sweep_at = _MAX_IDLE_KEYS


class MemoryStore:
    """Budgets kept in this process: shared by every client, view and task of one event loop."""

    __slots__ = ("__weakref__", "_last", "_states")

    def __init__(self) -> None:
        self._states: WeakKeyDictionary[Any, _State] = WeakKeyDictionary()
        """Per event loop run (asyncio's loop, trio's run token): its state."""
        self._last: tuple[weakref.ref[Any], _State] | None = None
        """The loop asked about last, and its state (most calls come from the same loop)."""

    def __repr__(self) -> str:
        return "MemoryStore()"

    async def reserve(
        self, limits: Sequence[Limit], *, max_wait: float | None = None
    ) -> Reservation:
        check_limits(limits)
        check_max_wait(max_wait)
        state, now = self._state()
        slot, binding = now, None
        for limit in limits:
            grants = self._grants(state, limit, now)
            earliest = now
            if grants:
                earliest = max(earliest, grants[-1] + limit.spacing)
                if len(grants) >= limit.count:
                    earliest = max(earliest, grants[-limit.count] + limit.window)
            if earliest > slot:
                slot, binding = earliest, limit
        delay = slot - now
        if max_wait is not None and delay > max_wait:
            return Reservation(False, delay, slot, binding)
        for limit in limits:
            bisect.insort(state.grants[limit.key], slot)
        self._sweep(state, now)
        return Reservation(True, delay, slot, binding)

    async def observe(self, limit: Limit, used: int) -> None:
        check_limits((limit,))
        check_used(used)
        state, now = self._state()
        grants = self._grants(state, limit, now)
        known = bisect.bisect_right(grants, now)
        for _ in range(min(used, limit.count) - known):
            bisect.insort(grants, now)

    async def note_rejection(self, key: str, window: float) -> int:
        check_rejection(key, window)
        state, now = self._state()
        times = state.rejections.get(key, (window, deque()))[1]
        state.rejections[key] = (window, times)
        times.append(now)
        while times[0] <= now - window:
            times.popleft()
        return len(times)

    def live_grants(self) -> list[tuple[str, float, list[float]]]:
        """Per key: its window and the grants some window still holds, as seconds from now
        (negative: past). What a ``RedisStore`` hands on when it goes back to Redis."""
        state, now = self._state()
        live = []
        for key, grants in state.grants.items():
            window = state.windows[key]
            delays = [t - now for t in grants if t > now - window]
            if delays:
                live.append((key, window, delays))
        return live

    async def aclose(self) -> None:
        """Nothing to release: the budgets live as long as the store."""

    async def __aenter__(self) -> MemoryStore:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _state(self) -> tuple[_State, float]:
        """This event loop run's state, and the time on its clock now."""
        loop, now = loop_time()
        last = self._last
        if last is not None and last[0]() is loop:
            return last[1], now
        state = self._states.get(loop)
        if state is None:
            state = self._states[loop] = _State()
        self._last = (weakref.ref(loop), state)
        return state, now

    @staticmethod
    def _grants(state: _State, limit: Limit, now: float) -> list[float]:
        """The key's grants that some window ending at ``now`` or later still holds."""
        grants = state.grants.setdefault(limit.key, [])
        state.windows[limit.key] = limit.window
        del grants[: bisect.bisect_right(grants, now - limit.window)]
        return grants

    @staticmethod
    def _sweep(state: _State, now: float) -> None:
        if len(state.grants) < state.sweep_at:
            return
        for key in [k for k, g in state.grants.items() if not g or g[-1] <= now - state.windows[k]]:
            del state.grants[key], state.windows[key]
        for key in [k for k, (w, t) in state.rejections.items() if t[-1] <= now - w]:
            del state.rejections[key]
        state.sweep_at = max(_MAX_IDLE_KEYS, 2 * len(state.grants))
