"""The SQLite journal's log: commits append to it, and its rows reach the keyed table in merges
that every read, export and close sees the outcome of, whichever journal or process wrote them
(two processes at once on one file included)."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import anyio
import pytest

from ayrshare_async.jobs import JobRecord, SQLiteJournal, _sqlite
from ayrshare_async.testing import AyrshareEmulator, serve_in_thread


def _record(key: str, state: Any = "done", **fields: Any) -> JobRecord:
    return JobRecord("job", key, "…" + key[-4:], state, **fields)


def _rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        (count,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)


A, B, C = "a" * 32, "b" * 32, "c" * 32


def test_a_journal_reads_what_it_appended_and_not_yet_merged(tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite"
    journal = SQLiteJournal(path)

    async def main() -> tuple[int, dict[str, JobRecord]]:
        await journal.write([_record(A, "in_flight"), _record(B, "done", ids={"id": "p"})])
        unmerged = _rows(path, "log")
        found = await journal.read("job", [A, C])
        await journal.aclose()
        return unmerged, found

    unmerged, found = anyio.run(main)
    assert unmerged == 2  # the commit appended to the log
    assert list(found) == [A] and found[A].state == "in_flight"


def test_a_journal_opened_later_reads_what_another_left_in_the_log(tmp_path: Path) -> None:
    """What a process killed before its close left (the first journal is never closed here)."""
    path = tmp_path / "shared.sqlite"
    first, second = SQLiteJournal(path), SQLiteJournal(path)

    async def main() -> dict[str, JobRecord]:
        await first.write([_record(A, "done", ids={"id": "p1"}), _record(B, "failed")])
        assert _rows(path, "log") == 2
        found = await second.read("job", [A, B])
        await second.aclose()
        await first.aclose()
        return found

    found = anyio.run(main)
    assert {key: record.state for key, record in found.items()} == {A: "done", B: "failed"}
    assert found[A].ids == {"id": "p1"}


KILLED_WRITER = """
import asyncio, os, signal, sys
from ayrshare_async.jobs import JobRecord, SQLiteJournal

async def main():
    journal = SQLiteJournal(sys.argv[1])
    await journal.write([JobRecord("job", sys.argv[2], "…" + sys.argv[2][-4:], "done", ids={"id": "p1"})])
    os.kill(os.getpid(), signal.SIGKILL)  # committed, never merged nor closed

asyncio.run(main())
"""


def test_an_open_journal_reads_what_a_process_killed_since_had_committed(tmp_path: Path) -> None:
    """A worker that keeps its journal open across tasks must see the outcome of a key another
    worker posted before it was killed, or it would post that key again."""
    path = tmp_path / "shared.sqlite"
    journal = SQLiteJournal(path)

    async def main() -> tuple[dict[str, JobRecord], dict[str, JobRecord]]:
        before = await journal.read("job", [A])  # the file is open here from now on
        killed = await anyio.run_process(
            [sys.executable, "-c", KILLED_WRITER, str(path), A], check=False
        )
        assert killed.returncode == -9 and _rows(path, "log") == 1
        after = await journal.read("job", [A, B])
        await journal.aclose()
        return before, after

    before, after = anyio.run(main)
    assert before == {}
    assert list(after) == [A] and after[A].state == "done" and after[A].ids == {"id": "p1"}


def test_the_last_record_of_a_key_wins_within_a_merge_and_across_merges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_sqlite, "MERGE_AT", 3)
    path = tmp_path / "order.sqlite"
    journal = SQLiteJournal(path)

    async def main() -> tuple[int, int, dict[str, JobRecord]]:
        await journal.write([_record(A, "in_flight")])
        await journal.write([_record(A, "failed"), _record(B, "in_flight")])
        await journal.write([_record(A, "done", runs=2)])  # the log holds A three times
        await journal.write([_record(C, "done")])  # the third key: a merge
        merged = _rows(path, "log"), _rows(path, "records")
        await journal.write([_record(B, "done")])
        found = await journal.read("job", [A, B, C])
        await journal.aclose()
        return *merged, found

    log_rows, table_rows, found = anyio.run(main)
    assert (log_rows, table_rows) == (0, 3)
    assert {key: record.state for key, record in found.items()} == {
        A: "done",
        B: "done",
        C: "done",
    }
    assert found[A].runs == 2


D = "d" * 32


def test_a_commit_past_merge_soon_returns_before_its_thread_merges_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge runs in the journal's thread after the commit has come back: a commit that
    waited for it would never return here, since the merge waits for the test's gate."""
    monkeypatch.setattr(_sqlite, "MERGE_SOON", 4)
    gate = threading.Event()
    merge = _sqlite._merge

    def gated(db: sqlite3.Connection) -> None:
        if db.execute("SELECT count(*) FROM log").fetchone()[0] >= 4:
            assert gate.wait(5)
        merge(db)

    monkeypatch.setattr(_sqlite, "_merge", gated)
    path = tmp_path / "soon.sqlite"
    journal = SQLiteJournal(path)

    async def main() -> tuple[int, tuple[int, int], dict[str, JobRecord]]:
        with anyio.fail_after(5):
            await journal.write([_record(A), _record(B)])
            await journal.write([_record(C), _record(D, "failed")])  # 4 rows: a merge is due
        returned_with = _rows(path, "log")
        gate.set()
        await journal._in_thread(lambda: None)  # runs after the merge (one thread, in order)
        merged = _rows(path, "log"), _rows(path, "records")
        found = await journal.read("job", [A, D])
        await journal.aclose()
        return returned_with, merged, found

    returned_with, merged, found = anyio.run(main)
    assert returned_with == 4
    assert merged == (0, 4)
    assert {key: record.state for key, record in found.items()} == {A: "done", D: "failed"}


