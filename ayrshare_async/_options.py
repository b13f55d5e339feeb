"""Per-call options: what a single call may override on top of its client's settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import httpx

__all__ = ["RequestOptions", "TimeoutLike"]

TimeoutLike = float | httpx.Timeout
"""Seconds for every phase (connect stays short), or a full ``httpx.Timeout``; applied per attempt."""


@attrs.frozen
class RequestOptions:
    """Overrides for one call; None means "use the client's setting"."""

    timeout: TimeoutLike | None = None
    max_retries: int | None = None
    profile_key: str | None = None
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None
    extra_body: Mapping[str, Any] | None = None
