"""The route tests' shared harness: the ``Case`` row, the client they call through, and the case
tables (one call per route of every group; each test file keeps the checks specific to its groups)."""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Callable
from typing import Any

import attrs

from ayrshare_async import AsyncAyrshare
from ayrshare_async.models import PostFirstComment

BASE = "https://api.ayrshare.com/api"
API_KEY = "test-key"
PROFILE_KEY = "PROFILE-KEY-TEST-4321"
UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 7, 8, 12, 30, tzinfo=UTC)
TLS = ssl.create_default_context()
"""Built once: loading the CA bundle per client would dominate the route tests' run time."""


@attrs.frozen
class Case:
    """One call and the request it must produce; ``reply`` is what the fake server answers.

    ``query`` lists the parameters in the order they must be sent.
    """

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    method: str
    path: str
    query: dict[str, str] = attrs.field(factory=dict)
    body: dict[str, Any] | None = None
    reply: Any = attrs.field(factory=lambda: {"status": "success"})


def bound_method(client: AsyncAyrshare, name: str) -> Callable[..., Any]:
    """The client method a route name such as ``"post.create"`` stands for."""
    group, method = name.split(".")
    bound: Callable[..., Any] = getattr(getattr(client, group), method)
    return bound


# post, history, user, profiles, auto_schedule, analytics, validate (see test_routes.py)
CORE_CASES = [
    # -- post -------------------------------------------------------------------------------------
    Case(
        "post.create",
        (),
        {
            "post": "Hello",
            "platforms": ["twitter", "facebook"],
            "media_urls": ["https://img.example.com/a.jpg"],
            "schedule_date": dt.datetime(
                2026, 7, 8, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
            ),
            "first_comment": PostFirstComment(comment="first!"),
            "facebook_options": {"reels": True},
            "linkedin_options": {"visibility": "public"},
            "requires_approval": True,
            "idempotency_key": "key-1",
        },
        "POST",
        "/post",
        body={
            "post": "Hello",
            "platforms": ["twitter", "facebook"],
            "mediaUrls": ["https://img.example.com/a.jpg"],
            "scheduleDate": "2026-07-08T12:30:00Z",
            "firstComment": {"comment": "first!"},
            "requiresApproval": True,
            "idempotencyKey": "key-1",
            "faceBookOptions": {"reels": True},
            "linkedInOptions": {"visibility": "public"},
        },
        reply={"status": "scheduled", "id": "K0Dm", "postIds": [], "errors": []},
    ),
    Case(
        "post.get",
        ("K0Dm",),
        {},
        "GET",
        "/post/K0Dm",
        reply={"id": "K0Dm", "status": "pending", "platforms": ["twitter"]},
    ),
    Case("post.delete", (), {"id": "K0Dm"}, "DELETE", "/post", body={"id": "K0Dm"}),
    Case(
        "post.update",
        (),
        {"id": "K0Dm", "approved": True, "schedule_date": WHEN, "notes": "ok by Jo"},
        "PATCH",
        "/post",
        body={
            "id": "K0Dm",
            "approved": True,
            "notes": "ok by Jo",
            "scheduleDate": "2026-07-08T12:30:00Z",
        },
    ),
    Case("post.retry", (), {"id": "K0Dm"}, "PUT", "/post/retry", body={"id": "K0Dm"}),
    # -- history ----------------------------------------------------------------------------------
    Case(
        "history.list",
        (),
        {"limit": 50, "platforms": ["twitter", "facebook"], "last_days": 0, "status": "error"},
        "GET",
        "/history",
        query={
            "limit": "50",
            "platforms[0]": "twitter",
            "platforms[1]": "facebook",
            "lastDays": "0",
            "status": "error",
        },
        reply={"history": [{"id": "K0Dm", "status": "error"}], "refId": "r1"},
    ),
    Case("history.get", ("K0Dm",), {}, "GET", "/history/K0Dm", reply={"id": "K0Dm"}),
    Case(
        "history.by_platform",
        ("instagram",),
        {"limit": 20, "skip_analytics": True, "next": "cur-1", "since": WHEN},
        "GET",
        "/history/instagram",
        query={
            "limit": "20",
            "skipAnalytics": "true",
            "next": "cur-1",
            "since": "2026-07-08T12:30:00Z",
        },
        reply={"status": "success", "posts": [{"id": "1789", "post": "hi"}]},
    ),
    # -- user -------------------------------------------------------------------------------------
    Case(
        "user.get",
        (),
        {"instagram_details": True},
        "GET",
        "/user",
        query={"instagramDetails": "true"},
        reply={"activeSocialAccounts": ["twitter"], "title": "Primary Profile", "refId": "r0"},
    ),
    Case(
        "user.batch",
        (),
        {},
        "GET",
        "/user/batch",
        reply={"success": True, "url": "https://files.example.com/batch.json"},
    ),
    # -- profiles ---------------------------------------------------------------------------------
    Case(
        "profiles.create",
        (),
        {"title": "Acme", "disable_social": ["tiktok"], "tags": ["vip"]},
        "POST",
        "/profiles",
        body={"title": "Acme", "disableSocial": ["tiktok"], "tags": ["vip"]},
        reply={"status": "success", "title": "Acme", "refId": "r1", "profileKey": "NEW-KEY"},
    ),
    Case(
        "profiles.list",
        (),
        {"includes_active_social_accounts": ["twitter", "facebook"], "limit": 10, "cursor": "c1"},
        "GET",
        "/profiles",
        query={
            "includesActiveSocialAccounts[0]": "twitter",
            "includesActiveSocialAccounts[1]": "facebook",
            "limit": "10",
            "cursor": "c1",
        },
        reply={"profiles": [{"title": "Acme", "refId": "r1"}], "hasMore": False},
    ),
    Case(
        "profiles.update",
        (),
        {"title": "Acme", "tags": ["gold"], "x_account_activity_active": True},
        "PATCH",
        "/profiles",
        body={"title": "Acme", "tags": ["gold"], "xAccountActivityActive": True},
        reply={"status": "success", "refId": "r1"},
    ),
    Case(
        "profiles.delete",
        (),
        {"title": "Acme"},
        "DELETE",
        "/profiles",
        body={"title": "Acme"},
        reply={"status": "success", "refId": "r1"},
    ),
    Case(
        "profiles.generate_jwt",
        (),
        {
            "domain": "acme",
            "private_key": "-----BEGIN RSA PRIVATE KEY-----x",
            "user_profile_key": "USER-KEY",
            "expires_in": 30,
        },
        "POST",
        "/profiles/generateJWT",
        body={
            "domain": "acme",
            "privateKey": "-----BEGIN RSA PRIVATE KEY-----x",
            "profileKey": "USER-KEY",
            "expiresIn": 30,
        },
        reply={
            "status": "success",
            "title": "Acme",
            "token": "jwt",
            "url": "https://profile.ayrshare.com?jwt=x",
        },
    ),
    Case(
        "profiles.create_link_session",
        (),
        {"expires_in": 60, "allowed_social": ["twitter", "tiktok"], "mode": "grid"},
        "POST",
        "/profiles/link-sessions",
        body={"expiresIn": 60, "mode": "grid", "allowedSocial": ["twitter", "tiktok"]},
        reply={"status": "success", "sessionId": "s1", "url": "https://profile.ayrshare.com/s1"},
    ),
    Case(
        "profiles.unlink_social",
        (),
        {"platform": "tiktok"},
        "DELETE",
        "/profiles/social",
        body={"platform": "tiktok"},
        reply={"status": "success", "platform": "tiktok", "refId": "r1"},
    ),
    # -- auto_schedule ----------------------------------------------------------------------------
    Case(
        "auto_schedule.set",
        (),
        {"schedule": ["13:05Z", "20:14Z"], "title": "weekday", "days_of_week": [1, 3]},
        "POST",
        "/auto-schedule/set",
        body={"schedule": ["13:05Z", "20:14Z"], "title": "weekday", "daysOfWeek": [1, 3]},
    ),
    Case(
        "auto_schedule.list",
        (),
        {"title": "weekday"},
        "GET",
        "/auto-schedule/list",
        query={"title": "weekday"},
        reply={"status": "success", "schedules": [{"title": "weekday", "schedule": ["13:05Z"]}]},
    ),
    Case(
        "auto_schedule.delete",
        (),
        {"title": "weekday", "delete_last_schedule_date": True},
        "DELETE",
        "/auto-schedule/delete",
        body={"title": "weekday", "deleteLastScheduleDate": True},
    ),
    Case("auto_schedule.pending", (), {}, "GET", "/auto-schedule/pending"),
    # -- analytics --------------------------------------------------------------------------------
    Case(
        "analytics.post",
        (),
        {"id": "K0Dm", "platforms": ["twitter"]},
        "POST",
        "/analytics/post",
        body={"id": "K0Dm", "platforms": ["twitter"]},
        reply={"status": "success", "twitter": {"analytics": {"likeCount": 3}}},
    ),
    Case(
        "analytics.post_by_social_id",
        (),
        {"id": "1789", "platforms": ["facebook"]},
        "POST",
        "/analytics/post",
        body={"id": "1789", "platforms": ["facebook"], "searchPlatformId": True},
    ),
    Case(
        "analytics.social",
        (),
        {"platforms": ["facebook", "youtube"], "daily": True, "youtube": {"lifetime": True}},
        "POST",
        "/analytics/social",
        body={"platforms": ["facebook", "youtube"], "daily": True, "youtube": {"lifetime": True}},
        reply={"status": "partial", "facebook": {"analytics": {"followersCount": 9}}},
    ),
    Case(
        "analytics.links_legacy",
        (),
        {"last_days": 7},
        "GET",
        "/analytics/links",
        query={"lastDays": "7"},
        reply=[{"shortUrl": "https://ayr.app/x", "clicks": 2}],
    ),
    # -- validate ---------------------------------------------------------------------------------
    Case(
        "validate.post",
        (),
        {"post": "Hi", "platforms": ["twitter"], "media_urls": ["https://img.example.com/a.png"]},
        "POST",
        "/validate/post",
        body={
            "post": "Hi",
            "platforms": ["twitter"],
            "mediaUrls": ["https://img.example.com/a.png"],
        },
        reply={"status": "success", "message": "valid", "warnings": []},
    ),
    Case(
        "validate.post_length",
        (),
        {"post": "Hi"},
        "POST",
        "/validate/postLength",
        body={"post": "Hi"},
        reply={"twitterWeightedLength": 2, "twitterValid": True, "maxCharLimits": {"twitter": 280}},
    ),
    Case(
        "validate.json",
        (),
        {"extra_body": {"a": [1, 2]}},
        "POST",
        "/validate/json",
        body={"a": [1, 2]},
    ),
]

