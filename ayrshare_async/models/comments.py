"""Comments: add a comment to a post, read a post's comments, reply to one, delete them.

Ids come in two kinds (see the docs' comments overview): Ayrshare ids (post ``id``, comment ``id``)
and the networks' own ids, which need ``search_platform_id=True`` and exactly one network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .._errors import ValidationError
from .._serde import RequestModel, ResponseModel
from ._common import (
    COMMENTS_CREATE_PLATFORMS,
    COMMENTS_DELETE_PLATFORMS,
    COMMENTS_GET_PLATFORMS,
    COMMENTS_REPLY_PLATFORMS,
    Platform,
    https_urls,
    one_of,
    platform_list,
)
from ._one_or_many import register_one_or_many

__all__ = [
    "Comment",
    "CommentCreateBody",
    "CommentDeleteBody",
    "CommentDeleteResponse",
    "CommentDeleteResult",
    "CommentReplyBody",
    "CommentReplyResponse",
    "CommentReplyResult",
    "CommentResponse",
    "CommentResult",
    "CommentUser",
    "CommentsQuery",
    "CommentsResponse",
]

CREATE_MEDIA_PLATFORMS = frozenset({"facebook", "linkedin", "twitter"})
"""Networks that take an image/video in a new comment."""
REPLY_MEDIA_PLATFORMS = frozenset({"facebook", "linkedin"})
"""Networks that take an image/video in a reply."""


def _check_media(body: Any, allowed_networks: frozenset[str]) -> None:
    media = body.media_urls
    if media is None:
        return
    if len(media) > 1:
        raise ValidationError(
            f"media_urls: {len(media)} URLs given; a comment takes at most 1 image or video"
        )
    if body.platforms is not None:
        others = sorted(set(body.platforms) - allowed_networks)
        if others:
            raise ValidationError(
                f"media_urls: not supported in comments on {', '.join(others)}; "
                f"allowed with media: {', '.join(sorted(allowed_networks))}"
            )


def _check_single_network(body: Any) -> None:
    if body.search_platform_id and (body.platforms is None or len(body.platforms) != 1):
        raise ValidationError(
            f"platforms: {body.platforms!r}; with search_platform_id=True give exactly one network "
            "(the id is that network's own post or comment id)"
        )


def _check_platform_given(query: Any) -> None:
    if query.search_platform_id and query.platform is None:
        raise ValidationError(
            "platform: required with search_platform_id=True (whose native id it is)"
        )


@attrs.frozen(kw_only=True)
class CommentCreateBody(RequestModel):
    """Body of ``POST /comments``: a new top-level comment on a post.

    ``id`` is the Ayrshare post id, or the network's post id with ``search_platform_id=True``.
    Leaving ``platforms`` out comments on every network of the post. ``random_comment=True`` sends
    a random test comment instead of ``comment``.
    """

    id: str
    comment: str | None = None
    platforms: Sequence[Platform | str] | None = attrs.field(
        default=None, validator=platform_list(COMMENTS_CREATE_PLATFORMS)
    )
    search_platform_id: bool | None = None
    media_urls: list[str] | None = attrs.field(default=None, validator=https_urls)
    random_comment: bool | None = None

    def __attrs_post_init__(self) -> None:
        if self.comment is None and not self.random_comment:
            raise ValidationError("comment: required (or random_comment=True for a test comment)")
        _check_single_network(self)
        _check_media(self, CREATE_MEDIA_PLATFORMS)


@attrs.frozen(kw_only=True)
class CommentsQuery(RequestModel):
    """Query of ``GET /comments/{id}``.

    With ``search_platform_id=True`` the id is the network's post id (or, with ``comment_id=True``
    too, the network's comment id) and ``platform`` says which network.
    """

    search_platform_id: bool | None = None
    comment_id: bool | None = None
    platform: Platform | None = attrs.field(default=None, validator=one_of(COMMENTS_GET_PLATFORMS))

    def __attrs_post_init__(self) -> None:
        if self.comment_id and not self.search_platform_id:
            raise ValidationError(
                "comment_id: True only works with search_platform_id=True "
                "(the id is then a network's comment id)"
            )
        _check_platform_given(self)


@attrs.frozen(kw_only=True)
class CommentDeleteBody(RequestModel):
    """Body of ``DELETE /comments/{id}`` when the id is a network's comment id.

    The docs do not say whether these two go in the query or the body; like Ayrshare's other
    DELETE routes (and its SDKs) they are sent as the JSON body.
    """

    search_platform_id: bool | None = None
    platform: Platform | None = attrs.field(
        default=None, validator=one_of(COMMENTS_DELETE_PLATFORMS)
    )

    def __attrs_post_init__(self) -> None:
        _check_platform_given(self)


@attrs.frozen(kw_only=True)
class CommentReplyBody(RequestModel):
    """Body of ``POST /comments/reply/{commentId}``: a reply to an existing comment.

    ``video_id`` is needed for a TikTok reply by the network's comment id; ``comment_urn`` is the
    LinkedIn comment URN.
    """

    comment: str
    platforms: Sequence[Platform | str] = attrs.field(
        validator=platform_list(COMMENTS_REPLY_PLATFORMS)
    )
    search_platform_id: bool | None = None
    video_id: str | None = None
    comment_urn: str | None = None
    media_urls: list[str] | None = attrs.field(default=None, validator=https_urls)

    def __attrs_post_init__(self) -> None:
        _check_single_network(self)
        _check_media(self, REPLY_MEDIA_PLATFORMS)
        if self.search_platform_id and self.platforms == ["tiktok"] and self.video_id is None:
            raise ValidationError(
                "video_id: required to reply on TikTok by the network's comment id "
                "(the id of the video the comment is on)"
            )


@attrs.frozen(kw_only=True)
class CommentUser(ResponseModel):
    """Who wrote a comment (as the network reports it)."""

    id: str | None = None
    username: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class Comment(ResponseModel):
    """One comment as ``GET /comments/{id}`` lists it (``comment_id`` is the network's id, the
    one to reply to with ``search_platform_id``). Timestamps are the network's strings."""

    comment: str | None = None
    comment_id: str | None = None
    created: str | None = None
    from_: CommentUser | None = attrs.field(default=None, metadata={"wire": "from"})
    hidden: bool | None = None
    like_count: int | None = None
    platform: str | None = None
    post_id: str | None = None
    replies: list[Comment] | None = None
    username: str | None = None
    media_urls: list[str] | None = None


