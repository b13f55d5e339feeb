"""The client's rate budgets: what each attempt spends, and what the server's answers say of them.

Ayrshare counts every request per user profile (300 per 5 minutes; calls without a Profile-Key
spend the Primary Profile's) and every profile delete per account (8 per second), whatever
process sent them. Before each attempt, retries included, the client reserves a slot in those
budgets (``budgets/``: in this process, or in Redis for many) and waits for it, or raises at once
when the caller asked for that. After each answer it reads the rate headers, so that it never
assumes more room than the server reports, and counts 429s per profile to stop retrying a profile
that keeps getting them (Ayrshare suspends those).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import anyio
import attrs
import httpx

from ._call import Call
from ._errors import RateLimitError, ValidationError
from ._headers import headers_list
from .budgets import BudgetStore, Limit
from .budgets._limit import deletes_key_name, profile_key_name, secret_digest

__all__ = ["DEFAULT_RATE_BUDGETS", "Budget", "BudgetExhaustedError", "RateBudgets"]

SUSPENSION_WINDOW = 24 * 3600.0
"""Ayrshare suspends a profile after about 1,000 429s within 24 hours."""

NETWORK_THROTTLE_CODE = 444
"""A 429 with this code is a network throttling analytics, not Ayrshare's own limit."""


def _positive_int(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"RateBudgets.{attribute.name} must be an int >= 1, got {value!r}")


