"""A job's outcomes are handed on only once the journal has stored their ends, many keys per
flush, while the workers go on with the next keys (up to a cap); a flush reports a commit that
failed; closing a journal stores what is still queued."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import pytest
from _emulated import emulated_client

from ayrshare_async import AsyncAyrshare, Outcome, _workers
from ayrshare_async._workers import RELEASE_SECONDS
from ayrshare_async.jobs import Job, JobRecord, JournalError, RedisJournal, SQLiteJournal
from ayrshare_async.jobs._group import Encoded, GroupCommit
from ayrshare_async.testing import AyrshareEmulator

API_KEY = "test-api-key"


def _record(key: str) -> JobRecord:
    return JobRecord("job", key, "…" + key[-4:], "done")


def _records(batch: Encoded) -> list[JobRecord]:
    """The records of a SQLite journal's batch (each a JSON array of its fields)."""
    return [JobRecord(*json.loads(text)) for kept in batch.values() for text in kept.values()]


class Commits:
    """A commit function keeping what each commit stored; the commit numbered ``fail`` fails."""

    def __init__(self, fail: int | None = None) -> None:
        self.fail = fail
        self.commits: list[list[str]] = []

    async def __call__(self, batch: Encoded) -> None:
        await anyio.sleep(0.001)
        if self.fail == len(self.commits):
            self.commits.append([])
            raise OSError("disk full")
        self.commits.append([key for kept in batch.values() for key in kept])


def test_a_flush_stores_what_was_queued_and_nothing_when_nothing_was() -> None:
    commits = Commits()
    group = GroupCommit(commits, lambda row: b"")

    async def main() -> None:
        await group.flush(group.mark())
        assert commits.commits == []
        group.queue([_record("a"), _record("b")])
        await group.flush(group.mark())
        assert commits.commits == [["a", "b"]]

    anyio.run(main)


def test_a_flush_raises_when_a_commit_failed_since_its_mark() -> None:
    commits = Commits(fail=0)
    group = GroupCommit(commits, lambda row: b"")

    async def main() -> None:
        mark = group.mark()
        group.queue([_record("lost")])
        with pytest.raises(OSError, match="disk full"):
            await group.flush(mark)
        group.queue([_record("kept")])
        await group.flush(group.mark())  # a mark taken after the failure: nothing to report

    anyio.run(main)
    assert commits.commits == [[], ["kept"]]


