"""Models of the ``/validate`` routes: check a post before sending it (``validate.post`` takes the
same body as ``post.create``: ``PostCreateBody``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._serde import RequestModel, ResponseModel
from ._generic import JsonObject

__all__ = ["ValidatePostLengthBody", "ValidatePostLengthResponse", "ValidateResponse"]


@attrs.frozen(kw_only=True)
class ValidateResponse(ResponseModel):
    """Answer of ``POST /validate/post`` and ``/validate/json``: ``success`` plus any warnings."""

    status: str
    message: str | None = None
    warnings: list[Any] | None = None


@attrs.frozen(kw_only=True)
class ValidatePostLengthBody(RequestModel):
    """Body of ``POST /validate/postLength``: the text whose weighted length is measured."""

    post: str


@attrs.frozen(kw_only=True, repr=False)
class ValidatePostLengthResponse(JsonObject):
    """Weighted length and a valid flag per network (``response["twitterWeightedLength"]``,
    ``response["twitterValid"]``...) plus each network's limit in ``max_char_limits``."""

    max_char_limits: Mapping[str, int] | None = None
