"""What a test does to an emulator besides sending it requests: set up state (profiles, links,
native posts, comments, messages), look at it, and read what the server saw (the request log, the
rate windows). A mixin of ``AyrshareEmulator``; every method takes the emulator's lock."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._clock import Clock
from ._comments import add_incoming
from ._limits import WindowReport
from ._log import RecordFilter, RequestLog, RequestRecord
from ._messages import MESSAGE_PLATFORMS, receive
from ._platforms import HISTORY_PLATFORMS, PLATFORM_NAMES, canonical_platform
from ._posts import post_record
from ._rate_rules import RateRules
from ._state import Profile, State
from ._webhooks import EmulatorWebhooks

__all__ = ["EmulatorInspection", "platform_name"]


class EmulatorInspection:
    """Set-up and inspection helpers for tests (the emulator's state belongs to it)."""

    clock: Clock
    webhooks: EmulatorWebhooks
    _lock: threading.Lock
    _state: State
    _rules: RateRules
    _log: RequestLog
    _in_flight: int
    _max_in_flight: int

    if TYPE_CHECKING:

        def _wall(self, clock_time: float) -> datetime: ...

        def _publish_due(self, now: datetime) -> None: ...

    def now(self) -> datetime:
        """The emulated UTC time (moves with the clock): schedule posts relative to it."""
        return self._wall(self.clock.now())

    def create_profile(self, title: str, *, networks: Iterable[str] | None = None) -> str:
        """Create a user profile without a request; returns its profile key."""
        chosen = None if networks is None else [platform_name(n) for n in networks]
        with self._lock:
            profile = self._state.create_profile(title, self.now(), networks=chosen)
        assert profile.key is not None
        return profile.key

    def link(self, profile_key: str | None, networks: Iterable[str]) -> None:
        """Link networks to a profile (None: the primary profile), as its user would."""
        chosen = [platform_name(n) for n in networks]
        with self._lock:
            profile = self._profile(profile_key)
            before = dict(profile.linked)
            self._state.link(profile, chosen, self.now())
            self.webhooks.social_changes(profile, before, self.now())

    def unlink(self, profile_key: str | None, networks: Iterable[str]) -> None:
        chosen = [platform_name(n) for n in networks]
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
            self._rules.forgive(profile)

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
        network = platform_name(platform)
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
        network = platform_name(platform)
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
        network = platform_name(platform)
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
            return self._rules.report()

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


def platform_name(name: str) -> str:
    """The canonical name of a network (``x`` -> ``twitter``); ValueError for no network."""
    platform = canonical_platform(name)
    if platform is None:
        raise ValueError(f"not an Ayrshare platform: {name!r}")
    return platform
