"""Reviews on Google Business Profile (``gmb``) and Facebook: list them, reply, delete a reply."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from .._serde import RequestModel, ResponseModel
from ._common import REVIEWS_PLATFORMS, one_of

__all__ = [
    "Review",
    "ReviewActionResponse",
    "ReviewActionResult",
    "ReviewPlatform",
    "ReviewQuery",
    "ReviewReply",
    "ReviewReplyBody",
    "ReviewReplyDeleteBody",
    "Reviewer",
    "ReviewsQuery",
    "ReviewsResponse",
]

ReviewPlatform = Literal["facebook", "gmb"]
_platform = one_of(REVIEWS_PLATFORMS)


@attrs.frozen(kw_only=True)
class ReviewsQuery(RequestModel):
    """Query of ``GET /reviews``."""

    platform: ReviewPlatform | str = attrs.field(validator=_platform)


@attrs.frozen(kw_only=True)
class ReviewQuery(RequestModel):
    """Query of ``GET /reviews/{id}`` (the parameter is not confirmed by the docs)."""

    platform: ReviewPlatform | str | None = attrs.field(default=None, validator=_platform)


@attrs.frozen(kw_only=True)
class ReviewReplyBody(RequestModel):
    """Body of ``POST /reviews``: reply to one review."""

    review_id: str
    platform: ReviewPlatform | str = attrs.field(validator=_platform)
    reply: str


@attrs.frozen(kw_only=True)
class ReviewReplyDeleteBody(RequestModel):
    """Body of ``DELETE /reviews``: delete the profile's reply to one review."""

    review_id: str
    platform: ReviewPlatform | str = attrs.field(validator=_platform)


@attrs.frozen(kw_only=True)
class ReviewReply(ResponseModel):
    """The profile's reply to a review."""

    reply: str | None = None
    updated: Any = None


@attrs.frozen(kw_only=True)
class Reviewer(ResponseModel):
    """Who wrote a review."""

    name: str | None = None
    profile: str | None = None


@attrs.frozen(kw_only=True)
class Review(ResponseModel):
    """One review. ``rating`` is ``ONE``..``FIVE`` on gmb, ``positive``/``negative`` on Facebook."""

    id: str | None = None
    rating: str | None = None
    review: str | None = None
    review_reply: ReviewReply | None = None
    reviewer: Reviewer | None = None
    created: Any = None
    updated: Any = None


@attrs.frozen(kw_only=True)
class ReviewsResponse(ResponseModel):
    """``GET /reviews``: the reviews under the network's name."""

    status: str | None = None
    gmb: list[Review] | None = None
    facebook: list[Review] | None = None
    average_rating: float | None = None
    total_review_count: int | None = None
    last_updated: str | None = None
    next_update: str | None = None


@attrs.frozen(kw_only=True)
class ReviewActionResult(ResponseModel):
    """The outcome of a reply (``action="reply"``) or a reply deletion on one network."""

    action: str | None = None
    status: str | None = None
    id: str | None = None
    reply: str | None = None
    platform: str | None = None


@attrs.frozen(kw_only=True)
class ReviewActionResponse(ResponseModel):
    """``POST /reviews`` and ``DELETE /reviews``: the outcome under the network's name."""

    status: str | None = None
    gmb: ReviewActionResult | None = None
    facebook: ReviewActionResult | None = None
