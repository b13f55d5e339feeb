"""The bounded pool of workers a fan-out runs on: items read lazily from a source, one step per item,
each outcome handed on as soon as it is known (or, for a job, as soon as its journal has stored
it), progress reported after each."""

from __future__ import annotations

import enum
import importlib
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

RELEASE_KEYS = 512
RELEASE_SECONDS = 0.05
"""A job's outcomes wait for the journal to store their ends, and the workers go on with their
next keys meanwhile: one releaser flushes the journal for all the outcomes waiting and hands them
on, once ``RELEASE_KEYS`` wait or ``RELEASE_SECONDS`` after the first began to, and at once when
the workers are done. A commit costs a fast fan-out about the same whatever it holds (a thread's
hand-off), so few large ones cost it less than many small ones (docs/benchmarks.md); the price is
an outcome up to that much later."""
HELD_AT_MOST = 2 * RELEASE_KEYS
"""Outcomes waiting at which a worker waits for the releaser before it adds its own: memory
stays bounded when the journal, or whoever takes the outcomes, is slower than the calls."""


class Holding(Protocol):
    """Where a step's outcomes are not yet stored (a job's journal): ``flush(mark())`` stores
    everything given to it before the flush, and raises if a commit failed since the mark."""

    def mark(self) -> int: ...

    async def flush(self, since: int) -> None: ...


class Workers(Generic[I, T]):
    """``workers`` tasks taking items from ``source`` and running ``step`` on each; ``emit(index,
    outcome)`` gets each outcome with the item's position in the source (with ``holding``, once
    it has stored what the step gave it)."""

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
        self._working = 0
        self._fatal: BaseException | None = None
        self._held: list[tuple[int, Outcome[T]]] = []
        """Outcomes waiting for the releaser's next flush."""
        self._waiting = anyio.Event()
        """Set once an outcome waits (or no worker is left): the releaser's wait begins."""
        self._due = anyio.Event()
        """Set once ``RELEASE_KEYS`` outcomes wait (or no worker is left): its wait ends."""
        self._room = anyio.Event()
        """Set when the releaser takes the waiting outcomes (for workers held at the cap)."""

    async def run(self, workers: int) -> None:
        """Run to the end of the source. An error of the source, of ``emit`` or of the progress
        callback stops every worker and is raised as it is (not in an exception group)."""
        try:
            async with anyio.create_task_group() as group:
                self._working = workers
                for _ in range(workers):
                    group.start_soon(self._work, group.cancel_scope)
                if self._holding is not None:
                    group.start_soon(self._release, self._holding, group.cancel_scope)
        finally:
            await self._source.close()
        if self._fatal is not None:
            raise self._fatal

    async def _work(self, scope: anyio.CancelScope) -> None:
        held = self._held if self._holding is not None else None
        try:
            while (item := await self._source.next()) is not _END:
                index = self._taken
                self._taken += 1
                outcome = await self._step(item)
                if held is None:
                    await self._hand_on(index, outcome)
                    continue
                while len(held) >= HELD_AT_MOST:
                    await self._room.wait()
                held.append((index, outcome))
                if len(held) == 1:
                    self._waiting.set()
                elif len(held) == RELEASE_KEYS:
                    self._due.set()
        except anyio.get_cancelled_exc_class():
            raise
        except BaseException as exc:
            self._stop(exc, scope)
        finally:
            self._working -= 1
            if not self._working:
                self._waiting.set()
                self._due.set()

    async def _release(self, holding: Holding, scope: anyio.CancelScope) -> None:
        """Hand on the waiting outcomes each time the journal has stored them, until no worker
        is left and none waits. A commit that failed since the fan-out began stops it."""
        since = holding.mark()
        try:
            while self._working or self._held:
                await self._waiting.wait()
                with anyio.move_on_after(RELEASE_SECONDS):
                    await self._due.wait()
                released = self._held[:]
                self._held.clear()  # in place: the workers append to this list
                if self._working:
                    self._waiting, self._due = anyio.Event(), anyio.Event()
                room, self._room = self._room, anyio.Event()
                room.set()
                await holding.flush(since)
                for index, outcome in released:
                    await self._hand_on(index, outcome)
        except anyio.get_cancelled_exc_class():
            raise
        except BaseException as exc:
            self._stop(exc, scope)

    def _stop(self, error: BaseException, scope: anyio.CancelScope) -> None:
        if self._fatal is None:
            self._fatal = error
        scope.cancel()

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
