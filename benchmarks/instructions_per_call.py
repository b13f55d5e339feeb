"""The SDK at two revisions side by side, in CPU instructions per call: what noise cannot move.

On a shared 2-core VM the CPU time of one fan-out moves by 10-30% from run to run, more than the
differences a performance guard is about. Here each revision runs the fan-out of
``compare_revisions.py`` (``GET /user`` per profile, concurrency 100, the emulator served on
127.0.0.1 with 50 ms per answer) under valgrind's callgrind, once over ``--small`` keys and once
over ``--small + 1000``; the difference of the two instruction counts, over 1,000, is what one
more call costs the client process (every thread), start-up and warm-up cancelled out. It counts
instructions, not time: cache misses and the kernel's share are not in it.

    .venv/bin/python benchmarks/instructions_per_call.py BASE [HEAD] [--small 300] [--no-budgets]

``--no-budgets`` runs ``HEAD`` with ``rate_budgets=None``; ``BASE`` runs with its defaults.

Needs ``valgrind`` on PATH; each revision takes about two minutes (both run at once).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import BenchServer, machine_summary, markdown_table
from compare_revisions import CONCURRENCY, LATENCY, _export


def instructions(script: str, tree: Path, spec: object) -> tuple[int, Any]:
    """``script --child`` under callgrind, importing the SDK from ``tree``, ``spec`` as JSON on its
    stdin: the instructions it ran (every thread) and its last stdout line, parsed as JSON."""
    with tempfile.TemporaryDirectory() as scratch:
        completed = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={Path(scratch) / 'out'}",
                sys.executable,
                script,
                "--child",
            ],
            input=json.dumps(spec),
            env={**os.environ, "PYTHONPATH": str(tree)},
            capture_output=True,
            text=True,
            check=False,
            cwd=scratch,
        )
    found = re.search(r"Collected : (\d+)", completed.stderr)
    if completed.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind run for {tree} failed:\n{completed.stderr[-3000:]}")
    return int(found.group(1)), json.loads(completed.stdout.splitlines()[-1])


def _instructions(tree: Path, spec: dict[str, object]) -> int:
    count, result = instructions(
        str(Path(__file__).resolve().parent / "compare_revisions.py"), tree, spec
    )
    if result["failed"]:
        raise RuntimeError(f"the fan-out under callgrind for {tree} had failed calls")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base")
    parser.add_argument("head", nargs="?", default="WORKTREE")
    parser.add_argument("--small", type=int, default=300, help="keys of the shorter run")
    parser.add_argument("--no-budgets", action="store_true", help="rate_budgets=None")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not on PATH")
    revisions = [args.base, args.head]
    per_call: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        trees = {revision: _export(revision, Path(scratch)) for revision in revisions}
        with BenchServer.start("emulator", latency=LATENCY, rate_limit=None) as server:
            keys = server.create_profiles(args.small + 1000)

            def measure(revision: str) -> None:
                counts = [
                    _instructions(
                        trees[revision],
                        {
                            "base_url": server.base_url,
                            "keys": keys[:n],
                            # BASE runs as it is: it may predate ``rate_budgets``
                            "budgets": not args.no_budgets or revision == args.base,
                        },
                    )
                    for n in (args.small, args.small + 1000)
                ]
                per_call[revision] = (counts[1] - counts[0]) / 1000

            threads = [threading.Thread(target=measure, args=(r,)) for r in revisions]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    budgets = "HEAD with rate budgets off" if args.no_budgets else "default rate budgets"
    print(
        f"Instructions per call (callgrind, client process), fan_out GET /user at concurrency "
        f"{CONCURRENCY}, emulator on 127.0.0.1 ({LATENCY * 1000:.0f} ms), {budgets}; "
        f"{machine_summary()}.\n"
    )
    rows = [[revision, f"{per_call[revision] / 1000:,.1f}"] for revision in revisions]
    print(markdown_table(["revision", "k instructions per call"], rows))
    base, head = per_call[args.base], per_call[args.head]
    print(f"\n{args.head} / {args.base}: {head / base:.3f}")


if __name__ == "__main__":
    main()
