"""The emulator's webhooks: events queued under the emulator's lock, sent over real HTTP outside
it, retried on the emulator's clock.

Events come from the state changes Ayrshare reports (a scheduled post processed, a network linked
or unlinked, a ``/user/batch`` file ready) and from ``trigger()`` for any other action. Each
becomes a delivery to the URL registered for its action, signed when it is sent (so a retry after a
rotation carries both signatures). ``deliver_due()`` sends every delivery whose time has come on
the emulator's clock: a test drives it together with ``clock.advance()``. ``start()`` does the
same from a background thread every ``poll_interval`` real seconds (the served emulator).
"""

from __future__ import annotations

import functools
import heapq
import ipaddress
import itertools
import logging
import random
import ssl
import string
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx

from ._state import LinkedAccount, Post, Profile, State
from ._webhook_policy import (
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    WebhookDelivery,
    WebhookPolicy,
)
from ._webhook_registry import WebhookRegistry, signature_headers
from ._wire import dump_json, format_time

__all__ = ["EmulatorWebhooks"]

log = logging.getLogger("ayrshare_async.testing")

_ID_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True, slots=True)
class _Job:
    """One attempt, prepared under the lock: everything the send needs."""

    delivery: Delivery
    number: int
    headers: tuple[tuple[str, str], ...]
    timeout: float
    started: float


