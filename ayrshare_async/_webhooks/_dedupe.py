"""Handling each event once although Ayrshare delivers it at least once: claims on ``hookId``.

A claim is a key in a store that every receiver process can share: ``processing`` while a handler
runs, ``done`` for ``ttl`` seconds after it returned, gone when it raised (so Ayrshare's retry is
handled). The store protocol is three calls that map one to one onto Redis commands, so a
Redis-backed store plugs in without changing the deduplicator.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol, runtime_checkable

import anyio

from .._errors import AyrshareError, ValidationError
from ..models.webhooks import WebhookEvent

__all__ = [
    "DedupeStore",
    "Deduplicator",
    "DeliveryInProgressError",
    "InMemoryDedupeStore",
]

PROCESSING = "processing"
DONE = "done"


@runtime_checkable
class DedupeStore(Protocol):
    """Where claims live. Every method is atomic; ``ttl`` is in seconds (> 0)."""

    async def add(self, key: str, value: str, ttl: float) -> str | None:
        """Store ``value`` under ``key`` unless the key holds one; None when stored, else the
        value already there. Redis 7: ``SET key value NX PX <ttl ms> GET``."""
        ...

    async def put(self, key: str, value: str, ttl: float) -> None:
        """Store ``value`` under ``key``, replacing any value. Redis: ``SET key value PX <ttl ms>``."""
        ...

    async def delete(self, key: str) -> None:
        """Forget ``key``. Redis: ``DEL key``."""
        ...


class InMemoryDedupeStore:
    """A store for one process. At most ``max_entries`` keys: past that the ones closest to
    expiry go first (a duplicate of such an event could then be handled twice)."""

    __slots__ = ("_clock", "_entries", "_expiries", "_lock", "_max_entries", "_order")

    def __init__(
        self, *, max_entries: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise ValidationError(f"max_entries: expected an int >= 1, got {max_entries!r}")
        self._max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, tuple[str, float, int]] = {}
        self._expiries: list[tuple[float, int, str]] = []
        self._order = itertools.count()
        self._lock = threading.Lock()

    async def add(self, key: str, value: str, ttl: float) -> str | None:
        with self._lock:
            now = self._clock()
            self._expire(now)
            held = self._entries.get(key)
            if held is not None:
                return held[0]
            self._store(key, value, now + ttl)
            return None

    async def put(self, key: str, value: str, ttl: float) -> None:
        with self._lock:
            now = self._clock()
            self._expire(now)
            self._store(key, value, now + ttl)

    async def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._entries)

    def _store(self, key: str, value: str, expires: float) -> None:
        order = next(self._order)
        self._entries[key] = (value, expires, order)
        heapq.heappush(self._expiries, (expires, order, key))
        while len(self._entries) > self._max_entries:
            self._pop_first()

    def _expire(self, now: float) -> None:
        while self._expiries and self._expiries[0][0] <= now:
            self._pop_first()

    def _pop_first(self) -> None:
        _, order, key = heapq.heappop(self._expiries)
        held = self._entries.get(key)
        if held is not None and held[2] == order:  # not replaced or deleted since
            del self._entries[key]

    def __repr__(self) -> str:
        return f"InMemoryDedupeStore(entries={len(self)}, max_entries={self._max_entries})"


class DeliveryInProgressError(AyrshareError):
    """Another delivery of this event is being handled right now. Answer with a non-2xx status
    (``WebhookApp`` answers 503) so that Ayrshare delivers it again later; if that handler fails,
    the retry is then handled."""

    def __init__(self, hook_id: str) -> None:
        super().__init__(
            f"event {hook_id!r} is being handled by another delivery; answer non-2xx so that "
            "Ayrshare retries it"
        )
        self.hook_id = hook_id


class Deduplicator:
    """Claims on ``hookId``: ``async with dedupe.claim(event) as first:`` runs the block with
    ``first`` True for the first delivery of an event, False for a repeat of one that was handled.

    A block that raises gives the claim back (the event is handled again when Ayrshare retries);
    a delivery that arrives while another one's block runs raises ``DeliveryInProgressError``.
    ``ttl`` is how long a handled event is remembered (Ayrshare's retries span about an hour;
    the secondary notes advise at least 24 h); ``processing_ttl`` how long a claim holds when its
    process dies mid-way (keep it above the handler's longest run). An event without a
    ``hookId`` cannot be deduplicated: its block always runs.
    """

    __slots__ = ("_prefix", "_processing_ttl", "_store", "_ttl")

    def __init__(
        self,
        store: DedupeStore | None = None,
        *,
        ttl: float = 24 * 3600.0,
        processing_ttl: float = 60.0,
        prefix: str = "ayrshare:webhook:",
    ) -> None:
        for name, value in (("ttl", ttl), ("processing_ttl", processing_ttl)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValidationError(f"{name}: expected seconds > 0, got {value!r}")
        if store is not None and not isinstance(store, DedupeStore):
            raise ValidationError(
                f"store: expected a DedupeStore (async add, put, delete), got {type(store).__name__}"
            )
        self._store: DedupeStore = store if store is not None else InMemoryDedupeStore()
        self._ttl = float(ttl)
        self._processing_ttl = float(processing_ttl)
        self._prefix = prefix

    @property
    def store(self) -> DedupeStore:
        return self._store

    @asynccontextmanager
    async def claim(self, event: WebhookEvent | str | None) -> AsyncIterator[bool]:
        """Claim ``event`` (or a ``hookId``) for the duration of the block."""
        hook_id = event.hook_id if isinstance(event, WebhookEvent) else event
        if not hook_id:
            yield True
            return
        key = self._prefix + hook_id
        held = await self._store.add(key, PROCESSING, self._processing_ttl)
        if held == DONE:
            yield False
            return
        if held is not None:
            raise DeliveryInProgressError(hook_id)
        try:
            yield True
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self._store.delete(key)
            raise
        with anyio.CancelScope(shield=True):
            await self._store.put(key, DONE, self._ttl)

    def __repr__(self) -> str:
        return f"Deduplicator(store={self._store!r}, ttl={self._ttl:g})"
