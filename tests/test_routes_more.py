"""The routes of ads, brand, comments, feed, generate, hashtags, links, media, messages, reviews,
utils and webhooks: each call's wire request (method, path, query, camelCase body, Profile-Key
rule), its parsed response, and every input check (raised before anything is sent)."""

from __future__ import annotations

import datetime as dt
import json
import ssl
from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import httpx
import pytest
import respx

from ayrshare_async import AsyncAyrshare, ValidationError
from ayrshare_async.routes import ROUTES

BASE = "https://api.ayrshare.com/api"
PROFILE_KEY = "PROFILE-KEY-TEST-7788"
GROUPS = (
    "ads",
    "brand",
    "comments",
    "feed",
    "generate",
    "hashtags",
    "links",
    "media",
    "messages",
    "reviews",
    "utils",
    "webhooks",
)
ROUTES_BY_NAME = {route.name: route for route in ROUTES if route.group in GROUPS}
UTC = dt.timezone.utc


@attrs.frozen
class Case:
    """One call and the request it must produce; ``reply`` is what the fake server answers."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    method: str
    path: str
    query: dict[str, str] = attrs.field(factory=dict)
    body: dict[str, Any] | None = None
    reply: dict[str, Any] = attrs.field(factory=lambda: {"status": "success"})


CASES = [
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
    Case("feed.delete", (), {"id": "f1"}, "DELETE", "/feed", body={"id": "f1"}),
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
        reply={"status": "success", "id": "l1", "shortUrl": "https://ayrs.io/abc"},
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


_TLS = ssl.create_default_context()
"""Built once: loading the CA bundle per client would dominate these tests' run time."""


@pytest.fixture
async def client() -> AsyncIterator[AsyncAyrshare]:
    transport = httpx.AsyncHTTPTransport(verify=_TLS)
    async with AsyncAyrshare(
        api_key="test-key", base_url=BASE, max_retries=0, transport=transport
    ) as c:
        yield c


def _method(client: AsyncAyrshare, name: str) -> Callable[..., Any]:
    group, method = name.split(".")
    bound: Callable[..., Any] = getattr(getattr(client, group), method)
    return bound


