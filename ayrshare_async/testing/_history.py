"""History handlers: ``/history``, ``/history/{id}`` and a network's own posts in
``/history/{platform}`` (each network's fields are in ``_history_items``)."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._history_items import native_record
from ._params import decode_cursor, encode_cursor, platform_list
from ._platforms import HISTORY_PLATFORMS, PLATFORM_NAMES, canonical_platform
from ._posts import find_post, post_record
from ._state import NativePost
from ._wire import ApiError, format_time, parse_time

__all__ = ["get_history", "history_by_platform", "is_platform_param", "list_history"]


def list_history(call: Call) -> Reply:
    query = call.query
    limit = query.get_int("limit", 25, minimum=1, maximum=1000)
    last_days = query.get_int("lastDays", 30, minimum=0, maximum=100_000)
    start = parse_time(query.get("startDate"), "startDate") if query.get("startDate") else None
    end = parse_time(query.get("endDate"), "endDate") if query.get("endDate") else None
    if start is None and end is None and last_days > 0:
        start = call.now - timedelta(days=last_days)
    status = query.get("status")
    kind = query.get("type")
    platforms = set(platform_list(query.get_list("platforms"), "platforms", action="history"))
    history: list[dict[str, Any]] = []
    for post in reversed(call.profile.posts.values()):
        if start is not None and post.created < start:
            break
        if len(history) >= limit:
            break
        if end is not None and post.created > end:
            continue
        if status is None and post.status == "deleted":
            continue
        if status is not None and post.status != status:
            continue
        if kind is not None and ("scheduled" if post.scheduled else "immediate") != kind:
            continue
        if platforms and platforms.isdisjoint(post.platforms):
            continue
        history.append(post_record(post))
    return 200, {
        "history": history,
        "refId": call.profile.ref_id,
        "count": len(history),
        "lastUpdated": format_time(call.now),
        "nextUpdate": format_time(call.now + timedelta(minutes=1)),
    }


def get_history(call: Call) -> Reply:
    return 200, post_record(find_post(call, call.params["id"], action="history"))


def history_by_platform(call: Call) -> Reply:
    platform = canonical_platform(call.params["platform"]) or ""
    name = PLATFORM_NAMES[platform]
    if platform not in HISTORY_PLATFORMS:
        raise ApiError(
            400, codes.BAD_REQUEST, f"Post history is not available for {name}", action="history"
        )
    query = call.query
    if call.profile_from_header and ("userId" in query or "userName" in query):
        raise ApiError(
            400,
            codes.BAD_REQUEST,
            "userId and userName work with the API key only, not with a Profile-Key",
            action="history",
        )
    call.require_network(platform, "history")
    account = call.profile.linked[platform]
    limit = query.get_int("limit", 10, minimum=1, maximum=500)
    posts = call.profile.native.get(platform, [])
    end = len(posts)
    cursor = query.get("next")
    if cursor:
        end = bisect.bisect_left(posts, decode_cursor("h", cursor, "next"), key=_native_seq)
    page: list[NativePost] = []
    index = end - 1
    while index >= 0 and len(page) < limit:
        if not posts[index].deleted:
            page.append(posts[index])
        index -= 1
    while index >= 0 and posts[index].deleted:
        index -= 1
    next_cursor = encode_cursor("h", page[-1].seq) if page and index >= 0 else None
    return 200, {
        "status": "success",
        "posts": [native_record(platform, p, account, call.now) for p in page],
        "lastUpdated": format_time(call.now),
        "nextUpdate": format_time(call.now + timedelta(minutes=30)),
        "meta": {"pagination": {"next": next_cursor}},
    }


def _native_seq(native: NativePost) -> int:
    return native.seq


def is_platform_param(params: Mapping[str, str]) -> bool:
    return canonical_platform(params["platform"]) is not None
