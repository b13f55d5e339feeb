"""The task-engine recipe (examples/engine_saq.py) with real parts: a Redis server started by the
tests, the emulator served on 127.0.0.1, saq worker processes and the recipe's coordinator in a
process of its own. One worker is SIGKILLed mid-shard and a replacement started; saq's sweep hands
the dead worker's shard to a live worker (the test never enqueues anything itself), which resumes
it from the journal: one post per profile, one final record per key. Then a delete job across the
workers keeps the account's 8 deletes/s, as the emulator's delete window sees it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from ayrshare_async.jobs import FINAL, Job, JobRecord, RedisJournal
from ayrshare_async.testing import AyrshareEmulator, serve_in_thread

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "examples" / "engine_saq.py"
PROFILES = 60
SHARDS = 3
HEARTBEAT = 2
"""Seconds without a heartbeat before a shard is swept (then saq waits 5 s for its abort)."""
DEADLINE = 90.0
"""For conditions that take a few seconds on a quiet machine; generous for a loaded one."""


def _wait_for(condition: Callable[[], Any], what: str, timeout: float = DEADLINE) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    return found


class Worker:
    """One ``saq examples.engine_saq.settings`` process, its log in a file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "saq", "examples.engine_saq.settings", "--verbose"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def shards(self, job: str) -> list[tuple[int, int]]:
        """(shard, attempt) of every shard of ``job`` this worker started."""
        found = re.findall(rf"job {re.escape(job)}: shard (\d+) of \d+, attempt (\d+)", self.text())
        return [(int(shard), int(attempt)) for shard, attempt in found]

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _coordinate(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, str(RECIPE), *args, "--shards", str(SHARDS)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def _result(coordinator: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = coordinator.communicate(timeout=DEADLINE)
    assert coordinator.returncode == 0
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _records(url: str, job: str) -> list[JobRecord]:
    async def read() -> list[JobRecord]:
        journal = RedisJournal(url)
        try:
            return [record async for record in journal.records(job)]
        finally:
            await journal.aclose()

    return anyio.run(read)


def _published(emulator: AyrshareEmulator, key: str) -> int:
    return len([post for post in emulator.posts(key) if post.get("status") == "success"])


@pytest.fixture
def served() -> Iterator[tuple[AyrshareEmulator, str]]:
    emulator = AyrshareEmulator()
    emulator.faults.latency(0.15)  # a shard takes seconds, so that a kill lands in one
    with serve_in_thread(emulator) as base_url:
        yield emulator, base_url


def test_a_killed_workers_shard_is_redelivered_and_resumed_without_a_second_post(
    served: tuple[AyrshareEmulator, str], redis_url: str, tmp_path: Path
) -> None:
    emulator, base_url = served
    keys = [emulator.create_profile(f"shop {n}") for n in range(PROFILES)]
    keys_file = tmp_path / "keys.txt"
    keys_file.write_text("\n".join(keys))
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("AYRSHARE_RATE_STORE", "AYRSHARE_PROFILE_KEY")
    }
    env.update(REDIS_URL=redis_url, AYRSHARE_API_KEY=emulator.api_key, AYRSHARE_BASE_URL=base_url)
    workers = [Worker(env, tmp_path / f"worker{n}.log") for n in range(SHARDS)]
    coordinators: list[subprocess.Popen[str]] = []
    try:
        for worker in workers:
            _wait_for(lambda w=worker: "Worker starting" in w.text(), "the workers to start")
        options = ["--platforms", "bluesky", "--concurrency", "2", "--heartbeat", str(HEARTBEAT)]
        post = _coordinate(env, "post", "spring", str(keys_file), "--text", "Spring sale", *options)
        coordinators.append(post)

        # The first worker to take a shard is killed once that shard is under way.
        victim = _wait_for(
            lambda: next((w for w in workers if w.shards("spring")), None), "a shard to start"
        )
        shard = victim.shards("spring")[0][0]
        mine = Job("spring", journal=redis_url, shard=shard, shards=SHARDS)
        size = len([key for key in keys if mine.owns(mine.digest(key))])

        def finished_in_shard() -> int:
            records = _records(redis_url, "spring")
            return len([r for r in records if r.state in FINAL and mine.owns(r.key)])

        _wait_for(lambda: finished_in_shard() >= 2, "the shard to finish two keys")
        victim.process.send_signal(signal.SIGKILL)
        victim.process.wait()
        finished_at_kill = finished_in_shard()
        assert finished_at_kill < size, "the kill came after the shard had finished"
        workers.append(Worker(env, tmp_path / "replacement.log"))

        result = _result(post)
        by_shard = {s["shard"]: s for s in result["shards"]}
        assert by_shard[shard]["attempt"] >= 2
        assert by_shard[shard]["outcomes"].get("done", 0) >= finished_at_kill
        rerun_by = [w for w in workers if (shard, by_shard[shard]["attempt"]) in w.shards("spring")]
        assert rerun_by and victim not in rerun_by  # saq redelivered it to a live worker
        assert set(result["outcomes"]) <= {"ok", "done", "accepted_earlier"}, result
        assert sum(result["outcomes"].values()) == PROFILES

        assert [_published(emulator, key) for key in keys] == [1] * PROFILES
        records = _records(redis_url, "spring")
        assert sorted(r.key for r in records) == sorted(mine.digest(key) for key in keys)
        assert {r.state for r in records} <= {"done", "accepted_earlier"}

        # A second job, deleting those profiles across the workers, shares the delete ceiling.
        delete = _coordinate(env, "delete", "spring-cleanup", str(keys_file))
        coordinators.append(delete)
        deleted = _result(delete)
        assert sum(deleted["outcomes"].values()) == PROFILES
        for part in deleted["shards"]:  # a shard saq ran again (a loaded machine) skips its deletes
            assert set(part["outcomes"]) <= ({"ok"} if part["attempt"] == 1 else {"ok", "done"})
        ran_deletes = [w for w in workers if w.shards("spring-cleanup")]
        assert len(ran_deletes) >= 2
        deletes = emulator.limit_report()["deletes"]
        assert deletes.peak <= 8
        assert deletes.refused == 0
        assert emulator.profile_keys() == []
    finally:
        for coordinator in coordinators:
            if coordinator.poll() is None:
                coordinator.kill()
                coordinator.wait()
        for worker in workers:
            worker.stop()