def test_every_route_of_these_groups_has_a_case() -> None:
    assert sorted(case.name for case in CASES) == sorted(ROUTES_BY_NAME)
    per_group: dict[str, int] = {}
    for route in ROUTES_BY_NAME.values():
        per_group[route.group] = per_group.get(route.group, 0) + 1
    assert per_group == {
        "ads": 8,
        "brand": 1,
        "comments": 4,
        "feed": 4,
        "generate": 6,
        "hashtags": 3,
        "links": 3,
        "media": 6,
        "messages": 4,
        "reviews": 4,
        "utils": 1,
        "webhooks": 4,
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize("scoped", [True, False], ids=["with-profile", "no-profile"])
async def test_wire_request_and_parsed_response(
    client: AsyncAyrshare, case: Case, scoped: bool
) -> None:
    route = ROUTES_BY_NAME[case.name]
    caller = client.with_profile(PROFILE_KEY) if scoped else client
    with respx.mock(base_url=BASE, assert_all_called=True) as mock:
        endpoint = mock.route(method=case.method, path=case.path).respond(200, json=case.reply)
        result = await _method(caller, case.name)(*case.args, **case.kwargs)

    request = endpoint.calls.last.request
    assert request.method == route.method == case.method
    assert dict(request.url.params.multi_items()) == case.query
    if case.body is None:
        assert request.content == b""
    else:
        assert json.loads(request.content) == case.body
    assert request.headers["authorization"] == "Bearer test-key"
    sent_key = request.headers.get("profile-key")
    if route.profile_key == "refused" or not scoped:
        assert sent_key is None
    else:
        assert sent_key == PROFILE_KEY

    assert isinstance(result, route.response)
    assert result.to_dict() == case.reply


def test_every_route_of_these_groups_accepts_a_profile_key() -> None:
    assert {route.profile_key for route in ROUTES_BY_NAME.values()} == {"allowed"}


def test_only_pure_read_posts_are_retried() -> None:
    safe_posts = {
        name
        for name, route in ROUTES_BY_NAME.items()
        if route.method == "POST" and route.retry_safe
    }
    assert safe_posts == {"media.url_exists"}


def test_uncertain_routes_say_why() -> None:
    uncertain = {name for name, route in ROUTES_BY_NAME.items() if route.uncertain}
    assert {name for name in ROUTES_BY_NAME if name.startswith(("ads.", "brand.", "utils."))} <= (
        uncertain
    )
    assert {
        "feed.update",
        "generate.transcription",
        "media.list",
        "reviews.get",
        "webhooks.rotate_signing_secret",
    } <= uncertain
    assert "comments.create" not in uncertain


async def test_typed_fields_of_parsed_responses(client: AsyncAyrshare) -> None:
    replies = {case.name: case.reply for case in CASES}
    with respx.mock(base_url=BASE) as mock:
        mock.get("/comments/17998833").respond(200, json=replies["comments.get"])
        mock.get("/reviews").respond(200, json=replies["reviews.list"])
        mock.get("/media/meta").respond(200, json=replies["media.meta"])
        mock.post("/feed").respond(200, json=replies["feed.create"])
        comments = await client.comments.get("17998833")
        reviews = await client.reviews.list(platform="gmb")
        meta = await client.media.meta(url="https://img.ayrshare.com/a.mp4")
        feed = await client.feed.create(url="https://blog.example.com/rss")

    assert comments.instagram is not None
    first = comments.instagram[0]
    assert first.from_ is not None
    assert first.replies is not None
    assert (first.comment_id, first.like_count, first.from_.username) == ("1801", 3, "fan")
    assert first.replies[0].comment == "Thanks"
    assert comments.last_updated == "2026-03-01T10:00:00.000Z"
    assert reviews.gmb is not None
    assert reviews.gmb[0].review_reply is not None
    assert reviews.gmb[0].review_reply.reply == "Thanks"
    assert reviews.average_rating == 4.5
    assert (meta.duration, meta.size) == (28.24, 16275959)
    assert feed.feed_url == "https://blog.example.com/rss"


# -- input checks: each raises ValidationError naming the field, the bad value and what is
# -- allowed, and nothing is sent -------------------------------------------------------------

HTTP_IMAGE = "http://img.example.com/a.jpg"
IMAGE = "https://img.example.com/a.jpg"

INVALID = [
    ("ads.list_accounts", ("twitter",), {}, r"platform.*'twitter'.*facebook, instagram"),
    ("ads.list_accounts", ("facebook",), {"limit": 0}, r"limit: 0 .*>= 1"),
    ("ads.list_ads", ("facebook",), {}, r"campaign_id.*at least one"),
    ("ads.boost_post", ("facebook",), {"post_id": "p", "budget": 0}, r"budget: 0.*> 0"),
    ("ads.boost_post", ("facebook",), {"post_id": "p", "duration": 0}, r"duration: 0 .*>= 1"),
    ("brand.by_user", (), {"platforms": ["myspace"]}, r"platforms: 'myspace'.*allowed: bluesky"),
    ("comments.create", (), {"id": "p"}, r"comment: required"),
    (
        "comments.create",
        (),
        {"id": "p", "comment": "c", "platforms": ["pinterest"]},
        r"platforms: 'pinterest'.*allowed: bluesky, facebook",
    ),
    (
        "comments.create",
        (),
        {"id": "p", "comment": "c", "media_urls": [IMAGE, IMAGE]},
        r"media_urls: 2 URLs.*at most 1",
    ),
    (
        "comments.create",
        (),
        {"id": "p", "comment": "c", "media_urls": [HTTP_IMAGE]},
        r"media_urls: 'http://img.*https",
    ),
    (
        "comments.create",
        (),
        {"id": "p", "comment": "c", "platforms": ["instagram"], "media_urls": [IMAGE]},
        r"media_urls: .*instagram.*facebook, linkedin, twitter",
    ),
    (
        "comments.create",
        (),
        {
            "id": "p",
            "comment": "c",
            "platforms": ["facebook", "twitter"],
            "search_platform_id": True,
        },
        r"platforms: \['facebook', 'twitter'\].*exactly one",
    ),
    ("comments.get", ("c1",), {"comment_id": True}, r"comment_id: .*search_platform_id"),
    ("comments.get", ("c1",), {"search_platform_id": True}, r"platform: required"),
    ("comments.get", ("c1",), {"platform": "reddit"}, r"platform: 'reddit'.*allowed: bluesky"),
    ("comments.delete", ("c1",), {"platform": "gmb"}, r"platform: 'gmb' .*allowed: bluesky"),
    ("comments.delete", ("c1",), {"search_platform_id": True}, r"platform: required"),
    (
        "comments.reply",
        ("c1",),
        {"comment": "c", "platforms": ["tiktok"], "search_platform_id": True},
        r"video_id: required",
    ),
    (
        "comments.reply",
        ("c1",),
        {"comment": "c", "platforms": ["twitter"], "media_urls": [IMAGE]},
        r"media_urls: .*twitter.*facebook, linkedin",
    ),
    ("comments.reply", ("c1",), {"comment": "c", "platforms": []}, r"platforms: give at least"),
    ("feed.create", (), {"url": "https://b.example/rss", "type": "atom"}, r"type: 'atom'.*rss"),
    ("generate.post", (), {"hashtags": True}, r"text, media_urls: give at least one"),
    ("generate.post", (), {"media_urls": [HTTP_IMAGE]}, r"media_urls: 'http://"),
    ("generate.rewrite", (), {"post": "p", "rewrites": 6}, r"rewrites: 6 .*between 1 and 5"),
    ("generate.rewrite", (), {"post": "p", "rewrites": 0}, r"rewrites: 0 .*between 1 and 5"),
    ("generate.transcription", (), {"video_url": "ftp://x/v.mp4"}, r"video_url: 'ftp://"),
    ("generate.alt_text", (), {"url": HTTP_IMAGE}, r"url: 'http://"),
    ("hashtags.auto", (), {"post": "x" * 1001}, r"post: 1001 characters.*at most 1000"),
    ("hashtags.auto", (), {"post": "x", "max": 11}, r"max: 11 .*between 1 and 10"),
    ("hashtags.auto", (), {"post": "x", "max": 0}, r"max: 0 .*between 1 and 10"),
    ("hashtags.auto", (), {"post": "x", "position": "start"}, r"position: 'start'.*auto, end"),
    ("links.create", (), {"url": "http://example.com"}, r"url: 'http://example.com'.*https"),
    (
        "links.list",
        (),
        {"to_click_date": dt.datetime(2026, 1, 1)},
        r"to_click_date: '2026-01-01T00:00:00' has no timezone",
    ),
    ("media.upload", (), {"file": "/tmp/a.png"}, r"file: '/tmp/a.png'.*not a data URI"),
    ("media.upload_url", (), {}, r"file_name, content_type: give at least one"),
    ("media.upload_url", (), {"file_name": "clip"}, r"file_name: 'clip' has no extension"),
    ("media.upload_url", (), {"content_type": "gif"}, r"content_type: 'gif'.*jpeg, jpg"),
    ("media.url_exists", (), {"media_url": HTTP_IMAGE}, r"media_url: 'http://"),
    ("media.meta", (), {"url": HTTP_IMAGE}, r"url: 'http://"),
    ("media.resize", (), {"image_url": IMAGE}, r"platform, dimensions: give at least one"),
    (
        "media.resize",
        (),
        {"image_url": IMAGE, "platform": "facebook", "mode": "zoom"},
        r"mode: 'zoom'.*blur, crop, resize",
    ),
    ("messages.list", ("telegram",), {}, r"platform.*'telegram'.*facebook, instagram, twitter"),
    ("messages.list", ("twitter",), {"limit": 101}, r"limit: 101 .*between 1 and 100"),
    ("messages.list", ("twitter",), {"status": "deleted"}, r"status: 'deleted'.*active, archived"),
    ("messages.send", ("facebook",), {"recipient_id": "r"}, r"message, media_urls: give at least"),
    ("messages.send", ("twitter",), {"message": "hi"}, r"recipient_id, conversation_id: give"),
    ("messages.set_autoresponse", (), {}, r"auto_response_active, .*give at least one"),
    (
        "messages.set_autoresponse",
        (),
        {"auto_response_wait_seconds": -1},
        r"auto_response_wait_seconds: -1 .*>= 0",
    ),
    ("reviews.list", (), {"platform": "yelp"}, r"platform: 'yelp'.*facebook, gmb"),
    ("reviews.get", ("r1",), {"platform": "yelp"}, r"platform: 'yelp'.*facebook, gmb"),
    (
        "reviews.reply",
        (),
        {"review_id": "r", "platform": "google", "reply": "x"},
        r"platform: 'google'.*facebook, gmb",
    ),
    (
        "reviews.delete_reply",
        (),
        {"review_id": "r", "platform": "instagram"},
        r"platform: 'instagram'.*facebook, gmb",
    ),
    ("utils.explain_error", (), {"code": 1, "platform": "orkut"}, r"platform: 'orkut'.*bluesky"),
    (
        "webhooks.register",
        (),
        {"action": "posted", "url": "https://h.example/a"},
        r"action: 'posted'.*accountActivity, automations",
    ),
    (
        "webhooks.register",
        (),
        {"action": "feed", "url": "http://h.example/a"},
        r"url: 'http://h.example/a'.*https",
    ),
    ("webhooks.unregister", (), {"action": "everything"}, r"action: 'everything'.*batch"),
]


@pytest.mark.parametrize(
    ("name", "args", "kwargs", "message"),
    INVALID,
    ids=[f"{name}-{i}" for i, (name, *_rest) in enumerate(INVALID)],
)
async def test_bad_input_is_rejected_before_sending(
    client: AsyncAyrshare, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        anything = mock.route().respond(200, json={"status": "success"})
        with pytest.raises(ValidationError, match=message):
            await _method(client, name)(*args, **kwargs)
    assert not anything.called


def test_secrets_stay_out_of_reprs() -> None:
    from ayrshare_async.models.webhooks import SigningSecretBody, WebhookRegisterBody

    register = WebhookRegisterBody(action="feed", url="https://h.example/a", secret="TOPSECRET1")
    rotate = SigningSecretBody(secret="TOPSECRET2")
    assert "TOPSECRET1" not in repr(register)
    assert "TOPSECRET2" not in repr(rotate)
    assert register.to_dict()["secret"] == "TOPSECRET1"


async def test_messages_list_walks_the_x_cursor(client: AsyncAyrshare) -> None:
    pages = [
        {"status": "success", "messages": [{"id": "m1"}, {"id": "m2"}], "next": "CUR2"},
        {"status": "success", "messages": [{"id": "m3"}]},
    ]
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=pages[len(seen) - 1])

    with respx.mock(base_url=BASE) as mock:
        mock.get("/messages/twitter").mock(side_effect=answer)
        ids = [message.id async for message in client.messages.iter("twitter", limit=2)]

    assert ids == ["m1", "m2", "m3"]
    assert [request.url.params.get("next") for request in seen] == [None, "CUR2"]
