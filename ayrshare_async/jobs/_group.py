"""Group commit: records written while a commit runs wait for the next one, so concurrent writers
share commits (one per batch, not one per key) and each ``write()`` returns once its own records
are stored."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import anyio

from ._records import JobRecord

__all__ = ["GroupCommit"]


class _Batch:
    __slots__ = ("done", "error", "records")

    def __init__(self) -> None:
        self.records: list[JobRecord] = []
        self.done = anyio.Event()
        self.error: BaseException | None = None


class GroupCommit:
    """Runs ``commit(records)`` for everything ``write()`` is given, batching what arrives while a
    commit is running. The writer that finds no commit running runs them, shielded from
    cancellation: the other writers wait on it."""

    __slots__ = ("_batch", "_commit", "_flushing")

    def __init__(self, commit: Callable[[list[JobRecord]], Awaitable[None]]) -> None:
        self._commit = commit
        self._batch: _Batch | None = None
        self._flushing = False

    async def write(self, records: Sequence[JobRecord]) -> None:
        if not records:
            return
        if self._batch is None:
            self._batch = _Batch()
        batch = self._batch
        batch.records.extend(records)
        if not self._flushing:
            self._flushing = True
            try:
                with anyio.CancelScope(shield=True):
                    while self._batch is not None:
                        taking, self._batch = self._batch, None
                        try:
                            await self._commit(taking.records)
                        except Exception as exc:
                            taking.error = exc
                        taking.done.set()
            finally:
                self._flushing = False
        await batch.done.wait()
        if batch.error is not None:
            raise batch.error
