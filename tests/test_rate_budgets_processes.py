"""Several OS processes, one account: the delete ceiling holds across them when they share a Redis
store, and breaks when each keeps its own budget (which is what shows the test can fail).

Real parts: a served emulator on 127.0.0.1 (the oracle: its window answers 429 and reports its
peak), a real Redis server started by the test suite (tests/_redis.py), worker processes running
``profiles.delete_many`` over disjoint keys.
"""

from __future__ import annotations

import json
import subprocess
import sys

from ayrshare_async.testing import AyrshareEmulator, serve_in_thread

WORKERS = 4
KEYS_PER_WORKER = 6

WORKER = """
import json, sys
import anyio
from ayrshare_async import AsyncAyrshare

async def main() -> None:
    spec = json.loads(sys.argv[1])
    async with AsyncAyrshare(
        spec["api_key"], base_url=spec["base_url"], rate_store=spec["store"]
    ) as client:
        result = await client.profiles.delete_many(spec["keys"])
    print(json.dumps([type(o.error).__name__ for o in result.failed]))

anyio.run(main)
"""


def _run_workers(
    store: str, keys_per_worker: int = KEYS_PER_WORKER
) -> tuple[AyrshareEmulator, list[list[str]]]:
    emulator = AyrshareEmulator()
    keys = [emulator.create_profile(f"p{n}") for n in range(WORKERS * keys_per_worker)]
    with serve_in_thread(emulator) as base_url:
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER,
                    json.dumps(
                        {
                            "api_key": emulator.api_key,
                            "base_url": base_url,
                            "store": store,
                            "keys": keys[n::WORKERS],
                        }
                    ),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(WORKERS)
        ]
        failures = []
        for worker in workers:
            out, _ = worker.communicate(timeout=120)
            assert worker.returncode == 0
            failures.append(json.loads(out.strip().splitlines()[-1]))
    return emulator, failures


def test_workers_sharing_a_redis_store_hold_8_deletes_per_second_together(redis_url: str) -> None:
    emulator, failures = _run_workers(redis_url)
    deletes = emulator.limit_report()["deletes"]
    assert failures == [[]] * WORKERS
    assert deletes.refused == 0
    assert deletes.peak <= 8
    assert emulator.profile_keys() == []
    arrivals = sorted(r.time for r in emulator.log if r.operation == "profiles.delete")
    combined = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
    assert combined >= 7.0, f"{combined:.2f} deletes/s"


def test_workers_each_with_their_own_budget_break_the_ceiling() -> None:
    emulator, _ = _run_workers("memory", keys_per_worker=3)  # 12 deletes at 4 x 7.5 per second
    assert emulator.limit_report()["deletes"].refused > 0
