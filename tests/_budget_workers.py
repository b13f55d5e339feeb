"""What the budget tests run in worker processes (spawned: importable, picklable arguments)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence

import anyio
import httpx

from ayrshare_async.budgets import Limit, MemoryStore, RedisStore, delete_limit, store_from
from ayrshare_async.budgets._resp import RedisAddress, RedisPool

Plan = Sequence[tuple[float, Sequence[int]]]
"""Per task: when it asks (seconds after the start), and which of the limits it is charged."""


@contextlib.contextmanager
def _skewed_clocks(offset: float) -> Iterator[None]:
    """Make this process's clocks disagree with everyone else's by ``offset`` seconds (the
    worker process serves other tests afterwards: put them back)."""
    monotonic, wall = time.monotonic, time.time
    time.monotonic = lambda: monotonic() + offset
    time.time = lambda: wall() + offset
    try:
        yield
    finally:
        time.monotonic, time.time = monotonic, wall


def reserve_plan(
    url: str,
    limits: Sequence[Limit],
    plan: Plan,
    start_at: float,
    clock_offset: float = 0.0,
    backend: str = "asyncio",
) -> list[tuple[float, float, tuple[int, ...]]]:
    """Run ``plan`` against one RedisStore; per grant: its slot and the moment the task went
    (both on the Redis server's clock), and the limits it was charged."""
    time.sleep(max(0.0, start_at - time.time()))

    async def main() -> list[tuple[float, float, tuple[int, ...]]]:
        done: list[tuple[float, float, tuple[int, ...]]] = []
        clock = RedisPool(RedisAddress.from_url(url), timeout=2.0)

        async def task(store: RedisStore, at: float, which: Sequence[int]) -> None:
            await anyio.sleep(at)
            reservation = await store.reserve([limits[i] for i in which])
            await anyio.sleep(reservation.delay)
            seconds, micros = await clock.call("TIME")
            done.append((reservation.slot, int(seconds) + int(micros) / 1e6, tuple(which)))

        async with RedisStore(url) as store, anyio.create_task_group() as group:
            for at, which in plan:
                group.start_soon(task, store, at, which)
        await clock.aclose()
        return done

    with _skewed_clocks(clock_offset):
        return anyio.run(main, backend=backend)


def delete_profiles(
    base_url: str,
    api_key: str,
    profile_keys: Sequence[str],
    rate_store: str | None,
    start_at: float,
) -> list[int]:
    """DELETE /profiles for every key at once, each after its slot in the delete ceiling;
    returns the HTTP statuses."""
    time.sleep(max(0.0, start_at - time.time()))
    limit = delete_limit(api_key)

    async def main() -> list[int]:
        statuses: list[int] = []
        store = store_from(rate_store) if rate_store else MemoryStore()
        headers = {"Authorization": f"Bearer {api_key}"}

        async def delete(http: httpx.AsyncClient, key: str) -> None:
            reservation = await store.reserve([limit])
            await anyio.sleep(reservation.delay)
            response = await http.delete("/profiles", headers={**headers, "Profile-Key": key})
            statuses.append(response.status_code)

        async with httpx.AsyncClient(base_url=base_url) as http, anyio.create_task_group() as group:
            for key in profile_keys:
                group.start_soon(delete, http, key)
        await store.aclose()
        return statuses

    return anyio.run(main)


def call_budget(
    base_url: str, api_key: str, calls: int, rate_store: str, limit: Limit, start_at: float
) -> list[tuple[int, float]]:
    """GET /user ``calls`` times at once on the Primary Profile's budget, telling the store what
    the server counts after every answer; returns each call's HTTP status and granted slot."""
    time.sleep(max(0.0, start_at - time.time()))

    async def main() -> list[tuple[int, float]]:
        outcomes: list[tuple[int, float]] = []
        store = store_from(rate_store)
        headers = {"Authorization": f"Bearer {api_key}"}

        async def call(http: httpx.AsyncClient) -> None:
            reservation = await store.reserve([limit])
            await anyio.sleep(reservation.delay)
            response = await http.get("/user", headers=headers)
            outcomes.append((response.status_code, reservation.slot))
            await store.observe(limit, int(response.headers["x-ratelimit-count"]))

        async with httpx.AsyncClient(base_url=base_url) as http, anyio.create_task_group() as group:
            for _ in range(calls):
                group.start_soon(call, http)
        await store.aclose()
        return outcomes

    return anyio.run(main)
