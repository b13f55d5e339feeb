"""One call, built: what the send stage needs to send it and to decide its retries."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from ._route import Route
    from .budgets import Limit

__all__ = ["Call"]


class Call:
    """One call as the send stage needs it: the request, and what decides its retries."""

    __slots__ = (
        "idempotency_key",
        "limits",
        "max_retries",
        "profile_key",
        "request",
        "retry_safe",
        "route",
    )

    def __init__(
        self,
        request: httpx.Request,
        route: Route,
        *,
        max_retries: int,
        retry_safe: bool,
        idempotency_key: str | None,
        profile_key: str | None,
    ) -> None:
        self.request = request
        self.route = route
        self.max_retries = max_retries
        self.retry_safe = retry_safe
        self.idempotency_key = idempotency_key
        self.profile_key = profile_key
        """The Profile-Key the request carries (None: the primary profile)."""
        self.limits: tuple[Limit, ...] | None = None
        """The rate budgets each attempt spends, once the client's budget has named them."""
