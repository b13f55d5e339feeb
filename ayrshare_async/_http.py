"""The transport under the client's one ``httpx.AsyncClient``: fast on asyncio, sound on trio.

httpx 0.28's own pool (httpcore 1.0) does per-request bookkeeping that grows with the connections
it holds, so past ~30 concurrent requests throughput collapses (numbers in docs/transport.md).
``default_transport()`` therefore decides at the first request, since a client may be built outside
any event loop: on asyncio with the ``fast`` extra (aiohttp) installed it sends through
aiohttp; otherwise through httpx's own transport split into small independent pools.
Either way callers see plain httpx: responses, Content-Encoding decoding and exception classes.
"""

from __future__ import annotations

import datetime
import functools
import math
import ssl
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, Literal

import httpx

__all__ = [
    "CONNECTIONS_PER_SHARD",
    "Backend",
    "DirectAnswer",
    "SelectingTransport",
    "default_transport",
]

Backend = Literal["auto", "aiohttp", "httpx"]
"""``auto``: aiohttp on asyncio when it is importable (the ``fast`` extra), else ``httpx``."""

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

        The SDK's pool does this before a call's first attempt (so before a paced call's first
        slot): a one-off import cannot hold back one request and then let it arrive with the next.
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


def _fastest_backend() -> Literal["aiohttp", "httpx"]:
    if _current_async_library() == "asyncio" and _aiohttp_usable():
        return "aiohttp"
    return "httpx"


def _aiohttp_usable() -> bool:
    """aiohttp 3.10 or newer (the first with ``ConnectionTimeoutError``) is importable."""
    try:
        import aiohttp
    except ImportError:
        return False
    major, minor = (int(part) for part in aiohttp.__version__.split(".")[:2])
    return (major, minor) >= (3, 10)


def _current_async_library() -> str:
    try:
        import sniffio
    except ImportError:  # trio depends on sniffio, so without it the loop is asyncio's
        return "asyncio"
    return sniffio.current_async_library()


# --- aiohttp -------------------------------------------------------------------------------------


class _AiohttpBackend(httpx.AsyncBaseTransport):
    """httpx requests sent by aiohttp; each response comes back whole, errors as httpx's classes.

    The body is read before returning (the client reads every body anyway), so the connection goes
    back to the pool at once and a connection lost mid-body raises here. The session keeps no
    cookies (one jar would serve every profile view) and does not decompress: httpx decodes
    ``Content-Encoding`` once. ``limit=max_connections`` (0, unlimited, for None).
    """

    def __init__(self, limits: httpx.Limits, ssl_context: ssl.SSLContext) -> None:
        if _current_async_library() != "asyncio":
            raise RuntimeError("the aiohttp backend runs only on asyncio; use backend='httpx'")
        if not _aiohttp_usable():
            raise ImportError(
                "the aiohttp backend needs aiohttp >= 3.10, the 'fast' extra: "
                "pip install 'ayrshare-async[fast]'"
            )
        import aiohttp

        connector = aiohttp.TCPConnector(
            limit=limits.max_connections or 0,
            keepalive_timeout=limits.keepalive_expiry,
            ssl=ssl_context,
        )
        self._session = aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False
        )
        self._client_error = aiohttp.ClientError

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            content = request.content
        except httpx.RequestNotRead:
            content = await request.aread()
        answer = await self._exchange(
            request.method,
            str(request.url),
            _aiohttp_headers(request.headers),
            content or None,
            request.extensions.get("timeout", {}),
            decompress=False,
            server_hostname=request.extensions.get("sni_hostname"),
        )
        return httpx.Response(
            answer.status_code,
            headers=answer.raw_headers,
            stream=httpx.ByteStream(answer.content),
            request=request,
            extensions=answer.extensions,
        )

    async def fetch(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: Mapping[str, float | None],
    ) -> DirectAnswer:
        """One exchange without httpx objects, the body decoded by aiohttp (the SDK's fast path).

        ``url`` is already encoded (httpx's encoding) and goes out as is.
        """
        return await self._exchange(method, url, headers, content, timeout, decompress=True)

    async def _exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | list[tuple[str, str]],
        content: bytes | None,
        timeout: Mapping[str, float | None],
        *,
        decompress: bool,
        server_hostname: str | None = None,
    ) -> DirectAnswer:
        started = time.perf_counter()
        try:
            async with self._session.request(
                method,
                _aiohttp_url(url),
                headers=headers,
                data=content,
                allow_redirects=False,
                auto_decompress=decompress,
                timeout=_aiohttp_timeout(
                    timeout.get("connect"), timeout.get("read"), timeout.get("pool")
                ),
                server_hostname=server_hostname,
            ) as answer:
                body = await answer.read()
        except (self._client_error, TimeoutError) as error:
            wanted = _httpx_error_class(error)
            if wanted is None:
                raise
            raise wanted(str(error) or type(error).__name__) from error
        return DirectAnswer(
            answer.status,
            answer.headers,
            body,
            answer.raw_headers,
            answer.reason or "",
            time.perf_counter() - started,
        )

    async def aclose(self) -> None:
        await self._session.close()


