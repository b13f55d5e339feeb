"""The bounded pool of workers a fan-out runs on: items read lazily from a source, one step per item,
each outcome handed on as soon as it is known (or, for a job, as soon as its journal has stored
it), progress reported after each."""

from __future__ import annotations

import enum
import importlib
import time
import warnings
from collections import deque
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Sequence,
)
from contextlib import contextmanager
from typing import Any, Generic, Protocol, TypeVar

import anyio

from ._errors import ValidationError
from ._outcomes import Outcome, Skipped

__all__ = ["Holding", "ItemSource", "ProgressCallback", "Workers", "progress_sink"]

I = TypeVar("I")  # noqa: E741
T = TypeVar("T")

ProgressCallback = Callable[[int, int | None, Outcome[Any]], object]
"""Called after each call with (calls done, total keys or None when unknown, that call's outcome)."""


class _End(enum.Enum):
    """The source is exhausted (a sentinel: None may be a bad key that deserves an Outcome)."""

    END = enum.auto()


_END = _End.END

HOLD_KEYS = 16
HOLD_SECONDS = 0.005
"""A worker holds the outcomes of a job's keys until it has this many, or until this long after
the first began, then flushes the journal once for all of them: each key waiting for a commit of
its own cost fast (in-process) fan-outs more than the journal's work (docs/benchmarks.md), while
calls slower than this (any on a network) are flushed one by one. The price: held outcomes wait
for the worker's next call to end, however long it takes."""


class Holding(Protocol):
    """Where a step's outcomes are not yet stored (a job's journal): ``flush(mark())`` stores
    everything given to it before the flush, and raises if a commit failed since the mark."""

    def mark(self) -> int: ...

    async def flush(self, since: int) -> None: ...


class Workers(Generic[I, T]):
    """``workers`` tasks taking items from ``source`` and running ``step`` on each; ``emit(index,
    outcome)`` gets each outcome with the item's position in the source."""

    def __init__(
        self,
        source: ItemSource[I],
        step: Callable[[I], Awaitable[Outcome[T]]],
        emit: Callable[[int, Outcome[T]], Awaitable[None]],
        report: ProgressCallback,
        total: int | None,
        holding: Holding | None = None,
    ) -> None:
        self._source = source
        self._holding = holding
        self._step = step
        self._emit = emit
        self._report = report
        self._total = total
        self._taken = 0
        self._done = 0
        self._fatal: BaseException | None = None

    async def run(self, workers: int) -> None:
        """Run to the end of the source. An error of the source, of ``emit`` or of the progress
        callback stops every worker and is raised as it is (not in an exception group)."""
        try:
            async with anyio.create_task_group() as group:
                for _ in range(workers):
                    group.start_soon(self._work, group.cancel_scope)
        finally:
            await self._source.close()
        if self._fatal is not None:
            raise self._fatal

    async def _work(self, scope: anyio.CancelScope) -> None:
        held: list[tuple[int, Outcome[T]]] = []
        since, began = 0, 0.0
        holding = self._holding
        try:
            while (item := await self._source.next()) is not _END:
                index = self._taken
                self._taken += 1
                if holding is not None and not held:
                    since, began = holding.mark(), time.perf_counter()
                outcome = await self._step(item)
                if holding is None:
                    await self._hand_on(index, outcome)
                    continue
                held.append((index, outcome))
                if len(held) >= HOLD_KEYS or time.perf_counter() - began >= HOLD_SECONDS:
                    await self._release(held, holding, since)
            if held and holding is not None:
                await self._release(held, holding, since)
        except anyio.get_cancelled_exc_class():
            raise
        except BaseException as exc:
            if self._fatal is None:
                self._fatal = exc
            scope.cancel()

    async def _release(
        self, held: list[tuple[int, Outcome[T]]], holding: Holding, since: int
    ) -> None:
        """Hand on the held outcomes once ``holding`` has stored them."""
        await holding.flush(since)
        for index, outcome in held:
            await self._hand_on(index, outcome)
        held.clear()

    async def _hand_on(self, index: int, outcome: Outcome[T]) -> None:
        await self._emit(index, outcome)
        self._done += 1
        self._report(self._done, self._total, outcome)


class ItemSource(Generic[I]):
    """Hands out items one at a time from an iterable or async iterable, then the end marker.
    ``ItemSource.chunked(chunks)`` hands out the items of each list an async iterable yields, so
    workers wait for the source (and take turns at it) once per list, not once per item."""

    def __init__(self, items: Iterable[I] | AsyncIterable[I]) -> None:
        self._sync: Iterator[I] = iter(())
        self._async: AsyncIterator[Any] | None = None
        if isinstance(items, AsyncIterable):
            self._async = aiter(items)
        else:
            self._sync = iter(items)
        self._chunks = False
        self._ready: deque[I] = deque()
        self._lock = anyio.Lock()
        self._exhausted = False

    @classmethod
    def chunked(cls, chunks: AsyncIterable[Sequence[I]]) -> ItemSource[I]:
        source: ItemSource[I] = cls(())
        source._async = aiter(chunks)
        source._chunks = True
        return source

    async def next(self) -> I | _End:
        if self._ready:
            return self._ready.popleft()
        if self._exhausted:
            return _END
        if self._async is None:
            item = next(self._sync, _END)
            self._exhausted = item is _END
            return item
        async with self._lock:
            while not self._ready:  # another worker may have read the next list meanwhile
                if self._exhausted:
                    return _END
                try:
                    got = await anext(self._async)
                except StopAsyncIteration:
                    self._exhausted = True
                    return _END
                if not self._chunks:
                    return got  # type: ignore[no-any-return]
                self._ready.extend(got)
            return self._ready.popleft()

    async def close(self) -> None:
        """Close an async generator left half-read, so a cursor behind it is released now."""
        aclose = getattr(self._async, "aclose", None)
        if aclose is not None and not self._exhausted:
            with anyio.CancelScope(shield=True):
                await aclose()


@contextmanager
def progress_sink(
    progress: bool | ProgressCallback | None, total: int | None
) -> Iterator[ProgressCallback]:
    """``True``: a tqdm bar (extra ``progress``) counting ok, failed and skipped keys; a callable:
    that callable; None or False: nothing."""
    if progress is None or progress is False:
        yield _ignore_progress
    elif progress is True:
        try:
            tqdm = importlib.import_module("tqdm.auto").tqdm
        except ImportError:
            warnings.warn(
                "progress=True needs tqdm: pip install 'ayrshare-async[progress]'",
                stacklevel=5,
            )
            yield _ignore_progress
            return
        bar = tqdm(total=total, unit="profile")
        counts = {"ok": 0, "failed": 0, "skipped": 0}

        def advance(done: int, total: int | None, outcome: Outcome[Any]) -> None:
            kind = "skipped" if isinstance(outcome, Skipped) else "ok" if outcome.ok else "failed"
            counts[kind] += 1
            bar.set_postfix(counts, refresh=False)
            bar.update(1)

        try:
            yield advance
        finally:
            bar.close()
    elif callable(progress):
        yield progress
    else:
        raise ValidationError(f"progress must be True, a callable or None, got {progress!r}")


def _ignore_progress(done: int, total: int | None, outcome: Outcome[Any]) -> None:
    return None
