"""Direct-message handlers: ``POST`` and ``GET /messages/{platform}`` (Facebook, Instagram, X).

A sent message opens (or continues) the conversation with its recipient; reads list messages
newest first, one conversation (``conversationId``) or the conversation ids only
(``conversationsOnly``). ``AyrshareEmulator.receive_message`` adds the other side's messages.
"""

from __future__ import annotations

import itertools
import random
import string
from datetime import datetime, timedelta
from typing import Any

from . import _codes as codes
from ._call import Call, Reply
from ._params import decode_cursor, encode_cursor, str_list
from ._platforms import canonical_platform
from ._records import Conversation, DirectMessage
from ._state import LinkedAccount, Profile
from ._wire import ApiError, format_time

__all__ = ["MESSAGE_PLATFORMS", "list_messages", "receive", "send_message"]

MESSAGE_PLATFORMS = ("facebook", "instagram", "twitter")
_REFRESH = timedelta(minutes=5)
_TOKEN = string.ascii_letters + string.digits
_ORDER = itertools.count()


def _platform(call: Call) -> str:
    platform = canonical_platform(call.params["platform"]) or ""
    if platform not in MESSAGE_PLATFORMS:
        raise ApiError(
            400,
            codes.BAD_REQUEST,
            "Direct messages work on facebook, instagram and twitter only",
            action="messages",
        )
    call.require_network(platform, "messages")
    return platform


def _token(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(_TOKEN, k=n))


def _message_id(platform: str, rng: random.Random) -> str:
    if platform == "facebook":
        return f"m_{_token(rng, 40)}"
    if platform == "instagram":
        return f"aWdfZAG1{_token(rng, 40)}"
    return str(rng.randint(10**18, 10**19 - 1))


def _conversation(
    profile: Profile, platform: str, participant: str, name: str | None, rng: random.Random
) -> Conversation:
    """The conversation with ``participant``, opened when there is none yet."""
    conversations = profile.conversations.setdefault(platform, {})
    for conversation in conversations.values():
        if conversation.participant_id == participant:
            return conversation
    account = profile.linked[platform]
    if platform == "twitter":
        low, high = sorted((account.account_id, participant))
        conversation_id = f"{low}-{high}"
    elif platform == "facebook":
        conversation_id = f"t_{rng.randint(10**15, 10**16 - 1)}"
    else:
        conversation_id = f"aWdfZAG06{_token(rng, 44)}"
    conversation = Conversation(conversation_id, platform, participant, name or participant)
    conversations[conversation_id] = conversation
    return conversation


def send_message(call: Call) -> Reply:
    platform = _platform(call)
    body = call.body()
    text = body.get("message")
    if text is not None and not isinstance(text, str):
        raise ApiError(400, codes.BAD_REQUEST, "message must be a string", action="messages")
    raw_media = body.get("mediaUrls")
    media = [] if raw_media is None else str_list(raw_media, "mediaUrls", action="messages")
    if not text and not media:
        raise ApiError(
            400, codes.BAD_REQUEST, "message or mediaUrls is required", action="messages"
        )
    if platform == "twitter" and (not text or len(media) > 1):
        raise ApiError(
            400,
            codes.BAD_REQUEST,
            "X messages need message text and take at most 1 media URL",
            action="messages",
        )
    recipient, conversation_id = body.get("recipientId"), body.get("conversationId")
    profile = call.profile
    if conversation_id:
        conversation = profile.conversations.get(platform, {}).get(str(conversation_id))
        if conversation is None:
            raise ApiError(
                404, codes.CONVERSATION_NOT_FOUND, "Conversation not found", action="messages"
            )
        recipient = recipient or conversation.participant_id
    elif not isinstance(recipient, str) or not recipient:
        raise ApiError(
            400, codes.BAD_REQUEST, "recipientId or conversationId is required", action="messages"
        )
    else:
        conversation = _conversation(profile, platform, recipient, None, call.state.rng)
    message = DirectMessage(
        seq=next(_ORDER),
        id=_message_id(platform, call.state.rng),
        action="sent",
        text=text,
        created=call.now,
        conversation_id=conversation.id,
        sender_id=profile.linked[platform].account_id,
        recipient_id=str(recipient),
        media_urls=media,
    )
    conversation.messages.append(message)
    answer: dict[str, Any] = {
        "status": "success",
        "messageId": message.id,
        "recipientId": message.recipient_id,
        "conversationId": conversation.id,
    }
    if text:
        answer["message"] = text
    if media:
        answer["mediaUrls"] = media
    return 200, answer


