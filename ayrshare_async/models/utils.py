"""Utilities: a plain-language explanation of an Ayrshare error code."""

from __future__ import annotations

import attrs

from .._serde import RequestModel
from ._common import ALL_PLATFORMS, Platform, one_of

__all__ = ["ErrorExplainQuery"]


@attrs.frozen(kw_only=True)
class ErrorExplainQuery(RequestModel):
    """Query of ``GET /error-explainer``: the Ayrshare error ``code`` (e.g. 156), and optionally
    the network it came from."""

    code: int | str
    platform: Platform | str | None = attrs.field(default=None, validator=one_of(ALL_PLATFORMS))
