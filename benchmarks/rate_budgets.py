"""What the rate budgets cost a call, how close they run to what the limits allow, and how several
processes share the delete ceiling through Redis.

1. Cost per call: ``client.user.get()`` on 500 profiles through an in-memory transport that
   answers at once (the emulator's answer), with budgets off, in memory, and in Redis on
   loopback; alternating rounds, medians; "adds" = that store minus budgets off.
2. Window-bound efficiency: a served emulator with a short window (20 requests per 1 s for the
   Primary Profile), 100 profile creations in a loop; efficiency = the minimum time the window
   allows / the measured time; 429s seen by the emulator.
3. Several processes: 4 worker processes share one Redis store and run ``delete_many`` over
   disjoint keys against one served emulator; the most deletes in any 1 s window, the 429s, the
   combined rate.

The Redis server is started here (tests/_redis.py).

    .venv/bin/python benchmarks/rate_budgets.py [--rounds 7] [--calls 2000] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from _redis import RedisServer  # noqa: E402
from _support import machine_summary, markdown_table  # noqa: E402

from ayrshare_async import AsyncAyrshare, RateBudgets  # noqa: E402
from ayrshare_async.budgets import MemoryStore  # noqa: E402
from ayrshare_async.testing import AyrshareEmulator, serve_in_thread  # noqa: E402

PROFILES = 500


def _instant_transport() -> httpx.MockTransport:
    emulator = AyrshareEmulator(rate_limit=None)
    answer = asyncio.run(_captured(emulator))

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answer, headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


async def _captured(emulator: AyrshareEmulator) -> bytes:
    async with AsyncAyrshare(emulator.api_key, transport=emulator.transport()) as client:
        return (await client.with_raw_response.user.get()).http_response.content


async def _per_call(store: str | None, calls: int, transport: httpx.MockTransport) -> float:
    options: dict[str, Any] = {"rate_budgets": None} if store is None else {"rate_store": store}
    if store == "memory":
        options["rate_store"] = MemoryStore()
    async with AsyncAyrshare("bench-api-key", transport=transport, **options) as client:
        views = [client.with_profile(f"PROFILE-{n:04d}") for n in range(PROFILES)]
        for view in views[:50]:
            await view.user.get()
        started = time.perf_counter()
        for n in range(calls):
            await views[n % PROFILES].user.get()
        return (time.perf_counter() - started) / calls * 1e6


def cost_per_call(redis_url: str, rounds: int, calls: int) -> list[list[object]]:
    transport = _instant_transport()
    stores: dict[str, str | None] = {"off": None, "memory": "memory", "redis": redis_url}
    results: dict[str, list[float]] = {name: [] for name in stores}
    for round_index in range(rounds):
        names = list(stores)[round_index % 3 :] + list(stores)[: round_index % 3]
        for name in names:
            results[name].append(asyncio.run(_per_call(stores[name], calls, transport)))
    off = statistics.median(results["off"])
    rows: list[list[object]] = []
    for name, values in results.items():
        median = statistics.median(values)
        adds = "" if name == "off" else f"{median - off:.0f}"
        rows.append([name, f"{median:.0f} ({min(values):.0f}-{max(values):.0f})", adds])
    return rows


async def _create_many(base_url: str, count: int, budgets: RateBudgets) -> float:
    async with AsyncAyrshare(
        "test-api-key", base_url=base_url, rate_store=MemoryStore(), rate_budgets=budgets
    ) as client:
        started = time.perf_counter()
        for n in range(count):
            await client.profiles.create(title=f"efficiency {n}")
        return time.perf_counter() - started


def window_efficiency(rounds: int) -> list[list[object]]:
    limit, window, count = 20, 2.0, 100
    minimum = (count - 1) // limit * window
    rows: list[list[object]] = []
    for _ in range(rounds):
        emulator = AyrshareEmulator(rate_limit=limit, rate_window=window)
        with serve_in_thread(emulator) as base_url:
            budgets = RateBudgets(requests=limit, window=window, margin=0.02)
            took = asyncio.run(_create_many(base_url, count, budgets))
        refused = emulator.limit_report()["profile:primary"].refused
        rows.append([f"{took:.2f}", f"{minimum / took:.3f}", refused])
    return rows


def shared_deletes(redis_url: str) -> list[object]:
    from test_rate_budgets_processes import _run_workers

    emulator, failures = _run_workers(redis_url)
    deletes = emulator.limit_report()["deletes"]
    arrivals = sorted(r.time for r in emulator.log if r.operation == "profiles.delete")
    combined = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
    failed = sum(len(f) for f in failures)
    return [len(arrivals), deletes.peak, deletes.refused, f"{combined:.2f}", failed]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="3 rounds of 500 calls")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.calls = 3, 500
    with RedisServer() as redis:
        print(f"Rate budgets; {machine_summary()}; Redis/Valkey on 127.0.0.1.\n")
        print(
            f"1. Cost per call ({args.calls} calls on {PROFILES} profiles, {args.rounds} rounds):\n"
        )
        print(
            markdown_table(
                ["budgets", "us per call, median (range)", "adds, us"],
                cost_per_call(redis.url, args.rounds, args.calls),
            )
        )
        print("\n2. Window-bound efficiency (100 profile creations, 20 per 2 s window):\n")
        print(markdown_table(["took s", "efficiency", "429s"], window_efficiency(3)))
        from test_rate_budgets_processes import KEYS_PER_WORKER, WORKERS

        print(
            f"\n3. {WORKERS} processes, one Redis store, delete_many over {KEYS_PER_WORKER} "
            "profiles each:\n"
        )
        print(
            markdown_table(
                ["deletes", "max in any 1 s", "429s", "deletes/s together", "failed"],
                [shared_deletes(redis.url)],
            )
        )


if __name__ == "__main__":
    main()
