"""What a route handler gets (one :class:`Call` per request) and what it registers as."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import _codes as codes
from ._platforms import PLATFORM_NAMES, X_CREDENTIALS_MESSAGE
from ._publishing import Publisher, platform_error
from ._state import Profile, State
from ._webhooks import EmulatorWebhooks
from ._wire import ApiError, Query

__all__ = ["Call", "Endpoint", "Reply"]

Reply = tuple[int, Any]
"""HTTP status and the JSON-able body."""


@dataclass(slots=True)
class Call:
    """One request, resolved: the acting profile (the Profile-Key's, or the primary), path
    parameters, query, headers and the emulator's wall-clock time for this request."""

    state: State
    publisher: Publisher
    profile: Profile
    profile_from_header: bool
    params: dict[str, str]
    query: Query
    headers: Mapping[str, str]
    raw_body: bytes
    now: datetime
    webhooks: EmulatorWebhooks
    _body: dict[str, Any] | None = field(default=None, repr=False)

    def body(self) -> dict[str, Any]:
        """The JSON body as an object (``{}`` when empty); anything else is a 400."""
        if self._body is None:
            if not self.raw_body.strip():
                self._body = {}
            else:
                try:
                    parsed = json.loads(self.raw_body)
                except (ValueError, UnicodeDecodeError):
                    raise ApiError(
                        400, codes.BAD_REQUEST, "The request body is not valid JSON"
                    ) from None
                if not isinstance(parsed, dict):
                    raise ApiError(400, codes.BAD_REQUEST, "The request body must be a JSON object")
                self._body = parsed
        return self._body

    @property
    def has_x_credentials(self) -> bool:
        return bool(
            self.headers.get("x-twitter-oauth1-api-key")
            and self.headers.get("x-twitter-oauth1-api-secret")
        )

    def network_problem(self, platform: str, action: str) -> dict[str, Any] | None:
        """Why this caller cannot act on ``platform`` (X without the BYO headers, a network not
        linked to the profile) as a per-network error, or None."""
        if platform == "twitter" and not self.has_x_credentials:
            return platform_error(
                platform, codes.X_CREDENTIALS, X_CREDENTIALS_MESSAGE, action=action
            )
        if platform not in self.profile.linked:
            message = f"{PLATFORM_NAMES[platform]} is not linked to this profile"
            return platform_error(platform, codes.NOT_LINKED, message, action=action)
        return None

    def require_network(self, platform: str, action: str) -> None:
        """``network_problem`` as a whole-request 400."""
        problem = self.network_problem(platform, action)
        if problem is not None:
            raise ApiError(400, problem["code"], problem["message"], action=action)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A route's handler. ``account_level`` routes act for the account and ignore Profile-Key.
    ``alias_of`` marks an older or undocumented path that Ayrshare still answers (its own API
    flows send it): the value names the current route, whose operation the alias shares."""

    operation: str
    handler: Callable[[Call], Reply]
    account_level: bool = False
    alias_of: str | None = None
