"""fan_out() and delete_many(): one outcome per key, bounded work, rate ceilings the server can see.

Most tests drive the real ``AsyncAyrshare`` (retries, error mapping) over ``httpx.MockTransport``
against ``Server``, a scripted stand-in that records what arrives and when. They run on asyncio
(real clock, millisecond latencies) and on trio with a virtual clock.
"""

from __future__ import annotations

import bisect
import itertools
import math
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any

import anyio
import anyio.lowlevel
import attrs
import httpx
import pytest
import trio.testing

from ayrshare_async import (
    AsyncAyrshare,
    FanOutError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RetryPolicy,
    ValidationError,
)
from ayrshare_async._client import DEFAULT_MAX_CONNECTIONS
from ayrshare_async._fanout import (
    AYRSHARE_MAX_DELETE_RATE,
    DEFAULT_CONCURRENCY,
    DEFAULT_DELETE_RATE,
    FanOutResult,
    Outcome,
    delete_many,
    fan_out,
)
from ayrshare_async._ratelimit import RateLimiter
from ayrshare_async._route import Route
from ayrshare_async._serde import ResponseModel

Runner = Callable[[Callable[[], Awaitable[Any]]], Any]


@attrs.frozen(kw_only=True)
class Reply(ResponseModel):
    status: str | None = None
    id: str | None = None


GET_THING = Route(
    name="thing.get",
    method="GET",
    path="/thing",
    summary="s",
    response=Reply,
    profile_key="required",
)
DELETE_PROFILE = Route(
    name="profiles.delete",
    method="DELETE",
    path="/profiles",
    summary="Delete a user profile",
    response=Reply,
    profile_key="required",
)

LOST = "lost"
"""Script step: the server acts, but the answer is lost (503), as when a connection drops."""


def keys(n: int, prefix: str = "PROFILE-KEY-") -> list[str]:
    return [f"{prefix}{i:05d}" for i in range(n)]


@pytest.fixture(params=["asyncio", "trio"])
def run(request: pytest.FixtureRequest) -> Runner:
    """asyncio on the real clock; trio on a virtual one (sleeps cost no wall time)."""
    backend: str = request.param
    options = {"clock": trio.testing.MockClock(autojump_threshold=0)} if backend == "trio" else {}

    def runner(fn: Callable[[], Awaitable[Any]]) -> Any:
        return anyio.run(fn, backend=backend, backend_options=options)

    return runner


class Server:
    """A scripted Ayrshare stand-in: per-key answers, the arrival log, and how many are in flight.

    ``script[key]`` lists what the next requests for that key get: a status code, or ``LOST``.
    Unscripted requests succeed. DELETE /profiles deletes a known profile (else 404). ``jitter()``
    is how long each request takes to arrive.
    """

    def __init__(
        self,
        *,
        latency: float = 0.002,
        script: dict[str, list[int | str]] | None = None,
        profiles: Iterable[str] = (),
        jitter: Callable[[], float] | None = None,
    ) -> None:
        self.latency = latency
        self.jitter = jitter
        self.script = script or {}
        self.profiles = set(profiles)
        self.arrivals: list[tuple[str, float]] = []
        self.in_flight = 0
        self.peak = 0
        self.cancelled = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        key = request.headers.get("Profile-Key", "")
        if self.jitter is not None:
            await anyio.sleep(self.jitter())  # time on the way: scheduling, connection, network
        self.arrivals.append((key, anyio.current_time()))
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await anyio.sleep(self.latency)
        except anyio.get_cancelled_exc_class():
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1
        steps = self.script.get(key)
        step = steps.pop(0) if steps else 200
        if step == LOST or step == 200:
            if request.method == "DELETE":
                if key not in self.profiles:
                    return error(404, "Profile not found")
                self.profiles.discard(key)
            if step == LOST:
                return error(503, "Service unavailable")
            return httpx.Response(200, json={"status": "success", "id": key[-5:]})
        assert isinstance(step, int)
        return error(step, f"scripted {step}")

    def arrival_times(self) -> list[float]:
        return sorted(t for _, t in self.arrivals)


def error(status: int, message: str) -> httpx.Response:
    return httpx.Response(
        status, json={"status": "error", "code": 100 + status, "message": message}
    )


