"""In-process mode: an httpx transport that hands requests straight to the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from ._wire import WireHandler, WireRequest

__all__ = ["EmulatorTransport"]


class EmulatorTransport(httpx.AsyncBaseTransport):
    """``httpx.AsyncClient(transport=emulator.transport())``: no sockets, same rules as a server.

    A dropped connection raises ``httpx.RemoteProtocolError`` (nothing was processed) or, when the
    drop comes after processing, a ``httpx.ReadError`` while the body is being read.
    """

    def __init__(self, emulator: WireHandler) -> None:
        self._emulator = emulator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        wire = WireRequest(
            method=request.method,
            path=request.url.path,
            query_string=request.url.query.decode("ascii", "replace"),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
        )
        answer = await self._emulator.handle(wire)
        if answer.drop == "before":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        stream: httpx.AsyncByteStream = (
            _CutStream(answer.body[: len(answer.body) // 2], request)
            if answer.drop == "after"
            else httpx.ByteStream(answer.body)
        )
        return httpx.Response(answer.status, headers=answer.headers, stream=stream, request=request)

    def __repr__(self) -> str:
        return f"EmulatorTransport({self._emulator!r})"


class _CutStream(httpx.AsyncByteStream):
    """A body that stops halfway: the peer "closed the connection" mid-response."""

    def __init__(self, head: bytes, request: httpx.Request) -> None:
        self._head = head
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._head:
            yield self._head
        raise httpx.ReadError("peer closed connection mid-body", request=self._request)
