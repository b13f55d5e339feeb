"""``AyrshareEmulator``: the request pipeline around the state model.

Every request goes the same way, whatever carried it: injected faults, then auth, Profile-Key,
suspension, the per-profile rate limit and the profile-delete limit, then the route's handler, then
rendering (error envelope, rate-limit headers, compression, corruption). State changes happen under
one lock and never wait, so the emulator can serve an in-process transport and a uvicorn thread at
the same time. Outside the lock, every request then waits once before its answer leaves: for its
injected latency, or for one turn of the event loop. So an in-process call suspends as a call over
a network does: other tasks run meanwhile, a cancel scope or timeout can end it (after the
emulator acted on it, as a timeout after sending does), and a fan-out's calls overlap.
"""

from __future__ import annotations

import hmac
import itertools
import logging
import random
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import anyio

from . import _codes as codes
from ._asgi import EmulatorASGIApp
from ._call import Call, Endpoint
from ._clock import Clock, MonotonicClock
from ._faults import Faults
from ._inspection import EmulatorInspection, platform_name
from ._log import RequestLog, RequestRecord
from ._publishing import Publisher
from ._rate_rules import RateRules, retry_after_headers
from ._routes import build_router
from ._state import State
from ._transport import EmulatorTransport
from ._webhooks import EmulatorWebhooks
from ._wire import (
    COMPRESSION_THRESHOLD,
    ApiError,
    Query,
    WireRequest,
    WireResponse,
    choose_encoding,
    compress,
    dump_json,
    error_envelope,
)

__all__ = ["DEFAULT_NETWORKS", "AyrshareEmulator"]

log = logging.getLogger("ayrshare_async.testing")

DEFAULT_NETWORKS: tuple[str, ...] = ("bluesky", "facebook", "linkedin")
"""Networks linked to every new profile unless told otherwise: ones that take text-only posts."""


_CORRUPTION_FAULT = {"drop_after": "drop_after", "invalid": "corrupt", "truncated": "corrupt"}
_NOT_JSON = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


@dataclass(slots=True)
class _Outcome:
    """What one request came to, for the carrier (``response``) and the log (the rest)."""

    method: str
    path: str
    operation: str | None
    profile_key: str | None
    request_id: str
    response: WireResponse = field(default_factory=lambda: WireResponse(500))
    fault: str | None = None
    delay: float = 0.0