def client_for(server: Server) -> AsyncAyrshare:
    fast_retries = RetryPolicy(initial_delay=0.001, max_delay=0.004, jitter=lambda: 0.0)
    return AsyncAyrshare(
        api_key="sk-TEST-API-KEY", transport=httpx.MockTransport(server), retry_policy=fast_retries
    )


class Paced:
    """The real client plus ``with_options(attempt_limiter=...)``: a view whose every request
    attempt first awaits the limiter (what ``AsyncAyrshare.with_options`` is to offer)."""

    def __init__(self, client: AsyncAyrshare) -> None:
        self.client = client

    def with_profile(self, profile_key: str) -> Paced:
        return Paced(self.client.with_profile(profile_key))

    def with_options(self, *, attempt_limiter: RateLimiter) -> Paced:
        return Paced(self.client.with_options(attempt_limiter=attempt_limiter))

    @property
    def profiles(self) -> Paced:
        return self

    async def get_thing(self) -> Reply:
        return await self.client.request(GET_THING, Reply)

    async def delete(self) -> Reply:
        return await self.client.request(DELETE_PROFILE, Reply)


async def get_thing(view: AsyncAyrshare) -> Reply:
    return await view.request(GET_THING, Reply)


def max_in_window(times: list[float], period: float = 1.0) -> int:
    return max((bisect.bisect_left(times, t + period) - i for i, t in enumerate(times)), default=0)


# -- one outcome per key ---------------------------------------------------------------------------


def test_exactly_one_outcome_per_key_in_input_order_with_failures(run: Runner) -> None:
    ks = keys(40)
    script: dict[str, list[int | str]] = {
        ks[3]: [404],
        ks[7]: [403],
        ks[5]: [503, 200],  # retried by the client, then fine
        ks[11]: [500, 502, 200],
        ks[19]: [500, 500, 500],  # retries run out
    }
    bad_input = ks[13]
    server = Server(script=script)

    async def call(view: AsyncAyrshare) -> Reply:
        if view.profile_key == bad_input:
            raise ValidationError("caught before sending")
        return await get_thing(view)

    async def main() -> FanOutResult[Reply]:
        async with client_for(server) as client:
            return await fan_out(client, [*ks, ""], call, concurrency=6)

    result = run(main)
    assert len(result) == 41
    assert [o.profile_key for o in result] == [*ks, ""]
    failures = {o.profile_key: type(o.error) for o in result.failed}
    assert failures == {
        ks[3]: NotFoundError,
        ks[7]: PermissionDeniedError,
        ks[13]: ValidationError,
        ks[19]: InternalServerError,
        "": ValidationError,  # with_profile("") refused before any request
    }
    for o in result.succeeded:
        assert o.value is not None
        assert o.value.id == o.profile_key[-5:]  # each value belongs to its own key
    assert result[5].ok
    assert result[11].ok
    assert all(o.value is None for o in result.failed)
    assert len(server.arrivals) == 40 - 1 + 1 + 2 + 2  # key 13 sent nothing; retries added 5


def test_a_bad_key_from_the_source_is_an_outcome_not_the_end(run: Runner) -> None:
    server = Server()
    source: list[Any] = ["PROFILE-A-0001", None, 42, "PROFILE-B-0002"]

    async def main() -> FanOutResult[Reply]:
        async with client_for(server) as client:
            return await fan_out(client, source, get_thing)

    result = run(main)
    assert [o.ok for o in result] == [True, False, False, True]
    assert isinstance(result[1].error, ValidationError)
    assert isinstance(result[2].error, ValidationError)


def test_an_empty_source_gives_an_empty_result(run: Runner) -> None:
    async def main() -> FanOutResult[Reply]:
        async with client_for(Server()) as client:
            return await fan_out(client, [], get_thing)

    result = run(main)
    assert len(result) == 0
    result.raise_for_failures()


# -- bounded work ----------------------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 7, DEFAULT_CONCURRENCY])
def test_concurrency_never_exceeds_the_bound(run: Runner, concurrency: int) -> None:
    server = Server(latency=0.003)

    async def main() -> FanOutResult[Reply]:
        async with client_for(server) as client:
            if concurrency == DEFAULT_CONCURRENCY:
                return await fan_out(client, keys(100), get_thing)
            return await fan_out(client, keys(100), get_thing, concurrency=concurrency)

    result = run(main)
    assert len(result.succeeded) == 100
    assert server.peak == concurrency  # reached, never passed


