"""The exception hierarchy, and the tables that turn a failed answer into one of its classes.

A response is a failure when its HTTP status is not 2xx OR its JSON body says ``"status": "error"``
(Ayrshare reports many failures with HTTP 200). Messages never contain the API key, profile keys or
any other secret: they are built only from the method, the path, the host and what the server said.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "AyrshareError",
    "BadRequestError",
    "ClientClosedError",
    "ClientStateError",
    "DuplicateRequestError",
    "EventLoopMismatchError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ValidationError",
    "WebhookVerificationError",
    "error_code",
    "status_error",
]


class AyrshareError(Exception):
    """Root of every exception this SDK raises on purpose."""


class ValidationError(AyrshareError, ValueError):
    """Bad input caught before any request was sent."""


class ClientStateError(AyrshareError, RuntimeError):
    """The client cannot send in its current state (closed, or bound to another event loop)."""


class ClientClosedError(ClientStateError):
    """The client (or the client a view belongs to) was closed."""


class EventLoopMismatchError(ClientStateError):
    """The client was first used in another event loop; its connection pool belongs to that loop."""


class APIConnectionError(AyrshareError):
    """The request did not get a complete, readable response: connection refused, reset or
    dropped, or a body whose compression is corrupt. ``attempts`` says how many were made."""

    def __init__(
        self, message: str, *, request: httpx.Request | None = None, attempts: int = 1
    ) -> None:
        super().__init__(message)
        self.request = request
        self.attempts = attempts


class APITimeoutError(APIConnectionError):
    """A connect, write, read or pool timeout expired (per attempt)."""


class APIResponseValidationError(AyrshareError):
    """The server answered, but the body is not the JSON this SDK can read (not JSON, too deeply
    nested, or not the shape of the model)."""

    def __init__(self, message: str, *, response: httpx.Response | None = None) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code if response is not None else None


class APIStatusError(AyrshareError):
    """The server said the call failed: HTTP status not 2xx, or a body with ``"status": "error"``.

    ``code`` is Ayrshare's numeric error code (from the body, or from the first per-platform error),
    ``errors`` the per-platform error list (possibly empty), ``body`` the parsed JSON (or None).
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        retries_taken: int = 0,
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.message = message
        self.retries_taken = retries_taken
        obj = body if isinstance(body, Mapping) else {}
        raw_errors = obj.get("errors")
        self.errors: list[Mapping[str, Any]] = (
            [e for e in raw_errors if isinstance(e, Mapping)]
            if isinstance(raw_errors, list)
            else []
        )
        self.code: int | None = error_code(obj)
        self.request_id: str | None = response.headers.get("x-request-id")

    def __str__(self) -> str:
        code = f", code {self.code}" if self.code is not None else ""
        try:
            where = f"{self.response.request.method} {self.response.request.url.path}: "
        except RuntimeError:
            where = ""
        return f"{where}{self.message} (HTTP {self.status_code}{code})"


class BadRequestError(APIStatusError):
    """HTTP 400, or an error body whose code is a request error."""


class DuplicateRequestError(BadRequestError):
    """The server rejected a repeated ``idempotencyKey``.

    Ayrshare rejects (does not replay) a reused key. When the SDK retried a create, the first attempt
    most likely reached the server and was accepted: look it up in history before posting again.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        idempotency_key: str | None,
        retries_taken: int = 0,
    ) -> None:
        super().__init__(message, response=response, body=body, retries_taken=retries_taken)
        self.idempotency_key = idempotency_key

    def __str__(self) -> str:
        why = (
            "the SDK retried this call after an attempt whose answer was lost, so the first attempt "
            "was most likely accepted: check history before posting again"
            if self.retries_taken
            else "the original request with this key was most likely accepted"
        )
        return f"{super().__str__()}: idempotencyKey already used for this profile; {why}"


class AuthenticationError(APIStatusError):
    """HTTP 401: missing or wrong API key."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403: not allowed on this plan, missing add-on, or a suspended profile."""


class NotFoundError(APIStatusError):
    """HTTP 404: the post, profile or other thing does not exist (or no longer does)."""

    @property
    def possibly_deleted_by_earlier_attempt(self) -> bool:
        """True when a retried DELETE got 404: an earlier attempt may have deleted it already."""
        return self.retries_taken > 0 and self.response.request.method == "DELETE"

    def __str__(self) -> str:
        text = super().__str__()
        if self.possibly_deleted_by_earlier_attempt:
            text += (
                "; this was a retry, and an earlier attempt whose answer was lost most likely "
                "deleted it already"
            )
        return text


