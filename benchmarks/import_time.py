"""Import cost of ayrshare_async over its own dependencies: medians of alternating fresh interpreters.

Run: python benchmarks/import_time.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

DEPS = "import httpx, attrs, cattrs, cattrs.gen, anyio, brotli"
SDK = "from ayrshare_async import AsyncAyrshare"


def once(statement: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    timings: dict[str, list[float]] = {"python -c pass": [], DEPS: [], SDK: []}
    for _ in range(rounds):
        for statement in ("pass", DEPS, SDK):
            key = "python -c pass" if statement == "pass" else statement
            timings[key].append(once(statement))
    base = statistics.median(timings["python -c pass"])
    deps = statistics.median(timings[DEPS]) - base
    sdk = statistics.median(timings[SDK]) - base
    print(f"{'what':<60} {'median ms':>10}")
    print(f"{'dependencies (' + DEPS + ')':<60} {deps * 1000:>10.1f}")
    print(f"{SDK:<60} {sdk * 1000:>10.1f}")
    print(f"{'SDK over its dependencies':<60} {(sdk - deps) * 1000:>10.1f}")


if __name__ == "__main__":
    main()
