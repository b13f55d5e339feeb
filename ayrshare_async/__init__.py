"""Async, typed Python SDK for the Ayrshare social media API."""

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
)
from ._fanout import FanOutResult, Outcome
from ._options import RequestOptions
from ._response import APIResponse, RateLimitInfo
from ._transport import RetryPolicy
from ._version import __version__

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
    "__version__",
]
