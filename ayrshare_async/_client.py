"""``AsyncAyrshare``: configuration, the one shared ``httpx.AsyncClient``, views, and ``request()``."""

from __future__ import annotations

import datetime
import functools
import ipaddress
import json
import os
import time
import uuid
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import quote

import attrs
import httpx

from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DuplicateRequestError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ValidationError,
    error_code,
)
from ._fanout import DEFAULT_CONCURRENCY, FanOutResult, ProgressCallback, fan_out
from ._http import Backend, DirectAnswer, SelectingTransport, _AiohttpBackend, default_transport
from ._options import RequestOptions, TimeoutLike
from ._response import APIResponse, raw_capture
from ._route import Route
from ._serde import RequestModel, format_datetime, structure, to_camel
from ._transport import AttemptLimiter, RetryPolicy, send_with_retries
from ._version import __version__
from .resources import RawResources, Resources

if TYPE_CHECKING:
    import datetime as dt
    from types import TracebackType


__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAyrshare",
]

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.ayrshare.com/api"
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=120.0, write=30.0, pool=30.0)
"""Connect fails fast; the read allows for ``POST /post`` with a first comment (documented 20-90 s)."""
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_CONNECTIONS = 100

_NO_OPTIONS = RequestOptions()


@attrs.frozen
class _Config:
    """Everything a view may change. Immutable: views get a new one, never a mutated shared one."""

    api_key: str = attrs.field(repr=False)
    base_url: str
    profile_key: str | None = attrs.field(repr=False)
    timeout: httpx.Timeout
    max_retries: int
    twitter_oauth1: tuple[str, str] | None = attrs.field(repr=False)
    retry_policy: RetryPolicy
    headers: Mapping[str, str] = attrs.field(repr=False)
    attempt_limiter: AttemptLimiter | None = None


