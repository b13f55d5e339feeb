"""Async, typed Python SDK for the Ayrshare social media API.

The public names load on first use (PEP 562), so importing a submodule such as the pytest plugin
in ``ayrshare_async.testing`` does not pull in the client and its dependencies.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._client import AsyncAyrshare
    from ._errors import (
        APIConnectionError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        AyrshareError,
        BadRequestError,
        DuplicateRequestError,
        FanOutError,
        InternalServerError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        ValidationError,
        WebhookVerificationError,
    )
    from ._fanout import FanOutResult, Outcome
    from ._options import RequestOptions
    from ._response import APIResponse, RateLimitInfo
    from ._transport import RetryPolicy

_HOMES = {
    "AsyncAyrshare": "._client",
    "APIConnectionError": "._errors",
    "APIResponseValidationError": "._errors",
    "APIStatusError": "._errors",
    "APITimeoutError": "._errors",
    "AuthenticationError": "._errors",
    "AyrshareError": "._errors",
    "BadRequestError": "._errors",
    "DuplicateRequestError": "._errors",
    "FanOutError": "._errors",
    "InternalServerError": "._errors",
    "NotFoundError": "._errors",
    "PermissionDeniedError": "._errors",
    "RateLimitError": "._errors",
    "ValidationError": "._errors",
    "WebhookVerificationError": "._errors",
    "FanOutResult": "._fanout",
    "Outcome": "._fanout",
    "RequestOptions": "._options",
    "APIResponse": "._response",
    "RateLimitInfo": "._response",
    "RetryPolicy": "._transport",
}

__all__ = [
    "APIConnectionError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAyrshare",
    "AuthenticationError",
    "AyrshareError",
    "BadRequestError",
    "DuplicateRequestError",
    "FanOutError",
    "FanOutResult",
    "InternalServerError",
    "NotFoundError",
    "Outcome",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitInfo",
    "RequestOptions",
    "RetryPolicy",
    "ValidationError",
    "WebhookVerificationError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ayrshare_async' has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
