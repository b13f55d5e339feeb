"""Models of the ``/history`` routes: posts sent via Ayrshare, and a network's own post list
(each item typed by its network: see ``_social_posts``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeVar, get_args

import attrs

from .._serde import RequestModel, ResponseModel, converter
from ._common import (
    POST_PLATFORMS,
    Platform,
    aware_datetime,
    int_range,
    one_of,
    platform_list,
)
from ._social_posts import SocialPost
from .post import PostRecord, PostStatus

__all__ = [
    "HistoryByPlatformQuery",
    "HistoryByPlatformResponse",
    "HistoryListQuery",
    "HistoryListResponse",
    "HistoryPlatform",
]

P = TypeVar("P", bound=SocialPost)

HistoryPlatform = Literal[
    "bluesky",
    "facebook",
    "instagram",
    "linkedin",
    "pinterest",
    "snapchat",
    "threads",
    "tiktok",
    "twitter",
    "youtube",
]
"""Networks ``GET /history/{platform}`` reads (not gmb, reddit or telegram)."""


@attrs.frozen(kw_only=True)
class HistoryListQuery(RequestModel):
    """Filters of ``GET /history``. No cursor: narrow with dates or ``last_days`` (0 = all).

    ``limit`` defaults to 25 server-side; its maximum is 1000 in the newest docs (older: 500).
    """

    limit: int | None = attrs.field(default=None, validator=int_range(1, 1000))
    platforms: Sequence[Platform | str] | None = attrs.field(
        default=None, validator=platform_list(POST_PLATFORMS)
    )
    start_date: dt.datetime | None = attrs.field(default=None, validator=aware_datetime)
    end_date: dt.datetime | None = attrs.field(default=None, validator=aware_datetime)
    last_days: int | None = attrs.field(default=None, validator=int_range(0, None))
    status: PostStatus | str | None = attrs.field(
        default=None, validator=one_of(get_args(PostStatus))
    )
    type: Literal["immediate", "scheduled"] | str | None = attrs.field(
        default=None, validator=one_of(("immediate", "scheduled"))
    )
    auto_repost_id: str | None = None


@attrs.frozen(kw_only=True)
class HistoryListResponse(ResponseModel):
    """Answer of ``GET /history``: the posts sent via Ayrshare, newest first."""

    history: list[PostRecord] | None = None
    ref_id: str | None = None
    count: int | None = None
    last_updated: dt.datetime | None = None
    next_update: dt.datetime | None = None


@attrs.frozen(kw_only=True)
class HistoryByPlatformQuery(RequestModel):
    """Options of ``GET /history/{platform}``.

    ``limit``: 1-500 (default 10; <= 100 recommended). ``user_id``/``user_name`` (X only) work with
    the API key alone: do not send a Profile-Key with them (HTTP 400). ``since``, ``until`` and
    ``page_published`` are Facebook only; ``data_type`` Facebook/Instagram.
    """

    limit: int | None = attrs.field(default=None, validator=int_range(1, 500))
    skip_analytics: bool | None = None
    page_published: bool | None = None
    user_id: str | None = None
    user_name: str | None = None
    next: str | None = None
    since: dt.datetime | None = attrs.field(default=None, validator=aware_datetime)
    until: dt.datetime | None = attrs.field(default=None, validator=aware_datetime)
    data_type: Literal["posts", "stories"] | None = attrs.field(
        default=None, validator=one_of(("posts", "stories"))
    )


@attrs.frozen(kw_only=True)
class HistoryByPlatformResponse(ResponseModel):
    """Answer of ``GET /history/{platform}``: one page of the network's posts with analytics."""

    status: str | None = None
    posts: list[SocialPost] | None = None
    last_updated: dt.datetime | None = None
    next_update: dt.datetime | None = None
    meta: Mapping[str, Any] | None = None

    def posts_as(self, model: type[P]) -> list[P]:
        """This page's posts as ``model`` (e.g. ``TwitterSocialPost`` for ``by_platform("twitter")``),
        typed for a type checker whatever network their URLs point to."""
        return [
            post if isinstance(post, model) else converter.structure(post.to_dict(), model)
            for post in self.posts or ()
        ]

    @property
    def next_cursor(self) -> str | None:
        """The ``next`` cursor of the following page (``meta.pagination.next``), if any."""
        pagination = (self.meta or {}).get("pagination")
        cursor = pagination.get("next") if isinstance(pagination, Mapping) else None
        return cursor if isinstance(cursor, str) and cursor else None