def receive(
    profile: Profile,
    platform: str,
    sender_id: str,
    text: str,
    now: datetime,
    rng: random.Random,
    sender_name: str | None = None,
) -> DirectMessage:
    """A message from ``sender_id`` to the profile's account (the emulator's test helper)."""
    conversation = _conversation(profile, platform, sender_id, sender_name, rng)
    message = DirectMessage(
        seq=next(_ORDER),
        id=_message_id(platform, rng),
        action="received",
        text=text,
        created=now,
        conversation_id=conversation.id,
        sender_id=sender_id,
        recipient_id=profile.linked[platform].account_id,
    )
    conversation.messages.append(message)
    return message


def _details(account_id: str, name: str, username: str) -> dict[str, str]:
    return {"id": account_id, "name": name, "username": username}


def _record(
    message: DirectMessage, conversation: Conversation, account: LinkedAccount
) -> dict[str, Any]:
    mine = _details(account.account_id, account.display_name, account.username)
    theirs = _details(
        conversation.participant_id, conversation.participant_name, conversation.participant_name
    )
    sent = message.action == "sent"
    record: dict[str, Any] = {
        "id": message.id,
        "action": message.action,
        "conversationId": message.conversation_id,
        "created": format_time(message.created),
        "platform": conversation.platform,
        "recipientId": message.recipient_id,
        "senderId": message.sender_id,
        "senderDetails": mine if sent else theirs,
        "recipientDetails": theirs if sent else mine,
    }
    if message.text is not None:
        record["message"] = message.text
    if message.media_urls:
        record["mediaUrls"] = list(message.media_urls)
    return record


def list_messages(call: Call) -> Reply:
    platform = _platform(call)
    query = call.query
    account = call.profile.linked[platform]
    conversations = list(call.profile.conversations.get(platform, {}).values())
    if query.get("status") not in (None, "active", "archived"):
        raise ApiError(
            400, codes.BAD_REQUEST, "status must be active or archived", action="messages"
        )
    if query.get("status") == "archived":
        conversations = []
    conversations.sort(key=lambda c: (c.messages[-1].created, c.messages[-1].seq), reverse=True)
    answer: dict[str, Any] = {"status": "success"}
    if query.get_bool("conversationsOnly"):
        answer["conversationIds"] = [c.id for c in conversations]
    else:
        wanted = query.get("conversationId")
        if wanted:
            conversations = [c for c in conversations if c.id == wanted]
            if not conversations:
                raise ApiError(
                    404, codes.CONVERSATION_NOT_FOUND, "Conversation not found", action="messages"
                )
        pairs = [(m, c) for c in conversations for m in c.messages]
        pairs.sort(key=lambda pair: (pair[0].created, pair[0].seq), reverse=True)
        if platform == "twitter":
            pairs = _page(call, pairs, answer)
        answer["messages"] = [_record(m, c, account) for m, c in pairs]
        answer["messagesCount"] = len(pairs)
    answer["lastUpdated"] = format_time(call.now)
    answer["nextUpdate"] = format_time(call.now + _REFRESH)
    return 200, answer


def _page(
    call: Call, pairs: list[tuple[DirectMessage, Conversation]], answer: dict[str, Any]
) -> list[tuple[DirectMessage, Conversation]]:
    """One page of X messages (``limit`` 1-100, the ``next`` cursor)."""
    limit = call.query.get_int("limit", 100, minimum=1, maximum=100)
    cursor = call.query.get("next")
    start = decode_cursor("m", cursor, "next") if cursor else 0
    if start + limit < len(pairs):
        answer["next"] = encode_cursor("m", start + limit)
    return pairs[start : start + limit]
