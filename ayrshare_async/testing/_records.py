"""What the emulator stores beside profiles and posts: comments, direct messages, short links and
RSS feeds. Each record belongs to one profile (see ``Profile`` in ``_state``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["Comment", "Conversation", "DirectMessage", "Feed", "ShortLink"]


@dataclass(slots=True, eq=False)
class Comment:
    """A comment on a network's post: sent through the API (``ayrshare_id`` set) or written by
    someone else (``add_comment``). ``social_id`` is the network's own comment id."""

    platform: str
    social_id: str
    text: str
    created: datetime
    native_id: str
    author_id: str
    author_name: str
    ayrshare_id: str | None = None
    post_id: str | None = None
    parent: Comment | None = field(default=None, repr=False)
    replies: list[Comment] = field(default_factory=list, repr=False)
    media_urls: list[str] = field(default_factory=list)
    deleted: bool = False


@dataclass(slots=True, eq=False)
class DirectMessage:
    """One direct message in a conversation; ``action`` is ``sent`` or ``received``; ``seq``
    orders messages that share a timestamp."""

    seq: int
    id: str
    action: str
    text: str | None
    created: datetime
    conversation_id: str
    sender_id: str
    recipient_id: str
    media_urls: list[str] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Conversation:
    """The messages between the profile's account and one other account on a network."""

    id: str
    platform: str
    participant_id: str
    participant_name: str
    messages: list[DirectMessage] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class ShortLink:
    """A short link (``https://ayrs.io/<id>``); the same URL always gives the same link."""

    id: str
    original_url: str
    created: datetime
    utm: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Feed:
    """An RSS, Substack or YouTube feed registered for auto-posting (never polled here)."""

    id: str
    url: str
    type: str
    created: datetime
    options: dict[str, Any] = field(default_factory=dict)
