# pyright: strict
"""Deliberate mistakes: each line marked ``# expect-error`` must be reported by both checkers."""

from __future__ import annotations

from ayrshare_async import AsyncAyrshare


async def main(client: AsyncAyrshare, keys: list[str]) -> None:
    result = await client.fan_out(keys, lambda view: view.post.create(post="x", platforms=["x"]))
    print(result.succeeded[0].value.nonexistent)  # expect-error
    created = await client.post.create(post="no platforms")  # expect-error
    print(created.idd)  # expect-error
    profile = await client.profiles.create(title=7)  # expect-error
    key: int = profile.profile_key  # expect-error
    print(key)
