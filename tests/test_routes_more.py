"""The routes of ads, brand, comments, feed, generate, hashtags, links, media, messages, reviews,
utils and webhooks: their rows' rules, typed response fields, and every input check (raised before
anything is sent). Their wire requests are checked from the shared case table in test_routes.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
import respx
from _route_cases import BASE, MORE_CASES, bound_method

from ayrshare_async import AsyncAyrshare, ValidationError
from ayrshare_async.routes import ROUTES

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
    } <= uncertain
    assert "comments.create" not in uncertain


async def test_typed_fields_of_parsed_responses(client: AsyncAyrshare) -> None:
    replies = {case.name: case.reply for case in MORE_CASES}
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
            await bound_method(client, name)(*args, **kwargs)
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
