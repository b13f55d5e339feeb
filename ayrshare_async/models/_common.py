"""Names and input checks shared by every model module: the networks, their per-route subsets,
and attrs validators that raise ``ValidationError`` naming the field, the bad value and what is
allowed (so a mistake is caught before any request is sent).

Fields with a documented set of values are annotated ``Literal[...] | str`` (a list of them
``Sequence[Literal[...] | str]``): editors offer the known values, a ``str`` read from a config
file or a form still type-checks, and the validator here refuses what Ayrshare would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

import attrs

from .._errors import ValidationError

__all__ = [
    "ADS_PLATFORMS",
    "ALL_PLATFORMS",
    "ANALYTICS_POST_PLATFORMS",
    "ANALYTICS_SOCIAL_PLATFORMS",
    "COMMENTS_CREATE_PLATFORMS",
    "COMMENTS_DELETE_PLATFORMS",
    "COMMENTS_GET_PLATFORMS",
    "COMMENTS_REPLY_PLATFORMS",
    "HISTORY_PLATFORMS",
    "MESSAGES_PLATFORMS",
    "POST_PLATFORMS",
    "REVIEWS_PLATFORMS",
    "UNLINK_PLATFORMS",
    "VALIDATE_LENGTH_PLATFORMS",
    "Platform",
    "PlatformOrAll",
    "at_least_one",
    "aware_datetime",
    "exclusive",
    "https_url",
    "https_urls",
    "int_range",
    "one_of",
    "platform_list",
    "platform_map",
    "str_list",
]

Platform = Literal[
    "bluesky",
    "facebook",
    "gmb",
    "instagram",
    "linkedin",
    "pinterest",
    "reddit",
    "snapchat",
    "telegram",
    "threads",
    "tiktok",
    "twitter",
    "youtube",
]
"""The 13 networks Ayrshare posts to (``gmb`` is Google Business Profile, ``twitter`` is X)."""

PlatformOrAll = Platform | Literal["all"]
"""A network, or ``"all"`` (every linked network) where a route accepts it."""

ALL_PLATFORMS: frozenset[str] = frozenset(get_args(Platform))
POST_PLATFORMS = ALL_PLATFORMS
"""``POST /post``, ``POST /validate/post``, the ``GET /history`` filter, profiles' social lists."""
HISTORY_PLATFORMS: frozenset[str] = ALL_PLATFORMS - {"gmb", "reddit", "telegram"}
"""``GET /history/{platform}``."""
ANALYTICS_POST_PLATFORMS: frozenset[str] = ALL_PLATFORMS - {"gmb", "telegram"}
"""``POST /analytics/post`` and ``GET /analytics/post/{id}`` by social id."""
ANALYTICS_SOCIAL_PLATFORMS = ALL_PLATFORMS
"""``POST /analytics/social``."""
COMMENTS_GET_PLATFORMS: frozenset[str] = frozenset(
    {"bluesky", "facebook", "instagram", "linkedin", "threads", "tiktok", "twitter", "youtube"}
)
COMMENTS_CREATE_PLATFORMS: frozenset[str] = frozenset(
    {"bluesky", "facebook", "instagram", "linkedin", "reddit", "threads", "tiktok", "twitter"}
    | {"youtube"}
)
"""The newest comments overview lists Threads too (and Ayrshare's own flows comment there)."""
COMMENTS_REPLY_PLATFORMS: frozenset[str] = frozenset(
    {"bluesky", "facebook", "instagram", "linkedin", "tiktok", "twitter", "youtube"}
)
COMMENTS_DELETE_PLATFORMS: frozenset[str] = ALL_PLATFORMS - {
    "gmb",
    "pinterest",
    "snapchat",
    "telegram",
}
"""The docs text lists 7; the response example adds bluesky and threads, so both are accepted."""
MESSAGES_PLATFORMS: frozenset[str] = frozenset({"facebook", "instagram", "twitter"})
REVIEWS_PLATFORMS: frozenset[str] = frozenset({"facebook", "gmb"})
UNLINK_PLATFORMS: frozenset[str] = ALL_PLATFORMS - {"pinterest", "snapchat"}
"""``DELETE /profiles/social``."""
ADS_PLATFORMS: frozenset[str] = frozenset({"facebook", "instagram"})
VALIDATE_LENGTH_PLATFORMS: frozenset[str] = ALL_PLATFORMS - {"snapchat", "telegram"}
"""``POST /validate/post-length``."""

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _allowed_text(allowed: Collection[str]) -> str:
    return ", ".join(sorted(allowed))


