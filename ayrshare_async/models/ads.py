"""Ads (Facebook / Instagram, paid Ads add-on): ad accounts, targeting search, ads, boosting posts.

The REST parameter names come from the GraphQL ads page, which maps each operation to its REST
route; the REST pages themselves were not readable, so every name here is unconfirmed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from .._errors import ValidationError
from .._serde import RequestModel
from ._common import at_least_one, int_range

__all__ = [
    "AdAccountsQuery",
    "AdCitiesQuery",
    "AdInterestsQuery",
    "AdRegionsQuery",
    "AdsPlatform",
    "AdsQuery",
    "BoostPostBody",
]

AdsPlatform = Literal["facebook", "instagram"]
"""The networks of the ads routes' ``{platform}`` (the GraphQL page lists both)."""


def _positive(_: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and (isinstance(value, bool) or value <= 0):
        raise ValidationError(f"{attribute.name}: {value!r}; allowed: a number > 0")


@attrs.frozen(kw_only=True)
class AdAccountsQuery(RequestModel):
    """Query of ``GET /ads/{platform}/accounts`` (``limit``: server default 100)."""

    limit: int | None = attrs.field(default=None, validator=int_range(1))


@attrs.frozen(kw_only=True)
class AdInterestsQuery(RequestModel):
    """Query of ``GET /ads/{platform}/interests``: audience interests matching ``search``."""

    search: str


@attrs.frozen(kw_only=True)
class AdRegionsQuery(RequestModel):
    """Query of ``GET /ads/{platform}/regions``."""

    country_code: str | None = None


@attrs.frozen(kw_only=True)
class AdCitiesQuery(RequestModel):
    """Query of ``GET /ads/{platform}/cities``."""

    country_code: str | None = None
    region_id: str | None = None
    search: str | None = None


@attrs.frozen(kw_only=True)
class AdsQuery(RequestModel):
    """Query of ``GET /ads/{platform}/ads``: at least one filter. ``social_post_id`` is the
    network's own post id, for posts not published through Ayrshare."""

    campaign_id: str | None = None
    account_id: str | None = None
    ad_id: str | None = None
    post_id: str | None = None
    social_post_id: str | None = None

    def __attrs_post_init__(self) -> None:
        at_least_one(self, "campaign_id", "account_id", "ad_id", "post_id", "social_post_id")


@attrs.frozen(kw_only=True)
class BoostPostBody(RequestModel):
    """Body of ``POST /ads/{platform}/boost``: turn a published post into an ad. ``account_id`` is
    an ad account from ``ads.list_accounts``; the user needs a Meta payment method."""

    post_id: str | None = None
    account_id: str | None = None
    budget: float | None = attrs.field(default=None, validator=_positive)
    duration: int | None = attrs.field(default=None, validator=int_range(1))
    goal: str | None = None
    audience: Mapping[str, Any] | None = None
