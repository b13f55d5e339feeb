"""One post as its network lists it (``GET /history/{platform}``): the fields every network has
(``SocialPost``) and each network's own (``TwitterSocialPost``...), typed where Ayrshare's own API
flows and the history docs show them; anything else stays in ``extra``/``to_dict()``.

The answer does not say which network an item comes from, so each item is read as the subclass
of the network its URL (``postUrl``, else ``permalink``) belongs to; an unknown URL gives a plain
``OtherSocialPost``. ``HistoryByPlatformResponse.posts_as(TwitterSocialPost)`` reads a page as
one network's items whatever their URLs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs

from .._serde import ResponseModel, converter
from ._metrics import (
    FacebookReactions,
    LinkedInReactions,
    TwitterNonPublicMetrics,
    TwitterOrganicMetrics,
    TwitterPublicMetrics,
)

__all__ = [
    "BlueskySocialPost",
    "FacebookSocialPost",
    "InstagramSocialPost",
    "LinkedInSocialPost",
    "OtherSocialPost",
    "PinterestSocialPost",
    "SocialPost",
    "ThreadsSocialPost",
    "TikTokSocialPost",
    "TwitterSocialPost",
    "YouTubeSocialPost",
    "social_post_network",
]


@attrs.frozen(kw_only=True)
class SocialPost(ResponseModel):
    """One post as the network reports it (``id`` is the network's own post id)."""

    id: str | None = None
    post: str | None = None
    post_url: str | None = None
    created: dt.datetime | None = None
    like_count: int | None = None
    comments_count: int | None = None
    share_count: int | None = None
    media_type: str | None = None
    media_urls: list[Any] | None = None
    username: str | None = None
    title: str | None = None
    last_updated: dt.datetime | None = None
    next_update: dt.datetime | None = None


@attrs.frozen(kw_only=True)
class OtherSocialPost(SocialPost):
    """An item whose network the SDK could not tell (its fields stay in ``extra``)."""


@attrs.frozen(kw_only=True)
class BlueskySocialPost(SocialPost):
    cid: str | None = None
    indexed_at: dt.datetime | None = None
    labels: list[Any] | None = None
    quote_count: int | None = None
    reply_count: int | None = None
    repost_count: int | None = None
    viewer: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class FacebookSocialPost(SocialPost):
    """A Facebook post. Pages with fewer than 100 likes get fewer metrics."""

    clicks_unique: int | None = None
    engaged_users: int | None = None
    full_picture: str | None = None
    impressions_unique: int | None = None
    is_popular: bool | None = None
    liked_by: list[Mapping[str, Any]] | None = None
    media_id: str | None = None
    negative_feedback: int | None = None
    negative_feedback_unique: int | None = None
    parent_id: str | None = None
    post_id: str | None = None
    properties: list[Mapping[str, Any]] | None = None
    reactions: FacebookReactions | None = None
    reactions_by_type: int | None = None
    shares_count: int | None = None
    status_type: str | None = None
    video_view_time: float | None = None
    video_views: int | None = None
    video_views_unique: int | None = None


@attrs.frozen(kw_only=True)
class InstagramSocialPost(SocialPost):
    """An Instagram post (``media_url`` is left out for copyrighted media)."""

    is_popular: bool | None = None
    media_product_type: str | None = None
    media_url: str | None = None
    permalink: str | None = None
    thumbnail_url: str | None = None


@attrs.frozen(kw_only=True)
class LinkedInSocialPost(SocialPost):
    """A LinkedIn post (engagement and impressions are not available for personal accounts)."""

    click_count: int | None = None
    comment_count: int | None = None
    comments: list[str] | None = None
    comments_state: str | None = None
    engagement: float | None = None
    impression_count: int | None = None
    last_modified: dt.datetime | None = None
    like_by: list[str] | None = None
    liked_by_current_user: bool | None = None
    published_at: dt.datetime | None = None
    reactions: LinkedInReactions | None = None
    status: str | None = None
    total_first_level_comments: int | None = None
    unique_impressions_count: int | None = None
    visibility: str | None = None


@attrs.frozen(kw_only=True)
class PinterestSocialPost(SocialPost):
    """A pin (``duration`` in milliseconds, for video pins)."""

    alt_text: str | None = None
    board_id: str | None = None
    cover_image_url: str | None = None
    dominant_color: str | None = None
    duration: int | None = None
    height: int | None = None
    link: str | None = None
    media_url: str | None = None
    note: str | None = None
    product_tags: list[Any] | None = None
    width: int | None = None


@attrs.frozen(kw_only=True)
class ThreadsSocialPost(SocialPost):
    has_replies: bool | None = None
    is_quote_post: bool | None = None
    media_product_type: str | None = None
    media_url: str | None = None
    owner: Mapping[str, Any] | None = None
    permalink: str | None = None
    reply_audience: str | None = None
    shortcode: str | None = None
    text: str | None = None
    timestamp: dt.datetime | None = None


@attrs.frozen(kw_only=True)
class TikTokSocialPost(SocialPost):
    """A TikTok video (metrics arrive 24-48 h after posting; times in seconds)."""

    audience_cities: list[Mapping[str, Any]] | None = None
    audience_countries: list[Mapping[str, Any]] | None = None
    average_time_watched: float | None = None
    embed_url: str | None = None
    engagement_likes: list[Mapping[str, Any]] | None = None
    full_video_watched_rate: float | None = None
    impression_sources: list[Mapping[str, Any]] | None = None
    music_title: str | None = None
    music_url: str | None = None
    name: str | None = None
    reach: int | None = None
    share_url: str | None = None
    tags: list[Any] | None = None
    thumbnail_height: int | None = None
    thumbnail_url: str | None = None
    thumbnail_width: int | None = None
    total_time_watched: float | None = None
    url: str | None = None
    video_duration: float | None = None
    video_view_retention: list[Mapping[str, Any]] | None = None
    video_views: int | None = None


@attrs.frozen(kw_only=True)
class TwitterSocialPost(SocialPost):
    """A tweet (non-public and organic metrics only for tweets of the last 30 days)."""

    author_id: str | None = None
    created_at: dt.datetime | None = None
    edit_history_tweet_ids: list[str] | None = None
    media: list[Mapping[str, Any]] | None = None
    non_public_metrics: TwitterNonPublicMetrics | None = None
    organic_metrics: TwitterOrganicMetrics | None = None
    possibly_sensitive: bool | None = None
    public_metrics: TwitterPublicMetrics | None = None
    referenced_tweets: list[Mapping[str, Any]] | None = None
    source: str | None = None
    text: str | None = None
    urls: list[Mapping[str, Any]] | None = None


@attrs.frozen(kw_only=True)
class YouTubeSocialPost(SocialPost):
    """A YouTube video (``privacy_status``: public, unlisted or private)."""

    description: str | None = None
    position: int | None = None
    privacy_status: str | None = None
    thumbnail_url: str | None = None


_BY_NETWORK: dict[str, type[SocialPost]] = {
    "bluesky": BlueskySocialPost,
    "facebook": FacebookSocialPost,
    "instagram": InstagramSocialPost,
    "linkedin": LinkedInSocialPost,
    "pinterest": PinterestSocialPost,
    "threads": ThreadsSocialPost,
    "tiktok": TikTokSocialPost,
    "twitter": TwitterSocialPost,
    "youtube": YouTubeSocialPost,
}
_HOSTS = {
    "bsky.app": "bluesky",
    "facebook.com": "facebook",
    "instagram.com": "instagram",
    "linkedin.com": "linkedin",
    "pinterest.com": "pinterest",
    "threads.net": "threads",
    "threads.com": "threads",
    "tiktok.com": "tiktok",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
}


def social_post_network(item: Mapping[str, Any]) -> str | None:
    """The network a history item belongs to, read from its URL (None when unknown)."""
    url = item.get("postUrl") or item.get("permalink")
    host = urlsplit(url).hostname if isinstance(url, str) else None
    labels = (host or "").split(".")
    for start in range(len(labels) - 1):
        network = _HOSTS.get(".".join(labels[start:]))
        if network is not None:
            return network
    return None


def _structure_social_post(value: Any, _: Any) -> SocialPost:
    network = social_post_network(value) if isinstance(value, Mapping) else None
    model = _BY_NETWORK.get(network or "", OtherSocialPost)
    result: SocialPost = converter.structure(value, model)
    return result


converter.register_structure_hook_func(lambda cls: cls is SocialPost, _structure_social_post)
