"""Models of the ``/analytics`` routes: per-post and per-account metrics.

Answers are keyed by network and may be HTTP 200 with ``"status": "partial"`` when some networks
had no data (those are in ``errors``). Each network's part is typed with the fields Ayrshare's own
API flows check (``response.twitter.analytics.public_metrics.like_count``); the answer can also be
read like a mapping (``response["twitter"]["analytics"]``), and every field a network sends stays
in ``to_dict()``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .._errors import ValidationError
from .._serde import RequestModel
from ._common import (
    ANALYTICS_POST_PLATFORMS,
    ANALYTICS_SOCIAL_PLATFORMS,
    Platform,
    exclusive,
    int_range,
    platform_list,
)
from ._generic import JsonObject
from ._one_or_many import register_one_or_many
from ._post_analytics import (
    BlueskyPostAnalyticsEntry,
    FacebookPostAnalyticsEntry,
    InstagramPostAnalyticsEntry,
    LinkedInPostAnalyticsEntry,
    PinterestPostAnalyticsEntry,
    PostAnalyticsEntry,
    ThreadsPostAnalyticsEntry,
    TikTokPostAnalyticsEntry,
    TwitterPostAnalyticsEntry,
    YouTubePostAnalyticsEntry,
)
from ._social_analytics import (
    BlueskySocialAnalyticsEntry,
    FacebookSocialAnalyticsEntry,
    InstagramSocialAnalyticsEntry,
    LinkedInSocialAnalyticsEntry,
    SocialAnalyticsEntry,
    ThreadsSocialAnalyticsEntry,
    TikTokSocialAnalyticsEntry,
    TwitterSocialAnalyticsEntry,
    YouTubeSocialAnalyticsEntry,
)

__all__ = [
    "AnalyticsLinksQuery",
    "AnalyticsPostBody",
    "AnalyticsResponse",
    "AnalyticsSocialBody",
    "AnalyticsSocialIdBody",
    "PostAnalyticsResponse",
    "SocialAnalyticsResponse",
]


@attrs.frozen(kw_only=True)
class AnalyticsPostBody(RequestModel):
    """Body of ``POST /analytics/post`` by Ayrshare Post ID; ``platforms`` narrows the networks."""

    id: str
    platforms: Sequence[Platform | str] | None = attrs.field(
        default=None, validator=platform_list(ANALYTICS_POST_PLATFORMS)
    )


@attrs.frozen(kw_only=True)
class AnalyticsSocialIdBody(RequestModel):
    """Body of ``POST /analytics/post`` by a network's own post id: exactly one platform.

    ``search_platform_id`` is always sent as true; it is what makes the route read a social id.
    """

    id: str
    platforms: Sequence[Platform | str] = attrs.field(
        validator=platform_list(ANALYTICS_POST_PLATFORMS)
    )
    search_platform_id: bool | None = None

    def __attrs_post_init__(self) -> None:
        if len(self.platforms) != 1:
            raise ValidationError(
                f"platforms: give exactly one network with a social post id, got {self.platforms!r}"
            )
        object.__setattr__(self, "search_platform_id", True)


@attrs.frozen(kw_only=True)
class AnalyticsSocialBody(RequestModel):
    """Body of ``POST /analytics/social``: account metrics per network.

    ``quarters`` (1-4; 0 = all time) and ``daily`` cannot go with ``period_60_days`` (TikTok).
    ``youtube={"lifetime": True}`` adds lifetime likes. ``user_id``/``user_name`` (X only) work
    with the API key alone: do not send a Profile-Key with them (HTTP 400).
    """

    platforms: Sequence[Platform | str] = attrs.field(
        validator=platform_list(ANALYTICS_SOCIAL_PLATFORMS)
    )
    quarters: int | None = attrs.field(default=None, validator=int_range(0, 4))
    daily: bool | None = None
    period_60_days: bool | None = attrs.field(default=None, metadata={"wire": "period60Days"})
    youtube: Mapping[str, Any] | None = None
    user_id: str | None = None
    user_name: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.period_60_days:
            exclusive(self, "quarters", "period_60_days")
            if self.daily:
                exclusive(self, "daily", "period_60_days")


@attrs.frozen(kw_only=True)
class AnalyticsLinksQuery(RequestModel):
    """Filter of the legacy ``GET /analytics/links``: days back (1-30)."""

    last_days: int | None = attrs.field(default=None, validator=int_range(1, 30))


@attrs.frozen(kw_only=True, repr=False)
class AnalyticsResponse(JsonObject):
    """Analytics keyed by network (``response["twitter"]["analytics"]``) with an overall status
    (``success``, ``partial`` or ``error``) and the per-network ``errors``."""

    status: str | None = None
    id: str | None = None
    errors: list[Mapping[str, Any]] | None = None

    @property
    def networks(self) -> dict[str, Mapping[str, Any]]:
        """The per-network sections of the answer (every object-valued key)."""
        return {k: v for k, v in self.to_dict().items() if isinstance(v, Mapping)}


register_one_or_many(TwitterPostAnalyticsEntry)


@attrs.frozen(kw_only=True, repr=False)
class PostAnalyticsResponse(AnalyticsResponse):
    """``POST /analytics/post``: one typed part per network the post went to. ``twitter`` is a
    list for an X thread (one part per tweet)."""

    bluesky: BlueskyPostAnalyticsEntry | None = None
    facebook: FacebookPostAnalyticsEntry | None = None
    instagram: InstagramPostAnalyticsEntry | None = None
    linkedin: LinkedInPostAnalyticsEntry | None = None
    pinterest: PinterestPostAnalyticsEntry | None = None
    reddit: PostAnalyticsEntry | None = None
    snapchat: PostAnalyticsEntry | None = None
    threads: ThreadsPostAnalyticsEntry | None = None
    tiktok: TikTokPostAnalyticsEntry | None = None
    twitter: TwitterPostAnalyticsEntry | list[TwitterPostAnalyticsEntry] | None = None
    youtube: YouTubePostAnalyticsEntry | None = None


@attrs.frozen(kw_only=True, repr=False)
class SocialAnalyticsResponse(AnalyticsResponse):
    """``POST /analytics/social``: one typed part per linked account asked for (networks the
    flows do not describe keep their metrics in ``extra`` of a plain ``SocialAnalyticsEntry``)."""

    bluesky: BlueskySocialAnalyticsEntry | None = None
    facebook: FacebookSocialAnalyticsEntry | None = None
    gmb: SocialAnalyticsEntry | None = None
    instagram: InstagramSocialAnalyticsEntry | None = None
    linkedin: LinkedInSocialAnalyticsEntry | None = None
    pinterest: SocialAnalyticsEntry | None = None
    reddit: SocialAnalyticsEntry | None = None
    snapchat: SocialAnalyticsEntry | None = None
    telegram: SocialAnalyticsEntry | None = None
    threads: ThreadsSocialAnalyticsEntry | None = None
    tiktok: TikTokSocialAnalyticsEntry | None = None
    twitter: TwitterSocialAnalyticsEntry | None = None
    youtube: YouTubeSocialAnalyticsEntry | None = None