def test_a_background_merge_that_fails_leaves_its_rows_to_the_next_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_sqlite, "MERGE_SOON", 2)
    merge = _sqlite._merge
    failures: list[str] = []

    def failing_once(db: sqlite3.Connection) -> None:
        if not failures and db.execute("SELECT count(*) FROM log").fetchone()[0] >= 2:
            failures.append("disk I/O error")
            raise sqlite3.OperationalError("disk I/O error")
        merge(db)

    monkeypatch.setattr(_sqlite, "_merge", failing_once)
    path = tmp_path / "retried.sqlite"
    journal = SQLiteJournal(path)

    async def main() -> tuple[int, dict[str, JobRecord], int]:
        await journal.write([_record(A), _record(B, "failed")])  # returns: nobody waits for it
        await journal._in_thread(lambda: None)
        left = _rows(path, "log")
        found = await journal.read("job", [A, B])  # the read merges the rows first
        await journal.aclose()
        return left, found, _rows(path, "records")

    left, found, stored = anyio.run(main)
    assert failures == ["disk I/O error"]
    assert left == 2
    assert {key: record.state for key, record in found.items()} == {A: "done", B: "failed"}
    assert stored == 2


def test_closing_merges_the_log_and_an_unused_journal_makes_no_file(tmp_path: Path) -> None:
    path = tmp_path / "closed.sqlite"
    journal = SQLiteJournal(path)
    unused = tmp_path / "unused.sqlite"

    async def main() -> tuple[tuple[int, int], list[JobRecord]]:
        await journal.write([_record(f"{n:032x}") for n in range(50)])
        await journal.aclose()
        closed = _rows(path, "log"), _rows(path, "records")
        await SQLiteJournal(unused).aclose()
        reopened = SQLiteJournal(path)
        every = [record async for record in reopened.records("job")]
        await reopened.aclose()
        return closed, every

    closed, every = anyio.run(main)
    assert closed == (0, 50)
    assert len(every) == 50
    assert not unused.exists()


def test_an_export_sees_records_still_in_the_log(tmp_path: Path) -> None:
    path = tmp_path / "export.sqlite"
    journal = SQLiteJournal(path)

    async def main() -> list[str]:
        await journal.write([_record(A, "in_flight")])
        await journal.write([_record(A, "done"), _record(B, "done")])
        states = [record.state async for record in journal.records("job")]
        await journal.aclose()
        return states

    assert anyio.run(main) == ["done", "done"]


SHARD = """
import json, sys
import anyio
from ayrshare_async import AsyncAyrshare, Skipped, Success
from ayrshare_async.jobs import Job

async def main():
    spec = json.loads(sys.argv[1])
    async with AsyncAyrshare(spec["api_key"], base_url=spec["base_url"]) as client:
        job = Job("shared", journal=spec["journal"], shard=spec["shard"], shards=2)
        result = await client.fan_out(spec["keys"], lambda view: view.user.get(), job=job)
    kinds = {"ok": 0, "skipped": 0, "failed": 0}
    for outcome in result:
        kind = "skipped" if isinstance(outcome, Skipped) else "ok" if outcome.ok else "failed"
        kinds[kind] += 1
    print(json.dumps(kinds))

anyio.run(main)
"""


def test_two_processes_writing_one_file_at_once_store_every_key_once(tmp_path: Path) -> None:
    """Two shards at once on one file, twice: the first pass stores every key once, whatever each
    process's merges met of the other's appends; the second pass skips them all."""
    emulator = AyrshareEmulator()
    keys = [emulator.create_profile(f"shared {n}") for n in range(400)]
    path = tmp_path / "shared.sqlite"
    passes = []
    with serve_in_thread(emulator) as base_url:
        for _ in range(2):
            children = [
                subprocess.Popen(
                    [sys.executable, "-c", SHARD, json.dumps(spec)],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for spec in (
                    {
                        "api_key": emulator.api_key,
                        "base_url": base_url,
                        "keys": keys,
                        "journal": str(path),
                        "shard": shard,
                    }
                    for shard in (0, 1)
                )
            ]
            outs = [child.communicate(timeout=120)[0] for child in children]
            assert [child.returncode for child in children] == [0, 0]
            passes.append([json.loads(out.strip().splitlines()[-1]) for out in outs])
    first, second = passes
    assert sum(kinds["ok"] for kinds in first) == len(keys)
    assert all(kinds["ok"] > 0 and kinds["failed"] == 0 for kinds in first)
    assert sum(kinds["skipped"] for kinds in second) == len(keys)
    assert all(kinds["ok"] == 0 and kinds["failed"] == 0 for kinds in second)
    assert (_rows(path, "log"), _rows(path, "records")) == (0, len(keys))


def _open_at_once(path: str, barrier: Any, results: Any) -> None:
    journal = SQLiteJournal(path)
    barrier.wait()
    try:
        journal._connection()
        results.put("opened")
    except sqlite3.Error as exc:
        results.put(f"{type(exc).__name__}: {exc}")


def test_processes_opening_a_new_file_at_once_all_open_it(tmp_path: Path) -> None:
    """Switching a new file to WAL mode at once, each can hold the lock the other needs."""
    fork = multiprocessing.get_context("fork")
    opened = []
    for attempt in range(10):
        barrier, results = fork.Barrier(3), fork.Queue()
        path = str(tmp_path / f"new-{attempt}.sqlite")
        processes = [
            fork.Process(target=_open_at_once, args=(path, barrier, results)) for _ in range(3)
        ]
        for process in processes:
            process.start()
        opened += [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join()
    assert opened == ["opened"] * 30
