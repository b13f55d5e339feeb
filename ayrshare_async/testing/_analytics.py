"""Analytics handlers: ``POST /analytics/post`` (a post's metrics per network) and
``POST /analytics/social`` (each linked account's metrics); the fields are in
``_analytics_fields``.

Each requested network answers on its own: one that cannot (not linked, not where the post went,
X without the BYO headers) goes to ``errors[]``. The answer is ``success`` when every network
answered, ``partial`` (still HTTP 200) when some did, and an HTTP 400 ``error`` when none did.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from . import _codes as codes
from ._analytics_fields import post_metrics, social_metrics
from ._call import Call, Reply
from ._params import platform_list, require_str
from ._platforms import PLATFORM_NAMES, PLATFORMS
from ._posts import find_post
from ._publishing import platform_error
from ._state import NativePost
from ._wire import ApiError, format_time

__all__ = ["post_analytics", "social_analytics"]

NO_POST_ANALYTICS = frozenset({"gmb", "telegram"})
_REFRESH = timedelta(minutes=10)


def _answer(body: dict[str, Any], answered: int, errors: list[dict[str, Any]]) -> Reply:
    if errors:
        body["errors"] = errors
    body["status"] = "success" if not errors else "partial" if answered else "error"
    return (400 if body["status"] == "error" else 200), body


def _natives_of(call: Call, body: dict[str, Any], post_id: str) -> dict[str, NativePost | None]:
    requested = body.get("platforms")
    wanted = (
        None if requested is None else platform_list(requested, "platforms", action="analytics")
    )
    if body.get("searchPlatformId") is True:
        if wanted is None or len(wanted) != 1:
            raise ApiError(
                400,
                codes.BAD_REQUEST,
                "With searchPlatformId give exactly one platform: whose post id it is",
                action="analytics",
            )
        native = call.profile.native_post(wanted[0], post_id)
        if native is None:
            raise ApiError(
                404, codes.POST_NOT_FOUND, "Social post id not found", action="analytics"
            )
        return {wanted[0]: native}
    post = find_post(call, post_id, action="analytics")
    if post.status == "deleted":
        raise ApiError(404, codes.ALREADY_DELETED, "Post has been deleted", action="analytics")
    sent = {p: n for p, n in post.natives.items() if not n.deleted}
    chosen = wanted if wanted is not None else sorted(sent, key=PLATFORMS.index)
    return {platform: sent.get(platform) for platform in chosen}


def post_analytics(call: Call) -> Reply:
    body = call.body()
    post_id = require_str(body, "id", action="analytics")
    answer: dict[str, Any] = {"status": "success", "id": post_id}
    errors: list[dict[str, Any]] = []
    for platform, native in _natives_of(call, body, post_id).items():
        name = PLATFORM_NAMES[platform]
        problem = call.network_problem(platform, "analytics")
        if problem is None and platform in NO_POST_ANALYTICS:
            problem = platform_error(
                platform, codes.NOT_SUPPORTED, f"{name} has no post analytics", action="analytics"
            )
        if problem is None and native is None:
            problem = platform_error(
                platform,
                codes.NOT_ON_NETWORK,
                f"The post was not published on {name}",
                action="analytics",
            )
        if problem is not None:
            errors.append(problem)
            continue
        assert native is not None
        answer[platform] = {
            "id": native.id,
            "postUrl": native.url,
            "analytics": post_metrics(platform, native, call.profile.linked[platform]),
            "lastUpdated": format_time(call.now),
            "nextUpdate": format_time(call.now + _REFRESH),
        }
    return _answer(answer, len(answer) - 2, errors)


def social_analytics(call: Call) -> Reply:
    body = call.body()
    platforms = platform_list(body.get("platforms"), "platforms", action="analytics")
    if not platforms:
        raise ApiError(400, codes.BAD_REQUEST, "platforms must not be empty", action="analytics")
    if call.profile_from_header and ("userId" in body or "userName" in body):
        raise ApiError(
            400,
            codes.BAD_REQUEST,
            "userId and userName work with the API key only, not with a Profile-Key",
            action="analytics",
        )
    answer: dict[str, Any] = {"status": "success"}
    errors: list[dict[str, Any]] = []
    for platform in platforms:
        problem = call.network_problem(platform, "analytics")
        if problem is not None:
            errors.append(problem)
            continue
        answer[platform] = {
            "analytics": social_metrics(call.profile, platform),
            "lastUpdated": format_time(call.now),
            "nextUpdate": format_time(call.now + _REFRESH),
        }
    return _answer(answer, len(answer) - 1, errors)
