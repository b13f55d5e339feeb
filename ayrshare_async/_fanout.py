"""Fan-out: one call per user profile over a bounded pool of workers, one ``Outcome`` per key.

``fan_out`` and ``delete_many`` only need ``with_profile()`` and ``with_options()`` from the client
(the ``FanOutClient`` protocol), so this module never imports ``_client``; it sits above the
resources and only calls them.
"""

from __future__ import annotations

import enum
import importlib
import math
import warnings
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Sized,
)
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

import anyio
import attrs

from ._errors import NotFoundError, ValidationError
from ._outcomes import FanOutResult, Outcome
from ._ratelimit import RateLimiter

if TYPE_CHECKING:
    from ._retry import AttemptLimiter

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


class _End(enum.Enum):
    """The key source is exhausted (a sentinel: None may be a bad key that deserves an Outcome)."""

    END = enum.auto()


_END = _End.END


ProgressCallback = Callable[[int, int | None, Outcome[Any]], object]
"""Called after each call with (calls done, total keys or None when unknown, that call's outcome)."""


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


async def fan_out(
    client: FanOutClient[C],
    profile_keys: Iterable[str] | AsyncIterable[str],
    call: Callable[[C], Awaitable[T]],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float | None = None,
    progress: bool | ProgressCallback | None = None,
) -> FanOutResult[T]:
    """Run ``call(client.with_profile(key))`` for every key, ``concurrency`` at a time.

    Keys are read lazily, from any iterable or async iterable (a database cursor), and never more
    than ``concurrency`` ahead of the finished calls. An exception in one call (including a
    ``ValidationError`` for a bad key) becomes that key's ``Outcome`` and never stops the others.
    ``rate`` caps the requests sent through the views at ``rate`` per any 1 s window, every attempt
    counted (retries too), evenly spaced; for one-request calls that is calls per second.
    ``progress=True`` draws a tqdm bar (extra ``progress``); a callable gets
    ``(done, total_or_None, outcome)``. Cancelling the fan-out cancels the calls in flight.
    An error from the key source or the progress callback stops the fan-out and is raised as is.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValidationError(f"concurrency must be an int >= 1, got {concurrency!r}")
    if isinstance(profile_keys, (str, bytes)):
        raise ValidationError("profile_keys must be an iterable of profile keys, not one string")
    target = client if rate is None else client.with_options(attempt_limiter=RateLimiter(rate))
    total = len(profile_keys) if isinstance(profile_keys, Sized) else None
    with _progress_sink(progress, total) as report:
        run = _Run(target, _KeySource(profile_keys), call, report, total)
        await run.run(concurrency if total is None else max(1, min(concurrency, total)))
    return FanOutResult(run.outcomes())


@overload
async def delete_many(
    client: FanOutClient[Any],
    profile_keys: Iterable[str] | AsyncIterable[str],
    *,
    rate: float = ...,
    concurrency: int = ...,
    progress: bool | ProgressCallback | None = ...,
) -> FanOutResult[ProfileDeleted[Any]]: ...


@overload
async def delete_many(
    client: FanOutClient[C],
    profile_keys: Iterable[str] | AsyncIterable[str],
    *,
    rate: float = ...,
    concurrency: int = ...,
    progress: bool | ProgressCallback | None = ...,
    delete_one: Callable[[C], Awaitable[T]],
) -> FanOutResult[ProfileDeleted[T]]: ...


async def delete_many(
    client: FanOutClient[Any],
    profile_keys: Iterable[str] | AsyncIterable[str],
    *,
    rate: float = DEFAULT_DELETE_RATE,
    concurrency: int = DEFAULT_DELETE_CONCURRENCY,
    progress: bool | ProgressCallback | None = None,
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
        client, profile_keys, delete, concurrency=concurrency, rate=rate, progress=progress
    )


def _delete_profile(view: Any) -> Awaitable[Any]:
    deletion: Awaitable[Any] = view.profiles.delete()
    return deletion


class _Run(Generic[C, T]):
    """The state one fan-out shares between its workers."""

    def __init__(
        self,
        client: FanOutClient[C],
        keys: _KeySource,
        call: Callable[[C], Awaitable[T]],
        report: ProgressCallback,
        total: int | None,
    ) -> None:
        self._client = client
        self._keys = keys
        self._call = call
        self._report = report
        self._total = total
        self._slots: list[Outcome[T] | None] = []
        self._done = 0
        self._fatal: BaseException | None = None

    async def run(self, workers: int) -> None:
        try:
            async with anyio.create_task_group() as group:
                for _ in range(workers):
                    group.start_soon(self._work, group.cancel_scope)
        finally:
            await self._keys.close()
        if self._fatal is not None:
            raise self._fatal

    def outcomes(self) -> list[Outcome[T]]:
        return [outcome for outcome in self._slots if outcome is not None]

    async def _work(self, scope: anyio.CancelScope) -> None:
        try:
            while (key := await self._keys.next()) is not _END:
                index = len(self._slots)
                self._slots.append(None)
                outcome = await self._call_one(key)
                self._slots[index] = outcome
                self._done += 1
                self._report(self._done, self._total, outcome)
        except anyio.get_cancelled_exc_class():
            raise
        except BaseException as exc:
            # The key source or the progress callback failed, or an interrupt: stop, and re-raise
            # it as it is (not wrapped in an exception group).
            if self._fatal is None:
                self._fatal = exc
            scope.cancel()

    async def _call_one(self, key: str) -> Outcome[T]:
        try:
            value = await self._call(self._client.with_profile(key))
        except Exception as exc:
            return Outcome(key, error=exc)
        except anyio.get_cancelled_exc_class() as exc:
            if anyio.current_effective_deadline() == -math.inf:
                raise
            # A cancellation raised inside the call itself, not one aimed at this fan-out.
            return Outcome(key, error=exc)
        return Outcome(key, value=value)


class _KeySource:
    """Hands out keys one at a time from an iterable or async iterable, then ``_END``."""

    def __init__(self, keys: Iterable[str] | AsyncIterable[str]) -> None:
        self._sync: Iterator[str] = iter(())
        self._async: AsyncIterator[str] | None = None
        if isinstance(keys, AsyncIterable):
            self._async = aiter(keys)
        else:
            self._sync = iter(keys)
        self._lock = anyio.Lock()
        self._exhausted = False

    async def next(self) -> str | _End:
        if self._exhausted:
            return _END
        if self._async is None:
            key = next(self._sync, _END)
            self._exhausted = key is _END
            return key
        async with self._lock:
            if self._exhausted:
                return _END
            try:
                return await anext(self._async)
            except StopAsyncIteration:
                self._exhausted = True
                return _END

    async def close(self) -> None:
        """Close an async generator left half-read, so a cursor behind it is released now."""
        aclose = getattr(self._async, "aclose", None)
        if aclose is not None and not self._exhausted:
            with anyio.CancelScope(shield=True):
                await aclose()


@contextmanager
def _progress_sink(
    progress: bool | ProgressCallback | None, total: int | None
) -> Iterator[ProgressCallback]:
    if progress is None or progress is False:
        yield _ignore_progress
    elif progress is True:
        try:
            tqdm = importlib.import_module("tqdm.auto").tqdm
        except ImportError:
            warnings.warn(
                "progress=True needs tqdm: pip install 'ayrshare-async[progress]'",
                stacklevel=4,
            )
            yield _ignore_progress
            return
        bar = tqdm(total=total, unit="profile")
        failed = 0

        def advance(done: int, total: int | None, outcome: Outcome[Any]) -> None:
            nonlocal failed
            if not outcome.ok:
                failed += 1
                bar.set_postfix(failed=failed, refresh=False)
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
