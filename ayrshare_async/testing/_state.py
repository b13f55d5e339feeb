"""The emulator's in-memory model: the primary profile, user profiles, linked networks, posts,
auto-schedules, native (per-network) post history, comments, direct messages, short links and
feeds, with the indexes that keep every request O(1) or O(page) instead of a scan over
everything stored."""

from __future__ import annotations

import bisect
import heapq
import itertools
import random
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from . import _codes as codes
from ._platforms import PLATFORMS, social_post
from ._records import Comment, Conversation, Feed, ShortLink
from ._wire import ApiError

__all__ = ["AutoSchedule", "LinkedAccount", "NativePost", "Post", "Profile", "State", "handle"]

PRIMARY_TITLE = "Primary Profile"
_KEY_ALPHABET = string.ascii_uppercase + string.digits
_ID_ALPHABET = string.ascii_letters + string.digits


def handle(title: str) -> str:
    """A username made from a profile title (letters and digits, lower case)."""
    return re.sub(r"[^a-z0-9]+", "", title.lower())[:20] or "emulated"


@dataclass(slots=True, eq=False)
class LinkedAccount:
    """One social network account linked to a profile."""

    platform: str
    account_id: str
    username: str
    display_name: str
    created: datetime
    listing: dict[str, Any] | None = field(default=None, repr=False)
    """The unchanging part of its ``GET /user`` entry, built on first use."""


@dataclass(slots=True, eq=False)
class NativePost:
    """A post as the network lists it (``GET /history/{platform}``), oldest first by ``seq``.
    ``media`` is ``"image"``, ``"video"`` or None; ``options`` the post's options for this network
    (e.g. ``youTubeOptions``); ``post_id`` the Ayrshare post it came from (None: made outside)."""

    seq: int
    id: str
    text: str
    url: str
    created: datetime
    deleted: bool = False
    media: str | None = None
    options: dict[str, Any] = field(default_factory=dict, repr=False)
    post_id: str | None = None
    comments: list[Comment] = field(default_factory=list, repr=False)

    def live_comments(self) -> list[Comment]:
        return [c for c in self.comments if not c.deleted]


@dataclass(slots=True, eq=False)
class AutoSchedule:
    """A named posting schedule: UTC times of day on some weekdays (0 = Sunday)."""

    title: str
    times: list[tuple[int, int]]
    days_of_week: list[int]
    exclude_dates: list[str]
    start: datetime | None


@dataclass(slots=True, eq=False)
class Profile:
    """The primary profile (``key`` None) or a user profile. ``key`` is a secret: never shown."""

    key: str | None = field(repr=False)
    ref_id: str
    title: str
    created: datetime
    seq: int
    settings: dict[str, Any] = field(default_factory=dict)
    linked: dict[str, LinkedAccount] = field(default_factory=dict)
    suspended: bool = False
    deleted: bool = False
    posts: dict[str, Post] = field(default_factory=dict, repr=False)
    idempotency_keys: set[str] = field(default_factory=set, repr=False)
    schedules: dict[str, AutoSchedule] = field(default_factory=dict, repr=False)
    last_slots: dict[str, datetime] = field(default_factory=dict, repr=False)
    native: dict[str, list[NativePost]] = field(default_factory=dict, repr=False)
    native_by_id: dict[tuple[str, str], NativePost] = field(default_factory=dict, repr=False)
    recent_texts: dict[tuple[str, str], datetime] = field(default_factory=dict, repr=False)
    comments: dict[str, dict[str, Comment]] = field(default_factory=dict, repr=False)
    """Comments sent through the API: Ayrshare comment id -> network -> comment."""
    social_comments: dict[tuple[str, str], Comment] = field(default_factory=dict, repr=False)
    """Every comment on the profile's posts by (network, the network's comment id)."""
    conversations: dict[str, dict[str, Conversation]] = field(default_factory=dict, repr=False)
    """Direct-message conversations: network -> conversation id -> conversation."""
    links: dict[str, ShortLink] = field(default_factory=dict, repr=False)
    """Short links by the URL and UTM tags they were made from."""
    feeds: dict[str, Feed] = field(default_factory=dict, repr=False)
    api_calls: int = 0
    post_count: int = 0
    last_api_call: datetime | None = None

    @property
    def is_primary(self) -> bool:
        return self.key is None

    def active_networks(self) -> list[str]:
        return [p for p in PLATFORMS if p in self.linked]

    def instagram_quota(self, now: datetime) -> int:
        """Instagram posts in the last 24 h (Instagram's cap is 50): its ``usedQuota``."""
        since = now - timedelta(hours=24)
        count = 0
        for native in reversed(self.native.get("instagram", ())):
            if native.created <= since:
                break
            count += 1
        return count

    def native_post(self, platform: str, native_id: str) -> NativePost | None:
        """The network's post with that id (not deleted), or None."""
        native = self.native_by_id.get((platform, native_id))
        return native if native is not None and not native.deleted else None


