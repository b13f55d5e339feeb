"""Signature checks of ``ayrshare_async.webhooks``. Every vector is computed here with ``hmac``
directly, never with the code under test."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import pytest

import ayrshare_async
from ayrshare_async import AyrshareError, ValidationError, WebhookVerificationError, webhooks

OLD = "whsec-old-5f1d2c"
NEW = "whsec-new-9a8b7c"
BODY = json.dumps(
    {
        "action": "scheduled",
        "hookId": "hk_1",
        "refId": "ref-1",
        "status": "success",
        "code": 200,
        "id": "post-1",
        "postIds": [{"platform": "bluesky", "status": "success", "id": "at://1"}],
        "errors": [],
        "created": "2026-05-01T09:00:00.000Z",
        "unknownField": None,
    }
).encode()

V1 = "X-Authorization-Content-SHA256"
V2 = "X-Authorization-Content-SHA256-V2"
TS = "X-Authorization-Timestamp"


def digest(secret: str, content: bytes = BODY) -> bytes:
    return hmac.new(secret.encode(), content, hashlib.sha256).digest()


def hexsig(secret: str, content: bytes = BODY) -> str:
    return digest(secret, content).hex()


def b64sig(secret: str, content: bytes = BODY) -> str:
    return base64.b64encode(digest(secret, content)).decode()


def refusal(
    body: Any, headers: Any, secrets: Any = NEW, **options: Any
) -> WebhookVerificationError:
    with pytest.raises(WebhookVerificationError) as caught:
        webhooks.verify(body, headers, secrets, **options)
    message = str(caught.value)
    for secret in (OLD, NEW):
        assert secret not in message
        assert hexsig(secret) not in message
        assert b64sig(secret) not in message
    return caught.value


# -- accepted -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "secrets"),
    [
        pytest.param({V1: hexsig(NEW)}, NEW, id="v1-hex"),
        pytest.param({V1: f"sha256={hexsig(NEW)}"}, NEW, id="v1-sha256-prefix"),
        pytest.param({V1: f"SHA256={hexsig(NEW).upper()}"}, NEW, id="v1-upper-case"),
        pytest.param({V1: b64sig(NEW)}, NEW, id="v1-base64-fallback"),
        pytest.param({V1: b64sig(NEW).rstrip("=")}, NEW, id="v1-base64-unpadded"),
        pytest.param(
            {V1: base64.urlsafe_b64encode(digest(NEW)).decode()}, NEW, id="v1-base64-urlsafe"
        ),
        pytest.param({V2: f"v1={hexsig(NEW)}"}, NEW, id="v2-one-secret"),
        pytest.param({V2: f"v1={hexsig(NEW)},v1={hexsig(OLD)}"}, NEW, id="v2-two-holding-new"),
        pytest.param({V2: f"v1={hexsig(NEW)}, v1={hexsig(OLD)}"}, OLD, id="v2-two-holding-old"),
        pytest.param({V2: f"v1={b64sig(NEW)}"}, NEW, id="v2-base64"),
        pytest.param({V1: hexsig(OLD)}, [NEW, OLD], id="v1-receiver-holds-both"),
        pytest.param({V1: hexsig(NEW)}, NEW.encode(), id="secret-as-bytes"),
        pytest.param({V1.lower(): hexsig(NEW)}, NEW, id="header-name-lower-case"),
        pytest.param([(V1.lower().encode(), hexsig(NEW).encode())], NEW, id="asgi-raw-pairs"),
        pytest.param({V2: f"v2=zzz,v1={hexsig(NEW)}"}, NEW, id="v2-unknown-scheme-entries-ignored"),
        pytest.param(
            {V2: "v9=something-newer", V1: hexsig(NEW)}, NEW, id="v2-without-v1-entries-uses-v1"
        ),
        pytest.param({V2: f"v1={hexsig(NEW)}", V1: "0" * 64}, NEW, id="v2-preferred-over-v1"),
    ],
)
def test_accepted(headers: Any, secrets: Any) -> None:
    webhooks.verify(BODY, headers, secrets)
    event = webhooks.unwrap(BODY, headers, secrets)
    assert isinstance(event, webhooks.ScheduledEvent)
    assert event.hook_id == "hk_1"
    assert event.to_dict() == json.loads(BODY)


def test_body_may_be_bytearray_memoryview_or_text() -> None:
    headers = {V1: hexsig(NEW)}
    for body in (bytearray(BODY), memoryview(BODY), BODY.decode()):
        webhooks.verify(body, headers, NEW)


# -- refused --------------------------------------------------------------------------------------


def test_tampered_body() -> None:
    tampered = BODY.replace(b"success", b"failure", 1)
    assert refusal(tampered, {V1: hexsig(NEW)}).reason == "signature_mismatch"


def test_parsed_and_reserialised_body_is_refused() -> None:
    reserialised = json.dumps(json.loads(BODY), separators=(",", ":")).encode()
    assert reserialised != BODY
    error = refusal(reserialised, {V1: hexsig(NEW)})
    assert error.reason == "signature_mismatch"
    assert "raw" in str(error)


def test_wrong_secret() -> None:
    assert refusal(BODY, {V1: hexsig("someone-else")}).reason == "signature_mismatch"
    assert refusal(BODY, {V2: f"v1={hexsig('a')},v1={hexsig('b')}"}).reason == (
        "signature_mismatch"
    )


def test_old_secret_after_the_grace_window() -> None:
    """Once the window is over, deliveries carry the new secret's signature only."""
    after_window = {V1: hexsig(NEW), V2: f"v1={hexsig(NEW)}"}
    assert refusal(BODY, after_window, OLD).reason == "signature_mismatch"
    webhooks.verify(BODY, after_window, [NEW, OLD])


