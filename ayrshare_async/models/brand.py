"""Brand: public profile information of any account on a network, by username."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .._serde import RequestModel
from ._common import Platform, platform_list

__all__ = ["BrandByUserQuery"]


@attrs.frozen(kw_only=True)
class BrandByUserQuery(RequestModel):
    """Query of ``GET /brand/byUser``: the networks to look on and the username on each, as the
    docs example shows (``platforms=["instagram", "twitter"]``, ``instagram_user``,
    ``twitter_user``). Other networks' ``<network>User`` parameters go in ``extra_query``."""

    platforms: Sequence[Platform | str] | None = attrs.field(
        default=None, validator=platform_list()
    )
    instagram_user: str | None = None
    twitter_user: str | None = None
