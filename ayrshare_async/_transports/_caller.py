"""A caller's ``httpx.AsyncClient`` behind the transport contract."""

from __future__ import annotations

import httpx

__all__ = ["CallerClientTransport"]


class CallerClientTransport(httpx.AsyncBaseTransport):
    """Sends through the caller's client, so its default headers and params, auth, event hooks,
    proxies and mounts apply; the SDK's headers and per-attempt timeout win over its defaults.

    The response comes back as a stream (``send(stream=True)``) so that the SDK reads and decodes
    the body itself, as it does for its own backends. The caller owns the client: closing the SDK
    client leaves it open.
    """

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        built = self._client.build_request(
            request.method,
            request.url,
            content=request.content,
            headers=request.headers,
            extensions=request.extensions,
        )
        return await self._client.send(built, stream=True)

    async def aclose(self) -> None:
        return None
