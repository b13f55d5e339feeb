"""Media: upload files, get presigned URLs for large ones, check and inspect media URLs, resize."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

import attrs

from .._errors import ValidationError
from .._serde import RequestModel, ResponseModel
from ._common import at_least_one, https_url, one_of

__all__ = [
    "MEDIA_UPLOAD_CONTENT_TYPES",
    "RESIZE_MODES",
    "MediaContentType",
    "MediaMeta",
    "MediaMetaQuery",
    "MediaResizeBody",
    "MediaResizeResponse",
    "MediaUploadBody",
    "MediaUploadResponse",
    "MediaUploadUrlQuery",
    "MediaUploadUrlResponse",
    "MediaUrlExistsBody",
    "ResizeMode",
]

MediaContentType = Literal["mp4", "mov", "quicktime", "png", "jpg", "jpeg"]
ResizeMode = Literal["resize", "blur", "crop"]
MEDIA_UPLOAD_CONTENT_TYPES = frozenset(get_args(MediaContentType))
RESIZE_MODES = frozenset(get_args(ResizeMode))


def _data_uri(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.startswith("data:"):
        raise ValidationError(
            f"{attribute.name}: {value[:30]!r}... is not a data URI; send the file as "
            "'data:<mime>;base64,<data>' (or use media.upload_url for files over 10 MB)"
        )


def _has_extension(_: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and "." not in value.rsplit("/", 1)[-1]:
        raise ValidationError(
            f"{attribute.name}: {value!r} has no extension; give e.g. 'video.mp4'"
        )


@attrs.frozen(kw_only=True)
class MediaUploadBody(RequestModel):
    """Body of ``POST /media/upload`` (files up to 30 MB, kept 90 days).

    ``file`` is a base64 data URI (``data:image/png;base64,...``); this SDK sends JSON, not
    multipart.
    """

    file: str = attrs.field(validator=_data_uri, repr=False)
    file_name: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class MediaUploadUrlQuery(RequestModel):
    """Query of ``GET /media/uploadUrl``: for files over 10 MB (up to 5 GB). Give ``file_name``
    (with its extension), ``content_type``, or both."""

    file_name: str | None = attrs.field(default=None, validator=_has_extension)
    content_type: MediaContentType | str | None = attrs.field(
        default=None, validator=one_of(MEDIA_UPLOAD_CONTENT_TYPES)
    )

    def __attrs_post_init__(self) -> None:
        at_least_one(self, "file_name", "content_type")


@attrs.frozen(kw_only=True)
class MediaUrlExistsBody(RequestModel):
    """Body of ``POST /media/urlExists``: the URL Ayrshare should check with a HEAD request."""

    media_url: str = attrs.field(validator=https_url)


@attrs.frozen(kw_only=True)
class MediaMetaQuery(RequestModel):
    """Query of ``GET /media/meta``: the media file's URL."""

    url: str = attrs.field(validator=https_url)


@attrs.frozen(kw_only=True)
class MediaResizeBody(RequestModel):
    """Body of ``POST /media/resize`` (Max Pack).

    ``platform`` picks a network's preset size (one name or a list); ``dimensions``
    (``{"width", "height", "xCoordinate", "yCoordinate"}``) sets one explicitly: give either.
    ``watermark`` is ``{"url", "position"}``.
    """

    image_url: str = attrs.field(validator=https_url)
    platform: str | list[str] | None = None
    watermark: Mapping[str, Any] | None = None
    effects: Mapping[str, Any] | None = None
    dimensions: Mapping[str, int] | None = None
    mode: ResizeMode | str | None = attrs.field(default=None, validator=one_of(RESIZE_MODES))
    convert_to_jpg: bool | None = None
    convert_to_webp: bool | None = attrs.field(default=None, metadata={"wire": "convertToWebP"})

    def __attrs_post_init__(self) -> None:
        at_least_one(self, "platform", "dimensions")


@attrs.frozen(kw_only=True)
class MediaUploadResponse(ResponseModel):
    """``POST /media/upload``: ``url`` is what to put in a post's ``media_urls``."""

    id: str
    url: str
    file_name: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class MediaUploadUrlResponse(ResponseModel):
    """``GET /media/uploadUrl``: PUT the file to ``upload_url`` (once, within 30 minutes, with
    ``content_type``), then post with ``access_url`` (valid 30 days)."""

    access_url: str
    content_type: str
    upload_url: str = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class MediaMeta(ResponseModel):
    """``GET /media/meta``: ``duration`` in seconds, ``size`` in bytes."""

    codec: str | None = None
    duration: float | None = None
    filename: str | None = None
    format: str | None = None
    height: int | None = None
    size: int | None = None
    type: str | None = None
    width: int | None = None


@attrs.frozen(kw_only=True)
class MediaResizeResponse(ResponseModel):
    """``POST /media/resize``: ``url`` of the resized image."""

    status: str
    url: str
    mode: str | None = None
