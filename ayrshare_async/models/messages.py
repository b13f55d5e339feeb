"""Direct messages on Facebook, Instagram and X, and the profile's DM auto-response.

Network rules the body alone cannot check (the network is the path's ``platform``): Facebook and
Instagram need ``recipient_id``; X needs ``message`` text even with media and takes one media URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from .._serde import RequestModel, ResponseModel
from ._common import at_least_one, https_urls, int_range, one_of

__all__ = [
    "AutoResponseBody",
    "AutoResponseSettings",
    "Message",
    "MessageSendBody",
    "MessageSendResponse",
    "MessagesPlatform",
    "MessagesQuery",
    "MessagesResponse",
]

MessagesPlatform = Literal["facebook", "instagram", "twitter"]
"""The networks with direct messages (the ``{platform}`` of the messages routes)."""


@attrs.frozen(kw_only=True)
class MessagesQuery(RequestModel):
    """Query of ``GET /messages/{platform}``. ``limit`` (1-100) and ``next`` (the cursor from the
    previous page) work on X only. ``conversations_only=True`` ignores ``conversation_id``."""

    conversations_only: bool | None = None
    conversation_id: str | None = None
    status: Literal["active", "archived"] | str | None = attrs.field(
        default=None, validator=one_of(("active", "archived"))
    )
    limit: int | None = attrs.field(default=None, validator=int_range(1, 100))
    next: str | None = None


@attrs.frozen(kw_only=True)
class MessageSendBody(RequestModel):
    """Body of ``POST /messages/{platform}``: content (``message``, ``media_urls`` or both) and a
    target (``recipient_id``, ``conversation_id`` or both)."""

    message: str | None = None
    media_urls: list[str] | None = attrs.field(default=None, validator=https_urls)
    recipient_id: str | None = None
    conversation_id: str | None = None

    def __attrs_post_init__(self) -> None:
        at_least_one(self, "message", "media_urls")
        at_least_one(self, "recipient_id", "conversation_id")


@attrs.frozen(kw_only=True)
class AutoResponseBody(RequestModel):
    """Body of ``POST /messages/autoresponse``: at least one setting. An empty
    ``auto_response_message`` resets the text to Ayrshare's default; ``auto_response_wait_seconds``
    (server default 86400) is how long before the same person gets the auto-response again."""

    auto_response_active: bool | None = None
    auto_response_message: str | None = None
    auto_response_wait_seconds: int | None = attrs.field(default=None, validator=int_range(0))

    def __attrs_post_init__(self) -> None:
        at_least_one(
            self, "auto_response_active", "auto_response_message", "auto_response_wait_seconds"
        )


@attrs.frozen(kw_only=True)
class Message(ResponseModel):
    """One direct message; ``action`` is ``sent`` or ``received``. ``sender_details`` and
    ``recipient_details`` describe the two accounts (id, name, username...)."""

    id: str | None = None
    action: str | None = None
    message: str | None = None
    conversation_id: str | None = None
    recipient_id: str | None = None
    sender_id: str | None = None
    sender_details: Mapping[str, Any] | None = None
    recipient_details: Mapping[str, Any] | None = None
    media_urls: list[Any] | None = None
    platform: str | None = None
    created: Any = None


@attrs.frozen(kw_only=True)
class MessagesResponse(ResponseModel):
    """``GET /messages/{platform}``. ``conversation_ids`` is filled with ``conversations_only``;
    ``next`` (X only) is the cursor of the next page, when the server sends one."""

    status: str | None = None
    messages: list[Message] | None = None
    messages_count: int | None = None
    conversation_ids: list[str] | None = None
    last_updated: str | None = None
    next_update: str | None = None
    next: str | None = None


@attrs.frozen(kw_only=True)
class MessageSendResponse(ResponseModel):
    """``POST /messages/{platform}``: the new message's id and the conversation it is in."""

    status: str | None = None
    recipient_id: str | None = None
    message_id: str | None = None
    message: str | None = None
    conversation_id: str | None = None
    media_urls: list[str] | None = None


@attrs.frozen(kw_only=True)
class AutoResponseSettings(ResponseModel):
    """``GET`` and ``POST /messages/autoresponse``: the profile's DM auto-response."""

    status: str | None = None
    auto_response_active: bool | None = None
    auto_response_message: str | None = None
    auto_response_wait_seconds: int | None = None
