"""Per-network metrics of one post (``POST /analytics/post``): the fields Ayrshare's own API flows
check for each network, typed; anything else the network sends stays in ``extra``/``to_dict()``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from .._serde import ResponseModel
from ._metrics import (
    FacebookReactions,
    TwitterNonPublicMetrics,
    TwitterOrganicMetrics,
    TwitterPublicMetrics,
)

__all__ = [
    "BlueskyPostAnalytics",
    "BlueskyPostAnalyticsEntry",
    "FacebookPostAnalytics",
    "FacebookPostAnalyticsEntry",
    "InstagramPostAnalytics",
    "InstagramPostAnalyticsEntry",
    "LinkedInPostAnalytics",
    "LinkedInPostAnalyticsEntry",
    "PinterestPostAnalytics",
    "PinterestPostAnalyticsEntry",
    "PostAnalyticsEntry",
    "ThreadsPostAnalytics",
    "ThreadsPostAnalyticsEntry",
    "TikTokPostAnalytics",
    "TikTokPostAnalyticsEntry",
    "TwitterPostAnalytics",
    "TwitterPostAnalyticsEntry",
    "YouTubePostAnalytics",
    "YouTubePostAnalyticsEntry",
]


@attrs.frozen(kw_only=True)
class PostAnalyticsEntry(ResponseModel):
    """One network's part of the answer: the network's post id and URL, and when the metrics
    were fetched and will be next. ``analytics`` (on each network's subclass) holds the metrics."""

    id: str | None = None
    post_url: str | None = None
    last_updated: dt.datetime | None = None
    next_update: dt.datetime | None = None


@attrs.frozen(kw_only=True)
class BlueskyPostAnalytics(ResponseModel):
    created: dt.datetime | None = None
    post: str | None = None
    like_count: int | None = None
    quote_count: int | None = None
    reply_count: int | None = None
    repost_count: int | None = None


@attrs.frozen(kw_only=True)
class FacebookPostAnalytics(ResponseModel):
    """A Facebook post's metrics. Meta retired ``clicksUnique``, ``engagedUsers``,
    ``impressionsUnique`` and ``negativeFeedback*`` in 2024-2025; they stay in ``extra`` when
    present."""

    comments_count: int | None = None
    like_count: int | None = None
    reactions: FacebookReactions | None = None
    reactions_by_type: int | None = None
    shares_count: int | None = None
    video_view_time: float | None = None
    video_views: int | None = None
    video_views_unique: int | None = None


@attrs.frozen(kw_only=True)
class InstagramPostAnalytics(ResponseModel):
    """An Instagram post's metrics. ``views_count`` replaced ``impressionsCount`` (2025)."""

    caption: str | None = None
    comments_count: int | None = None
    created: dt.datetime | None = None
    engagement_count: int | None = None
    like_count: int | None = None
    media_product_type: str | None = None
    media_type: str | None = None
    reach_count: int | None = None
    saved_count: int | None = None
    shares_count: int | None = None
    username: str | None = None
    views_count: int | None = None


@attrs.frozen(kw_only=True)
class LinkedInPostAnalytics(ResponseModel):
    click_count: int | None = None
    comment_count: int | None = None
    engagement: float | None = None
    impression_count: int | None = None
    like_count: int | None = None
    share_count: int | None = None
    unique_impressions_count: int | None = None


@attrs.frozen(kw_only=True)
class PinterestPostAnalytics(ResponseModel):
    """A pin's metrics; the ``video_*`` and ``quartile95_percent_view`` ones for video pins."""

    description: str | None = None
    media: Mapping[str, Any] | None = None
    impression: int | None = None
    save: int | None = None
    outbound_click: int | None = None
    total_comments: int | None = None
    total_reactions: int | None = None
    video_mrc_view: int | None = None
    video_avg_watch_time: float | None = None
    video_v50_watch_time: float | None = None
    quartile95_percent_view: int | None = None


@attrs.frozen(kw_only=True)
class ThreadsPostAnalytics(ResponseModel):
    views: int | None = None
    likes: int | None = None
    replies: int | None = None
    reposts: int | None = None
    quotes: int | None = None
    shares: int | None = None


@attrs.frozen(kw_only=True)
class TikTokPostAnalytics(ResponseModel):
    """A TikTok video's metrics (available 24-48 h after posting)."""

    comments_count: int | None = None
    created: dt.datetime | None = None
    embed_url: str | None = None
    item_id: str | None = None
    like_count: int | None = None
    media_type: str | None = None
    post_url: str | None = None
    share_count: int | None = None
    tags: list[str] | None = None
    thumbnail_height: int | None = None
    thumbnail_url: str | None = None
    thumbnail_width: int | None = None
    url: str | None = None
    video_views: int | None = None


@attrs.frozen(kw_only=True)
class TwitterPostAnalytics(ResponseModel):
    """A tweet's metrics in X's three groups (``video`` inside them for a video tweet)."""

    created: dt.datetime | None = None
    id: str | None = None
    name: str | None = None
    username: str | None = None
    post: str | None = None
    non_public_metrics: TwitterNonPublicMetrics | None = None
    organic_metrics: TwitterOrganicMetrics | None = None
    public_metrics: TwitterPublicMetrics | None = None


@attrs.frozen(kw_only=True)
class YouTubePostAnalytics(ResponseModel):
    """A YouTube video's metrics and settings (``privacy_status``: public, unlisted, private)."""

    average_view_duration: float | None = None
    average_view_percentage: float | None = None
    channel_title: str | None = None
    comments: int | None = None
    created: dt.datetime | None = None
    description: str | None = None
    dislikes: int | None = None
    estimated_minutes_watched: float | None = None
    likes: int | None = None
    made_for_kids: bool | None = None
    privacy_status: str | None = None
    subscribers_gained: int | None = None
    subscribers_lost: int | None = None
    tags: list[str] | None = None
    thumbnail_url: str | None = None
    title: str | None = None
    videos_added_to_playlists: int | None = None
    views: int | None = None


@attrs.frozen(kw_only=True)
class BlueskyPostAnalyticsEntry(PostAnalyticsEntry):
    analytics: BlueskyPostAnalytics | None = None


@attrs.frozen(kw_only=True)
class FacebookPostAnalyticsEntry(PostAnalyticsEntry):
    analytics: FacebookPostAnalytics | None = None


@attrs.frozen(kw_only=True)
class InstagramPostAnalyticsEntry(PostAnalyticsEntry):
    analytics: InstagramPostAnalytics | None = None


@attrs.frozen(kw_only=True)
class LinkedInPostAnalyticsEntry(PostAnalyticsEntry):
    analytics: LinkedInPostAnalytics | None = None


@attrs.frozen(kw_only=True)
class PinterestPostAnalyticsEntry(PostAnalyticsEntry):
    analytics: PinterestPostAnalytics | None = None


@attrs.frozen(kw_only=True)
class ThreadsPostAnalyticsEntry(PostAnalyticsEntry):
    analytics: ThreadsPostAnalytics | None = None


@attrs.frozen(kw_only=True)
class TikTokPostAnalyticsEntry(PostAnalyticsEntry):
    analytics: TikTokPostAnalytics | None = None


@attrs.frozen(kw_only=True)
class TwitterPostAnalyticsEntry(PostAnalyticsEntry):
    analytics: TwitterPostAnalytics | None = None


@attrs.frozen(kw_only=True)
class YouTubePostAnalyticsEntry(PostAnalyticsEntry):
    analytics: YouTubePostAnalytics | None = None
