"""``BudgetStore``, what the request pipeline calls, and ``store_from``, how a spec becomes one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from .._errors import ValidationError
from ._limit import Limit, Reservation
from ._memory import MemoryStore
from ._redis import RedisStore

__all__ = ["BudgetStore", "store_from"]


@runtime_checkable
class BudgetStore(Protocol):
    """Where budgets are kept. Every method is one atomic decision; none sends a request."""

    async def reserve(
        self, limits: Sequence[Limit], *, max_wait: float | None = None
    ) -> Reservation:
        """Record one grant in every limit at the earliest slot all of them allow; the caller
        sleeps ``delay`` and then sends. When the slot is more than ``max_wait`` seconds away
        (None: wait for any), record nothing and return ``granted=False``."""
        ...

    async def observe(self, limit: Limit, used: int) -> None:
        """The server counts ``used`` grants of ``limit`` in its window now: never assume more
        room than that."""
        ...

    async def note_rejection(self, key: str, window: float) -> int:
        """Count a 429 for ``key``; returns the 429s within the last ``window`` seconds."""
        ...

    async def aclose(self) -> None: ...


PROCESS_STORE = MemoryStore()
"""The default: one MemoryStore for the whole process, so every client (not only the views of
one) spends the same budgets; keys name the account, so accounts stay apart."""


def store_from(spec: BudgetStore | str | None) -> BudgetStore:
    """A store from ``rate_store=`` / ``AYRSHARE_RATE_STORE``: None or ``"memory"`` -> the
    process's ``MemoryStore``, a ``redis://`` or ``rediss://`` URL -> a new ``RedisStore``, a
    store as it is."""
    if spec is None or spec == "memory":
        return PROCESS_STORE
    if isinstance(spec, str):
        if not spec.startswith(("redis://", "rediss://")):
            raise ValidationError(
                "rate_store must be 'memory', a redis:// or rediss:// URL, or a store object"
            )
        return RedisStore(spec)
    if isinstance(spec, BudgetStore):
        return spec
    raise ValidationError(
        f"rate_store must be None, 'memory', a Redis URL or a BudgetStore, got {type(spec).__name__}"
    )
