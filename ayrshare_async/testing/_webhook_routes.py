"""Webhook handlers: ``/hook/webhook`` (register, list, unregister) and ``/hook/webhook/secret``.

Registrations belong to the acting profile (the Profile-Key's, or the primary). The emulator keeps
Ayrshare's https rule but also takes plain http on a loopback host, where test receivers listen.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

from . import _codes as codes
from ._call import Call, Reply
from ._params import require_str
from ._wire import ApiError, format_time

__all__ = ["ACTIONS", "list_webhooks", "register_webhook", "rotate_secret", "unregister_webhook"]

ACTIONS = frozenset(
    {
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
    }
)
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _action(call: Call) -> str:
    action = require_str(call.body(), "action", action="webhook")
    if action not in ACTIONS:
        raise ApiError(
            400,
            codes.BAD_REQUEST,
            f"Unknown webhook action {action!r}; one of {', '.join(sorted(ACTIONS))}",
            action="webhook",
        )
    return action


def register_webhook(call: Call) -> Reply:
    action = _action(call)
    url = require_str(call.body(), "url", action="webhook")
    parts = urlsplit(url)
    if (
        not _valid_port(parts)
        or not parts.hostname
        or not (
            parts.scheme == "https"
            or (parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS)
        )
    ):
        raise ApiError(
            400,
            codes.BAD_REQUEST,
            "url must be an https URL (or http on 127.0.0.1)",
            action="webhook",
        )
    secret = call.body().get("secret")
    if secret is not None and (not isinstance(secret, str) or not secret):
        raise ApiError(
            400, codes.BAD_REQUEST, "secret must be a non-empty string", action="webhook"
        )
    ref_id = call.profile.ref_id
    call.webhooks.registry.register(ref_id, action, url, secret, call.now)
    return 200, {"status": "success", "action": action, "url": url, "refId": ref_id}


def _valid_port(parts: SplitResult) -> bool:
    try:
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        return False
    return True


def unregister_webhook(call: Call) -> Reply:
    action = _action(call)
    call.webhooks.registry.unregister(call.profile.ref_id, action, call.now)
    return 200, {"status": "success", "action": action}


def list_webhooks(call: Call) -> Reply:
    urls, updated = call.webhooks.registry.urls(call.profile.ref_id)
    body: dict[str, object] = {"status": "success", **urls}
    if updated is not None:
        body["updated"] = format_time(updated)
    return 200, body


def rotate_secret(call: Call) -> Reply:
    secret = require_str(call.body(), "secret", action="webhook")
    grace = call.webhooks.policy.grace_window
    call.webhooks.registry.rotate(call.profile.ref_id, secret, call.now, grace)
    return 200, {"status": "success", "action": "webhook", "refId": call.profile.ref_id}
