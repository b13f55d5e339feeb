"""Plausible success answers for the documented routes that keep no state.

They let every SDK method run against the emulator: auth, Profile-Key, rate limits, compression
and faults apply to them as to any route, but they remember nothing and check little. Shapes follow
Ayrshare's own API flows and the fact sheet's response notes where they have them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._platforms import TEXT_LIMITS
from ._wire import ApiError, format_time

__all__ = ["CANNED", "auto_hashtags"]

Answer = Callable[[Call], Reply]


def _ok(**fields: Any) -> dict[str, Any]:
    return {"status": "success", **fields}


def _new_id(call: Call) -> str:
    return call.state.new_post_id()


def _body_str(call: Call, name: str, default: str = "") -> str:
    value = call.body().get(name)
    return value if isinstance(value, str) else default


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
    """The linking URL of the profile named by the body's ``profileKey`` (else the caller's)."""
    key = call.body().get("profileKey")
    profile = call.state.profiles.get(key) if isinstance(key, str) else call.profile
    if profile is None:
        raise ApiError(404, codes.PROFILE_NOT_FOUND, "No User Profile has this profileKey")
    domain = _body_str(call, "domain", "emulator")
    token = f"emulated.{_new_id(call)}.jwt"
    return 200, _ok(
        title=profile.title,
        token=token,
        url=f"https://profile.ayrshare.com?jwt={token}&domain={domain}",
    )


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{3,}")


def auto_hashtags(call: Call) -> Reply:
    """``POST /hashtags/auto`` (and the older ``/auto-hashtag``): the post's longest words become
    up to ``max`` hashtags (1-10, default 2; ``maxHashtags`` is the older name), appended at the
    end (``position: "end"``) or marked in place (``"auto"``, the default)."""
    body = call.body()
    text = _body_str(call, "post")
    if not text or len(text) > 1000:
        raise ApiError(400, codes.BAD_REQUEST, "post is required (at most 1000 characters)")
    wanted = body.get("max", body.get("maxHashtags", 2))
    if isinstance(wanted, bool) or not isinstance(wanted, int) or not 1 <= wanted <= 10:
        raise ApiError(400, codes.BAD_REQUEST, "max must be a whole number from 1 to 10")
    words = sorted(dict.fromkeys(m.group() for m in _WORD.finditer(text)), key=len, reverse=True)
    chosen = words[:wanted] or ["emulated"]
    if body.get("position") == "end":
        tagged = f"{text} {' '.join('#' + w.lower() for w in chosen)}"
    else:
        tagged = text
        for word in chosen:
            tagged = re.sub(rf"\b{re.escape(word)}\b", f"#{word}", tagged, count=1)
    return 200, _ok(post=tagged)


def _resized(call: Call) -> Reply:
    """``POST /media/resize``: where the resized image would be (nothing is fetched)."""
    source = _body_str(call, "mediaUrl")
    extension = "png" if source.lower().endswith(".png") else "jpg"
    answer = _ok(url=f"https://media.ayrshare.com/resized/{_new_id(call)}.{extension}")
    platform = _body_str(call, "platform")
    if platform:
        answer["platform"] = platform
    return 200, answer


def _post_length(call: Call) -> Reply:
    text = _body_str(call, "post")
    return 200, _ok(
        weightedLength=len(text),
        valid={p: len(text) <= limit for p, limit in TEXT_LIMITS.items()},
        maxCharLimits=dict(TEXT_LIMITS),
    )


def _user_batch(call: Call) -> Reply:
    answer = _ok(
        url=f"https://batch.emulator.invalid/{_new_id(call)}.json",
        urlAvailable=True,
        urlExpires=format_time(call.now + timedelta(days=7)),
        lastUpdated=format_time(call.now),
        nextUpdate=format_time(call.now + timedelta(hours=3)),
    )
    call.webhooks.batch_ready(call.profile, answer, call.now)
    return 200, answer


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
    ("GET", "/analytics/links", "analytics.links_legacy", lambda _call: (200, []), False),
    ("GET", "/brand/byUser", "brand.by_user", _fixed(brand={}), False),
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
    ("POST", "/hashtags/auto", "hashtags.auto", auto_hashtags, False),
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
    ("POST", "/media/resize", "media.resize", _resized, False),
    ("GET", "/media", "media.list", _fixed(media=[]), False),
    (
        "GET",
        "/messages/autoresponse",
        "messages.get_autoresponse",
        _fixed(autoResponseActive=False),
        False,
    ),
    ("POST", "/messages/autoresponse", "messages.set_autoresponse", _fixed(), False),
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
)
