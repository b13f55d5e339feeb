"""Per-network metrics of a linked account (``POST /analytics/social``): the fields Ayrshare's
own API flows check for each network, typed; anything else stays in ``extra``/``to_dict()``."""

from __future__ import annotations

import datetime as dt

import attrs

from .._serde import ResponseModel
from ._metrics import FacebookReactions

__all__ = [
    "BlueskySocialAnalytics",
    "BlueskySocialAnalyticsEntry",
    "FacebookSocialAnalytics",
    "FacebookSocialAnalyticsEntry",
    "InstagramSocialAnalytics",
    "InstagramSocialAnalyticsEntry",
    "LinkedInFollowers",
    "LinkedInPageViews",
    "LinkedInSocialAnalytics",
    "LinkedInSocialAnalyticsEntry",
    "SocialAnalyticsEntry",
    "ThreadsSocialAnalytics",
    "ThreadsSocialAnalyticsEntry",
    "TikTokSocialAnalytics",
    "TikTokSocialAnalyticsEntry",
    "TwitterSocialAnalytics",
    "TwitterSocialAnalyticsEntry",
    "YouTubePlaylist",
    "YouTubeSocialAnalytics",
    "YouTubeSocialAnalyticsEntry",
]


@attrs.frozen(kw_only=True)
class SocialAnalyticsEntry(ResponseModel):
    """One network's part of the answer; ``analytics`` (on each subclass) holds the metrics."""

    last_updated: dt.datetime | None = None
    next_update: dt.datetime | None = None


@attrs.frozen(kw_only=True)
class BlueskySocialAnalytics(ResponseModel):
    created: dt.datetime | None = None
    display_name: str | None = None
    followers_count: int | None = None
    follows_count: int | None = None
    handle: str | None = None
    id: str | None = None
    posts_count: int | None = None


@attrs.frozen(kw_only=True)
class FacebookSocialAnalytics(ResponseModel):
    """A Facebook Page's metrics. Page metrics Meta retired on 2025-11-14 (``pageImpressions``,
    ``pageFanRemoves``...) stay in ``extra`` when present."""

    fan_count: int | None = None
    followers_count: int | None = None
    id: str | None = None
    link: str | None = None
    name: str | None = None
    page_post_engagements: int | None = None
    page_posts_impressions: int | None = None
    page_posts_impressions_paid: int | None = None
    page_video_views: int | None = None
    page_video_views_paid: int | None = None
    reactions: FacebookReactions | None = None
    verified: bool | None = None


@attrs.frozen(kw_only=True)
class InstagramSocialAnalytics(ResponseModel):
    biography: str | None = None
    comments_count: int | None = None
    followers_count: int | None = None
    follows_count: int | None = None
    id: str | None = None
    like_count: int | None = None
    media_count: int | None = None
    name: str | None = None
    profile_picture_url: str | None = None
    reach_count: int | None = None
    username: str | None = None
    views_count: int | None = None


@attrs.frozen(kw_only=True)
class LinkedInFollowers(ResponseModel):
    organic_follower_count: int | None = None
    paid_follower_count: int | None = None


@attrs.frozen(kw_only=True)
class LinkedInPageViews(ResponseModel):
    """Views of a LinkedIn company page, in all, by device and by tab of the page."""

    all_page_views: int | None = None
    all_desktop_page_views: int | None = None
    all_mobile_page_views: int | None = None
    about_page_views: int | None = None
    careers_page_views: int | None = None
    jobs_page_views: int | None = None
    life_at_page_views: int | None = None
    overview_page_views: int | None = None
    people_page_views: int | None = None
    products_page_views: int | None = None
    desktop_about_page_views: int | None = None
    desktop_careers_page_views: int | None = None
    desktop_insights_page_views: int | None = None
    desktop_jobs_page_views: int | None = None
    desktop_life_at_page_views: int | None = None
    desktop_overview_page_views: int | None = None
    desktop_people_page_views: int | None = None
    desktop_products_page_views: int | None = None
    mobile_about_page_views: int | None = None
    mobile_careers_page_views: int | None = None
    mobile_insights_page_views: int | None = None
    mobile_jobs_page_views: int | None = None
    mobile_life_at_page_views: int | None = None
    mobile_overview_page_views: int | None = None
    mobile_people_page_views: int | None = None
    mobile_products_page_views: int | None = None


