"""The per-network models of history items, analytics and comments: the history docs' examples
decode into each network's class with its own fields typed, one-or-many fields take both shapes,
and ``to_dict()`` still gives back exactly what was received."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ayrshare_async._serde import converter
from ayrshare_async.models import (
    BlueskySocialPost,
    CommentDeleteResponse,
    CommentDeleteResult,
    FacebookSocialPost,
    HistoryByPlatformResponse,
    InstagramSocialPost,
    LinkedInSocialPost,
    OtherSocialPost,
    PinterestSocialPost,
    PostAnalyticsResponse,
    SocialAnalyticsResponse,
    SocialPost,
    TikTokSocialPost,
    TwitterPostAnalyticsEntry,
    TwitterSocialPost,
    YouTubeSocialPost,
    social_post_network,
)

DATA = Path(__file__).parent / "data"

NETWORK_FIELDS: dict[str, tuple[type[SocialPost], dict[str, Any]]] = {
    "bluesky": (
        BlueskySocialPost,
        {"cid": "bafyreigh7nz7x6pl4atgsextqtcbh33mg66yqt3caeihutn7ojkmpdtnzm", "repost_count": 1},
    ),
    "facebook": (FacebookSocialPost, {"status_type": "added_video", "is_popular": False}),
    "instagram": (InstagramSocialPost, {"media_product_type": "FEED"}),
    "linkedin": (LinkedInSocialPost, {"visibility": "PUBLIC", "engagement": 0.6666666666666666}),
    "pinterest": (PinterestSocialPost, {"board_id": "955255839651522358", "duration": 6416}),
    "tiktok": (TikTokSocialPost, {"video_duration": 11.332, "video_views": 697}),
    "twitter": (TwitterSocialPost, {"possibly_sensitive": False}),
    "youtube": (YouTubeSocialPost, {"privacy_status": "public", "position": 0}),
}


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text())


@pytest.mark.parametrize("network", sorted(NETWORK_FIELDS))
def test_history_items_are_read_as_their_networks_class(network: str) -> None:
    data = _load(f"history_{network}.json")
    page = converter.structure(data, HistoryByPlatformResponse)
    model, fields = NETWORK_FIELDS[network]
    assert page.posts is not None
    assert all(type(post) is model for post in page.posts)
    for attribute, value in fields.items():
        assert getattr(page.posts[0], attribute) == value
    assert page.to_dict() == data
    assert page.posts_as(model) == page.posts


def test_typed_sub_objects_of_history_items() -> None:
    tweet = converter.structure(_load("history_twitter.json"), HistoryByPlatformResponse)
    first = tweet.posts_as(TwitterSocialPost)[0]
    assert first.public_metrics is not None and first.public_metrics.like_count == 5
    assert first.organic_metrics is not None and first.organic_metrics.like_count == 234
    assert first.non_public_metrics is not None
    assert first.non_public_metrics.impression_count == 1
    linkedin = converter.structure(_load("history_linkedin.json"), HistoryByPlatformResponse)
    reactions = linkedin.posts_as(LinkedInSocialPost)[0].reactions
    assert reactions is not None and reactions.appreciation == 5
    facebook = converter.structure(_load("history_facebook.json"), HistoryByPlatformResponse)
    fb = facebook.posts_as(FacebookSocialPost)
    assert fb[0].reactions is not None and fb[0].reactions.total == 6
    assert fb[-1].reactions is not None and fb[-1].reactions.total is None  # a story: {}


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("https://bsky.app/profile/a/post/1", "bluesky"),
        ("https://www.facebook.com/1_2", "facebook"),
        ("https://facebook.com/stories/1", "facebook"),
        ("https://x.com/a/status/1", "twitter"),
        ("https://www.threads.net/@a/post/1", "threads"),
        ("https://youtu.be/abc", "youtube"),
        ("https://m.youtube.com/watch?v=abc", "youtube"),
        ("https://example.com/p/1", None),
        ("not a url", None),
    ],
)
def test_the_network_of_an_item_comes_from_its_url(url: str, network: str | None) -> None:
    assert social_post_network({"postUrl": url}) == network


def test_an_item_of_an_unknown_network_keeps_every_field() -> None:
    raw = {"id": "9", "postUrl": "https://snap.example/9", "views": 3}
    page = converter.structure({"posts": [raw]}, HistoryByPlatformResponse)
    assert page.posts is not None
    assert type(page.posts[0]) is OtherSocialPost
    assert page.posts[0].extra == {"views": 3}
    as_tiktok = page.posts_as(TikTokSocialPost)[0]
    assert as_tiktok.id == "9" and as_tiktok.to_dict() == raw


def test_x_post_analytics_take_one_part_or_one_per_tweet() -> None:
    part = {"id": "1", "postUrl": "https://x.com/a/status/1", "analytics": {"name": "A"}}
    single = converter.structure({"status": "success", "twitter": part}, PostAnalyticsResponse)
    thread = converter.structure(
        {"status": "success", "twitter": [part, {**part, "id": "2"}]}, PostAnalyticsResponse
    )
    assert isinstance(single.twitter, TwitterPostAnalyticsEntry)
    assert single.twitter.analytics is not None and single.twitter.analytics.name == "A"
    assert isinstance(thread.twitter, list)
    assert [entry.id for entry in thread.twitter] == ["1", "2"]
    assert thread["twitter"][1]["id"] == "2", "still readable like a mapping"


def test_social_analytics_of_a_network_without_a_typed_class() -> None:
    data = {"status": "success", "reddit": {"analytics": {"karma": 4}}}
    result = converter.structure(data, SocialAnalyticsResponse)
    assert result.reddit is not None and result.reddit.extra == {"analytics": {"karma": 4}}
    assert result.to_dict() == data


def test_comment_deletes_take_one_result_or_a_list() -> None:
    one = {"action": "delete", "status": "success", "id": "c1", "comment": "Hi"}
    data = {"status": "success", "facebook": one, "linkedin": [one, {**one, "id": "c2"}]}
    result = converter.structure(data, CommentDeleteResponse)
    assert isinstance(result.facebook, CommentDeleteResult) and result.facebook.id == "c1"
    assert isinstance(result.linkedin, list)
    assert [r.id for r in result.linkedin] == ["c1", "c2"]
    assert result.to_dict() == data
