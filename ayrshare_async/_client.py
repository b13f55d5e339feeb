"""``AsyncAyrshare``: configuration, the one shared connection pool, views and lifecycle.

Every endpoint method ends in ``request()``, which runs the three stages of a call: build it
(``_request``), send it with retries (``_retry``), turn the answer into a model or an error
(``_response``).
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import httpx

from ._budget import DEFAULT_RATE_BUDGETS, Budget, RateBudgets
from ._bulk import ProfilesResource
from ._checks import check_secret
from ._config import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Config,
    as_timeout,
    check_backend,
    check_max_retries,
    config_from,
    view_headers,
)
from ._errors import ValidationError
from ._fanout import DEFAULT_CONCURRENCY, ProgressCallback, fan_out, fan_out_stream
from ._logs import setup_from_environment
from ._options import NOT_GIVEN, NotGiven, RequestOptions, TimeoutLike
from ._outcomes import FanOutResult, Outcome, mask_key
from ._pool import Pool
from ._request import KeyMinter, build_call
from ._response import parse_answer
from ._retry import AttemptLimiter, RetryPolicy, send_with_retries
from ._route import Route
from ._serde import RequestModel
from ._transports import Backend, default_transport
from .budgets import BudgetStore, store_from
from .resources import RawResources, Resources

if TYPE_CHECKING:
    from pathlib import Path
    from types import TracebackType

    from .jobs import Job, Journal

__all__ = ["AsyncAyrshare"]

T = TypeVar("T")


class AsyncAyrshare(Resources):
    """Async client for the Ayrshare API.

    ``api_key`` falls back to ``AYRSHARE_API_KEY``, ``profile_key`` to ``AYRSHARE_PROFILE_KEY`` and
    ``base_url`` to ``AYRSHARE_BASE_URL``, then to the real API. ``timeout`` is per attempt: seconds,
    an ``httpx.Timeout``, or None for none at all. ``http_backend`` (or ``AYRSHARE_HTTP_BACKEND``)
    picks what sends the requests: ``auto`` (default) is aiohttp on asyncio when the ``fast`` extra
    is installed, else httpx's own transport; see docs/transport.md. ``transport=`` (an httpx
    transport) or ``http_client=`` (a whole ``httpx.AsyncClient``, e.g. ``DefaultAsyncHttpxClient``)
    replaces that choice. One client holds one connection pool, bound to the event loop it is first
    used in; ``with_profile()`` and ``with_options()`` return views over the same pool. Close the
    root client with ``await client.aclose()`` or ``async with``.

    Every attempt spends Ayrshare's budgets (``rate_budgets``: 300 requests per 5 minutes per
    profile, 8 profile deletes per second per account; None turns them off), kept in this process
    or, with ``rate_store="redis://host:port/db"`` (or ``AYRSHARE_RATE_STORE``, or a store object),
    shared by every process that uses that store; see docs/rate-limits.md.
    """

    _config: Config
    _profile_key: str | None
    _scope: KeyMinter | None
    _pool: Pool
    _budget: Budget | None
    _root: bool

    def __init__(
        self,
        api_key: str | None = None,
        *,
        profile_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutLike | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        twitter_oauth1: tuple[str, str] | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_backend: Backend | None = None,
        rate_store: BudgetStore | str | None = None,
        rate_budgets: RateBudgets | None = DEFAULT_RATE_BUDGETS,
    ) -> None:
        setup_from_environment()
        config, profile_key = config_from(
            api_key,
            profile_key=profile_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            twitter_oauth1=twitter_oauth1,
            retry_policy=retry_policy,
        )
        if isinstance(max_connections, bool) or not isinstance(max_connections, int):
            raise ValidationError(f"max_connections must be an int, got {max_connections!r}")
        if max_connections < 1:
            raise ValidationError(f"max_connections must be >= 1, got {max_connections}")
        backend = check_backend(http_backend or os.environ.get("AYRSHARE_HTTP_BACKEND") or "auto")
        if http_client is not None and transport is not None:
            raise ValidationError(
                "give transport= or http_client=, not both: a caller's http_client sends "
                "through its own transport"
            )
        if http_client is not None:
            if not isinstance(http_client, httpx.AsyncClient):
                raise ValidationError(
                    f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
                )
            self._pool = Pool(http_client)
        else:
            if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
                raise ValidationError(
                    f"transport must be an httpx.AsyncBaseTransport, got {type(transport).__name__}"
                )
            # Keep-alive equal to the pool: a smaller value closes and reopens connections under load.
            limits = httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            )
            transport = transport or default_transport(limits=limits, backend=backend)
            http = httpx.AsyncClient(transport=transport, follow_redirects=False)
            self._pool = Pool(http, transport=transport)
        self._root = True
        self._config = config
        self._profile_key = profile_key
        self._scope = None
        self._budget = _budget(config, rate_store, rate_budgets)

    # -- views -----------------------------------------------------------------------------------

    def _view(
        self, config: Config, profile_key: str | None, scope: KeyMinter | None = None
    ) -> AsyncAyrshare:
        view = object.__new__(type(self))
        view._pool = self._pool
        view._budget = self._budget
        view._root = False
        view._config = config
        view._profile_key = profile_key
        view._scope = scope if scope is not None else self._scope
        return view

    def _with_scope(self, profile_key: str, scope: KeyMinter) -> AsyncAyrshare:
        """A view for one key of a job (a key the job has checked): its idempotency keys come
        from ``scope``."""
        return self._view(self._config, profile_key, scope)

    def with_profile(self, profile_key: str) -> AsyncAyrshare:
        """A view that acts for one user profile (``Profile-Key`` on every route that accepts it)."""
        return self._view(self._config, check_secret("profile_key", profile_key))

    def with_options(
        self,
        *,
        timeout: TimeoutLike | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        attempt_limiter: AttemptLimiter | None = None,
    ) -> AsyncAyrshare:
        """A view with other defaults; it shares this client's connection pool.

        ``timeout=None`` means no timeout (as in httpx); leave it out to keep this view's.
        ``headers`` go on every request of the view. ``attempt_limiter`` paces every attempt of
        every call made through the view, retries included (``fan_out(rate=)`` and
        ``delete_many`` use it to hold a server-side ceiling).
        """
        changes: dict[str, Any] = {}
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = as_timeout(timeout)
        if max_retries is not None:
            check_max_retries(max_retries)
            changes["max_retries"] = max_retries
        if retry_policy is not None:
            changes["retry_policy"] = retry_policy
        if headers:
            changes["headers"] = view_headers(self._config, headers)
        if attempt_limiter is not None:
            changes["attempt_limiter"] = attempt_limiter
        return self._view(attrs.evolve(self._config, **changes), self._profile_key)

    @property
    def with_raw_response(self) -> RawResources:
        """Every endpoint again, answering ``APIResponse`` (status, headers, rate limit, retries)."""
        return RawResources(self)

    @property
    def profiles(self) -> ProfilesResource:
        """The profiles endpoints, and ``delete_many``."""
        return ProfilesResource(self)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def profile_key(self) -> str | None:
        return self._profile_key

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
        key = self._profile_key
        scope = f", profile_key={mask_key(key)!r}" if key else ""
        return f"{type(self).__name__}(base_url={self._config.base_url!r}{scope})"

    # -- lifecycle ---------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool. Only the root client closes it; a view's aclose() is a no-op.

        A caller's ``http_client`` stays open (its owner closes it). Closed from another event loop
        than the pool's, the pool is marked closed but its connections are left to that loop.
        """
        pool = self._pool
        if not self._root or pool.closed:
            return
        pool.closed = True
        if pool.in_own_loop():
            if pool.owned:
                await pool.http.aclose()
            if self._budget is not None and self._budget.owned:
                await self._budget.store.aclose()

    async def __aenter__(self) -> AsyncAyrshare:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _ensure_usable(self) -> None:
        self._pool.ensure_usable()

    # -- batch helpers -------------------------------------------------------------------------------

    async def fan_out(
        self,
        profile_keys: Iterable[str] | AsyncIterable[str],
        call: Callable[[AsyncAyrshare], Awaitable[T]],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        rate: float | None = None,
        progress: bool | ProgressCallback | None = None,
        job: Job | str | None = None,
        journal: Journal | str | Path | None = None,
    ) -> FanOutResult[T]:
        """Run ``call(client.with_profile(key))`` for every key; one ``Outcome`` per key, in order.

        ``job`` (a name, with ``journal``, or a ``jobs.Job``) makes it resumable: see
        ``ayrshare_async.jobs`` and docs/batch-jobs.md.
        """
        self._ensure_usable()
        return await fan_out(
            self,
            profile_keys,
            call,
            concurrency=concurrency,
            rate=rate,
            progress=progress,
            job=job,
            journal=journal,
        )

    def fan_out_stream(
        self,
        profile_keys: Iterable[str] | AsyncIterable[str],
        call: Callable[[AsyncAyrshare], Awaitable[T]],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        rate: float | None = None,
        progress: bool | ProgressCallback | None = None,
        job: Job | str | None = None,
        journal: Journal | str | Path | None = None,
    ) -> AbstractAsyncContextManager[AsyncIterator[Outcome[T]]]:
        """``fan_out`` with the outcomes handed over one by one as they finish, in bounded memory:
        ``async with client.fan_out_stream(keys, call) as outcomes: async for o in outcomes``."""
        self._ensure_usable()
        return fan_out_stream(
            self,
            profile_keys,
            call,
            concurrency=concurrency,
            rate=rate,
            progress=progress,
            job=job,
            journal=journal,
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
    ) -> T:
        """Send one call described by ``route`` (with retries) and parse its JSON into ``response_type``."""
        config = self._config
        call = build_call(
            route,
            config,
            self._profile_key,
            self._scope,
            path=path,
            query=query,
            body=body,
            options=options,
        )
        pool = self._pool
        pool.ensure_usable()
        started = time.monotonic()
        answer = await send_with_retries(
            pool.transport,
            call,
            policy=config.retry_policy,
            limiter=config.attempt_limiter,
            budget=self._budget,
        )
        return parse_answer(
            call,
            answer,
            response_type,
            policy=config.retry_policy,
            started=started,
            now=time.monotonic,
        )


def _budget(
    config: Config,
    rate_store: BudgetStore | str | None,
    rules: RateBudgets | None,
) -> Budget | None:
    """The root client's budgets: None when ``rate_budgets=None`` turned them off."""
    if rules is None:
        return None
    if not isinstance(rules, RateBudgets):
        raise ValidationError(
            f"rate_budgets must be RateBudgets or None, got {type(rules).__name__}"
        )
    spec = rate_store if rate_store is not None else os.environ.get("AYRSHARE_RATE_STORE") or None
    store = store_from(spec)
    return Budget(store, config.account, rules, owned=isinstance(spec, str))