class Watched(SQLiteJournal):
    """A SQLite journal that counts its commits and keeps the digests it has stored."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.stored: set[str] = set()
        self.commits = 0

    async def _commit_in_thread(self, batch: Encoded) -> None:
        await super()._commit_in_thread(batch)
        self.commits += 1
        self.stored.update(r.key for r in _records(batch) if r.state != "in_flight")


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_fast_calls_share_flushes_and_no_outcome_comes_before_its_end_is_stored(
    tmp_path: Path, backend: str
) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"p{n}") for n in range(100)]
    journal = Watched(tmp_path / "watched.sqlite")
    job = Job("held", journal=journal)
    early: list[str] = []

    def progress(done: int, total: int | None, outcome: Outcome[Any]) -> None:
        if job.digest(outcome.profile_key) not in journal.stored:
            early.append(outcome.profile_key)

    async def main() -> int:
        async with emulated_client(emulator) as client:
            result = await client.fan_out(
                keys, lambda view: view.user.get(), job=job, concurrency=1, progress=progress
            )
        await journal.aclose()
        return len(result.succeeded)

    assert anyio.run(main, backend=backend) == len(keys)
    assert early == []
    assert journal.commits < len(keys) // 4  # a flush per many keys, not per key


def test_an_outcome_after_a_slow_call_comes_before_the_next_call_ends(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"s{n}") for n in range(4)]
    events: list[str] = []

    async def slow(view: AsyncAyrshare) -> Any:
        await anyio.sleep(3 * RELEASE_SECONDS)
        events.append(f"ended {view.profile_key}")
        return await view.user.get()

    async def main() -> None:
        async with emulated_client(emulator) as client:
            job = Job("slow", journal=tmp_path / "slow.sqlite")
            async with client.fan_out_stream(keys, slow, job=job, concurrency=1) as outcomes:
                async for outcome in outcomes:
                    events.append(f"outcome {outcome.profile_key}")

    anyio.run(main)
    assert events == [event for key in keys for event in (f"ended {key}", f"outcome {key}")]


def test_a_failed_commit_of_held_ends_stops_the_fan_out_and_hands_none_on(
    tmp_path: Path,
) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"f{n}") for n in range(16)]

    class Failing(SQLiteJournal):
        async def _commit_in_thread(self, batch: Encoded) -> None:
            if any(r.state == "done" for r in _records(batch)):
                raise JournalError("the disk is full")
            await super()._commit_in_thread(batch)

    handed_on: list[str] = []

    async def main() -> None:
        async with emulated_client(emulator) as client:
            job = Job("failing", journal=Failing(tmp_path / "failing.sqlite"))
            async with client.fan_out_stream(
                keys, lambda view: view.user.get(), job=job, concurrency=2
            ) as outcomes:
                async for outcome in outcomes:
                    handed_on.append(outcome.profile_key)

    with pytest.raises(JournalError, match="disk is full"):
        anyio.run(main)
    assert handed_on == []


def test_workers_go_on_while_a_flush_runs_and_stop_at_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit that does not end (a stuck disk) stops no call until ``HELD_AT_MOST`` outcomes
    wait for it, then every worker waits; none of those outcomes is handed on before it ends."""
    monkeypatch.setattr(_workers, "RELEASE_KEYS", 8)
    monkeypatch.setattr(_workers, "HELD_AT_MOST", 16)
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(80)]
    gate = anyio.Event()

    class Stuck(SQLiteJournal):
        async def _commit_in_thread(self, batch: Encoded) -> None:
            if any(r.state == "done" for r in _records(batch)):
                await gate.wait()
            await super()._commit_in_thread(batch)

    calls = 0
    handed_on: list[str] = []

    async def call(view: AsyncAyrshare) -> Any:
        nonlocal calls
        calls += 1
        return await view.user.get()

    def progress(done: int, total: int | None, outcome: Outcome[Any]) -> None:
        handed_on.append(outcome.profile_key)

    async def main() -> tuple[int, int, int]:
        journal = Stuck(tmp_path / "stuck.sqlite")
        async with emulated_client(emulator) as client, anyio.create_task_group() as group:
            job = Job("stuck", journal=journal)
            group.start_soon(
                lambda: client.fan_out(keys, call, job=job, concurrency=4, progress=progress)
            )
            seen = -1
            while seen != calls:  # until no call has started for a while
                seen = calls
                await anyio.sleep(0.05)
            stuck_at, before = calls, len(handed_on)
            gate.set()
        await journal.aclose()
        return stuck_at, before, len(handed_on)

    stuck_at, before, after = anyio.run(main)
    # the first release (8, and what the other workers add before the releaser runs), the cap,
    # and one ended call per worker waiting for room
    assert 8 < stuck_at <= (8 + 4) + 16 + 4
    assert before == 0
    assert after == len(keys)


def test_the_last_outcomes_are_handed_on_as_soon_as_the_workers_are_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_workers, "RELEASE_SECONDS", 60.0)
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"l{n}") for n in range(5)]

    async def main() -> int:
        async with emulated_client(emulator) as client:
            with anyio.fail_after(10):
                result = await client.fan_out(
                    keys, lambda view: view.user.get(), job=Job("last", journal=tmp_path / "l")
                )
        return len(result.succeeded)

    assert anyio.run(main) == len(keys)


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_closing_a_journal_stores_what_was_still_queued(
    tmp_path: Path, kind: str, request: pytest.FixtureRequest
) -> None:
    """What a fan-out stopped early (a stream left, a cancellation) had queued is not lost."""

    def journal() -> SQLiteJournal | RedisJournal:
        if kind == "redis":
            return RedisJournal(request.getfixturevalue("redis_url"))
        return SQLiteJournal(tmp_path / "closing.sqlite")

    async def main() -> dict[str, JobRecord]:
        closing = journal()
        closing.queue([_record("a" * 32), _record("b" * 32)])
        await closing.aclose()
        reopened = journal()
        found = await reopened.read("job", ["a" * 32, "b" * 32])
        await reopened.aclose()
        return found

    assert sorted(anyio.run(main)) == ["a" * 32, "b" * 32]