# ads, brand, comments, feed, generate, hashtags, links, media, messages, reviews, utils,
# webhooks (see test_routes_more.py)
MORE_CASES = [
    # -- ads ----------------------------------------------------------------------------------
    Case(
        "ads.list_accounts",
        ("facebook",),
        {"limit": 5},
        "GET",
        "/ads/facebook/accounts",
        query={"limit": "5"},
        reply={"adAccounts": [{"accountId": "act_1", "name": "Main"}], "count": 1},
    ),
    Case(
        "ads.search_targeting_interests",
        ("instagram",),
        {"search": "running shoes"},
        "GET",
        "/ads/instagram/interests",
        query={"search": "running shoes"},
    ),
    Case(
        "ads.search_targeting_regions",
        ("facebook",),
        {"country_code": "US"},
        "GET",
        "/ads/facebook/regions",
        query={"countryCode": "US"},
    ),
    Case(
        "ads.search_targeting_cities",
        ("facebook",),
        {"country_code": "US", "region_id": "3847", "search": "Aus"},
        "GET",
        "/ads/facebook/cities",
        query={"countryCode": "US", "regionId": "3847", "search": "Aus"},
    ),
    Case(
        "ads.list_ads",
        ("facebook",),
        {"account_id": "act_1", "social_post_id": "123_456"},
        "GET",
        "/ads/facebook/ads",
        query={"accountId": "act_1", "socialPostId": "123_456"},
    ),
    Case("ads.history", ("instagram",), {}, "GET", "/ads/instagram/history"),
    Case(
        "ads.update",
        ("facebook",),
        {"extra_body": {"adId": "ad_9", "status": "PAUSED"}},
        "PUT",
        "/ads/facebook/ads",
        body={"adId": "ad_9", "status": "PAUSED"},
    ),
    Case(
        "ads.boost_post",
        ("facebook",),
        {
            "post_id": "p1",
            "account_id": "act_1",
            "budget": 25.5,
            "duration": 7,
            "goal": "engagement",
            "audience": {"ageMin": 18, "countries": ["US"]},
        },
        "POST",
        "/ads/facebook/boost",
        body={
            "postId": "p1",
            "accountId": "act_1",
            "budget": 25.5,
            "duration": 7,
            "goal": "engagement",
            "audience": {"ageMin": 18, "countries": ["US"]},
        },
    ),
    # -- brand --------------------------------------------------------------------------------
    Case(
        "brand.by_user",
        (),
        {
            "platforms": ["instagram", "twitter"],
            "instagram_user": "nygiants",
            "twitter_user": "ayrshare",
        },
        "GET",
        "/brand/byUser",
        query={
            "platforms[0]": "instagram",
            "platforms[1]": "twitter",
            "instagramUser": "nygiants",
            "twitterUser": "ayrshare",
        },
    ),
    # -- comments -----------------------------------------------------------------------------
    Case(
        "comments.create",
        (),
        {
            "id": "Ut1fWU6XkqkMayHGnJZ",
            "comment": "Nice!",
            "platforms": ["facebook", "twitter"],
            "media_urls": ["https://img.ayrshare.com/012/gb.jpg"],
        },
        "POST",
        "/comments",
        body={
            "id": "Ut1fWU6XkqkMayHGnJZ",
            "comment": "Nice!",
            "platforms": ["facebook", "twitter"],
            "mediaUrls": ["https://img.ayrshare.com/012/gb.jpg"],
        },
        reply={
            "status": "success",
            "id": "Ut1fWU6XkqkMayHGnJZ",
            "commentId": "Gu8sGdAaf3l0Oa5fNxDO",
            "facebook": {
                "status": "success",
                "commentId": "8342_1234",
                "comment": "Nice!",
                "platform": "facebook",
            },
        },
    ),
    Case(
        "comments.get",
        ("17998833",),
        {"search_platform_id": True, "comment_id": True, "platform": "instagram"},
        "GET",
        "/comments/17998833",
        query={"searchPlatformId": "true", "commentId": "true", "platform": "instagram"},
        reply={
            "status": "success",
            "id": "17998833",
            "instagram": [
                {
                    "comment": "Love it",
                    "commentId": "1801",
                    "from": {"id": "u1", "username": "fan"},
                    "likeCount": 3,
                    "replies": [{"comment": "Thanks", "commentId": "1802"}],
                }
            ],
            "lastUpdated": "2026-03-01T10:00:00.000Z",
        },
    ),
    Case(
        "comments.delete",
        ("1801",),
        {"search_platform_id": True, "platform": "tiktok"},
        "DELETE",
        "/comments/1801",
        body={"searchPlatformId": True, "platform": "tiktok"},
        reply={
            "status": "success",
            "tiktok": {"action": "delete", "status": "success", "id": "1801", "comment": "x"},
        },
    ),
    Case(
        "comments.reply",
        ("Gu8sGdAaf3l0Oa5fNxDO",),
        {"comment": "Thank you", "platforms": ["linkedin"], "comment_urn": "urn:li:comment:1"},
        "POST",
        "/comments/reply/Gu8sGdAaf3l0Oa5fNxDO",
        body={"comment": "Thank you", "platforms": ["linkedin"], "commentUrn": "urn:li:comment:1"},
        reply={
            "status": "success",
            "commentId": "Gu8sGdAaf3l0Oa5fNxDO",
            "linkedin": {"status": "success", "commentId": "c2", "sourceCommentId": "c1"},
        },
    ),
    # -- feed ---------------------------------------------------------------------------------
    Case(
        "feed.create",
        (),
        {"url": "https://blog.example.com/rss", "type": "rss", "use_first_image": True},
        "POST",
        "/feed",
        body={"url": "https://blog.example.com/rss", "type": "rss", "useFirstImage": True},
        reply={"status": "success", "id": "f1", "feedURL": "https://blog.example.com/rss"},
    ),
    Case(
        "feed.list",
        (),
        {},
        "GET",
        "/feed",
        reply={"status": "success", "feeds": [{"id": "f1", "type": "rss", "autoHashtag": False}]},
    ),
    Case("feed.update", (), {"id": "f1"}, "PUT", "/feed", body={"id": "f1"}),
    Case(
        "feed.delete",
        (),
        {"id": "f1"},
        "DELETE",
        "/feed",
        body={"id": "f1"},
        reply={"status": "success", "id": "f1"},
    ),
    # -- generate -----------------------------------------------------------------------------
    Case(
        "generate.post",
        (),
        {"text": "Launch day", "hashtags": False, "twitter": True},
        "POST",
        "/generate/post",
        body={"text": "Launch day", "hashtags": False, "twitter": True},
        reply={"status": "success", "post": "It's launch day!", "totalMonthlyUsage": 1200},
    ),
    Case(
        "generate.rewrite",
        (),
        {"post": "Hello world", "rewrites": 2, "emojis": True},
        "POST",
        "/generate/rewrite",
        body={"post": "Hello world", "rewrites": 2, "emojis": True},
        reply={"status": "success", "post": ["Hi world", "Hey world"]},
    ),
    Case(
        "generate.transcription",
        (),
        {"video_url": "https://img.ayrshare.com/random/landscape5.mp4"},
        "POST",
        "/generate/transcription",
        body={"videoUrl": "https://img.ayrshare.com/random/landscape5.mp4"},
    ),
    Case(
        "generate.translate",
        (),
        {"text": "Good morning", "lang": "fr"},
        "POST",
        "/generate/translate",
        body={"text": "Good morning", "lang": "fr"},
    ),
    Case(
        "generate.alt_text",
        (),
        {"url": "https://img.ayrshare.com/012/gb.jpg"},
        "POST",
        "/generate/altText",
        body={"url": "https://img.ayrshare.com/012/gb.jpg"},
    ),
    Case(
        "generate.sentiment",
        (),
        {"text": "These shoes fade fast."},
        "POST",
        "/generate/sentiment",
        body={"text": "These shoes fade fast."},
    ),
    # -- hashtags -----------------------------------------------------------------------------
    Case(
        "hashtags.auto",
        (),
        {"post": "Sunny day at the beach", "max": 3, "position": "end", "language": "en"},
        "POST",
        "/hashtags/auto",
        body={"post": "Sunny day at the beach", "max": 3, "position": "end", "language": "en"},
        reply={"post": "Sunny day at the beach #beach #sun #summer"},
    ),
    Case(
        "hashtags.recommend",
        (),
        {"keyword": "travel"},
        "GET",
        "/hashtags/recommend",
        query={"keyword": "travel"},
        reply={"keyword": "travel", "recommendations": [{"name": "travel", "viewCount": 9000}]},
    ),
    Case(
        "hashtags.banned",
        (),
        {"hashtag": "#fun"},
        "GET",
        "/hashtags/banned",
        query={"hashtag": "#fun"},
    ),
    # -- links --------------------------------------------------------------------------------
    Case(
        "links.create",
        (),
        {"url": "https://www.ayrshare.com/pricing", "utm_source": "x", "utm_campaign": "spring"},
        "POST",
        "/links",
        body={"url": "https://www.ayrshare.com/pricing", "utmSource": "x", "utmCampaign": "spring"},
        reply={
            "status": "success",
            "id": "l1",
            "shortUrl": "https://ayrs.io/abc",
            "originalUrl": "https://www.ayrshare.com/pricing",
        },
    ),
    Case(
        "links.get",
        ("l1",),
        {"from_click_date": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)},
        "GET",
        "/links/l1",
        query={"fromClickDate": "2026-01-02T03:04:05Z"},
        reply={"status": "success", "analytics": {"id": "l1", "totalClicks": 12}},
    ),
    Case(
        "links.list",
        (),
        {"from_created_date": "2026-01-01", "to_created_date": "2026-02-01"},
        "GET",
        "/links",
        query={"fromCreatedDate": "2026-01-01", "toCreatedDate": "2026-02-01"},
        reply={"status": "success", "analytics": [{"id": "l1", "totalClicks": 12}]},
    ),
    # -- media --------------------------------------------------------------------------------
    Case(
        "media.upload",
        (),
        {"file": "data:image/png;base64,iVBORw0KGgo=", "file_name": "a.png"},
        "POST",
        "/media/upload",
        body={"file": "data:image/png;base64,iVBORw0KGgo=", "fileName": "a.png"},
        reply={"id": "m1", "url": "https://img.ayrshare.com/m1.png", "fileName": "a.png"},
    ),
    Case(
        "media.upload_url",
        (),
        {"file_name": "clip.mp4", "content_type": "mp4"},
        "GET",
        "/media/uploadUrl",
        query={"fileName": "clip.mp4", "contentType": "mp4"},
        reply={"accessUrl": "https://a", "contentType": "video/mp4", "uploadUrl": "https://u"},
    ),
    Case(
        "media.url_exists",
        (),
        {"media_url": "https://img.ayrshare.com/012/gb.jpg"},
        "POST",
        "/media/urlExists",
        body={"mediaUrl": "https://img.ayrshare.com/012/gb.jpg"},
    ),
    Case(
        "media.meta",
        (),
        {"url": "https://img.ayrshare.com/random/landscape16.mp4"},
        "GET",
        "/media/meta",
        query={"url": "https://img.ayrshare.com/random/landscape16.mp4"},
        reply={"codec": "h264", "duration": 28.24, "height": 1080, "size": 16275959},
    ),
    Case(
        "media.resize",
        (),
        {
            "image_url": "https://img.ayrshare.com/012/gb.jpg",
            "platform": "instagram",
            "mode": "blur",
            "convert_to_webp": True,
        },
        "POST",
        "/media/resize",
        body={
            "imageUrl": "https://img.ayrshare.com/012/gb.jpg",
            "platform": "instagram",
            "mode": "blur",
            "convertToWebP": True,
        },
        reply={"status": "success", "url": "https://media.ayrshare.com/r.jpg", "mode": "blur"},
    ),
    Case("media.list", (), {}, "GET", "/media"),
    # -- messages -----------------------------------------------------------------------------
    Case(
        "messages.list",
        ("twitter",),
        {"conversations_only": False, "status": "archived", "limit": 50, "next": "CUR1"},
        "GET",
        "/messages/twitter",
        query={"conversationsOnly": "false", "status": "archived", "limit": "50", "next": "CUR1"},
        reply={
            "status": "success",
            "messages": [{"id": "m1", "action": "received", "message": "Hi"}],
            "messagesCount": 1,
        },
    ),
    Case(
        "messages.send",
        ("instagram",),
        {"recipient_id": "17841400000000000", "message": "Thanks!"},
        "POST",
        "/messages/instagram",
        body={"recipientId": "17841400000000000", "message": "Thanks!"},
        reply={"status": "success", "recipientId": "17841400000000000", "messageId": "mid.1"},
    ),
    Case(
        "messages.get_autoresponse",
        (),
        {},
        "GET",
        "/messages/autoresponse",
        reply={"autoResponseActive": True, "autoResponseWaitSeconds": 30},
    ),
    Case(
        "messages.set_autoresponse",
        (),
        {"auto_response_message": "", "auto_response_wait_seconds": 60},
        "POST",
        "/messages/autoresponse",
        body={"autoResponseMessage": "", "autoResponseWaitSeconds": 60},
    ),
    # -- reviews ------------------------------------------------------------------------------
    Case(
        "reviews.list",
        (),
        {"platform": "gmb"},
        "GET",
        "/reviews",
        query={"platform": "gmb"},
        reply={
            "gmb": [
                {
                    "id": "r1",
                    "rating": "FIVE",
                    "review": "Great",
                    "reviewReply": {"reply": "Thanks"},
                    "reviewer": {"name": "Ann"},
                }
            ],
            "averageRating": 4.5,
            "totalReviewCount": 2,
        },
    ),
    Case(
        "reviews.get",
        ("r1",),
        {"platform": "facebook"},
        "GET",
        "/reviews/r1",
        query={"platform": "facebook"},
    ),
    Case(
        "reviews.reply",
        (),
        {"review_id": "r1", "platform": "facebook", "reply": "Thank you!"},
        "POST",
        "/reviews",
        body={"reviewId": "r1", "platform": "facebook", "reply": "Thank you!"},
        reply={"facebook": {"action": "reply", "status": "success", "id": "r1"}},
    ),
    Case(
        "reviews.delete_reply",
        (),
        {"review_id": "r1", "platform": "gmb"},
        "DELETE",
        "/reviews",
        body={"reviewId": "r1", "platform": "gmb"},
    ),
    # -- utils --------------------------------------------------------------------------------
    Case(
        "utils.explain_error",
        (),
        {"code": 156, "platform": "instagram"},
        "GET",
        "/error-explainer",
        query={"code": "156", "platform": "instagram"},
    ),
    # -- webhooks -----------------------------------------------------------------------------
    Case(
        "webhooks.register",
        (),
        {"action": "scheduled", "url": "https://hooks.example.com/ayr", "secret": "s3cr3t"},
        "POST",
        "/hook/webhook",
        body={"action": "scheduled", "url": "https://hooks.example.com/ayr", "secret": "s3cr3t"},
        reply={"status": "success", "action": "scheduled", "refId": "abc"},
    ),
    Case(
        "webhooks.unregister",
        (),
        {"action": "accountActivity"},
        "DELETE",
        "/hook/webhook",
        body={"action": "accountActivity"},
    ),
    Case(
        "webhooks.list",
        (),
        {"all_webhooks": True},
        "GET",
        "/hook/webhook",
        query={"allWebhooks": "true"},
        reply={"status": "success", "scheduled": "https://hooks.example.com/ayr"},
    ),
    Case(
        "webhooks.rotate_signing_secret",
        (),
        {"secret": "new-signing-secret"},
        "POST",
        "/hook/webhook/secret",
        body={"secret": "new-signing-secret"},
        reply={"status": "success", "action": "webhook", "refId": "3dc0796"},
    ),
]

CASES = CORE_CASES + MORE_CASES
