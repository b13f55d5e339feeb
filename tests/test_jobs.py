"""Durable jobs in one process: a rerun skips what is done, re-sends what was not recorded with the
same idempotency keys (refused as repeats, reported as accepted earlier with the original's id),
keeps real failures, splits into shards, streams, and exports. Journals: SQLite and a real Redis."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from _emulated import emulated_client

from ayrshare_async import AsyncAyrshare, Failure, Skipped, Success, ValidationError
from ayrshare_async.budgets import MemoryStore
from ayrshare_async.jobs import Job, JobRecord, Journal, RecordedError, SQLiteJournal
from ayrshare_async.models import PostCreateResponse
from ayrshare_async.testing import AyrshareEmulator

API_KEY = "test-api-key"


async def post_once(view: AsyncAyrshare) -> PostCreateResponse:
    key = view.profile_key or ""
    return await view.post.create(post=f"Spring sale for {key[-6:]}", platforms=["bluesky"])


def _posts_per_profile(emulator: AyrshareEmulator, keys: Sequence[str]) -> list[int]:
    """Published posts per profile (a post refused by its network stays, in state error)."""
    return [len([p for p in emulator.posts(key) if p.get("status") == "success"]) for key in keys]


class Forgetful:
    """A journal that loses the ends of the first ``forget`` keys it records (as a process killed
    between sending and recording would): their calls ran, their outcomes were never stored."""

    def __init__(self, inner: Journal, forget: int) -> None:
        self.inner = inner
        self.forget = forget

    async def read(self, job: str, keys: Sequence[str]) -> dict[str, JobRecord]:
        return await self.inner.read(job, keys)

    async def write(self, records: Sequence[JobRecord]) -> None:
        kept = []
        for record in records:
            if record.state != "in_flight" and self.forget > 0:
                self.forget -= 1
                continue
            kept.append(record)
        await self.inner.write(kept)

    def records(self, job: str) -> Any:
        return self.inner.records(job)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture(params=["sqlite", "redis"])
def journal_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "jobs.sqlite")
    return str(request.getfixturevalue("redis_url"))


def test_a_rerun_skips_what_is_done_and_a_lost_end_is_accepted_earlier(journal_spec: str) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"customer {n}") for n in range(12)]

    async def main() -> tuple[Any, Any, Any]:
        from ayrshare_async.jobs import journal_from

        async with emulated_client(emulator) as client:
            journal = journal_from(journal_spec)
            first = await client.fan_out(
                keys, post_once, job=Job("spring", journal=Forgetful(journal, forget=4))
            )
            second = await client.fan_out(keys, post_once, job=Job("spring", journal=journal))
            third = await client.fan_out(keys, post_once, job=Job("spring", journal=journal))
            await journal.aclose()
            return first, second, third

    first, second, third = anyio.run(main)
    assert all(isinstance(o, Success) for o in first)
    assert _posts_per_profile(emulator, keys) == [1] * 12  # never a second post
    # the four whose ends were lost: called again, refused as repeats, found in the history
    accepted = [o for o in second if isinstance(o, Skipped) and o.reason == "accepted_earlier"]
    done_earlier = [o for o in second if isinstance(o, Skipped) and o.reason == "done"]
    assert len(accepted) == 4 and len(done_earlier) == 8
    by_key = {o.profile_key: o for o in first}
    for outcome in accepted + done_earlier:
        original = by_key[outcome.profile_key]
        assert isinstance(original, Success)
        assert outcome.post_id == original.value.id
    assert all(isinstance(o, Skipped) for o in third)
    assert len(third.failed) == 0 and len(third.skipped) == 12
    assert second.summary() == {"done": 8, "accepted_earlier": 4}


class Recording(httpx.AsyncBaseTransport):
    """The emulator's transport, keeping every request body it carried."""

    def __init__(self, emulator: AyrshareEmulator) -> None:
        self.inner = emulator.transport()
        self.bodies: list[dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.content:
            self.bodies.append(json.loads(request.content))
        return await self.inner.handle_async_request(request)


def test_running_a_job_again_re_sends_exactly_the_same_idempotency_keys(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(3)]

    async def two_posts(view: AsyncAyrshare) -> list[str]:
        answers = [
            await view.post.create(post=f"first {view.profile_key}", platforms=["bluesky"]),
            await view.post.create(post=f"second {view.profile_key}", platforms=["bluesky"]),
        ]
        return [answer.id for answer in answers]

    async def run(journal: Path) -> tuple[dict[str, str], Any]:
        wire = Recording(emulator)
        async with AsyncAyrshare(API_KEY, transport=wire, rate_store=MemoryStore()) as client:
            result = await client.fan_out(keys, two_posts, job="same", journal=journal)
        sent = {body["idempotencyKey"]: body["post"] for body in wire.bodies if "post" in body}
        return sent, result

    first_keys, first = anyio.run(run, tmp_path / "first.sqlite")
    # a run that lost its whole journal: every key is called again, with the same keys
    again_keys, again = anyio.run(run, tmp_path / "lost.sqlite")
    assert len(first_keys) == 6
    first_posts = {key: text for key, text in first_keys.items() if text.startswith("first")}
    assert again_keys == first_posts  # each call stops at its first repeat
    assert all(isinstance(o, Success) for o in first)
    assert all(isinstance(o, Skipped) and o.reason == "accepted_earlier" for o in again)
    assert _posts_per_profile(emulator, keys) == [2, 2, 2]
    # other jobs, and a retry on purpose, get other keys
    from ayrshare_async.jobs._job import JobScope

    assert JobScope("same", keys[0]).next_key() in first_keys
    assert JobScope("other", keys[0]).next_key() not in first_keys
    assert JobScope("same", keys[0], generation=1).next_key() not in first_keys


def test_a_real_failure_keeps_its_error_and_is_run_again_only_on_purpose(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(4)]
    emulator.faults.fail_platform("bluesky", profile_key=keys[1])
    journal = SQLiteJournal(tmp_path / "j.sqlite")

    async def main() -> tuple[Any, Any, Any]:
        async with emulated_client(emulator) as client:
            first = await client.fan_out(keys, post_once, job=Job("j", journal=journal))
            emulator.faults.clear()
            kept = await client.fan_out(keys, post_once, job=Job("j", journal=journal))
            again = await client.fan_out(
                keys, post_once, job=Job("j", journal=journal, retry_failed=True)
            )
            await journal.aclose()
            return first, kept, again

    first, kept, again = anyio.run(main)
    assert [o.ok for o in first] == [True, False, True, True]
    recorded = kept[1]
    assert isinstance(recorded, Failure) and isinstance(recorded.error, RecordedError)
    assert recorded.error.error_class == type(first[1].error).__name__
    assert recorded.error.code == first[1].error.code  # type: ignore[union-attr]
    assert isinstance(again[1], Success)
    assert [type(o) for o in again] == [Skipped, Success, Skipped, Skipped]
    assert _posts_per_profile(emulator, keys) == [1, 1, 1, 1]


def test_shards_split_one_key_list_without_overlap(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(40)]

    async def main() -> list[set[str]]:
        seen = []
        async with emulated_client(emulator) as client:
            for shard in range(3):
                async with Job(
                    "sharded", journal=tmp_path / "s.sqlite", shard=shard, shards=3
                ) as job:
                    result = await client.fan_out(keys, post_once, job=job)
                seen.append({o.profile_key for o in result})
        return seen

    shards = anyio.run(main)
    assert set().union(*shards) == set(keys)
    assert sum(len(s) for s in shards) == len(keys)
    assert all(len(s) > 0 for s in shards)
    assert _posts_per_profile(emulator, keys) == [1] * 40


class Counting(Forgetful):
    """A journal that counts the keys it is asked to look up."""

    def __init__(self, inner: Journal) -> None:
        super().__init__(inner, forget=0)
        self.looked_up = 0

    async def read(self, job: str, keys: Sequence[str]) -> dict[str, JobRecord]:
        self.looked_up += len(keys)
        return await self.inner.read(job, keys)


def test_a_first_run_looks_up_no_key_and_a_rerun_every_key(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(300)]  # more than one chunk
    journal = Counting(SQLiteJournal(tmp_path / "counted.sqlite"))

    async def main() -> list[tuple[int, list[type]]]:
        runs = []
        async with emulated_client(emulator) as client:
            for count in (200, 200, 300):
                before = journal.looked_up
                job = Job("counted", journal=journal)
                result = await client.fan_out(keys[:count], post_once, job=job)
                runs.append((journal.looked_up - before, [type(o) for o in result]))
        await journal.aclose()
        return runs

    first, second, third = anyio.run(main)
    assert first == (0, [Success] * 200)
    assert second == (200, [Skipped] * 200)
    assert third == (300, [Skipped] * 200 + [Success] * 100)
    assert _posts_per_profile(emulator, keys) == [1] * 300


def test_a_job_opened_from_a_path_holds_no_connection_between_fan_outs(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(3)]
    job = Job("reused", journal=tmp_path / "r.sqlite")  # never closed by the caller
    assert isinstance(job.journal, SQLiteJournal)

    async def main() -> list[list[type]]:
        kinds = []
        async with emulated_client(emulator) as client:
            for _ in range(2):
                result = await client.fan_out(keys, post_once, job=job)
                assert job.journal._db is None  # type: ignore[attr-defined]
                kinds.append([type(o) for o in result])
        return kinds

    assert anyio.run(main) == [[Success] * 3, [Skipped] * 3]


def test_the_stream_hands_over_every_outcome_as_it_finishes(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(25)]

    async def main() -> list[str]:
        seen = []
        async with emulated_client(emulator) as client:
            job = Job("streamed", journal=tmp_path / "st.sqlite")
            async with client.fan_out_stream(keys, post_once, job=job, concurrency=5) as outcomes:
                async for outcome in outcomes:
                    assert isinstance(outcome, Success)
                    seen.append(outcome.profile_key)
            records = [r async for r in job.journal.records("streamed")]
            await job.aclose()
            assert {r.state for r in records} == {"done"} and len(records) == 25
        return seen

    assert sorted(anyio.run(main)) == sorted(keys)


def test_leaving_a_stream_early_cancels_the_rest() -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(30)]
    emulator.faults.latency(0.01)

    async def main() -> int:
        got = 0
        async with (
            emulated_client(emulator) as client,
            client.fan_out_stream(keys, lambda v: v.user.get(), concurrency=4) as out,
        ):
            async for _ in out:
                got += 1
                if got == 5:
                    break
        return got

    assert anyio.run(main) == 5
    assert len(emulator.log) < 30


