"""httpx's own transport split into small pools: the backend on trio, and on asyncio without aiohttp."""

from __future__ import annotations

import math
import ssl
from collections.abc import AsyncIterator, Callable

import httpx

__all__ = ["CONNECTIONS_PER_SHARD", "ShardedHTTPTransport"]

CONNECTIONS_PER_SHARD = 4
"""Connections per httpcore pool: small enough that a pool's bookkeeping stays cheap, large enough
that few pools are needed (benchmarks/transport_sweep.py)."""


class ShardedHTTPTransport(httpx.AsyncBaseTransport):
    """httpx's own transport as pools of at most CONNECTIONS_PER_SHARD connections each.

    Each request goes to the pool with the fewest requests in flight until its response is
    closed, so the pools together never hold more than ``limits.max_connections`` connections.
    With ``max_connections=None`` there is nothing to split and one pool serves everything.
    """

    def __init__(self, limits: httpx.Limits, ssl_context: ssl.SSLContext) -> None:
        total = limits.max_connections
        if total is None:
            self._shards = [httpx.AsyncHTTPTransport(verify=ssl_context, limits=limits)]
        else:
            count = math.ceil(total / CONNECTIONS_PER_SHARD)
            keepalive = limits.max_keepalive_connections
            sizes = _split(total, count)
            keepalives = sizes if keepalive is None else _split(min(keepalive, total), count)
            self._shards = [
                httpx.AsyncHTTPTransport(
                    verify=ssl_context,
                    limits=httpx.Limits(
                        max_connections=size,
                        max_keepalive_connections=kept,
                        keepalive_expiry=limits.keepalive_expiry,
                    ),
                )
                for size, kept in zip(sizes, keepalives, strict=True)
            ]
        self._in_flight = [0] * len(self._shards)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = min(range(len(self._in_flight)), key=self._in_flight.__getitem__)
        self._in_flight[index] += 1
        try:
            response = await self._shards[index].handle_async_request(request)
        except BaseException:
            self._in_flight[index] -= 1
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _ReleasingStream(response.stream, lambda: self._release(index))
        return response

    def _release(self, index: int) -> None:
        self._in_flight[index] -= 1

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


def _split(total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` integers that differ by at most one."""
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that calls ``on_close`` once, when it is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, on_close: Callable[[], None]) -> None:
        self._stream = stream
        self._on_close: Callable[[], None] | None = on_close

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._on_close is not None:
                on_close, self._on_close = self._on_close, None
                on_close()
