"""A client over the in-process emulator with a rate store of its own (budgets start empty)."""

from __future__ import annotations

from ayrshare_async import AsyncAyrshare
from ayrshare_async.budgets import MemoryStore
from ayrshare_async.testing import AyrshareEmulator


def emulated_client(emulator: AyrshareEmulator) -> AsyncAyrshare:
    return AsyncAyrshare(
        emulator.api_key,
        base_url="https://api.ayrshare.com/api",
        transport=emulator.transport(),
        rate_store=MemoryStore(),
    )
