"""The rate limiter's hard ceiling, FIFO order and cancellation safety, on trio's virtual clock.

Every property test replays random arrival patterns (bursts, idle spells, impatient callers who
give up) under ``MockClock(autojump_threshold=0)``, so minutes of virtual time take milliseconds.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest
import trio
import trio.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ayrshare_async import ValidationError
from ayrshare_async._ratelimit import MIN_SLEEP, RateLimiter

# A caller's slot may come late by the 1 ms minimum sleep, twice when float rounding leaves a
# sub-microsecond remainder after the first sleep.
LATE = 2 * MIN_SLEEP + 1e-9


def run_virtual(fn: Callable[[], Awaitable[Any]]) -> Any:
    return anyio.run(
        fn, backend="trio", backend_options={"clock": trio.testing.MockClock(autojump_threshold=0)}
    )


def max_in_window(times: list[float], period: float) -> int:
    """The most acquisitions in any half-open window [t, t + period) (the worst one starts at one)."""
    return max((bisect.bisect_left(times, t + period) - i for i, t in enumerate(times)), default=0)


class Acquisition:
    __slots__ = ("at", "called", "ticket")

    def __init__(self, ticket: int, called: float, at: float) -> None:
        self.ticket = ticket
        self.called = called
        self.at = at


async def replay(
    limiter: RateLimiter, arrivals: list[tuple[float, float | None]]
) -> tuple[list[Acquisition], set[int]]:
    """Start one caller after each gap; a caller with a patience gives up after that long.

    Returns the acquisitions in the order they happened and the tickets of the patient callers.
    """
    log: list[Acquisition] = []
    tickets = itertools.count()
    patient: set[int] = set()

    async def caller(patience: float | None) -> None:
        ticket = next(tickets)
        if patience is None:
            patient.add(ticket)
        called = anyio.current_time()
        with anyio.move_on_after(math.inf if patience is None else patience):
            await limiter.acquire()
            log.append(Acquisition(ticket, called, anyio.current_time()))

    with anyio.fail_after(100_000):  # a deadlock would otherwise hang forever
        async with anyio.create_task_group() as group:
            for gap, patience in arrivals:
                await anyio.sleep(gap)
                group.start_soon(caller, patience)
    return log, patient


gaps = st.one_of(
    st.just(0.0),
    st.floats(0, 0.3),
    st.floats(0.5, 12),  # idle spells: the next burst must not get a fresh allowance
)
arrival_lists = st.lists(
    st.tuples(gaps, st.one_of(st.none(), st.none(), st.floats(0, 4))), min_size=1, max_size=70
)
rates = st.one_of(
    st.sampled_from([0.5, 1.0, 3.0, 6.5, 7.0, 7.5, 8.0, 10.0, 25.0]), st.floats(0.2, 40)
)
periods = st.one_of(st.sampled_from([1.0, 0.5, 1.1, 2.5]), st.floats(0.05, 3))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rate=rates, period=periods, arrivals=arrival_lists)
def test_ceiling_fifo_and_no_lost_slots_under_random_arrivals(
    rate: float, period: float, arrivals: list[tuple[float, float | None]]
) -> None:
    limiter = RateLimiter(rate, period)
    log, patient = run_virtual(lambda: replay(limiter, arrivals))
    times = [a.at for a in log]
    interval = period / rate

    # The hard ceiling, on the recorded times: never more than ceil(rate) in any window of period.
    assert max_in_window(times, period) <= math.ceil(rate)
    # Evenly spaced: no burst, not even right after an idle spell.
    assert all(b - a >= interval * (1 - 1e-9) for a, b in itertools.pairwise(times))
    # First come, first served.
    assert [a.ticket for a in log] == sorted(a.ticket for a in log)
    # Nobody who waited patiently was left behind (no deadlock, no slot lost to a cancelled caller).
    assert patient <= {a.ticket for a in log}
    # Work-conserving: each caller gets the earliest slot the ceiling allows, so a caller who gave
    # up never delays the next one, and a saturated limiter runs at `rate`.
    k = math.ceil(rate)
    for j, acq in enumerate(log):
        earliest = acq.called
        if j >= 1:
            earliest = max(earliest, log[j - 1].at + interval)
        if j >= k:
            earliest = max(earliest, log[j - k].at + period)
        assert acq.at <= earliest + LATE


def test_saturated_throughput_is_the_rate() -> None:
    limiter = RateLimiter(8)
    log, _ = run_virtual(lambda: replay(limiter, [(0.0, None)] * 200))
    times = [a.at for a in log]
    assert len(times) == 200
    assert times[-1] - times[0] == pytest.approx(199 / 8, abs=0.01)
    assert max_in_window(times, 1.0) == 8


def test_a_burst_after_an_idle_spell_is_spaced_not_released_at_once() -> None:
    # A token bucket (aiolimiter's AsyncLimiter(8, 1)) would let 8 through at once after the idle
    # spell and 15 within the next second.
    limiter = RateLimiter(8)
    arrivals = [(0.0, None)] * 8 + [(10.0, None)] + [(0.0, None)] * 29
    log, _ = run_virtual(lambda: replay(limiter, arrivals))
    second_burst = [a.at for a in log[8:]]
    assert second_burst[0] == pytest.approx(10.0)  # the first one after idling does not wait
    assert second_burst[1] - second_burst[0] == pytest.approx(0.125)
    assert max_in_window(second_burst, 1.0) == 8


def test_a_cancelled_waiter_gives_its_slot_to_the_next() -> None:
    limiter = RateLimiter(8)
    got: dict[str, float] = {}

    async def take(name: str) -> None:
        await limiter.acquire()
        got[name] = anyio.current_time()

    async def main() -> None:
        async with anyio.create_task_group() as group:
            await take("a")
            b_scope = anyio.CancelScope()
            group.start_soon(_in_scope, b_scope, take, "b")
            await anyio.sleep(0.01)
            group.start_soon(take, "c")
            await anyio.sleep(0.05)
            b_scope.cancel()

    run_virtual(main)
    assert "b" not in got
    assert got["c"] == pytest.approx(0.125)  # b's slot, not the one after it


async def _in_scope(
    scope: anyio.CancelScope, fn: Callable[[str], Awaitable[None]], arg: str
) -> None:
    with scope:
        await fn(arg)


def test_a_limiter_outlives_its_event_loop_and_works_on_the_next() -> None:
    limiter = RateLimiter(400)  # created outside any event loop

    async def burst() -> list[float]:
        times = []
        for _ in range(10):
            await limiter.acquire()
            times.append(anyio.current_time())
        return times

    first = run_virtual(burst)
    on_asyncio = anyio.run(burst, backend="asyncio")  # another clock entirely: ~25 ms real
    again = run_virtual(burst)
    for times in (first, on_asyncio, again):
        assert max_in_window(times, 1 / 40) <= 10
        assert all(b - a >= 1 / 400 * (1 - 1e-9) for a, b in itertools.pairwise(times))
    assert again[0] == 0.0  # the fresh virtual clock starts at 0 and was not made to wait


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_real_clock_wake_ups_never_break_the_ceiling(backend: str) -> None:
    limiter = RateLimiter(50, 0.1)  # 2 ms apart: wake-up delays are as large as the spacing

    async def main() -> list[float]:
        times: list[float] = []

        async def take() -> None:
            await limiter.acquire()
            times.append(anyio.current_time())

        async with anyio.create_task_group() as group:
            for _ in range(60):
                group.start_soon(take)
        return times

    times = anyio.run(main, backend=backend)
    assert len(times) == 60
    assert max_in_window(times, 0.1) <= 50
    # Read just after acquire() returned, so a stall in between may shift a time by a hair.
    assert all(b - a >= 0.002 - 1e-4 for a, b in itertools.pairwise(times))


@pytest.mark.parametrize(
    ("rate", "period"),
    [(0, 1), (-1, 1), (math.nan, 1), (math.inf, 1), (8, 0), (8, math.nan), ("8", 1), (True, 1)],
)
def test_rejects_bad_settings(rate: Any, period: Any) -> None:
    with pytest.raises(ValidationError):
        RateLimiter(rate, period)


def test_repr_and_settings() -> None:
    limiter = RateLimiter(7.5)
    assert (limiter.rate, limiter.period) == (7.5, 1.0)
    assert repr(limiter) == "RateLimiter(rate=7.5, period=1)"
