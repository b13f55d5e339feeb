"""How ``GET /user`` describes each linked account (``displayNames[]``): the fields each network
has in the newest user docs and in Ayrshare's own API flows."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ._platforms import profile_url
from ._state import LinkedAccount, Profile
from ._wire import format_time

__all__ = ["display_name"]

LINK_REFRESH = timedelta(days=365)
"""LinkedIn links must be renewed within a year (``refreshDaysRemaining``)."""
_WITH_USERNAME = frozenset(
    {"bluesky", "instagram", "linkedin", "pinterest", "reddit", "threads", "tiktok", "twitter"}
    | {"youtube"}
)


def _network_fields(
    platform: str, account: LinkedAccount, profile: Profile, now: datetime, details: bool
) -> dict[str, Any]:
    if platform in ("facebook", "instagram"):
        fields: dict[str, Any] = {
            "messagingActive": bool(profile.settings.get("messagingActive", False)),
            "pageName": account.display_name,
            "userId": account.account_id[::-1],
        }
        if platform == "instagram" and details:
            fields.update(type="business", usedQuota=profile.instagram_quota(now))
        return fields
    if platform == "linkedin":
        expires = account.created + LINK_REFRESH
        return {
            "refreshDaysRemaining": max(0, (expires - now).days),
            "refreshRequired": format_time(expires),
            "type": "personal",
        }
    if platform == "gmb":
        return {
            "description": "",
            "mapsUrl": f"https://maps.google.com/maps?cid={account.account_id}",
            "placeId": f"ChIJ{account.account_id}",
            "reviewUrl": "https://search.google.com/local/writereview?placeid="
            f"ChIJ{account.account_id}",
        }
    if platform == "telegram":
        return {"type": "channel"}
    if platform == "twitter":
        return {
            "messagingActive": bool(profile.settings.get("messagingActive", False)),
            "subscriptionType": "None",
            "verifiedType": "none",
        }
    if platform == "bluesky":
        return {"description": ""}
    return {}


def _account_id(platform: str, account: LinkedAccount) -> str | int:
    if platform == "bluesky":
        return f"did:plc:{account.account_id}"
    if platform == "telegram":
        return -int(account.account_id)
    return account.account_id


def display_name(
    profile: Profile, platform: str, now: datetime, *, instagram_details: bool
) -> dict[str, Any]:
    """One entry of ``displayNames``; Instagram's ``type`` and ``usedQuota`` only on request
    (``instagramDetails``, or its older name ``instagramQuota``)."""
    account = profile.linked[platform]
    record: dict[str, Any] = {
        "created": format_time(account.created),
        "displayName": account.display_name,
        "platform": platform,
        "profileUrl": profile_url(platform, account.account_id, account.username),
        "userImage": f"https://img.emulator.invalid/{platform}/{account.account_id}.png",
    }
    if platform not in ("gmb", "reddit"):
        record["id"] = _account_id(platform, account)
    if platform in _WITH_USERNAME:
        record["username"] = account.username
    record.update(_network_fields(platform, account, profile, now, instagram_details))
    return dict(sorted(record.items()))
