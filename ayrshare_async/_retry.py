"""Sending one call with retries: backoff with jitter, ``Retry-After``, and what is safe to repeat.

The loop sits above the transport, around a send that also reads and decodes the body: a transport
returns before the body is read, so a connection dropped mid-body would escape retries placed in
it. Every attempt sends the same request, whose body is in memory, so the body (and its
``idempotencyKey``) is identical on every attempt. Whatever backend sent the request, its answer
is read, classified and retried here, by one code path.
"""

from __future__ import annotations

import datetime
import email.utils
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, NamedTuple, Protocol

import anyio
import attrs
import httpx

from ._call import Call
from ._decoding import BodyDecodingError, read_body
from ._errors import APIConnectionError, APITimeoutError

if TYPE_CHECKING:
    from ._budget import Budget

__all__ = [
    "RETRY_STATUSES",
    "Answer",
    "AttemptLimiter",
    "RetryPolicy",
    "send_with_retries",
    "window_spent",
]

log = logging.getLogger("ayrshare_async")

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class AttemptLimiter(Protocol):
    """Paces attempts (not calls): awaited before every attempt, retries included."""

    async def acquire(self) -> None: ...


@attrs.frozen
class RetryPolicy:
    """When and how long to wait before repeating a request.

    Backoff for retry *n* (0-based) is ``min(initial_delay * 2**n, max_delay)`` times a jitter in
    (0.75, 1]. A ``Retry-After`` (or ``retry-after-ms``) up to ``max_retry_after`` seconds replaces
    the backoff; a longer one is not waited for: the 429 surfaces as ``RateLimitError`` with
    ``retry_after`` set. Ayrshare allows 300 calls per 5 minutes per profile and may suspend a profile
    that overruns repeatedly, so a 429 is retried at most ``max_rate_limit_retries`` times per call,
    and not at all when the ``x-ratelimit-*`` headers say the 5-minute window is spent.
    """

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    max_rate_limit_retries: int = 1
    rate_limit_delay: float = 1.0
    sleep: Callable[[float], Awaitable[None]] = attrs.field(default=anyio.sleep, repr=False)
    jitter: Callable[[], float] = attrs.field(default=random.random, repr=False)
    now: Callable[[], float] = attrs.field(default=time.time, repr=False)

    def backoff(self, retry: int) -> float:
        base = min(self.initial_delay * 2.0 ** min(retry, 32), self.max_delay)
        return base * (1 - 0.25 * self.jitter())

    def retry_after(self, response: httpx.Response) -> float | None:
        """Seconds the server asked to wait (``retry-after-ms``, then seconds, then HTTP-date)."""
        headers = response.headers
        candidates: list[float | None] = []
        if "retry-after-ms" in headers:
            ms = _to_float(headers["retry-after-ms"])
            candidates.append(ms / 1000 if ms is not None else None)
        if "retry-after" in headers:
            raw = headers["retry-after"]
            seconds = _to_float(raw)
            if seconds is None:
                try:
                    when = email.utils.parsedate_to_datetime(raw)
                except (TypeError, ValueError, IndexError):
                    when = None
                if when is not None and when.tzinfo is not None:
                    seconds = max(0.0, when.timestamp() - self.now())
            candidates.append(seconds)
        for value in candidates:
            if value is not None and math.isfinite(value) and value >= 0:
                return value
        return None


