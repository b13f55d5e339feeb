"""How a job's journal stores records: group commits (shared, in order, each writer back once its
own records are stored), starts that ride with the next commit, the SQLite journal's own thread
(asyncio and trio), its JSON round trip, and keys handed out a chunk at a time."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import attrs
import pytest
from _emulated import emulated_client

from ayrshare_async import AsyncAyrshare, Failure, Skipped, Success, ValidationError
from ayrshare_async.jobs import (
    Job,
    JobRecord,
    JournalError,
    RedisJournal,
    SQLiteJournal,
    _runner,
)
from ayrshare_async.jobs._group import Encoded, GroupCommit
from ayrshare_async.jobs._records import FIELDS, Row, field_values, record_row
from ayrshare_async.jobs._thread import SerialThread
from ayrshare_async.testing import AyrshareEmulator

API_KEY = "test-api-key"


def _record(key: str, state: Any = "done", **fields: Any) -> JobRecord:
    return JobRecord("job", key, "…" + key[-4:], state, **fields)


def _state(row: Row) -> bytes:
    """Records encoded as their state: what these tests of the batching look at."""
    return str(row[FIELDS.index("state")]).encode()


def _run(main: Any) -> None:
    """Run ``main``; a writer left waiting forever fails the test instead of hanging it."""

    async def bounded() -> None:
        with anyio.fail_after(5):
            await main()

    anyio.run(bounded)


class SlowCommits:
    """A commit function that takes ``seconds`` and keeps what each commit stored, in order."""

    def __init__(self, seconds: float = 0.01, fail: int | None = None) -> None:
        self.seconds = seconds
        self.fail = fail
        self.commits: list[list[str]] = []

    async def __call__(self, batch: Encoded) -> None:
        await anyio.sleep(self.seconds)
        if self.fail == len(self.commits):
            self.commits.append([])
            raise OSError("disk full")
        self.commits.append([key for kept in batch.values() for key in kept])

    @property
    def stored(self) -> list[str]:
        return [key for commit in self.commits for key in commit]


def test_writers_share_commits_and_each_returns_once_its_records_are_stored() -> None:
    commits = SlowCommits()
    group = GroupCommit(commits, _state)
    returned: list[tuple[str, list[str]]] = []

    async def writer(key: str) -> None:
        await group.write([_record(key)])
        returned.append((key, commits.stored))

    async def main() -> None:
        async with anyio.create_task_group() as tasks:
            for n in range(20):
                tasks.start_soon(writer, f"k{n:02d}")
                await anyio.sleep(0.001)

    _run(main)
    assert sorted(commits.stored) == [f"k{n:02d}" for n in range(20)]
    assert len(commits.commits) < 10  # shared: writers arriving during a commit join the next
    assert all(key in stored for key, stored in returned)  # never back before its commit


def test_a_leader_returns_after_its_own_commit_while_later_batches_go_on() -> None:
    commits = SlowCommits(seconds=0.02)
    group = GroupCommit(commits, _state)
    commits_seen_by_first: list[int] = []

    async def first() -> None:
        await group.write([_record("first")])
        commits_seen_by_first.append(len(commits.commits))

    async def main() -> None:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(first)
            await anyio.sleep(0.005)
            for n in range(3):  # each arrives while a commit runs: a stream of batches
                tasks.start_soon(group.write, [_record(f"later{n}")])
                await anyio.sleep(0.02)

    _run(main)
    assert commits.commits[0] == ["first"]
    assert commits_seen_by_first == [1]  # it did not go on committing the batches after it
    assert len(commits.stored) == 4


def test_queued_records_go_with_the_next_write_before_its_own_and_not_alone() -> None:
    commits = SlowCommits(seconds=0)
    group = GroupCommit(commits, _state)

    async def main() -> None:
        group.queue([_record("start-a"), _record("start-b")])
        await anyio.sleep(0.01)
        assert commits.commits == []  # nothing commits queued records but a write
        await group.write([_record("end-c")])

    _run(main)
    assert commits.commits == [["start-a", "start-b", "end-c"]]


def test_a_keys_later_record_replaces_its_earlier_one_in_the_open_batch() -> None:
    committed: list[list[tuple[str, str]]] = []

    async def commit(batch: Encoded) -> None:
        committed.append(
            [(key, state.decode()) for kept in batch.values() for key, state in kept.items()]
        )

    group = GroupCommit(commit, _state)

    async def main() -> None:
        group.queue([_record("a", "in_flight"), _record("b", "in_flight")])
        group.queue([_record("a", "done")])
        await group.write([_record("c", "done"), _record("b", "failed")])

    _run(main)
    assert committed == [[("a", "done"), ("b", "failed"), ("c", "done")]]


@pytest.mark.parametrize("journal_kind", ["SQLite", "Redis"])
def test_a_batch_keeps_its_records_as_untracked_bytes_not_the_records(
    tmp_path: Path, journal_kind: str
) -> None:
    """Records waiting for a commit are encoded at once: the record objects are free to go, and
    what waits is bytes the garbage collector does not track (held records made it collect more
    often, docs/benchmarks.md)."""
    journal = SQLiteJournal(tmp_path / "text.sqlite") if journal_kind == "SQLite" else None
    group = journal._group if journal is not None else RedisJournal("redis://127.0.0.1:1")._group
    record = _record("b" * 32, "in_flight", ids={"id": "p1"})
    left = weakref.ref(record)
    group.queue([record])
    del record
    gc.collect()
    assert left() is None
    assert group._open is not None
    (kept,) = group._open.records.values()
    assert list(kept) == ["b" * 32]
    assert all(isinstance(text, bytes) and not gc.is_tracked(text) for text in kept.values())


def test_a_row_is_its_records_fields_in_their_order() -> None:
    """What a job queues without building records reads back as the record it stands for."""
    record = JobRecord("job", "k" * 32, "…kkkk", "done", {"id": "p1"}, runs=3, generation=2)
    row = record_row("job", "k" * 32, "…kkkk", "done", {"id": "p1"}, 3, 2)
    assert row[:-1] == field_values(record)[:-1]
    assert JobRecord(*row) == attrs.evolve(record, updated=row[-1])
    assert abs(row[-1] - record.updated) < 60


def test_a_record_json_cannot_hold_is_a_journal_error_where_it_is_given(tmp_path: Path) -> None:
    journal = SQLiteJournal(tmp_path / "odd.sqlite")
    odd = _record("c" * 32, "done", ids={"postIds": [{"id": object()}]})
    with pytest.raises(JournalError, match="could not be stored as JSON"):
        journal.queue([odd])


def test_a_failed_commit_fails_its_writers_and_the_next_batch_still_commits() -> None:
    commits = SlowCommits(fail=0)
    group = GroupCommit(commits, _state)
    errors: dict[str, BaseException | None] = {}

    async def writer(key: str) -> None:
        try:
            await group.write([_record(key)])
            errors[key] = None
        except OSError as exc:
            errors[key] = exc

    async def main() -> None:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(writer, "lost")
            await anyio.sleep(0.002)
            tasks.start_soon(writer, "next")

    _run(main)
    assert isinstance(errors["lost"], OSError) and errors["next"] is None
    assert commits.stored == ["next"]


def test_a_cancelled_leader_still_commits_for_the_writers_waiting_on_it() -> None:
    commits = SlowCommits(seconds=0.02)
    group = GroupCommit(commits, _state)
    joined: list[str] = []

    async def follower() -> None:
        await group.write([_record("follower")])
        joined.append("back")

    async def main() -> None:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(group.write, [_record("busy")])
            await anyio.sleep(0.005)
            with anyio.move_on_after(0.001):  # leads the next batch, then is cancelled
                async with anyio.create_task_group() as inner:
                    inner.start_soon(group.write, [_record("leader")])
                    await anyio.lowlevel.checkpoint()
                    tasks.start_soon(follower)
                    await anyio.sleep(0.01)

    _run(main)
    assert joined == ["back"]
    assert commits.stored == ["busy", "leader", "follower"]


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_the_serial_thread_runs_calls_in_order_off_the_event_loop(backend: str) -> None:
    thread = SerialThread("test")
    seen: list[tuple[int, int]] = []

    def work(n: int) -> int:
        seen.append((n, threading.get_ident()))
        if n == 3:
            raise ValueError("three")
        return n * 10

    async def main() -> list[int | str]:
        answers: list[int | str] = []

        async def one(n: int) -> None:
            try:
                answers.append(await thread.run(work, n))
            except ValueError as exc:
                answers.append(str(exc))

        async with anyio.create_task_group() as tasks:
            for n in range(6):
                tasks.start_soon(one, n)
                await anyio.lowlevel.checkpoint()
        with anyio.move_on_after(0):  # a caller that stops waiting: its call still runs
            await thread.run(work, 6)
        thread.stop()
        answers.append(await thread.run(work, 7))  # a new thread after stop()
        thread.stop()
        return answers

    answers = anyio.run(main, backend=backend)
    assert sorted(answers, key=str) == sorted([0, 10, 20, "three", 40, 50, 70], key=str)
    assert [n for n, _ in seen] == list(range(8))
    idents = {ident for _, ident in seen}
    assert threading.get_ident() not in idents
    assert len({ident for n, ident in seen if n < 7}) == 1


def test_the_sqlite_journal_gives_back_exactly_what_it_stored(tmp_path: Path) -> None:
    records = [
        _record(f"{n:032x}", "done", ids={"id": f"post{n}", "postIds": [{"platform": "x"}]})
        for n in range(1_200)
    ]
    records[7] = _record(
        records[7].key,
        "failed",
        error_class="PlatformError",
        error_code=136,
        error_status=400,
        error_message='quote " and ünïcode',
        runs=3,
        generation=2,
        updated=1_790_000_000.123_456_7,
    )
    journal = SQLiteJournal(tmp_path / "round-trip.sqlite")

    async def main() -> tuple[dict[str, JobRecord], list[JobRecord], dict[str, JobRecord]]:
        await journal.write(records)
        found = await journal.read("job", [r.key for r in records[:300]] + ["missing"])
        every = [r async for r in journal.records("job")]
        other_job = await journal.read("other", [records[0].key])
        await journal.aclose()
        return found, every, other_job

    found, every, other_job = anyio.run(main, backend="trio")
    assert found == {r.key: r for r in records[:300]}
    assert sorted(every, key=lambda r: r.key) == sorted(records, key=lambda r: r.key)
    assert other_job == {}


def test_a_commit_replaces_a_key_with_its_last_record_of_the_batch(tmp_path: Path) -> None:
    journal = SQLiteJournal(tmp_path / "last.sqlite")

    async def main() -> dict[str, JobRecord]:
        journal.queue([_record("a" * 32, "in_flight")])
        await journal.write([_record("a" * 32, "done", ids={"id": "p1"})])
        return await journal.read("job", ["a" * 32])

    assert anyio.run(main)["a" * 32].state == "done"


def test_a_journal_that_cannot_store_stops_the_fan_out(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile("c")]

    async def main() -> None:
        async with emulated_client(emulator) as client:
            job = Job("j", journal=blocker / "j.sqlite")
            await client.fan_out(keys, lambda v: v.user.get(), job=job)

    with pytest.raises(JournalError, match="not-a-directory"):
        anyio.run(main)


class Inspecting(SQLiteJournal):
    """A SQLite journal whose test can look at what is stored while a call runs."""

    async def stored(self, job: str, key_digest: str) -> JobRecord | None:
        return (await self.read(job, [key_digest])).get(key_digest)


def test_a_retry_on_purpose_stores_its_start_before_it_sends(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(2)]
    emulator.faults.fail_platform("bluesky", profile_key=keys[0])
    journal = Inspecting(tmp_path / "retry.sqlite")
    during_retry: list[JobRecord | None] = []

    async def post(view: AsyncAyrshare) -> Any:
        return await view.post.create(post=f"hello {view.profile_key}", platforms=["bluesky"])

    async def main() -> Any:
        async with emulated_client(emulator) as client:
            await client.fan_out(keys, post, job=Job("r", journal=journal))
            emulator.faults.clear()
            job = Job("r", journal=journal, retry_failed=True)

            async def watched(view: AsyncAyrshare) -> Any:
                during_retry.append(await journal.stored("r", job.digest(view.profile_key or "")))
                return await post(view)

            return await client.fan_out(keys, watched, job=job)

    again = anyio.run(main)
    assert [type(o) for o in again] == [Success, Skipped]
    (start,) = during_retry  # new idempotency keys: stored before the request could go out
    assert start is not None and start.state == "in_flight" and start.generation == 1


class LosingQueued(SQLiteJournal):
    """Loses every queued start and the ends of the first ``forget`` keys (a process killed
    after sending, before its next commit)."""

    def __init__(self, path: Path, forget: int) -> None:
        super().__init__(path)
        self.forget = forget

    def queue(self, records: Sequence[JobRecord]) -> None:
        super().queue([r for r in records if r.state != "in_flight" and self._keeps()])

    def queue_row(self, row: Row) -> None:
        self.queue([JobRecord(*row)])

    async def write(self, records: Sequence[JobRecord]) -> None:
        await super().write([r for r in records if r.state == "in_flight" or self._keeps()])

    def _keeps(self) -> bool:
        self.forget -= 1
        return self.forget < 0


def test_a_start_lost_with_its_end_reruns_as_accepted_earlier_not_a_second_post(
    tmp_path: Path,
) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(6)]

    async def post(view: AsyncAyrshare) -> Any:
        return await view.post.create(post=f"hello {view.profile_key}", platforms=["bluesky"])

    async def main() -> Any:
        async with emulated_client(emulator) as client:
            lossy = LosingQueued(tmp_path / "lost.sqlite", forget=2)
            await client.fan_out(keys, post, job=Job("lost", journal=lossy), concurrency=1)
            await lossy.aclose()
            journal = SQLiteJournal(tmp_path / "lost.sqlite")
            return await client.fan_out(keys, post, job=Job("lost", journal=journal))

    again = anyio.run(main)
    reasons = [o.reason for o in again if isinstance(o, Skipped)]
    assert sorted(reasons) == ["accepted_earlier"] * 2 + ["done"] * 4
    assert [len(emulator.posts(key)) for key in keys] == [1] * 6


def test_keys_come_back_in_input_order_across_chunks_and_shards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_runner, "CHUNK", 3)
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(20)]
    keys.insert(5, " padded ")

    async def main() -> tuple[Any, list[set[str]]]:
        async with emulated_client(emulator) as client:
            whole = await client.fan_out(
                keys, lambda v: v.user.get(), job="ordered", journal=tmp_path / "o.sqlite"
            )
            parts = []
            for shard in range(7):  # some chunks hold none of a shard's keys
                job = Job("sharded", journal=tmp_path / "s.sqlite", shard=shard, shards=7)
                result = await client.fan_out(keys, lambda v: v.user.get(), job=job)
                parts.append({o.profile_key for o in result if o.ok})
            return whole, parts

    whole, parts = anyio.run(main)
    assert [o.profile_key for o in whole] == keys
    bad = whole[5]
    assert isinstance(bad, Failure) and isinstance(bad.error, ValidationError)
    assert set().union(*parts) == set(keys) - {" padded "}
    assert sum(len(part) for part in parts) == 20