def _seconds(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Seconds >= 0 (> 0 for a window; None allowed for ``max_wait``)."""
    if value is None and attribute.name == "max_wait":
        return
    number = not isinstance(value, bool) and isinstance(value, (int, float))
    if not number or not math.isfinite(value) or value < 0:
        raise ValidationError(f"RateBudgets.{attribute.name}: seconds >= 0 expected, got {value!r}")
    if value == 0 and attribute.name.endswith("window"):
        raise ValidationError(f"RateBudgets.{attribute.name} must be > 0")


@attrs.frozen
class RateBudgets:
    """How a client keeps within Ayrshare's limits (docs/rate-limits.md).

    ``requests`` per ``window`` seconds per user profile, kept ``margin`` seconds wider than the
    server's window; ``deletes`` profile deletes per ``delete_window`` seconds per account, sent at
    least ``delete_spacing`` apart. ``when_spent="wait"`` (default) waits for room, but no longer
    than ``max_wait`` seconds (None: as long as it takes); ``"raise"`` raises
    ``BudgetExhaustedError`` at once. After ``suspension_guard`` 429s for one profile within 24 h,
    the client stops retrying that profile's 429s.
    """

    requests: int = attrs.field(default=300, validator=_positive_int)
    window: float = attrs.field(default=300.0, validator=_seconds)
    margin: float = attrs.field(default=0.25, validator=_seconds)
    deletes: int = attrs.field(default=8, validator=_positive_int)
    delete_window: float = attrs.field(default=1.0, validator=_seconds)
    delete_spacing: float = attrs.field(default=1 / 7.5, validator=_seconds)
    when_spent: Literal["wait", "raise"] = attrs.field(default="wait")
    max_wait: float | None = attrs.field(default=None, validator=_seconds)
    suspension_guard: int = attrs.field(default=50, validator=_positive_int)

    @when_spent.validator
    def _check_when_spent(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("wait", "raise"):
            raise ValidationError(
                f"RateBudgets.when_spent must be 'wait' or 'raise', got {value!r}"
            )


DEFAULT_RATE_BUDGETS = RateBudgets()
"""Ayrshare's documented limits, waited for as long as it takes."""


class BudgetExhaustedError(RateLimitError):
    """The client's own budget is spent: raised before sending (nothing reached Ayrshare).

    ``retry_after`` is when the budget has room again. Its ``response`` is a stand-in 429 carrying
    the unsent request, so code that handles ``RateLimitError`` handles this too.
    """

    def __str__(self) -> str:
        request = self.response.request
        return f"{request.method} {request.url.path}: {self.message}"


class Budget:
    """One root client's budgets (shared by its views): the store, the account, the rules."""

    __slots__ = (
        "_account",
        "_deletes",
        "_max_wait",
        "_primary",
        "_profiles",
        "_window",
        "owned",
        "rules",
        "store",
    )

    def __init__(
        self, store: BudgetStore, account: str, rules: RateBudgets, *, owned: bool = False
    ) -> None:
        self.store = store
        self.rules = rules
        self.owned = owned
        """True when the client made the store (from a URL), so its aclose() closes it."""
        self._account = account
        self._window = rules.window + rules.margin
        self._max_wait = 0.0 if rules.when_spent == "raise" else rules.max_wait
        self._primary = self._profile_limit("primary")
        self._deletes = Limit(
            deletes_key_name(account), rules.deletes, rules.delete_window, rules.delete_spacing
        )
        self._profiles: dict[str, Limit] = {}

    def limits(self, call: Call) -> tuple[Limit, ...]:
        """What one attempt of ``call`` spends: its profile's budget (the Primary Profile's when it
        carries no Profile-Key), and the account's delete ceiling for a profile delete."""
        if call.limits is None:
            key = call.profile_key
            profile = self._primary if key is None else self._profile(key)
            deletes = call.route.name == "profiles.delete"
            call.limits = (profile, self._deletes) if deletes else (profile,)
        return call.limits

    async def spend(self, call: Call) -> None:
        """Reserve this attempt's slot and wait for it, or raise ``BudgetExhaustedError``."""
        reservation = await self.store.reserve(self.limits(call), max_wait=self._max_wait)
        if not reservation.granted:
            rules = self.rules
            deletes = reservation.binding is self._deletes
            what = (
                f"{rules.deletes} profile deletes per {rules.delete_window:g} s for the account"
                if deletes
                else f"{rules.requests} requests per {rules.window:g} s for this profile"
            )
            raise _exhausted(call, what, reservation.delay)
        if reservation.delay > 0:
            await anyio.sleep(reservation.delay)

    async def read(self, call: Call, response: httpx.Response) -> bool:
        """Take in what the answer says of the budgets: the server's count of the profile's
        requests, and whether a 429 of Ayrshare's own limits says one is spent (True)."""
        rate = _rate_headers(response.headers)
        limit = self.limits(call)[0]
        used = _used(rate, limit.count)
        spent = False
        if response.status_code == 429 and _code(response) != NETWORK_THROTTLE_CODE:
            if _window_full(rate):  # the profile's window, as the server counts it
                used, spent = limit.count, True
            elif call.route.name == "profiles.delete":  # the account's delete ceiling
                await self.store.observe(self._deletes, self._deletes.count)
                spent = True
            # any other 429 (no rate headers: a proxy, a gateway) says nothing of the budgets
        # One grant is this attempt's own, just reserved: a count of 1 says nothing new.
        if used is not None and used > 1:
            await self.store.observe(limit, used)
        return spent

    async def rejected(self, call: Call) -> int:
        """Count a 429 for the call's profile; the 429s it had within 24 hours."""
        return await self.store.note_rejection(self.limits(call)[0].key, SUSPENSION_WINDOW)

    async def room_in(self, call: Call) -> float:
        """Seconds until this call's budgets have room again; only after ``read()`` found one
        spent (asking then records nothing: a spent budget grants no slot at once)."""
        reservation = await self.store.reserve(self.limits(call), max_wait=0.0)
        return 0.0 if reservation.granted else reservation.delay

    def _profile(self, profile_key: str) -> Limit:
        limit = self._profiles.get(profile_key)
        if limit is None:
            if len(self._profiles) >= 4096:
                self._profiles.clear()
            limit = self._profiles[profile_key] = self._profile_limit(secret_digest(profile_key))
        return limit

    def _profile_limit(self, who: str) -> Limit:
        key = profile_key_name(self._account, who)  # a digest; the numbers checked by RateBudgets
        return Limit.trusted(key, self.rules.requests, self._window)


RateHeaders = tuple[int | None, int | None, int | None]
"""``x-ratelimit-max``, ``-count`` and ``-remaining`` of one answer."""


def _used(rate: RateHeaders, limit: int) -> int | None:
    """How much of a ``limit``-sized budget to count as spent so that the room left is no more
    than the server reports: ``limit - (x-ratelimit-max - x-ratelimit-count)``, or with the older
    headers ``limit - x-ratelimit-remaining``; None when the answer does not say."""
    ceiling, count, remaining = rate
    if count is not None:
        remaining = (ceiling if ceiling is not None else limit) - count
    if remaining is None:
        return None
    return min(limit, max(0, limit - remaining))


def _window_full(rate: RateHeaders) -> bool:
    ceiling, count, _ = rate
    return ceiling is not None and count is not None and count >= ceiling


def _rate_headers(headers: httpx.Headers) -> RateHeaders:
    """``x-ratelimit-max``, ``-count`` and ``-remaining`` as ints (None when absent or not one)."""
    found: dict[bytes, int | None] = {}
    for _, name, value in headers_list(headers):
        if name in _RATE_HEADERS:
            found[name] = _int(value.decode("latin-1"))
    return (
        found.get(b"x-ratelimit-max"),
        found.get(b"x-ratelimit-count"),
        found.get(b"x-ratelimit-remaining"),
    )


_RATE_HEADERS = frozenset({b"x-ratelimit-max", b"x-ratelimit-count", b"x-ratelimit-remaining"})


def _int(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        return None


def _code(response: httpx.Response) -> int | None:
    try:
        body = response.json()
    except ValueError:
        return None
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def _exhausted(call: Call, what: str, delay: float) -> BudgetExhaustedError:
    response = httpx.Response(429, request=call.request)
    return BudgetExhaustedError(
        f"the client's rate budget is spent ({what}); room again in {delay:.2f} s. "
        "Not sent: nothing reached Ayrshare",
        response=response,
        body=None,
        retry_after=delay,
    )


BudgetExhaustedError.__module__ = "ayrshare_async"