class AyrshareEmulator(EmulatorInspection):
    """An in-memory, stateful stand-in for the Ayrshare API.

    ``api_key`` is the primary profile's key (``Authorization: Bearer <api_key>``). ``clock``
    drives every time rule (default: real monotonic time; pass a :class:`ManualClock` to control
    it completely). ``rate_limit`` requests per ``rate_window`` seconds per profile (None: no
    limit); ``delete_rate`` profile deletes per ``delete_window`` seconds per account (None: no
    limit). New profiles get ``default_networks`` linked. ``start_time`` fixes the emulated UTC
    time at construction (default: now). ``seed`` makes ids and random faults repeatable.
    ``suspend_after`` 429s within 24 h suspend a profile (None: never). ``duplicate_check``
    rejects the same text on the same network within 48 h. ``retry_after_on_429`` adds a
    ``Retry-After`` header to the emulator's own 429s (the real API documents none).
    """

    def __init__(
        self,
        api_key: str = "test-api-key",
        *,
        clock: Clock | None = None,
        rate_limit: int | None = 300,
        rate_window: float = 300.0,
        delete_rate: int | None = 8,
        delete_window: float = 1.0,
        default_networks: Iterable[str] = DEFAULT_NETWORKS,
        start_time: datetime | None = None,
        seed: int | None = None,
        suspend_after: int | None = 1000,
        duplicate_check: bool = True,
        retry_after_on_429: bool = False,
    ) -> None:
        if not api_key:
            raise ValueError("api_key must be a non-empty string")
        if start_time is not None and start_time.tzinfo is None:
            raise ValueError("start_time must be timezone-aware")
        networks = [platform_name(n) for n in default_networks]
        self._api_key = api_key
        self.clock: Clock = clock if clock is not None else MonotonicClock()
        start = start_time.timestamp() if start_time is not None else time.time()
        self._wall_origin = start - self.clock.now()
        rng = random.Random(seed)
        self._lock = threading.Lock()
        self.faults = Faults(random.Random(None if seed is None else seed + 1), self._lock)
        self._state = State(rng=rng, default_networks=networks, now=self.now())
        self._publisher = Publisher(self._state, self.faults, duplicate_check=duplicate_check)
        self._router = build_router()
        self._log = RequestLog()
        self._request_ids = itertools.count(1)
        self._in_flight = 0
        self._max_in_flight = 0
        self._rules = RateRules(
            rate_limit=rate_limit,
            rate_window=rate_window,
            delete_rate=delete_rate,
            delete_window=delete_window,
            suspend_after=suspend_after,
            retry_after_on_429=retry_after_on_429,
        )
        self.webhooks = EmulatorWebhooks(
            self._state,
            self._lock,
            clock=lambda: self.clock.now(),
            wall=self._wall,
            tick=self._publish_due,
            rng=random.Random(None if seed is None else seed + 2),
        )

    # -- ways in -----------------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        """The primary profile's API key (not a real secret, but kept out of reprs anyway)."""
        return self._api_key

    def transport(self) -> EmulatorTransport:
        """An ``httpx.AsyncBaseTransport`` that answers in-process (no sockets)."""
        return EmulatorTransport(self)

    def asgi_app(self) -> EmulatorASGIApp:
        """An ASGI 3 application serving the emulator (see ``serve_in_thread``)."""
        return EmulatorASGIApp(self)

    async def handle(self, request: WireRequest) -> WireResponse:
        """Answer one request (the transport and the ASGI app both end up here)."""
        arrival = self.clock.now()
        outcome: _Outcome | None = None
        with self._lock:
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
        try:
            with self._lock:
                outcome = self._respond(request, arrival)
            await anyio.sleep(outcome.delay)  # 0: one turn of the event loop (module docstring)
            return outcome.response
        except BaseException:
            if outcome is not None:
                outcome.fault = outcome.fault or "abandoned"
            raise
        finally:
            self._finish(outcome, arrival)

    # -- the pipeline ------------------------------------------------------------------------

    def _respond(self, request: WireRequest, arrival: float) -> _Outcome:
        method = request.method.upper()
        path = _api_path(request.path)
        resolved = self._router.resolve(method, path)
        endpoint, params = resolved if isinstance(resolved, tuple) else (None, {})
        header_key = request.headers.get("profile-key") or None
        outcome = _Outcome(
            method,
            path,
            endpoint.operation if endpoint else None,
            header_key,
            f"emu-{next(self._request_ids):08d}",
        )
        faults = self.faults
        if faults.active:
            outcome.delay = faults.delay_for(method, path, outcome.operation, header_key)
            decision = faults.before(method, path, outcome.operation, header_key)
            if decision is not None:
                outcome.fault = decision.kind
                if decision.kind == "drop":
                    outcome.response = WireResponse(0, drop="before")
                    return outcome
                injected = ApiError(
                    decision.status,
                    decision.code,
                    decision.message,
                    headers=retry_after_headers(decision.retry_after),
                )
                outcome.response = self._render(
                    request, outcome, injected.status, injected.body(), injected.headers, None
                )
                return outcome
        headers: dict[str, str] = {}
        try:
            status, body = self._process(
                request, endpoint, params, resolved is True, method, path, arrival, headers
            )
        except ApiError as error:
            status, body = error.status, error.body()
            headers.update(error.headers)
        except Exception:
            log.exception("the emulator failed on %s %s", method, path)
            status = 500
            body = error_envelope("request", codes.INTERNAL, "The emulator failed on this request")
        after = faults.after(method, path, outcome.operation, header_key) if faults.active else None
        if after is not None:
            outcome.fault = _CORRUPTION_FAULT[after]
        outcome.response = self._render(request, outcome, status, body, headers, after)
        return outcome

    def _process(
        self,
        request: WireRequest,
        endpoint: Endpoint | None,
        params: dict[str, str],
        wrong_method: bool,
        method: str,
        path: str,
        arrival: float,
        headers: dict[str, str],
    ) -> tuple[int, Any]:
        now = self._wall(arrival)
        self._publish_due(now)
        self._authenticate(request.headers.get("authorization"))
        if endpoint is None:
            if wrong_method:
                raise ApiError(405, codes.WRONG_METHOD, f"{method} is not allowed on {path}")
            raise ApiError(404, codes.UNKNOWN_PATH, f"Unknown endpoint: {method} {path}")
        state = self._state
        profile = state.primary
        header_key = request.headers.get("profile-key")
        from_header = bool(header_key) and not endpoint.account_level
        if from_header:
            found = state.profiles.get(header_key or "")
            if found is None:
                raise ApiError(
                    404,
                    codes.PROFILE_NOT_FOUND,
                    "No User Profile has this Profile-Key (deleted, or never created)",
                    action="authorization",
                )
            profile = found
        if state.primary.suspended or profile.suspended:
            raise ApiError(
                403,
                codes.SUSPENDED,
                "This User Profile is suspended: every call fails until it is reactivated",
                action="authorization",
            )
        self._rules.charge(profile, endpoint.operation, arrival, headers)
        profile.api_calls += 1
        profile.last_api_call = now
        call = Call(
            state,
            self._publisher,
            profile,
            from_header,
            params,
            Query(request.query_string),
            request.headers,
            request.body,
            now,
            self.webhooks,
        )
        return endpoint.handler(call)

    def _authenticate(self, authorization: str | None) -> None:
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), self._api_key.encode()
        ):
            raise ApiError(
                401,
                codes.AUTH,
                "API Key not valid: send 'Authorization: Bearer <API key of the Primary Profile>'",
                action="authorization",
            )

    def _render(
        self,
        request: WireRequest,
        outcome: _Outcome,
        status: int,
        body: Any,
        headers: dict[str, str],
        after: str | None,
    ) -> WireResponse:
        payload = dump_json(body)
        content_type = "application/json; charset=utf-8"
        if after == "invalid":
            payload, content_type = _NOT_JSON, "text/html; charset=utf-8"
        elif after == "truncated":
            payload = payload[: max(1, len(payload) // 2)]
        out = [("content-type", content_type), ("x-request-id", outcome.request_id)]
        out.extend(headers.items())
        if after != "drop_after" and len(payload) > COMPRESSION_THRESHOLD:
            coding = choose_encoding(request.headers.get("accept-encoding", ""))
            if coding is not None:
                payload = compress(payload, coding)
                out.append(("content-encoding", coding))
                out.append(("vary", "Accept-Encoding"))
        out.append(("content-length", str(len(payload))))
        return WireResponse(status, out, payload, "after" if after == "drop_after" else None)

    def _finish(self, outcome: _Outcome | None, arrival: float) -> None:
        finished = self.clock.now()
        with self._lock:
            self._in_flight -= 1
            if outcome is None:
                return
            response = outcome.response
            self._log.append(
                RequestRecord(
                    time=arrival,
                    finished=finished,
                    method=outcome.method,
                    path=outcome.path,
                    operation=outcome.operation,
                    status=None if response.drop == "before" else response.status,
                    request_id=outcome.request_id,
                    profile_key=outcome.profile_key,
                    fault=outcome.fault,
                )
            )

    def _wall(self, clock_time: float) -> datetime:
        return datetime.fromtimestamp(self._wall_origin + clock_time, timezone.utc)

    def _publish_due(self, now: datetime) -> None:
        for post in self._state.pop_due(now):
            self._publisher.publish(post, now)
            self.webhooks.post_processed(post, now)

    def __repr__(self) -> str:
        return (
            f"AyrshareEmulator(profiles={len(self._state.profiles)}, "
            f"posts={len(self._state.posts)}, requests={len(self._log)})"
        )


def _api_path(path: str) -> str:
    """The path below the base URL: ``/api/post/`` and ``/post`` both become ``/post``."""
    if path == "/api" or path.startswith("/api/"):
        path = path[4:]
    path = path.rstrip("/")
    return path or "/"
