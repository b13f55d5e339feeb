"""``MemoryStore``: the budgets of one process, on the event loop's clock (the default store).

Each decision runs without an ``await`` between reading and recording, so it is atomic on its event
loop. The state belongs to one event loop run: ``anyio.current_time()`` of one run says nothing
about another (trio's clock starts at a random offset), so a store used from a second run, or from
another thread's loop, starts empty there. Budgets shared across threads or processes need a
``RedisStore``.
"""

from __future__ import annotations

import bisect
import math
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
_SWEEP_GROWTH = 1.25
"""The next sweep comes when a window's keys have grown past this factor of the most any window
kept after the last sweep: each sweep reads every key, so sweeps cost a few steps per key added,
and each window's keys stay within 1.25 x the live keys of the largest."""

Held = float | list[float]
"""A key's grant times (slots) still in its window, sorted; one grant is kept as a bare float."""


class _State:
    __slots__ = ("grants", "names", "rejections", "sweep_at")

    def __init__(self, named: bool) -> None:
        self.grants: dict[float, dict[int, Held]] = {}
        """Per window length, per key (its 64-bit hash), the grants not yet out of that window."""
        self.names: dict[int, str] | None = {} if named else None
        """The keys by their hashes, when the store reports them (``live_grants``)."""
        self.rejections: dict[str, tuple[float, deque[float]]] = {}
        """Per key, the window last asked with and the times of the 429s within it."""
        self.sweep_at = _MAX_IDLE_KEYS


class MemoryStore:
    """Budgets kept in this process: shared by every client, view and task of one event loop.

    A key is kept as its 64-bit hash, so that a million profiles seen within one window fit in
    little memory; two keys whose hashes collide share one budget, which can only make a call wait
    longer. ``named=True`` also keeps the keys themselves, for ``live_grants()``.
    """

    __slots__ = ("__weakref__", "_last", "_named", "_states")

    def __init__(self, *, named: bool = False) -> None:
        self._named = named
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
        held = []
        for limit in limits:
            live = self._live(state, limit, now)
            held.append(live)
            grants = live[2]
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
        for keys, key, grants in held:
            bisect.insort(grants, slot)
            _keep(keys, key, grants)
            if len(keys) >= state.sweep_at:
                self._sweep(state, now)
        return Reservation(True, delay, slot, binding)

    async def observe(self, limit: Limit, used: int) -> None:
        check_limits((limit,))
        check_used(used)
        state, now = self._state()
        keys, key, grants = self._live(state, limit, now)
        known = bisect.bisect_right(grants, now)
        for _ in range(min(used, limit.count) - known):
            bisect.insort(grants, now)
        if grants:
            _keep(keys, key, grants)

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
        (negative: past). What a ``RedisStore`` hands on when it goes back to Redis (a store
        made with ``named=True``; any other reports none)."""
        state, now = self._state()
        names = state.names
        if names is None:
            return []
        live = []
        for window, keys in state.grants.items():
            for key, held in keys.items():
                times = [held] if isinstance(held, float) else held
                delays = [t - now for t in times if t > now - window]
                if delays:
                    live.append((names[key], window, delays))
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
            state = self._states[loop] = _State(self._named)
        self._last = (weakref.ref(loop), state)
        return state, now

    @staticmethod
    def _live(state: _State, limit: Limit, now: float) -> tuple[dict[int, Held], int, list[float]]:
        """Where the key's grants are kept, its hash, and the grants that some window ending at
        ``now`` or later still holds (the store's own list, or a new one)."""
        keys = state.grants.get(limit.window)
        if keys is None:
            keys = state.grants[limit.window] = {}
        key = hash(limit.key)
        if state.names is not None:
            state.names[key] = limit.key
        held = keys.get(key)
        if held is None:
            return keys, key, []
        horizon = now - limit.window
        if isinstance(held, float):
            if held > horizon:
                return keys, key, [held]
            del keys[key]
            return keys, key, []
        del held[: bisect.bisect_right(held, horizon)]
        return keys, key, held

    @staticmethod
    def _sweep(state: _State, now: float) -> None:
        for window, keys in state.grants.items():
            horizon = now - window
            for key in [k for k, held in keys.items() if _latest(held) <= horizon]:
                del keys[key]
                if state.names is not None:
                    state.names.pop(key, None)
        for name in [k for k, (w, t) in state.rejections.items() if t[-1] <= now - w]:
            del state.rejections[name]
        kept = max(len(keys) for keys in state.grants.values())
        state.sweep_at = max(_MAX_IDLE_KEYS, int(_SWEEP_GROWTH * kept))


def _keep(keys: dict[int, Held], key: int, grants: list[float]) -> None:
    keys[key] = grants[0] if len(grants) == 1 else grants


def _latest(held: Held) -> float:
    if isinstance(held, float):
        return held
    return held[-1] if held else -math.inf
