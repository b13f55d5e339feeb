# pyright: strict
"""Fan-out results in user code: ``succeeded`` holds ``Success`` outcomes whose ``value`` is the
call's answer, and ``delete_many`` values are ``ProfileDeleted``."""

from __future__ import annotations

from typing_extensions import assert_type

from ayrshare_async import AsyncAyrshare, ProfileDeleted, Success
from ayrshare_async.models import PostCreateResponse, ProfileActionResponse


async def main(client: AsyncAyrshare, keys: list[str], platforms: list[str]) -> None:
    result = await client.fan_out(
        keys, lambda view: view.post.create(post="Open on Sunday", platforms=platforms)
    )
    for outcome in result.succeeded:
        assert_type(outcome, Success[PostCreateResponse])
        assert_type(outcome.value, PostCreateResponse)
        print(outcome.value.id)

    report = await client.profiles.delete_many(keys)
    for deleted in report.succeeded:
        assert_type(deleted.value, ProfileDeleted[ProfileActionResponse])
        if deleted.value.answer is not None:  # None: a retry found it deleted by a lost attempt
            print(deleted.value.answer.status)

    history = await client.history.list(platforms=platforms)
    print(len(history.history or []))
