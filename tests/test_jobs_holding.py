"""A job's outcomes are handed on only once the journal has stored their ends, a few keys per
flush when calls are fast, one by one when they are slow; a flush reports a commit that failed;
closing a journal stores what is still queued."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from _emulated import emulated_client

from ayrshare_async import AsyncAyrshare, Outcome
from ayrshare_async._workers import HOLD_KEYS, HOLD_SECONDS
from ayrshare_async.jobs import Job, JobRecord, JournalError, RedisJournal, SQLiteJournal
from ayrshare_async.jobs._group import GroupCommit
from ayrshare_async.testing import AyrshareEmulator

API_KEY = "test-api-key"


def _record(key: str) -> JobRecord:
    return JobRecord("job", key, "…" + key[-4:], "done")


class Commits:
    """A commit function keeping what each commit stored; the commit numbered ``fail`` fails."""

    def __init__(self, fail: int | None = None) -> None:
        self.fail = fail
        self.commits: list[list[str]] = []

    async def __call__(self, records: list[JobRecord]) -> None:
        await anyio.sleep(0.001)
        if self.fail == len(self.commits):
            self.commits.append([])
            raise OSError("disk full")
        self.commits.append([record.key for record in records])


def test_a_flush_stores_what_was_queued_and_nothing_when_nothing_was() -> None:
    commits = Commits()
    group = GroupCommit(commits)

    async def main() -> None:
        await group.flush(group.mark())
        assert commits.commits == []
        group.queue([_record("a"), _record("b")])
        await group.flush(group.mark())
        assert commits.commits == [["a", "b"]]

    anyio.run(main)


def test_a_flush_raises_when_a_commit_failed_since_its_mark() -> None:
    commits = Commits(fail=0)
    group = GroupCommit(commits)

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

    async def _commit_in_thread(self, records: list[JobRecord]) -> None:
        await super()._commit_in_thread(records)
        self.commits += 1
        self.stored.update(r.key for r in records if r.state != "in_flight")


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_fast_calls_share_flushes_and_no_outcome_comes_before_its_end_is_stored(
    tmp_path: Path, backend: str
) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"p{n}") for n in range(5 * HOLD_KEYS)]
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
    assert journal.commits < len(keys) // 2  # one worker: a flush per few keys, not per key


def test_an_outcome_after_a_slow_call_comes_before_the_next_call_ends(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"s{n}") for n in range(4)]
    events: list[str] = []

    async def slow(view: AsyncAyrshare) -> Any:
        await anyio.sleep(2 * HOLD_SECONDS)
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
    keys = [emulator.create_profile(f"f{n}") for n in range(HOLD_KEYS)]

    class Failing(SQLiteJournal):
        async def _commit_in_thread(self, records: list[JobRecord]) -> None:
            if any(r.state == "done" for r in records):
                raise JournalError("the disk is full")
            await super()._commit_in_thread(records)

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