def test_results_export_as_records_json_lines_and_csv(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(3)]
    emulator.faults.fail_platform("bluesky", profile_key=keys[2])

    async def main() -> Any:
        async with emulated_client(emulator) as client:
            return await client.fan_out(keys, post_once, job="export", journal=tmp_path / "e.db")

    result = anyio.run(main)
    rows = result.to_records()
    assert [r["status"] for r in rows] == ["ok", "ok", "failed"]
    assert rows[0]["profile_key"] == "…" + keys[0][-4:] and rows[0]["id"]
    assert rows[0]["post_ids"].startswith("bluesky:")
    assert rows[2]["error_class"] and rows[2]["error_message"]
    assert all(keys[0] not in json.dumps(r) for r in rows)  # masked by default
    assert result.to_records(keys="full")[0]["profile_key"] == keys[0]
    lines = io.StringIO()
    result.to_jsonl(lines)
    assert [json.loads(line)["status"] for line in lines.getvalue().splitlines()] == [
        "ok",
        "ok",
        "failed",
    ]
    result.to_csv(tmp_path / "out.csv")
    with open(tmp_path / "out.csv", newline="") as file:
        table = list(csv.DictReader(file))
    assert [row["status"] for row in table] == ["ok", "ok", "failed"]
    assert json.loads(result[0].value.to_json())["id"] == rows[0]["id"]  # type: ignore[union-attr]


