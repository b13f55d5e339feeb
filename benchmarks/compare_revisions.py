"""The SDK at two revisions side by side: fan-out wall time and client CPU per call, one run.

Each round runs ``client.fan_out(keys, lambda c: c.user.get(), concurrency=100)`` once per revision,
in a fresh interpreter whose ``PYTHONPATH`` starts with that revision's tree (``git archive``), in
alternating order, against one served emulator (50 ms per answer). The medians of the rounds are
what a performance guard compares ("at most 10% more CPU per call than before").

    .venv/bin/python benchmarks/compare_revisions.py BASE [HEAD] [--rounds 7] [--keys 10000]
        [--no-budgets] [--pin]

``HEAD`` defaults to the working tree (uncommitted changes included). ``--no-budgets`` adds a third
client, ``HEAD`` with ``rate_budgets=None``, to the same rounds: the request pipeline without the
rate budgets that later work put on every call. ``--pin`` keeps the server on the first CPU and
each client on the second (Linux), so that neither migrates between rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import API_KEY, BenchServer, machine_summary, markdown_table

CONCURRENCY = 100
LATENCY = 0.05
REPO = Path(__file__).resolve().parent.parent


async def _fan_out(base_url: str, keys: list[str], budgets: bool) -> dict[str, float]:
    from ayrshare_async import AsyncAyrshare

    extra: dict[str, None] = {} if budgets else {"rate_budgets": None}
    async with AsyncAyrshare(api_key=API_KEY, base_url=base_url, **extra) as client:
        await client.user.get()
        cpu, wall = time.process_time(), time.perf_counter()
        result = await client.fan_out(keys, lambda view: view.user.get(), concurrency=CONCURRENCY)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    failed = len(result.failed)
    return {"cpu": cpu, "wall": wall, "failed": failed}


def _export(revision: str, into: Path) -> Path:
    """The tree of ``revision`` (a commit) as files, or the working tree itself for ``WORKTREE``."""
    if revision == "WORKTREE":
        return REPO
    target = into / revision.replace("/", "_")
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def run_in_tree(script: str, tree: Path, spec: object, *, cpu: int | None = None) -> Any:
    """``script --child`` in a fresh interpreter importing the SDK from ``tree`` (pinned to
    ``cpu`` when given), ``spec`` as JSON on its stdin; its last stdout line, parsed as JSON."""
    completed = subprocess.run(
        [sys.executable, script, "--child"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tree)},
        check=False,
        cwd=tempfile.gettempdir(),
        preexec_fn=None if cpu is None else lambda: os.sched_setaffinity(0, {cpu}),
    )
    if completed.returncode != 0:
        raise RuntimeError(f"child for {tree} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.splitlines()[-1])


def _run(
    tree: Path, base_url: str, keys: list[str], *, budgets: bool, cpu: int | None
) -> dict[str, float]:
    spec = {"base_url": base_url, "keys": keys, "budgets": budgets}
    result: dict[str, float] = run_in_tree(__file__, tree, spec, cpu=cpu)
    return result


def revisions_parser(doc: str, *, rounds: int, keys: int) -> argparse.ArgumentParser:
    """The arguments every two-revision benchmark takes: BASE [HEAD], rounds, keys, --child."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("base", nargs="?", default="HEAD")
    parser.add_argument("head", nargs="?", default="WORKTREE")
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--keys", type=int, default=keys)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser


def main() -> None:
    parser = revisions_parser(__doc__, rounds=7, keys=10_000)
    parser.add_argument("--no-budgets", action="store_true")
    parser.add_argument("--pin", action="store_true")
    args = parser.parse_args()
    if args.child:
        spec = json.loads(sys.stdin.read())
        result = asyncio.run(_fan_out(spec["base_url"], spec["keys"], spec["budgets"]))
        print(json.dumps(result))
        return
    no_budgets = f"{args.head} (rate_budgets=None)"
    clients = {args.base: args.base, args.head: args.head}  # label -> revision
    if args.no_budgets:
        clients[no_budgets] = args.head
    if args.pin:
        os.sched_setaffinity(0, {0})  # the server started below inherits it
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in clients}
    with tempfile.TemporaryDirectory() as scratch:
        trees = {revision: _export(revision, Path(scratch)) for revision in {args.base, args.head}}
        with BenchServer.start("emulator", latency=LATENCY, rate_limit=None) as server:
            keys = server.create_profiles(args.keys)
            labels = list(clients)
            for round_index in range(args.rounds):
                for label in labels if round_index % 2 == 0 else labels[::-1]:
                    result = _run(
                        trees[clients[label]],
                        server.base_url,
                        keys,
                        budgets=label != no_budgets,
                        cpu=1 if args.pin else None,
                    )
                    runs[label].append(result)
                    print(f"  round {round_index + 1} {label}: {result}", file=sys.stderr)
    ideal = args.keys / CONCURRENCY * LATENCY
    medians = {}
    rows = []
    for label in clients:
        cpu = [run["cpu"] / args.keys * 1000 for run in runs[label]]
        ratio = [run["wall"] / ideal for run in runs[label]]
        failed = sum(int(run["failed"]) for run in runs[label])
        medians[label] = (statistics.median(cpu), statistics.median(ratio))
        rows.append(
            [
                label,
                f"{medians[label][0]:.3f} ({min(cpu):.3f}-{max(cpu):.3f})",
                f"{medians[label][1]:.2f} ({min(ratio):.2f}-{max(ratio):.2f})",
                failed,
            ]
        )
    pinned = "; server on CPU 0, clients on CPU 1" if args.pin else ""
    print(
        f"fan_out of {args.keys:,} GET /user at concurrency {CONCURRENCY}, emulator served on "
        f"127.0.0.1 ({LATENCY * 1000:.0f} ms), {args.rounds} alternating rounds{pinned}; "
        f"{machine_summary()}.\n"
    )
    print(
        markdown_table(
            [
                "revision",
                "client CPU ms per call, median (range)",
                "x ideal, median (range)",
                "failed",
            ],
            rows,
        )
    )
    base_cpu = medians[args.base][0]
    print()
    for label in labels[1:]:
        print(f"CPU per call {label} / {args.base}: {medians[label][0] / base_cpu:.3f}")


if __name__ == "__main__":
    main()