def test_default_concurrency_stays_below_the_connection_pool() -> None:
    assert DEFAULT_CONCURRENCY < DEFAULT_MAX_CONNECTIONS


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_a_million_key_generator_is_read_lazily_by_a_fixed_pool(backend: str) -> None:
    """Keys are pulled only as calls finish, by `concurrency` workers: never a task per key."""
    concurrency = 16
    produced = 0
    finished = 0
    most_ahead = 0
    most_tasks = 0

    def million() -> Iterator[str]:
        nonlocal produced, most_ahead
        for i in range(1_000_000):
            produced += 1
            most_ahead = max(most_ahead, produced - finished)
            yield f"PROFILE-{i:07d}"

    async def call(view: str) -> int:
        nonlocal most_tasks
        most_tasks = max(most_tasks, _count_tasks(backend))
        await anyio.lowlevel.checkpoint()
        return 1

    def count(done: int, total: int | None, outcome: Outcome[Any]) -> None:
        nonlocal finished
        finished = done
        assert total is None  # a generator has no len()
        if done == 3_000:
            stop.cancel()

    async def main() -> bool:
        nonlocal stop
        with anyio.CancelScope() as stop:
            await fan_out(_Views(), million(), call, concurrency=concurrency, progress=count)
        return stop.cancelled_caught

    stop: anyio.CancelScope
    assert anyio.run(main, backend=backend)
    assert finished == 3_000
    assert produced <= 3_000 + concurrency
    assert most_ahead <= concurrency
    assert concurrency < most_tasks <= concurrency + 3  # + the host task (+ trio's root, init)


def _count_tasks(backend: str) -> int:
    if backend == "asyncio":
        import asyncio

        return len(asyncio.all_tasks())

    def subtree(task: trio.lowlevel.Task) -> int:
        return 1 + sum(subtree(t) for n in task.child_nurseries for t in n.child_tasks)

    return subtree(trio.lowlevel.current_root_task())


class _Views:
    """A client whose views are just their keys: fan-out's own overhead, nothing else."""

    def with_profile(self, profile_key: str) -> str:
        return profile_key

    def with_options(self, *, attempt_limiter: RateLimiter) -> _Views:
        return self


# -- key sources -----------------------------------------------------------------------------------


def test_keys_from_an_async_iterable_keep_their_order(run: Runner) -> None:
    ks = keys(50)
    server = Server(script={ks[4]: [404]})
    closed = False

    async def cursor() -> AsyncIterator[str]:
        nonlocal closed
        try:
            for key in ks:
                await anyio.sleep(0.0005)  # a database fetching rows
                yield key
        finally:
            closed = True

    async def main() -> FanOutResult[Reply]:
        async with client_for(server) as client:
            return await fan_out(client, cursor(), get_thing, concurrency=8)

    result = run(main)
    assert [o.profile_key for o in result] == ks
    assert [o.profile_key for o in result.failed] == [ks[4]]
    assert closed


def test_a_failing_key_source_raises_its_own_error_not_a_group(run: Runner) -> None:
    server = Server()

    async def cursor() -> AsyncIterator[str]:
        for key in keys(5):
            yield key
        raise ConnectionResetError("database went away")

    async def main() -> None:
        async with client_for(server) as client:
            await fan_out(client, cursor(), get_thing, concurrency=3)

    with pytest.raises(ConnectionResetError, match="database went away"):
        run(main)


def test_cancelling_closes_a_half_read_async_source(run: Runner) -> None:
    closed = False

    async def cursor() -> AsyncIterator[str]:
        nonlocal closed
        try:
            for key in keys(1_000):
                yield key
        finally:
            closed = True

    async def slow(view: Any) -> None:
        await anyio.sleep(60)

    async def main() -> None:
        with anyio.move_on_after(0.01):
            await fan_out(_Views(), cursor(), slow, concurrency=4)

    run(main)
    assert closed


# -- cancellation ----------------------------------------------------------------------------------


