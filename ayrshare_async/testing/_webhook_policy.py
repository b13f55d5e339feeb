"""How the emulator delivers webhooks (``WebhookPolicy``), and what its delivery log records.

Ayrshare's sources disagree on retries, so both are here: the default follows the newest source
(2026 secondary notes: 15 s to answer, 408/425/429/5xx and timeouts retried up to 9 times over
about an hour, other answers final); ``WebhookPolicy.older_docs()`` follows the older docs
(10 s to answer, any non-2xx retried twice, after 5 s and then 30 s). The delays between the 9
retries are not documented: the default's are the emulator's own choice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Delivery", "DeliveryAttempt", "WebhookDelivery", "WebhookPolicy"]

DeliveryState = Literal["pending", "sending", "delivered", "failed"]
AttemptOutcome = Literal["delivered", "retry", "failed"]


@dataclass(frozen=True, slots=True)
class WebhookPolicy:
    """``retry_delays``: emulator-clock seconds before each retry (so their number is the number
    of retries); ``timeout``: real seconds a receiver has to answer (a timeout counts as a failure
    that is retried); ``retry_statuses``: the non-2xx statuses that are retried (None: every one);
    ``grace_window``: seconds after a rotation during which the old secret signs too;
    ``loopback_only``: deliver only to 127.0.0.1/localhost/::1 (a test never reaches out)."""

    retry_delays: tuple[float, ...] = (5.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 900.0, 900.0)
    timeout: float = 15.0
    retry_statuses: frozenset[int] | None = frozenset({408, 425, 429, *range(500, 600)})
    grace_window: float = 24 * 3600.0
    loopback_only: bool = True

    def __post_init__(self) -> None:
        if any(not delay >= 0 for delay in self.retry_delays):
            raise ValueError(f"retry_delays must be seconds >= 0, got {self.retry_delays!r}")
        if not self.timeout > 0:
            raise ValueError(f"timeout must be seconds > 0, got {self.timeout!r}")
        if not self.grace_window >= 0:
            raise ValueError(f"grace_window must be seconds >= 0, got {self.grace_window!r}")

    @classmethod
    def older_docs(cls) -> WebhookPolicy:
        """The older docs: answer within 10 s; any non-2xx is retried after 5 s, then 30 s."""
        return cls(retry_delays=(5.0, 30.0), timeout=10.0, retry_statuses=None)

    def retried(self, status: int | None) -> bool:
        """Whether an attempt that got ``status`` (None: timeout or no connection) is retried."""
        if status is None:
            return True
        if 200 <= status < 300:
            return False
        return self.retry_statuses is None or status in self.retry_statuses


@dataclass(frozen=True, slots=True)
class DeliveryAttempt:
    """One POST of a delivery. ``started``/``finished`` are on the emulator's clock; ``status`` is
    the receiver's answer (None when it timed out or could not be reached: ``error`` says which);
    ``next_attempt`` is when the retry is due (None when there is none)."""

    delivery_id: str
    number: int
    url: str
    started: float
    finished: float
    status: int | None
    error: str | None
    outcome: AttemptOutcome
    next_attempt: float | None
    headers: tuple[tuple[str, str], ...] = field(repr=False)


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One event on its way to one URL: the same ``body`` and ``hook_id`` on every attempt.
    ``ref_id`` is the profile the event is about; the URL may be the primary profile's, which a
    user profile without its own registration inherits."""

    id: str
    hook_id: str
    action: str
    ref_id: str
    url: str
    body: bytes = field(repr=False)
    created: float
    state: DeliveryState
    attempts: tuple[DeliveryAttempt, ...]

    @property
    def payload(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


@dataclass(slots=True, eq=False)
class Delivery:
    """One delivery as it goes (under the emulator's lock); ``snapshot()`` is what the log shows."""

    id: str
    hook_id: str
    action: str
    ref_id: str
    owner_ref_id: str
    url: str
    body: bytes = field(repr=False)
    created: float
    state: DeliveryState = "pending"
    attempts: list[DeliveryAttempt] = field(default_factory=list)

    def snapshot(self) -> WebhookDelivery:
        return WebhookDelivery(
            self.id,
            self.hook_id,
            self.action,
            self.ref_id,
            self.url,
            self.body,
            self.created,
            self.state,
            tuple(self.attempts),
        )