@dataclass(slots=True, eq=False)
class Post:
    """A post sent through Ayrshare. ``body`` is the request as received (echoed on reads)."""

    id: str
    profile: Profile = field(repr=False)
    text: str | dict[str, str]
    platforms: list[str]
    created: datetime
    body: dict[str, Any] = field(repr=False)
    status: str = "pending"
    scheduled: bool = False
    schedule_date: datetime | None = None
    post_ids: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    notes: str | None = None
    requires_approval: bool = False
    approved: bool = False
    idempotency_key: str | None = field(default=None, repr=False)
    auto_schedule_title: str | None = None
    x_credentials: bool = False
    retried: bool = False
    retrying: bool = False
    version: int = 0
    natives: dict[str, NativePost] = field(default_factory=dict, repr=False)

    def text_for(self, platform: str) -> str:
        if isinstance(self.text, str):
            return self.text
        return self.text.get(platform, self.text.get("default", ""))

    def media_for(self, platform: str) -> list[str]:
        """The post's media URLs for ``platform`` (``mediaUrl`` is the older name of the field)."""
        media = self.body.get("mediaUrls", self.body.get("mediaUrl"))
        if isinstance(media, dict):
            chosen = media.get(platform, media.get("default"))
            media = [chosen] if isinstance(chosen, str) else chosen
        if isinstance(media, str):
            return [media]
        return [m for m in media if isinstance(m, str)] if isinstance(media, list) else []