def test_v1_is_not_read_when_v2_has_entries() -> None:
    """V2 is preferred: a valid V1 does not rescue a V2 signed with other secrets."""
    headers = {V2: f"v1={hexsig('other')}", V1: hexsig(NEW)}
    assert refusal(BODY, headers).reason == "signature_mismatch"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-headers"),
        pytest.param({"Content-Type": "application/json", TS: "1777626000"}, id="unrelated"),
        pytest.param({V2: " , "}, id="empty-v2"),
    ],
)
def test_missing_signature(headers: dict[str, str]) -> None:
    assert refusal(BODY, headers).reason == "missing_signature"


@pytest.mark.parametrize("value", ["not-a-signature", "abc", "g" * 64, hexsig(NEW)[:-2], "sha256="])
def test_malformed_signature(value: str) -> None:
    assert refusal(BODY, {V1: value}).reason == "malformed_signature"


def test_base64_fallback_can_be_turned_off() -> None:
    headers = {V1: b64sig(NEW)}
    assert refusal(BODY, headers, allow_base64=False).reason == "malformed_signature"
    webhooks.verify(BODY, {V1: hexsig(NEW)}, NEW, allow_base64=False)


def test_empty_body() -> None:
    empty_signed = {V1: hexsig(NEW, b"")}
    error = refusal(b"", empty_signed)
    assert error.reason == "body"
    assert "raw request body" in str(error)


def test_a_header_with_1000_entries_is_refused_before_any_hmac() -> None:
    entries = [f"v1={hexsig(f'guess-{n}')}" for n in range(999)] + [f"v1={hexsig(NEW)}"]
    headers = {V2: ",".join(entries)}
    error = refusal(BODY, headers)
    assert error.reason == "too_many_signatures"
    assert "1000" in str(error)
    webhooks.WebhookVerifier(NEW, max_signatures=1000).verify(BODY, headers)


def test_a_header_given_twice_is_read_as_one_list() -> None:
    pairs = [
        (V2.encode(), f"v1={hexsig(OLD)}".encode()),
        (V2.encode(), f"v1={hexsig(NEW)}".encode()),
    ]
    webhooks.verify(BODY, pairs, NEW)


# -- timestamps (opt-in) ----------------------------------------------------------------------------

NOW = 1_777_626_000.0


def timed(timestamp: str) -> dict[str, str]:
    return {V1: hexsig(NEW), TS: timestamp}


@pytest.mark.parametrize(
    "timestamp",
    ["1777626000", "1777625700", "1777626290.5", "1777626000000", "2026-05-01T09:00:00Z"],
)
def test_timestamp_within_tolerance(timestamp: str) -> None:
    verifier = webhooks.WebhookVerifier(NEW, tolerance=300, clock=lambda: NOW)
    verifier.verify(BODY, timed(timestamp))


def test_timestamp_is_ignored_without_tolerance() -> None:
    webhooks.verify(BODY, timed("1000"), NEW)
    webhooks.verify(BODY, timed("yesterday"), NEW)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({V1: hexsig(NEW)}, "missing_timestamp"),
        (timed("1777625699"), "timestamp_tolerance"),
        (timed("1777626301"), "timestamp_tolerance"),
        (timed("1777625000000"), "timestamp_tolerance"),
        (timed("yesterday"), "invalid_timestamp"),
        (timed("nan"), "invalid_timestamp"),
    ],
)
def test_timestamp_refused(headers: dict[str, str], reason: str) -> None:
    verifier = webhooks.WebhookVerifier(NEW, tolerance=300, clock=lambda: NOW)
    with pytest.raises(WebhookVerificationError) as caught:
        verifier.verify(BODY, headers)
    assert caught.value.reason == reason


