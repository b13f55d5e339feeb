"""A million keys through ``fan_out_stream`` in bounded memory: RSS growth and keys/s, with no job
and with a SQLite job journal, each in a fresh interpreter.

The keys come from a generator (as from a database cursor), the outcomes are counted and dropped,
and every request goes over loopback to the replay server (``_support``: one captured ``GET /user``
answer for any profile, in its own process), so the client process holds only what the SDK keeps.
Growth is the kernel's peak (VmHWM) over the RSS measured after a warm-up fan-out of 2,000 keys;
the RSS is also sampled every tenth of the run, to show whether it climbs. Default rate budgets (in
memory), default backend, concurrency 100. Target: growth < 150 MB for 1,000,000 keys.

    .venv/bin/python benchmarks/jobs_stream.py [--keys 1000000] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _support import (  # noqa: E402
    API_KEY,
    BenchServer,
    PeakRSS,
    _proc_status_kib,
    machine_summary,
    markdown_table,
    run_child,
)

from ayrshare_async import AsyncAyrshare  # noqa: E402
from ayrshare_async.jobs import Job  # noqa: E402

CONCURRENCY = 100
WARM_UP = 2_000
TARGET_MB = 150


def profile_keys(count: int, prefix: str) -> Iterator[str]:
    for n in range(count):
        yield f"{prefix}-{n:09d}-BENCHKEY"


async def child(spec: dict[str, Any]) -> dict[str, Any]:
    keys, journal = spec["keys"], spec["journal"]
    rss = PeakRSS()
    samples: list[float] = []
    async with AsyncAyrshare(API_KEY, base_url=spec["base_url"]) as client:

        async def stream(count: int, prefix: str, job: Job | None) -> int:
            ok = 0
            every = max(1, count // 10)
            async with client.fan_out_stream(
                profile_keys(count, prefix),
                lambda view: view.user.get(),
                job=job,
                concurrency=CONCURRENCY,
            ) as outcomes:
                async for n, outcome in _numbered(outcomes):
                    ok += outcome.ok
                    if n % every == every - 1 and prefix == "run":
                        samples.append(_proc_status_kib("VmRSS") / 1024 - baseline)
            return ok

        def job_for(name: str) -> Job | None:
            return None if journal is None else Job(name, journal=journal)

        await stream(WARM_UP, "warm", job_for("warm-up"))
        rss.start()
        baseline = _proc_status_kib("VmRSS") / 1024
        started = time.perf_counter()
        ok = await stream(keys, "run", job_for("million"))
        wall = time.perf_counter() - started
    return {
        "ok": ok,
        "keys_per_s": keys / wall,
        "growth_mb": rss.growth_mb(),
        "samples": samples,
        "baseline_mb": baseline,
    }


async def _numbered(outcomes: Any) -> Any:
    n = 0
    async for outcome in outcomes:
        yield n, outcome
        n += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=1_000_000, help="keys per run")
    parser.add_argument("--quick", action="store_true", help="50,000 keys")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(child(json.loads(args.child)))))
        return
    if args.quick:
        args.keys = 50_000

    rows = []
    with BenchServer.start("replay", latency=0.0) as replay, tempfile.TemporaryDirectory() as tmp:
        for label, journal in (("none", None), ("SQLite", str(Path(tmp) / "jobs.sqlite"))):
            spec = {"keys": args.keys, "journal": journal, "base_url": replay.base_url}
            got = run_child(__file__, spec, timeout=3 * 3600)
            got["journal_mb"] = Path(journal).stat().st_size / 2**20 if journal else 0.0
            if got["ok"] != args.keys:
                raise RuntimeError(f"{args.keys - got['ok']} of {args.keys} keys failed ({label})")
            climb = " ".join(f"{value:.0f}" for value in got["samples"])
            rows.append(
                [
                    label,
                    f"{got['keys_per_s']:,.0f}",
                    f"{got['growth_mb']:.1f}",
                    climb,
                    f"{got['journal_mb']:.0f}" if journal else "",
                ]
            )
            print(f"  {label}: {got}", file=sys.stderr, flush=True)
    print(
        f"\nStreaming fan-out: {args.keys:,} keys from a generator, GET /user against the replay "
        f"server, concurrency {CONCURRENCY}, default budgets and backend; {machine_summary()}.\n"
    )
    headers = [
        "job journal",
        "keys/s",
        "peak RSS growth, MB",
        "RSS growth at each tenth, MB",
        "journal file, MB",
    ]
    print(markdown_table(headers, rows))
    worst = max(float(row[2]) for row in rows)
    verdict = "met" if worst < TARGET_MB else "missed"
    print(f"\nPeak growth {worst:.1f} MB (target < {TARGET_MB} MB): {verdict}.")


if __name__ == "__main__":
    main()
