"""Checking that a delivery comes from Ayrshare: an HMAC-SHA256 of the raw body, keyed by the
profile's signing secret, compared in constant time.

The header format comes from live receivers, not from Ayrshare's security page (which could not be
read), so every uncertain part is an option with a documented default (docs/webhooks.md):

- ``X-Authorization-Content-SHA256-V2``: comma-separated ``v1=<signature>`` entries, one per valid
  secret (two during a rotation's grace window). Preferred: when it has ``v1`` entries, the V1
  header is not read.
- ``X-Authorization-Content-SHA256``: one signature, with or without a ``sha256=`` prefix.
- Signatures are lowercase hex; base64 of the same 32 bytes is accepted too (``allow_base64``)
  because other APIs sending this header name use it.
- ``X-Authorization-Timestamp`` is not known to be signed: it is read only when ``tolerance`` is
  given, or when ``signed_payload="timestamp.body"`` (a guess, off by default).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import math
import os
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, Protocol, cast

from .._errors import ValidationError, WebhookVerificationError
from ..models.webhooks import WebhookEvent, parse_event

__all__ = [
    "DELIVERY_ATTEMPT_HEADER",
    "DELIVERY_ID_HEADER",
    "SIGNATURE_HEADER",
    "SIGNATURE_V2_HEADER",
    "TIMESTAMP_HEADER",
    "Body",
    "Headers",
    "RequestLike",
    "SignedPayload",
    "WebhookVerifier",
    "unwrap",
    "verify",
]

SIGNATURE_HEADER = "X-Authorization-Content-SHA256"
SIGNATURE_V2_HEADER = "X-Authorization-Content-SHA256-V2"
TIMESTAMP_HEADER = "X-Authorization-Timestamp"
DELIVERY_ID_HEADER = "X-Ayrshare-Delivery-Id"
DELIVERY_ATTEMPT_HEADER = "X-Ayrshare-Delivery-Attempt"

SECRET_ENV = "AYRSHARE_WEBHOOK_SECRET"

Body = bytes | bytearray | memoryview | str
Headers = Mapping[str, str] | Iterable[tuple[str | bytes, str | bytes]]
"""A mapping (Starlette's ``request.headers``, a dict) or ASGI's raw ``(name, value)`` pairs."""

SignedPayload = Literal["body", "timestamp.body"]
Secrets = str | bytes | Iterable[str | bytes]

_DIGEST_SIZE = hashlib.sha256().digest_size
_MILLISECONDS_FROM = 10**11
"""A numeric timestamp above this is in milliseconds (10**11 seconds is the year 5138)."""


class RequestLike(Protocol):
    """What ``unwrap_request`` reads: Starlette's and FastAPI's ``Request`` have both."""

    @property
    def headers(self) -> Mapping[str, str]: ...

    async def body(self) -> bytes: ...


class WebhookVerifier:
    """Verifies deliveries against one or more signing secrets (several during a rotation).

    ``secrets`` defaults to ``$AYRSHARE_WEBHOOK_SECRET``. ``tolerance`` (seconds, opt-in) refuses a
    delivery whose ``X-Authorization-Timestamp`` is missing or further than that from ``clock()``.
    ``allow_base64`` accepts base64 signatures besides hex. ``signed_payload="timestamp.body"``
    checks the HMAC of ``<timestamp>.<body>`` instead of the body. A V2 header with more than
    ``max_signatures`` entries is refused without computing anything.
    """

    __slots__ = ("_allow_base64", "_clock", "_keys", "_max_signatures", "_signed", "_tolerance")

    def __init__(
        self,
        secrets: Secrets | None = None,
        *,
        tolerance: float | None = None,
        allow_base64: bool = True,
        signed_payload: SignedPayload = "body",
        max_signatures: int = 16,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._keys = _keys(secrets)
        if tolerance is not None and (
            isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0
        ):
            raise ValidationError(f"tolerance: expected seconds >= 0 or None, got {tolerance!r}")
        if signed_payload not in ("body", "timestamp.body"):
            raise ValidationError(
                f"signed_payload: expected 'body' or 'timestamp.body', got {signed_payload!r}"
            )
        if (
            isinstance(max_signatures, bool)
            or not isinstance(max_signatures, int)
            or max_signatures < 1
        ):
            raise ValidationError(f"max_signatures: expected an int >= 1, got {max_signatures!r}")
        self._tolerance = None if tolerance is None else float(tolerance)
        self._allow_base64 = allow_base64
        self._signed = signed_payload
        self._max_signatures = max_signatures
        self._clock = clock

    def verify(self, body: Body, headers: Headers) -> None:
        """Raise ``WebhookVerificationError`` unless ``body`` (the raw bytes as received) carries
        a valid signature for one of the secrets."""
        self._check(_raw_body(body), headers)

    def unwrap(self, body: Body, headers: Headers) -> WebhookEvent:
        """Verify the delivery, then read its typed event (``ScheduledEvent``, ``SocialEvent``...,
        or ``WebhookEvent`` for an action this SDK does not know)."""
        raw = _raw_body(body)
        self._check(raw, headers)
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise WebhookVerificationError(
                "the body is signed but is not JSON", reason="payload"
            ) from None
        if not isinstance(payload, dict):
            raise WebhookVerificationError(
                f"the body is signed but is a JSON {type(payload).__name__}, not an object",
                reason="payload",
                payload=payload,
            )
        try:
            return parse_event(payload)
        except Exception as exc:
            raise WebhookVerificationError(
                f"the body is signed but its {payload.get('action')!r} event does not fit the "
                f"model ({type(exc).__name__}); the JSON is in .payload",
                reason="payload",
                payload=payload,
            ) from exc

    async def unwrap_request(self, request: RequestLike) -> WebhookEvent:
        """``unwrap()`` on a Starlette or FastAPI request (its raw body and its headers)."""
        return self.unwrap(await request.body(), request.headers)

    def _check(self, raw: bytes, headers: Headers) -> None:
        found = _header_values(headers)
        candidates = self._candidates(found)
        timestamp = found.get(TIMESTAMP_HEADER.lower())
        if self._tolerance is not None or self._signed == "timestamp.body":
            moment = _timestamp(timestamp)  # refuses a missing or unreadable one
            skew = abs(self._clock() - moment)
            if self._tolerance is not None and skew > self._tolerance:
                raise WebhookVerificationError(
                    f"{TIMESTAMP_HEADER} is {skew:.0f} s away from now; the tolerance is "
                    f"{self._tolerance:g} s (a replayed or delayed delivery, or a wrong clock)",
                    reason="timestamp_tolerance",
                )
        content = raw if self._signed == "body" else f"{timestamp}.".encode() + raw
        for key in self._keys:
            digest = hmac.new(key, content, hashlib.sha256).digest()
            if any(hmac.compare_digest(digest, candidate) for candidate in candidates):
                return
        raise WebhookVerificationError(
            f"the signature does not match the body for any of the {len(self._keys)} secret(s): "
            "the body was changed (a parsed and re-serialised body has other bytes: pass the raw "
            "bytes), or it was signed with another secret (after a rotation's grace window the "
            "old secret no longer signs)",
            reason="signature_mismatch",
        )

    def _candidates(self, headers: Mapping[str, str]) -> list[bytes]:
        v2 = headers.get(SIGNATURE_V2_HEADER.lower())
        entries: list[str] = []
        if v2 is not None:
            parts = [part.strip() for part in v2.split(",") if part.strip()]
            if len(parts) > self._max_signatures:
                raise WebhookVerificationError(
                    f"{SIGNATURE_V2_HEADER} has {len(parts)} entries; at most "
                    f"{self._max_signatures} are read (Ayrshare sends one per valid secret)",
                    reason="too_many_signatures",
                )
            for part in parts:
                scheme, sep, value = part.partition("=")
                if sep and scheme.strip().lower() == "v1":
                    entries.append(value)
        if not entries:
            v1 = headers.get(SIGNATURE_HEADER.lower())
            if v1 is not None:
                entries.append(v1)
        if not entries:
            raise WebhookVerificationError(
                f"no signature: neither {SIGNATURE_V2_HEADER} (v1=... entries) nor "
                f"{SIGNATURE_HEADER} is in the headers",
                reason="missing_signature",
            )
        decoded = [self._decode(entry) for entry in entries]
        candidates = [signature for signature in decoded if signature is not None]
        if not candidates:
            raise WebhookVerificationError(
                "the signature header holds no HMAC-SHA256 (expected 64 hex digits"
                + (" or base64 of 32 bytes)" if self._allow_base64 else ")"),
                reason="malformed_signature",
            )
        return candidates

    def _decode(self, value: str) -> bytes | None:
        value = value.strip()
        if value[:7].lower() == "sha256=":
            value = value[7:].strip()
        if len(value) == 2 * _DIGEST_SIZE:
            try:
                return bytes.fromhex(value)
            except ValueError:
                pass
        if self._allow_base64:
            try:
                standard = value.replace("-", "+").replace("_", "/")
                raw = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
            except (binascii.Error, ValueError):
                return None
            if len(raw) == _DIGEST_SIZE:
                return raw
        return None

    def __repr__(self) -> str:
        return (
            f"WebhookVerifier(secrets={len(self._keys)}, tolerance={self._tolerance!r}, "
            f"allow_base64={self._allow_base64!r}, signed_payload={self._signed!r})"
        )


def verify(
    body: Body,
    headers: Headers,
    secrets: Secrets | None = None,
    *,
    tolerance: float | None = None,
    allow_base64: bool = True,
    signed_payload: SignedPayload = "body",
) -> None:
    """``WebhookVerifier(secrets, ...).verify(body, headers)``."""
    WebhookVerifier(
        secrets, tolerance=tolerance, allow_base64=allow_base64, signed_payload=signed_payload
    ).verify(body, headers)


def unwrap(
    body: Body,
    headers: Headers,
    secrets: Secrets | None = None,
    *,
    tolerance: float | None = None,
    allow_base64: bool = True,
    signed_payload: SignedPayload = "body",
) -> WebhookEvent:
    """``WebhookVerifier(secrets, ...).unwrap(body, headers)``: the verified, typed event."""
    return WebhookVerifier(
        secrets, tolerance=tolerance, allow_base64=allow_base64, signed_payload=signed_payload
    ).unwrap(body, headers)


def _keys(secrets: Secrets | None) -> tuple[bytes, ...]:
    if secrets is None:
        secrets = os.environ.get(SECRET_ENV) or None
        if secrets is None:
            raise ValidationError(
                f"secrets: give the profile's webhook signing secret, or set ${SECRET_ENV}"
            )
    given = [secrets] if isinstance(secrets, (str, bytes)) else list(secrets)
    if not given:
        raise ValidationError("secrets: give at least one signing secret")
    keys: list[bytes] = []
    for secret in given:
        if not isinstance(secret, (str, bytes)) or not secret:
            raise ValidationError(
                f"secrets: each secret must be a non-empty str or bytes, got a "
                f"{type(secret).__name__}" + (" that is empty" if secret in ("", b"") else "")
            )
        keys.append(secret.encode() if isinstance(secret, str) else secret)
    return tuple(keys)


def _raw_body(body: Body) -> bytes:
    if isinstance(body, str):
        raw = body.encode()
    elif isinstance(body, (bytes, bytearray, memoryview)):
        raw = bytes(body)
    else:
        raise ValidationError(
            f"body: expected the raw request body as bytes, got a {type(body).__name__}; the "
            "signature covers the exact bytes received, so a parsed and re-serialised body fails"
        )
    if not raw:
        raise WebhookVerificationError(
            "the body is empty: pass the raw request body as received (e.g. await "
            "request.body()), not a stream that was already read",
            reason="body",
        )
    return raw


def _header_values(headers: Headers) -> dict[str, str]:
    """Lower-cased names; a header given several times is joined with commas. Anything with
    ``items()`` (dicts, Starlette's and aiohttp's headers) or an iterable of pairs (ASGI's raw
    headers, Werkzeug's) is read."""
    items = getattr(headers, "items", None)
    pairs = items() if callable(items) else cast("Iterable[tuple[Any, Any]]", headers)
    found: dict[str, str] = {}
    for name, value in pairs:
        key = (name.decode("latin-1") if isinstance(name, bytes) else str(name)).lower()
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        found[key] = f"{found[key]},{text}" if key in found else text
    return found


def _timestamp(value: str | None) -> float:
    if value is None:
        raise WebhookVerificationError(
            f"no {TIMESTAMP_HEADER} header, and the verifier was asked to check it",
            reason="missing_timestamp",
        )
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        if not math.isfinite(number):
            raise WebhookVerificationError(
                f"{TIMESTAMP_HEADER} is not a time", reason="invalid_timestamp"
            )
        return number / 1000 if abs(number) >= _MILLISECONDS_FROM else number
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise WebhookVerificationError(
            f"{TIMESTAMP_HEADER} is neither Unix seconds, milliseconds nor an ISO 8601 time",
            reason="invalid_timestamp",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.timestamp()