class RateLimitError(APIStatusError):
    """HTTP 429. ``retry_after``: seconds to wait before trying again (from ``Retry-After``, the
    rate headers or the client's budget, in that order; the SDK always sets it).

    ``rejections`` is set when this profile has had that many 429s within 24 h, past the client's
    suspension guard: the SDK stops retrying it, since Ayrshare suspends such profiles.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        retry_after: float | None = None,
        retries_taken: int = 0,
        rejections: int | None = None,
    ) -> None:
        super().__init__(message, response=response, body=body, retries_taken=retries_taken)
        self.retry_after = retry_after
        self.rejections = rejections

    def __str__(self) -> str:
        text = super().__str__()
        if self.retry_after is not None:
            text += f"; retry after {self.retry_after:.2f} s"
        if self.rejections is not None:
            text += (
                f"; this profile had {self.rejections} 429s within 24 h, and Ayrshare suspends "
                "profiles that keep exceeding their limits (about 1,000 a day): the SDK no longer "
                "retries them; slow down or spread the calls over time"
            )
        return text


class InternalServerError(APIStatusError):
    """HTTP 5xx."""


class WebhookVerificationError(AyrshareError):
    """A webhook delivery was refused. ``reason`` names the check that failed (the values are listed
    in ``ayrshare_async.webhooks``); the message never holds a secret or an expected signature.
    When ``reason`` is ``"payload"`` the signature was valid and ``payload`` holds the parsed JSON
    that could not be read as an event, so the receiver can still keep it."""

    def __init__(self, message: str, *, reason: str, payload: Any = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.payload = payload


def error_code(body: Mapping[str, Any]) -> int | None:
    """Ayrshare's numeric code: the body's own, else the first per-platform error's."""
    errors = body.get("errors")
    nested = [e for e in errors if isinstance(e, Mapping)] if isinstance(errors, list) else []
    for source in (body, *nested):
        code = source.get("code")
        if isinstance(code, int) and not isinstance(code, bool):
            return code
        if isinstance(code, str) and code.isdigit():
            return int(code)
    return None


STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}
"""HTTP status -> class; any other 5xx is ``InternalServerError``."""

CODE_CLASSES: dict[int, type[APIStatusError]] = {
    114: NotFoundError,
    186: NotFoundError,
    399: PermissionDeniedError,
    444: RateLimitError,
}
"""Ayrshare codes that say which family an error answered with HTTP 200 (or an unlisted status)
belongs to."""


def status_error(
    response: httpx.Response,
    body: Any,
    *,
    retries: int,
    idempotency_key: str | None,
    retry_after: float | None,
    rejections: int | None = None,
) -> APIStatusError:
    """The exception for a failed answer: by status, then by Ayrshare's code."""
    obj: Mapping[str, Any] = body if isinstance(body, Mapping) else {}
    message = _message(obj) or response.reason_phrase or "request failed"
    status = response.status_code
    if idempotency_key is not None and status < 500 and "idempoten" in message.lower():
        # Ayrshare documents no code for a repeated key; its message names the field.
        return DuplicateRequestError(
            message,
            response=response,
            body=body,
            idempotency_key=idempotency_key,
            retries_taken=retries,
        )
    cls = STATUS_CLASSES.get(status)
    if cls is None and status >= 500:
        cls = InternalServerError
    if cls is None:
        code = error_code(obj)
        cls = CODE_CLASSES.get(code, APIStatusError) if code is not None else APIStatusError
    if cls is RateLimitError:
        return RateLimitError(
            message,
            response=response,
            body=body,
            retry_after=retry_after,
            retries_taken=retries,
            rejections=rejections,
        )
    return cls(message, response=response, body=body, retries_taken=retries)


def _message(body: Mapping[str, Any]) -> str | None:
    message = body.get("message")
    if isinstance(message, str) and message:
        return message
    errors = body.get("errors")
    if isinstance(errors, list):
        texts = [
            e["message"]
            for e in errors
            if isinstance(e, Mapping) and isinstance(e.get("message"), str)
        ]
        if texts:
            return "; ".join(texts)
    return None


for _name in __all__:
    _public = globals()[_name]
    if isinstance(_public, type):
        _public.__module__ = "ayrshare_async"  # tracebacks name the public home
del _name, _public