class DirectAnswer:
    """A response read whole by ``_AiohttpBackend.fetch``: what the retry loop and the parser need,
    and ``to_httpx()`` for everything else (errors, raw responses)."""

    __slots__ = ("content", "elapsed", "headers", "raw_headers", "reason", "status_code")

    def __init__(
        self,
        status_code: int,
        headers: Mapping[str, str],
        content: bytes,
        raw_headers: tuple[tuple[bytes, bytes], ...],
        reason: str,
        elapsed: float,
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.raw_headers = raw_headers
        self.reason = reason
        self.elapsed = elapsed

    @property
    def extensions(self) -> dict[str, bytes]:
        return {"http_version": b"HTTP/1.1", "reason_phrase": self.reason.encode()}

    async def aclose(self) -> None:
        return None

    def to_httpx(self, request: httpx.Request) -> httpx.Response:
        """The same response as ``httpx.Response``. ``fetch`` decoded the body, so it carries no
        ``Content-Encoding`` (and the ``Content-Length`` of the decoded body)."""
        headers = [
            (name, value)
            for name, value in self.raw_headers
            if name.lower() not in (b"content-encoding", b"content-length")
        ]
        response = httpx.Response(
            self.status_code,
            headers=headers,
            content=self.content,
            request=request,
            extensions=self.extensions,
        )
        response.elapsed = datetime.timedelta(seconds=self.elapsed)
        return response


def _aiohttp_headers(headers: httpx.Headers) -> list[tuple[str, str]]:
    """Header pairs as aiohttp takes them (it sends ``str`` headers UTF-8 encoded)."""
    try:
        return [(name.decode(), value.decode()) for name, value in headers.raw]
    except UnicodeDecodeError:
        return headers.multi_items()


@functools.lru_cache(maxsize=512)
def _aiohttp_url(url: str) -> Any:
    """``yarl.URL`` of an already encoded URL; parsed once per distinct URL (paths repeat)."""
    import yarl

    return yarl.URL(url, encoded=True)


@functools.lru_cache(maxsize=64)
def _aiohttp_timeout(connect: float | None, read: float | None, pool: float | None) -> Any:
    """httpx's timeouts in aiohttp's terms: its ``connect`` covers waiting for a pooled connection."""
    import aiohttp

    return aiohttp.ClientTimeout(total=None, connect=pool, sock_connect=connect, sock_read=read)


def _httpx_error_class(error: BaseException) -> type[httpx.TransportError] | None:
    """The class httpx's own transport raises for the same failure (None: not a transport error)."""
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
    if isinstance(error, aiohttp.InvalidURL):
        return httpx.UnsupportedProtocol
    return None


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
