"""A ready receiver: an ASGI app that verifies, deduplicates and hands each event to a handler.

ASGI is what Starlette, FastAPI, Litestar, Quart and Django (ASGI) all mount, so the SDK needs none
of them. The status codes follow Ayrshare's retry rules: 2xx ends the deliveries of an event,
503 asks for a retry, 400 (a forged or broken delivery) is not retried.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .._errors import ValidationError, WebhookVerificationError
from ..models.webhooks import WebhookEvent
from ._dedupe import Deduplicator, DeliveryInProgressError
from ._signature import Secrets, WebhookVerifier

__all__ = ["WebhookApp"]

log = logging.getLogger("ayrshare_async.webhooks")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Handler = Callable[[WebhookEvent], Awaitable[object] | object]

IN_PROGRESS_RETRY_AFTER = 5
"""Seconds suggested to the sender when another delivery of the event is being handled."""


class WebhookApp:
    """``app.mount("/ayrshare/webhooks", WebhookApp(handle, secrets=...))``: for each POST, verify
    the signature (400 when refused), skip a repeat of a handled event (200), call ``handle(event)``
    (sync or async) and answer 200; 500 when it raised or when a signed body is not a readable
    event (so Ayrshare keeps it for a fixed receiver), 503 while another delivery of the same
    event is being handled. ``dedupe`` is a ``Deduplicator`` (give one with a shared store when
    several processes receive), True for one in this process's memory, or False for none.
    Bodies over ``max_body`` bytes get 413."""

    __slots__ = ("_dedupe", "_handler", "_max_body", "_verifier")

    def __init__(
        self,
        handler: Handler,
        *,
        secrets: Secrets | None = None,
        verifier: WebhookVerifier | None = None,
        dedupe: Deduplicator | bool = True,
        max_body: int = 1024 * 1024,
    ) -> None:
        if not callable(handler):
            raise ValidationError(f"handler: expected a callable, got {type(handler).__name__}")
        if verifier is not None and secrets is not None:
            raise ValidationError("give secrets or verifier, not both")
        if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 1:
            raise ValidationError(f"max_body: expected bytes >= 1, got {max_body!r}")
        self._handler = handler
        self._verifier = verifier if verifier is not None else WebhookVerifier(secrets)
        self._dedupe = Deduplicator() if dedupe is True else dedupe or None
        self._max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["method"] != "POST":
            await _answer(send, 405, {"status": "error", "message": "POST only"}, allow="POST")
            return
        try:
            body = await self._read_body(receive)
        except _Disconnected:
            return
        if body is None:
            await _answer(send, 413, {"status": "error", "message": "body too large"})
            return
        status, answer = await self._receive(body, scope["headers"])
        retry_after = str(IN_PROGRESS_RETRY_AFTER) if status == 503 else None
        await _answer(send, status, answer, retry_after=retry_after)

    async def _read_body(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self._max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _receive(self, body: bytes, headers: Any) -> tuple[int, dict[str, Any]]:
        try:
            event = self._verifier.unwrap(body, headers)
        except WebhookVerificationError as exc:
            if exc.reason == "payload":  # from Ayrshare, but unreadable: keep it coming back
                log.error("a signed webhook delivery is not a readable event: %s", exc)
                return 500, {"status": "error", "reason": exc.reason}
            log.warning("refused a webhook delivery (%s)", exc.reason)
            return 400, {"status": "error", "reason": exc.reason, "message": str(exc)}
        try:
            if self._dedupe is None:
                await self._handle(event)
                return 200, {"status": "ok"}
            async with self._dedupe.claim(event) as first:
                if not first:
                    return 200, {"status": "duplicate"}
                await self._handle(event)
            return 200, {"status": "ok"}
        except DeliveryInProgressError:
            return 503, {"status": "in_progress"}
        except Exception:
            log.exception("the webhook handler failed on %s event %s", event.action, event.hook_id)
            return 500, {"status": "error", "message": "the handler failed"}

    async def _handle(self, event: WebhookEvent) -> None:
        result = self._handler(event)
        if inspect.isawaitable(result):
            await result

    def __repr__(self) -> str:
        return f"WebhookApp({self._verifier!r}, dedupe={self._dedupe!r})"


class _Disconnected(Exception):
    """The sender went away before the body was complete."""


async def _answer(
    send: Send,
    status: int,
    body: dict[str, Any],
    *,
    allow: str | None = None,
    retry_after: str | None = None,
) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    if allow is not None:
        headers.append((b"allow", allow.encode()))
    if retry_after is not None:
        headers.append((b"retry-after", retry_after.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
