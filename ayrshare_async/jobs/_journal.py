"""``Journal``: where a job keeps its records, and how a spec becomes one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from .._errors import ValidationError
from .._workers import Holding
from ._records import JobRecord, Row

__all__ = ["Journal", "Queueing", "journal_from"]


@runtime_checkable
class Journal(Protocol):
    """A job's records, one per key. ``write`` returns once the records are durable: a key
    counts as done only after that, so a crash at any point loses no outcome."""

    async def read(self, job: str, keys: Sequence[str]) -> dict[str, JobRecord]:
        """The records of these key digests that exist."""
        ...

    async def write(self, records: Sequence[JobRecord]) -> None:
        """Store (replace) these records durably."""
        ...

    def records(self, job: str) -> AsyncIterator[JobRecord]:
        """Every record of the job, in no particular order."""
        ...

    async def aclose(self) -> None: ...


@runtime_checkable
class Queueing(Holding, Protocol):
    """A journal that can take records without waiting (both built-in ones): ``queue`` stores
    them with its next commit (or its ``aclose``), and a crash before then loses them;
    ``flush(mark())`` returns once everything queued before it is stored, and raises if a commit
    failed since the mark. A job queues every record whose loss a rerun repairs, and hands a
    key's outcome on only after a flush has stored its end (see ``_runner``)."""

    def queue(self, records: Sequence[JobRecord]) -> None: ...

    def queue_row(self, row: Row) -> None:
        """``queue()`` for one record given as its ``Row`` (``record_row``)."""
        ...


def journal_from(spec: Journal | str | Path | None) -> Journal:
    """``None`` -> SQLite at ``ayrshare-jobs.sqlite`` in the working directory; a path -> SQLite
    there; a ``redis://`` or ``rediss://`` URL -> Redis; a journal as it is."""
    from ._sqlite import SQLiteJournal

    if spec is None:
        return SQLiteJournal("ayrshare-jobs.sqlite")
    if isinstance(spec, str) and spec.startswith(("redis://", "rediss://")):
        from ._redis import RedisJournal

        return RedisJournal(spec)
    if isinstance(spec, (str, Path)):
        return SQLiteJournal(spec)
    if isinstance(spec, Journal):
        return spec
    raise ValidationError(
        f"journal must be a path, a redis:// URL or a Journal, got {type(spec).__name__}"
    )
