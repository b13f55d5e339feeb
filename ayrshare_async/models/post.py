"""Models of the ``/post`` routes: publish, get, delete, update and retry a post.

``POST /post`` can partly succeed: the networks that took the post are in ``post_ids`` and the
ones that refused it in ``errors``. When Ayrshare answers such a call with ``"status": "error"``
the client raises ``APIStatusError``; ``PostCreateResponse.from_error(exc)`` still gives both lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import cattrs

from .._serde import RequestModel, ResponseModel, converter
from ._common import (
    POST_PLATFORMS,
    PlatformOrAll,
    at_least_one,
    aware_datetime,
    exclusive,
    https_urls,
    int_range,
    one_of,
    platform_list,
    platform_map,
)
from ._generic import JsonObject

if TYPE_CHECKING:
    from .._errors import APIStatusError

__all__ = [
    "PostActionResponse",
    "PostAutoHashtag",
    "PostAutoRepost",
    "PostAutoSchedule",
    "PostCreateBody",
    "PostCreateResponse",
    "PostDeleteBody",
    "PostDeleteResponse",
    "PostFirstComment",
    "PostIdBody",
    "PostOutcome",
    "PostPlatformError",
    "PostPlatformResult",
    "PostRecord",
    "PostStatus",
    "PostUpdateBody",
    "PostYouTubeUpdate",
]

PostStatus = Literal[
    "success", "error", "processing", "pending", "paused", "deleted", "awaiting approval"
]
"""Statuses a post can have (``deleted`` posts are only listed when filtered by that status)."""


# -- request parts -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PostAutoSchedule(RequestModel):
    """``autoSchedule``: queue the post in the next free slot of a schedule set with
    ``auto_schedule.set`` (``title`` is case-sensitive; ``default`` when omitted).
    ``schedule`` is always sent as true, whatever is passed."""

    schedule: bool | None = None
    title: str | None = None

    def __attrs_post_init__(self) -> None:
        # Always sent as true; set here because the serializer drops fields equal to their default.
        object.__setattr__(self, "schedule", True)


@attrs.frozen(kw_only=True)
class PostAutoRepost(RequestModel):
    """``autoRepost``: post again ``repeat`` times (1-10), every ``days`` days (>= 2)."""

    repeat: int = attrs.field(validator=int_range(1, 10))
    days: int = attrs.field(validator=int_range(2, None))
    start_date: dt.datetime | None = attrs.field(default=None, validator=aware_datetime)


@attrs.frozen(kw_only=True)
class PostAutoHashtag(RequestModel):
    """``autoHashtag`` as an object: how many hashtags (1-10, default 2) and where."""

    max: int | None = attrs.field(default=None, validator=int_range(1, 10))
    position: Literal["auto", "end"] | str | None = attrs.field(
        default=None, validator=one_of(("auto", "end"))
    )


@attrs.frozen(kw_only=True)
class PostFirstComment(RequestModel):
    """``firstComment``: a comment added right after publishing (media: Facebook, LinkedIn, X)."""

    comment: str
    media_urls: list[str] | None = attrs.field(default=None, validator=https_urls)


@attrs.frozen(kw_only=True)
class PostCreateBody(RequestModel):
    """Body of ``POST /post`` (and ``POST /validate/post``, which checks the same body).

    ``post`` and ``media_urls`` take either one value for every network or a dict keyed by network
    with a ``default`` entry. The ``*_options`` dicts are passed through as the network's options
    object (e.g. ``youtube_options={"title": ...}`` is required for YouTube).
    """

    post: str | Mapping[str, str] | None = attrs.field(default=None, validator=platform_map())
    platforms: Sequence[PlatformOrAll | str] = attrs.field(
        validator=platform_list(POST_PLATFORMS, accept_all=True)
    )
    media_urls: list[str] | Mapping[str, str | list[str]] | None = attrs.field(
        default=None, validator=https_urls
    )
    is_video: bool | None = None
    is_landscape_video: bool | None = None
    is_portrait_video: bool | None = None
    schedule_date: dt.datetime | None = attrs.field(default=None, validator=aware_datetime)
    validate_scheduled: bool | None = None
    auto_schedule: PostAutoSchedule | None = None
    auto_repost: PostAutoRepost | None = None
    auto_hashtag: PostAutoHashtag | bool | None = None
    first_comment: PostFirstComment | None = None
    disable_comments: bool | None = None
    shorten_links: bool | None = None
    unsplash: str | list[str] | None = None
    requires_approval: bool | None = None
    notes: str | None = None
    random_post: bool | None = None
    random_media_url: bool | None = None
    idempotency_key: str | None = None
    bluesky_options: Mapping[str, Any] | None = None
    facebook_options: Mapping[str, Any] | None = attrs.field(
        default=None, metadata={"wire": "faceBookOptions"}
    )
    gmb_options: Mapping[str, Any] | None = None
    instagram_options: Mapping[str, Any] | None = None
    linkedin_options: Mapping[str, Any] | None = attrs.field(
        default=None, metadata={"wire": "linkedInOptions"}
    )
    pinterest_options: Mapping[str, Any] | None = None
    reddit_options: Mapping[str, Any] | None = None
    snapchat_options: Mapping[str, Any] | None = attrs.field(
        default=None, metadata={"wire": "snapChatOptions"}
    )
    telegram_options: Mapping[str, Any] | None = None
    threads_options: Mapping[str, Any] | None = None
    tiktok_options: Mapping[str, Any] | None = attrs.field(
        default=None, metadata={"wire": "tikTokOptions"}
    )
    twitter_options: Mapping[str, Any] | None = None
    youtube_options: Mapping[str, Any] | None = attrs.field(
        default=None, metadata={"wire": "youTubeOptions"}
    )

    def __attrs_post_init__(self) -> None:
        if self.post is None and not self.random_post:
            at_least_one(self, "post", "random_post")
        exclusive(self, "schedule_date", "auto_schedule")
        exclusive(self, "schedule_date", "auto_repost")


@attrs.frozen(kw_only=True)
class PostIdBody(RequestModel):
    """A body holding just the Ayrshare Post ID (``PUT /post/retry``)."""

    id: str


@attrs.frozen(kw_only=True)
class PostDeleteBody(RequestModel):
    """Body of ``DELETE /post``: one ``id``, a ``bulk`` list, or ``delete_all_scheduled``."""

    id: str | None = None
    bulk: list[str] | None = None
    delete_all_scheduled: bool | None = None
    mark_manual_deleted: bool | None = None

    def __attrs_post_init__(self) -> None:
        exclusive(self, "id", "bulk")
        if not self.delete_all_scheduled:
            at_least_one(self, "id", "bulk", "delete_all_scheduled")


@attrs.frozen(kw_only=True)
class PostYouTubeUpdate(RequestModel):
    """``youTubeOptions`` of ``PATCH /post``: what can change on a published YouTube video."""

    visibility: Literal["unlisted", "private", "public"] | str | None = attrs.field(
        default=None, validator=one_of(("unlisted", "private", "public"))
    )
    title: str | None = None
    description: str | None = None
    category_id: int | None = None


@attrs.frozen(kw_only=True)
class PostUpdateBody(RequestModel):
    """Body of ``PATCH /post``: only pending scheduled, awaiting-approval or YouTube posts change."""

    id: str
    approved: bool | None = None
    disable_comments: bool | None = None
    notes: str | None = None
    schedule_date: dt.datetime | None = attrs.field(default=None, validator=aware_datetime)
    scheduled_pause: bool | None = None
    youtube_options: PostYouTubeUpdate | None = attrs.field(
        default=None, metadata={"wire": "youTubeOptions"}
    )


# -- responses -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PostPlatformResult(ResponseModel):
    """One network that took the post: its native post id and URL (``postIds[]``)."""

    platform: str | None = None
    status: str | None = None
    id: str | None = None
    post_url: str | None = None
    used_quota: int | None = None
    owner: str | None = None
    id_share: str | None = None


@attrs.frozen(kw_only=True)
class PostPlatformError(ResponseModel):
    """One network that refused the post, or a request-level error (``errors[]``)."""

    platform: str | None = None
    action: str | None = None
    status: str | None = None
    code: int | None = None
    message: str | None = None
    retry_available: bool | None = None


class _PerNetwork:
    """``succeeded``, ``failed`` and ``is_partial`` over a publish's ``post_ids`` and ``errors``."""

    __slots__ = ()

    if TYPE_CHECKING:
        post_ids: list[PostPlatformResult] | None
        errors: list[PostPlatformError] | None

    @property
    def succeeded(self) -> list[PostPlatformResult]:
        """The networks that published (or scheduled) the post."""
        return [p for p in self.post_ids or () if p.status in (None, "success", "scheduled")]

    @property
    def failed(self) -> list[PostPlatformError]:
        """The networks (or the request) that failed."""
        return list(self.errors or ())

    @property
    def is_partial(self) -> bool:
        """True when some networks took the post and others refused it."""
        return bool(self.succeeded) and bool(self.failed)