def test_cancelling_the_fan_out_stops_calls_promptly_and_the_client_still_works(
    run: Runner,
) -> None:
    server = Server(latency=60.0)

    async def main() -> tuple[float, FanOutResult[Reply]]:
        async with client_for(server) as client:
            started = anyio.current_time()
            with anyio.move_on_after(0.02) as scope:
                await fan_out(client, keys(50), get_thing, concurrency=10)
            elapsed = anyio.current_time() - started
            assert scope.cancelled_caught
            assert server.in_flight == 0
            assert server.cancelled == 10
            server.latency = 0.001
            again = await fan_out(client, keys(20), get_thing, concurrency=10)
            return elapsed, again

    elapsed, again = run(main)
    assert elapsed < 1.0
    assert len(again.succeeded) == 20


def test_asyncio_wait_for_timing_out_cancels_the_calls_in_flight() -> None:
    import asyncio

    server = Server(latency=60.0)

    async def main() -> None:
        async with client_for(server) as client:
            # asyncio.TimeoutError is the builtin TimeoutError only from Python 3.11
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(fan_out(client, keys(30), get_thing, concurrency=5), 0.02)
            assert server.cancelled == 5
            assert server.in_flight == 0

    anyio.run(main, backend="asyncio")


def test_a_cancellation_raised_inside_one_call_is_that_calls_outcome() -> None:
    import asyncio

    async def call(view: str) -> str:
        if view.endswith("3"):
            raise asyncio.CancelledError  # e.g. a library cancelling its own inner work
        if view.endswith("5"):
            task = asyncio.current_task()
            assert task is not None
            task.cancel()  # the call cancels itself
            await asyncio.sleep(0)
        await asyncio.sleep(0.001)
        return view

    async def main() -> FanOutResult[str]:
        return await fan_out(_Views(), keys(10), call, concurrency=4)

    result = anyio.run(main, backend="asyncio")
    assert len(result) == 10
    assert [o.profile_key[-1] for o in result.failed] == ["3", "5"]
    assert all(isinstance(o.error, asyncio.CancelledError) for o in result.failed)
    assert [o.value for o in result.succeeded] == [k for k in keys(10) if k[-1] not in "35"]


# -- rate ceilings ---------------------------------------------------------------------------------


def test_rate_caps_every_attempt_retries_included_on_a_virtual_clock() -> None:
    ks = keys(40)
    script: dict[str, list[int | str]] = {k: [503, 200] for k in ks[::4]}
    server = Server(latency=0.05, script=script)

    async def call(view: Paced) -> Reply:
        return await view.get_thing()

    async def main() -> FanOutResult[Reply]:
        async with client_for(server) as client:
            return await fan_out(Paced(client), ks, call, concurrency=12, rate=5)

    result = _virtual(main)
    assert len(result.succeeded) == 40
    times = server.arrival_times()
    assert len(times) == 50
    assert max_in_window(times) == 5
    assert all(b - a >= 0.2 * (1 - 1e-9) for a, b in itertools.pairwise(times))
    assert times[-1] - times[0] == pytest.approx(49 / 5, abs=0.05)  # and no slower than that


def test_rate_holds_on_the_real_clock(run: Runner) -> None:
    server = Server(latency=0.001)

    async def call(view: Paced) -> Reply:
        return await view.get_thing()

    async def main() -> None:
        async with client_for(server) as client:
            await fan_out(Paced(client), keys(30), call, concurrency=8, rate=100, progress=None)

    run(main)
    times = server.arrival_times()
    assert len(times) == 30
    # Arrivals carry real scheduling jitter, so only the pace is exact here: 29 gaps of >= 10 ms.
    assert times[-1] - times[0] >= 0.29 - 0.005


# -- delete_many -----------------------------------------------------------------------------------


