"""A job killed with SIGKILL at random points, then resumed: one post per key, one final outcome per
key, and the keys whose end was never recorded reported as accepted earlier with the right post id.

The job runs in a subprocess against an emulator served on 127.0.0.1 whose answers come 50 ms after
it has processed the request, so at any kill some posts are sent and processed but not recorded:
the case the idempotency keys exist for.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import anyio

from ayrshare_async.jobs import FINAL, SQLiteJournal
from ayrshare_async.testing import AyrshareEmulator, serve_in_thread

KEYS = 300
KILLS = 3

CHILD = """
import json, sys
import anyio
from ayrshare_async import AsyncAyrshare, Skipped, Success
from ayrshare_async.budgets import MemoryStore
from ayrshare_async.jobs import Job

async def post_once(view):
    return await view.post.create(post=f"Crash sale {view.profile_key[-8:]}", platforms=["bluesky"])

def progress(done, total, outcome):
    print("outcome", flush=True)

async def main():
    spec = json.loads(sys.argv[1])
    async with AsyncAyrshare(spec["api_key"], base_url=spec["base_url"], rate_store=MemoryStore()) as client:
        job = Job("crash-test", journal=spec["journal"])
        result = await client.fan_out(spec["keys"], post_once, job=job, concurrency=30, progress=progress)
    final = {}
    for o in result:
        if isinstance(o, Success):
            final[o.profile_key] = ["ok", o.value.id]
        elif isinstance(o, Skipped):
            final[o.profile_key] = [o.reason, o.post_id]
        else:
            final[o.profile_key] = ["failed", repr(o.error)]
    print("result " + json.dumps(final), flush=True)

anyio.run(main)
"""


def _start(spec: dict[str, Any]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(spec)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_a_job_killed_at_random_points_resumes_with_one_post_and_one_outcome_per_key(
    tmp_path: Path,
) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    emulator = AyrshareEmulator(seed=7)
    emulator.faults.latency(0.05)  # processed first, answered 50 ms later
    keys = [emulator.create_profile(f"customer {n}") for n in range(KEYS)]
    journal = tmp_path / "crash.sqlite"
    accepted_seen = 0
    with serve_in_thread(emulator) as base_url:
        spec = {"api_key": emulator.api_key, "base_url": base_url, "keys": keys}
        spec["journal"] = str(journal)
        for _ in range(KILLS):
            child = _start(spec)
            _kill_between_sent_and_recorded(child, emulator, after=rng.randrange(10, 80))
        child = _start(spec)
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0, f"seed {seed}"
        final = json.loads(out.strip().splitlines()[-1].removeprefix("result "))

    # exactly one published post per profile, whatever the kills interrupted
    posts = {key: [p for p in emulator.posts(key) if p["status"] == "success"] for key in keys}
    assert {key: len(found) for key, found in posts.items()} == dict.fromkeys(keys, 1), seed
    # one final outcome per key, in the journal and in the last run
    records = anyio.run(_records, journal)
    assert len(records) == KEYS and all(record["state"] in FINAL for record in records), seed
    assert sorted(final) == sorted(keys)
    for key, (status, post_id) in final.items():
        assert status in ("ok", "done", "accepted_earlier"), (seed, key, status, post_id)
        if status == "accepted_earlier":
            accepted_seen += 1
        if post_id is not None:
            assert post_id == posts[key][0]["id"], (seed, key)
    done_in_journal = [r for r in records if r["state"] == "accepted_earlier"]
    # a kill always lands with posts processed but not answered: some ends were lost
    assert accepted_seen + len(done_in_journal) > 0, seed


def _kill_between_sent_and_recorded(
    child: subprocess.Popen[str], emulator: AyrshareEmulator, *, after: int
) -> None:
    """SIGKILL the child once it has recorded ``after`` outcomes and the emulator holds requests it
    has processed but not yet answered (their ends can then never be recorded)."""
    assert child.stdout is not None
    lines = 0

    def count() -> None:
        nonlocal lines
        assert child.stdout is not None
        for _ in child.stdout:
            lines += 1

    reader = threading.Thread(target=count, daemon=True)
    reader.start()
    deadline = time.monotonic() + 60
    while not (lines >= after and emulator.in_flight >= 3):
        assert child.poll() is None and time.monotonic() < deadline, "the job ended before the kill"
        time.sleep(0.002)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    reader.join(timeout=30)
    child.stdout.close()


async def _records(path: Path) -> list[dict[str, Any]]:
    journal = SQLiteJournal(path)
    try:
        return [record.to_dict() async for record in journal.records("crash-test")]
    finally:
        await journal.aclose()
