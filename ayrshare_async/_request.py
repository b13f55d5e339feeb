"""Building one call (pure): route + config + arguments -> the ``httpx.Request`` sent on every attempt.

Everything that can be wrong with the input is found here, before anything is sent: a missing or
refused Profile-Key, bad path values, field types, headers with control characters, text that
cannot be encoded. The body (and its ``idempotencyKey``) is encoded once, so every attempt sends
the same bytes.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from ._call import Call
from ._checks import check_header_pairs, check_model_types, check_secret, first_bad_text
from ._config import Config, as_timeout, check_max_retries
from ._errors import ValidationError
from ._messages import lean_request
from ._options import NotGiven, RequestOptions
from ._route import Route
from ._serde import RequestModel, format_datetime, to_camel

__all__ = ["build_call", "encode_query"]

_NO_OPTIONS = RequestOptions()


class KeyMinter(Protocol):
    """Where a view's idempotency keys come from inside a job (``jobs.JobScope``)."""

    def next_key(self) -> str: ...


QueryValue = str | int | float | bool | None
QueryPairs = list[tuple[str, QueryValue]]


def build_call(
    route: Route,
    config: Config,
    profile_key: str | None,
    scope: KeyMinter | None = None,
    *,
    path: Mapping[str, str] | None = None,
    query: RequestModel | None = None,
    body: RequestModel | None = None,
    options: RequestOptions | None = None,
) -> Call:
    opts = options or _NO_OPTIONS
    headers = config.wire_headers.copy()
    if opts.extra_headers:
        check_header_pairs("extra_headers", opts.extra_headers)
        for name, value in opts.extra_headers.items():
            headers[name] = value
    profile_key = _profile_key(route, config, profile_key, opts, headers)

    url = config.base_url + _fill_path(route, path or {})
    params: QueryPairs = []
    if query is not None or opts.extra_query:
        if query is not None:
            check_model_types(query, route.name)
        params = encode_query({**(query.to_dict() if query else {}), **(opts.extra_query or {})})
        bad = first_bad_text(dict(params))
        if bad is not None:
            raise ValidationError(f"{route.name}: query parameter {bad} contains a lone surrogate")

    json_body: dict[str, Any] | None = None
    if body is not None or opts.extra_body:
        if body is not None:
            check_model_types(body, route.name)
        json_body = {**(body.to_dict() if body else {}), **(opts.extra_body or {})}
    retry_safe = route.retry_safe
    idempotency_key: str | None = None
    if route.idempotency_field is not None:
        wire = to_camel(route.idempotency_field)
        json_body = json_body if json_body is not None else {}
        if not json_body.get(wire):
            json_body[wire] = scope.next_key() if scope is not None else uuid.uuid4().hex
        idempotency_key = str(json_body[wire])
        retry_safe = True
    content = None
    if json_body is not None:
        content = _json_bytes(route, json_body)
        headers["Content-Type"] = "application/json"

    timeout = config.timeout if isinstance(opts.timeout, NotGiven) else as_timeout(opts.timeout)
    max_retries = config.max_retries
    if opts.max_retries is not None:
        check_max_retries(opts.max_retries)
        max_retries = opts.max_retries
    request = _request(route.method, _parsed_url(url), params, headers, content, timeout)
    return Call(
        request,
        route,
        max_retries=max_retries,
        retry_safe=retry_safe,
        idempotency_key=idempotency_key,
        profile_key=profile_key,
    )


def _profile_key(
    route: Route,
    config: Config,
    view_key: str | None,
    opts: RequestOptions,
    headers: httpx.Headers,
) -> str | None:
    """Apply the route's Profile-Key rule to the merged headers; the key the request carries."""
    from_headers = None
    if config.profile_header or opts.extra_headers:
        from_headers = headers.get("profile-key")
        if from_headers is not None:
            del headers["profile-key"]
    if opts.profile_key is not None:
        profile_key: str | None = check_secret("profile_key", opts.profile_key)
    elif from_headers is not None:
        profile_key = check_secret("Profile-Key header", from_headers)
    else:
        profile_key = view_key
    if route.profile_key == "refused":
        return None
    if route.profile_key == "required" and profile_key is None:
        raise ValidationError(
            f"{route.name} acts on a user profile: give profile_key= or use "
            "client.with_profile(key)"
        )
    if profile_key is not None:
        headers["Profile-Key"] = profile_key
    return profile_key


def _fill_path(route: Route, values: Mapping[str, str]) -> str:
    path = route.path
    for param in route.path_params:
        value = values.get(param.name)
        if not isinstance(value, str) or not value:
            raise ValidationError(
                f"{route.name}: {param.name} must be a non-empty string, got {value!r}"
            )
        if param.allowed is not None and value not in param.allowed:
            raise ValidationError(
                f"{route.name}: {param.name}={value!r} is not one of {', '.join(param.allowed)}"
            )
        if first_bad_text(value) is not None:
            raise ValidationError(f"{route.name}: {param.name} contains a lone surrogate")
        path = path.replace("{" + param.name + "}", quote(value, safe=""))
    return path


def encode_query(params: Mapping[str, Any]) -> QueryPairs:
    """Query pairs as Ayrshare's SDKs send them: lists as ``name[0]=a&name[1]=b``, bools lowercase."""
    pairs: QueryPairs = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            pairs.extend((f"{name}[{i}]", _query_scalar(item)) for i, item in enumerate(value))
        else:
            pairs.append((name, _query_scalar(value)))
    return pairs


def _query_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "tzinfo") and hasattr(value, "strftime"):
        return format_datetime(value)
    return str(value)


def _json_bytes(route: Route, body: Any) -> bytes:
    """A JSON body as httpx encodes one (compact, UTF-8), the same bytes on every backend."""
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    except UnicodeEncodeError:
        where = first_bad_text(body) or "the body"
        raise ValidationError(
            f"{route.name}: {where} contains a lone surrogate (half of a UTF-16 pair), which "
            "cannot be sent as UTF-8; check how the text was decoded"
        ) from None
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{route.name}: the body cannot be sent as JSON: {exc}") from None


def _request(
    method: str,
    url: httpx.URL,
    params: QueryPairs,
    headers: httpx.Headers,
    content: bytes | None,
    timeout: httpx.Timeout,
) -> httpx.Request:
    """The ``httpx.Request`` that ``httpx.Request(method, url, params=, headers=, content=)``
    builds (same headers, URL and body), from parts already in httpx's form: ``Host`` comes with
    the view's headers and ``Content-Length`` is added here."""
    if params:
        url = url.copy_merge_params(params)
    if content:
        headers["Content-Length"] = str(len(content))
    elif method in ("POST", "PUT", "PATCH"):
        headers["Content-Length"] = "0"
    return lean_request(method, url, headers, content or b"", {"timeout": timeout.as_dict()})


@functools.lru_cache(maxsize=512)
def _parsed_url(url: str) -> httpx.URL:
    """Parsing a URL is the largest cost of building a request; paths repeat, URLs are immutable."""
    return httpx.URL(url)
