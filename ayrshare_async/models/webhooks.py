"""Webhooks: the registrations (which URL receives which action's events, the signing secret)
and the events Ayrshare delivers, one model per action.

Verifying a delivery's signature before reading its event is ``ayrshare_async.webhooks``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

import attrs

from .._checks import is_loopback
from .._errors import ValidationError
from .._serde import RequestModel, ResponseModel, converter
from ._common import one_of
from .post import PostPlatformError, PostPlatformResult

__all__ = [
    "EVENT_TYPES",
    "WEBHOOK_ACTIONS",
    "AccountActivityEvent",
    "AutomationsEvent",
    "BatchEvent",
    "CommentsEvent",
    "FeedEvent",
    "MentionsEvent",
    "MessagesEvent",
    "ScheduledEvent",
    "SigningSecretBody",
    "SigningSecretResponse",
    "SocialEvent",
    "SuspendedEvent",
    "WebhookAction",
    "WebhookEvent",
    "WebhookListQuery",
    "WebhookRegisterBody",
    "WebhookRegistration",
    "WebhookUnregisterBody",
    "WebhookUnregistration",
    "parse_event",
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


def _webhook_url(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """https, as Ayrshare requires; plain http only for a loopback host (a receiver under test,
    registered with the emulator)."""
    parts = urlsplit(value) if isinstance(value, str) else None
    host = parts.hostname if parts is not None else None
    if host and parts is not None and parts.scheme == "https":
        return
    if host and parts is not None and parts.scheme == "http" and is_loopback(host):
        return
    raise ValidationError(
        f"{attribute.name}: {value!r} is not an https URL (plain http only for a loopback host "
        "such as 127.0.0.1)"
    )


@attrs.frozen(kw_only=True)
class WebhookRegisterBody(RequestModel):
    """Body of ``POST /hook/webhook``: one action per call; ``url`` must be https and must not
    redirect. ``secret``, when given, becomes the profile's signing secret (one secret per
    profile signs every action; older docs call it the registration's HMAC secret). Never shown
    in reprs."""

    action: WebhookAction = attrs.field(validator=_action)
    url: str = attrs.field(validator=_webhook_url)
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


# -- events --------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class WebhookEvent(ResponseModel):
    """One delivered event: the fields every action has. An action this SDK does not know yet
    is read as this class; every field of the delivery is in ``to_dict()`` and ``extra``.

    ``hook_id`` identifies the event (the same on every retry: dedupe on it), ``ref_id`` the
    profile it is about."""

    action: str | None = None
    sub_action: str | None = None
    hook_id: str | None = None
    ref_id: str | None = None
    created: dt.datetime | None = None


@attrs.frozen(kw_only=True)
class _PostOutcomeEvent(WebhookEvent):
    status: str | None = None
    code: int | None = None
    id: str | None = None
    post_ids: list[PostPlatformResult] | None = None
    errors: list[PostPlatformError] | None = None


@attrs.frozen(kw_only=True)
class ScheduledEvent(_PostOutcomeEvent):
    """``scheduled``: a future-scheduled post was processed (``status`` success or error, the
    networks that took it in ``post_ids`` and those that refused it in ``errors``). Also sent with
    ``sub_action="tikTokPublished"`` when TikTok media becomes public. ``url`` is listed by the
    docs' field list without a description."""

    url: str | None = None


@attrs.frozen(kw_only=True)
class FeedEvent(_PostOutcomeEvent):
    """``feed``: an RSS feed item was posted. Its fields were not retrieved; the ones of a post's
    outcome are read when present, everything else is in ``extra``."""


@attrs.frozen(kw_only=True)
class SocialEvent(WebhookEvent):
    """``social``: a network was linked, unlinked or refreshed (``type`` ``link``, ``unlink`` or
    ``refresh``), by the user or by the system (``source``); ``details`` has ``code`` and
    ``message`` when Ayrshare unlinked it."""

    type: str | None = None
    platform: str | None = None
    source: str | None = None
    display_name: str | None = None
    details: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class BatchEvent(WebhookEvent):
    """``batch``: the file of every profile asked for with ``GET /user/batch`` is ready.
    Only ``url`` is known; the rest is in ``extra``."""

    url: str | None = None


@attrs.frozen(kw_only=True)
class MessagesEvent(WebhookEvent):
    """``messages`` (Messaging add-on): a direct message was received, read, edited or reacted
    to; ``sub_action`` says which (``messageCreated``, ``messageRead``, ``reactionCreated``, ...)."""

    platform: str | None = None


@attrs.frozen(kw_only=True)
class CommentsEvent(WebhookEvent):
    """``comments``: a new comment (Instagram and Facebook). Fields beyond ``platform`` were not
    retrieved: read them from ``extra``."""

    platform: str | None = None


@attrs.frozen(kw_only=True)
class MentionsEvent(WebhookEvent):
    """``mentions``: listed by Ayrshare's MCP text without its fields."""

    platform: str | None = None


@attrs.frozen(kw_only=True)
class AutomationsEvent(WebhookEvent):
    """``automations``: listed by Ayrshare's MCP text without its fields."""


@attrs.frozen(kw_only=True)
class AccountActivityEvent(WebhookEvent):
    """``accountActivity``: X Account Activity (posts, likes, mentions, DMs, replies) of a profile
    whose account representative enabled it."""


@attrs.frozen(kw_only=True)
class SuspendedEvent(WebhookEvent):
    """``suspended``: a profile was suspended (named by a secondary source only)."""


EVENT_TYPES: Mapping[str, type[WebhookEvent]] = {
    "accountActivity": AccountActivityEvent,
    "automations": AutomationsEvent,
    "batch": BatchEvent,
    "comments": CommentsEvent,
    "feed": FeedEvent,
    "mentions": MentionsEvent,
    "messages": MessagesEvent,
    "scheduled": ScheduledEvent,
    "social": SocialEvent,
    "suspended": SuspendedEvent,
}
"""The event class of each action; any other action is read as ``WebhookEvent``."""


def parse_event(payload: Mapping[str, Any]) -> WebhookEvent:
    """The typed event of a delivery's JSON object, chosen by its ``action``. It does not check a
    signature: ``ayrshare_async.webhooks.unwrap()`` does both."""
    action = payload.get("action")
    cls = EVENT_TYPES.get(action, WebhookEvent) if isinstance(action, str) else WebhookEvent
    return converter.structure(payload, cls)
