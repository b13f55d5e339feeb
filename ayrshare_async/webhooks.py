"""Receiving Ayrshare's webhooks: verify a delivery's signature, read its typed event, handle each
event once.

    from ayrshare_async import webhooks

    verifier = webhooks.WebhookVerifier(secrets=[new_secret, old_secret])
    event = verifier.unwrap(raw_body, headers)      # raises WebhookVerificationError
    if isinstance(event, webhooks.ScheduledEvent): ...

Pass the body exactly as received (bytes): the signature covers those bytes, so a body parsed and
serialised again fails. ``WebhookApp`` is a ready ASGI receiver (Starlette, FastAPI and any other
ASGI framework mount it). What Ayrshare does not document, and the option each guess became, is
in docs/webhooks.md.

``WebhookVerificationError.reason`` is one of ``body`` (empty body), ``missing_signature``,
``malformed_signature``, ``too_many_signatures``, ``signature_mismatch``, ``missing_timestamp``,
``invalid_timestamp``, ``timestamp_tolerance`` and ``payload`` (signed, but not an event).
"""

from ._errors import WebhookVerificationError
from ._webhooks._dedupe import (
    DedupeStore,
    Deduplicator,
    DeliveryInProgressError,
    InMemoryDedupeStore,
)
from ._webhooks._receiver import WebhookApp
from ._webhooks._redis_store import DedupeStoreError, RedisDedupeStore
from ._webhooks._signature import (
    DELIVERY_ATTEMPT_HEADER,
    DELIVERY_ID_HEADER,
    SIGNATURE_HEADER,
    SIGNATURE_V2_HEADER,
    TIMESTAMP_HEADER,
    RequestLike,
    SignedPayload,
    WebhookVerifier,
    unwrap,
    verify,
)
from .models.webhooks import (
    EVENT_TYPES,
    AccountActivityEvent,
    AutomationsEvent,
    BatchEvent,
    CommentsEvent,
    FeedEvent,
    MentionsEvent,
    MessagesEvent,
    ScheduledEvent,
    SocialEvent,
    SuspendedEvent,
    WebhookAction,
    WebhookEvent,
    parse_event,
)

__all__ = [
    "DELIVERY_ATTEMPT_HEADER",
    "DELIVERY_ID_HEADER",
    "EVENT_TYPES",
    "SIGNATURE_HEADER",
    "SIGNATURE_V2_HEADER",
    "TIMESTAMP_HEADER",
    "AccountActivityEvent",
    "AutomationsEvent",
    "BatchEvent",
    "CommentsEvent",
    "DedupeStore",
    "DedupeStoreError",
    "Deduplicator",
    "DeliveryInProgressError",
    "FeedEvent",
    "InMemoryDedupeStore",
    "MentionsEvent",
    "MessagesEvent",
    "RedisDedupeStore",
    "RequestLike",
    "ScheduledEvent",
    "SignedPayload",
    "SocialEvent",
    "SuspendedEvent",
    "WebhookAction",
    "WebhookApp",
    "WebhookEvent",
    "WebhookVerificationError",
    "WebhookVerifier",
    "parse_event",
    "unwrap",
    "verify",
]
