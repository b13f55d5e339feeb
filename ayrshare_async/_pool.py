"""The connection pool a root client and all its views share, and the rules of its lifetime.

A pool belongs to the event loop it was first used in: its connections (and aiohttp's session)
are tied to that loop, so a call from any other loop is refused with a clear error instead of
failing deep inside the transport ("Event loop is closed").
"""

from __future__ import annotations

import weakref
from typing import Any

import httpx

from ._errors import ClientClosedError, EventLoopMismatchError, ValidationError
from ._loops import running_loop
from ._transports import CallerClientTransport, SelectingTransport

__all__ = ["Pool"]


class Pool:
    """One ``httpx.AsyncClient``'s transport, sent through by every call of a client's views."""

    __slots__ = ("_loop", "closed", "http", "owned", "selecting", "transport")

    def __init__(
        self, http: httpx.AsyncClient, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.http = http
        self.owned = transport is not None
        """True when the SDK built ``http`` around ``transport`` (and closes it); False for a
        caller's client, which keeps its own layers (auth, hooks, mounts) and stays open."""
        self.transport: httpx.AsyncBaseTransport = transport or CallerClientTransport(http)
        """What every attempt is sent through (the one send contract)."""
        self.selecting = transport if isinstance(transport, SelectingTransport) else None
        """The SDK's default transport, when the pool uses it."""
        self.closed = False
        self._loop: weakref.ref[Any] | None = None

    def ensure_usable(self) -> None:
        """Raise unless a call may be sent now: the pool is open and this is its event loop.

        The first call binds the pool to the running loop; the default transport builds its
        backend then, inside that loop.
        """
        if self.closed:
            raise ClientClosedError(
                "this AsyncAyrshare client is closed (aclose() or the end of its `async with`); "
                "create a new one"
            )
        loop = running_loop()
        if self._loop is None:
            if self.selecting is not None:
                try:
                    self.transport = self.selecting.prepare()
                except (RuntimeError, ImportError) as exc:  # e.g. aiohttp asked for on trio
                    raise ValidationError(f"http_backend: {exc}") from None
            self._loop = weakref.ref(loop)
        elif self._loop() is not loop:
            raise EventLoopMismatchError(
                "this AsyncAyrshare client was first used in another event loop, and its "
                "connections belong to that loop: create the client inside the running loop "
                "(e.g. in the FastAPI lifespan, or inside the function given to asyncio.run)"
            )

    def in_own_loop(self) -> bool:
        """True when unused so far, or running in the loop the pool is bound to."""
        return self._loop is None or self._loop() is running_loop()
