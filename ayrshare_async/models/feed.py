"""RSS / Substack / YouTube feeds: new items are posted automatically to the linked networks."""

from __future__ import annotations

from typing import Any, Literal, get_args

import attrs

from .._serde import RequestModel, ResponseModel
from ._common import one_of

__all__ = [
    "FEED_TYPES",
    "Feed",
    "FeedCreateBody",
    "FeedCreateResponse",
    "FeedDeleteBody",
    "FeedDeleteResponse",
    "FeedListResponse",
    "FeedType",
    "FeedUpdateBody",
]

FeedType = Literal["rss", "substack", "youtube"]
FEED_TYPES = frozenset(get_args(FeedType))


@attrs.frozen(kw_only=True)
class FeedCreateBody(RequestModel):
    """Body of ``POST /feed``. ``type`` defaults to ``rss`` on the server."""

    url: str
    type: FeedType | str | None = attrs.field(default=None, validator=one_of(FEED_TYPES))
    use_first_image: bool | None = None
    auto_hashtag: bool | None = None


@attrs.frozen(kw_only=True)
class FeedUpdateBody(RequestModel):
    """Body of ``PUT /feed``: only ``id`` is known (SDK method only); send the rest in
    ``extra_body``."""

    id: str


@attrs.frozen(kw_only=True)
class FeedDeleteBody(RequestModel):
    """Body of ``DELETE /feed``."""

    id: str


@attrs.frozen(kw_only=True)
class FeedCreateResponse(ResponseModel):
    """``POST /feed``: the feed as registered."""

    status: str
    id: str
    title: str | None = None
    website_link: str | None = None
    feed_url: str | None = attrs.field(default=None, metadata={"wire": "feedURL"})
    rss_url: str | None = attrs.field(default=None, metadata={"wire": "rssURL"})
    auto_hashtag: bool | None = None
    use_first_image: bool | None = None


@attrs.frozen(kw_only=True)
class Feed(ResponseModel):
    """One registered feed in ``GET /feed``."""

    id: str | None = None
    title: str | None = None
    link: str | None = None
    type: str | None = None
    auto_hashtag: bool | None = None
    created: Any = None
    """As the API sends it (its format is not documented)."""


@attrs.frozen(kw_only=True)
class FeedListResponse(ResponseModel):
    """``GET /feed``."""

    status: str
    feeds: list[Feed]


@attrs.frozen(kw_only=True)
class FeedDeleteResponse(ResponseModel):
    """``DELETE /feed``."""

    status: str
    id: str
