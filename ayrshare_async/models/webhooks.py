"""Webhook registrations: which URL receives which action's events, and the signing secret.

Verifying a delivery's signature is ``ayrshare_async.webhooks``; this module only manages the
registrations through the REST API.
"""

from __future__ import annotations

from typing import Literal, get_args

import attrs

from .._serde import RequestModel, ResponseModel
from ._common import https_url, one_of

__all__ = [
    "WEBHOOK_ACTIONS",
    "SigningSecretBody",
    "SigningSecretResponse",
    "WebhookAction",
    "WebhookListQuery",
    "WebhookRegisterBody",
    "WebhookRegistration",
    "WebhookUnregisterBody",
    "WebhookUnregistration",
]

WebhookAction = Literal[
    "accountActivity",
    "automations",
    "batch",
    "comments",
    "feed",
    "mentions",
    "messages",
    "scheduled",
    "social",
    "suspended",
]
WEBHOOK_ACTIONS = frozenset(get_args(WebhookAction))
"""The union of every source; ``suspended`` is named by a secondary source only."""

_action = one_of(WEBHOOK_ACTIONS)


@attrs.frozen(kw_only=True)
class WebhookRegisterBody(RequestModel):
    """Body of ``POST /hook/webhook``: one action per call; ``url`` must be https and must not
    redirect. ``secret`` is the older per-registration HMAC secret (never shown in reprs)."""

    action: WebhookAction = attrs.field(validator=_action)
    url: str = attrs.field(validator=https_url)
    secret: str | None = attrs.field(default=None, repr=False)
    source: str | None = None


@attrs.frozen(kw_only=True)
class WebhookUnregisterBody(RequestModel):
    """Body of ``DELETE /hook/webhook``."""

    action: WebhookAction = attrs.field(validator=_action)
    source: str | None = None


@attrs.frozen(kw_only=True)
class WebhookListQuery(RequestModel):
    """Query of ``GET /hook/webhook``."""

    all_webhooks: bool | None = None
    source: str | None = None


@attrs.frozen(kw_only=True)
class SigningSecretBody(RequestModel):
    """Body of ``POST /hook/webhook/secret``: the new signing secret of the profile (one secret
    signs every action). Never shown in reprs."""

    secret: str = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class WebhookRegistration(ResponseModel):
    """``POST /hook/webhook``."""

    status: str | None = None
    action: str | None = None
    url: str | None = None
    ref_id: str | None = None


@attrs.frozen(kw_only=True)
class WebhookUnregistration(ResponseModel):
    """``DELETE /hook/webhook``."""

    status: str | None = None
    action: str | None = None


@attrs.frozen(kw_only=True)
class SigningSecretResponse(ResponseModel):
    """``POST /hook/webhook/secret``: for 24 hours deliveries are signed with both the old and the
    new secret."""

    status: str | None = None
    action: str | None = None
    ref_id: str | None = None
