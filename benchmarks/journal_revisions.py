"""A job's SQLite journal at two revisions side by side: what it costs an in-process fan-out.

Each round runs, once per revision and once with no job and once with a SQLite job, a fan-out of
``--keys`` profiles at concurrency 100, ``GET /user`` each, in a fresh interpreter whose
``PYTHONPATH`` starts with that revision's tree (``git archive``), in an order that rotates from
round to round. The target is the in-process emulator (``emulator.transport()``, the target of the
journal's < 10% goal) or, with ``--instant``, a transport answering the emulator's captured
``GET /user`` at once (the SDK alone, where the journal's share is largest). Each child warms up
with one fan-out of its kind first. Medians over the rounds, and the median of each round's share.

    .venv/bin/python benchmarks/journal_revisions.py BASE [HEAD] [--rounds 9] [--keys 5000]
        [--instant]
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import machine_summary, markdown_table
from compare_revisions import _export, revisions_parser, run_in_tree

CONCURRENCY = 100
KINDS = ("none", "SQLite")


async def _child(keys_count: int, kind: str, instant: bool) -> float:
    """keys/s of one fan-out of ``kind`` (after a warm-up fan-out of the same kind)."""
    import httpx

    from ayrshare_async import AsyncAyrshare
    from ayrshare_async.testing import AyrshareEmulator

    emulator = AyrshareEmulator("bench-api-key", rate_limit=None)
    keys = [emulator.create_profile(f"Bench {n}") for n in range(keys_count)]
    transport: httpx.AsyncBaseTransport = emulator.transport()
    if instant:
        async with AsyncAyrshare(emulator.api_key, transport=transport) as client:
            answer = (await client.with_raw_response.user.get()).http_response.content
        headers = {"content-type": "application/json"}
        transport = httpx.MockTransport(
            lambda request: httpx.Response(200, content=answer, headers=headers)
        )
    scratch = Path(tempfile.mkdtemp())
    rate = 0.0
    for job in ("warm-up", "measured"):
        with_job = {} if kind == "none" else {"job": job, "journal": scratch / f"{job}.sqlite"}
        async with AsyncAyrshare(emulator.api_key, transport=transport) as client:
            await client.user.get()
            started = time.perf_counter()
            result = await client.fan_out(
                keys, lambda view: view.user.get(), concurrency=CONCURRENCY, **with_job
            )
            rate = len(keys) / (time.perf_counter() - started)
        if len(result.succeeded) != len(keys):
            raise RuntimeError(f"{len(result.failed)} of {len(keys)} keys failed")
        emulator.reset_log()
    return rate


def _run(tree: Path, keys: int, kind: str, instant: bool) -> float:
    spec = {"keys": keys, "kind": kind, "instant": instant}
    return float(run_in_tree(__file__, tree, spec))


def main() -> None:
    parser = revisions_parser(__doc__, rounds=9, keys=5_000)
    parser.add_argument("--instant", action="store_true")
    args = parser.parse_args()
    if args.child:
        spec = json.loads(sys.stdin.read())
        print(asyncio.run(_child(spec["keys"], spec["kind"], spec["instant"])))
        return
    configs = [(revision, kind) for revision in (args.base, args.head) for kind in KINDS]
    rates: dict[tuple[str, str], list[float]] = {config: [] for config in configs}
    with tempfile.TemporaryDirectory() as scratch:
        trees = {revision: _export(revision, Path(scratch)) for revision in {args.base, args.head}}
        for round_index in range(args.rounds):
            shift = round_index % len(configs)
            for revision, kind in configs[shift:] + configs[:shift]:
                rate = _run(trees[revision], args.keys, kind, args.instant)
                rates[revision, kind].append(rate)
                print(f"  round {round_index + 1} {revision} {kind}: {rate:,.0f}", file=sys.stderr)
    rows = []
    for revision in (args.base, args.head):
        none, job = rates[revision, "none"], rates[revision, "SQLite"]
        shares = [1 - j / n for n, j in zip(none, job, strict=True)]
        rows.append(
            [
                revision,
                f"{statistics.median(none):,.0f} ({min(none):,.0f}-{max(none):,.0f})",
                f"{statistics.median(job):,.0f} ({min(job):,.0f}-{max(job):,.0f})",
                f"{100 * (1 - statistics.median(job) / statistics.median(none)):.1f}%",
                f"{100 * statistics.median(shares):.1f}%",
            ]
        )
    target = "instant transport" if args.instant else "in-process emulator"
    print(
        f"\nSQLite journal, {target}: fan_out of {args.keys:,} keys at concurrency "
        f"{CONCURRENCY}, {args.rounds} rounds in rotating order; {machine_summary()}\n"
    )
    headers = ["revision", "none, keys/s", "SQLite, keys/s", "share", "median round share"]
    print(markdown_table(headers, rows))


if __name__ == "__main__":
    main()
