# pyright: strict
"""Expectations that hold once the pipeline issue lands (``Outcome`` typing in ``_fanout.py``).

Each line marked ``# pending: <what>`` is reported by the checkers today; tests/test_typing.py
fails as soon as one of them stops being reported, so the marker is removed when the fix lands.
"""

from __future__ import annotations

from typing_extensions import assert_type

from ayrshare_async import AsyncAyrshare, Outcome
from ayrshare_async.models import PostCreateResponse, ProfileActionResponse


async def main(client: AsyncAyrshare, keys: list[str], platforms: list[str]) -> None:
    result = await client.fan_out(
        keys, lambda view: view.post.create(post="Open on Sunday", platforms=platforms)
    )
    for outcome in result.succeeded:
        assert_type(outcome, Outcome[PostCreateResponse])
        assert_type(outcome.value, PostCreateResponse)  # pending: Outcome.value is T in succeeded
        print(outcome.value.id)  # pending: Outcome.value is T in succeeded

    report = await client.profiles.delete_many(keys)
    for deleted in report.succeeded:
        assert_type(deleted.value, ProfileActionResponse)  # pending: delete_many values not None

    history = await client.history.list(platforms=platforms)  # pending: history.py input types
    print(len(history.history or []))
