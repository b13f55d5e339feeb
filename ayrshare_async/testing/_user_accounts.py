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


def _fixed_fields(platform: str, account: LinkedAccount) -> dict[str, Any]:
    """The fields of a network's entry that never change once the account is linked."""
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
    if platform in ("facebook", "instagram"):
        record.update(pageName=account.display_name, userId=account.account_id[::-1])
    elif platform == "linkedin":
        record.update(refreshRequired=format_time(account.created + LINK_REFRESH), type="personal")
    elif platform == "gmb":
        place = f"ChIJ{account.account_id}"
        record.update(
            description="",
            mapsUrl=f"https://maps.google.com/maps?cid={account.account_id}",
            placeId=place,
            reviewUrl=f"https://search.google.com/local/writereview?placeid={place}",
        )
    elif platform == "telegram":
        record["type"] = "channel"
    elif platform == "twitter":
        record.update(subscriptionType="None", verifiedType="none")
    elif platform == "bluesky":
        record["description"] = ""
    return record


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
    if account.listing is None:
        account.listing = _fixed_fields(platform, account)
    record = dict(account.listing)
    if platform in ("facebook", "instagram", "twitter"):
        record["messagingActive"] = bool(profile.settings.get("messagingActive", False))
    if platform == "instagram" and instagram_details:
        record.update(type="business", usedQuota=profile.instagram_quota(now))
    elif platform == "linkedin":
        record["refreshDaysRemaining"] = max(0, (account.created + LINK_REFRESH - now).days)
    return record
