"""Raw access to a call: status, headers, rate-limit figures, retries taken, timing, and the model.

``client.with_raw_response.user.get()`` returns an ``APIResponse[User]`` instead of the ``User``.
The wrapper marks the call through a context variable, which is task-local, so concurrent raw and
plain calls on one client never see each other's responses.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable
from typing import Any, Generic, ParamSpec, TypeVar

import attrs
import httpx

__all__ = ["APIResponse", "RateLimitInfo", "to_raw_response"]

T = TypeVar("T")
P = ParamSpec("P")


@attrs.frozen
class RateLimitInfo:
    """Ayrshare's per-profile budget as of this response: ``count`` used of ``limit`` per 5 minutes."""

    limit: int | None
    count: int | None

    @property
    def remaining(self) -> int | None:
        if self.limit is None or self.count is None:
            return None
        return max(0, self.limit - self.count)

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> RateLimitInfo:
        return cls(_int(headers.get("x-ratelimit-max")), _int(headers.get("x-ratelimit-count")))


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


@attrs.frozen
class APIResponse(Generic[T]):
    """One completed call: the final HTTP response and the parsed model."""

    http_response: httpx.Response = attrs.field(repr=False)
    parsed: T = attrs.field(repr=False)
    retries_taken: int
    elapsed: float
    """Seconds from the first attempt to the parsed result, backoff sleeps included."""

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def rate_limit(self) -> RateLimitInfo:
        return RateLimitInfo.from_headers(self.http_response.headers)

    def parse(self) -> T:
        return self.parsed


class _Capture:
    __slots__ = ("response",)

    def __init__(self) -> None:
        self.response: APIResponse[Any] | None = None


raw_capture: contextvars.ContextVar[_Capture | None] = contextvars.ContextVar(
    "ayrshare_raw_capture", default=None
)


def to_raw_response(func: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[APIResponse[T]]]:
    """Wrap an endpoint method so that it returns the ``APIResponse`` rather than the model."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        capture = _Capture()
        token = raw_capture.set(capture)
        try:
            await func(*args, **kwargs)
        finally:
            raw_capture.reset(token)
        if capture.response is None:
            raise RuntimeError(f"{func.__qualname__} did not go through AsyncAyrshare.request()")
        return capture.response

    return wrapped
