"""Plausible success answers for every documented route the emulator does not model.

They let every SDK method run against the emulator: auth, Profile-Key, rate limits, compression
and faults apply to them as to any route, but they keep no state and accept any input. Shapes follow
the fact sheet's response notes where it has them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._platforms import TEXT_LIMITS, canonical_platform
from ._wire import ApiError, format_time

__all__ = ["CANNED"]

Answer = Callable[[Call], Reply]


def _ok(**fields: Any) -> dict[str, Any]:
    return {"status": "success", **fields}


def _new_id(call: Call) -> str:
    return call.state.new_post_id()


def _body_str(call: Call, name: str, default: str = "") -> str:
    value = call.body().get(name)
    return value if isinstance(value, str) else default


def _requested_platforms(call: Call) -> list[str]:
    requested = call.body().get("platforms")
    if isinstance(requested, list):
        found = (canonical_platform(p) for p in requested if isinstance(p, str))
        return [p for p in found if p is not None]
    return call.profile.active_networks()


def _post_analytics(call: Call) -> Reply:
    post_id = _body_str(call, "id")
    post = call.profile.posts.get(post_id)
    stats = {"likeCount": 0, "commentsCount": 0, "impressions": 0, "shareCount": 0}
    body = _ok(id=post_id)
    if post is not None:
        for sent in post.post_ids:
            body[sent["platform"]] = {
                "id": sent["id"],
                "postUrl": sent["postUrl"],
                "analytics": dict(stats),
            }
    else:
        for platform in _requested_platforms(call):
            body[platform] = {"analytics": dict(stats)}
    return 200, body


def _social_analytics(call: Call) -> Reply:
    body = _ok()
    for platform in _requested_platforms(call):
        body[platform] = {"analytics": {"followersCount": 0, "followingCount": 0, "postsCount": 0}}
    return 200, body


def _link_session(call: Call) -> Reply:
    if not call.profile_from_header:
        raise ApiError(400, codes.BAD_REQUEST, "The Profile-Key header is required", action="link")
    session = _new_id(call)
    return 200, _ok(
        sessionId=session,
        url=f"https://profile.ayrshare.com/session/{session}",
        expiresAt=format_time(call.now + timedelta(minutes=5)),
        title=call.profile.title,
    )


def _generate_jwt(call: Call) -> Reply:
    domain = _body_str(call, "domain", "emulator")
    token = f"emulated.{_new_id(call)}.jwt"
    return 200, _ok(
        title=call.profile.title,
        token=token,
        url=f"https://profile.ayrshare.com?domain={domain}&jwt={token}",
    )


def _post_length(call: Call) -> Reply:
    text = _body_str(call, "post")
    return 200, _ok(
        weightedLength=len(text),
        valid={p: len(text) <= limit for p, limit in TEXT_LIMITS.items()},
        maxCharLimits=dict(TEXT_LIMITS),
    )


def _user_batch(call: Call) -> Reply:
    return 200, _ok(
        url=f"https://batch.emulator.invalid/{_new_id(call)}.json",
        urlAvailable=True,
        urlExpires=format_time(call.now + timedelta(days=7)),
        lastUpdated=format_time(call.now),
        nextUpdate=format_time(call.now + timedelta(hours=3)),
    )


def _fixed(**fields: Any) -> Answer:
    body = _ok(**fields)
    return lambda _call: (200, dict(body))


def _with_new_id(name: str = "id", **fields: Any) -> Answer:
    return lambda call: (200, _ok(**{name: _new_id(call)}, **fields))


def _echo(*names: str) -> Answer:
    return lambda call: (200, _ok(**{n: call.body().get(n) for n in names}))


def _echo_param(name: str) -> Answer:
    return lambda call: (200, _ok(**{name: call.params[name]}))


CANNED: tuple[tuple[str, str, str, Answer, bool], ...] = (
    # (method, path, operation, answer, account_level)
    (
        "GET",
        "/ads/{platform}/accounts",
        "ads.list_accounts",
        _fixed(
            adAccounts=[
                {
                    "accountId": "act_100000000000001",
                    "name": "Emulated ad account",
                    "status": "ACTIVE",
                    "currency": "USD",
                    "balance": 0,
                    "amountSpent": 0,
                }
            ],
            count=1,
        ),
        False,
    ),
    (
        "GET",
        "/ads/{platform}/interests",
        "ads.search_targeting_interests",
        _fixed(
            interests=[{"id": "6003139266461", "name": "Emulated interest", "audienceSize": 1000}]
        ),
        False,
    ),
    (
        "GET",
        "/ads/{platform}/regions",
        "ads.search_targeting_regions",
        _fixed(regions=[{"key": "3847", "name": "California", "countryCode": "US"}]),
        False,
    ),
    (
        "GET",
        "/ads/{platform}/cities",
        "ads.search_targeting_cities",
        _fixed(cities=[{"key": "2420379", "name": "San Francisco", "countryCode": "US"}]),
        False,
    ),
    ("GET", "/ads/{platform}/ads", "ads.list_ads", _fixed(ads=[], count=0), False),
    ("GET", "/ads/{platform}/history", "ads.history", _fixed(history=[], count=0), False),
    ("PUT", "/ads/{platform}/ads", "ads.update", _echo("adId"), False),
    ("POST", "/ads/{platform}/boost", "ads.boost_post", _with_new_id("adId"), False),
    ("POST", "/analytics/post", "analytics.post", _post_analytics, False),
    ("POST", "/analytics/social", "analytics.social", _social_analytics, False),
    ("GET", "/analytics/links", "analytics.links_legacy", lambda _call: (200, []), False),
    ("GET", "/brand/byUser", "brand.by_user", _fixed(brand={}), False),
    ("POST", "/comments", "comments.create", _with_new_id("commentId"), False),
    (
        "GET",
        "/comments/{id}",
        "comments.get",
        lambda call: (200, _ok(id=call.params["id"], comments=[])),
        False,
    ),
    ("DELETE", "/comments/{id}", "comments.delete", _echo_param("id"), False),
    (
        "POST",
        "/comments/reply/{commentId}",
        "comments.reply",
        lambda call: (200, _ok(commentId=call.params["commentId"], id=_new_id(call))),
        False,
    ),
    ("POST", "/feed", "feed.create", _with_new_id(), False),
    ("GET", "/feed", "feed.list", _fixed(feeds=[]), False),
    ("PUT", "/feed", "feed.update", _echo("id"), False),
    ("DELETE", "/feed", "feed.delete", _echo("id"), False),
    (
        "POST",
        "/generate/post",
        "generate.post",
        lambda call: (
            200,
            _ok(
                post=f"{_body_str(call, 'text', 'Emulated post')} #emulated",
                usage=0,
                totalMonthlyUsage=0,
            ),
        ),
        False,
    ),
    (
        "POST",
        "/generate/rewrite",
        "generate.rewrite",
        lambda call: (
            200,
            _ok(
                post=[f"{_body_str(call, 'post')} ({n})" for n in range(1, 6)],
                usage=0,
                totalMonthlyUsage=0,
            ),
        ),
        False,
    ),
    ("POST", "/generate/transcription", "generate.transcription", _fixed(transcription=""), False),
    (
        "POST",
        "/generate/translate",
        "generate.translate",
        lambda call: (200, _ok(translation=_body_str(call, "text"))),
        False,
    ),
    ("POST", "/generate/altText", "generate.alt_text", _fixed(altText="An image."), False),
    (
        "POST",
        "/generate/sentiment",
        "generate.sentiment",
        _fixed(sentiment="neutral", score=0),
        False,
    ),
    (
        "POST",
        "/hashtags/auto",
        "hashtags.auto",
        lambda call: (200, _ok(post=f"{_body_str(call, 'post')} #emulated")),
        False,
    ),
    (
        "GET",
        "/hashtags/recommend",
        "hashtags.recommend",
        lambda call: (
            200,
            _ok(
                keyword=call.query.get("keyword") or "",
                recommendations=[{"name": call.query.get("keyword") or "", "viewCount": 0}],
            ),
        ),
        False,
    ),
    (
        "GET",
        "/hashtags/banned",
        "hashtags.banned",
        lambda call: (200, _ok(hashtag=call.query.get("hashtag"), banned=False)),
        False,
    ),
    (
        "POST",
        "/links",
        "links.create",
        lambda call: (
            200,
            _ok(
                id=(link := _new_id(call)),
                shortUrl=f"https://short.emulator.invalid/{link}",
                originalUrl=_body_str(call, "url"),
            ),
        ),
        False,
    ),
    (
        "GET",
        "/links/{id}",
        "links.get",
        lambda call: (200, _ok(analytics={"id": call.params["id"], "totalClicks": 0})),
        False,
    ),
    ("GET", "/links", "links.list", _fixed(analytics=[]), False),
    (
        "POST",
        "/media/upload",
        "media.upload",
        lambda call: (
            200,
            _ok(
                id=(media := _new_id(call)),
                url=f"https://img.emulator.invalid/{media}",
                fileName=_body_str(call, "fileName"),
            ),
        ),
        False,
    ),
    (
        "GET",
        "/media/uploadUrl",
        "media.upload_url",
        lambda call: (
            200,
            _ok(
                uploadUrl=f"https://upload.emulator.invalid/{(media := _new_id(call))}",
                accessUrl=f"https://img.emulator.invalid/{media}",
                contentType=call.query.get("contentType") or "application/octet-stream",
            ),
        ),
        False,
    ),
    (
        "POST",
        "/media/urlExists",
        "media.url_exists",
        lambda call: (200, _ok(exists=_body_str(call, "mediaUrl").startswith("https://"))),
        False,
    ),
    ("GET", "/media/meta", "media.meta", _fixed(mediaType="image"), False),
    (
        "POST",
        "/media/resize",
        "media.resize",
        lambda call: (200, _ok(url=f"https://img.emulator.invalid/{_new_id(call)}")),
        False,
    ),
    ("GET", "/media", "media.list", _fixed(media=[]), False),
    (
        "GET",
        "/messages/autoresponse",
        "messages.get_autoresponse",
        _fixed(autoResponseActive=False),
        False,
    ),
    ("POST", "/messages/autoresponse", "messages.set_autoresponse", _fixed(), False),
    ("GET", "/messages/{platform}", "messages.list", _fixed(messages=[]), False),
    (
        "POST",
        "/messages/{platform}",
        "messages.send",
        lambda call: (
            200,
            _ok(messageId=_new_id(call), recipientId=call.body().get("recipientId")),
        ),
        False,
    ),
    ("POST", "/profiles/link-sessions", "profiles.create_link_session", _link_session, False),
    ("POST", "/profiles/generateJWT", "profiles.generate_jwt", _generate_jwt, False),
    ("GET", "/reviews", "reviews.list", _fixed(reviews=[]), False),
    ("GET", "/reviews/{id}", "reviews.get", _echo_param("id"), False),
    ("POST", "/reviews", "reviews.reply", _echo("reviewId", "reply"), False),
    ("DELETE", "/reviews", "reviews.delete_reply", _echo("reviewId"), False),
    ("GET", "/user/batch", "user.batch", _user_batch, True),
    (
        "GET",
        "/error-explainer",
        "utils.explain_error",
        _fixed(explanation="The emulator does not explain errors; see docs/testing.md."),
        False,
    ),
    (
        "POST",
        "/validate/post",
        "validate.post",
        _fixed(message="The post passed validation"),
        False,
    ),
    ("POST", "/validate/postLength", "validate.post_length", _post_length, False),
    ("POST", "/validate/json", "validate.json", _fixed(valid=True), False),
    ("POST", "/hook/webhook", "webhooks.register", _echo("action", "url"), False),
    ("DELETE", "/hook/webhook", "webhooks.unregister", _echo("action"), False),
    ("GET", "/hook/webhook", "webhooks.list", _fixed(webhooks=[]), False),
)
