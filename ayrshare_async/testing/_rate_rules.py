"""Ayrshare's limits as the emulator enforces them: requests per profile per window, the account's
profile deletes per window, and suspension after repeated 429s. Every window is sliding."""

from __future__ import annotations

import math
from collections import deque

from . import _codes as codes
from ._limits import SlidingWindow, WindowReport
from ._state import Profile
from ._wire import ApiError

__all__ = ["VIOLATION_WINDOW", "RateRules", "retry_after_headers"]

VIOLATION_WINDOW = 24 * 3600.0
"""429s within this many seconds count towards a suspension."""


class RateRules:
    """``rate_limit`` requests per ``rate_window`` seconds per profile (None: no limit);
    ``delete_rate`` profile deletes per ``delete_window`` seconds per account (None: no limit);
    ``suspend_after`` 429s within 24 h suspend a profile (None: never). ``retry_after_on_429`` adds
    a ``Retry-After`` to the 429s (the real API documents none). Not thread-safe: the emulator
    calls it under its lock."""

    def __init__(
        self,
        *,
        rate_limit: int | None,
        rate_window: float,
        delete_rate: int | None,
        delete_window: float,
        suspend_after: int | None,
        retry_after_on_429: bool,
    ) -> None:
        self._rate_limit = rate_limit
        self._rate_window = rate_window
        self._windows: dict[str, SlidingWindow] = {}
        self._window_names: dict[str, str] = {}
        self._delete_window = (
            SlidingWindow(delete_rate, delete_window) if delete_rate is not None else None
        )
        self._suspend_after = suspend_after
        self._violations: dict[str, deque[float]] = {}
        self._retry_after_on_429 = retry_after_on_429

    def charge(
        self, profile: Profile, operation: str | None, arrival: float, headers: dict[str, str]
    ) -> None:
        """Count one request of ``profile`` (and a profile delete against the account's ceiling);
        raise the 429 when a limit is spent. The rate-limit headers go into ``headers``."""
        self._check_rate_limit(profile, arrival, headers)
        if operation != "profiles.delete" or self._delete_window is None:
            return
        verdict = self._delete_window.hit(arrival)
        if verdict.allowed:
            return
        self._release_rate_limit(profile, headers)
        limit, window = self._delete_window.limit, self._delete_window.window
        raise ApiError(
            429,
            codes.DELETE_RATE,
            f"Too many User Profile deletes: at most {limit} per {window:g} s",
            action="profile",
            headers=retry_after_headers(verdict.retry_after) if self._retry_after_on_429 else None,
        )

    def forgive(self, profile: Profile) -> None:
        """Forget a profile's 429s (it was reactivated)."""
        self._violations.pop(profile.ref_id, None)

    def report(self) -> dict[str, WindowReport]:
        """Per window, what it saw: ``"deletes"`` and ``"profile:<key>"`` / ``"profile:primary"``."""
        report = {self._window_names[ref]: w.report() for ref, w in self._windows.items()}
        if self._delete_window is not None:
            report["deletes"] = self._delete_window.report()
        return report

    def _check_rate_limit(self, profile: Profile, arrival: float, headers: dict[str, str]) -> None:
        if self._rate_limit is None:
            return
        window = self._windows.get(profile.ref_id)
        if window is None:
            window = self._windows[profile.ref_id] = SlidingWindow(
                self._rate_limit, self._rate_window
            )
            self._window_names[profile.ref_id] = f"profile:{profile.key or 'primary'}"
        verdict = window.hit(arrival)
        headers["x-ratelimit-max"] = str(self._rate_limit)
        headers["x-ratelimit-count"] = str(verdict.count)
        if verdict.allowed:
            return
        self._count_violation(profile, arrival)
        raise ApiError(
            429,
            codes.RATE_LIMIT,
            f"Rate limit exceeded: {self._rate_limit} requests per {self._rate_window:g} s for "
            "this profile",
            action="rateLimit",
            headers=retry_after_headers(verdict.retry_after) if self._retry_after_on_429 else None,
        )

    def _release_rate_limit(self, profile: Profile, headers: dict[str, str]) -> None:
        """Undo this request's use of the profile's allowance (another limit refused it)."""
        window = self._windows.get(profile.ref_id)
        if window is not None:
            window.release()
            headers["x-ratelimit-count"] = str(int(headers["x-ratelimit-count"]) - 1)

    def _count_violation(self, profile: Profile, arrival: float) -> None:
        if self._suspend_after is None:
            return
        violations = self._violations.setdefault(profile.ref_id, deque())
        violations.append(arrival)
        while violations[0] <= arrival - VIOLATION_WINDOW:
            violations.popleft()
        if len(violations) >= self._suspend_after:
            profile.suspended = True


def retry_after_headers(seconds: float | None) -> dict[str, str]:
    """``Retry-After`` in whole seconds, plus ``retry-after-ms`` when the wait is fractional."""
    if seconds is None:
        return {}
    headers = {"retry-after": str(math.ceil(seconds))}
    if seconds != math.ceil(seconds):
        headers["retry-after-ms"] = str(round(seconds * 1000))
    return headers
