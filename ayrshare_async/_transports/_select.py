"""The default transport: picks the fastest backend the running event loop can use.

httpx 0.28's own pool (httpcore 1.0) does per-request bookkeeping that grows with the connections
it holds, so past ~30 concurrent requests throughput collapses (numbers in docs/transport.md).
The choice is made at the first request, since a client may be built outside any event loop: on
asyncio with the ``fast`` extra (aiohttp) installed it sends through aiohttp; otherwise through
httpx's own transport split into small independent pools.
"""

from __future__ import annotations

from typing import Literal

import httpx

from ._runtime import aiohttp_usable, current_async_library

__all__ = ["Backend", "SelectingTransport", "default_transport"]

Backend = Literal["auto", "aiohttp", "httpx"]
"""``auto``: aiohttp on asyncio when it is importable (the ``fast`` extra), else ``httpx``."""


def default_transport(*, limits: httpx.Limits, backend: Backend = "auto") -> SelectingTransport:
    """The transport for the client's pool; ``limits.max_connections`` holds on every backend.

    Pass ``max_keepalive_connections`` equal to ``max_connections``: a smaller value makes httpx's
    pool close and reopen a connection for nearly every request once concurrency exceeds it.
    """
    return SelectingTransport(limits=limits, backend=backend)


class SelectingTransport(httpx.AsyncBaseTransport):
    """Builds the chosen backend at the first request, inside the event loop that sends it."""

    def __init__(self, *, limits: httpx.Limits, backend: Backend = "auto") -> None:
        self._limits = limits
        self._requested: Backend = backend
        self._ssl_context = httpx.create_ssl_context()
        self._inner: httpx.AsyncBaseTransport | None = None
        self.backend: Literal["aiohttp", "httpx"] | None = None
        """The backend in use, or None before the first request."""

    def prepare(self) -> httpx.AsyncBaseTransport:
        """Build the backend now (imports included) if not yet done; call inside the event loop.

        The SDK does this before a call's first attempt (so before a paced call's first slot): a
        one-off import cannot hold back one request and then let it arrive with the next.
        """
        if self._inner is None:
            backend = _fastest_backend() if self._requested == "auto" else self._requested
            if backend == "aiohttp":
                from ._aiohttp import AiohttpTransport

                self._inner = AiohttpTransport(self._limits, self._ssl_context)
            else:
                from ._sharded import ShardedHTTPTransport

                self._inner = ShardedHTTPTransport(self._limits, self._ssl_context)
            self.backend = backend
        return self._inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.prepare().handle_async_request(request)

    async def aclose(self) -> None:
        if self._inner is not None:
            await self._inner.aclose()


def _fastest_backend() -> Literal["aiohttp", "httpx"]:
    if current_async_library() == "asyncio" and aiohttp_usable():
        return "aiohttp"
    return "httpx"
