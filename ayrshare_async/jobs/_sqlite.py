"""``SQLiteJournal``: a job's records in a SQLite file (the default; no server).

The standard library's ``sqlite3`` runs in a thread of the journal's own (``_thread``), never on
the event loop. Writes are group-committed (``_group``): one statement per batch, which SQLite runs
as one transaction, so a fan-out at concurrency 100 pays one thread hop and one commit per batch,
not per key; ``write()`` returns only once its records are committed. Records go in and come out
as one JSON array per statement (SQLite's built-in JSON functions, there since 3.38 and in the
SQLite of common Python builds before), so the thread takes the GIL back once per statement, not
once per row. WAL mode with ``synchronous=NORMAL`` (``durability="process"``, the default)
survives the process being killed at any point; ``durability="power"`` syncs every commit to disk
(``synchronous=FULL``), which also survives losing power, at the cost of an fsync.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from .._errors import ValidationError
from ._group import GroupCommit, GroupCommitted
from ._records import FIELDS, JobRecord, JournalError, dumps, field_values
from ._thread import SerialThread

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
_COLUMNS = ", ".join(FIELDS)
_UPSERT = (
    f"INSERT OR REPLACE INTO records ({_COLUMNS}) SELECT "
    + ", ".join(f"json_extract(value, '$[{n}]')" for n in range(len(FIELDS)))
    + " FROM json_each(?)"
)
_AS_JSON = ", ".join(
    "json(ids)"
    if name == "ids"
    else "json(printf('%!.17g', updated))"  # json_array() would keep 15 digits of a REAL
    if name == "updated"
    else name
    for name in FIELDS
)
_SELECT = (
    f"SELECT json_group_array(json_array({_AS_JSON})) FROM records "
    "WHERE job = ? AND key IN (SELECT value FROM json_each(?))"
)
_PAGE = (
    f"SELECT json_group_array(json_array({_AS_JSON})) FROM "
    "(SELECT * FROM records WHERE job = ? AND key > ? ORDER BY key LIMIT ?)"
)
_PAGE_SIZE = 500


class SQLiteJournal(GroupCommitted):
    """Records in the SQLite database at ``path`` (created when missing)."""

    def __init__(
        self, path: str | Path, *, durability: Literal["process", "power"] = "process"
    ) -> None:
        if durability not in ("process", "power"):
            raise ValidationError(f"durability must be 'process' or 'power', got {durability!r}")
        self.path = Path(path)
        self._durability = durability
        self._db: sqlite3.Connection | None = None
        self._thread = SerialThread(f"ayrshare-journal {self.path.name}")
        self._group = GroupCommit(self._commit_in_thread)

    def __repr__(self) -> str:
        return f"SQLiteJournal({str(self.path)!r})"

    async def read(self, job: str, keys: Sequence[str]) -> dict[str, JobRecord]:
        if not keys:
            return {}
        found = await self._in_thread(self._select, _SELECT, job, json.dumps(list(keys)))
        return {record.key: record for record in found}

    async def records(self, job: str) -> AsyncIterator[JobRecord]:
        after = ""
        while True:
            page = await self._in_thread(self._select, _PAGE, job, after, _PAGE_SIZE)
            for record in page:
                yield record
            if len(page) < _PAGE_SIZE:
                return
            after = max(record.key for record in page)

    async def aclose(self) -> None:
        await self._group.settle_queued()
        await self._in_thread(self._close)
        self._thread.stop()

    async def _commit_in_thread(self, records: list[JobRecord]) -> None:
        latest = {(record.job, record.key): record for record in records}  # the last one wins
        payload = dumps([field_values(record) for record in latest.values()])
        await self._in_thread(self._execute, payload)

    async def _in_thread(self, function: Callable[..., R], *args: Any) -> R:
        try:
            return await self._thread.run(function, *args)
        except (sqlite3.Error, OSError) as exc:
            raise JournalError(f"the job journal {str(self.path)!r} failed: {exc}") from None

    # -- in the journal's thread ---------------------------------------------------------------

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

    def _execute(self, payload: str) -> None:
        self._connection().execute(_UPSERT, (payload,))

    def _select(self, query: str, *params: Any) -> list[JobRecord]:
        (found,) = self._connection().execute(query, params).fetchone()
        return [_record(row) for row in json.loads(found)]

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _record(row: list[Any]) -> JobRecord:
    return JobRecord(*row)