@attrs.frozen(kw_only=True)
class PostOutcome(ResponseModel, _PerNetwork):
    """What one publish produced, per network: the successes AND the failures, never just one.
    The items of ``PostCreateResponse.posts``, where every field may be missing."""

    status: str | None = None
    id: str | None = None
    ref_id: str | None = None
    post: Any = None
    post_ids: list[PostPlatformResult] | None = None
    errors: list[PostPlatformError] | None = None
    schedule_date: dt.datetime | None = None
    auto_repost_id: str | None = None


@attrs.frozen(kw_only=True)
class PostCreateResponse(ResponseModel, _PerNetwork):
    """Answer of ``POST /post``: ``status`` (``success``, ``scheduled``; ``error`` only through
    ``from_error``) and the Ayrshare Post ID ``id`` are always there.

    Older docs show the answer to a call with a Profile-Key wrapped as ``{status, posts: [...]}``;
    a wrapper holding one post is read as that post (``posts`` keeps the list).
    """

    status: str
    id: str
    ref_id: str | None = None
    post: Any = None
    post_ids: list[PostPlatformResult] | None = None
    errors: list[PostPlatformError] | None = None
    schedule_date: dt.datetime | None = None
    auto_repost_id: str | None = None
    posts: list[PostOutcome] | None = None

    @classmethod
    def _prepare(cls, raw: Mapping[str, Any]) -> Mapping[str, Any]:
        posts = raw.get("posts")
        if "id" in raw or not isinstance(posts, list) or len(posts) != 1:
            return raw
        [only] = posts
        return {**only, **raw} if isinstance(only, Mapping) else raw

    @classmethod
    def from_error(cls, error: APIStatusError) -> PostCreateResponse | None:
        """The outcome carried by an error answer (``"status": "error"`` with ``postIds``).

        Returns None when the error body is not a post outcome (no Ayrshare Post ID: e.g. a 401,
        or a request refused before any post was made).
        """
        body = error.body
        if not isinstance(body, Mapping):
            return None
        try:
            return converter.structure(body, cls)
        except (cattrs.BaseValidationError, TypeError, ValueError):
            return None


@attrs.frozen(kw_only=True)
class PostRecord(ResponseModel):
    """A post as Ayrshare stored it (``GET /post/{id}``, ``GET /history`` items)."""

    id: str | None = None
    status: str | None = None
    type: str | None = None
    post: Any = None
    platforms: list[str] | None = None
    post_ids: list[PostPlatformResult] | None = None
    errors: list[PostPlatformError] | None = None
    created: dt.datetime | None = None
    schedule_date: dt.datetime | None = None
    notes: str | None = None
    ref_id: str | None = None
    media_urls: Any = None
    auto_repost_id: str | None = None
    requires_approval: bool | None = None
    approved: bool | None = None


@attrs.frozen(kw_only=True)
class PostActionResponse(ResponseModel):
    """Answer of ``PATCH /post`` and ``PUT /post/retry``: the docs show ``{status, ...}``; the other
    fields are in ``to_dict()`` / ``extra``."""

    status: str
    id: str | None = None


@attrs.frozen(kw_only=True, repr=False)
class PostDeleteResponse(JsonObject):
    """Answer of ``DELETE /post``: overall ``status`` plus one entry per network
    (``response["facebook"]`` -> ``{"action": "delete", "status": ..., "id": ...}``)."""

    status: str
    id: str | None = None
