"""``SQLiteJournal``: a job's records in a SQLite file (the default; no server).

The standard library's ``sqlite3`` runs in a worker thread, never on the event loop. Writes are
group-committed (``_group``), so a fan-out at concurrency 100 pays one thread hop and one commit
per batch, not per key; ``write()`` returns only once its records are committed. WAL mode with ``synchronous=NORMAL`` (``durability="process"``,
the default) survives the process being killed at any point; ``durability="power"`` syncs every
commit to disk (``synchronous=FULL``), which also survives losing power, at the cost of an fsync.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import anyio
import anyio.to_thread

from .._errors import ValidationError
from ._group import GroupCommit
from ._records import JobRecord, JournalError

__all__ = ["SQLiteJournal"]

R = TypeVar("R")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    job TEXT NOT NULL,
    key TEXT NOT NULL,
    hint TEXT NOT NULL,
    state TEXT NOT NULL,
    ids TEXT NOT NULL,
    error_class TEXT,
    error_code INTEGER,
    error_status INTEGER,
    error_message TEXT,
    runs INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (job, key)
) WITHOUT ROWID
"""
_COLUMNS = (
    "job",
    "key",
    "hint",
    "state",
    "ids",
    "error_class",
    "error_code",
    "error_status",
    "error_message",
    "runs",
    "generation",
    "updated",
)
_UPSERT = f"INSERT OR REPLACE INTO records ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_READ_CHUNK = 500
"""Keys per ``SELECT ... IN (...)`` (SQLite's default limit on parameters is 999 or 32766)."""


class SQLiteJournal:
    """Records in the SQLite database at ``path`` (created when missing)."""

    def __init__(
        self, path: str | Path, *, durability: Literal["process", "power"] = "process"
    ) -> None:
        if durability not in ("process", "power"):
            raise ValidationError(f"durability must be 'process' or 'power', got {durability!r}")
        self.path = Path(path)
        self._durability = durability
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._group = GroupCommit(self._commit_in_thread)

    def __repr__(self) -> str:
        return f"SQLiteJournal({str(self.path)!r})"

    async def read(self, job: str, keys: Sequence[str]) -> dict[str, JobRecord]:
        if not keys:
            return {}
        return await self._in_thread(self._select, job, list(keys))

    async def write(self, records: Sequence[JobRecord]) -> None:
        await self._group.write(records)

    async def _commit_in_thread(self, records: list[JobRecord]) -> None:
        await self._in_thread(self._commit, records)

    async def _in_thread(self, function: Callable[..., R], *args: Any) -> R:
        try:
            return await anyio.to_thread.run_sync(function, *args)
        except sqlite3.Error as exc:
            raise JournalError(f"the job journal {str(self.path)!r} failed: {exc}") from None

    async def records(self, job: str) -> AsyncIterator[JobRecord]:
        after = ""
        while True:
            rows = await self._in_thread(self._page, job, after)
            for record in rows:
                yield record
            if len(rows) < _READ_CHUNK:
                return
            after = rows[-1].key

    async def aclose(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- in the worker thread ------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "PRAGMA synchronous=" + ("FULL" if self._durability == "power" else "NORMAL")
            )
            db.execute("PRAGMA busy_timeout=30000")  # several processes may share one file
            db.execute(_SCHEMA)
            self._db = db
        return self._db

    def _commit(self, records: list[JobRecord]) -> None:
        rows = [_row(record) for record in records]
        with self._lock:
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(_UPSERT, rows)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _select(self, job: str, keys: list[str]) -> dict[str, JobRecord]:
        found: dict[str, JobRecord] = {}
        with self._lock:
            db = self._connection()
            for start in range(0, len(keys), _READ_CHUNK):
                chunk = keys[start : start + _READ_CHUNK]
                marks = ", ".join("?" * len(chunk))
                cursor = db.execute(
                    f"SELECT {', '.join(_COLUMNS)} FROM records WHERE job = ? AND key IN ({marks})",
                    (job, *chunk),
                )
                for row in cursor:
                    record = _record(row)
                    found[record.key] = record
        return found

    def _page(self, job: str, after: str) -> list[JobRecord]:
        with self._lock:
            cursor = self._connection().execute(
                f"SELECT {', '.join(_COLUMNS)} FROM records WHERE job = ? AND key > ? "
                "ORDER BY key LIMIT ?",
                (job, after, _READ_CHUNK),
            )
            return [_record(row) for row in cursor]


def _row(record: JobRecord) -> tuple[Any, ...]:
    data = record.to_dict()
    data["ids"] = json.dumps(data["ids"], separators=(",", ":"))
    return tuple(data[name] for name in _COLUMNS)


def _record(row: tuple[Any, ...]) -> JobRecord:
    data = dict(zip(_COLUMNS, row, strict=True))
    data["ids"] = json.loads(data["ids"])
    return JobRecord.from_dict(data)
