"""Fan-out: one call per user profile over a bounded pool of workers, one ``Outcome`` per key.

``fan_out`` and ``delete_many`` only need ``with_profile()`` and ``with_options()`` from the client
(the ``FanOutClient`` protocol), so this module never imports ``_client``; it sits above the
resources and only calls them.
"""

from __future__ import annotations

import math
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Sized,
)
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast, overload

import anyio
import attrs

from ._errors import NotFoundError, ValidationError
from ._outcomes import FanOutResult, Outcome
from ._ratelimit import RateLimiter
from ._workers import Holding, ItemSource, ProgressCallback, Workers, progress_sink

if TYPE_CHECKING:
    from pathlib import Path

    from anyio.streams.memory import MemoryObjectReceiveStream

    from ._retry import AttemptLimiter
    from .jobs import Job, Journal
    from .jobs._runner import ScopedClient

__all__ = [
    "AYRSHARE_MAX_DELETE_RATE",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_DELETE_CONCURRENCY",
    "DEFAULT_DELETE_RATE",
    "FanOutClient",
    "ProfileDeleted",
    "ProgressCallback",
    "delete_many",
    "fan_out",
    "fan_out_stream",
]

T = TypeVar("T")
C = TypeVar("C")
C_co = TypeVar("C_co", covariant=True)

DEFAULT_CONCURRENCY = 32
"""Calls in flight at once. Well below the client's 100 pooled connections, so calls queue here and
never for a connection (no pool timeouts) and other requests on the same client still get one; and
within what httpx's own pool serves well (it still scales at 30 in flight, collapses by 50)."""

AYRSHARE_MAX_DELETE_RATE = 8.0
"""Ayrshare accepts at most 8 profile deletes per second ("stagger your API calls")."""

DEFAULT_DELETE_RATE = 7.5
"""Deletes per second, one every 133 ms. At an even 8/s, 0-50 ms of network and scheduling jitter
already put 9 deletes into one server-side second; at 7.5/s that needs requests eight apart to be
bunched by more than 8 x 133 ms - 1 s = 66 ms. Still fast enough to sustain >= 7 deletes/s."""

DEFAULT_DELETE_CONCURRENCY = 16
"""Deletes in flight at once: enough to keep 7.5/s going while each delete takes up to ~2 s."""


@attrs.frozen
class ProfileDeleted(Generic[T]):
    """A profile ``delete_many`` deleted. ``answer`` is the server's reply to the delete, or None
    when a retry found the profile already gone: an earlier attempt, whose answer was lost,
    deleted it (``confirmed`` is then False)."""

    answer: T | None

    @property
    def confirmed(self) -> bool:
        return self.answer is not None


class FanOutClient(Protocol[C_co]):
    """What fan-out needs from a client: per-profile views, and views that pace every attempt."""

    def with_profile(self, profile_key: str) -> C_co: ...

    def with_options(self, *, attempt_limiter: AttemptLimiter) -> FanOutClient[C_co]: ...


@attrs.frozen
class _Plan(Generic[T]):
    """What a fan-out runs: its item source, the step per item, the total, the workers, the job
    whose own journal connections are released when the fan-out ends (they reopen on use), and
    the journal whose flush a key's outcome waits for."""

    source: ItemSource[Any]
    step: Callable[[Any], Awaitable[Outcome[T]]]
    total: int | None
    workers: int
    job: Job | None = None
    holding: Holding | None = None

    async def run(
        self, emit: Callable[[int, Outcome[T]], Awaitable[None]], report: ProgressCallback
    ) -> None:
        workers = Workers(self.source, self.step, emit, report, self.total, self.holding)
        await workers.run(self.workers)


