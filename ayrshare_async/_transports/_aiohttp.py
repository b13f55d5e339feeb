"""httpx requests sent by aiohttp: the fast backend on asyncio (the ``fast`` extra)."""

from __future__ import annotations

import functools
import ssl
from typing import Any

import httpx

from .._headers import str_pairs
from .._messages import lean_response
from ._runtime import aiohttp_usable, current_async_library

__all__ = ["AiohttpTransport"]

_EXTENSIONS_HTTP11 = b"HTTP/1.1"


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Each response comes back whole, still Content-Encoded, with failures as httpx's classes.

    The body is read here (the SDK reads every body anyway), so the connection goes back to the
    pool at once and a connection lost mid-body raises here. aiohttp is told not to decompress (the
    SDK decodes every backend's bodies the same way), to keep no cookies (one jar would serve every
    profile view) and not to repeat a request on a reused connection by itself: that silent second
    attempt would bypass the SDK's retry count and its rate ceilings.
    """

    def __init__(self, limits: httpx.Limits, ssl_context: ssl.SSLContext) -> None:
        if current_async_library() != "asyncio":
            raise RuntimeError("the aiohttp backend runs only on asyncio; use backend='httpx'")
        if not aiohttp_usable():
            raise ImportError(
                "the aiohttp backend needs aiohttp >= 3.11, the 'fast' extra: "
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
        self._session._retry_connection = False
        self._client_error = aiohttp.ClientError

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = request.extensions.get("timeout", {})
        try:
            content = request.content
        except httpx.RequestNotRead:
            content = await request.aread()
        try:
            async with self._session.request(
                request.method,
                _aiohttp_url(request.url),
                headers=str_pairs(request.headers),
                data=content or None,
                allow_redirects=False,
                timeout=_aiohttp_timeout(
                    timeout.get("connect"), timeout.get("read"), timeout.get("pool")
                ),
                server_hostname=request.extensions.get("sni_hostname"),
            ) as answer:
                body = await answer.read()
        except (self._client_error, TimeoutError) as error:
            wanted = _httpx_error_class(error)
            if wanted is None:
                raise
            raise wanted(str(error) or type(error).__name__, request=request) from error
        return lean_response(
            answer.status,
            answer.raw_headers,
            body,
            request,
            {"http_version": _EXTENSIONS_HTTP11, "reason_phrase": (answer.reason or "").encode()},
        )

    async def aclose(self) -> None:
        await self._session.close()


_YARL_URLS: dict[int, tuple[httpx.URL, Any]] = {}


def _aiohttp_url(url: httpx.URL) -> Any:
    """``yarl.URL`` of an already encoded URL (httpx's encoding goes out byte for byte).

    Kept per ``httpx.URL`` object (held, so its id is not reused): the SDK builds one object per
    distinct path and reuses it, so most calls skip both ``str(url)`` and yarl's parse.
    """
    entry = _YARL_URLS.get(id(url))
    if entry is not None and entry[0] is url:
        return entry[1]
    import yarl

    parsed = yarl.URL(str(url), encoded=True)
    if len(_YARL_URLS) >= 512:
        _YARL_URLS.clear()
    _YARL_URLS[id(url)] = (url, parsed)
    return parsed


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