class _Pool:
    """The one ``httpx.AsyncClient`` shared by a root client and all its views."""

    __slots__ = ("closed", "http", "selecting", "transport")

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        transport: httpx.AsyncBaseTransport | None,
        selecting: SelectingTransport | None,
    ) -> None:
        self.http = http
        self.transport = transport
        """The transport of our own ``http``; None when the caller gave the ``http_client``."""
        self.selecting = selecting
        """Our default transport when the pool uses it; ``direct_backend()`` builds its backend
        before a call's first attempt (and before a paced call's first slot)."""
        self.closed = False

    async def send(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` and read the whole response.

        A caller's ``http_client`` sends it (its auth, hooks and redirects apply). Our own client
        has none of those and keeps no cookies, so the request goes straight to its transport.
        httpx's client layers (auth and redirect generators, cookie parsing, the async read chain)
        cost ~100 us a call more, and their response/stream reference cycle left every response
        to the garbage collector (benchmarks/send_path.py).
        """
        if self.transport is None:
            return await self.http.send(request)
        transport = self.selecting.prepare() if self.selecting is not None else self.transport
        started = time.perf_counter()
        try:
            response = await transport.handle_async_request(request)
            response.request = request
            try:
                if isinstance(response.stream, httpx.SyncByteStream):
                    response.read()  # already in memory: no async iterator chain needed
                else:
                    await response.aread()
            finally:
                await response.aclose()
        except httpx.RequestError as exc:
            exc.request = request
            raise
        response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
        return response

    def build_request(self, call: _Call) -> httpx.Request:
        """A request for the pool. Our own client has no defaults to merge, so its requests are
        built directly (a third of the cost); a caller's ``http_client`` merges its defaults."""
        if self.transport is None:
            return self.http.build_request(
                call.method,
                call.url,
                params=call.params or None,
                content=call.content,
                headers=call.headers,
                timeout=call.timeout,
            )
        return httpx.Request(
            call.method,
            _parsed_url(call.url),
            params=call.params or None,
            content=call.content,
            headers=call.headers,
            extensions={"timeout": call.timeout.as_dict()},
        )

    def direct_backend(self) -> _AiohttpBackend | None:
        """Our aiohttp backend when the pool sends through it (built now, in the event loop)."""
        if self.selecting is None:
            return None
        backend = self.selecting.prepare()
        return backend if isinstance(backend, _AiohttpBackend) else None


class _Call:
    """One call's request, as the pool sends it: built once, sent on every attempt."""

    __slots__ = ("content", "headers", "method", "params", "timeout", "url")

    def __init__(
        self,
        method: str,
        url: str,
        params: QueryPairs,
        content: bytes | None,
        headers: dict[str, str],
        timeout: httpx.Timeout,
    ) -> None:
        self.method = method
        self.url = url
        self.params = params
        self.content = content
        self.headers = headers
        self.timeout = timeout

    def encoded_url(self) -> str:
        """The URL with its query, encoded exactly as httpx encodes it."""
        if not self.params:
            return _encoded_url(self.url)
        return str(_parsed_url(self.url).copy_merge_params(self.params))


@functools.lru_cache(maxsize=512)
def _parsed_url(url: str) -> httpx.URL:
    """Parsing a URL is the largest cost of building a request; paths repeat, URLs are immutable."""
    return httpx.URL(url)


@functools.lru_cache(maxsize=512)
def _encoded_url(url: str) -> str:
    return str(_parsed_url(url))


class AsyncAyrshare(Resources):
    """Async client for the Ayrshare API.

    ``api_key`` falls back to ``AYRSHARE_API_KEY``, ``profile_key`` to ``AYRSHARE_PROFILE_KEY`` and
    ``base_url`` to ``AYRSHARE_BASE_URL``, then to the real API. ``http_backend`` (or
    ``AYRSHARE_HTTP_BACKEND``) picks what sends the requests: ``auto`` (default) is aiohttp on asyncio
    when the ``fast`` extra is installed, else httpx's own transport; see docs/transport.md. One client holds one connection pool;
    ``with_profile()`` and ``with_options()`` return views over the same pool. Close the root client
    with ``await client.aclose()`` or ``async with``.
    """

    _config: _Config
    _pool: _Pool
    _root: bool

    def __init__(
        self,
        api_key: str | None = None,
        *,
        profile_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutLike = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        twitter_oauth1: tuple[str, str] | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_backend: Backend | None = None,
    ) -> None:
        api_key = api_key if api_key is not None else os.environ.get("AYRSHARE_API_KEY")
        if not api_key:
            raise ValidationError(
                "no Ayrshare API key: pass AsyncAyrshare(api_key=...) or set AYRSHARE_API_KEY "
                "(Ayrshare dashboard > API Key)"
            )
        if profile_key is None:
            profile_key = os.environ.get("AYRSHARE_PROFILE_KEY") or None
        if profile_key is not None:
            _check_profile_key(profile_key)
        base_url = base_url or os.environ.get("AYRSHARE_BASE_URL") or DEFAULT_BASE_URL
        _check_base_url(base_url)
        _check_max_retries(max_retries)
        if max_connections < 1:
            raise ValidationError(f"max_connections must be >= 1, got {max_connections}")
        if twitter_oauth1 is not None and (
            not isinstance(twitter_oauth1, tuple)
            or len(twitter_oauth1) != 2
            or not all(isinstance(part, str) and part for part in twitter_oauth1)
        ):
            raise ValidationError(
                "twitter_oauth1 must be a tuple (api_key, api_secret) of two strings"
            )

        backend = _backend(http_backend or os.environ.get("AYRSHARE_HTTP_BACKEND") or "auto")

        if http_client is None:
            # Keep-alive equal to the pool: a smaller value closes and reopens connections under load.
            limits = httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            )
            selecting = None if transport else default_transport(limits=limits, backend=backend)
            transport = transport or selecting
            http_client = httpx.AsyncClient(transport=transport, follow_redirects=False)
        else:
            selecting = transport = None
        self._pool = _Pool(http_client, transport=transport, selecting=selecting)
        self._root = True
        self._config = _Config(
            api_key=api_key,
            base_url=base_url.rstrip("/"),
            profile_key=profile_key,
            timeout=_as_timeout(timeout),
            max_retries=max_retries,
            twitter_oauth1=twitter_oauth1,
            retry_policy=retry_policy or RetryPolicy(),
            headers=_static_headers(api_key, twitter_oauth1),
        )

    # -- views -----------------------------------------------------------------------------------

    def _view(self, **changes: Any) -> AsyncAyrshare:
        view = object.__new__(type(self))
        view._pool = self._pool
        view._root = False
        view._config = attrs.evolve(self._config, **changes)
        return view

    def with_profile(self, profile_key: str) -> AsyncAyrshare:
        """A view that acts for one user profile (``Profile-Key`` on every route that accepts it)."""
        _check_profile_key(profile_key)
        return self._view(profile_key=profile_key)

    def with_options(
        self,
        *,
        timeout: TimeoutLike | None = None,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        attempt_limiter: AttemptLimiter | None = None,
    ) -> AsyncAyrshare:
        """A view with other defaults; it shares this client's connection pool.

        ``attempt_limiter`` paces every attempt of every call made through the view, retries
        included (``fan_out(rate=)`` and ``delete_many`` use it to hold a server-side ceiling).
        """
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = _as_timeout(timeout)
        if max_retries is not None:
            _check_max_retries(max_retries)
            changes["max_retries"] = max_retries
        if retry_policy is not None:
            changes["retry_policy"] = retry_policy
        if headers:
            changes["headers"] = {**self._config.headers, **headers}
        if attempt_limiter is not None:
            changes["attempt_limiter"] = attempt_limiter
        return self._view(**changes)

    @property
    def with_raw_response(self) -> RawResources:
        """Every endpoint again, answering ``APIResponse`` (status, headers, rate limit, retries)."""
        return RawResources(self)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def profile_key(self) -> str | None:
        return self._config.profile_key

    @property
    def timeout(self) -> httpx.Timeout:
        return self._config.timeout

    @property
    def max_retries(self) -> int:
        return self._config.max_retries

    @property
    def is_closed(self) -> bool:
        return self._pool.closed

    def __repr__(self) -> str:
        key = self._config.profile_key
        scope = f", profile_key={mask(key)!r}" if key else ""
        return f"{type(self).__name__}(base_url={self._config.base_url!r}{scope})"

    # -- lifecycle ---------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool. Only the root client closes it; a view's aclose() is a no-op."""
        if not self._root or self._pool.closed:
            return
        self._pool.closed = True
        if self._pool.transport is not None:
            await self._pool.http.aclose()

    async def __aenter__(self) -> AsyncAyrshare:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- batch helpers -------------------------------------------------------------------------------

    async def fan_out(
        self,
        profile_keys: Iterable[str] | AsyncIterable[str],
        call: Callable[[AsyncAyrshare], Awaitable[T]],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        rate: float | None = None,
        progress: bool | ProgressCallback | None = None,
    ) -> FanOutResult[T]:
        """Run ``call(client.with_profile(key))`` for every key; one ``Outcome`` per key, in order."""
        return await fan_out(
            self,
            profile_keys,
            call,
            concurrency=concurrency,
            rate=rate,
            progress=progress,
        )

    # -- the one request path ------------------------------------------------------------------------

    async def request(
        self,
        route: Route,
        response_type: type[T],
        *,
        path: Mapping[str, str] | None = None,
        query: RequestModel | None = None,
        body: RequestModel | None = None,
        options: RequestOptions | None = None,
        attempt_limiter: AttemptLimiter | None = None,
    ) -> T:
        """Send one call described by ``route`` (with retries) and parse its JSON into ``response_type``."""
        if self._pool.closed:
            raise RuntimeError("this AsyncAyrshare client is closed; create a new one")
        opts = options or _NO_OPTIONS
        config = self._config

        profile_key = opts.profile_key if opts.profile_key is not None else config.profile_key
        if opts.profile_key is not None:
            _check_profile_key(opts.profile_key)
        if route.profile_key == "required" and profile_key is None:
            raise ValidationError(
                f"{route.name} acts on a user profile: give profile_key= or use "
                "client.with_profile(key)"
            )
        if route.profile_key == "refused":
            profile_key = None

        url = config.base_url + _fill_path(route, path or {})
        params = encode_query({**(query.to_dict() if query else {}), **(opts.extra_query or {})})
        json_body: dict[str, Any] | None = None
        if body is not None or opts.extra_body:
            json_body = {**(body.to_dict() if body else {}), **(opts.extra_body or {})}

        retry_safe = route.retry_safe
        idempotency_key: str | None = None
        if route.idempotency_field is not None:
            wire = to_camel(route.idempotency_field)
            json_body = json_body if json_body is not None else {}
            if not json_body.get(wire):
                json_body[wire] = uuid.uuid4().hex
            idempotency_key = str(json_body[wire])
            retry_safe = True

        headers = dict(config.headers)
        if profile_key is not None:
            headers["Profile-Key"] = profile_key
        content = None
        if json_body is not None:
            content = _json_bytes(json_body)
            headers["Content-Type"] = "application/json"
        if opts.extra_headers:
            headers.update(opts.extra_headers)
        timeout = _as_timeout(opts.timeout) if opts.timeout is not None else config.timeout
        max_retries = config.max_retries
        if opts.max_retries is not None:
            _check_max_retries(opts.max_retries)
            max_retries = opts.max_retries

        pool = self._pool
        call = _Call(route.method, url, params, content, headers, timeout)
        # Built before the first attempt (and before a paced call's first slot, so a one-off
        # import cannot hold back one request and then let it arrive with the next).
        direct = pool.direct_backend()
        send: Callable[[], Awaitable[httpx.Response | DirectAnswer]]
        if direct is not None:
            send = functools.partial(
                direct.fetch,
                route.method,
                call.encoded_url(),
                headers,
                content,
                timeout.as_dict(),
            )
        else:
            send = functools.partial(pool.send, pool.build_request(call))
        what = f"{route.method} {route.path}"
        answer: httpx.Response | DirectAnswer
        started = time.monotonic()
        try:
            answer, retries = await send_with_retries(
                send,
                f"{route.method} {_parsed_url(url).path}",
                policy=config.retry_policy,
                max_retries=max_retries,
                retry_safe=retry_safe,
                attempt_limiter=attempt_limiter or config.attempt_limiter,
            )
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                f"{what} timed out ({type(exc).__name__})",
                request=_request_of(exc) or pool.build_request(call),
            ) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"{what} failed: {type(exc).__name__}",
                request=_request_of(exc) or pool.build_request(call),
            ) from exc

        status = answer.status_code
        try:
            data = json.loads(answer.content) if answer.content else {}
        except ValueError as exc:
            raise APIResponseValidationError(
                f"{what}: HTTP {status} with a body that is not JSON",
                response=_as_httpx(answer, pool, call),
            ) from exc
        body_failed = (
            not route.record_status and isinstance(data, Mapping) and data.get("status") == "error"
        )
        if not 200 <= status < 300 or body_failed:
            response = _as_httpx(answer, pool, call)
            raise _status_error(response, data, retries, idempotency_key, config.retry_policy)
        try:
            parsed = structure(data, response_type)
        except Exception as exc:
            raise APIResponseValidationError(
                f"{what}: response does not fit {response_type.__name__}: {type(exc).__name__}",
                response=_as_httpx(answer, pool, call),
            ) from exc
        capture = raw_capture.get()
        if capture is not None:
            capture.response = APIResponse(
                http_response=_as_httpx(answer, pool, call),
                parsed=parsed,
                retries_taken=retries,
                elapsed=time.monotonic() - started,
            )
        return parsed


# -- helpers for request() ---------------------------------------------------------------------------


def mask(secret: str) -> str:
    """A secret shown as its last 4 characters, for reprs and messages."""
    return "…" + secret[-4:] if len(secret) > 4 else "…"


def _check_profile_key(profile_key: object) -> None:
    if not isinstance(profile_key, str) or not profile_key.strip():
        raise ValidationError(
            f"profile_key must be a non-empty string, got {type(profile_key).__name__}"
            + (" ''" if profile_key == "" else "")
        )


def _check_max_retries(max_retries: object) -> None:
    if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
        raise ValidationError(
            f"max_retries must be an int >= 0 (0 disables retries), got {max_retries!r}"
        )


def _backend(name: str) -> Backend:
    if name in ("auto", "aiohttp", "httpx"):
        return cast("Backend", name)
    raise ValidationError(f"http_backend must be 'auto', 'aiohttp' or 'httpx', got {name!r}")


def _check_base_url(base_url: str) -> None:
    url = httpx.URL(base_url)
    if url.scheme == "https":
        return
    if url.scheme == "http" and _is_loopback(url.host):
        return
    raise ValidationError(
        f"base_url must be https (plain http only for a loopback host such as 127.0.0.1), got {base_url!r}"
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _as_timeout(timeout: TimeoutLike) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValidationError(f"timeout must be seconds > 0 or an httpx.Timeout, got {timeout!r}")
    return httpx.Timeout(
        float(timeout), connect=min(float(timeout), DEFAULT_TIMEOUT.connect or 5.0)
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
        path = path.replace("{" + param.name + "}", quote(value, safe=""))
    return path


QueryPairs = list[tuple[str, str | int | float | bool | None]]


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
        dt_value: dt.datetime = value
        return format_datetime(dt_value)
    return str(value)


def _request_of(exc: httpx.TransportError) -> httpx.Request | None:
    try:
        return exc.request
    except RuntimeError:
        return None


def _json_bytes(body: Any) -> bytes:
    """A JSON body as httpx encodes one (compact, UTF-8), the same bytes on every path."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _as_httpx(answer: httpx.Response | DirectAnswer, pool: _Pool, call: _Call) -> httpx.Response:
    """The answer as ``httpx.Response`` (errors and raw responses carry one)."""
    if isinstance(answer, httpx.Response):
        return answer
    return answer.to_httpx(pool.build_request(call))


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}

# Ayrshare codes that say which family an error with HTTP 200 belongs to.
_CODE_CLASSES: dict[int, type[APIStatusError]] = {
    114: NotFoundError,
    186: NotFoundError,
    399: PermissionDeniedError,
    444: RateLimitError,
}


def _status_error(
    response: httpx.Response,
    body: Any,
    retries: int,
    idempotency_key: str | None,
    policy: RetryPolicy,
) -> APIStatusError:
    obj: Mapping[str, Any] = body if isinstance(body, Mapping) else {}
    message = _message(obj) or response.reason_phrase or "request failed"
    if idempotency_key is not None and _is_duplicate_key(obj) and response.status_code < 500:
        return DuplicateRequestError(
            message,
            response=response,
            body=body,
            idempotency_key=idempotency_key,
            retries_taken=retries,
        )
    status = response.status_code
    cls = _STATUS_CLASSES.get(status)
    if cls is None and status >= 500:
        cls = InternalServerError
    if cls is None:
        code = error_code(obj)
        cls = _CODE_CLASSES.get(code, APIStatusError) if code is not None else APIStatusError
    if cls is RateLimitError:
        return RateLimitError(
            message,
            response=response,
            body=body,
            retry_after=policy.retry_after(response),
            retries_taken=retries,
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


def _is_duplicate_key(body: Mapping[str, Any]) -> bool:
    text = (_message(body) or "").lower()
    return "idempoten" in text
