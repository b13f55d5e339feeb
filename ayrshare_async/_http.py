"""The transport under the client's one ``httpx.AsyncClient``: fast on asyncio, sound on trio.

httpx 0.28's own pool (httpcore 1.0) does per-request bookkeeping that grows with the connections
it holds, so past ~30 concurrent requests throughput collapses (numbers in docs/transport.md).
``default_transport()`` therefore decides at the first request, since a client may be built outside
any event loop: on asyncio with the ``fast`` extra installed it sends through aiohttp (via
``httpx_aiohttp``); otherwise through httpx's own transport split into small independent pools.
Either way callers see plain httpx: responses, Content-Encoding decoding and exception classes.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Literal

import httpx

__all__ = ["CONNECTIONS_PER_SHARD", "Backend", "SelectingTransport", "default_transport"]

Backend = Literal["auto", "aiohttp", "httpx"]
"""``auto``: aiohttp on asyncio when ``httpx_aiohttp`` is importable, else ``httpx``."""

CONNECTIONS_PER_SHARD = 4
"""Connections per httpcore pool in the ``httpx`` backend: small enough that a pool's bookkeeping
stays cheap, large enough that few pools are needed (benchmarks/transport_sweep.py)."""


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

        Paced callers do this before their first slot, so a one-off import cannot hold back one
        request and then let it arrive together with the next.
        """
        if self._inner is None:
            backend = _fastest_backend() if self._requested == "auto" else self._requested
            if backend == "aiohttp":
                self._inner = _AiohttpBackend(self._limits, self._ssl_context)
            else:
                self._inner = _ShardedHTTPTransport(self._limits, self._ssl_context)
            self.backend = backend
        return self._inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.prepare().handle_async_request(request)

    async def aclose(self) -> None:
        if self._inner is not None:
            await self._inner.aclose()


class CookielessAsyncClient(httpx.AsyncClient):
    """The pool's ``httpx.AsyncClient``, with no cookie jar.

    Ayrshare authenticates by header. A jar would be shared by every profile view (one profile's
    cookies replayed on another's requests), and httpx parses every response for cookies at a cost
    of ~30 us a request, a tenth of the SDK's own per-request CPU (benchmarks/overhead.py).
    """

    @property
    def cookies(self) -> httpx.Cookies:
        return _NO_COOKIES

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        if cookies:
            raise ValueError("this client keeps no cookies (Ayrshare authenticates by header)")


class _NoCookies(httpx.Cookies):
    def extract_cookies(self, response: httpx.Response) -> None:
        return None


_NO_COOKIES = _NoCookies()


def _fastest_backend() -> Literal["aiohttp", "httpx"]:
    on_asyncio = _current_async_library() == "asyncio"
    if on_asyncio and importlib.util.find_spec("httpx_aiohttp") is not None:
        return "aiohttp"
    return "httpx"


def _current_async_library() -> str:
    try:
        import sniffio
    except ImportError:  # trio depends on sniffio, so without it the loop is asyncio's
        return "asyncio"
    return sniffio.current_async_library()


# --- aiohttp -------------------------------------------------------------------------------------


class _AiohttpBackend(httpx.AsyncBaseTransport):
    """``httpx_aiohttp.AiohttpTransport`` on a session of our own, with httpx's exception classes.

    The session has no cookie jar (httpx keeps cookies; a second jar would replay them across
    profile views) and ``limit=max_connections`` (0, unlimited, for None). httpx_aiohttp already
    turns off aiohttp's decompression, so httpx decodes ``Content-Encoding`` exactly once.
    """

    def __init__(self, limits: httpx.Limits, ssl_context: ssl.SSLContext) -> None:
        if _current_async_library() != "asyncio":
            raise RuntimeError("the aiohttp backend runs only on asyncio; use backend='httpx'")
        try:
            import aiohttp
            from httpx_aiohttp import AiohttpTransport
        except ImportError as error:
            raise ImportError(
                "the aiohttp backend needs the 'fast' extra: pip install 'ayrshare-async[fast]'"
            ) from error

        def new_session() -> aiohttp.ClientSession:
            connector = aiohttp.TCPConnector(
                limit=limits.max_connections or 0,
                keepalive_timeout=limits.keepalive_expiry,
                ssl=ssl_context,
            )
            return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

        self._transport = AiohttpTransport(verify=ssl_context, limits=limits, client=new_session)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with _as_httpx_errors():
            response = await self._transport.handle_async_request(request)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _HttpxErrorsStream(response.stream)
        return response

    async def aclose(self) -> None:
        await self._transport.aclose()


def _httpx_error_class(error: BaseException) -> type[httpx.TransportError] | None:
    """The class httpx's own transport raises for the same failure (None: not a transport error).

    httpx_aiohttp maps every ``ClientConnectionError`` to ``ConnectTimeout``, so a refused
    connection or a server hanging up would otherwise look like a timeout.
    """
    import aiohttp

    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout
    if isinstance(error, (aiohttp.ServerTimeoutError, TimeoutError)):
        return httpx.ReadTimeout
    if isinstance(error, aiohttp.ClientConnectorError):
        return httpx.ConnectError
    if isinstance(
        error,
        (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientResponseError),
    ):
        return httpx.RemoteProtocolError
    if isinstance(error, aiohttp.ClientConnectionError):
        return httpx.ReadError
    return None


@contextlib.contextmanager
def _as_httpx_errors() -> Iterator[None]:
    import aiohttp

    try:
        yield
    except (httpx.TransportError, aiohttp.ClientError, TimeoutError) as error:
        cause = error.__cause__ if isinstance(error, httpx.TransportError) else error
        wanted = None if cause is None else _httpx_error_class(cause)
        if wanted is None or type(error) is wanted:
            raise
        raise wanted(str(cause) or type(cause).__name__) from cause


class _HttpxErrorsStream(httpx.AsyncByteStream):
    """A response body whose read errors come out as httpx's classes."""

    def __init__(self, stream: httpx.AsyncByteStream) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        with _as_httpx_errors():
            await self._stream.aclose()


# --- httpx's own transport -----------------------------------------------------------------------


class _ShardedHTTPTransport(httpx.AsyncBaseTransport):
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
    """A response body that calls ``on_close`` once, when httpx closes it."""

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
