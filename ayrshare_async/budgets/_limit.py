"""What a budget limits (``Limit``), what a store answers (``Reservation``), and the limits Ayrshare sets.

A limit's ``key`` names what is counted, never who: the helpers below put digests of the API key and
the profile key in it, so a shared store holds no secret and two accounts never share a budget.
"""

from __future__ import annotations

import hashlib
import math

import attrs

from .._errors import AyrshareError, ValidationError

__all__ = [
    "DELETE_CEILING",
    "DELETE_SPACING",
    "DELETE_WINDOW",
    "PROFILE_BUDGET",
    "PROFILE_MARGIN",
    "PROFILE_WINDOW",
    "BudgetStoreError",
    "Limit",
    "Reservation",
    "delete_limit",
    "profile_limit",
    "secret_digest",
]

PROFILE_BUDGET = 300
PROFILE_WINDOW = 300.0
"""Ayrshare's budget per user profile (the Primary Profile included): 300 requests per 5 minutes."""
PROFILE_MARGIN = 0.25
"""Seconds added to the profile window: a burst at the window's edge goes one window after the
burst before it, and a request of that one delayed on the way more than its successor would
otherwise arrive inside the server's window."""

DELETE_CEILING = 8
DELETE_WINDOW = 1.0
DELETE_SPACING = 1 / 7.5
"""The account's profile-delete ceiling (8 per second), sent evenly at 7.5/s so that network jitter
cannot put a ninth into one server-side second."""


class BudgetStoreError(AyrshareError):
    """The shared rate store cannot decide (unreachable, refused, timed out): the call was not sent.

    ``store`` names it without credentials (``redis://host:port/db``).
    """

    def __init__(self, message: str, *, store: str) -> None:
        super().__init__(message)
        self.store = store


def _key(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        raise ValidationError(f"Limit.{attribute.name} must be a non-empty string without spaces")


def _count(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"Limit.{attribute.name} must be an int >= 1, got {value!r}")


def _finite(name: str, value: float, *, positive: bool) -> None:
    ok = (
        not isinstance(value, bool)
        and isinstance(value, (int, float))
        and math.isfinite(value)
        and (value > 0 if positive else value >= 0)
    )
    if not ok:
        bound = "> 0" if positive else ">= 0"
        raise ValidationError(f"Limit.{name} must be a finite number {bound}, got {value!r}")


def _window(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    _finite(attribute.name, value, positive=True)


def _spacing(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    _finite(attribute.name, value, positive=False)


@attrs.frozen
class Limit:
    """At most ``count`` grants in any ``window`` seconds, consecutive grants at least ``spacing``
    seconds apart. ``key`` names the counter in the store (see :func:`profile_limit`)."""

    key: str = attrs.field(validator=_key)
    count: int = attrs.field(validator=_count)
    window: float = attrs.field(validator=_window)
    spacing: float = attrs.field(default=0.0, validator=_spacing)

    @classmethod
    def trusted(cls, key: str, count: int, window: float, spacing: float = 0.0) -> Limit:
        """A limit from values already checked (the client's own, per call): no validators."""
        limit = object.__new__(cls)
        _set(limit, "key", key)
        _set(limit, "count", count)
        _set(limit, "window", window)
        _set(limit, "spacing", spacing)
        return limit


_set = object.__setattr__


@attrs.frozen
class Reservation:
    """A store's answer to ``reserve()``.

    ``granted``: a slot was recorded in every limit asked for; sleep ``delay`` seconds, then send.
    Not granted: nothing was recorded; ``delay`` is how long until a slot would be free (the
    ``retry_after`` to report). ``slot`` is the slot's time on the store's clock (the event loop's
    for ``MemoryStore``, the Redis server's for ``RedisStore``). ``binding`` is the limit that set
    the slot when it had to wait (None when every limit had room at once).
    """

    granted: bool
    delay: float
    slot: float
    binding: Limit | None = None


def secret_digest(secret: str) -> str:
    """A short, one-way, domain-separated digest: names a key or an account without revealing it."""
    digest = _DIGEST.copy()  # cheaper than building one with its parameters every call
    digest.update(secret.encode())
    return digest.hexdigest()


_DIGEST = hashlib.blake2b(digest_size=12, person=b"ayrshare-budget")


def profile_key_name(account: str, who: str) -> str:
    """The key of one profile's budget: ``account`` and ``who`` are digests (or ``primary``)."""
    return f"{account}:profile:{who}"


def deletes_key_name(account: str) -> str:
    """The key of the account's profile-delete ceiling."""
    return f"{account}:deletes"


def profile_limit(
    api_key: str,
    profile_key: str | None,
    *,
    count: int = PROFILE_BUDGET,
    window: float = PROFILE_WINDOW,
    margin: float = PROFILE_MARGIN,
) -> Limit:
    """The budget of one user profile (None: the Primary Profile, i.e. calls without a
    Profile-Key): ``count`` per ``window`` seconds as the server counts, kept ``margin`` seconds
    wider here."""
    who = "primary" if profile_key is None else secret_digest(profile_key)
    return Limit(profile_key_name(secret_digest(api_key), who), count, window + margin)


def delete_limit(
    api_key: str,
    *,
    count: int = DELETE_CEILING,
    window: float = DELETE_WINDOW,
    spacing: float = DELETE_SPACING,
) -> Limit:
    """The account's profile-delete ceiling, charged by every ``DELETE /profiles``."""
    return Limit(deletes_key_name(secret_digest(api_key)), count, window, spacing)


BudgetStoreError.__module__ = "ayrshare_async"