@attrs.frozen(kw_only=True)
class CommentsResponse(ResponseModel):
    """``GET /comments/{id}``: the comments per network (one attribute per network)."""

    status: str | None = None
    id: str | None = None
    last_updated: str | None = None
    next_update: str | None = None
    errors: list[Mapping[str, Any]] | None = None
    bluesky: list[Comment] | None = None
    facebook: list[Comment] | None = None
    instagram: list[Comment] | None = None
    linkedin: list[Comment] | None = None
    threads: list[Comment] | None = None
    tiktok: list[Comment] | None = None
    twitter: list[Comment] | None = None
    youtube: list[Comment] | None = None


@attrs.frozen(kw_only=True)
class CommentResult(ResponseModel):
    """The outcome of a new comment on one network (``comment_id`` is the network's id); a
    failed network has ``status`` ``"error"`` with ``code`` and ``message``."""

    status: str | None = None
    comment_id: str | None = None
    comment: str | None = None
    platform: str | None = None
    comment_urn: str | None = None
    code: int | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class CommentResponse(ResponseModel):
    """``POST /comments``: ``comment_id`` is Ayrshare's id, per-network outcomes by attribute."""

    status: str | None = None
    id: str | None = None
    comment_id: str | None = None
    bluesky: CommentResult | None = None
    facebook: CommentResult | None = None
    instagram: CommentResult | None = None
    linkedin: CommentResult | None = None
    reddit: CommentResult | None = None
    threads: CommentResult | None = None
    tiktok: CommentResult | None = None
    twitter: CommentResult | None = None
    youtube: CommentResult | None = None


@attrs.frozen(kw_only=True)
class CommentReplyResult(ResponseModel):
    """The outcome of a reply on one network: the reply's network id (``comment_id``) and the
    replied-to one (``source_comment_id``); a failure carries ``code`` and ``message``."""

    status: str | None = None
    comment_id: str | None = None
    source_comment_id: str | None = None
    comment: str | None = None
    platform: str | None = None
    code: int | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class CommentReplyResponse(ResponseModel):
    """``POST /comments/reply/{commentId}``: ``id`` is the Ayrshare post id, ``comment_id`` the
    reply's Ayrshare comment id; per-network outcomes by attribute."""

    status: str | None = None
    id: str | None = None
    comment_id: str | None = None
    bluesky: CommentReplyResult | None = None
    facebook: CommentReplyResult | None = None
    instagram: CommentReplyResult | None = None
    linkedin: CommentReplyResult | None = None
    threads: CommentReplyResult | None = None
    tiktok: CommentReplyResult | None = None
    twitter: CommentReplyResult | None = None
    youtube: CommentReplyResult | None = None


@attrs.frozen(kw_only=True)
class CommentDeleteResult(ResponseModel):
    """The outcome of a delete on one network (``id``: the network's comment id)."""

    action: str | None = None
    status: str | None = None
    id: str | None = None
    comment: str | None = None
    code: int | None = None
    message: str | None = None


register_one_or_many(CommentDeleteResult)


@attrs.frozen(kw_only=True)
class CommentDeleteResponse(ResponseModel):
    """``DELETE /comments/{id}``: per-network outcomes by attribute (a list when deleting by post
    id removed several comments on that network)."""

    status: str | None = None
    bluesky: CommentDeleteResult | list[CommentDeleteResult] | None = None
    facebook: CommentDeleteResult | list[CommentDeleteResult] | None = None
    instagram: CommentDeleteResult | list[CommentDeleteResult] | None = None
    linkedin: CommentDeleteResult | list[CommentDeleteResult] | None = None
    reddit: CommentDeleteResult | list[CommentDeleteResult] | None = None
    threads: CommentDeleteResult | list[CommentDeleteResult] | None = None
    tiktok: CommentDeleteResult | list[CommentDeleteResult] | None = None
    twitter: CommentDeleteResult | list[CommentDeleteResult] | None = None
    youtube: CommentDeleteResult | list[CommentDeleteResult] | None = None