def _plan(
    client: FanOutClient[C],
    profile_keys: Iterable[str] | AsyncIterable[str],
    call: Callable[[C], Awaitable[T]],
    concurrency: int,
    rate: float | None,
    job: Job | str | None,
    journal: Journal | str | Path | None,
) -> _Plan[T]:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValidationError(f"concurrency must be an int >= 1, got {concurrency!r}")
    if isinstance(profile_keys, (str, bytes)):
        raise ValidationError("profile_keys must be an iterable of profile keys, not one string")
    if journal is not None and not isinstance(job, str):
        raise ValidationError("journal= goes with job='name' (a Job has its own journal)")
    target = client if rate is None else client.with_options(attempt_limiter=RateLimiter(rate))
    total = len(profile_keys) if isinstance(profile_keys, Sized) else None
    workers = concurrency if total is None else max(1, min(concurrency, total))
    if job is None:
        return _Plan(ItemSource(profile_keys), _plain_step(target, call), total, workers)
    from .jobs import Job as JobClass
    from .jobs._runner import JobRunner

    chosen = JobClass(job, journal=journal) if isinstance(job, str) else job
    if not isinstance(chosen, JobClass):
        raise ValidationError(f"job must be a name or a Job, got {type(job).__name__}")
    runner = JobRunner(cast("ScopedClient[C]", target), chosen, call)
    total = total if chosen.shards == 1 else None
    source = ItemSource.chunked(runner.chunks(profile_keys))
    return _Plan(source, runner.step, total, workers, chosen, runner.holding)


def _plain_step(
    client: FanOutClient[C], call: Callable[[C], Awaitable[T]]
) -> Callable[[str], Awaitable[Outcome[T]]]:
    async def step(key: str) -> Outcome[T]:
        try:
            value = await call(client.with_profile(key))
        except Exception as exc:
            return Outcome(key, error=exc)
        except anyio.get_cancelled_exc_class() as exc:
            if anyio.current_effective_deadline() == -math.inf:
                raise
            # A cancellation raised inside the call itself, not one aimed at this fan-out.
            return Outcome(key, error=exc)
        return Outcome(key, value=value)

    return step


async def fan_out(
    client: FanOutClient[C],
    profile_keys: Iterable[str] | AsyncIterable[str],
    call: Callable[[C], Awaitable[T]],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float | None = None,
    progress: bool | ProgressCallback | None = None,
    job: Job | str | None = None,
    journal: Journal | str | Path | None = None,
) -> FanOutResult[T]:
    """Run ``call(client.with_profile(key))`` for every key, ``concurrency`` at a time.

    Keys are read lazily, from any iterable or async iterable (a database cursor), and never more
    than ``concurrency`` ahead of the finished calls. An exception in one call (including a
    ``ValidationError`` for a bad key) becomes that key's ``Outcome`` and never stops the others.
    ``rate`` caps the requests sent through the views at ``rate`` per any 1 s window, every attempt
    counted (retries too), evenly spaced; for one-request calls that is calls per second.
    ``progress=True`` draws a tqdm bar (extra ``progress``); a callable gets
    ``(done, total_or_None, outcome)``. ``job`` (a name, with ``journal``, or a ``jobs.Job``)
    makes the fan-out resumable (``ayrshare_async.jobs``). Cancelling the fan-out cancels the
    calls in flight. An error from the key source or the progress callback stops the fan-out and
    is raised as is.
    """
    plan = _plan(client, profile_keys, call, concurrency, rate, job, journal)
    slots: list[Outcome[T] | None] = []

    async def keep(index: int, outcome: Outcome[T]) -> None:
        slots.extend([None] * (index + 1 - len(slots)))
        slots[index] = outcome

    async with _released(plan.job):
        with progress_sink(progress, plan.total) as report:
            await plan.run(keep, report)
    return FanOutResult([outcome for outcome in slots if outcome is not None])


@asynccontextmanager
async def fan_out_stream(
    client: FanOutClient[C],
    profile_keys: Iterable[str] | AsyncIterable[str],
    call: Callable[[C], Awaitable[T]],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float | None = None,
    progress: bool | ProgressCallback | None = None,
    job: Job | str | None = None,
    journal: Journal | str | Path | None = None,
) -> AsyncIterator[AsyncIterator[Outcome[T]]]:
    """``fan_out`` whose outcomes come one by one as they finish, kept nowhere: memory stays
    bounded however many keys there are (with a ``job``, the journal keeps every outcome).

    ``async with fan_out_stream(...) as outcomes: async for outcome in outcomes: ...``; leaving
    the block early cancels the calls still in flight. Workers wait while the consumer is
    ``concurrency`` outcomes behind.
    """
    plan = _plan(client, profile_keys, call, concurrency, rate, job, journal)
    send, receive = anyio.create_memory_object_stream[Outcome[T]](max_buffer_size=concurrency)
    failure: list[BaseException] = []

    async def emit(index: int, outcome: Outcome[T]) -> None:
        await send.send(outcome)

    async def run() -> None:
        async with send:
            try:
                with progress_sink(progress, plan.total) as report:
                    await plan.run(emit, report)
            except Exception as exc:
                failure.append(exc)

    async with _released(plan.job), anyio.create_task_group() as group, receive:
        group.start_soon(run)
        try:
            yield _outcomes(receive)
        finally:
            group.cancel_scope.cancel()
    if failure:
        raise failure[0]


