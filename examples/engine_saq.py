"""One Ayrshare job on several worker processes, with saq as the task engine: each worker takes
one shard of the job at a time, and a shard whose worker died (SIGKILL, a lost machine) is run
again by another worker, resuming from the job's journal without a second post.

One Redis holds saq's queue, the job journal (every key's outcome) and the rate budgets, so the
workers together keep Ayrshare's limits (8 profile deletes per second per account, 300 requests
per 5 minutes per profile). Copy this file and replace ``profile_keys()`` with your key source.

    # each worker machine, as many processes as you like (one shard at a time each):
    REDIS_URL=redis://redis:6379/0 AYRSHARE_API_KEY=... saq engine_saq.settings
    # the coordinator, once (run again after a crash, it waits for the same shards):
    REDIS_URL=... python engine_saq.py post spring-sale keys.txt --text "Spring sale" --shards 8

Why saq: docs/batch-jobs.md, "Several workers on a task engine".
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import saq
from saq.types import Context, SettingsDict

from ayrshare_async import AsyncAyrshare, Outcome, Skipped
from ayrshare_async.jobs import Job, RedisJournal

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
queue = saq.Queue.from_url(REDIS_URL)
log = logging.getLogger("engine_saq")


class WorkerContext(Context):
    client: AsyncAyrshare
    journal: RedisJournal


def profile_keys(source: str) -> list[str]:
    """The job's profile keys, here from a file (one per line). Every worker must read the same
    list: a shard takes its part of it by digest."""
    return Path(source).read_text().split()


async def startup(ctx: WorkerContext) -> None:
    """One client per worker process (AYRSHARE_API_KEY from the environment)."""
    ctx["client"] = AsyncAyrshare(rate_store=REDIS_URL)
    ctx["journal"] = RedisJournal(REDIS_URL)


async def shutdown(ctx: WorkerContext) -> None:
    await ctx["client"].aclose()
    await ctx["journal"].aclose()


async def post_shard(
    ctx: WorkerContext,
    *,
    job: str,
    shard: int,
    shards: int,
    keys: str,
    text: str,
    platforms: list[str],
    concurrency: int = 32,
) -> dict[str, Any]:
    """Post ``text`` for every profile of this shard of ``job``."""

    async def post(view: AsyncAyrshare) -> object:
        return await view.post.create(post=text, platforms=platforms)

    sharded = Job(job, journal=ctx["journal"], shard=shard, shards=shards)
    return await _run_shard(ctx, sharded, keys, post, concurrency)


async def delete_shard(
    ctx: WorkerContext, *, job: str, shard: int, shards: int, keys: str, concurrency: int = 32
) -> dict[str, Any]:
    """Delete every profile of this shard of ``job``."""

    async def delete(view: AsyncAyrshare) -> object:
        return await view.profiles.delete()

    sharded = Job(job, journal=ctx["journal"], shard=shard, shards=shards)
    return await _run_shard(ctx, sharded, keys, delete, concurrency)


async def _run_shard(
    ctx: WorkerContext,
    job: Job,
    keys: str,
    call: Callable[[AsyncAyrshare], Awaitable[object]],
    concurrency: int,
) -> dict[str, Any]:
    """The shard's fan-out, its outcomes counted as they finish, while a heartbeat tells saq that
    this worker is alive; returns the counts."""
    attempt = ctx["job"].attempts
    log.info("job %s: shard %d of %d, attempt %d", job.name, job.shard, job.shards, attempt)
    counts: Counter[str] = Counter()
    async with anyio.create_task_group() as group:
        group.start_soon(_heartbeat, ctx["job"])
        async with ctx["client"].fan_out_stream(
            profile_keys(keys), call, job=job, concurrency=concurrency
        ) as outcomes:
            async for outcome in outcomes:
                counts[_status(outcome)] += 1
        group.cancel_scope.cancel()
    return {"shard": job.shard, "attempt": attempt, "outcomes": dict(counts)}


async def _heartbeat(job: saq.Job) -> None:
    """A shard silent for ``job.heartbeat`` seconds is swept: aborted and retried elsewhere."""
    while job.heartbeat:
        await anyio.sleep(job.heartbeat / 4)
        await job.update()


def _status(outcome: Outcome[object]) -> str:
    """``ok``, why a job skipped the key (``done``, ``accepted_earlier``), or the error class."""
    if isinstance(outcome, Skipped):
        return outcome.reason
    return "ok" if outcome.ok else type(outcome.error).__name__


settings: SettingsDict[WorkerContext] = {
    "queue": queue,
    "functions": [post_shard, delete_shard],
    "concurrency": 1,  # one shard per process: a kill stops one shard, not several
    "startup": startup,
    "shutdown": shutdown,
    # sweep: how often (s) a worker looks for shards whose heartbeat stopped (saq's default: 60);
    # the others are saq's defaults, spelled out because its type wants all four
    "timers": {"sweep": 1, "schedule": 1, "worker_info": 10, "abort": 1},
}


async def run_job(
    function: str, job: str, *, shards: int, heartbeat: int = 60, retries: int = 5, **kwargs: Any
) -> dict[str, Any]:
    """Enqueue the shards of ``job`` and wait for all of them; the outcome counts, summed.

    Each shard is a saq job keyed by the job's name: a coordinator started again after a crash
    waits for the shards still queued or running instead of adding more, and a shard that had
    finished runs again, skipping every key as done, which gives back its counts. ``heartbeat``:
    seconds without a beat after which a shard's worker counts as dead; ``retries``: how many
    runs a shard may take.
    """
    shard_jobs = [
        {"key": f"{job}:{shard}/{shards}", "shard": shard, "timeout": 0}  # no time limit
        for shard in range(shards)
    ]
    try:
        results = await queue.map(
            function,
            shard_jobs,
            job=job,
            shards=shards,
            heartbeat=heartbeat,
            retries=retries,
            **kwargs,
        )
    finally:
        await queue.disconnect()
    total: Counter[str] = Counter()
    for result in results:
        total.update(result["outcomes"])
    return {"outcomes": dict(total), "shards": results}


def main() -> None:
    parser = argparse.ArgumentParser(description="Run one Ayrshare job on saq workers.")
    parser.add_argument("action", choices=["post", "delete"])
    parser.add_argument("job", help="the job's name: the same name resumes it")
    parser.add_argument("keys", help="a file of profile keys, one per line")
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--text", help="what to post (post)")
    parser.add_argument("--platforms", default="facebook", help="comma-separated (post)")
    parser.add_argument("--concurrency", type=int, default=32, help="calls at once per shard")
    parser.add_argument("--heartbeat", type=int, default=60)
    args = parser.parse_args()
    extra: dict[str, Any] = {"keys": str(Path(args.keys).resolve())}
    if args.action == "post":
        if not args.text:
            parser.error("post needs --text")
        extra.update(text=args.text, platforms=args.platforms.split(","))
    result = asyncio.run(
        run_job(
            f"{args.action}_shard",
            args.job,
            shards=args.shards,
            heartbeat=args.heartbeat,
            concurrency=args.concurrency,
            **extra,
        )
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
