# pyright: strict
"""Typical user code: a script that reads its settings as plain strings and calls 14 endpoints.

tests/test_typing.py type-checks this file with ``mypy --strict`` and ``pyright --strict`` (no
error may come from the SDK's types) and runs it against the emulator.
"""

from __future__ import annotations

import datetime as dt
import json

from typing_extensions import assert_type

from ayrshare_async import APIResponse, AsyncAyrshare, FanOutResult, RateLimitError
from ayrshare_async.models import (
    Feed,
    FeedListResponse,
    HistoryListResponse,
    PostActionResponse,
    PostCreateResponse,
    PostRecord,
    ProfileActionResponse,
    ProfileCreateResponse,
    ProfileSummary,
    UserDetails,
    ValidateResponse,
)

SETTINGS = json.loads('{"platforms": ["facebook", "linkedin"], "title": "Acme Bakery"}')
platforms: list[str] = SETTINGS["platforms"]  # a config file gives plain strings
title: str = SETTINGS["title"]


async def main(client: AsyncAyrshare) -> None:
    user = await client.user.get()
    assert_type(user, UserDetails)
    assert_type(user.ref_id, str)
    linked: list[str] = user.active_social_accounts or []

    profile = await client.profiles.create(title=title, disable_social=("tiktok",))
    assert_type(profile, ProfileCreateResponse)
    assert_type(profile.profile_key, str)  # always in the answer: no None check needed
    scoped = client.with_profile(profile.profile_key)

    checked = await scoped.validate.post(post="Fresh bread at 7", platforms=platforms)
    assert_type(checked, ValidateResponse)
    assert_type(checked.status, str)

    stamp = dt.datetime.now(dt.timezone.utc).isoformat()
    created = await scoped.post.create(post=f"Fresh bread at 7 ({stamp})", platforms=platforms)
    assert_type(created, PostCreateResponse)
    assert_type(created.id, str)
    published = [result.platform for result in created.succeeded]
    assert_type(published, list[str | None])

    record = await scoped.post.get(created.id)
    assert_type(record, PostRecord)
    tomorrow = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
    later = await scoped.post.create(
        post=f"Tomorrow ({stamp})", platforms=platforms[:1], schedule_date=tomorrow
    )
    changed = await scoped.post.update(id=later.id, notes="checked")
    assert_type(changed, PostActionResponse)

    history = await scoped.history.list(limit=10)
    assert_type(history, HistoryListResponse)

    feeds = await scoped.feed.list()
    assert_type(feeds, FeedListResponse)
    assert_type(feeds.feeds, list[Feed])

    titles: list[str] = []
    async for summary in client.profiles.iter(includes_active_social_accounts=linked[:1] or None):
        assert_type(summary, ProfileSummary)
        titles.append(summary.title)

    raw = await client.with_raw_response.user.get()
    assert_type(raw, APIResponse[UserDetails])
    assert_type(raw.parsed, UserDetails)

    result = await client.fan_out([profile.profile_key], lambda view: view.user.get())
    assert_type(result, FanOutResult[UserDetails])
    assert len(result) == 1 and not result.failed

    try:
        gone = await scoped.profiles.delete()
    except RateLimitError as exc:
        assert_type(exc.retry_after, float | None)
        raise
    assert_type(gone, ProfileActionResponse)
    assert_type(gone.ref_id, str)
    print(f"{len(published)} networks; {len(titles)} profiles; deleted {gone.ref_id[:4]}…")
