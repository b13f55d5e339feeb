"""One job's step per key: look up the journal, skip what an earlier run finished, run the rest
with the job's idempotency keys, and record each end durably before it counts.

Why a crash cannot cause a second post: every idempotency key a key's call mints comes from (job,
profile key, position), so a run after a crash sends the requests an earlier run may have sent
with the keys it sent them with, and Ayrshare refuses a repeat. The journal is what makes a rerun
cheap and its report exact, not what prevents the double post: a key is recorded ``in_flight``
before its call starts, and a key whose end was not recorded (the process died between sending
and recording) is called again, its repeat is refused, and it is reported as ``accepted_earlier``
(never as a failure), with the original's id when the profile's history shows a post of the same
text. A call stops at the first refused repeat, so a call that makes several posts resumes only as
far as that; give each post its own key's call (or its own job) when that matters.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from typing import Any, Generic, Protocol, TypeVar

import anyio
import attrs

from .._checks import check_secret
from .._errors import AyrshareError, DuplicateRequestError, ValidationError
from .._outcomes import Failure, Outcome, Skipped, Success, mask_key
from ._job import Job, JobScope
from ._records import FINAL, JobRecord, RecordedError, answer_ids, error_fields

__all__ = ["JobItem", "JobRunner", "ScopedClient"]

T = TypeVar("T")
C = TypeVar("C")
C_co = TypeVar("C_co", covariant=True)

CHUNK = 256
"""Keys read from the source, and looked up in the journal, at a time."""

JobItem = tuple[str, str, JobRecord | None]
"""A key, its digest, and its record from an earlier run (None: never started)."""


class ScopedClient(Protocol[C_co]):
    """What a job needs of the client: a view per key that mints the job's idempotency keys."""

    def with_profile(self, profile_key: str) -> Any: ...

    def _with_scope(self, profile_key: str, scope: JobScope) -> C_co: ...


class JobRunner(Generic[C, T]):
    """Runs ``call`` for the keys of ``job`` this shard owns, through ``client``."""

    def __init__(
        self, client: ScopedClient[C], job: Job, call: Callable[[C], Awaitable[T]]
    ) -> None:
        self._client = client
        self._job = job
        self._call = call

    async def items(self, keys: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[JobItem]:
        """This shard's keys with their records, looked up a chunk at a time."""
        job = self._job
        chunk: list[tuple[str, str]] = []

        async def flush() -> AsyncIterator[JobItem]:
            found = await job.journal.read(job.name, [digest for _, digest in chunk])
            for key, digest in chunk:
                yield key, digest, found.get(digest)
            chunk.clear()

        async for key in _aiter(keys):
            try:
                check_secret("profile_key", key)
            except ValidationError:
                yield key, "", None  # not journaled: the step gives it its ValidationError
                continue
            digest = job.digest(key)
            if job.owns(digest):
                chunk.append((key, digest))
                if len(chunk) >= CHUNK:
                    async for item in flush():
                        yield item
        if chunk:
            async for item in flush():
                yield item

    async def step(self, item: JobItem) -> Outcome[T]:
        key, digest, record = item
        job = self._job
        if not digest:
            try:
                check_secret("profile_key", key)
            except ValidationError as exc:
                return Failure(key, error=exc)
        if record is not None and record.state in FINAL:
            if record.state == "failed" and not job.retry_failed:
                return Failure(key, error=RecordedError(record))
            if record.state != "failed":
                return Skipped(key, record)
        runs = record.runs + 1 if record is not None else 1
        generation = record.generation if record is not None else 0
        if record is not None and record.state == "failed":
            generation += 1  # a retry on purpose: new idempotency keys
        start = JobRecord(
            job.name, digest, mask_key(key), "in_flight", runs=runs, generation=generation
        )
        await job.journal.write([start])
        scope = JobScope(job.name, key, generation)
        try:
            view = self._client._with_scope(key, scope)
            value = await self._call(view)
        except DuplicateRequestError as exc:
            if exc.idempotency_key not in scope.minted:
                return await self._failed(key, start, exc)
            ids = await _original(self._client, key, exc)
            accepted = _evolve(start, state="accepted_earlier", ids=ids)
            await job.journal.write([accepted])
            return Skipped(key, accepted)
        except Exception as exc:
            return await self._failed(key, start, exc)
        except anyio.get_cancelled_exc_class() as exc:
            if anyio.current_effective_deadline() == -math.inf:
                raise  # the fan-out is being cancelled: the key stays in flight
            return await self._failed(key, start, exc)
        await job.journal.write([_evolve(start, state="done", ids=answer_ids(value))])
        return Success(key, value)

    async def _failed(self, key: str, start: JobRecord, error: BaseException) -> Outcome[T]:
        await self._job.journal.write([_evolve(start, state="failed", **error_fields(error))])
        return Failure(key, error=error)


def _evolve(record: JobRecord, **changes: Any) -> JobRecord:
    return attrs.evolve(record, updated=time.time(), **changes)


async def _original(
    client: ScopedClient[Any], key: str, error: DuplicateRequestError
) -> dict[str, Any]:
    """The id of the post an earlier run sent: the profile's recent history, matched on the text
    (Ayrshare refuses the same text on a profile within 48 h, so a match is that post); {} when
    none (or more than one) matches, or the history cannot be read."""
    try:
        sent = json.loads(error.response.request.content)
        text = sent.get("post") if isinstance(sent, dict) else None
        if not isinstance(text, str):
            return {}
        history = await client.with_profile(key).history.list(limit=100)
    except (AyrshareError, ValueError):
        return {}
    matches = [post for post in history.history or [] if post.post == text and post.id]
    if len(matches) != 1:
        return {}
    return answer_ids(matches[0])


async def _aiter(keys: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[str]:
    if isinstance(keys, AsyncIterable):
        async for key in keys:
            yield key
    else:
        for key in keys:
            yield key
