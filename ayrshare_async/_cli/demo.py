"""``ayrshare demo``: the SDK's batch features end to end, with a report.

Against the embedded emulator (in-process, or on 127.0.0.1 with ``--serve``) it creates profiles,
posts to each through ``fan_out``, reads their history, deletes them with the throttled
``profiles.delete_many`` and prints what happened. ``--live`` makes read-only calls (``user``,
``history``) against the real API with ``AYRSHARE_API_KEY``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
import attrs

from .._client import AsyncAyrshare
from .._outcomes import FanOutResult, Outcome
from .._response import APIResponse

T = TypeVar("T")
U = TypeVar("U")


@attrs.define
class Tally:
    """What the demo's calls did, as the client saw them."""

    calls: int = 0
    retries: int = 0
    errors: int = 0
    slowest: float = 0.0
    slowest_name: str = ""

    def record(self, name: str, response: APIResponse[Any]) -> None:
        self.calls += 1
        self.retries += response.retries_taken
        if response.elapsed > self.slowest:
            self.slowest, self.slowest_name = response.elapsed, name

    def add_fan_out(self, result: FanOutResult[Any]) -> None:
        """Failed fan-out calls still count as calls (their retries are on the exception)."""
        for outcome in result:
            if not outcome.ok:
                self.calls += 1
                self.errors += 1
                self.retries += getattr(outcome.error, "retries_taken", 0)


async def _both(
    first: Callable[[], Awaitable[T]], second: Callable[[], Awaitable[U]]
) -> tuple[T, U]:
    """Run two coroutines concurrently and return both results."""
    results: dict[int, Any] = {}

    async def keep(index: int, run: Callable[[], Awaitable[Any]]) -> None:
        results[index] = await run()

    async with anyio.create_task_group() as group:
        group.start_soon(keep, 0, first)
        group.start_soon(keep, 1, second)
    return results[0], results[1]


async def _timed(tally: Tally, name: str, call: Awaitable[APIResponse[T]]) -> T:
    response = await call
    tally.record(name, response)
    return response.parsed


async def run_emulated(profiles: int, *, serve: bool, latency: float) -> int:
    from ..testing import AyrshareEmulator, serve_in_thread

    emulator = AyrshareEmulator(seed=7)
    if latency:
        emulator.faults.latency((latency / 2, latency * 1.5))
    # A few transient failures, so the report shows retries doing their job.
    emulator.faults.fail_next(3, status=503, route="POST /post")
    emulator.faults.error_rate(0.05, status=502, route="GET /history")

    with contextlib.ExitStack() as stack:
        if serve:
            base_url = stack.enter_context(serve_in_thread(emulator))
            client = AsyncAyrshare(emulator.api_key, base_url=base_url)
            where = f"emulator served on {base_url}"
        else:
            client = AsyncAyrshare(
                emulator.api_key,
                base_url="https://api.ayrshare.com/api",
                transport=emulator.transport(),
            )
            where = "in-process emulator (no sockets)"
        print(f"ayrshare_async demo: {profiles} profiles against the {where}")
        async with client:
            code = await _demo(client, emulator, profiles)
    return code


async def _demo(client: AsyncAyrshare, emulator: Any, count: int) -> int:
    tally = Tally()
    started = time.monotonic()
    raw = client.with_raw_response

    user = await _timed(tally, "user.get", raw.user.get())
    print(
        f"  user: {user.title or 'primary'}; linked: {', '.join(user.active_social_accounts or [])}"
    )

    keys: list[str] = []
    limiter = anyio.CapacityLimiter(32)

    async def create(i: int) -> None:
        async with limiter:
            made = await _timed(
                tally, "profiles.create", raw.profiles.create(title=f"demo-{i:04d}")
            )
            if made.profile_key:
                keys.append(made.profile_key)

    step = time.monotonic()
    async with anyio.create_task_group() as tg:
        for i in range(count):
            tg.start_soon(create, i)
    print(f"  created {len(keys)} profiles in {time.monotonic() - step:.2f}s")

    step = time.monotonic()
    posted = await client.fan_out(
        keys,
        lambda c: _timed(
            tally,
            "post.create",
            c.with_raw_response.post.create(
                post="Hello from ayrshare_async", platforms=["facebook", "linkedin"]
            ),
        ),
        concurrency=32,
    )
    tally.add_fan_out(posted)
    print(
        f"  fan-out post: {len(posted.succeeded)} ok, {len(posted.failed)} failed in {time.monotonic() - step:.2f}s"
    )

    # Each profile is deleted as soon as its history is read: the paced deletes (under 8/s) are
    # the long pole, so the reads run while they wait. delete_many takes an async key source.
    step = time.monotonic()
    read_keys, keys_to_delete = anyio.create_memory_object_stream[str](max_buffer_size=len(keys))

    def read(done: int, total: int | None, outcome: Outcome[Any]) -> None:
        read_keys.send_nowait(outcome.profile_key)

    async def read_history() -> FanOutResult[Any]:
        with read_keys:
            return await client.fan_out(
                keys,
                lambda c: _timed(tally, "history.list", c.with_raw_response.history.list(limit=10)),
                concurrency=32,
                progress=read,
            )

    async def delete_all() -> FanOutResult[Any]:
        with keys_to_delete:
            return await client.profiles.delete_many(keys_to_delete)

    history, deleted = await _both(read_history, delete_all)
    took = time.monotonic() - step
    tally.add_fan_out(history)
    items = sum(len(o.value.history or []) for o in history.succeeded if o.value is not None)
    print(f"  fan-out history: {len(history.succeeded)} ok, {items} posts read")
    tally.calls += len(deleted)
    tally.errors += len(deleted.failed)
    # delete_many's outcomes carry no retry count: the emulator's log has every attempt.
    tally.retries += len(emulator.log.select("DELETE /profiles")) - len(deleted)
    rate = len(deleted) / took if took else float("inf")
    window = emulator.max_in_window("DELETE /profiles", 1.0)
    print(
        f"  delete_many: {len(deleted.succeeded)} deleted, {len(deleted.failed)} failed in {took:.2f}s "
        f"({rate:.2f}/s achieved; at most {window} deletes in any 1 s window, limit 8)"
    )

    wall = time.monotonic() - started
    seen = len(emulator.log)
    print()
    print("report")
    print(f"  calls            {tally.calls}")
    print(
        f"  retries          {tally.retries}  (requests the emulator saw: {seen} = calls + retries)"
    )
    print(f"  errors           {tally.errors}")
    print(f"  wall time        {wall:.2f}s")
    print(f"  slowest call     {tally.slowest * 1000:.0f} ms ({tally.slowest_name})")
    print(f"  delete rate      {rate:.2f}/s, max {window} in any 1 s")
    print(f"  profiles left    {len(emulator.profile_keys())}")
    failed = tally.errors or window > 8 or emulator.profile_keys()
    return 1 if failed else 0


async def run_live() -> int:
    async with AsyncAyrshare() as client:
        user = await client.with_raw_response.user.get()
        details = user.parsed
        print(
            f"user: {details.title or 'primary'}; linked: {', '.join(details.active_social_accounts or [])}"
        )
        print(
            f"rate limit: {user.rate_limit.count} of {user.rate_limit.limit} used in this 5-minute window"
        )
        history = await client.history.list(limit=5)
        for item in history.history or []:
            print(f"  {item.id}  {item.status}  {', '.join(item.platforms or [])}")
    return 0
