"""AI generation (Max Pack): post text, rewrites, transcription, translation, alt text, sentiment.

Every call counts against the account's monthly token usage (``total_monthly_usage``), so none of
these routes is retried automatically.
"""

from __future__ import annotations

import attrs

from .._serde import RequestModel, ResponseModel
from ._common import at_least_one, https_url, https_urls, int_range

__all__ = [
    "GenerateAltTextBody",
    "GeneratePostBody",
    "GeneratePostResponse",
    "GenerateRewriteBody",
    "GenerateRewriteResponse",
    "GenerateSentimentBody",
    "GenerateTranscriptionBody",
    "GenerateTranslateBody",
]


@attrs.frozen(kw_only=True)
class GeneratePostBody(RequestModel):
    """Body of ``POST /generate/post``: give ``text`` (a topic or draft), ``media_urls``, or both.
    ``twitter=True`` keeps the result within 280 characters."""

    text: str | None = None
    media_urls: list[str] | None = attrs.field(default=None, validator=https_urls)
    hashtags: bool | None = None
    emojis: bool | None = None
    twitter: bool | None = None

    def __attrs_post_init__(self) -> None:
        at_least_one(self, "text", "media_urls")


@attrs.frozen(kw_only=True)
class GenerateRewriteBody(RequestModel):
    """Body of ``POST /generate/rewrite``: ``rewrites`` variations (1-5, server default 5)."""

    post: str
    emojis: bool | None = None
    hashtags: bool | None = None
    twitter: bool | None = None
    rewrites: int | None = attrs.field(default=None, validator=int_range(1, 5))


@attrs.frozen(kw_only=True)
class GenerateTranscriptionBody(RequestModel):
    """Body of ``POST /generate/transcription``: the video to transcribe (an https URL)."""

    video_url: str = attrs.field(validator=https_url)


@attrs.frozen(kw_only=True)
class GenerateTranslateBody(RequestModel):
    """Body of ``POST /generate/translate``: ``lang`` is the target language code (e.g. ``fr``)."""

    text: str
    lang: str


@attrs.frozen(kw_only=True)
class GenerateAltTextBody(RequestModel):
    """Body of ``POST /generate/altText``: the image to describe (an https URL)."""

    url: str = attrs.field(validator=https_url)


@attrs.frozen(kw_only=True)
class GenerateSentimentBody(RequestModel):
    """Body of ``POST /generate/sentiment``: the text to analyse."""

    text: str


@attrs.frozen(kw_only=True)
class GeneratePostResponse(ResponseModel):
    """``POST /generate/post``. ``post`` is the generated text: a string, or a list of strings
    when the API returns several. ``usage``: tokens this call used."""

    status: str
    post: str | list[str]
    usage: int | None = None
    total_monthly_usage: int | None = None


@attrs.frozen(kw_only=True)
class GenerateRewriteResponse(ResponseModel):
    """``POST /generate/rewrite``: the variations."""

    status: str
    post: list[str]
    usage: int | None = None
    total_monthly_usage: int | None = None