class EmulatorWebhooks:
    """``emulator.webhooks``: registrations (through the API), deliveries and their log.

    ``policy`` (a :class:`WebhookPolicy`) may be replaced at any time; it applies from the next
    attempt on. Deliveries go only to loopback hosts unless the policy says otherwise.
    """

    def __init__(
        self,
        state: State,
        lock: threading.Lock,
        *,
        clock: Callable[[], float],
        wall: Callable[[float], datetime],
        tick: Callable[[datetime], None],
        rng: random.Random,
    ) -> None:
        self.policy = WebhookPolicy()
        self.registry = WebhookRegistry()
        self._state = state
        self._lock = lock
        self._clock = clock
        self._wall = wall
        self._tick = tick
        self._rng = rng
        self._deliveries: list[Delivery] = []
        self._queue: list[tuple[float, int, Delivery]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # -- events (the caller holds the emulator's lock) ----------------------------------------

    def emit(
        self, profile: Profile, action: str, fields: Mapping[str, Any], now: datetime
    ) -> Delivery | None:
        """Queue ``action``'s event about ``profile`` for the URL registered for it, if any."""
        target = self.registry.target(profile.ref_id, self._state.primary.ref_id, action)
        if target is None:
            return None
        owner, url = target
        payload: dict[str, Any] = {"action": action, **fields}
        payload.setdefault("refId", profile.ref_id)
        payload.setdefault("created", format_time(now))
        hook_id = payload.setdefault("hookId", self._new_id(20))
        delivery = Delivery(
            f"dlv_{self._new_id(16)}",
            str(hook_id),
            action,
            profile.ref_id,
            owner,
            url,
            dump_json(payload),
            self._clock(),
        )
        self._deliveries.append(delivery)
        self._push(delivery, delivery.created)
        return delivery

    def post_processed(self, post: Post, now: datetime) -> None:
        """A post was sent: ``scheduled`` when it was scheduled or retried (Ayrshare sends no
        webhook for an immediate post)."""
        if not (post.scheduled or post.retried):
            return
        success = post.status == "success"
        self.emit(
            post.profile,
            "scheduled",
            {
                "status": post.status,
                "code": 200 if success else 400,
                "id": post.id,
                "postIds": [dict(sent) for sent in post.post_ids],
                "errors": [dict(error) for error in post.errors],
            },
            now,
        )

    def social_changes(
        self, profile: Profile, before: Mapping[str, LinkedAccount], now: datetime
    ) -> None:
        """``social`` for every network linked or unlinked since ``before``."""
        changes = [("link", a) for p, a in profile.linked.items() if p not in before]
        changes += [("unlink", a) for p, a in before.items() if p not in profile.linked]
        for kind, account in changes:
            self.emit(
                profile,
                "social",
                {
                    "type": kind,
                    "platform": account.platform,
                    "source": "user",
                    "displayName": account.display_name,
                },
                now,
            )

    def batch_ready(self, profile: Profile, answer: Mapping[str, Any], now: datetime) -> None:
        """``GET /user/batch`` made a file: ``batch``."""
        fields = {k: answer[k] for k in ("url", "urlExpires", "lastUpdated") if k in answer}
        self.emit(profile, "batch", fields, now)

    # -- for tests ---------------------------------------------------------------------------

    def trigger(
        self,
        action: str,
        fields: Mapping[str, Any] | None = None,
        *,
        profile_key: str | None = None,
    ) -> WebhookDelivery | None:
        """Queue an event of any ``action`` (e.g. ``messages``) about a profile (None: the
        primary); ``fields`` go into its JSON (a ``hookId`` given there is kept). None when no URL
        is registered for the action."""
        with self._lock:
            profile = (
                self._state.primary
                if profile_key is None
                else self._state.profiles.get(profile_key)
            )
            if profile is None:
                raise KeyError("no live user profile has that profile key")
            delivery = self.emit(profile, action, dict(fields or {}), self._wall(self._clock()))
            return delivery.snapshot() if delivery is not None else None

    @property
    def deliveries(self) -> list[WebhookDelivery]:
        """Every delivery with its attempts, in the order the events happened."""
        with self._lock:
            return [delivery.snapshot() for delivery in self._deliveries]

    @property
    def attempts(self) -> list[DeliveryAttempt]:
        """Every attempt, in the order they finished."""
        with self._lock:
            done = [attempt for d in self._deliveries for attempt in d.attempts]
        return sorted(done, key=lambda attempt: attempt.finished)

    # -- sending -------------------------------------------------------------------------------

    async def deliver_due(self) -> list[DeliveryAttempt]:
        """Publish the scheduled posts that are due, then send every delivery whose time has
        come (concurrently) and wait for the answers; returns these attempts."""
        jobs = self._take_due()
        made: list[DeliveryAttempt] = []
        if jobs:
            async with _http_client() as client, anyio.create_task_group() as tg:
                for job in jobs:
                    tg.start_soon(self._send_into, client, job, made)
        return made

    def start(self, *, poll_interval: float = 0.05) -> None:
        """Deliver from a background thread until ``stop()`` (what the served emulator does)."""
        if not poll_interval > 0:
            raise ValueError(f"poll_interval must be seconds > 0, got {poll_interval!r}")
        if self._thread is not None:
            raise RuntimeError("the emulator's webhook delivery is already running")
        self._stopping.clear()
        self._thread = threading.Thread(
            target=anyio.run,
            args=(self._serve, poll_interval),
            name="ayrshare-emulator-webhooks",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the background thread; an attempt cut short is sent again later."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stopping.set()
            thread.join()

    @contextmanager
    def running(self, *, poll_interval: float = 0.05) -> Iterator[EmulatorWebhooks]:
        """``start()`` for the duration of a ``with`` block."""
        self.start(poll_interval=poll_interval)
        try:
            yield self
        finally:
            self.stop()

    async def _serve(self, poll_interval: float) -> None:
        async with _http_client() as client, anyio.create_task_group() as tg:
            while not self._stopping.is_set():
                try:
                    jobs = self._take_due()
                except Exception:
                    log.exception("the emulator's webhook delivery failed to prepare")
                    jobs = []
                for job in jobs:
                    tg.start_soon(self._send, client, job)
                await anyio.sleep(poll_interval)
            tg.cancel_scope.cancel()

    def _take_due(self) -> list[_Job]:
        with self._lock:
            now = self._clock()
            wall = self._wall(now)
            self._tick(wall)
            jobs: list[_Job] = []
            while self._queue and self._queue[0][0] <= now:
                _, _, delivery = heapq.heappop(self._queue)
                delivery.state = "sending"
                number = len(delivery.attempts) + 1
                headers = [
                    ("content-type", "application/json"),
                    ("user-agent", "ayrshare-emulator-webhooks"),
                    ("x-ayrshare-delivery-id", delivery.id),
                    ("x-ayrshare-delivery-attempt", str(number)),
                ]
                secrets = self.registry.secrets(delivery.owner_ref_id, wall)
                headers += signature_headers(delivery.body, secrets, int(wall.timestamp()))
                jobs.append(_Job(delivery, number, tuple(headers), self.policy.timeout, now))
            return jobs

    async def _send_into(
        self, client: httpx.AsyncClient, job: _Job, made: list[DeliveryAttempt]
    ) -> None:
        made.append(await self._send(client, job))

    async def _send(self, client: httpx.AsyncClient, job: _Job) -> DeliveryAttempt:
        url = job.delivery.url
        status: int | None = None
        error: str | None = None
        final = False
        if self.policy.loopback_only and not _is_loopback(url):
            error = "not sent: not a loopback host (WebhookPolicy(loopback_only=False) allows it)"
            final = True
        else:
            try:
                response = await client.post(
                    url, content=job.delivery.body, headers=list(job.headers), timeout=job.timeout
                )
                status = response.status_code
            except httpx.TimeoutException:
                error = f"timeout: no answer within {job.timeout:g} s"
            except httpx.TransportError as exc:
                error = f"{type(exc).__name__}: {exc}"
            except anyio.get_cancelled_exc_class():
                with self._lock:
                    self._push(job.delivery, self._clock())
                raise
            except Exception as exc:  # e.g. a URL httpx cannot send to: retrying cannot help
                error = f"not sent: {type(exc).__name__}: {exc}"
                final = True
        with self._lock:
            return self._record(job, status, error, final)

    def _record(
        self, job: _Job, status: int | None, error: str | None, final: bool
    ) -> DeliveryAttempt:
        delivery = job.delivery
        now = self._clock()
        delays = self.policy.retry_delays
        next_attempt: float | None = None
        if status is not None and 200 <= status < 300:
            delivery.state = "delivered"
        elif not final and self.policy.retried(status) and job.number <= len(delays):
            next_attempt = now + delays[job.number - 1]
            self._push(delivery, next_attempt)
        else:
            delivery.state = "failed"
        outcome: AttemptOutcome = "failed"
        if delivery.state == "delivered":
            outcome = "delivered"
        elif next_attempt is not None:
            outcome = "retry"
        attempt = DeliveryAttempt(
            delivery.id,
            job.number,
            delivery.url,
            job.started,
            now,
            status,
            error,
            outcome,
            next_attempt,
            job.headers,
        )
        delivery.attempts.append(attempt)
        return attempt

    def _push(self, delivery: Delivery, due: float) -> None:
        delivery.state = "pending"
        heapq.heappush(self._queue, (due, next(self._order), delivery))

    def _new_id(self, length: int) -> str:
        return "".join(self._rng.choices(_ID_ALPHABET, k=length))

    def __repr__(self) -> str:
        return f"EmulatorWebhooks(deliveries={len(self._deliveries)}, policy={self.policy!r})"


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Built once: building one per client costs tens of milliseconds."""
    return ssl.create_default_context()


def _http_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(follow_redirects=False, trust_env=False, verify=_ssl_context())


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
