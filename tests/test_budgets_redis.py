"""RedisStore against a real server: namespacing and expiry, Redis down, killed, restarted (keys
lost) and a key deleted by hand: a clear error, or a recovery with no burst above the ceiling."""

from __future__ import annotations

import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest
from _redis import RedisServer
from test_budgets import assert_within

from ayrshare_async import AyrshareError
from ayrshare_async.budgets import (
    BudgetStoreError,
    Limit,
    RedisStore,
    Reservation,
    delete_limit,
    profile_limit,
)

PREFIX = "ayrshare_async:budget:"


def run(body: Callable[[], Awaitable[Any]], backend: str = "asyncio") -> Any:
    return anyio.run(body, backend=backend)


async def reserve_many(store: RedisStore, limit: Limit, n: int) -> list[Reservation]:
    return [await store.reserve([limit]) for _ in range(n)]


def test_keys_hold_digests_and_expire_by_themselves(
    redis_server: RedisServer, redis_url: str
) -> None:
    db = int(redis_url.rsplit("/", 1)[1])
    api_key, profile_key = "ACCOUNT-SECRET-9f8e", "PROFILE-SECRET-7d6c"
    short = Limit("short", 2, 0.1)

    async def body() -> None:
        async with RedisStore(redis_url) as store:
            await store.reserve([profile_limit(api_key, profile_key), delete_limit(api_key)])
            await store.reserve([profile_limit("another-account", profile_key)])
            await store.reserve([short])
            await store.note_rejection(profile_limit(api_key, profile_key).key, 60.0)

    run(body)
    keys = redis_server.command("KEYS", "*", db=db)
    assert len(keys) == 5
    for key in keys:
        assert "SECRET" not in key and "9f8e" not in key and "7d6c" not in key
        assert 0 < redis_server.command("PTTL", key, db=db) <= 300_250 + 1
    # the other account's budget is its own key
    assert len({k for k in keys if k.startswith(PREFIX) and ":profile:" in k}) == 2
    assert 0 < redis_server.command("PTTL", PREFIX + "short", db=db) <= 101
    time.sleep(0.15)
    assert redis_server.command("EXISTS", PREFIX + "short", db=db) == 0


def test_redis_down_is_a_clear_error_naming_the_store_without_its_password() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = RedisStore(f"redis://user:hunter2@127.0.0.1:{port}/2")

    async def body() -> None:
        with pytest.raises(BudgetStoreError) as caught:
            await store.reserve([Limit("k", 1, 1.0)])
        assert f"redis://127.0.0.1:{port}/2" in str(caught.value)
        assert "unreachable" in str(caught.value) and "hunter2" not in str(caught.value)
        assert caught.value.store == f"redis://127.0.0.1:{port}/2"
        assert isinstance(caught.value, AyrshareError)
        for call in (store.observe(Limit("k", 1, 1.0), 1), store.note_rejection("k", 1.0)):
            with pytest.raises(BudgetStoreError):
                await call

    run(body, "trio")


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        store = RedisStore(f"redis://127.0.0.1:{port}/0?timeout=0.2")

        async def body() -> float:
            started = anyio.current_time()
            with pytest.raises(BudgetStoreError, match="no answer in time"):
                await store.reserve([Limit("k", 1, 1.0)])
            return anyio.current_time() - started

        assert run(body) < 1.0


def test_fallback_local_warns_and_still_limits() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = RedisStore(f"redis://127.0.0.1:{port}/0", fallback="local")
    limit = Limit("k", 1, 0.2)

    async def body() -> list[Reservation]:
        with pytest.warns(RuntimeWarning, match="unreachable"):
            first = await store.reserve([limit])
        return [first, await store.reserve([limit], max_wait=0)]

    first, second = run(body)
    assert first.granted and not second.granted
    assert second.delay == pytest.approx(0.2, abs=0.02)


def test_wrong_password_is_refused_clearly(own_redis_server: RedisServer) -> None:
    own_redis_server.command("CONFIG", "SET", "requirepass", "s3cret-pw")
    port = own_redis_server.port

    async def body() -> None:
        with pytest.raises(BudgetStoreError) as caught:
            await RedisStore(f"redis://:wrong-pw@127.0.0.1:{port}/0").reserve([Limit("k", 1, 1.0)])
        assert "AUTH refused" in str(caught.value) and "wrong-pw" not in str(caught.value)
        async with RedisStore(f"redis://:s3cret-pw@127.0.0.1:{port}/1") as store:
            assert (await store.reserve([Limit("k", 1, 1.0)])).granted

    run(body)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_redis_killed_mid_run_fails_clearly_then_recovers_without_a_burst(
    own_redis_server: RedisServer, backend: str
) -> None:
    limit = Limit("k", 4, 0.3)

    async def body() -> tuple[list[Reservation], list[Reservation]]:
        async with RedisStore(own_redis_server.url) as store:
            before = await reserve_many(store, limit, 4)
            own_redis_server.kill()
            with pytest.raises(BudgetStoreError, match="unreachable"):
                await store.reserve([limit])
            own_redis_server.start()  # empty: the four grants above are lost
            after = await reserve_many(store, limit, 6)
            return before, after

    before, after = run(body, backend)
    slots = [r.slot for r in before + after]
    assert_within(limit, slots)
    # the hold: nothing new shares a window with the grants made before the loss...
    assert min(r.slot for r in after) >= max(r.slot for r in before) + limit.window
    # ...and it costs at most two windows from the detection
    assert after[0].delay <= 2 * limit.window + 0.01


