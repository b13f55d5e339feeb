"""The retry loop around one logical call: backoff with jitter, ``Retry-After``, safe-to-retry rules.

It lives at the client level, around a send that also reads the body (``_Pool.send``), rather
than in a transport wrapper: a transport returns before the body is read, so a connection dropped
mid-body would escape its retries. Every attempt sends the same request, whose body is in memory,
so the body (and its ``idempotencyKey``) is identical on every attempt.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol, TypeVar

import anyio
import attrs
import httpx

__all__ = ["AttemptLimiter", "Reply", "RetryPolicy", "send_with_retries"]

log = logging.getLogger("ayrshare_async")

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class Reply(Protocol):
    """What the retry loop reads of a response: ``httpx.Response`` or the SDK's direct answer."""

    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    async def aclose(self) -> None: ...


R = TypeVar("R", bound=Reply)


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

    def retry_after(self, response: Reply) -> float | None:
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


def window_spent(response: Reply) -> bool:
    """True when ``x-ratelimit-count`` has reached ``x-ratelimit-max`` (the 5-minute budget is gone)."""
    limit = _to_float(response.headers.get("x-ratelimit-max", ""))
    count = _to_float(response.headers.get("x-ratelimit-count", ""))
    return limit is not None and count is not None and count >= limit


# Failures raised before the request left the machine: repeating them cannot act twice.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


async def send_with_retries(
    send: Callable[[], Awaitable[R]],
    what: str,
    *,
    policy: RetryPolicy,
    max_retries: int,
    retry_safe: bool,
    attempt_limiter: AttemptLimiter | None = None,
) -> tuple[R, int]:
    """Send until success, a final failure, or retries run out. Returns (response, retries taken).

    ``send()`` makes one attempt; ``what`` (method and path) names the call in debug logs.

    Transport exceptions that are not retried propagate as raised by httpx (the caller maps them).
    A response that is returned may still be an error status: the caller maps it to an exception.
    """
    rate_limit_retries = 0
    retries = 0
    while True:
        if attempt_limiter is not None:
            await attempt_limiter.acquire()
        can_retry = retries < max_retries
        try:
            response = await send()
        except httpx.TransportError as exc:
            if not (can_retry and (retry_safe or isinstance(exc, _NOT_SENT))):
                raise
            delay = policy.backoff(retries)
            _log_retry(what, retries, type(exc).__name__, delay)
        else:
            status = response.status_code
            if not (can_retry and retry_safe and status in RETRY_STATUSES):
                return response, retries
            delay = policy.backoff(retries)
            if status == 429:
                if rate_limit_retries >= policy.max_rate_limit_retries or window_spent(response):
                    return response, retries
                rate_limit_retries += 1
                delay = max(delay, policy.rate_limit_delay * (1 - 0.25 * policy.jitter()))
            asked = policy.retry_after(response)
            if asked is not None:
                if asked > policy.max_retry_after:
                    return response, retries
                delay = asked
            await response.aclose()
            _log_retry(what, retries, str(status), delay)
        retries += 1
        await policy.sleep(delay)


def _log_retry(what: str, retry: int, cause: str, delay: float) -> None:
    log.debug("retrying %s (attempt %d failed: %s) in %.2fs", what, retry + 1, cause, delay)
