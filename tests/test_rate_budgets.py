"""The client keeps Ayrshare's budgets: every attempt spends them, the server's answers correct them,
and a batch job walks into no 429. The emulator is the oracle (its windows answer 429 and report
what they saw). Most tests run on trio's virtual clock, with the emulator reading that clock, so
Ayrshare's real 5-minute windows cost no real time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx
import pytest
import trio
import trio.testing

from ayrshare_async import (
    AsyncAyrshare,
    BudgetExhaustedError,
    BudgetStoreError,
    RateBudgets,
    RateLimitError,
    RetryPolicy,
    ValidationError,
)
from ayrshare_async.budgets import MemoryStore
from ayrshare_async.testing import AyrshareEmulator

API_KEY = "test-api-key"


class LoopClock:
    """The emulator's clock = the event loop's (trio's virtual clock in these tests)."""

    def now(self) -> float:
        return trio.current_time()

    def advance(self, seconds: float) -> None:
        raise NotImplementedError("the virtual clock moves by itself")


def virtual(main: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``main`` on trio with a virtual clock that jumps over every sleep."""
    return trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0))


def client_for(emulator: AyrshareEmulator, **kwargs: Any) -> AsyncAyrshare:
    kwargs.setdefault("rate_store", MemoryStore())  # each test its own budgets
    return AsyncAyrshare(
        emulator.api_key,
        base_url="https://api.ayrshare.com/api",
        transport=emulator.transport(),
        **kwargs,
    )


# -- a batch job never walks into a 429 -----------------------------------------------------------


def test_creating_more_profiles_than_the_primary_window_allows_waits_instead_of_429() -> None:
    """Ayrshare's own numbers: 300 requests per 300 s for the Primary Profile; 700 creations."""

    async def main() -> tuple[float, AyrshareEmulator]:
        emulator = AyrshareEmulator(API_KEY, clock=LoopClock(), rate_limit=300, rate_window=300.0)
        async with client_for(emulator) as client:
            started = trio.current_time()
            for n in range(700):
                await client.profiles.create(title=f"customer {n}")
            return trio.current_time() - started, emulator

    took, emulator = virtual(main)
    report = emulator.limit_report()["profile:primary"]
    assert report.refused == 0
    assert report.peak == 300
    minimum = 2 * 300.0  # the 301st can go one window after the 1st, the 601st after the 301st
    assert minimum <= took <= 1.10 * minimum


def test_a_fan_out_of_several_calls_per_profile_stays_in_each_profile_window() -> None:
    async def main() -> tuple[float, AyrshareEmulator, list[str]]:
        emulator = AyrshareEmulator(API_KEY, clock=LoopClock(), rate_limit=20, rate_window=10.0)
        keys = [emulator.create_profile(f"p{n}") for n in range(6)]
        budgets = RateBudgets(requests=20, window=10.0, margin=0.01)
        async with client_for(emulator, rate_budgets=budgets) as client:

            async def fifty_calls(view: AsyncAyrshare) -> int:
                for _ in range(50):
                    await view.user.get()
                return 50

            started = trio.current_time()
            result = await client.fan_out(keys, fifty_calls, concurrency=6)
            result.raise_for_failures()
            return trio.current_time() - started, emulator, keys

    took, emulator, keys = virtual(main)
    report = emulator.limit_report()
    for key in keys:
        assert report[f"profile:{key}"].refused == 0
        assert report[f"profile:{key}"].peak == 20
    minimum = 2 * 10.0  # 50 calls per profile: three windows' worth, the last one starting at 20 s
    assert minimum <= took <= 1.10 * minimum


def test_every_profile_delete_spends_the_account_ceiling_not_only_delete_many() -> None:
    async def main() -> AyrshareEmulator:
        emulator = AyrshareEmulator(API_KEY, clock=LoopClock())
        keys = [emulator.create_profile(f"p{n}") for n in range(30)]
        async with client_for(emulator) as client, anyio.create_task_group() as group:
            for key in keys:  # plain concurrent deletes, each through its own view
                group.start_soon(client.with_profile(key).profiles.delete)
        return emulator

    emulator = virtual(main)
    deletes = emulator.limit_report()["deletes"]
    assert deletes.refused == 0
    assert deletes.peak <= 8
    assert emulator.profile_keys() == []


def test_the_budget_follows_what_the_server_reports() -> None:
    """Another program spent 290 of the Primary Profile's 300: the client sees it in the headers
    of its first answer and waits for the window instead of running into 429s."""

    async def main() -> tuple[float, AyrshareEmulator]:
        emulator = AyrshareEmulator(API_KEY, clock=LoopClock())
        async with client_for(emulator, rate_budgets=None) as other:
            for _ in range(290):
                await other.user.get()
        async with client_for(emulator) as client:
            started = trio.current_time()
            for _ in range(20):
                await client.user.get()
            return trio.current_time() - started, emulator

    took, emulator = virtual(main)
    assert emulator.limit_report()["profile:primary"].refused == 0
    assert took >= 300.0  # the eleventh call had to wait for the window the other program filled


def test_a_smaller_server_limit_shrinks_the_room() -> None:
    async def main() -> AyrshareEmulator:
        emulator = AyrshareEmulator(API_KEY, clock=LoopClock(), rate_limit=5, rate_window=300.0)
        async with client_for(emulator) as client:  # the client thinks 300; the server says 5
            for _ in range(12):
                await client.user.get()
        return emulator

    emulator = virtual(main)
    assert emulator.limit_report()["profile:primary"].refused == 0


# -- raise instead of wait -------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["raise", "max_wait"])
def test_a_spent_budget_raises_at_once_with_retry_after_and_sends_nothing(when: str) -> None:
    budgets = (
        RateBudgets(requests=3, window=60.0, when_spent="raise")
        if when == "raise"
        else RateBudgets(requests=3, window=60.0, max_wait=5.0)
    )

    async def main() -> tuple[BudgetExhaustedError, AyrshareEmulator, float]:
        emulator = AyrshareEmulator(API_KEY, clock=LoopClock())
        async with client_for(emulator, rate_budgets=budgets) as client:
            for _ in range(3):
                await client.user.get()
            started = trio.current_time()
            with pytest.raises(BudgetExhaustedError) as info:
                await client.user.get()
            return info.value, emulator, trio.current_time() - started

    error, emulator, waited = virtual(main)
    assert isinstance(error, RateLimitError)
    assert error.retry_after is not None and 60.0 <= error.retry_after <= 60.25  # + the margin
    assert waited == 0.0
    assert len(emulator.log) == 3  # the fourth was never sent
    assert "Not sent" in str(error) and "3 requests per 60 s" in str(error)
    assert str(error).startswith("GET /api/user: ")


# -- retry_after on every 429, and the suspension guard ------------------------------------------


def _answering(*responses: httpx.Response) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    script = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return script.pop(0) if len(script) > 1 else script[0]

    return httpx.MockTransport(handler), seen


async def _no_sleep(_: float) -> None:
    return None


def _limited(**headers: str) -> httpx.Response:
    body = {"status": "error", "code": 429, "message": "Too many requests"}
    return httpx.Response(429, json=body, headers=headers)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "7", "x-ratelimit-reset": "2500"}, 7.0),  # Retry-After first
        ({"x-ratelimit-reset": "2500"}, 2.5),  # then the rate headers (ms until the reset)
        ({"x-ratelimit-max": "300", "x-ratelimit-count": "300"}, "budget"),  # then the budget
        ({}, 1.0),  # a 429 that says nothing: the retry policy's rate_limit_delay
    ],
)
def test_retry_after_is_set_on_every_429(headers: dict[str, str], expected: float | str) -> None:
    async def main() -> RateLimitError:
        transport, _ = _answering(_limited(**headers))
        async with AsyncAyrshare(
            API_KEY,
            transport=transport,
            max_retries=0,
            rate_store=MemoryStore(),
            rate_budgets=RateBudgets(window=120.0, margin=0.0),
        ) as client:
            with pytest.raises(RateLimitError) as info:
                await client.user.get()
            return info.value

    error = virtual(main)
    if expected == "budget":
        assert error.retry_after is not None and 119.0 < error.retry_after <= 120.0
    else:
        assert error.retry_after == expected


