"""The budget stores' contract, the same for MemoryStore and RedisStore (a real server), plus the
MemoryStore on trio's virtual clock with Ayrshare's real 5-minute window."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import anyio
import anyio.lowlevel
import pytest
import trio.testing
from hypothesis import given, settings
from hypothesis import strategies as st

from ayrshare_async import ValidationError
from ayrshare_async.budgets import (
    BudgetStore,
    Limit,
    MemoryStore,
    RedisStore,
    Reservation,
    delete_limit,
    profile_limit,
    store_from,
)

# Redis keeps integer microseconds, rounded up; MemoryStore floats.
EPS = 2e-6


def max_in_window(slots: Sequence[float], window: float) -> int:
    """The most slots in any half-open window [t, t + window) (the worst one starts at a slot)."""
    slots = sorted(slots)
    return max(
        (bisect.bisect_left(slots, t + window - EPS) - i for i, t in enumerate(slots)), default=0
    )


def assert_within(limit: Limit, slots: Sequence[float]) -> None:
    slots = sorted(slots)
    assert max_in_window(slots, limit.window) <= limit.count, limit
    assert all(b - a >= limit.spacing - EPS for a, b in itertools.pairwise(slots)), limit


StoreMaker = Callable[[], BudgetStore]


@pytest.fixture(params=["memory", "redis"])
def make_store(request: pytest.FixtureRequest) -> StoreMaker:
    if request.param == "memory":
        return MemoryStore
    url = request.getfixturevalue("redis_url")
    return lambda: RedisStore(url)


def run(
    make_store: StoreMaker, body: Callable[[BudgetStore], Awaitable[Any]], backend: str = "asyncio"
) -> Any:
    async def main() -> Any:
        async with make_store() as store:  # type: ignore[attr-defined]
            return await body(store)

    return anyio.run(main, backend=backend)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_slots_follow_count_window_and_spacing_in_order(
    make_store: StoreMaker, backend: str
) -> None:
    limit = Limit("k", 3, 0.2, spacing=0.02)

    async def body(store: BudgetStore) -> list[Reservation]:
        return [await store.reserve([limit]) for _ in range(8)]

    got = run(make_store, body, backend)
    assert all(r.granted for r in got)
    start = got[0].slot
    offsets = [r.slot - start for r in got]
    # 3 per 0.2 s, 0.02 s apart: 0, .02, .04, then .2, .22, .24, then .4, .42
    assert offsets == pytest.approx([0, 0.02, 0.04, 0.2, 0.22, 0.24, 0.4, 0.42], abs=0.003)
    assert got[0].delay == pytest.approx(0, abs=0.003) and got[0].binding is None
    assert got[3].binding == limit
    assert_within(limit, [r.slot for r in got])


def test_one_slot_charges_every_limit_asked_for(make_store: StoreMaker) -> None:
    profile = Limit("profile", 4, 0.3)
    deletes = Limit("deletes", 10, 0.3, spacing=0.05)

    async def body(store: BudgetStore) -> list[tuple[bool, Reservation]]:
        plan = [True, False, True, True, False, True, True, False]  # True: a delete
        return [(d, await store.reserve([profile, deletes] if d else [profile])) for d in plan]

    got = run(make_store, body)
    assert_within(profile, [r.slot for _, r in got])
    assert_within(deletes, [r.slot for d, r in got if d])
    # the 5th call (the profile's 5th) waits for the profile's window, set by that limit
    assert got[4][1].binding == profile
    assert got[4][1].slot - got[0][1].slot == pytest.approx(0.3, abs=0.003)


def test_max_wait_refuses_without_recording(make_store: StoreMaker) -> None:
    limit = Limit("k", 2, 0.25)

    async def body(store: BudgetStore) -> tuple[Reservation, ...]:
        first = await store.reserve([limit])
        await store.reserve([limit])
        refused = await store.reserve([limit], max_wait=0)
        refused_again = await store.reserve([limit], max_wait=0.1)
        granted = await store.reserve([limit], max_wait=0.3)
        return first, refused, refused_again, granted

    first, refused, refused_again, granted = run(make_store, body)
    assert not refused.granted and not refused_again.granted
    assert refused.delay == pytest.approx(0.25, abs=0.01) and refused.binding == limit
    # nothing was recorded by the refusals: the next grant takes the slot they were told about
    assert granted.granted
    assert granted.slot == pytest.approx(first.slot + 0.25, abs=0.003)


def test_concurrent_tasks_never_exceed_the_limit(make_store: StoreMaker) -> None:
    limit = Limit("k", 5, 0.15, spacing=0.005)
    rng = random.Random(7)

    async def body(store: BudgetStore) -> list[float]:
        slots: list[float] = []

        async def one(pause: float) -> None:
            await anyio.sleep(pause)
            reservation = await store.reserve([limit])
            slots.append(reservation.slot)
            await anyio.sleep(reservation.delay)

        async with anyio.create_task_group() as group:
            for _ in range(24):
                group.start_soon(one, rng.choice([0, 0, rng.uniform(0, 0.2)]))
        return slots

    slots = run(make_store, body)
    assert len(slots) == 24
    assert_within(limit, slots)
    assert max_in_window(slots, limit.window) == limit.count  # it does fill the windows


def test_observe_never_assumes_more_room_than_the_server_reports(make_store: StoreMaker) -> None:
    limit = Limit("k", 5, 0.2)

    async def body(store: BudgetStore) -> tuple[Reservation, Reservation, Reservation]:
        mine = await store.reserve([limit])
        await store.observe(limit, 1)  # the server counts what this store knows: no change
        second = await store.reserve([limit])
        await store.observe(limit, 5)  # someone else spent the rest of the window
        third = await store.reserve([limit])
        return mine, second, third

    _, second, third = run(make_store, body)
    assert second.delay == pytest.approx(0, abs=0.005)
    # 5 counted "now" (after `second`): room again only when those leave the window
    assert third.slot - second.slot == pytest.approx(0.2, abs=0.01)
    assert third.binding == limit


def test_note_rejection_counts_429s_within_the_window(make_store: StoreMaker) -> None:
    async def body(store: BudgetStore) -> list[int]:
        counts = [await store.note_rejection("p", 0.15) for _ in range(3)]
        counts.append(await store.note_rejection("other", 0.15))
        await anyio.sleep(0.2)
        counts.append(await store.note_rejection("p", 0.15))
        return counts

    assert run(make_store, body) == [1, 2, 3, 1, 1]


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.reserve([]),
        lambda s: s.reserve(Limit("k", 1, 1.0)),
        lambda s: s.reserve([Limit("k", 1, 1.0), Limit("k", 2, 1.0)]),
        lambda s: s.reserve(["k"]),
        lambda s: s.reserve([Limit("k", 1, 1.0)], max_wait=-1),
        lambda s: s.reserve([Limit("k", 1, 1.0)], max_wait=float("nan")),
        lambda s: s.observe(Limit("k", 1, 1.0), -1),
        lambda s: s.observe(Limit("k", 1, 1.0), True),
        lambda s: s.note_rejection("", 1.0),
        lambda s: s.note_rejection("k", 0),
    ],
)
def test_bad_input_is_a_validation_error(make_store: StoreMaker, call: Any) -> None:
    async def body(store: BudgetStore) -> None:
        with pytest.raises(ValidationError):
            await call(store)

    run(make_store, body)


@pytest.mark.parametrize(
    "args",
    [("", 1, 1.0), ("a b", 1, 1.0), ("k", 0, 1.0), ("k", 1.5, 1.0), ("k", True, 1.0),
     ("k", 1, 0), ("k", 1, float("inf")), ("k", 1, 1.0, -0.1), ("k", 1, 1.0, float("nan"))],
)  # fmt: skip
def test_bad_limits_are_validation_errors(args: tuple[Any, ...]) -> None:
    with pytest.raises(ValidationError):
        Limit(*args)


def test_limit_keys_name_digests_never_secrets() -> None:
    api_key, profile_key = "SECRET-API-KEY-1234", "PROFILE-KEY-5678"
    keys = [
        profile_limit(api_key, profile_key).key,
        profile_limit(api_key, None).key,
        delete_limit(api_key).key,
    ]
    for key in keys:
        assert "SECRET" not in key and "1234" not in key and "PROFILE" not in key
    assert len(set(keys)) == 3
    assert profile_limit("other-account", profile_key).key != keys[0]
    assert profile_limit(api_key, profile_key) == Limit(keys[0], 300, 300.25)
    assert profile_limit(api_key, profile_key, count=30, window=3, margin=0).window == 3
    assert delete_limit(api_key) == Limit(keys[2], 8, 1.0, 1 / 7.5)


def test_store_from() -> None:
    assert isinstance(store_from(None), MemoryStore)
    assert store_from("memory") is store_from(None)  # one per process: every client shares it
    store = MemoryStore()
    assert store_from(store) is store
    redis = store_from("redis://:hunter2@127.0.0.1:6390/3?fallback=local")
    assert isinstance(redis, RedisStore)
    assert redis.location == "redis://127.0.0.1:6390/3"
    assert "hunter2" not in repr(redis)
    for bad in ("", "http://x", "redis://h:port/0", "redis://h/x", "redis://h/0?fallback=none",
                "redis://h/0?pool=3", "redis://h/0?timeout=0", 42, object()):  # fmt: skip
        with pytest.raises(ValidationError):
            store_from(bad)  # type: ignore[arg-type]


# -- MemoryStore on trio's virtual clock -----------------------------------------------------------


def run_virtual(fn: Callable[[], Awaitable[Any]]) -> Any:
    return anyio.run(
        fn, backend="trio", backend_options={"clock": trio.testing.MockClock(autojump_threshold=0)}
    )


def test_memory_store_queues_500_calls_on_a_300_per_5_minutes_budget_in_order() -> None:
    limit = profile_limit("api-key", None, margin=0)
    store = MemoryStore()

    async def main() -> list[tuple[float, float]]:
        sent: dict[int, tuple[float, float]] = {}

        async def call(n: int) -> None:
            reservation = await store.reserve([limit])
            await anyio.sleep(reservation.delay)
            sent[n] = (reservation.slot - start, anyio.current_time() - start)

        start = anyio.current_time()
        async with anyio.create_task_group() as group:
            for n in range(500):
                group.start_soon(call, n)
                await anyio.lowlevel.checkpoint()  # start them in order
        return [sent[n] for n in range(500)]

    sent = run_virtual(main)
    slots = [slot for slot, _ in sent]
    assert slots == sorted(slots)  # first come, first served
    times = [t for _, t in sent]
    assert times == slots  # each call went at its slot
    assert times[:300] == [0.0] * 300
    assert times[300:] == pytest.approx([300.0] * 200)
    assert max_in_window(times, 300.0) == 300


def test_memory_store_state_belongs_to_one_event_loop_run() -> None:
    store = MemoryStore()
    limit = Limit("k", 1, 60.0)

    async def twice() -> tuple[float, float]:
        first = await store.reserve([limit])
        second = await store.reserve([limit])
        return first.delay, second.delay

    assert run_virtual(twice) == (0.0, 60.0)
    assert run_virtual(twice) == (0.0, 60.0)  # a new run (another clock) starts empty


def test_memory_store_forgets_idle_keys() -> None:
    store = MemoryStore()

    async def main() -> int:
        for n in range(3000):
            await store.reserve([Limit(f"k{n}", 1, 1.0)])
            await anyio.sleep(0.01)
        return sum(len(keys) for keys in store._state()[0].grants.values())

    assert run_virtual(main) < 2100


LIMITS = [Limit("a", 3, 1.0), Limit("b", 8, 1.0, spacing=1 / 7.5), Limit("c", 5, 2.5, spacing=0.1)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 5, allow_nan=False),
            st.sets(st.sampled_from(range(len(LIMITS))), min_size=1),
            st.one_of(st.none(), st.floats(0, 3, allow_nan=False)),
        ),
        max_size=40,
    )
)
def test_memory_store_holds_every_limit_under_random_arrivals(
    plan: list[tuple[float, set[int], float | None]],
) -> None:
    store = MemoryStore()

    async def main() -> list[tuple[set[int], float | None, Reservation]]:
        got: list[tuple[set[int], float | None, Reservation]] = []

        async def call(at: float, which: set[int], max_wait: float | None) -> None:
            await anyio.sleep(at)
            got.append(
                (
                    which,
                    max_wait,
                    await store.reserve([LIMITS[i] for i in sorted(which)], max_wait=max_wait),
                )
            )

        async with anyio.create_task_group() as group:
            for at, which, max_wait in plan:
                group.start_soon(call, at, which, max_wait)
        return got

    got = run_virtual(main)
    for index, limit in enumerate(LIMITS):
        assert_within(limit, [r.slot for which, _, r in got if r.granted and index in which])
    for _, max_wait, r in got:
        assert r.granted == (max_wait is None or r.delay <= max_wait)
        assert r.delay >= 0