@asynccontextmanager
async def _released(job: Job | None) -> AsyncIterator[None]:
    """Release the journal connections ``job`` opened itself once the fan-out ends, however."""
    try:
        yield
    finally:
        if job is not None:
            with anyio.CancelScope(shield=True):
                await job.aclose()


async def _outcomes(receive: MemoryObjectReceiveStream[Outcome[T]]) -> AsyncIterator[Outcome[T]]:
    async for outcome in receive:
        yield outcome


@overload
async def delete_many(
    client: FanOutClient[Any],
    profile_keys: Iterable[str] | AsyncIterable[str],
    *,
    rate: float = ...,
    concurrency: int = ...,
    progress: bool | ProgressCallback | None = ...,
    job: Job | str | None = ...,
    journal: Journal | str | Path | None = ...,
) -> FanOutResult[ProfileDeleted[Any]]: ...


@overload
async def delete_many(
    client: FanOutClient[C],
    profile_keys: Iterable[str] | AsyncIterable[str],
    *,
    rate: float = ...,
    concurrency: int = ...,
    progress: bool | ProgressCallback | None = ...,
    job: Job | str | None = ...,
    journal: Journal | str | Path | None = ...,
    delete_one: Callable[[C], Awaitable[T]],
) -> FanOutResult[ProfileDeleted[T]]: ...


async def delete_many(
    client: FanOutClient[Any],
    profile_keys: Iterable[str] | AsyncIterable[str],
    *,
    rate: float = DEFAULT_DELETE_RATE,
    concurrency: int = DEFAULT_DELETE_CONCURRENCY,
    progress: bool | ProgressCallback | None = None,
    job: Job | str | None = None,
    journal: Journal | str | Path | None = None,
    delete_one: Callable[[Any], Awaitable[Any]] | None = None,
) -> FanOutResult[ProfileDeleted[Any]]:
    """Delete every profile, never more than ``rate`` attempts in any 1 s.

    Every attempt is paced, retries included, so what the server sees stays within Ayrshare's limit
    of 8 deletes per second. ``delete_one(view)`` sends one delete (default:
    ``view.profiles.delete()``). Deletes cannot be undone, so each outcome says what happened:
    ``ok``: the profile is gone (``ProfileDeleted``: the server's answer, or, when a retry got 404
    after an attempt whose answer was lost, no answer and ``confirmed`` False).
    Not ``ok``: this call did not delete it. ``NotFoundError``: the first attempt found no profile
    with this key. A connection error, timeout or 5xx on the last attempt leaves it unknown (the
    delete may have landed): run those keys again, a 404 then means gone. Another 4xx: it exists.
    ``job`` makes the deletes resumable as ``fan_out``'s (a rerun skips the keys deleted before).
    """
    if isinstance(rate, bool) or not isinstance(rate, (int, float)):
        raise ValidationError(f"rate must be a number, got {type(rate).__name__}")
    if not rate <= AYRSHARE_MAX_DELETE_RATE:
        raise ValidationError(
            f"rate={rate!r} deletes/s is above Ayrshare's limit of "
            f"{AYRSHARE_MAX_DELETE_RATE:g} profile deletes per second"
        )

    send = delete_one or _delete_profile

    async def delete(view: Any) -> ProfileDeleted[Any]:
        try:
            return ProfileDeleted(await send(view))
        except NotFoundError as exc:
            if exc.possibly_deleted_by_earlier_attempt:
                return ProfileDeleted(None)
            raise

    return await fan_out(
        client,
        profile_keys,
        delete,
        concurrency=concurrency,
        rate=rate,
        progress=progress,
        job=job,
        journal=journal,
    )


def _delete_profile(view: Any) -> Awaitable[Any]:
    deletion: Awaitable[Any] = view.profiles.delete()
    return deletion
