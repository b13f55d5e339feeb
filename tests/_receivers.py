"""A webhook receiver for the tests: a real ASGI app served by uvicorn on 127.0.0.1 that records
each delivery's raw body and headers and answers from a script."""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import anyio

from ayrshare_async.testing import serve_app_in_thread

Message = MutableMapping[str, Any]


@dataclass(frozen=True)
class Received:
    body: bytes
    headers: dict[str, str]

    @property
    def attempt(self) -> int:
        return int(self.headers["x-ayrshare-delivery-attempt"])


class Recorder:
    """Answers the n-th delivery with ``statuses[n]`` (200 once they run out), after
    ``delays[n]`` seconds (0 when absent); ``on_delivery`` runs (in the server's thread) before
    the answer."""

    def __init__(
        self,
        statuses: list[int] | None = None,
        *,
        delays: list[float] | None = None,
        on_delivery: Callable[[Received], None] | None = None,
    ) -> None:
        self.statuses = list(statuses or [])
        self.delays = list(delays or [])
        self.on_delivery = on_delivery
        self.received: list[Received] = []
        self.url = ""
        self._arrived = threading.Condition()

    async def __call__(
        self, scope: Message, receive: Callable[[], Awaitable[Message]], send: Any
    ) -> None:
        assert scope["type"] == "http"
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        got = Received(b"".join(chunks), {k.decode(): v.decode() for k, v in scope["headers"]})
        n = len(self.received)
        status = self.statuses[n] if n < len(self.statuses) else 200
        delay = self.delays[n] if n < len(self.delays) else 0.0
        with self._arrived:
            self.received.append(got)
            self._arrived.notify_all()
        if self.on_delivery is not None:
            self.on_delivery(got)
        if delay:
            await anyio.sleep(delay)
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        """Block until ``count`` deliveries arrived (for deliveries sent by a background thread)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.received) >= count, timeout):
                raise AssertionError(f"{len(self.received)} of {count} deliveries arrived")
        return list(self.received)


@contextmanager
def serve(recorder: Recorder, path: str = "/ayrshare") -> Iterator[Recorder]:
    with serve_app_in_thread(recorder) as base:
        recorder.url = base + path
        yield recorder


def hexsig(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