def test_timestamp_dot_body_signing_is_an_explicit_option() -> None:
    signed = hexsig(NEW, b"1777626000." + BODY)
    headers = {V1: signed, TS: "1777626000"}
    webhooks.verify(BODY, headers, NEW, signed_payload="timestamp.body")
    assert refusal(BODY, headers).reason == "signature_mismatch"
    body_only = {V1: hexsig(NEW), TS: "1777626000"}
    assert refusal(BODY, body_only, signed_payload="timestamp.body").reason == (
        "signature_mismatch"
    )
    assert refusal(BODY, {V1: signed}, signed_payload="timestamp.body").reason == (
        "missing_timestamp"
    )


# -- events ---------------------------------------------------------------------------------------


def signed(payload: Any) -> tuple[bytes, dict[str, str]]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return body, {V1: hexsig(NEW, body)}


@pytest.mark.parametrize(
    ("payload", "cls"),
    [
        ({"action": "social", "type": "unlink", "platform": "x"}, webhooks.SocialEvent),
        ({"action": "batch", "url": "https://b/1.json"}, webhooks.BatchEvent),
        ({"action": "messages", "subAction": "messageCreated"}, webhooks.MessagesEvent),
        ({"action": "comments", "platform": "instagram"}, webhooks.CommentsEvent),
        ({"action": "feed", "status": "success"}, webhooks.FeedEvent),
        ({"action": "mentions"}, webhooks.MentionsEvent),
        ({"action": "automations"}, webhooks.AutomationsEvent),
        ({"action": "accountActivity"}, webhooks.AccountActivityEvent),
        ({"action": "suspended"}, webhooks.SuspendedEvent),
        ({"action": "somethingNew", "hookId": "h"}, webhooks.WebhookEvent),
        ({"noAction": True}, webhooks.WebhookEvent),
    ],
)
def test_each_action_has_its_event_type(payload: dict[str, Any], cls: type[Any]) -> None:
    event = webhooks.unwrap(*signed(payload), NEW)
    assert type(event) is cls
    assert event.to_dict() == payload


def test_social_event_fields_and_unknown_fields() -> None:
    payload = {
        "action": "social",
        "type": "unlink",
        "platform": "instagram",
        "source": "system",
        "details": {"code": 272, "message": "token expired"},
        "displayName": "Shop",
        "hookId": "hk_9",
        "refId": "ref-9",
        "brandNew": [1, 2],
    }
    event = webhooks.unwrap(*signed(payload), NEW)
    assert isinstance(event, webhooks.SocialEvent)
    assert (event.type, event.platform, event.source, event.display_name) == (
        "unlink",
        "instagram",
        "system",
        "Shop",
    )
    assert event.details == {"code": 272, "message": "token expired"}
    assert event.extra == {"brandNew": [1, 2]}


@pytest.mark.parametrize(
    ("body", "has_payload"),
    [
        pytest.param(b"not json", False, id="not-json"),
        pytest.param(b"[1, 2]", True, id="json-array"),
        pytest.param(b'{"action": "scheduled", "postIds": "nope"}', True, id="field-misfit"),
    ],
)
def test_signed_but_not_an_event(body: bytes, has_payload: bool) -> None:
    with pytest.raises(WebhookVerificationError) as caught:
        webhooks.unwrap(*signed(body), NEW)
    assert caught.value.reason == "payload"
    assert (
        (caught.value.payload == json.loads(body)) if has_payload else caught.value.payload is None
    )
    webhooks.verify(*signed(body), NEW)


# -- configuration ----------------------------------------------------------------------------------


def test_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AYRSHARE_WEBHOOK_SECRET", NEW)
    webhooks.verify(BODY, {V1: hexsig(NEW)})
    monkeypatch.delenv("AYRSHARE_WEBHOOK_SECRET")
    with pytest.raises(ValidationError, match="AYRSHARE_WEBHOOK_SECRET"):
        webhooks.WebhookVerifier()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"secrets": ""}, "non-empty"),
        ({"secrets": []}, "at least one"),
        ({"secrets": [NEW, 5]}, "int"),
        ({"secrets": NEW, "tolerance": -1}, "tolerance"),
        ({"secrets": NEW, "tolerance": True}, "tolerance"),
        ({"secrets": NEW, "signed_payload": "body.timestamp"}, "signed_payload"),
        ({"secrets": NEW, "max_signatures": 0}, "max_signatures"),
    ],
)
def test_bad_configuration_is_a_validation_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        webhooks.WebhookVerifier(**kwargs)


def test_a_parsed_body_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="raw request body"):
        webhooks.verify(json.loads(BODY), {V1: hexsig(NEW)}, NEW)


def test_no_secret_in_reprs_and_the_error_is_public() -> None:
    verifier = webhooks.WebhookVerifier([NEW, OLD], tolerance=60)
    assert NEW not in repr(verifier) and OLD not in repr(verifier)
    assert "secrets=2" in repr(verifier)
    assert issubclass(WebhookVerificationError, AyrshareError)
    assert ayrshare_async.WebhookVerificationError is webhooks.WebhookVerificationError
