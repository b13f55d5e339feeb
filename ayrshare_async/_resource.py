"""Base class of the generated resources (``resources/*``): each holds the client it calls through."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

from ._options import RequestOptions
from ._route import Route
from ._serde import RequestModel

__all__ = ["AsyncResource", "Requester"]

T = TypeVar("T")


class Requester(Protocol):
    """What a resource needs from ``AsyncAyrshare``: one method that sends a route's request."""

    async def request(
        self,
        route: Route,
        response_type: type[T],
        *,
        path: Mapping[str, str] | None = None,
        query: RequestModel | None = None,
        body: RequestModel | None = None,
        options: RequestOptions | None = None,
    ) -> T: ...


class AsyncResource:
    """One endpoint group bound to a client (or a ``with_profile`` view of it)."""

    __slots__ = ("_client",)

    def __init__(self, client: Requester) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
