"""Per-call options: what a single call may override on top of its client's settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs
import httpx

__all__ = ["NOT_GIVEN", "NotGiven", "RequestOptions", "TimeoutLike"]

TimeoutLike = float | httpx.Timeout
"""Seconds for every phase (connect stays short), or a full ``httpx.Timeout``; applied per attempt.
Where None is accepted, it means no timeout at all, as in httpx."""


class NotGiven:
    """The default of an argument left out, where None has a meaning of its own (``timeout=None``
    is no timeout; a ``timeout`` not given is the client's)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


@attrs.define
class RequestOptions:
    """Overrides for one call; None (or ``NOT_GIVEN`` for ``timeout``) means "the client's".

    Built by every endpoint method on every call, so a plain slotted class (not frozen: attrs'
    frozen ``__init__`` costs twice as much); nothing keeps or changes one after the call."""

    timeout: TimeoutLike | NotGiven | None = NOT_GIVEN
    max_retries: int | None = None
    profile_key: str | None = None
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None
    extra_body: Mapping[str, Any] | None = None