class State:
    """Everything the emulator stores, and the operations that keep its indexes in step."""

    def __init__(
        self, *, rng: random.Random, default_networks: Iterable[str], now: datetime
    ) -> None:
        self.rng = rng
        self.default_networks = tuple(default_networks)
        self._seq = itertools.count(1)
        self._tiebreak = itertools.count()
        self.primary = Profile(None, self._hex(40), PRIMARY_TITLE, now, 0)
        self.link(self.primary, self.default_networks, now)
        self.profiles: dict[str, Profile] = {}
        self.titles: dict[str, Profile] = {}
        self.ref_ids: dict[str, Profile] = {self.primary.ref_id: self.primary}
        self._order: list[Profile] = []
        self._order_seqs: list[int] = []
        self._removed_from_order = 0
        self.posts: dict[str, Post] = {}
        self._due: list[tuple[float, int, str, int]] = []
        self.random_post_counter = itertools.count(1)

    # -- identifiers ----------------------------------------------------------------------------

    def _hex(self, n: int) -> str:
        return "".join(self.rng.choices("0123456789abcdef", k=n))

    def new_profile_key(self) -> str:
        while True:
            key = "-".join("".join(self.rng.choices(_KEY_ALPHABET, k=7)) for _ in range(4))
            if key not in self.profiles:
                return key

    def new_post_id(self) -> str:
        while True:
            post_id = "".join(self.rng.choices(_ID_ALPHABET, k=20))
            if post_id not in self.posts:
                return post_id

    # -- profiles -------------------------------------------------------------------------------

    def create_profile(
        self,
        title: str,
        now: datetime,
        settings: dict[str, Any] | None = None,
        networks: Iterable[str] | None = None,
    ) -> Profile:
        if title in self.titles:
            raise ApiError(
                400,
                codes.TITLE_EXISTS,
                "A User Profile with this title already exists",
                action="profile",
            )
        profile = Profile(self.new_profile_key(), self._hex(40), title, now, next(self._seq))
        profile.settings.update(settings or {})
        disabled = set(profile.settings.get("disableSocial") or ())
        chosen = self.default_networks if networks is None else tuple(networks)
        self.link(profile, [n for n in chosen if n not in disabled], now)
        assert profile.key is not None
        self.profiles[profile.key] = profile
        self.titles[title] = profile
        self.ref_ids[profile.ref_id] = profile
        self._order.append(profile)
        self._order_seqs.append(profile.seq)
        return profile

    def rename_profile(self, profile: Profile, title: str) -> None:
        if title == profile.title:
            return
        if title in self.titles:
            raise ApiError(
                400,
                codes.TITLE_EXISTS,
                "A User Profile with this title already exists",
                action="profile",
            )
        del self.titles[profile.title]
        profile.title = title
        self.titles[title] = profile

    def delete_profile(self, profile: Profile) -> None:
        """Remove a user profile and every post it made (irreversible, as in the API)."""
        assert profile.key is not None
        profile.deleted = True
        del self.profiles[profile.key]
        del self.titles[profile.title]
        del self.ref_ids[profile.ref_id]
        for post_id in profile.posts:
            self.posts.pop(post_id, None)
        profile.posts.clear()
        self._removed_from_order += 1
        if self._removed_from_order > 1024 and self._removed_from_order * 2 > len(self._order):
            self._order = [p for p in self._order if not p.deleted]
            self._order_seqs = [p.seq for p in self._order]
            self._removed_from_order = 0

    def profiles_after(self, seq: int) -> Iterator[Profile]:
        """Live user profiles created after the one numbered ``seq``, oldest first."""
        start = bisect.bisect_right(self._order_seqs, seq)
        for profile in itertools.islice(self._order, start, None):
            if not profile.deleted:
                yield profile

    def link(self, profile: Profile, platforms: Iterable[str], now: datetime) -> None:
        name = handle(profile.title)
        for platform in platforms:
            if platform in profile.linked:
                continue
            account_id = str(self.rng.randint(10**11, 10**12 - 1))
            username = f"{name}.bsky.social" if platform == "bluesky" else name
            profile.linked[platform] = LinkedAccount(
                platform, account_id, username, profile.title, now
            )

    # -- posts ----------------------------------------------------------------------------------

    def add_post(self, post: Post) -> None:
        self.posts[post.id] = post
        post.profile.posts[post.id] = post
        if post.idempotency_key is not None:
            post.profile.idempotency_keys.add(post.idempotency_key)

    def schedule(self, post: Post, when: datetime) -> None:
        """Queue ``post`` to be processed at ``when``; any earlier queue entry becomes stale."""
        post.version += 1
        heapq.heappush(self._due, (when.timestamp(), next(self._tiebreak), post.id, post.version))

    def unschedule(self, post: Post) -> None:
        post.version += 1

    def pop_due(self, now: datetime) -> list[Post]:
        """Queued posts whose time has come, in time order (stale entries skipped)."""
        due: list[Post] = []
        horizon = now.timestamp()
        while self._due and self._due[0][0] <= horizon:
            _, _, post_id, version = heapq.heappop(self._due)
            post = self.posts.get(post_id)
            if post is not None and post.version == version and post.status == "pending":
                due.append(post)
        return due

    def add_native_post(
        self,
        profile: Profile,
        platform: str,
        text: str,
        created: datetime,
        *,
        media: str | None = None,
        options: dict[str, Any] | None = None,
        post_id: str | None = None,
    ) -> NativePost:
        account = profile.linked[platform]
        native_id, url = social_post(platform, account.account_id, account.username, self.rng)
        native = NativePost(
            next(self._seq), native_id, text, url, created, media=media, post_id=post_id
        )
        native.options.update(options or {})
        profile.native.setdefault(platform, []).append(native)
        profile.native_by_id[(platform, native_id)] = native
        return native

    # -- auto-schedule --------------------------------------------------------------------------

    def next_slot(self, profile: Profile, title: str, now: datetime) -> datetime:
        """The next free slot of a schedule: after ``now``, after the last slot handed out (a
        deleted post does not give its slot back), and not before the schedule's start date."""
        schedule = profile.schedules.get(title)
        if schedule is None:
            raise ApiError(
                400, codes.NO_SCHEDULE, f"No auto schedule titled {title!r} is set", action="post"
            )
        if not schedule.times:
            raise ApiError(
                400,
                codes.NO_SCHEDULE,
                f"Auto schedule {title!r} has no posting times",
                action="post",
            )
        after = max(now, profile.last_slots.get(title, now))
        not_before = schedule.start or after
        day: date = max(after, not_before).date()
        excluded = set(schedule.exclude_dates)
        for _ in range(800):
            if (day.weekday() + 1) % 7 in schedule.days_of_week and day.isoformat() not in excluded:
                for hour, minute in schedule.times:
                    slot = datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc)
                    if slot > after and slot >= not_before:
                        profile.last_slots[title] = slot
                        return slot
            day += timedelta(days=1)
        raise ApiError(
            400, codes.NO_SCHEDULE, f"Auto schedule {title!r} has no free slot", action="post"
        )
