"""A job's SQLite journal at two revisions side by side: what it costs an in-process fan-out.

Each round runs, once per revision and once with no job and once with a SQLite job, a fan-out of
``--keys`` profiles at concurrency 100, ``GET /user`` each, in a fresh interpreter whose
``PYTHONPATH`` starts with that revision's tree (``git archive``), in an order that rotates from
round to round. The target is the in-process emulator (``emulator.transport()``, the target of the
journal's < 10% goal) or, with ``--instant``, a transport answering the emulator's captured
``GET /user`` at once (the SDK alone, where the journal's share is largest). Each child warms up
with one fan-out of its kind first. Medians over the rounds, and the median of each round's share.

Each row also gives the garbage collector's part of the windows (its full collections and the
time of all its collections, medians), since one full collection more in a window moves the share
by several points; ``--gc-off`` turns the collector off during each timed window, which leaves the
journal's own cost.

``--instructions`` counts instead of timing, where noise cannot reach: each configuration runs
under valgrind's callgrind (``instructions_per_call``) over ``--keys`` and ``--keys + 1000``
profiles, and the difference, less that of the same runs with no fan-out (the emulator's
profiles), over the 2,000 keys the two fan-outs add, is what one more key costs the process (every
thread, the journal's included; cache misses and the kernel are not in it). Under callgrind
outcomes are released by count only (``_workers.RELEASE_SECONDS``, before it ``HOLD_SECONDS``,
off): at full speed the count is what ends a hold, and a 50-times slower run would otherwise
flush far more often.

    .venv/bin/python benchmarks/journal_revisions.py BASE [HEAD] [--rounds 9] [--keys 5000]
        [--instant] [--gc-off] [--instructions]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import gc
import json
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import machine_summary, markdown_table
from compare_revisions import _export, revisions_parser, run_in_tree
from instructions_per_call import instructions

CONCURRENCY = 100
KINDS = ("none", "SQLite")


async def _child(
    keys_count: int, kind: str, instant: bool, hold_by_count: bool, gc_off: bool
) -> dict[str, float]:
    """keys/s of one fan-out of ``kind`` (after a warm-up fan-out of the same kind), and the
    collector's full collections and seconds in that window."""
    import httpx

    from ayrshare_async import AsyncAyrshare, _workers
    from ayrshare_async.testing import AyrshareEmulator

    if hold_by_count:  # HOLD_SECONDS in trees up to dfec9bd
        for name in ("HOLD_SECONDS", "RELEASE_SECONDS"):
            if hasattr(_workers, name):
                setattr(_workers, name, math.inf)

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
    rate, full, seconds = 0.0, 0, 0.0
    collecting = _Collections()
    gc.callbacks.append(collecting)
    for job in ("warm-up", "measured") if kind != "setup" else ():
        with_job = {} if kind == "none" else {"job": job, "journal": scratch / f"{job}.sqlite"}
        async with AsyncAyrshare(emulator.api_key, transport=transport) as client:
            await client.user.get()
            gc.collect()  # each window starts from a collected heap (docs/benchmarks.md)
            if gc_off:
                gc.disable()
            collecting.reset()
            started = time.perf_counter()
            result = await client.fan_out(
                keys, lambda view: view.user.get(), concurrency=CONCURRENCY, **with_job
            )
            rate = len(keys) / (time.perf_counter() - started)
            gc.enable()
            full, seconds = collecting.full, collecting.seconds
        if len(result.succeeded) != len(keys):
            raise RuntimeError(f"{len(result.failed)} of {len(keys)} keys failed")
        emulator.reset_log()
    gc.callbacks.remove(collecting)
    return {"rate": rate, "full": full, "gc": seconds}


class _Collections:
    """A ``gc.callbacks`` entry: full collections and seconds spent collecting since ``reset``."""

    def __init__(self) -> None:
        self._started = 0.0
        self.reset()

    def reset(self) -> None:
        self.full, self.seconds = 0, 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.seconds += time.perf_counter() - self._started
        self.full += info["generation"] == 2


def _run(tree: Path, kind: str, args: argparse.Namespace) -> dict[str, float]:
    spec = {
        "keys": args.keys,
        "kind": kind,
        "instant": args.instant,
        "hold_by_count": False,
        "gc_off": args.gc_off,
    }
    result: dict[str, float] = run_in_tree(__file__, tree, spec)
    return result


def _added(tree: Path, keys: int, kind: str, instant: bool) -> int:
    """The instructions a run of ``kind`` over ``keys + 1000`` profiles takes over one over
    ``keys`` (``setup``: the emulator's profiles alone, no fan-out)."""
    spec = {"kind": kind, "instant": instant, "hold_by_count": True, "gc_off": False}
    counts = [instructions(__file__, tree, {**spec, "keys": n})[0] for n in (keys, keys + 1000)]
    return counts[1] - counts[0]


