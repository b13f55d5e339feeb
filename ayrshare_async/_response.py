"""Turning an answer into a model or an error, and raw access to a call.

``parse_answer`` is the last stage of every call: a failed answer becomes its exception, a good one
its model. ``client.with_raw_response.user.get()`` returns an ``APIResponse[User]`` (status,
headers, rate-limit figures, retries taken, timing and the model) instead of the ``User``. The
wrapper marks the call through a context variable, which is task-local, so concurrent raw and plain
calls on one client never see each other's responses.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, ParamSpec, TypeVar

import attrs
import httpx

from ._call import Call
from ._errors import APIResponseValidationError, status_error
from ._json import loads
from ._retry import Answer, RetryPolicy
from ._serde import structure

__all__ = ["APIResponse", "RateLimitInfo", "parse_answer", "to_raw_response"]

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


def parse_answer(
    call: Call,
    answer: Answer,
    response_type: type[T],
    *,
    policy: RetryPolicy,
    started: float,
    now: Callable[[], float],
) -> T:
    """The model of a successful answer, or the exception of a failed one.

    A non-2xx answer whose body is not JSON is still an ``APIStatusError`` (with ``body`` None); a
    2xx answer that is not JSON, or not the model's shape, is an ``APIResponseValidationError``.
    """
    route = call.route
    response, retries = answer.response, answer.retries
    status = response.status_code
    ok = 200 <= status < 300
    try:
        data = loads(response.content) if response.content else {}
    except (ValueError, RecursionError) as exc:
        if ok:
            why = "nested too deeply" if isinstance(exc, RecursionError) else "not JSON"
            raise APIResponseValidationError(
                f"{route.method} {route.path}: HTTP {status} with a body that is {why}",
                response=response,
            ) from None
        data = None
    failed = not route.record_status and isinstance(data, Mapping) and data.get("status") == "error"
    if not ok or failed:
        retry_after = answer.retry_after
        if retry_after is None:  # a rate-limit error in a 2xx body (e.g. code 444)
            retry_after = policy.retry_after(response)
            if retry_after is None:
                retry_after = policy.rate_limit_delay
        raise status_error(
            response,
            data,
            retries=retries,
            idempotency_key=call.idempotency_key,
            retry_after=retry_after,
            rejections=answer.suspension_risk,
        )
    try:
        parsed = structure(data, response_type)
    except Exception as exc:
        raise APIResponseValidationError(
            f"{route.method} {route.path}: response does not fit {response_type.__name__}: "
            f"{type(exc).__name__}",
            response=response,
        ) from exc
    capture = raw_capture.get()
    if capture is not None:
        capture.response = APIResponse(
            http_response=response, parsed=parsed, retries_taken=retries, elapsed=now() - started
        )
    return parsed
