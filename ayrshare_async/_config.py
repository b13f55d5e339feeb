"""A client's settings: the defaults, the checks on what the caller passes, the immutable ``Config``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

import attrs
import httpx

from ._checks import check_header_pairs, check_secret, is_loopback
from ._errors import ValidationError
from ._options import NotGiven, TimeoutLike
from ._retry import RetryPolicy
from ._transports import Backend
from ._version import __version__
from .budgets._limit import secret_digest

if TYPE_CHECKING:
    from ._retry import AttemptLimiter

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "Config",
    "as_timeout",
    "check_backend",
    "check_max_retries",
    "config_from",
    "view_headers",
]

DEFAULT_BASE_URL = "https://api.ayrshare.com/api"
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=120.0, write=30.0, pool=30.0)
"""Connect fails fast; the read allows for ``POST /post`` with a first comment (documented 20-90 s)."""
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_CONNECTIONS = 100


@attrs.frozen
class Config:
    """What ``with_options`` may change (a view's profile key lives on the view). Immutable: views
    get a new one, never a mutated shared one."""

    base_url: str
    account: str
    """A digest of the API key: names the account (its budgets) without revealing the key."""
    timeout: httpx.Timeout
    max_retries: int
    retry_policy: RetryPolicy
    headers: Mapping[str, str] = attrs.field(repr=False)
    """Sent on every request: authorization, X OAuth1, the view's own ``with_options(headers=)``."""
    attempt_limiter: AttemptLimiter | None = None
    wire_headers: httpx.Headers = attrs.field(init=False, eq=False, repr=False)
    """``Host`` and ``headers`` as httpx holds them, normalized once per config, not per call."""
    profile_header: bool = attrs.field(init=False, eq=False, repr=False)
    """True when ``headers`` carry a Profile-Key (which the route's rule then governs)."""

    def __attrs_post_init__(self) -> None:
        host = httpx.URL(self.base_url).netloc.decode("ascii")
        wire = httpx.Headers([("Host", host), *self.headers.items()])
        object.__setattr__(self, "wire_headers", wire)
        object.__setattr__(self, "profile_header", "profile-key" in wire)


def config_from(
    api_key: str | None,
    *,
    profile_key: str | None,
    base_url: str | None,
    timeout: TimeoutLike | None,
    max_retries: int,
    twitter_oauth1: tuple[str, str] | None,
    retry_policy: RetryPolicy | None,
) -> tuple[Config, str | None]:
    """The root client's config and profile key, from its arguments, then the ``AYRSHARE_*``
    environment."""
    if api_key is None:
        api_key = os.environ.get("AYRSHARE_API_KEY")
        if not api_key:
            raise ValidationError(
                "no Ayrshare API key: pass AsyncAyrshare(api_key=...) or set AYRSHARE_API_KEY "
                "(Ayrshare dashboard > API Key)"
            )
    check_secret("api_key", api_key)
    if profile_key is None:
        profile_key = os.environ.get("AYRSHARE_PROFILE_KEY") or None
    if profile_key is not None:
        check_secret("profile_key", profile_key)
    base_url = base_url or os.environ.get("AYRSHARE_BASE_URL") or DEFAULT_BASE_URL
    _check_base_url(base_url)
    check_max_retries(max_retries)
    if twitter_oauth1 is not None:
        if not isinstance(twitter_oauth1, tuple) or len(twitter_oauth1) != 2:
            raise ValidationError(
                "twitter_oauth1 must be a tuple (api_key, api_secret) of two strings"
            )
        check_secret("twitter_oauth1 api_key", twitter_oauth1[0])
        check_secret("twitter_oauth1 api_secret", twitter_oauth1[1])
    if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
        raise ValidationError(
            f"retry_policy must be a RetryPolicy, got {type(retry_policy).__name__}"
        )
    config = Config(
        base_url=base_url.rstrip("/"),
        account=secret_digest(api_key),
        timeout=as_timeout(timeout),
        max_retries=max_retries,
        retry_policy=retry_policy or RetryPolicy(),
        headers=_static_headers(api_key, twitter_oauth1),
    )
    return config, profile_key


def view_headers(config: Config, headers: Mapping[str, str]) -> dict[str, str]:
    """``with_options(headers=)`` on top of the view's own (checked: they go on every request)."""
    if not isinstance(headers, Mapping):
        raise ValidationError(f"headers must be a mapping, got {type(headers).__name__}")
    check_header_pairs("headers", headers)
    return {**config.headers, **headers}


def check_max_retries(max_retries: object) -> None:
    if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
        raise ValidationError(
            f"max_retries must be an int >= 0 (0 disables retries), got {max_retries!r}"
        )


def as_timeout(timeout: TimeoutLike | NotGiven | None) -> httpx.Timeout:
    """Seconds for every phase but connect (which stays short), an ``httpx.Timeout`` as is, or
    None: no timeout at all, as in httpx."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None:
        return httpx.Timeout(None)
    if (
        isinstance(timeout, (NotGiven, bool))
        or not isinstance(timeout, (int, float))
        or not timeout > 0
    ):
        raise ValidationError(
            f"timeout must be seconds > 0, an httpx.Timeout, or None for no timeout; got {timeout!r}"
        )
    seconds = float(timeout)
    return httpx.Timeout(seconds, connect=min(seconds, DEFAULT_TIMEOUT.connect or 5.0))


def check_backend(name: str) -> Backend:
    if name in ("auto", "aiohttp", "httpx"):
        return cast("Backend", name)
    raise ValidationError(f"http_backend must be 'auto', 'aiohttp' or 'httpx', got {name!r}")


def _check_base_url(base_url: object) -> None:
    if not isinstance(base_url, str):
        raise ValidationError(f"base_url must be a string, got {type(base_url).__name__}")
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ValidationError(f"base_url is not a valid URL: {exc}") from None
    if url.scheme == "https" and url.host:
        return
    if url.scheme == "http" and is_loopback(url.host):
        return
    raise ValidationError(
        f"base_url must be https (plain http only for a loopback host such as 127.0.0.1), got {base_url!r}"
    )


def _static_headers(api_key: str, twitter_oauth1: tuple[str, str] | None) -> dict[str, str]:
    headers = {
        "Authorization": f"Bearer {api_key}",
        "Accept": "application/json",
        "Accept-Encoding": "br, gzip, deflate",
        "User-Agent": f"ayrshare-async/{__version__} httpx/{httpx.__version__}",
    }
    if twitter_oauth1 is not None:
        headers["X-Twitter-OAuth1-Api-Key"], headers["X-Twitter-OAuth1-Api-Secret"] = twitter_oauth1
    return headers