def test_the_journal_holds_no_profile_key(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(5)]
    path = tmp_path / "secret-free.sqlite"

    async def main() -> None:
        async with emulated_client(emulator) as client:
            await client.fan_out(keys, post_once, job="secrets", journal=path)

    anyio.run(main)
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert not any(key.encode() in raw for key in keys)


def test_bad_job_settings_are_refused(tmp_path: Path) -> None:
    for bad in ({"shard": 3, "shards": 3}, {"shard": -1}, {"shards": 0}):
        with pytest.raises(ValidationError):
            Job("x", journal=tmp_path / "j.db", **bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Job("", journal=tmp_path / "j.db")

    async def main() -> None:
        async with AsyncAyrshare(API_KEY) as client, Job("x", journal=tmp_path / "x.db") as job:
            with pytest.raises(ValidationError, match="journal"):
                await client.fan_out([], lambda v: v.user.get(), job=job, journal="j.db")

    anyio.run(main)


def test_delete_many_as_a_job_skips_what_an_earlier_run_deleted(tmp_path: Path) -> None:
    emulator = AyrshareEmulator(API_KEY)
    keys = [emulator.create_profile(f"c{n}") for n in range(6)]

    async def main() -> tuple[Any, Any]:
        async with emulated_client(emulator) as client:
            first = await client.profiles.delete_many(
                keys[:3], job="cleanup", journal=tmp_path / "d"
            )
            second = await client.profiles.delete_many(keys, job="cleanup", journal=tmp_path / "d")
            return first, second

    first, second = anyio.run(main)
    assert all(isinstance(o, Success) and o.value.confirmed for o in first)
    assert [type(o) for o in second] == [Skipped] * 3 + [Success] * 3
    assert emulator.profile_keys() == []
    deletes = [r for r in emulator.log if r.operation == "profiles.delete"]
    assert len(deletes) == 6  # the three deleted earlier were not sent again
