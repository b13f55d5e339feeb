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

Commits append to a ``log`` table, and the keyed ``records`` table takes the log's rows in bulk,
sorted, in one transaction (a merge): an upsert per key would write a page of the key's index per
row, since digests are random (docs/benchmarks.md, "Durable jobs"). A read merges first when the
log may hold one of its keys: when this journal appended one since its last merge, or when another
connection committed to the file since this one last looked (``PRAGMA data_version``: rows of
another process, running, closed or killed while this journal had the file open). Opening the file
merges what earlier processes left; ``records()`` and ``aclose()`` merge first too. Once the log
holds ``MERGE_SOON`` rows of this journal's, the journal's thread merges them after the commit has
returned, while the calls go on (so that a fan-out's end does not wait for one large merge).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from .._errors import ValidationError
from ._group import Encoded, GroupCommit, GroupCommitted
from ._records import FIELDS, JobRecord, JournalError, Row, dumps
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
_LOG = "CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY, record TEXT NOT NULL)"
"""Records not merged yet, oldest first: each a JSON array of its fields, in ``FIELDS`` order."""
_APPEND = "INSERT INTO log (record) SELECT value FROM json_each(?)"
_COLUMNS = ", ".join(FIELDS)
_MERGE = (
    f"INSERT OR REPLACE INTO records ({_COLUMNS}) SELECT "
    + ", ".join(f"json_extract(record, '$[{n}]')" for n in range(len(FIELDS)))
    + " FROM log ORDER BY json_extract(record, '$[0]'), json_extract(record, '$[1]'), id"
)
"""The log's records into ``records``, in key order (each index page written once) and, for one
key, oldest first (the last one wins)."""
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
BUSY_SECONDS = 30.0
"""How long a statement waits for another process's lock on the file (several may share one)."""
MERGE_SOON = 4_096
"""Log rows of this journal's at which a commit has the journal's thread merge them once the
commit has returned, while the calls go on: the merge at ``aclose()`` is left with little."""
MERGE_AT = 65_536
"""Log rows of this journal's that a commit merges at before it returns (background merges that
failed leave them): bounds the digests kept to spare reads a merge (a few MB) and the log."""


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
        self._unmerged: set[str] = set()
        """Digests of the records this journal appended to the log since its last merge (used
        in the journal's thread only)."""
        self._version: int | None = None
        """``PRAGMA data_version`` when this journal last looked: it changes when another
        connection commits to the file (journal's thread only)."""
        self._thread = SerialThread(f"ayrshare-journal {self.path.name}")
        self._group = GroupCommit(self._commit_in_thread, _encode)

    def __repr__(self) -> str:
        return f"SQLiteJournal({str(self.path)!r})"

    async def read(self, job: str, keys: Sequence[str]) -> dict[str, JobRecord]:
        if not keys:
            return {}
        found = await self._in_thread(self._read, job, list(keys))
        return {record.key: record for record in found}

    async def records(self, job: str) -> AsyncIterator[JobRecord]:
        after = ""
        await self._in_thread(self._merge)
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

    async def _commit_in_thread(self, batch: Encoded) -> None:
        rows = b",".join(text for kept in batch.values() for text in kept.values())
        keys = [key for kept in batch.values() for key in kept]
        if await self._in_thread(self._append, f"[{rows.decode()}]", keys):
            self._thread.submit(self._merge_in_background)

    async def _in_thread(self, function: Callable[..., R], *args: Any) -> R:
        try:
            return await self._thread.run(function, *args)
        except (sqlite3.Error, OSError) as exc:
            raise JournalError(f"the job journal {str(self.path)!r} failed: {exc}") from None

    # -- in the journal's thread ---------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                self.path, timeout=BUSY_SECONDS, check_same_thread=False, isolation_level=None
            )
            try:
                _use_wal(db)
                db.execute(
                    "PRAGMA synchronous=" + ("FULL" if self._durability == "power" else "NORMAL")
                )
                db.execute(_SCHEMA)
                db.execute(_LOG)
                _merge(db)  # what an earlier process left in the log
            except BaseException:
                db.close()
                raise
            self._db = db
            self._unmerged.clear()
            self._version = _data_version(db)  # the merge above took whatever came before
        return self._db

    def _append(self, payload: str, keys: list[str]) -> bool:
        """Append the records to the log; True when it is time for a merge in the background."""
        self._connection().execute(_APPEND, (payload,))
        self._unmerged.update(keys)
        if len(self._unmerged) >= MERGE_AT:
            self._merge()
        return len(self._unmerged) >= MERGE_SOON

    def _merge_in_background(self) -> None:
        """A merge nobody waits for; one that fails leaves the log to the next merge, which a
        read, a commit past ``MERGE_AT`` or ``aclose()`` runs and reports."""
        if self._db is not None and len(self._unmerged) >= MERGE_SOON:
            self._merge()

    def _read(self, job: str, keys: list[str]) -> list[JobRecord]:
        if self._others_wrote() or not self._unmerged.isdisjoint(keys):
            self._merge()
        return self._select(_SELECT, job, json.dumps(keys))

    def _others_wrote(self) -> bool:
        """True when another connection may have appended to the log since this one last looked
        (a process killed with the file open here never merges its rows)."""
        version = _data_version(self._connection())
        seen, self._version = self._version, version
        return version != seen

    def _merge(self) -> None:
        _merge(self._connection())
        self._unmerged.clear()

    def _select(self, query: str, *params: Any) -> list[JobRecord]:
        (found,) = self._connection().execute(query, params).fetchone()
        return [_record(row) for row in json.loads(found)]

    def _close(self) -> None:
        if self._db is not None:
            try:
                self._merge()
            finally:
                self._db.close()
                self._db = None


def _use_wal(db: sqlite3.Connection) -> None:
    """Put the file in WAL mode (it stays so). Processes opening a new file at once can each hold
    the lock the other needs for the switch, and SQLite then answers "locked" at once instead of
    waiting: try again until one of them has switched it."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            (mode,) = db.execute("PRAGMA journal_mode=WAL").fetchone()
            if mode == "wal":
                return
            raise sqlite3.OperationalError(f"the file stays in {mode} journal mode")
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def _data_version(db: sqlite3.Connection) -> int:
    version: int = db.execute("PRAGMA data_version").fetchone()[0]
    return version


def _merge(db: sqlite3.Connection) -> None:
    """Move the log's rows into ``records``, in one transaction (all or none)."""
    if db.execute("SELECT 1 FROM log LIMIT 1").fetchone() is None:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(_MERGE)
        db.execute("DELETE FROM log")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _encode(row: Row) -> bytes:
    """A record as a log row holds it: a JSON array of its fields, in ``FIELDS`` order."""
    return dumps(row)


def _record(row: list[Any]) -> JobRecord:
    return JobRecord(*row)
