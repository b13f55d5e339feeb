"""Hashtags: add relevant ones to a text, recommend some for a keyword, check for banned ones."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from .._errors import ValidationError
from .._serde import RequestModel, ResponseModel
from ._common import int_range, one_of

__all__ = [
    "AUTO_HASHTAGS_MAX_TEXT",
    "AutoHashtagsBody",
    "AutoHashtagsResponse",
    "BannedHashtagQuery",
    "HashtagRecommendation",
    "HashtagRecommendationsResponse",
    "RecommendHashtagsQuery",
]

AUTO_HASHTAGS_MAX_TEXT = 1000
"""``POST /hashtags/auto`` takes a post text of at most this many characters."""


def _text_limit(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if len(value) > AUTO_HASHTAGS_MAX_TEXT:
        raise ValidationError(
            f"{attribute.name}: {len(value)} characters; allowed: at most {AUTO_HASHTAGS_MAX_TEXT}"
        )


@attrs.frozen(kw_only=True)
class AutoHashtagsBody(RequestModel):
    """Body of ``POST /hashtags/auto``. ``max`` hashtags (1-10, server default 2; Instagram takes at
    most 5), placed by ``position`` (``auto``: within or after the text; ``end``: after it)."""

    post: str = attrs.field(validator=_text_limit)
    position: Literal["auto", "end"] | str | None = attrs.field(
        default=None, validator=one_of(("auto", "end"))
    )
    max: int | None = attrs.field(default=None, validator=int_range(1, 10))
    language: str | None = None


@attrs.frozen(kw_only=True)
class RecommendHashtagsQuery(RequestModel):
    """Query of ``GET /hashtags/recommend``: one keyword (the server strips spaces)."""

    keyword: str


@attrs.frozen(kw_only=True)
class BannedHashtagQuery(RequestModel):
    """Query of ``GET /hashtags/banned``: one hashtag, with or without ``#``."""

    hashtag: str


@attrs.frozen(kw_only=True)
class AutoHashtagsResponse(ResponseModel):
    """``POST /hashtags/auto``: the text with hashtags added."""

    post: str
    status: str | None = None


@attrs.frozen(kw_only=True)
class HashtagRecommendation(ResponseModel):
    """One recommended hashtag and how often it was viewed (TikTok data)."""

    name: str | None = None
    view_count: int | None = None


@attrs.frozen(kw_only=True)
class HashtagRecommendationsResponse(ResponseModel):
    """``GET /hashtags/recommend``."""

    keyword: str
    recommendations: list[HashtagRecommendation]
    status: str | None = None
