"""Models of the ``/user`` routes: the (primary or user) profile's details and the batch export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from .._serde import RequestModel, ResponseModel

__all__ = ["DisplayName", "UserBatchResponse", "UserDetails", "UserGetQuery"]


@attrs.frozen(kw_only=True)
class UserGetQuery(RequestModel):
    """Options of ``GET /user``: ``instagram_details`` adds account type and used quota (slower)."""

    instagram_details: bool | None = None


@attrs.frozen(kw_only=True)
class DisplayName(ResponseModel):
    """One linked social account of the profile (``displayNames[]``); fields vary by network.

    ``id`` is always a string here (Telegram sends a number; ``to_dict()`` keeps it as sent).
    """

    platform: str | None = None
    id: str | None = None
    display_name: str | None = None
    username: str | None = None
    profile_url: str | None = None
    user_image: str | None = None
    created: dt.datetime | None = None
    description: str | None = None
    page_name: str | None = None
    user_id: str | None = None
    messaging_active: bool | None = None
    type: str | None = None
    used_quota: int | None = None
    refresh_days_remaining: int | None = None
    refresh_required: dt.datetime | None = None
    subscription_type: str | None = None
    verified_type: str | None = None
    twitter_usage: Mapping[str, Any] | None = None
    maps_url: str | None = None
    place_id: str | None = None
    review_url: str | None = None


@attrs.frozen(kw_only=True)
class UserDetails(ResponseModel):
    """Answer of ``GET /user``. ``active_social_accounts`` is absent when nothing is linked."""

    ref_id: str
    title: str | None = None
    active_social_accounts: list[str] | None = None
    display_names: list[DisplayName] | None = None
    email: str | None = None
    ayrlink_url: str | None = None
    created: dt.datetime | None = None
    last_api_call: dt.datetime | None = None
    messaging_conversation_monthly_count: int | None = None
    messaging_enabled: bool | None = None
    monthly_api_calls: int | None = None
    monthly_post_count: int | None = None
    monthly_post_quota: int | None = None
    monthly_api_calls_quota: int | None = None
    last_updated: dt.datetime | None = None
    next_update: dt.datetime | None = None

    def account(self, platform: str) -> DisplayName | None:
        """The linked account on ``platform``, or None when that network is not linked."""
        return next((d for d in self.display_names or () if d.platform == platform), None)


@attrs.frozen(kw_only=True)
class UserBatchResponse(ResponseModel):
    """Answer of ``GET /user/batch``: a pre-signed URL of a file with every profile's details
    (a new file at most every 3 hours; the URL expires after 7 days)."""

    success: bool | None = None
    status: str | None = None
    url: str | None = attrs.field(default=None, repr=False)
    url_available: bool | None = None
    url_expires: dt.datetime | None = None
    last_updated: dt.datetime | None = None
    next_update: dt.datetime | None = None