def _check_platform(field: str, value: Any, allowed: Collection[str], accept_all: bool) -> None:
    if not isinstance(value, str) or (value not in allowed and not (accept_all and value == "all")):
        extra = " or 'all'" if accept_all else ""
        raise ValidationError(
            f"{field}: {value!r} is not a supported network here; allowed: "
            f"{_allowed_text(allowed)}{extra}"
        )


def one_of(allowed: Collection[str]) -> Validator:
    """A single string that must be one of ``allowed`` (None passes: the field is optional)."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and value not in allowed:
            raise ValidationError(
                f"{attribute.name}: {value!r} is not allowed; allowed: {_allowed_text(allowed)}"
            )

    return check


def _items(field: str, value: Any, what: str) -> list[Any]:
    """The items of a list argument; a string, a non-iterable or a one-shot iterator is refused
    (the model is serialised again on every retry, so it must hold a real collection)."""
    if isinstance(value, str) or not isinstance(value, Iterable) or iter(value) is value:
        hint = f" (write [{value!r}] for one)" if isinstance(value, str) else ""
        raise ValidationError(f"{field}: expected a list of {what}, got {value!r}{hint}")
    return list(value)


def str_list(allowed: Collection[str]) -> Validator:
    """A list of strings, each one of ``allowed`` (None passes)."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        for item in _items(attribute.name, value, "strings"):
            if item not in allowed:
                raise ValidationError(
                    f"{attribute.name}: {item!r} is not allowed; allowed: {_allowed_text(allowed)}"
                )

    return check


def platform_list(
    allowed: Collection[str] = ALL_PLATFORMS, *, accept_all: bool = False, non_empty: bool = True
) -> Validator:
    """A list of network names, each in ``allowed`` (``"all"`` too when ``accept_all``)."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        items = _items(attribute.name, value, "networks")
        if non_empty and not items:
            raise ValidationError(f"{attribute.name}: give at least one network")
        for item in items:
            _check_platform(attribute.name, item, allowed, accept_all)

    return check


def platform_map(allowed: Collection[str] = ALL_PLATFORMS) -> Validator:
    """A per-network dict (e.g. post text per network): each key in ``allowed`` or ``default``."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, Mapping):
            return
        for key in value:
            if key != "default":
                _check_platform(attribute.name, key, allowed, accept_all=False)

    return check


def _check_https(field: str, url: Any) -> None:
    if not isinstance(url, str):
        raise ValidationError(f"{field}: expected an https URL string, got {url!r}")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise ValidationError(
            f"{field}: {url!r} is not an https URL; Ayrshare fetches media over https only"
        )


def https_url(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """One https URL (None passes)."""
    if value is not None:
        _check_https(attribute.name, value)


def https_urls(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A list of https URLs, or a per-network dict of URLs or URL lists (None passes)."""
    if value is None:
        return
    if isinstance(value, str):
        raise ValidationError(
            f"{attribute.name}: expected a list of URLs, got the string {value!r}"
        )
    if isinstance(value, Mapping):
        for key, urls in value.items():
            if key != "default":
                _check_platform(attribute.name, key, ALL_PLATFORMS, accept_all=False)
            if isinstance(urls, str):
                _check_https(attribute.name, urls)
            else:
                https_urls(_, attribute, urls)
        return
    for url in value:
        _check_https(attribute.name, url)


def int_range(low: int | None = None, high: int | None = None) -> Validator:
    """An int within ``[low, high]`` (either bound optional; None passes)."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{attribute.name}: expected an int, got {value!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = (
                f"between {low} and {high}"
                if low is not None and high is not None
                else f">= {low}"
                if low is not None
                else f"<= {high}"
            )
            raise ValidationError(f"{attribute.name}: {value} is out of range; allowed: {bounds}")

    return check


def aware_datetime(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A timezone-aware datetime (None passes). Ayrshare dates are UTC; a naive one is ambiguous."""
    if value is None:
        return
    if not isinstance(value, dt.datetime):
        raise ValidationError(
            f"{attribute.name}: expected a datetime, got {value!r}; "
            "pass e.g. datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)"
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            f"{attribute.name}: {value.isoformat()!r} has no timezone; "
            "give an aware datetime (e.g. tzinfo=timezone.utc)"
        )


def exclusive(instance: Any, *names: str) -> None:
    """Raise when more than one of the named attributes is set (for ``__attrs_post_init__``)."""
    given = [name for name in names if getattr(instance, name) is not None]
    if len(given) > 1:
        raise ValidationError(
            f"{' and '.join(given)}: give only one of {', '.join(names)} "
            f"({type(instance).__name__})"
        )


def at_least_one(instance: Any, *names: str) -> None:
    """Raise when none of the named attributes is set (for ``__attrs_post_init__``)."""
    if all(getattr(instance, name) is None for name in names):
        raise ValidationError(f"{', '.join(names)}: give at least one ({type(instance).__name__})")