def test_after_repeated_429s_a_profile_is_no_longer_retried() -> None:
    async def main() -> tuple[list[RateLimitError], list[httpx.Request]]:
        transport, seen = _answering(_limited())
        errors = []
        async with AsyncAyrshare(
            API_KEY,
            transport=transport,
            retry_policy=RetryPolicy(sleep=_no_sleep),
            rate_store=MemoryStore(),
            rate_budgets=RateBudgets(suspension_guard=4),
        ) as client:
            view = client.with_profile("PROFILE-KEY-AT-RISK")
            for _ in range(3):
                with pytest.raises(RateLimitError) as info:
                    await view.user.get()
                errors.append(info.value)
        return errors, seen

    errors, seen = virtual(main)
    # 1st call: 429, retried once, 429 (2 rejections); 2nd: 429 (3), retried, 429 (4: the guard)
    # 3rd: 429 (5), not retried
    assert len(seen) == 5
    assert errors[0].rejections is None
    assert errors[1].rejections == 4 and errors[2].rejections == 5
    assert "suspends" in str(errors[2]) and "PROFILE-KEY-AT-RISK" not in str(errors[2])


def test_a_network_throttle_429_does_not_fill_the_profile_budget() -> None:
    async def main() -> float:
        throttled = httpx.Response(
            429, json={"status": "error", "code": 444, "message": "Facebook is throttling"}
        )
        transport, _ = _answering(throttled, httpx.Response(200, json={"status": "success"}))
        async with AsyncAyrshare(
            API_KEY, transport=transport, max_retries=0, rate_store=MemoryStore()
        ) as client:
            with pytest.raises(RateLimitError):
                await client.analytics.social(platforms=["facebook"])
            started = trio.current_time()
            await client.analytics.social(platforms=["facebook"])
            return trio.current_time() - started

    assert virtual(main) == 0.0


