"""``RedisDedupeStore``: webhook claims in Redis, so receivers on several processes or machines
handle each ``hookId`` once. The same connections as the rate store (``budgets._resp``)."""

from __future__ import annotations

import math

from .._errors import AyrshareError
from ..budgets._resp import ConnectionLost, RedisAddress, RedisPool, ServerError

__all__ = ["RedisDedupeStore"]


class RedisDedupeStore:
    """Claims in the Redis server at ``url`` (``redis://[[user]:password@]host[:port][/db]``).

    ``add`` is ``SET key value NX PX <ttl> GET`` (Redis 7 / Valkey); on an older server, where
    ``GET`` may not follow ``NX``, ``SET ... NX PX`` and then ``GET``: the value read is the one
    that won, which is what a claim needs to know."""

    def __init__(self, url: str, *, timeout: float = 2.0) -> None:
        self._pool = RedisPool(RedisAddress.from_url(url), timeout=timeout)
        self._nx_get = True

    def __repr__(self) -> str:
        return f"RedisDedupeStore({self._pool.address.location!r})"

    async def add(self, key: str, value: str, ttl: float) -> str | None:
        ms = max(1, math.ceil(ttl * 1000))
        if self._nx_get:
            try:
                held = await self._call("SET", key, value, "NX", "PX", ms, "GET")
            except _Refused:
                self._nx_get = False
            else:
                return _text(held)
        if await self._call("SET", key, value, "NX", "PX", ms) is not None:
            return None
        return _text(await self._call("GET", key)) or value

    async def put(self, key: str, value: str, ttl: float) -> None:
        await self._call("SET", key, value, "PX", max(1, math.ceil(ttl * 1000)))

    async def delete(self, key: str) -> None:
        await self._call("DEL", key)

    async def aclose(self) -> None:
        await self._pool.aclose()

    async def _call(self, *args: str | int) -> object:
        try:
            return await self._pool.call(*args)
        except ServerError as exc:
            if "syntax" in str(exc).lower():
                raise _Refused(str(exc)) from None
            raise DedupeStoreError(f"the webhook dedupe store failed: {exc}") from None
        except ConnectionLost as exc:
            raise DedupeStoreError(
                f"the webhook dedupe store at {self._pool.address.location} is unreachable: {exc}"
            ) from None


class DedupeStoreError(AyrshareError):
    """The shared dedupe store cannot be read or written; the delivery should be answered 503."""


class _Refused(Exception):
    """The server does not know this form of the command."""


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


DedupeStoreError.__module__ = "ayrshare_async.webhooks"
