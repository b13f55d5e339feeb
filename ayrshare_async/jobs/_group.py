"""Group commit: records written while a commit runs wait for the next one, so concurrent writers
share commits (one per batch, not one per key) and each ``write()`` returns once its own records
are stored. Batches are committed one at a time and in order, so a record never lands before one
given earlier. Within a batch a key's last record replaces its earlier ones as it arrives, so a
fast call's start is gone as soon as its end is queued (both journals keep only the last).

A batch keeps each record already encoded, as the bytes its journal stores: the garbage collector
does not track them, while records held until the next commit (a few hundred keys' worth) made
its young collections come more often and, through them, its full ones (docs/benchmarks.md)."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence

import anyio

from ._records import JobRecord, Row, field_values

__all__ = ["Encoded", "GroupCommit", "GroupCommitted"]

Encoded = Mapping[str, Mapping[str, bytes]]
"""A batch as its commit gets it: per job, per key digest, the key's last record, encoded."""


class _Batch:
    __slots__ = ("done", "error", "led", "records", "turn")

    def __init__(self) -> None:
        self.records: dict[str, dict[str, bytes]] = {}
        """The batch's last record per job and key digest, encoded."""
        self.led = False
        """Whether a ``write()`` or ``flush()`` leads it (queued records alone wait for one)."""
        self.turn = anyio.Event()
        """Set when the commit before this batch's has ended: its leader commits it then."""
        self.done = anyio.Event()
        self.error: BaseException | None = None


class GroupCommit:
    """Runs ``commit(records)`` for everything ``write()`` and ``queue()`` are given, batching what
    arrives while a commit is running. The writer that opens a batch leads it: it commits the
    batch once the commit before has ended (shielded from cancellation: the others wait on it),
    then returns like any other writer of the batch."""

    __slots__ = ("_commit", "_committing", "_encode", "_error", "_failures", "_open")

    def __init__(
        self, commit: Callable[[Encoded], Awaitable[None]], encode: Callable[[Row], bytes]
    ) -> None:
        self._commit = commit
        self._encode = encode
        self._open: _Batch | None = None
        """The batch taking records (not yet committing)."""
        self._committing: _Batch | None = None
        self._failures = 0
        """Commits that failed so far; ``_error`` is the last one's error."""
        self._error: BaseException | None = None

    def queue(self, records: Sequence[JobRecord]) -> None:
        """Store these with the next batch a ``write()`` or ``flush()`` commits, before that
        call's records; no waiting. A crash before then loses them."""
        if records:
            self._add(self._take(), map(field_values, records))

    def queue_row(self, row: Row) -> None:
        """``queue()`` for one record given as its ``Row`` (``record_row``)."""
        self._put(self._take(), row)

    def mark(self) -> int:
        """A mark to hand to ``flush()``: it raises if a commit fails after this point."""
        return self._failures

    async def flush(self, since: int) -> None:
        """Return once every record queued or written before this call is stored; raise the
        error of any commit that failed after ``mark()`` returned ``since`` (it may have held
        queued records)."""
        if self._open is not None:
            await self._settle(self._open)
        elif self._committing is not None:
            await self._committing.done.wait()
        if self._failures != since and self._error is not None:
            raise self._error

    async def settle_queued(self) -> None:
        """Store what is still queued, if it can be stored: for a journal being closed, after a
        fan-out that stopped early (a failure here was already raised to that fan-out, or loses
        records a rerun repairs)."""
        with contextlib.suppress(Exception):
            await self.flush(self.mark())

    async def write(self, records: Sequence[JobRecord]) -> None:
        if not records:
            return
        batch = self._take()
        self._add(batch, map(field_values, records))
        await self._settle(batch)
        if batch.error is not None:
            raise batch.error

    async def _settle(self, batch: _Batch) -> None:
        """Lead ``batch`` when nobody does yet, else wait for it to be committed."""
        if not batch.led:
            batch.led = True
            with anyio.CancelScope(shield=True):
                await self._lead(batch)
        else:
            await batch.done.wait()

    def _take(self) -> _Batch:
        if self._open is None:
            self._open = _Batch()
            if self._committing is None:
                self._open.turn.set()
        return self._open

    async def _lead(self, batch: _Batch) -> None:
        await batch.turn.wait()
        self._open = None
        self._committing = batch
        try:
            await self._commit(batch.records)
        except Exception as exc:
            batch.error = self._error = exc
            self._failures += 1
        finally:
            self._committing = None
            batch.done.set()
            if self._open is not None:
                self._open.turn.set()

    def _add(self, batch: _Batch, rows: Iterable[Row]) -> None:
        for row in rows:
            self._put(batch, row)

    def _put(self, batch: _Batch, row: Row) -> None:
        job, key = row[0], row[1]
        kept = batch.records.get(job)
        if kept is None:
            kept = batch.records[job] = {}
        kept[key] = self._encode(row)


class GroupCommitted:
    """A journal whose records go through its ``GroupCommit`` (``_group``): its ``write``,
    ``queue``, ``mark`` and ``flush`` are the group's."""

    _group: GroupCommit

    async def write(self, records: Sequence[JobRecord]) -> None:
        await self._group.write(records)

    def queue(self, records: Sequence[JobRecord]) -> None:
        self._group.queue(records)

    def queue_row(self, row: Row) -> None:
        self._group.queue_row(row)

    def mark(self) -> int:
        return self._group.mark()

    async def flush(self, since: int) -> None:
        await self._group.flush(since)