# -- the store: configuration and failures -----------------------------------------------------


def test_an_unreachable_redis_fails_the_call_clearly_and_sends_nothing() -> None:
    emulator = AyrshareEmulator(API_KEY)

    async def main() -> None:
        store = "redis://:hunter2-password@127.0.0.1:1/0?timeout=0.5"
        async with client_for(emulator, rate_store=store) as client:
            with pytest.raises(BudgetStoreError) as info:
                await client.user.get()
            assert "127.0.0.1:1" in str(info.value)
            assert "hunter2" not in str(info.value)

    anyio.run(main)
    assert len(emulator.log) == 0


def test_the_rate_store_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, redis_url: str
) -> None:
    monkeypatch.setenv("AYRSHARE_RATE_STORE", redis_url)
    emulator = AyrshareEmulator(API_KEY)

    async def main() -> None:
        async with AsyncAyrshare(emulator.api_key, transport=emulator.transport()) as client:
            await client.user.get()
            assert type(client._budget.store).__name__ == "RedisStore"  # type: ignore[union-attr]

    anyio.run(main)
    assert len(emulator.log) == 1


@pytest.mark.parametrize(
    "bad",
    [{"rate_store": "memcached://x"}, {"rate_store": 5}, {"rate_budgets": "fast"}],
)
def test_bad_budget_settings_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        AsyncAyrshare(API_KEY, **bad)


@pytest.mark.parametrize(
    "fields",
    [{"requests": 0}, {"window": 0}, {"margin": -1}, {"when_spent": "sometimes"}, {"max_wait": -2}],
)
def test_bad_rate_budgets_are_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        RateBudgets(**fields)
