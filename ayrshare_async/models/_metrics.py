"""Metric objects that several answers share: X's metric groups and the reaction counts of
Facebook and LinkedIn (in history items and in analytics)."""

from __future__ import annotations

import attrs

from .._serde import ResponseModel

__all__ = [
    "FacebookReactions",
    "LinkedInReactions",
    "TwitterNonPublicMetrics",
    "TwitterOrganicMetrics",
    "TwitterPublicMetrics",
    "TwitterVideoMetrics",
]


@attrs.frozen(kw_only=True)
class TwitterVideoMetrics(ResponseModel):
    """Playback quartiles of an X video (``viewCount`` in the organic group only)."""

    playback0_count: int | None = None
    playback25_count: int | None = None
    playback50_count: int | None = None
    playback75_count: int | None = None
    playback100_count: int | None = None
    view_count: int | None = None


@attrs.frozen(kw_only=True)
class TwitterNonPublicMetrics(ResponseModel):
    """X's private metrics of a tweet (only for tweets of the last 30 days)."""

    impression_count: int | None = None
    user_profile_clicks: int | None = None
    video: TwitterVideoMetrics | None = None


@attrs.frozen(kw_only=True)
class TwitterOrganicMetrics(ResponseModel):
    """X's organic (unpromoted) engagement of a tweet (only for tweets of the last 30 days)."""

    impression_count: int | None = None
    like_count: int | None = None
    reply_count: int | None = None
    retweet_count: int | None = None
    user_profile_clicks: int | None = None
    video: TwitterVideoMetrics | None = None


@attrs.frozen(kw_only=True)
class TwitterPublicMetrics(ResponseModel):
    """X's public engagement counts of a tweet."""

    bookmark_count: int | None = None
    impression_count: int | None = None
    like_count: int | None = None
    quote_count: int | None = None
    reply_count: int | None = None
    retweet_count: int | None = None


@attrs.frozen(kw_only=True)
class FacebookReactions(ResponseModel):
    """Facebook reactions by kind (``like`` includes "care")."""

    like: int | None = None
    love: int | None = None
    anger: int | None = None
    haha: int | None = None
    wow: int | None = None
    sorry: int | None = None
    total: int | None = None


@attrs.frozen(kw_only=True)
class LinkedInReactions(ResponseModel):
    """LinkedIn reactions by kind: ``praise`` is "Celebrate", ``maybe`` "Curious", ``empathy``
    "Love", ``interest`` "Insightful", ``appreciation`` "Support"."""

    like: int | None = None
    praise: int | None = None
    maybe: int | None = None
    empathy: int | None = None
    interest: int | None = None
    appreciation: int | None = None