@attrs.frozen(kw_only=True)
class LinkedInSocialAnalytics(ResponseModel):
    click_count: int | None = None
    comment_count: int | None = None
    engagement: float | None = None
    followers: LinkedInFollowers | None = None
    impression_count: int | None = None
    like_count: int | None = None
    share_count: int | None = None
    views: LinkedInPageViews | None = None


@attrs.frozen(kw_only=True)
class ThreadsSocialAnalytics(ResponseModel):
    followers_count: int | None = None
    likes: int | None = None
    quotes: int | None = None
    replies: int | None = None
    reposts: int | None = None
    views: int | None = None


@attrs.frozen(kw_only=True)
class TikTokSocialAnalytics(ResponseModel):
    bio: str | None = None
    comment_count_total: int | None = None
    display_name: str | None = None
    follower_count: int | None = None
    following_count: int | None = None
    like_count_total: int | None = None
    share_count_total: int | None = None
    url: str | None = None
    user_image: str | None = None
    username: str | None = None
    video_count_total: int | None = None
    view_count_total: int | None = None


@attrs.frozen(kw_only=True)
class TwitterSocialAnalytics(ResponseModel):
    description: str | None = None
    followers_count: int | None = None
    following_count: int | None = None
    id: str | None = None
    listed_count: int | None = None
    location: str | None = None
    name: str | None = None
    profile_image_url: str | None = None
    protected: bool | None = None
    tweet_count: int | None = None
    url: str | None = None
    username: str | None = None
    verified: bool | None = None


@attrs.frozen(kw_only=True)
class YouTubePlaylist(ResponseModel):
    channel_id: str | None = None
    description: str | None = None
    id: str | None = None
    published_at: dt.datetime | None = None
    title: str | None = None
    url: str | None = None


@attrs.frozen(kw_only=True)
class YouTubeSocialAnalytics(ResponseModel):
    """A YouTube channel's metrics, settings and playlists."""

    average_view_duration: float | None = None
    average_view_percentage: float | None = None
    comments: int | None = None
    created: dt.datetime | None = None
    description: str | None = None
    dislikes: int | None = None
    estimated_minutes_watched: float | None = None
    handle: str | None = None
    hidden_subscriber_count: bool | None = None
    id: str | None = None
    is_linked: bool | None = None
    likes: int | None = None
    long_uploads_status: str | None = None
    playlist_id: str | None = None
    playlists: list[YouTubePlaylist] | None = None
    privacy_status: str | None = None
    subscriber_count: int | None = None
    subscribers_gained: int | None = None
    subscribers_lost: int | None = None
    thumbnail_url: str | None = None
    title: str | None = None
    url: str | None = None
    video_count: int | None = None
    videos_added_to_playlists: int | None = None
    view_count: int | None = None
    views: int | None = None


@attrs.frozen(kw_only=True)
class BlueskySocialAnalyticsEntry(SocialAnalyticsEntry):
    analytics: BlueskySocialAnalytics | None = None


@attrs.frozen(kw_only=True)
class FacebookSocialAnalyticsEntry(SocialAnalyticsEntry):
    analytics: FacebookSocialAnalytics | None = None


@attrs.frozen(kw_only=True)
class InstagramSocialAnalyticsEntry(SocialAnalyticsEntry):
    analytics: InstagramSocialAnalytics | None = None


@attrs.frozen(kw_only=True)
class LinkedInSocialAnalyticsEntry(SocialAnalyticsEntry):
    analytics: LinkedInSocialAnalytics | None = None


@attrs.frozen(kw_only=True)
class ThreadsSocialAnalyticsEntry(SocialAnalyticsEntry):
    analytics: ThreadsSocialAnalytics | None = None


@attrs.frozen(kw_only=True)
class TikTokSocialAnalyticsEntry(SocialAnalyticsEntry):
    analytics: TikTokSocialAnalytics | None = None


@attrs.frozen(kw_only=True)
class TwitterSocialAnalyticsEntry(SocialAnalyticsEntry):
    analytics: TwitterSocialAnalytics | None = None


@attrs.frozen(kw_only=True)
class YouTubeSocialAnalyticsEntry(SocialAnalyticsEntry):
    analytics: YouTubeSocialAnalytics | None = None
