"""ASGI mode: the emulator as an ASGI 3 app, for uvicorn (``serve_in_thread``, the CLI)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ._wire import WireHandler, WireRequest

__all__ = ["EmulatorASGIApp"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class EmulatorASGIApp:
    """Serves one emulator. A dropped connection is an incomplete response: the status line with
    a ``content-length`` the body never reaches, after which the server closes the socket."""

    def __init__(self, emulator: WireHandler) -> None:
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        wire = WireRequest(
            method=scope["method"],
            path=scope["path"],
            query_string=scope.get("query_string", b"").decode("latin-1"),
            headers={k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]},
            body=b"".join(chunks),
        )
        answer = await self.emulator.handle(wire)
        if answer.drop == "before":
            await send(
                {
                    "type": "http.response.start",
                    "status": 502,
                    "headers": [(b"content-length", b"1")],
                }
            )
            return
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        if answer.drop == "after":
            body = answer.body[: len(answer.body) // 2]
            await send({"type": "http.response.body", "body": body, "more_body": True})
            return
        await send({"type": "http.response.body", "body": answer.body})

    def __repr__(self) -> str:
        return f"EmulatorASGIApp({self.emulator!r})"


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