def test_restart_hold_covers_every_process_that_held_grants(own_redis_server: RedisServer) -> None:
    """Two stores (two processes' worth of state) hold grants; after the restart the first one
    back places the hold, which also covers the other's grants, and nobody holds twice."""
    limit = Limit("k", 6, 0.3)

    async def body() -> tuple[list[Reservation], ...]:
        a, b = RedisStore(own_redis_server.url), RedisStore(own_redis_server.url)
        a_before = await reserve_many(a, limit, 3)
        b_before = await reserve_many(b, limit, 3)
        own_redis_server.restart()
        a_after = await reserve_many(a, limit, 3)
        b_after = await reserve_many(b, limit, 3)
        await a.aclose()
        await b.aclose()
        return a_before, b_before, a_after, b_after

    a_before, b_before, a_after, b_after = run(body)
    before, after = a_before + b_before, a_after + b_after
    assert_within(limit, [r.slot for r in before + after])
    assert min(r.slot for r in after) >= max(r.slot for r in before) + limit.window
    # one hold: the six grants after it fit in one window (a second hold would push them out)
    assert max(r.slot for r in after) - min(r.slot for r in after) < limit.window


def test_a_budget_key_deleted_by_hand_recovers_without_a_burst(
    redis_server: RedisServer, redis_url: str
) -> None:
    db = int(redis_url.rsplit("/", 1)[1])
    limit = Limit("deletes", 8, 0.4, spacing=0.4 / 7.5)

    async def body() -> tuple[list[Reservation], list[Reservation]]:
        async with RedisStore(redis_url) as store:
            before = await reserve_many(store, limit, 5)
            assert redis_server.command("DEL", PREFIX + limit.key, db=db) == 1
            after = await reserve_many(store, limit, 5)
            return before, after

    before, after = run(body)
    assert_within(limit, [r.slot for r in before + after])
    assert min(r.slot for r in after) >= max(r.slot for r in before) + limit.window


def test_a_key_that_expired_by_itself_is_no_loss(redis_url: str) -> None:
    limit = Limit("k", 2, 0.1)

    async def body() -> list[Reservation]:
        async with RedisStore(redis_url) as store:
            first = await reserve_many(store, limit, 2)
            await anyio.sleep(0.25)  # both grants out of every window: the key expired
            return first + await reserve_many(store, limit, 2)

    got = run(body)
    assert got[2].delay == pytest.approx(0, abs=0.005)  # no hold
    assert got[3].delay == pytest.approx(0, abs=0.005)


def test_waits_longer_than_a_window_are_asked_again_inside_the_horizon(redis_url: str) -> None:
    """A slot is never recorded more than one window ahead (the hold relies on it): a long wait
    is slept in reserve() and the slot asked for again."""
    limit = Limit("k", 1, 0.1)

    async def body() -> tuple[list[Reservation], float]:
        async with RedisStore(redis_url) as store:
            started = anyio.current_time()
            got = await reserve_many(store, limit, 4)
            return got, anyio.current_time() - started

    got, elapsed = run(body)
    assert all(r.granted and r.delay <= limit.window + 0.002 for r in got)
    assert [round(r.slot - got[0].slot, 2) for r in got] == [0.0, 0.1, 0.2, 0.3]
    assert 0.15 < elapsed < 0.5  # reserve() slept the part of the waits beyond the horizon


def test_fallback_goes_back_to_redis_and_hands_on_its_grants(
    own_redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ayrshare_async.budgets._redis.REJOIN_AFTER", 0.05)
    own_redis_server.stop()
    limit = Limit("k", 3, 0.6)

    async def body() -> tuple[list[Reservation], Reservation, Reservation]:
        store = RedisStore(own_redis_server.url, fallback="local")
        other = RedisStore(own_redis_server.url)  # another process, on Redis only
        with pytest.warns(RuntimeWarning, match="unreachable"):
            local = await reserve_many(store, limit, 2)
        own_redis_server.start()
        await anyio.sleep(0.06)
        back = await store.reserve([limit])  # on Redis again: the two local grants came along
        refused = await other.reserve([limit], max_wait=0)
        await store.aclose()
        await other.aclose()
        return local, back, refused

    local, back, refused = run(body)
    assert all(r.granted and r.delay == pytest.approx(0, abs=0.005) for r in [*local, back])
    assert not refused.granted
    # room again when the first local grant leaves the window (it was made ~0.06 s earlier)
    assert 0.45 < refused.delay <= 0.6


def test_observe_skips_the_round_trip_only_while_its_own_reservation_proves_the_count(
    redis_server: RedisServer, redis_url: str
) -> None:
    db = int(redis_url.rsplit("/", 1)[1])
    limit = Limit("k", 5, 0.5)

    def scripts_run() -> int:
        stats = redis_server.command("INFO", "commandstats", db=db)
        return sum(
            int(line.split("calls=")[1].split(",")[0])
            for line in stats.splitlines()
            if line.startswith(("cmdstat_evalsha:", "cmdstat_eval:"))
        )

    async def body() -> list[int]:
        async with RedisStore(redis_url) as store:
            await store.observe(Limit("warm-up", 1, 0.5), 1)  # the script is loaded from now on
            await store.reserve([limit])
            await store.reserve([limit])
            counts = [scripts_run()]
            await store.observe(limit, 2)  # its own reservation saw 2 in the window: no call
            counts.append(scripts_run())
            await store.observe(limit, 3)  # more than it saw: asks Redis
            counts.append(scripts_run())
            await anyio.sleep(0.06)  # a tenth of the window later the proof is stale
            await store.observe(limit, 1)
            counts.append(scripts_run())
            return counts

    before, after_skip, after_more, after_stale = run(body)
    assert after_skip == before
    assert after_more == before + 1
    assert after_stale == before + 2