def _counted(args: argparse.Namespace) -> None:
    """The ``--instructions`` table: per revision, the instructions a key costs with no job and
    with a SQLite job (each child fans out twice, so a run's 1,000 more profiles are 2,000 more
    keys), and the job's share."""
    revisions = (args.base, args.head)
    configs = [(revision, kind) for revision in revisions for kind in ("setup", *KINDS)]
    with tempfile.TemporaryDirectory() as scratch:
        trees = {revision: _export(revision, Path(scratch)) for revision in set(revisions)}
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            added = dict(
                zip(
                    configs,
                    pool.map(lambda c: _added(trees[c[0]], args.keys, c[1], args.instant), configs),
                    strict=True,
                )
            )
    rows = []
    for revision in revisions:
        none, job = ((added[revision, kind] - added[revision, "setup"]) / 2000 for kind in KINDS)
        rows.append(
            [
                revision,
                f"{none / 1000:,.1f}",
                f"{job / 1000:,.1f}",
                f"{100 * (job / none - 1):.1f}%",
            ]
        )
    target = "instant transport" if args.instant else "in-process emulator"
    print(
        f"\nSQLite journal, {target}, callgrind: instructions per key of a fan-out at concurrency "
        f"{CONCURRENCY} ({args.keys + 1000:,} keys against {args.keys:,}); {machine_summary()}\n"
    )
    headers = ["revision", "none, k instructions/key", "SQLite, k instructions/key", "job adds"]
    print(markdown_table(headers, rows))


def main() -> None:
    parser = revisions_parser(__doc__, rounds=9, keys=5_000)
    parser.add_argument("--instant", action="store_true")
    parser.add_argument("--gc-off", action="store_true", help="no collector in timed windows")
    parser.add_argument("--instructions", action="store_true", help="count under callgrind")
    args = parser.parse_args()
    if args.child:
        spec = json.loads(sys.stdin.read())
        child = _child(
            spec["keys"], spec["kind"], spec["instant"], spec["hold_by_count"], spec["gc_off"]
        )
        print(json.dumps(asyncio.run(child)))
        return
    if args.instructions:
        _counted(args)
        return
    configs = [(revision, kind) for revision in (args.base, args.head) for kind in KINDS]
    runs: dict[tuple[str, str], list[dict[str, float]]] = {config: [] for config in configs}
    with tempfile.TemporaryDirectory() as scratch:
        trees = {revision: _export(revision, Path(scratch)) for revision in {args.base, args.head}}
        for round_index in range(args.rounds):
            shift = round_index % len(configs)
            for revision, kind in configs[shift:] + configs[:shift]:
                run = _run(trees[revision], kind, args)
                runs[revision, kind].append(run)
                print(f"  round {round_index + 1} {revision} {kind}: {run}", file=sys.stderr)
    rows = []
    for revision in (args.base, args.head):
        none, job = ([run["rate"] for run in runs[revision, kind]] for kind in KINDS)
        shares = [1 - j / n for n, j in zip(none, job, strict=True)]
        full, collecting = (
            [statistics.median(run[measure] for run in runs[revision, kind]) for kind in KINDS]
            for measure in ("full", "gc")
        )
        rows.append(
            [
                revision,
                f"{statistics.median(none):,.0f} ({min(none):,.0f}-{max(none):,.0f})",
                f"{statistics.median(job):,.0f} ({min(job):,.0f}-{max(job):,.0f})",
                f"{100 * (1 - statistics.median(job) / statistics.median(none)):.1f}%",
                f"{100 * statistics.median(shares):.1f}%",
                " / ".join(f"{count:g}" for count in full),
                " / ".join(f"{1000 * seconds:.0f}" for seconds in collecting),
            ]
        )
    target = "instant transport" if args.instant else "in-process emulator"
    collector = "collector off in the timed windows" if args.gc_off else "collector on"
    print(
        f"\nSQLite journal, {target}: fan_out of {args.keys:,} keys at concurrency "
        f"{CONCURRENCY}, {args.rounds} rounds in rotating order, {collector}; "
        f"{machine_summary()}\n"
    )
    headers = [
        "revision",
        "none, keys/s",
        "SQLite, keys/s",
        "share",
        "median round share",
        "full collections (none / SQLite)",
        "collector ms (none / SQLite)",
    ]
    print(markdown_table(headers, rows))


if __name__ == "__main__":
    main()
