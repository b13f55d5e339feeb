"""``AyrshareEmulator``: the request pipeline around the state model.

Every request goes the same way, whatever carried it: injected faults, then auth, Profile-Key,
suspension, the per-profile rate limit and the profile-delete limit, then the route's handler, then
rendering (error envelope, rate-limit headers, compression, corruption). State changes happen under
one lock and never wait, so the emulator can serve an in-process transport and a uvicorn thread at
the same time; only injected latency sleeps (with ``anyio.sleep``, outside the lock).
"""

from __future__ import annotations

import hmac
import itertools
import logging
import math
import random
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import anyio

from . import _codes as codes
from ._asgi import EmulatorASGIApp
from ._call import Call, Endpoint
from ._clock import Clock, MonotonicClock
from ._comments import add_incoming
from ._faults import Faults
from ._limits import SlidingWindow, WindowReport
from ._log import RecordFilter, RequestLog, RequestRecord
from ._messages import MESSAGE_PLATFORMS, receive
from ._platforms import HISTORY_PLATFORMS, PLATFORM_NAMES, canonical_platform
from ._posts import post_record
from ._publishing import Publisher
from ._routes import build_router
from ._state import Profile, State
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

VIOLATION_WINDOW = 24 * 3600.0

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


class AyrshareEmulator:
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
        networks = [_platform(n) for n in default_networks]
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
        self._rate_limit = rate_limit
        self._rate_window = rate_window
        self._windows: dict[str, SlidingWindow] = {}
        self._window_names: dict[str, str] = {}
        self._delete_window = (
            SlidingWindow(delete_rate, delete_window) if delete_rate is not None else None
        )
        self._suspend_after = suspend_after
        self._violations: dict[str, deque[float]] = {}
        self._retry_after_on_429 = retry_after_on_429
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
            if outcome.delay > 0:
                await anyio.sleep(outcome.delay)
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
                    headers=_retry_after_headers(decision.retry_after),
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
        self._check_rate_limit(profile, arrival, headers)
        if endpoint.operation == "profiles.delete" and self._delete_window is not None:
            verdict = self._delete_window.hit(arrival)
            if not verdict.allowed:
                self._release_rate_limit(profile, headers)
                limit, window = self._delete_window.limit, self._delete_window.window
                raise ApiError(
                    429,
                    codes.DELETE_RATE,
                    f"Too many User Profile deletes: at most {limit} per {window:g} s",
                    action="profile",
                    headers=_retry_after_headers(verdict.retry_after)
                    if self._retry_after_on_429
                    else None,
                )
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

    def _check_rate_limit(self, profile: Profile, arrival: float, headers: dict[str, str]) -> None:
        if self._rate_limit is None:
            return
        window = self._windows.get(profile.ref_id)
        if window is None:
            window = self._windows[profile.ref_id] = SlidingWindow(
                self._rate_limit, self._rate_window
            )
            self._window_names[profile.ref_id] = f"profile:{profile.key or 'primary'}"
        verdict = window.hit(arrival)
        headers["x-ratelimit-max"] = str(self._rate_limit)
        headers["x-ratelimit-count"] = str(verdict.count)
        if verdict.allowed:
            return
        self._count_violation(profile, arrival)
        raise ApiError(
            429,
            codes.RATE_LIMIT,
            f"Rate limit exceeded: {self._rate_limit} requests per {self._rate_window:g} s for "
            "this profile",
            action="rateLimit",
            headers=_retry_after_headers(verdict.retry_after) if self._retry_after_on_429 else None,
        )

    def _release_rate_limit(self, profile: Profile, headers: dict[str, str]) -> None:
        """Undo this request's use of the profile's allowance (another limit refused it)."""
        window = self._windows.get(profile.ref_id)
        if window is not None:
            window.release()
            headers["x-ratelimit-count"] = str(int(headers["x-ratelimit-count"]) - 1)

    def _count_violation(self, profile: Profile, arrival: float) -> None:
        if self._suspend_after is None:
            return
        violations = self._violations.setdefault(profile.ref_id, deque())
        violations.append(arrival)
        while violations[0] <= arrival - VIOLATION_WINDOW:
            violations.popleft()
        if len(violations) >= self._suspend_after:
            profile.suspended = True

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

    # -- state helpers for tests -------------------------------------------------------------

    def now(self) -> datetime:
        """The emulated UTC time (moves with the clock): schedule posts relative to it."""
        return self._wall(self.clock.now())

    def create_profile(self, title: str, *, networks: Iterable[str] | None = None) -> str:
        """Create a user profile without a request; returns its profile key."""
        chosen = None if networks is None else [_platform(n) for n in networks]
        with self._lock:
            profile = self._state.create_profile(title, self.now(), networks=chosen)
        assert profile.key is not None
        return profile.key

    def link(self, profile_key: str | None, networks: Iterable[str]) -> None:
        """Link networks to a profile (None: the primary profile), as its user would."""
        chosen = [_platform(n) for n in networks]
        with self._lock:
            profile = self._profile(profile_key)
            before = dict(profile.linked)
            self._state.link(profile, chosen, self.now())
            self.webhooks.social_changes(profile, before, self.now())

    def unlink(self, profile_key: str | None, networks: Iterable[str]) -> None:
        chosen = [_platform(n) for n in networks]
        with self._lock:
            profile = self._profile(profile_key)
            before = dict(profile.linked)
            for network in chosen:
                profile.linked.pop(network, None)
            self.webhooks.social_changes(profile, before, self.now())

    def suspend(self, profile_key: str | None = None) -> None:
        """Suspend a profile: its calls get 403. Suspending the primary suspends everyone."""
        with self._lock:
            self._profile(profile_key).suspended = True

    def unsuspend(self, profile_key: str | None = None) -> None:
        with self._lock:
            profile = self._profile(profile_key)
            profile.suspended = False
            self._violations.pop(profile.ref_id, None)

    def is_suspended(self, profile_key: str | None = None) -> bool:
        with self._lock:
            return self._profile(profile_key).suspended

    def profile_keys(self) -> list[str]:
        """Keys of the live user profiles, oldest first."""
        with self._lock:
            return [p.key for p in self._state.profiles_after(0) if p.key is not None]

    def linked_networks(self, profile_key: str | None = None) -> list[str]:
        with self._lock:
            return self._profile(profile_key).active_networks()

    def get_post(self, post_id: str) -> dict[str, Any] | None:
        """A post as ``GET /post/{id}`` shows it (scheduled posts that are due get published)."""
        with self._lock:
            self._publish_due(self.now())
            post = self._state.posts.get(post_id)
            return post_record(post) if post is not None else None

    def posts(self, profile_key: str | None = None) -> list[dict[str, Any]]:
        """Every post of a profile (deleted ones included), oldest first."""
        with self._lock:
            self._publish_due(self.now())
            return [post_record(p) for p in self._profile(profile_key).posts.values()]

    def add_native_posts(
        self, profile_key: str | None, platform: str, count: int = 1, *, text: str = "Native post"
    ) -> list[str]:
        """Add posts made outside Ayrshare to a linked network's history (for paging through
        ``GET /history/{platform}``); returns their native ids."""
        network = _platform(platform)
        if network not in HISTORY_PLATFORMS:
            raise ValueError(f"{PLATFORM_NAMES[network]} has no per-platform history")
        with self._lock:
            profile = self._profile(profile_key)
            if network not in profile.linked:
                raise ValueError(f"{PLATFORM_NAMES[network]} is not linked to that profile")
            now = self.now()
            return [
                self._state.add_native_post(profile, network, f"{text} {n}", now).id
                for n in range(1, count + 1)
            ]

    def add_comment(
        self,
        profile_key: str | None,
        platform: str,
        post_id: str,
        text: str,
        *,
        author: str = "a.follower",
    ) -> str:
        """Someone else comments on a network's post (``post_id``: the network's own id, as in
        ``postIds[].id``); returns the network's comment id, to reply to with
        ``searchPlatformId``."""
        network = _platform(platform)
        with self._lock:
            profile = self._profile(profile_key)
            native = profile.native_post(network, post_id)
            if native is None:
                raise ValueError(f"no live {PLATFORM_NAMES[network]} post has that id")
            rng = self._state.rng
            return add_incoming(profile, network, native, text, author, self.now(), rng).social_id

    def receive_message(
        self,
        profile_key: str | None,
        platform: str,
        sender_id: str,
        text: str,
        *,
        sender_name: str | None = None,
    ) -> str:
        """A direct message from ``sender_id`` arrives (facebook, instagram or twitter); returns
        the message id. It opens a conversation when there is none with that sender."""
        network = _platform(platform)
        if network not in MESSAGE_PLATFORMS:
            raise ValueError(f"{PLATFORM_NAMES[network]} has no direct messages")
        with self._lock:
            profile = self._profile(profile_key)
            if network not in profile.linked:
                raise ValueError(f"{PLATFORM_NAMES[network]} is not linked to that profile")
            now, rng = self.now(), self._state.rng
            return receive(profile, network, sender_id, text, now, rng, sender_name).id

    def _profile(self, profile_key: str | None) -> Profile:
        if profile_key is None:
            return self._state.primary
        found = self._state.profiles.get(profile_key)
        if found is None:
            raise KeyError("no live user profile has that profile key")
        return found

    # -- what the server saw -----------------------------------------------------------------

    @property
    def log(self) -> RequestLog:
        """The request log (``select()``, ``max_in_window()``...)."""
        return self._log

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of the request log, in completion order."""
        return self._log.snapshot()

    def max_in_window(self, route: str | RecordFilter | None, window: float = 1.0) -> int:
        """Most arrivals matching ``route`` in any ``window`` seconds (see ``RequestLog``)."""
        return self._log.max_in_window(route, window)

    def limit_report(self) -> dict[str, WindowReport]:
        """Per rate window, what it saw: ``"deletes"`` (the account's delete ceiling) and
        ``"profile:<profile key>"`` / ``"profile:primary"`` (each profile's budget)."""
        with self._lock:
            report = {self._window_names[ref]: w.report() for ref, w in self._windows.items()}
            if self._delete_window is not None:
                report["deletes"] = self._delete_window.report()
            return report

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @property
    def max_in_flight(self) -> int:
        """The most requests the emulator was handling at the same time."""
        return self._max_in_flight

    def reset_log(self) -> None:
        """Forget logged requests and the in-flight peak (state and limits stay)."""
        with self._lock:
            self._log.clear()
            self._max_in_flight = self._in_flight

    def __repr__(self) -> str:
        return (
            f"AyrshareEmulator(profiles={len(self._state.profiles)}, "
            f"posts={len(self._state.posts)}, requests={len(self._log)})"
        )


def _platform(name: str) -> str:
    platform = canonical_platform(name)
    if platform is None:
        raise ValueError(f"not an Ayrshare platform: {name!r}")
    return platform


def _api_path(path: str) -> str:
    """The path below the base URL: ``/api/post/`` and ``/post`` both become ``/post``."""
    if path == "/api" or path.startswith("/api/"):
        path = path[4:]
    path = path.rstrip("/")
    return path or "/"


def _retry_after_headers(seconds: float | None) -> dict[str, str]:
    """``Retry-After`` in whole seconds, plus ``retry-after-ms`` when the wait is fractional."""
    if seconds is None:
        return {}
    headers = {"retry-after": str(math.ceil(seconds))}
    if seconds != math.ceil(seconds):
        headers["retry-after-ms"] = str(round(seconds * 1000))
    return headers
