"""Who receives which webhook action, and the signing secrets, per profile.

One signing secret per profile signs every action. ``secret`` in a registration sets it;
``POST /hook/webhook/secret`` rotates it, after which the old one keeps signing too for the
policy's grace window (at most two secrets at a time: a second rotation inside the window drops
the oldest). A user profile without a registration for an action inherits the primary profile's,
signed with the primary's secret. A profile without any secret gets unsigned deliveries.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["WebhookRegistry", "signature_headers"]

SIGNATURE = "x-authorization-content-sha256"
SIGNATURE_V2 = "x-authorization-content-sha256-v2"
TIMESTAMP = "x-authorization-timestamp"


@dataclass(slots=True)
class _Profile:
    urls: dict[str, str] = field(default_factory=dict)
    secret: str | None = field(default=None, repr=False)
    previous: str | None = field(default=None, repr=False)
    previous_until: float = 0.0
    updated: datetime | None = None


class WebhookRegistry:
    """Registrations and secrets, keyed by the profile's refId (callers hold the emulator lock)."""

    def __init__(self) -> None:
        self._profiles: dict[str, _Profile] = {}

    def register(
        self, ref_id: str, action: str, url: str, secret: str | None, now: datetime
    ) -> None:
        entry = self._profiles.setdefault(ref_id, _Profile())
        entry.urls[action] = url
        entry.updated = now
        if secret is not None:
            entry.secret = secret

    def unregister(self, ref_id: str, action: str, now: datetime) -> None:
        entry = self._profiles.get(ref_id)
        if entry is not None and entry.urls.pop(action, None) is not None:
            entry.updated = now

    def urls(self, ref_id: str) -> tuple[dict[str, str], datetime | None]:
        entry = self._profiles.get(ref_id)
        return (dict(entry.urls), entry.updated) if entry is not None else ({}, None)

    def rotate(self, ref_id: str, secret: str, now: datetime, grace_window: float) -> None:
        entry = self._profiles.setdefault(ref_id, _Profile())
        if entry.secret is not None and entry.secret != secret:
            entry.previous = entry.secret
            entry.previous_until = now.timestamp() + grace_window
        entry.secret = secret

    def target(self, ref_id: str, primary_ref_id: str, action: str) -> tuple[str, str] | None:
        """``(owner refId, URL)`` that receives ``action`` for ``ref_id``: its own, else the
        primary profile's."""
        for owner in (ref_id, primary_ref_id):
            entry = self._profiles.get(owner)
            if entry is not None and action in entry.urls:
                return owner, entry.urls[action]
        return None

    def secrets(self, ref_id: str, now: datetime) -> list[str]:
        """The secrets that sign a delivery now, newest first."""
        entry = self._profiles.get(ref_id)
        if entry is None or entry.secret is None:
            return []
        valid = [entry.secret]
        if entry.previous is not None and now.timestamp() < entry.previous_until:
            valid.append(entry.previous)
        return valid


def signature_headers(body: bytes, secrets: list[str], timestamp: int) -> list[tuple[str, str]]:
    """The timestamp, then (when the profile has a secret) V1 = the newest secret's lowercase
    hex HMAC-SHA256 of the body, and V2 = ``v1=<hex>`` for every valid secret, newest first."""
    headers = [(TIMESTAMP, str(timestamp))]
    signatures = [hmac.new(s.encode(), body, hashlib.sha256).hexdigest() for s in secrets]
    if signatures:
        headers.append((SIGNATURE, signatures[0]))
        headers.append((SIGNATURE_V2, ",".join(f"v1={s}" for s in signatures)))
    return headers