def test_delete_many_reports_exactly_which_profiles_are_gone() -> None:
    ks = keys(80)
    existing = [k for k in ks if k != ks[9]]  # ks[9] never existed
    script: dict[str, list[int | str]] = {
        ks[2]: [503, 200],  # retried, then deleted
        ks[4]: [LOST],  # deleted by the first attempt; the retry finds it gone (404)
        ks[6]: [403],  # refused: still exists
        ks[8]: [500, 500, 500],  # never acted: still exists
        ks[12]: [429, 200],  # rate limited once, then deleted
    }
    server = Server(latency=0.08, script=script, profiles=existing)

    async def main() -> FanOutResult[Reply | None]:
        async with client_for(server) as client:
            return await delete_many(Paced(client), ks)

    result = _virtual(main)
    assert [o.profile_key for o in result] == ks
    gone = {o.profile_key for o in result.succeeded}
    assert gone == set(existing) - server.profiles  # what we report is what the server did
    assert server.profiles == {ks[6], ks[8]}
    assert result[4].ok
    deleted = result[4].value
    assert deleted is not None and deleted.answer is None  # gone, but the server's answer was lost
    assert not deleted.confirmed
    confirmed = result[0].value
    assert confirmed is not None and confirmed.confirmed and confirmed.answer is not None
    assert isinstance(result[9].error, NotFoundError)
    assert not result[9].error.possibly_deleted_by_earlier_attempt
    assert {o.profile_key for o in result.failed} == {ks[6], ks[8], ks[9]}
    with pytest.raises(FanOutError) as info:
        result.raise_for_failures()
    assert info.value.result is result

    times = server.arrival_times()
    assert len(times) == 80 + 1 + 1 + 2 + 1  # every retry reached the server, and was paced
    assert max_in_window(times) <= AYRSHARE_MAX_DELETE_RATE
    achieved = (len(times) - 1) / (times[-1] - times[0])
    assert 7.0 <= achieved <= DEFAULT_DELETE_RATE + 1e-6


def test_delete_many_keeps_its_ceiling_under_arrival_jitter() -> None:
    """What the server sees when each request spends 0-50 ms more on the way."""
    delays = itertools.cycle([0.05, 0.0, 0.013, 0.049, 0.002, 0.037, 0.0, 0.05, 0.021])
    server = Server(latency=0.2, profiles=keys(60), jitter=lambda: next(delays))

    async def main() -> None:
        async with client_for(server) as client:
            await delete_many(Paced(client), keys(60))

    _virtual(main)
    assert server.profiles == set()
    assert max_in_window(server.arrival_times()) <= AYRSHARE_MAX_DELETE_RATE


def test_delete_many_on_the_real_clock(run: Runner) -> None:
    server = Server(latency=0.001, profiles=keys(4))

    async def main() -> FanOutResult[Reply | None]:
        async with client_for(server) as client:
            return await delete_many(Paced(client), keys(4), rate=AYRSHARE_MAX_DELETE_RATE)

    result = run(main)
    assert len(result.succeeded) == 4
    times = server.arrival_times()
    assert times[-1] - times[0] >= 3 * 0.125 - 0.005


@pytest.mark.parametrize("rate", [8.01, 9, 100, math.inf, math.nan])
def test_delete_many_refuses_a_rate_above_ayrshares_limit(rate: float) -> None:
    async def main() -> None:
        await delete_many(_Views(), keys(3), rate=rate)

    with pytest.raises(ValidationError, match="8 profile deletes per second"):
        anyio.run(main)


@pytest.mark.parametrize("rate", [0, -1, "7"])
def test_delete_many_refuses_a_rate_that_is_no_rate(rate: Any) -> None:
    async def main() -> None:
        await delete_many(_Views(), keys(3), rate=rate)

    with pytest.raises(ValidationError):
        anyio.run(main)


# -- progress --------------------------------------------------------------------------------------


def test_progress_callback_counts_every_outcome(run: Runner) -> None:
    ks = keys(25)
    server = Server(script={ks[1]: [404]})
    seen: list[tuple[int, int | None, str, bool]] = []

    def progress(done: int, total: int | None, outcome: Outcome[Any]) -> None:
        seen.append((done, total, outcome.profile_key, outcome.ok))

    async def main() -> None:
        async with client_for(server) as client:
            await fan_out(client, ks, get_thing, concurrency=5, progress=progress)

    run(main)
    assert [done for done, *_ in seen] == list(range(1, 26))
    assert {total for _, total, *_ in seen} == {25}
    assert sorted(key for _, _, key, _ in seen) == ks
    assert [key for *_, key, ok in seen if not ok] == [ks[1]]


def test_a_failing_progress_callback_raises_its_own_error(run: Runner) -> None:
    def progress(done: int, total: int | None, outcome: Outcome[Any]) -> None:
        if done == 3:
            raise KeyError("progress sink broke")

    async def main() -> None:
        await fan_out(_Views(), keys(20), _echo, concurrency=4, progress=progress)

    with pytest.raises(KeyError, match="progress sink broke"):
        run(main)


