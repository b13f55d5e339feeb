"""Short links (Max Pack): shorten a URL with UTM tags, read click analytics."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .._errors import ValidationError
from .._serde import RequestModel, ResponseModel
from ._common import https_url

__all__ = [
    "LinkAnalytics",
    "LinkAnalyticsQuery",
    "LinkAnalyticsResponse",
    "LinkCreateBody",
    "LinkListResponse",
    "ShortLink",
]


@attrs.frozen(kw_only=True)
class LinkCreateBody(RequestModel):
    """Body of ``POST /links``. The same URL always gives the same short link; add a query
    parameter to the URL to get a distinct one."""

    url: str = attrs.field(validator=https_url)
    utm_id: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    utm_term: str | None = None
    utm_content: str | None = None


def _date_filter(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, dt.datetime) and (value.tzinfo is None or value.utcoffset() is None):
        raise ValidationError(
            f"{attribute.name}: {value.isoformat()!r} has no timezone; "
            "give an aware datetime (e.g. tzinfo=timezone.utc) or a date string"
        )


@attrs.frozen(kw_only=True)
class LinkAnalyticsQuery(RequestModel):
    """Query of ``GET /links`` and ``GET /links/{id}``: windows on creation and click dates.

    A datetime is sent as UTC ``YYYY-MM-DDTHH:MM:SSZ``; a string is sent unchanged.
    """

    from_created_date: dt.datetime | str | None = attrs.field(default=None, validator=_date_filter)
    to_created_date: dt.datetime | str | None = attrs.field(default=None, validator=_date_filter)
    from_click_date: dt.datetime | str | None = attrs.field(default=None, validator=_date_filter)
    to_click_date: dt.datetime | str | None = attrs.field(default=None, validator=_date_filter)


@attrs.frozen(kw_only=True)
class ShortLink(ResponseModel):
    """``POST /links``: the short link (``https://ayrs.io/...``) and what it points to."""

    status: str
    id: str
    short_url: str
    original_url: str
    created: Any = None
    utm_id: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    utm_term: str | None = None
    utm_content: str | None = None


@attrs.frozen(kw_only=True)
class LinkAnalytics(ResponseModel):
    """Click analytics of one short link; the per-browser, per-referrer and per-network
    breakdowns (``browserCounts``, ``refererCounts``, ``socialClicks``) are in ``extra``."""

    id: str | None = None
    short_url: str | None = None
    original_url: str | None = None
    created: Any = None
    total_clicks: int | None = None
    utm_id: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    utm_term: str | None = None
    utm_content: str | None = None


@attrs.frozen(kw_only=True)
class LinkAnalyticsResponse(ResponseModel):
    """``GET /links/{id}``."""

    status: str
    analytics: LinkAnalytics


@attrs.frozen(kw_only=True)
class LinkListResponse(ResponseModel):
    """``GET /links``: every short link of the profile with its analytics."""

    status: str
    analytics: list[LinkAnalytics]
