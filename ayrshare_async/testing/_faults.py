"""Fault injection: make the emulator slow, flaky or broken on purpose, from inside a test.

Every rule can be narrowed to a route (see :data:`RouteSpec`) and to one profile key. Rules that
take a ``count`` are used up one matching request at a time; the others stay until ``clear()``.
Failures injected before processing leave the emulator's state untouched (as a proxy in front of
the API would); ``drop_next(after_processing=True)`` and ``corrupt_next`` act after the request
changed state, which is how a client ends up not knowing whether its call landed.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from . import _codes as codes
from ._router import RouteMatcher, RouteSpec, parse_route_spec

__all__ = ["CorruptMode", "FaultDecision", "Faults", "MediaRejection", "PlatformFailure"]

CorruptMode = Literal["invalid", "truncated"]


@dataclass(slots=True)
class _Scope:
    matcher: RouteMatcher | None
    profile_key: str | None

    def applies(
        self, method: str, path: str, operation: str | None, profile_key: str | None
    ) -> bool:
        if self.profile_key is not None and self.profile_key != profile_key:
            return False
        return self.matcher is None or self.matcher.matches(method, path, operation)


@dataclass(slots=True)
class _CountedFailure:
    scope: _Scope
    remaining: int
    status: int
    retry_after: float | None
    code: int
    message: str | None


@dataclass(slots=True)
class _RandomFailure:
    scope: _Scope
    rate: float
    status: int
    retry_after: float | None
    code: int


@dataclass(slots=True)
class _Drop:
    scope: _Scope
    remaining: int
    after_processing: bool


@dataclass(slots=True)
class _Corrupt:
    scope: _Scope
    remaining: int
    mode: CorruptMode


@dataclass(slots=True)
class _Latency:
    scope: _Scope
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class FaultDecision:
    """What an injected fault does to a request before processing: drop it, or answer ``status``."""

    kind: Literal["drop", "status", "error_rate"]
    status: int = 0
    code: int = codes.INJECTED
    message: str = ""
    retry_after: float | None = None


@dataclass(slots=True)
class PlatformFailure:
    """A social network that fails every post (or the next ``remaining`` ones) with ``code``."""

    platform: str
    code: int
    message: str
    remaining: int | None
    profile_key: str | None
    retry_available: bool


@dataclass(frozen=True, slots=True)
class MediaRejection:
    """A media URL that fails the network's media check (size, dimensions, format) with
    ``code``: the emulator fetches no media, so a test says which URL the network refuses."""

    url: str
    code: int
    message: str
    platforms: frozenset[str] | None
    profile_key: str | None


class Faults:
    """The fault rules of one emulator (``emulator.faults``)."""

    def __init__(self, rng: random.Random, lock: threading.Lock) -> None:
        self._rng = rng
        self._lock = lock
        self._failures: list[_CountedFailure] = []
        self._random_failures: list[_RandomFailure] = []
        self._drops: list[_Drop] = []
        self._corruptions: list[_Corrupt] = []
        self._latencies: list[_Latency] = []
        self._platform_failures: list[PlatformFailure] = []
        self._media_rejections: list[MediaRejection] = []

    # -- scripting (called by tests) ----------------------------------------------------------

    def latency(
        self,
        seconds: float | tuple[float, float],
        *,
        route: RouteSpec | None = None,
        profile_key: str | None = None,
    ) -> None:
        """Delay answers by ``seconds``, or by a uniform random time in ``(low, high)``. The newest
        rule that matches a request wins; ``latency(0)`` removes the delay again."""
        low, high = (seconds, seconds) if isinstance(seconds, (int, float)) else seconds
        if not 0 <= low <= high:
            raise ValueError("latency needs 0 <= low <= high")
        rule = _Latency(_scope(route, profile_key), float(low), float(high))
        with self._lock:
            self._latencies.append(rule)

    def error_rate(
        self,
        rate: float,
        *,
        status: int = 500,
        route: RouteSpec | None = None,
        profile_key: str | None = None,
        retry_after: float | None = None,
        code: int = codes.INJECTED,
    ) -> None:
        """Fail a random share ``rate`` (0..1) of matching requests with ``status``."""
        if not 0 <= rate <= 1:
            raise ValueError("rate must be between 0 and 1")
        _check_status(status)
        rule = _RandomFailure(_scope(route, profile_key), rate, status, retry_after, code)
        with self._lock:
            self._random_failures.append(rule)

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 503,
        retry_after: float | None = None,
        route: RouteSpec | None = None,
        profile_key: str | None = None,
        code: int = codes.INJECTED,
        message: str | None = None,
    ) -> None:
        """Answer the next ``count`` matching requests with ``status`` (and a ``Retry-After``
        header of ``retry_after`` seconds when given), without processing them."""
        _check_count(count)
        _check_status(status)
        rule = _CountedFailure(
            _scope(route, profile_key), count, status, retry_after, code, message
        )
        with self._lock:
            self._failures.append(rule)

    def drop_next(
        self,
        count: int = 1,
        *,
        route: RouteSpec | None = None,
        profile_key: str | None = None,
        after_processing: bool = False,
    ) -> None:
        """Cut the connection of the next ``count`` matching requests. By default before the
        emulator sees the request (nothing changes); with ``after_processing=True`` the request
        takes effect and the answer is lost halfway through the body."""
        _check_count(count)
        rule = _Drop(_scope(route, profile_key), count, after_processing)
        with self._lock:
            self._drops.append(rule)

    def corrupt_next(
        self,
        count: int = 1,
        *,
        mode: CorruptMode = "invalid",
        route: RouteSpec | None = None,
        profile_key: str | None = None,
    ) -> None:
        """Process the next ``count`` matching requests but send a body that is not JSON
        (``"invalid"``) or is cut in half (``"truncated"``), with the status they earned."""
        _check_count(count)
        if mode not in ("invalid", "truncated"):
            raise ValueError("mode is 'invalid' or 'truncated'")
        rule = _Corrupt(_scope(route, profile_key), count, mode)
        with self._lock:
            self._corruptions.append(rule)

    def fail_platform(
        self,
        platform: str,
        *,
        code: int = 500,
        message: str | None = None,
        count: int | None = None,
        profile_key: str | None = None,
        retry_available: bool = True,
    ) -> None:
        """Make posts to ``platform`` fail at that network (the other platforms of the same post
        still succeed): every post, or the next ``count``. The error carries
        ``retryAvailable: true`` unless told otherwise, so ``PUT /post/retry`` applies."""
        if count is not None:
            _check_count(count)
        text = message or f"{platform} rejected the post (injected by the emulator)"
        rule = PlatformFailure(platform, code, text, count, profile_key, retry_available)
        with self._lock:
            self._platform_failures.append(rule)

    def reject_media(
        self,
        url: str,
        *,
        code: int,
        message: str | None = None,
        platforms: Iterable[str] | None = None,
        profile_key: str | None = None,
    ) -> None:
        """Make posts with media ``url`` fail the media check of ``platforms`` (None: every
        network) with ``code``, as Ayrshare reports a refused image or video: the network's entry
        in ``errors[]`` carries ``verifyCheck: true`` and the answer ``validate: true``."""
        text = message or f"The media at {url} does not meet the network's requirements"
        chosen = None if platforms is None else frozenset(platforms)
        rule = MediaRejection(url, code, text, chosen, profile_key)
        with self._lock:
            self._media_rejections.append(rule)

    def clear(self) -> None:
        """Remove every fault rule."""
        with self._lock:
            self._failures.clear()
            self._random_failures.clear()
            self._drops.clear()
            self._corruptions.clear()
            self._latencies.clear()
            self._platform_failures.clear()
            self._media_rejections.clear()

    # -- decisions (the emulator calls these while it holds the lock) ---------------------------

    def before(
        self, method: str, path: str, operation: str | None, profile_key: str | None
    ) -> FaultDecision | None:
        for drop in self._drops:
            if not drop.after_processing and drop.scope.applies(
                method, path, operation, profile_key
            ):
                _use(self._drops, drop)
                return FaultDecision("drop")
        for failure in self._failures:
            if failure.scope.applies(method, path, operation, profile_key):
                _use(self._failures, failure)
                return FaultDecision(
                    "status",
                    failure.status,
                    failure.code,
                    failure.message or f"Injected failure (HTTP {failure.status})",
                    failure.retry_after,
                )
        for rule in self._random_failures:
            if rule.scope.applies(method, path, operation, profile_key) and (
                self._rng.random() < rule.rate
            ):
                return FaultDecision(
                    "error_rate",
                    rule.status,
                    rule.code,
                    f"Injected random failure (HTTP {rule.status})",
                    rule.retry_after,
                )
        return None

    def after(
        self, method: str, path: str, operation: str | None, profile_key: str | None
    ) -> Literal["drop_after", "invalid", "truncated"] | None:
        for drop in self._drops:
            if drop.after_processing and drop.scope.applies(method, path, operation, profile_key):
                _use(self._drops, drop)
                return "drop_after"
        for corruption in self._corruptions:
            if corruption.scope.applies(method, path, operation, profile_key):
                _use(self._corruptions, corruption)
                return corruption.mode
        return None

    def delay_for(
        self, method: str, path: str, operation: str | None, profile_key: str | None
    ) -> float:
        for rule in reversed(self._latencies):
            if rule.scope.applies(method, path, operation, profile_key):
                if rule.low == rule.high:
                    return rule.low
                return self._rng.uniform(rule.low, rule.high)
        return 0.0

    def platform_failure(self, platform: str, profile_key: str | None) -> PlatformFailure | None:
        for failure in self._platform_failures:
            if failure.platform != platform:
                continue
            if failure.profile_key is not None and failure.profile_key != profile_key:
                continue
            if failure.remaining is not None:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._platform_failures.remove(failure)
            return failure
        return None

    def media_rejection(
        self, platform: str, media: Sequence[str], profile_key: str | None
    ) -> MediaRejection | None:
        for rule in self._media_rejections:
            if rule.url not in media or (
                rule.platforms is not None and platform not in rule.platforms
            ):
                continue
            if rule.profile_key is None or rule.profile_key == profile_key:
                return rule
        return None

    @property
    def active(self) -> bool:
        """Whether any rule is set (lets the emulator skip fault checks entirely)."""
        return bool(
            self._failures
            or self._random_failures
            or self._drops
            or self._corruptions
            or self._latencies
        )

    def __repr__(self) -> str:
        return (
            f"Faults(fail_next={len(self._failures)}, error_rates={len(self._random_failures)}, "
            f"drops={len(self._drops)}, corruptions={len(self._corruptions)}, "
            f"latencies={len(self._latencies)}, platforms={len(self._platform_failures)}, "
            f"media={len(self._media_rejections)})"
        )


def _scope(route: RouteSpec | None, profile_key: str | None) -> _Scope:
    return _Scope(parse_route_spec(route), profile_key)


_Counted = TypeVar("_Counted", _CountedFailure, _Drop, _Corrupt)


def _use(rules: list[_Counted], rule: _Counted) -> None:
    rule.remaining -= 1
    if rule.remaining <= 0:
        rules.remove(rule)


def _check_count(count: int) -> None:
    if count < 1:
        raise ValueError("count must be at least 1")


def _check_status(status: int) -> None:
    if not 100 <= status <= 599:
        raise ValueError(f"not an HTTP status: {status}")
