"""``RedisJournal``: a job's records in Redis, for workers on several machines.

One hash per job (``ayrshare_async:job:<digest of the job name>``), one field per key digest, its
record as JSON. Writes are group-committed (``_group``): one ``HSET`` of many fields per batch,
atomic on the server; ``write()`` returns once Redis has answered. What survives a Redis crash is
the server's persistence setting (``appendonly yes`` with ``appendfsync everysec`` or ``always``):
say so in your Redis, not here.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

from ..budgets._resp import ConnectionLost, RedisAddress, RedisPool, ServerError
from ._group import Encoded, GroupCommit, GroupCommitted
from ._records import FIELDS, JobRecord, JournalError, Row, dumps

__all__ = ["RedisJournal"]

PREFIX = "ayrshare_async:job:"


class RedisJournal(GroupCommitted):
    """Records in the Redis server at ``url`` (``redis://[[user]:password@]host[:port][/db]``)."""

    def __init__(self, url: str, *, timeout: float = 5.0) -> None:
        self._pool = RedisPool(RedisAddress.from_url(url), timeout=timeout)
        self._group = GroupCommit(self._commit, _encode)

    def __repr__(self) -> str:
        return f"RedisJournal({self._pool.address.location!r})"

    async def read(self, job: str, keys: Sequence[str]) -> dict[str, JobRecord]:
        if not keys:
            return {}
        values = await self._call("HMGET", _hash(job), *keys)
        return {
            key: _record(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }

    async def records(self, job: str) -> AsyncIterator[JobRecord]:
        cursor = b"0"
        while True:
            cursor, flat = await self._call("HSCAN", _hash(job), cursor, "COUNT", 500)
            for value in flat[1::2]:
                yield _record(value)
            if cursor in (b"0", 0, "0"):
                return

    async def aclose(self) -> None:
        await self._group.settle_queued()
        await self._pool.aclose()

    async def _commit(self, batch: Encoded) -> None:
        for job, kept in batch.items():
            await self._call("HSET", _hash(job), *itertools.chain.from_iterable(kept.items()))

    async def _call(self, *args: Any) -> Any:
        try:
            return await self._pool.call(*args)
        except (ConnectionLost, ServerError) as exc:
            raise JournalError(
                f"the job journal at {self._pool.address.location} failed: {exc}"
            ) from None


def _hash(job: str) -> str:
    return PREFIX + hashlib.blake2b(job.encode(), digest_size=12).hexdigest()


def _encode(row: Row) -> bytes:
    """A record as its hash field holds it: a JSON object of its fields."""
    return dumps(dict(zip(FIELDS, row, strict=True)))


def _record(value: bytes | str) -> JobRecord:
    return JobRecord.from_dict(json.loads(value))