def test_an_interrupt_inside_a_call_is_raised_as_is(run: Runner) -> None:
    async def call(view: str) -> str:
        if view.endswith("7"):
            raise KeyboardInterrupt
        await anyio.sleep(0.001)
        return view

    async def main() -> None:
        await fan_out(_Views(), keys(20), call, concurrency=4)

    with pytest.raises(KeyboardInterrupt):
        run(main)


def test_progress_true_draws_a_tqdm_bar(capsys: pytest.CaptureFixture[str]) -> None:
    async def main() -> None:
        await fan_out(_Views(), keys(12), _echo, progress=True)

    anyio.run(main)
    assert "12/12" in capsys.readouterr().err


def test_progress_true_without_tqdm_warns_and_still_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)

    async def main() -> FanOutResult[str]:
        return await fan_out(_Views(), keys(3), _echo, progress=True)

    with pytest.warns(UserWarning, match=r"ayrshare-async\[progress\]"):
        result = anyio.run(main)
    assert len(result.succeeded) == 3


async def _echo(view: str) -> str:
    await anyio.lowlevel.checkpoint()
    return view


# -- the result types and argument checks ----------------------------------------------------------


def test_outcome_repr_masks_the_key() -> None:
    ok = Outcome("PROFILE-KEY-SECRET-abcd", value=7)
    failed = Outcome("PROFILE-KEY-SECRET-wxyz", error=NotImplementedError("nope"))
    assert repr(ok) == "Outcome(profile_key='…abcd', ok=True, value=7)"
    assert (
        repr(failed) == "Outcome(profile_key='…wxyz', ok=False, error=NotImplementedError('nope'))"
    )
    assert "SECRET" not in repr(ok) + repr(failed)
    assert "abc" not in repr(Outcome("abc", value=1))
    assert not hasattr(ok, "__dict__")  # slots: a million outcomes stay small


def test_result_is_a_sequence_of_outcomes_with_failures_split_out() -> None:
    outcomes = [
        Outcome("PROFILE-1111", value=1),
        Outcome("PROFILE-2222", error=ValueError("x")),
        Outcome("PROFILE-3333", value=3),
    ]
    result = FanOutResult(outcomes)
    assert len(result) == 3
    assert list(result) == outcomes
    assert result[1] is outcomes[1]
    assert result[-1] is outcomes[2]
    assert result[1:] == tuple(outcomes[1:])
    assert result.succeeded == [outcomes[0], outcomes[2]]
    assert result.failed == [outcomes[1]]
    assert repr(result) == "FanOutResult(3 outcomes: 2 ok, 1 failed (1 ValueError))"
    assert result.summary() == {"ok": 2, "ValueError": 1}
    with pytest.raises(FanOutError, match="1 of 3 calls failed") as info:
        result.raise_for_failures()
    assert "PROFILE" not in str(info.value)
    FanOutResult(outcomes[::2]).raise_for_failures()  # nothing failed: no error


@pytest.mark.parametrize("concurrency", [0, -3, 1.5, True, None])
def test_fan_out_refuses_a_bad_concurrency(concurrency: Any) -> None:
    async def main() -> None:
        await fan_out(_Views(), keys(3), _echo, concurrency=concurrency)

    with pytest.raises(ValidationError, match="concurrency"):
        anyio.run(main)


@pytest.mark.parametrize("bad", [{"profile_keys": "PROFILE-KEY-1"}, {"progress": "yes"}])
def test_fan_out_refuses_a_string_for_keys_and_an_odd_progress(bad: dict[str, Any]) -> None:
    arguments: dict[str, Any] = {"profile_keys": keys(3), "progress": None, **bad}

    async def main() -> None:
        await fan_out(_Views(), arguments["profile_keys"], _echo, progress=arguments["progress"])

    with pytest.raises(ValidationError):
        anyio.run(main)


def _virtual(fn: Callable[[], Awaitable[Any]]) -> Any:
    return anyio.run(
        fn, backend="trio", backend_options={"clock": trio.testing.MockClock(autojump_threshold=0)}
    )