def _to_float(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None


def window_spent(response: httpx.Response) -> bool:
    """True when ``x-ratelimit-count`` has reached ``x-ratelimit-max`` (the 5-minute budget is gone)."""
    limit = _to_float(response.headers.get("x-ratelimit-max", ""))
    count = _to_float(response.headers.get("x-ratelimit-count", ""))
    return limit is not None and count is not None and count >= limit


_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Failures raised before the request left the machine: repeating them cannot act twice."""

_NEVER_RETRIED = (httpx.LocalProtocolError, httpx.UnsupportedProtocol, httpx.ProxyError)
"""Failures that the same request would meet again."""


class Answer(NamedTuple):
    """The final answer of a call: the response, the retries taken, and for a 429 how long to
    wait before trying again (``Retry-After``, the rate headers or the budget, in that order)."""

    response: httpx.Response
    retries: int
    retry_after: float | None = None
    suspension_risk: int | None = None
    """For a 429: the profile's 429s within 24 h, once past the budget's suspension guard."""


async def send_with_retries(
    transport: httpx.AsyncBaseTransport,
    call: Call,
    *,
    policy: RetryPolicy,
    limiter: AttemptLimiter | None = None,
    budget: Budget | None = None,
) -> Answer:
    """Send until an answer that is final, or retries run out.

    Every attempt first waits for ``limiter`` and spends ``budget``; every answer is read into
    the budget. The response is read whole and decoded; it may still be an error status (the
    caller turns it into an exception). A failure to get an answer raises ``APIConnectionError``
    (or ``APITimeoutError``) saying how many attempts were made.
    """
    request = call.request
    rate_limit_retries = 0
    retries = 0
    while True:
        if limiter is not None:
            await limiter.acquire()
        if budget is not None:
            await budget.spend(call)
        can_retry = retries < call.max_retries
        started = time.perf_counter()
        try:
            response = await transport.handle_async_request(request)
            response.request = request
            await read_body(response)
        except (httpx.TransportError, BodyDecodingError) as exc:
            repeatable = call.retry_safe or isinstance(exc, _NOT_SENT)
            if not can_retry or not repeatable or isinstance(exc, _NEVER_RETRIED):
                raise connection_error(call, exc, retries + 1) from exc
            delay = policy.backoff(retries)
            _log_retry(call, retries, _cause(exc), delay)
        except httpx.RequestError as exc:  # e.g. a caller's client following too many redirects
            raise connection_error(call, exc, retries + 1) from exc
        else:
            elapsed = time.perf_counter() - started
            response.elapsed = datetime.timedelta(seconds=elapsed)
            status = response.status_code
            if log.isEnabledFor(logging.INFO):
                log.info(
                    "%s %s -> %d (attempt %d, %.0f ms)",
                    request.method,
                    request.url.path,
                    status,
                    retries + 1,
                    elapsed * 1000,
                )
            spent = budget is not None and await budget.read(call, response)
            if status == 429:
                asked = policy.retry_after(response)
                answer = await _rate_limited(response, asked, retries, call, policy, budget, spent)
                retried = (
                    can_retry
                    and call.retry_safe
                    and answer.suspension_risk is None
                    and rate_limit_retries < policy.max_rate_limit_retries
                    # without a budget a spent window is not waited out; with one, the next
                    # attempt waits for its room (up to the budget's max_wait)
                    and (budget is not None or not window_spent(response))
                    and (asked is None or asked <= policy.max_retry_after)
                )
                if not retried:
                    return answer
                rate_limit_retries += 1
                delay = max(
                    policy.backoff(retries), policy.rate_limit_delay * (1 - 0.25 * policy.jitter())
                )
                delay = asked if asked is not None else delay
            else:
                if not (can_retry and call.retry_safe and status in RETRY_STATUSES):
                    return Answer(response, retries)
                delay = policy.backoff(retries)
                asked = policy.retry_after(response)
                if asked is not None:
                    if asked > policy.max_retry_after:
                        return Answer(response, retries)
                    delay = asked
            _log_retry(call, retries, f"HTTP {status}", delay)
        retries += 1
        await policy.sleep(delay)


async def _rate_limited(
    response: httpx.Response,
    asked: float | None,
    retries: int,
    call: Call,
    policy: RetryPolicy,
    budget: Budget | None,
    spent: bool,
) -> Answer:
    """A 429 as an ``Answer``: when to try again (``asked``: its ``Retry-After``), and whether
    the profile is at risk."""
    retry_after = asked
    if retry_after is None:
        reset_ms = _to_float(response.headers.get("x-ratelimit-reset", ""))
        if reset_ms is not None and math.isfinite(reset_ms) and reset_ms >= 0:
            retry_after = reset_ms / 1000
    if retry_after is None and budget is not None and spent:
        retry_after = await budget.room_in(call)
    if retry_after is None:
        retry_after = policy.rate_limit_delay
    risk = None
    if budget is not None:
        rejections = await budget.rejected(call)
        if rejections >= budget.rules.suspension_guard:
            risk = rejections
    return Answer(response, retries, retry_after, risk)


def connection_error(call: Call, exc: BaseException, attempts: int) -> APIConnectionError:
    """``APITimeoutError`` or ``APIConnectionError`` naming the call, the host and the cause."""
    request = call.request
    url = request.url
    where = f"{url.host}:{url.port}" if url.port else url.host
    tries = f"after {attempts} attempts" if attempts > 1 else "on its only attempt"
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    verb = "timed out" if cls is APITimeoutError else "failed"
    return cls(
        f"{request.method} {url.path} {verb} {tries} ({where}): {_cause(exc)}",
        request=request,
        attempts=attempts,
    )


def _cause(exc: BaseException) -> str:
    detail = str(exc)
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _log_retry(call: Call, retry: int, cause: str, delay: float) -> None:
    log.info(
        "retrying %s %s in %.2f s (attempt %d failed: %s)",
        call.request.method,
        call.request.url.path,
        delay,
        retry + 1,
        cause,
    )
