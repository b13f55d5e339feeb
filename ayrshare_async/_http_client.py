"""The SDK's tuned ``httpx.AsyncClient``, for callers who pass their own ``http_client=``."""

from __future__ import annotations

from typing import Any

import httpx

from ._config import DEFAULT_MAX_CONNECTIONS, DEFAULT_TIMEOUT
from ._transports import Backend, default_transport

__all__ = ["DefaultAsyncHttpxClient"]


class DefaultAsyncHttpxClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` with the pool the SDK builds for itself: its default transport
    (aiohttp on asyncio with the ``fast`` extra, else httpx's pool in shards), every connection
    kept alive, the SDK's timeouts, no redirects followed.

    Pass it as ``AsyncAyrshare(http_client=DefaultAsyncHttpxClient(event_hooks=..., ...))`` to add
    httpx features (event hooks, auth, default headers) without losing that pool. Any keyword of
    ``httpx.AsyncClient`` may be given; ``transport=`` replaces the SDK's transport.
    """

    def __init__(
        self,
        *,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        http_backend: Backend = "auto",
        **kwargs: Any,
    ) -> None:
        if "transport" not in kwargs:
            limits = httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            )
            kwargs["transport"] = default_transport(limits=limits, backend=http_backend)
        kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
        kwargs.setdefault("follow_redirects", False)
        super().__init__(**kwargs)
