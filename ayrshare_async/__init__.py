"""Async, typed Python SDK for the Ayrshare social media API.

The public names load on first use (PEP 562), so importing a submodule such as the pytest plugin
in ``ayrshare_async.testing`` does not pull in the client and its dependencies.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._budget import DEFAULT_RATE_BUDGETS, BudgetExhaustedError, RateBudgets
    from ._client import AsyncAyrshare
    from ._config import (
        DEFAULT_BASE_URL,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_RETRIES,
        DEFAULT_TIMEOUT,
    )
    from ._errors import (
        APIConnectionError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        AyrshareError,
        BadRequestError,
        ClientClosedError,
        ClientStateError,
        DuplicateRequestError,
        EventLoopMismatchError,
        InternalServerError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        ValidationError,
        WebhookVerificationError,
    )
    from ._fanout import (
        AYRSHARE_MAX_DELETE_RATE,
        DEFAULT_CONCURRENCY,
        DEFAULT_DELETE_CONCURRENCY,
        DEFAULT_DELETE_RATE,
        ProfileDeleted,
        ProgressCallback,
    )
    from ._http_client import DefaultAsyncHttpxClient
    from ._options import (
        NOT_GIVEN,
        NotGiven,
        RequestOptions,
    )
    from ._outcomes import (
        Failure,
        FanOutError,
        FanOutResult,
        Outcome,
        Skipped,
        Success,
    )
    from ._ratelimit import RateLimiter
    from ._response import (
        APIResponse,
        RateLimitInfo,
    )
    from ._retry import (
        AttemptLimiter,
        RetryPolicy,
    )
    from .budgets import BudgetStoreError

_HOMES = {
    "BudgetExhaustedError": "._budget",
    "DEFAULT_RATE_BUDGETS": "._budget",
    "RateBudgets": "._budget",
    "BudgetStoreError": ".budgets",
    "AsyncAyrshare": "._client",
    "APIConnectionError": "._errors",
    "APIResponseValidationError": "._errors",
    "APIStatusError": "._errors",
    "APITimeoutError": "._errors",
    "AuthenticationError": "._errors",
    "AyrshareError": "._errors",
    "BadRequestError": "._errors",
    "ClientClosedError": "._errors",
    "ClientStateError": "._errors",
    "DuplicateRequestError": "._errors",
    "EventLoopMismatchError": "._errors",
    "InternalServerError": "._errors",
    "NotFoundError": "._errors",
    "PermissionDeniedError": "._errors",
    "RateLimitError": "._errors",
    "ValidationError": "._errors",
    "WebhookVerificationError": "._errors",
    "FanOutError": "._outcomes",
    "FanOutResult": "._outcomes",
    "Failure": "._outcomes",
    "Outcome": "._outcomes",
    "Success": "._outcomes",
    "Skipped": "._outcomes",
    "AYRSHARE_MAX_DELETE_RATE": "._fanout",
    "DEFAULT_CONCURRENCY": "._fanout",
    "DEFAULT_DELETE_CONCURRENCY": "._fanout",
    "DEFAULT_DELETE_RATE": "._fanout",
    "ProfileDeleted": "._fanout",
    "ProgressCallback": "._fanout",
    "DEFAULT_BASE_URL": "._config",
    "DEFAULT_MAX_CONNECTIONS": "._config",
    "DEFAULT_MAX_RETRIES": "._config",
    "DEFAULT_TIMEOUT": "._config",
    "NOT_GIVEN": "._options",
    "NotGiven": "._options",
    "RequestOptions": "._options",
    "APIResponse": "._response",
    "RateLimitInfo": "._response",
    "AttemptLimiter": "._retry",
    "RetryPolicy": "._retry",
    "RateLimiter": "._ratelimit",
    "DefaultAsyncHttpxClient": "._http_client",
}

__all__ = [
    "AYRSHARE_MAX_DELETE_RATE",
    "DEFAULT_BASE_URL",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_DELETE_CONCURRENCY",
    "DEFAULT_DELETE_RATE",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_RATE_BUDGETS",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAyrshare",
    "AttemptLimiter",
    "AuthenticationError",
    "AyrshareError",
    "BadRequestError",
    "BudgetExhaustedError",
    "BudgetStoreError",
    "ClientClosedError",
    "ClientStateError",
    "DefaultAsyncHttpxClient",
    "DuplicateRequestError",
    "EventLoopMismatchError",
    "Failure",
    "FanOutError",
    "FanOutResult",
    "InternalServerError",
    "NotFoundError",
    "NotGiven",
    "Outcome",
    "PermissionDeniedError",
    "ProfileDeleted",
    "ProgressCallback",
    "RateBudgets",
    "RateLimitError",
    "RateLimitInfo",
    "RateLimiter",
    "RequestOptions",
    "RetryPolicy",
    "Skipped",
    "Success",
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
