"""One job's step per key: look up the journal, skip what an earlier run finished, run the rest
with the job's idempotency keys, and record each end durably before it counts.

Why a crash cannot cause a second post: every idempotency key a key's call mints comes from (job,
profile key, position), so a run after a crash sends the requests an earlier run may have sent
with the keys it sent them with, and Ayrshare refuses a repeat. The journal is what makes a rerun
cheap and its report exact, not what prevents the double post: a key whose end was not recorded
(the process died between sending and recording) is called again, its repeat is refused, and it
is reported as ``accepted_earlier`` (never as a failure), with the original's id when the
profile's history shows a post of the same text. Its ``in_flight`` record is written as its call
starts, but waited for only when its loss would change what a rerun sends: a retry on purpose of
a failed key (new idempotency keys, which a rerun must reuse once they may have been sent).
With a journal that queues (``Queueing``: both built-in ones), every other record rides with the
next commit, and a key's outcome is handed on only after a flush has stored its end (``Workers``:
one releaser flushes for all the outcomes waiting while the workers go on with their next keys,
since a commit waited for per key cost a fast fan-out more than the journal's own work). A crash
that loses a start or an unflushed end leaves the key as the rerun would find it anyway (no
record, or the earlier run's ``in_flight``, with the same keys), and its outcome was never handed
on. A call stops at the first refused repeat, so a call that makes several posts resumes only as
far as that; give each post its own key's call (or its own job) when that matters.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from typing import Any, Generic, Protocol, TypeVar

import anyio
import attrs

from .._checks import check_secret
from .._errors import AyrshareError, DuplicateRequestError, ValidationError
from .._outcomes import Failure, Outcome, Skipped, Success, mask_key
from ._job import Job, JobScope
from ._journal import Queueing
from ._records import (
    FINAL,
    JobRecord,
    RecordedError,
    Row,
    State,
    answer_ids,
    error_fields,
    field_values,
    record_row,
)

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
        journal = job.journal
        self.holding: Queueing | None = journal if isinstance(journal, Queueing) else None
        """The journal, when it queues records: outcomes wait for its ``flush`` (``Workers``)."""

    async def chunks(
        self, keys: Iterable[str] | AsyncIterable[str]
    ) -> AsyncIterator[list[JobItem]]:
        """This shard's keys with their records, read and looked up ``CHUNK`` keys at a time. A
        job the journal has no record of yet (its first run) has none to look up."""
        job = self._job
        first_run = await _has_no_records(job)
        async for batch in _batches(keys, CHUNK):
            picked = [(key, _digest(job, key)) for key in batch]
            picked = [(key, digest) for key, digest in picked if not digest or job.owns(digest)]
            if first_run:
                yield [(key, digest, None) for key, digest in picked]
                continue
            found = await job.journal.read(job.name, [digest for _, digest in picked if digest])
            yield [(key, digest, found.get(digest)) for key, digest in picked]

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
        retry = record is not None and record.state == "failed"
        if retry:
            generation += 1  # a retry on purpose: new idempotency keys
        run = _Run(job.name, digest, mask_key(key), runs, generation)
        start = run.row("in_flight")
        if retry or not self._queued(start):  # a retry's start is stored before it sends
            await job.journal.write([JobRecord(*start)])
        scope = JobScope(job.name, key, generation)
        try:
            view = self._client._with_scope(key, scope)
            value = await self._call(view)
        except DuplicateRequestError as exc:
            if exc.idempotency_key not in scope.minted:
                return await self._failed(key, run, exc)
            ids = await _original(self._client, key, exc)
            accepted = run.record("accepted_earlier", ids)
            await self._record(accepted)
            return Skipped(key, accepted)
        except Exception as exc:
            return await self._failed(key, run, exc)
        except anyio.get_cancelled_exc_class() as exc:
            if anyio.current_effective_deadline() == -math.inf:
                raise  # the fan-out is being cancelled: the key stays in flight
            return await self._failed(key, run, exc)
        done = run.row("done", answer_ids(value))
        if not self._queued(done):
            await job.journal.write([JobRecord(*done)])
        return Success(key, value)

    async def _failed(self, key: str, run: _Run, error: BaseException) -> Outcome[T]:
        await self._record(run.record("failed", **error_fields(error)))
        return Failure(key, error=error)

    def _queued(self, row: Row) -> bool:
        """Queue ``row`` when the journal can (stored by the workers' next flush); False when
        the caller has to store it now."""
        if self.holding is None:
            return False
        self.holding.queue_row(row)
        return True

    async def _record(self, record: JobRecord) -> None:
        """Queue ``record`` when the journal can, else store it now."""
        if not self._queued(field_values(record)):
            await self._job.journal.write([record])


class _Run:
    """One key's run in a job: what the records of its start and of its end share. The common
    ones (the start, a success) are queued as rows, without building the records."""

    __slots__ = ("generation", "hint", "job", "key", "runs")

    def __init__(self, job: str, key: str, hint: str, runs: int, generation: int) -> None:
        self.job = job
        self.key = key
        self.hint = hint
        self.runs = runs
        self.generation = generation

    def row(self, state: State, ids: dict[str, Any] | None = None) -> Row:
        ids = {} if ids is None else ids
        return record_row(self.job, self.key, self.hint, state, ids, self.runs, self.generation)

    def record(self, state: State, ids: dict[str, Any] | None = None, **error: Any) -> JobRecord:
        record = JobRecord(*self.row(state, ids))
        return attrs.evolve(record, **error) if error else record


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


async def _has_no_records(job: Job) -> bool:
    """Whether the journal holds no record of the job. Another process running the same shard
    at the same time could add some meanwhile, as it could between any two reads: its keys'
    repeats are refused all the same (same idempotency keys)."""
    records = job.journal.records(job.name)
    try:
        async for _ in records:
            return False
        return True
    finally:
        aclose = getattr(records, "aclose", None)
        if aclose is not None:
            await aclose()


def _digest(job: Job, key: str) -> str:
    """The key's digest in the job; "" for a key that is not one (the step reports it)."""
    try:
        check_secret("profile_key", key)
    except ValidationError:
        return ""
    return job.digest(key)


async def _batches(keys: Iterable[str] | AsyncIterable[str], size: int) -> AsyncIterator[list[str]]:
    if isinstance(keys, AsyncIterable):
        batch: list[str] = []
        async for key in keys:
            batch.append(key)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch
    else:
        iterator = iter(keys)
        while batch := list(itertools.islice(iterator, size)):
            yield batch
