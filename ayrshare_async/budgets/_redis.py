"""``RedisStore``: budgets shared by every process and machine that uses one Redis server.

Each decision is one Lua script (``_scripts.py``), atomic on the server and timed by the server's
clock (``TIME``), so machines whose clocks disagree share one timeline, and callers are served in
the order their scripts run. Keys are named ``ayrshare_async:budget:<limit key>``; the limit keys
hold digests of the account and the profile (``_limit.py``), never a secret. Every write sets the
key to expire one window after its latest slot, when nothing in it counts any more.

Why losing a key cannot let a burst through (Redis restarted without persistence, a flush, an
eviction, a key deleted by hand): the server still counts the grants made just before the loss.

1. Horizon. A slot is never recorded more than ``H`` ahead of the server's clock, ``H`` the
   smallest window of the reservation (a longer wait is slept here, then asked again; the local
   fallback keeps the same horizon, and writes its grants into Redis after making them). So a
   grant of key k recorded at time r has its slot at most ``r + W_k``.
2. Detection. A key that expires by itself does so only once every grant in it is a window old.
   Each incarnation of a key carries a generation id; this store remembers, per key, the
   generation it last saw and ``L`` = its own latest slot there + the window. Finding another
   generation while ``L`` has not passed proves a loss: nothing could have expired yet.
3. Hold. The script that detects it records ``count`` phantom grants at ``P = now + W``, once per
   generation. Every grant g of an earlier generation was reserved before the loss, so
   ``g <= now + W = P`` by (1); every slot s granted after the hold has ``s >= P + W`` (the count-th
   latest grant is at P or later), so ``s - g >= W``: no window holds both. One hold covers every
   earlier generation, since it is placed after the latest loss.

So in a running job, where every worker holds live grants, the first reservation after a loss
places the hold before anything else is granted. What remains: a caller holding no live grant (a
process started after the loss) cannot tell a lost key from a new one; until a caller holding one
comes back, a window may see up to twice the limit. The server sync (``observe()`` with
``x-ratelimit-count``) narrows that for the per-profile budgets. A hold costs that key up to two
windows. Redis unreachable: ``BudgetStoreError`` (nothing is sent), or with ``fallback="local"`` a
``MemoryStore`` until Redis answers again, with a warning: each process then keeps its own budget,
so N processes can send N times the limit meanwhile. Back on Redis, the local grants still in a
window are written into it at their slots, so what was sent during the outage is counted.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import time
import warnings
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

import anyio
import attrs

from .._errors import ValidationError
from ._checks import check_limits, check_max_wait, check_rejection, check_used
from ._limit import BudgetStoreError, Limit, Reservation
from ._memory import MemoryStore
from ._resp import ConnectionLost, RedisAddress, RedisPool, ServerError
from ._scripts import MERGE, OBSERVE, REJECT, RESERVE, Script

__all__ = ["RedisStore"]

log = logging.getLogger("ayrshare_async.budgets")

PREFIX = "ayrshare_async:budget:"
REJECTIONS = "ayrshare_async:rejections:"
DEFAULT_TIMEOUT = 2.0
REJOIN_AFTER = 5.0
"""Seconds between attempts to go back to Redis while on the local fallback."""
_MERGE_KEYS = 256
"""Keys per script when the fallback's grants are written back (a chunk merged twice only
counts its grants twice: more careful, never less)."""
_SWEEP_AT = 4096
"""Keys remembered before a sweep forgets those with no live grant."""


def _us(seconds: float) -> int:
    return math.ceil(seconds * 1_000_000)


def _local_us() -> int:
    return time.monotonic_ns() // 1000


@attrs.frozen
class _Seen:
    """What a store last saw of one key (times in the server's microseconds)."""

    generation: str
    live_until: int = 0
    """Until when a grant this store got in that generation stays in some window."""
    known: int = 0
    """Grants surely in the key's window from ``known_from`` to ``known_until``."""
    known_from: int = 0
    known_until: int = 0


_UNSEEN = _Seen("")


class RedisStore:
    """Budgets in a Redis (or Valkey) server, shared across processes and machines.

    ``RedisStore("redis://[[user]:password@]host[:port][/db][?fallback=local&timeout=2]")``.
    ``timeout`` bounds each round trip to Redis (seconds). ``fallback="local"`` keeps going on a
    local ``MemoryStore`` (with a warning) when Redis cannot be reached; the default raises
    ``BudgetStoreError``. Works on asyncio and trio; usable from any task without ``async with``.
    One server (Redis 5+ or Valkey), not Redis Cluster; its clock is the budgets' clock, so a
    server clock that jumps forward ages grants out early.
    """

    __slots__ = (
        "_fallback",
        "_ids",
        "_keys",
        "_local",
        "_offset",
        "_pool",
        "_rejoin_at",
        "_sweep_at",
    )

    def __init__(
        self,
        url: str,
        *,
        fallback: Literal["local"] | None = None,
        timeout: float | None = None,
    ) -> None:
        if not isinstance(url, str):
            raise ValidationError(f"a Redis URL must be a string, got {type(url).__name__}")
        options = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        unknown = set(options) - {"fallback", "timeout"}
        if unknown:
            raise ValidationError(f"unknown Redis URL option(s): {', '.join(sorted(unknown))}")
        chosen = fallback if fallback is not None else options.get("fallback")
        if chosen not in (None, "local"):
            raise ValidationError(f"fallback must be 'local' or None, got {chosen!r}")
        if timeout is None:
            try:
                timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
            except ValueError:
                raise ValidationError("the Redis URL's timeout must be a number") from None
        if isinstance(timeout, bool) or not (math.isfinite(timeout) and timeout > 0):
            raise ValidationError(f"timeout must be a finite number > 0, got {timeout!r}")
        self._pool = RedisPool(RedisAddress.from_url(url), timeout=timeout)
        self._fallback = chosen is not None
        self._local: MemoryStore | None = None
        """The fallback in use while Redis is unreachable."""
        self._rejoin_at = 0.0
        self._keys: dict[str, _Seen] = {}
        """Per Redis key, what this store last saw of it."""
        self._offset = 0
        """The Redis clock minus this process's monotonic clock (us), as of the last reply."""
        self._sweep_at = _SWEEP_AT
        self._ids = itertools.count()

    @property
    def location(self) -> str:
        """The server, without credentials: ``redis://host:port/db``."""
        return self._pool.address.location

    def __repr__(self) -> str:
        fallback = ", fallback='local'" if self._fallback else ""
        return f"RedisStore({self.location!r}{fallback})"

    async def reserve(
        self, limits: Sequence[Limit], *, max_wait: float | None = None
    ) -> Reservation:
        check_limits(limits)
        check_max_wait(max_wait)
        horizon = min(limit.window for limit in limits)
        started = anyio.current_time()
        while True:
            left = (
                None if max_wait is None else max(0.0, max_wait - (anyio.current_time() - started))
            )
            bound = horizon if left is None else min(left, horizon)
            local = await self._local_store()
            try:
                if local is not None:
                    reservation = await local.reserve(limits, max_wait=bound)
                else:
                    reservation = await self._reserve_once(limits, bound)
            except ConnectionLost as lost:
                self._fall_back(lost)
                continue
            if reservation.granted or (left is not None and reservation.delay > left):
                return reservation
            await anyio.sleep(reservation.delay - horizon)

    async def observe(self, limit: Limit, used: int) -> None:
        check_limits((limit,))
        check_used(used)
        if used <= self._known_in_window(PREFIX + limit.key):
            return  # this store's own last reservation already showed that many
        if await self._local_store() is None:
            args = (limit.count, _us(limit.window), used, self._id())
            try:
                await self._run(OBSERVE, (PREFIX + limit.key,), args)
                return
            except ConnectionLost as lost:
                self._fall_back(lost)
        assert self._local is not None
        await self._local.observe(limit, used)

    async def note_rejection(self, key: str, window: float) -> int:
        check_rejection(key, window)
        if await self._local_store() is None:
            try:
                count = await self._run(REJECT, (REJECTIONS + key,), (_us(window), self._id()))
                return int(count)
            except ConnectionLost as lost:
                self._fall_back(lost)
        assert self._local is not None
        return await self._local.note_rejection(key, window)

    async def aclose(self) -> None:
        """Close this event loop's connections (the budgets stay in Redis)."""
        await self._pool.aclose()

    async def __aenter__(self) -> RedisStore:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _reserve_once(self, limits: Sequence[Limit], bound: float) -> Reservation:
        keys = [PREFIX + limit.key for limit in limits]
        args: list[str | int] = [_us(bound), self._id()]
        for key, limit in zip(keys, limits, strict=True):
            seen = self._keys.get(key, _UNSEEN)
            args += [
                limit.count,
                _us(limit.window),
                _us(limit.spacing),
                seen.generation,
                seen.live_until,
            ]
        reply = await self._run(RESERVE, keys, args)
        granted, delay, slot, binding = (int(x) for x in reply[:4])
        self._offset = slot - delay - _local_us()
        for n, (key, limit) in enumerate(zip(keys, limits, strict=True)):
            generation, known = str(reply[4 + 2 * n]), int(reply[5 + 2 * n])
            seen = self._keys.get(key, _UNSEEN)
            if granted:
                window = _us(limit.window)
                self._keys[key] = _Seen(generation, slot + window, known, slot, slot + window // 10)
            elif seen.generation != generation:
                self._keys[key] = _Seen(generation)
        self._sweep(slot - delay)
        return Reservation(
            bool(granted),
            delay / 1_000_000,
            slot / 1_000_000,
            limits[binding - 1] if binding else None,
        )

    def _known_in_window(self, key: str) -> int:
        """Grants surely in the key's window now, as the last reservation here showed them."""
        seen = self._keys.get(key, _UNSEEN)
        now = _local_us() + self._offset
        margin = 10_000  # the estimate of the server's clock is early by up to a round trip
        return seen.known if seen.known_from <= now and now + margin < seen.known_until else 0

    async def _run(self, script: Script, keys: Sequence[str], args: Sequence[str | int]) -> Any:
        pool = self._pool
        try:
            try:
                return await pool.call("EVALSHA", script.sha, len(keys), *keys, *args)
            except ServerError as error:
                if not str(error).startswith("NOSCRIPT"):
                    raise
                return await pool.call("EVAL", script.source, len(keys), *keys, *args)
        except ServerError as error:
            raise BudgetStoreError(
                f"the rate store {self.location} refused the budget script: {error}",
                store=self.location,
            ) from None

    def _fall_back(self, lost: ConnectionLost) -> None:
        if not self._fallback:
            raise BudgetStoreError(
                f"the rate store {self.location} is unreachable ({lost}); nothing was sent",
                store=self.location,
            ) from None
        self._rejoin_at = time.monotonic() + REJOIN_AFTER
        if self._local is not None:
            return
        message = (
            f"the rate store {self.location} is unreachable ({lost}): budgets are kept in this "
            "process only until it is back, so other processes do not share them meanwhile"
        )
        log.warning("%s", message)
        warnings.warn(message, RuntimeWarning, stacklevel=4)
        self._local = MemoryStore(named=True)

    async def _local_store(self) -> MemoryStore | None:
        """The fallback while Redis is unreachable; None when Redis is in use. Every
        ``REJOIN_AFTER`` seconds Redis is tried again: the grants made here meanwhile are then
        written into it at their slots (relative to its clock), so nobody takes their room."""
        local = self._local
        if local is None or time.monotonic() < self._rejoin_at:
            return local
        live = local.live_grants()
        try:
            for start in range(0, len(live), _MERGE_KEYS):
                chunk = live[start : start + _MERGE_KEYS]
                args: list[str | int] = [self._id()]
                for _, window, delays in chunk:
                    args += [_us(window), len(delays), *(_us(d) for d in delays)]
                await self._run(MERGE, [PREFIX + key for key, _, _ in chunk], args)
        except ConnectionLost as lost:
            self._fall_back(lost)
            return local
        log.warning("the rate store %s is reachable again: budgets are shared again", self.location)
        self._local = None
        return None

    def _id(self) -> str:
        """Unique across processes and calls: names the grants, phantoms and generations."""
        return f"{os.urandom(6).hex()}{next(self._ids)}"

    def _sweep(self, now: int) -> None:
        keys = self._keys
        if len(keys) < self._sweep_at:
            return
        for key in [k for k, seen in keys.items() if seen.live_until <= now]:
            del keys[key]
        self._sweep_at = max(_SWEEP_AT, 2 * len(keys))
