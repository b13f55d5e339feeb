"""Profile and user handlers: ``/profiles``, ``/profiles/social`` and ``/user``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._params import (
    bool_field,
    decode_cursor,
    encode_cursor,
    firestore_time,
    platform_list,
    require_str,
    str_list,
)
from ._platforms import UNLINKABLE, canonical_platform
from ._state import Profile, handle
from ._user_accounts import display_name
from ._wire import ApiError, format_time

__all__ = [
    "create_profile",
    "delete_profile",
    "get_user",
    "list_profiles",
    "unlink_social",
    "update_profile",
]


def get_user(call: Call) -> Reply:
    profile = call.profile
    details = call.query.get_bool("instagramDetails") or call.query.get_bool("instagramQuota")
    body: dict[str, Any] = {}
    networks = profile.active_networks()
    if networks:
        body["activeSocialAccounts"] = networks
    body["ayrlinkUrl"] = f"https://ayrl.ink/bio/{handle(profile.title)}"
    body["displayNames"] = [
        display_name(profile, p, call.now, instagram_details=bool(details)) for p in networks
    ]
    body["email"] = "primary@emulator.invalid" if profile.is_primary else None
    body["lastApiCall"] = format_time(profile.last_api_call or call.now)
    body["monthlyApiCalls"] = profile.api_calls
    body["monthlyPostCount"] = profile.post_count
    body["refId"] = profile.ref_id
    body["title"] = profile.title
    body["created"] = firestore_time(profile.created)
    body["lastUpdated"] = format_time(call.now)
    body["nextUpdate"] = format_time(call.now + timedelta(seconds=30))
    return 200, body


_PROFILE_SETTINGS = (
    "messagingActive",
    "hideTopHeader",
    "topHeader",
    "subHeader",
    "tags",
    "disableSocial",
    "team",
    "email",
    "xAccountActivityActive",
    "hideTitle",
    "displayTitle",
)
_BOOLEAN_SETTINGS = (
    "messagingActive",
    "hideTopHeader",
    "team",
    "xAccountActivityActive",
    "hideTitle",
)


def _profile_settings(body: Mapping[str, Any], *, action: str) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for name in _PROFILE_SETTINGS:
        if name not in body:
            continue
        value = body[name]
        if name in _BOOLEAN_SETTINGS:
            bool_field(body, name, action=action)
        elif name == "tags":
            value = str_list(value, name, action=action)
        elif name == "disableSocial":
            value = platform_list(value, name, action=action)
        elif not isinstance(value, str):
            raise ApiError(400, codes.BAD_REQUEST, f"{name} must be a string", action=action)
        settings[name] = value
    if settings.get("team") and not settings.get("email"):
        raise ApiError(400, codes.BAD_REQUEST, "email is required when team is true", action=action)
    return settings


def create_profile(call: Call) -> Reply:
    body = call.body()
    title = require_str(body, "title", action="profile")
    profile = call.state.create_profile(title, call.now, _profile_settings(body, action="profile"))
    return 200, {
        "status": "success",
        "title": profile.title,
        "refId": profile.ref_id,
        "profileKey": profile.key,
        "messagingActive": bool(profile.settings.get("messagingActive", False)),
    }


def _profile_record(profile: Profile) -> dict[str, Any]:
    record: dict[str, Any] = {
        "status": "suspended" if profile.suspended else "active",
        "title": profile.title,
        "refId": profile.ref_id,
        "created": firestore_time(profile.created),
        "createdUTC": format_time(profile.created),
        "activeSocialAccounts": profile.active_networks(),
        "suspended": profile.suspended,
        "messagingActive": bool(profile.settings.get("messagingActive", False)),
    }
    for name in (
        "tags",
        "disableSocial",
        "hideTopHeader",
        "topHeader",
        "subHeader",
        "hideTitle",
        "displayTitle",
    ):
        if name in profile.settings:
            record[name] = profile.settings[name]
    return record


def list_profiles(call: Call) -> Reply:
    query = call.query
    limit = query.get_int("limit", 5000, minimum=1, maximum=5000)
    has_active = query.get_bool("hasActiveSocialAccounts")
    includes = set(
        platform_list(
            query.get_list("includesActiveSocialAccounts"),
            "includesActiveSocialAccounts",
            action="profiles",
        )
    )

    def wanted(profile: Profile) -> bool:
        if has_active is not None and bool(profile.linked) != has_active:
            return False
        return includes.issubset(profile.linked)

    keys = query.get_list("profileKeys")
    if keys:
        chosen = (call.state.profiles.get(key) for key in dict.fromkeys(keys))
        page = [_profile_record(p) for p in chosen if p is not None and wanted(p)]
        return 200, {"profiles": page, "count": len(page), "hasMore": False}
    title, ref_id = query.get("title"), query.get("refId")
    if title is not None or ref_id is not None:
        found = (
            call.state.titles.get(title)
            if title is not None
            else call.state.ref_ids.get(ref_id or "")
        )
        if found is not None and ref_id is not None and found.ref_id != ref_id:
            found = None
        matches = [found] if found is not None and not found.is_primary and wanted(found) else []
        page = [_profile_record(p) for p in matches]
        return 200, {"profiles": page, "count": len(page), "hasMore": False}
    cursor = query.get("cursor")
    after = decode_cursor("p", cursor, "cursor") if cursor else 0
    records: list[dict[str, Any]] = []
    last_seq = after
    has_more = False
    for profile in call.state.profiles_after(after):
        if not wanted(profile):
            continue
        if len(records) >= limit:
            has_more = True
            break
        records.append(_profile_record(profile))
        last_seq = profile.seq
    body: dict[str, Any] = {"profiles": records, "count": len(records), "hasMore": has_more}
    if has_more:
        body["nextCursor"] = encode_cursor("p", last_seq)
    return 200, body


def _named_profile(call: Call) -> Profile | None:
    """The user profile a call acts on: the Profile-Key header's, else (the older form Ayrshare's
    flows still send) a ``profileKey`` in the body."""
    if call.profile_from_header:
        return call.profile
    key = call.body().get("profileKey")
    if not isinstance(key, str) or not key:
        return None
    found = call.state.profiles.get(key)
    if found is None:
        raise ApiError(
            404,
            codes.PROFILE_NOT_FOUND,
            "No User Profile has this Profile-Key (deleted, or never created)",
            action="profile",
        )
    return found


def update_profile(call: Call) -> Reply:
    profile = _named_profile(call)
    if profile is None:
        raise ApiError(
            400, codes.BAD_REQUEST, "The Profile-Key header is required", action="profile"
        )
    body = call.body()
    settings = _profile_settings(body, action="profile")
    if "title" in body:
        call.state.rename_profile(profile, require_str(body, "title", action="profile"))
    profile.settings.update(settings)
    return 200, {"status": "success", "refId": profile.ref_id}


def delete_profile(call: Call) -> Reply:
    profile = _named_profile(call)
    if profile is None:
        title = call.body().get("title")
        if not isinstance(title, str) or not title:
            raise ApiError(
                400, codes.BAD_REQUEST, "Send the Profile-Key header or a title", action="profile"
            )
        found = call.state.titles.get(title)
        if found is None:
            raise ApiError(
                404, codes.PROFILE_NOT_FOUND, "No User Profile has this title", action="profile"
            )
        profile = found
    call.state.delete_profile(profile)
    return 200, {"status": "success", "refId": profile.ref_id}


def unlink_social(call: Call) -> Reply:
    raw = require_str(call.body(), "platform", action="social")
    platform = canonical_platform(raw)
    if platform is None or platform not in UNLINKABLE:
        raise ApiError(
            400, codes.BAD_REQUEST, f"platform cannot be unlinked: {raw!r}", action="social"
        )
    before = dict(call.profile.linked)
    call.profile.linked.pop(platform, None)
    call.webhooks.social_changes(call.profile, before, call.now)
    return 200, {"status": "success", "platform": platform, "refId": call.profile.ref_id}
