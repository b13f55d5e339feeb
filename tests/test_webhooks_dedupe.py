"""``Deduplicator``: each ``hookId`` handled once, a failed handler gives its claim back, a
delivery that overlaps another one is told to come back later. Runs on asyncio and trio."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

from ayrshare_async import AyrshareError, ValidationError, webhooks


@pytest.fixture(params=["asyncio", "trio"])
def run(request: pytest.FixtureRequest) -> Callable[[Callable[[], Awaitable[Any]]], Any]:
    return lambda fn: anyio.run(fn, backend=request.param)


@pytest.fixture(params=["memory", "redis"])
def make_store(request: pytest.FixtureRequest) -> Callable[[], webhooks.DedupeStore]:
    """One process's store (every receiver of the test gets the same), or a real Redis that each
    receiver reaches with its own connections, as receivers in other processes would."""
    if request.param == "memory":
        store = webhooks.InMemoryDedupeStore()
        return lambda: store
    url = request.getfixturevalue("redis_url")
    return lambda: webhooks.RedisDedupeStore(url)


async def closed(*dedupes: webhooks.Deduplicator) -> None:
    for dedupe in dedupes:
        aclose = getattr(dedupe.store, "aclose", None)
        if aclose is not None:
            await aclose()


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def event(hook_id: str | None) -> webhooks.WebhookEvent:
    return webhooks.parse_event({"action": "social", "hookId": hook_id})


async def handled(dedupe: webhooks.Deduplicator, item: Any) -> bool:
    async with dedupe.claim(item) as first:
        return first


def test_first_delivery_runs_and_repeats_do_not(run: Any, make_store: Any) -> None:
    async def scenario() -> list[bool]:
        dedupe = webhooks.Deduplicator(make_store())
        seen = [
            await handled(dedupe, event("hk_1")),
            await handled(dedupe, event("hk_1")),
            await handled(dedupe, "hk_1"),
            await handled(dedupe, event("hk_2")),
        ]
        await closed(dedupe)
        return seen

    assert run(scenario) == [True, False, False, True]


def test_a_failed_handler_gives_the_claim_back(run: Any, make_store: Any) -> None:
    async def scenario() -> list[bool]:
        dedupe = webhooks.Deduplicator(make_store())
        with pytest.raises(RuntimeError):
            async with dedupe.claim(event("hk_1")):
                raise RuntimeError("database down")
        seen = [await handled(dedupe, event("hk_1")), await handled(dedupe, event("hk_1"))]
        await closed(dedupe)
        return seen

    assert run(scenario) == [True, False]


def test_a_cancelled_handler_gives_the_claim_back(run: Any, make_store: Any) -> None:
    async def scenario() -> bool:
        dedupe = webhooks.Deduplicator(make_store())
        with anyio.move_on_after(0.01):
            async with dedupe.claim(event("hk_1")):
                await anyio.sleep(10)
        again = await handled(dedupe, event("hk_1"))
        await closed(dedupe)
        return again

    assert run(scenario) is True


def test_an_overlapping_delivery_is_told_to_retry(run: Any, make_store: Any) -> None:
    async def scenario() -> tuple[str, bool]:
        first_receiver = webhooks.Deduplicator(make_store())
        second_receiver = webhooks.Deduplicator(make_store())  # another process, same store
        async with first_receiver.claim(event("hk_1")) as first:
            assert first
            with pytest.raises(webhooks.DeliveryInProgressError) as caught:
                async with second_receiver.claim(event("hk_1")):
                    pytest.fail("the block of an overlapping delivery must not run")
        again = await handled(second_receiver, event("hk_1"))
        await closed(first_receiver, second_receiver)
        return caught.value.hook_id, again

    hook_id, again = run(scenario)
    assert hook_id == "hk_1"
    assert again is False
    assert issubclass(webhooks.DeliveryInProgressError, AyrshareError)


def test_events_without_a_hook_id_always_run(run: Any) -> None:
    async def scenario() -> list[bool]:
        dedupe = webhooks.Deduplicator()
        return [await handled(dedupe, event(None)) for _ in range(2)] + [await handled(dedupe, "")]

    assert run(scenario) == [True, True, True]


def test_claims_expire_after_their_ttl(run: Any) -> None:
    clock = FakeClock()

    async def scenario() -> list[bool]:
        store = webhooks.InMemoryDedupeStore(clock=clock)
        dedupe = webhooks.Deduplicator(store, ttl=100, processing_ttl=10)
        seen = [await handled(dedupe, "hk_1")]
        clock.now = 99.0
        seen.append(await handled(dedupe, "hk_1"))
        clock.now = 100.0
        seen.append(await handled(dedupe, "hk_1"))
        # a claim whose process died mid-way holds for processing_ttl only
        await store.add("ayrshare:webhook:hk_2", "processing", 10)
        with pytest.raises(webhooks.DeliveryInProgressError):
            await handled(dedupe, "hk_2")
        clock.now = 110.0
        seen.append(await handled(dedupe, "hk_2"))
        return seen

    assert run(scenario) == [True, False, True, True]


def test_the_in_memory_store_is_bounded() -> None:
    clock = FakeClock()
    store = webhooks.InMemoryDedupeStore(max_entries=3, clock=clock)

    async def scenario() -> list[str | None]:
        for n, ttl in enumerate([50, 10, 40, 30]):
            await store.add(f"k{n}", "done", ttl)
        return [await store.add(f"k{n}", "new", 1) for n in range(4)]

    # k1 expires first, so it was evicted when k3 came in
    assert anyio.run(scenario) == ["done", None, "done", "done"]
    assert len(store) == 3


class DictStore:
    """Another store, written only against the protocol (what a Redis store would implement)."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.calls: list[tuple[str, str]] = []

    async def add(self, key: str, value: str, ttl: float) -> str | None:
        self.calls.append(("add", key))
        if key in self.values:
            return self.values[key]
        self.values[key] = value
        return None

    async def put(self, key: str, value: str, ttl: float) -> None:
        self.calls.append(("put", key))
        self.values[key] = value

    async def delete(self, key: str) -> None:
        self.calls.append(("delete", key))
        self.values.pop(key, None)


def test_any_store_with_the_three_calls_plugs_in(run: Any) -> None:
    store = DictStore()

    async def scenario() -> list[bool]:
        dedupe = webhooks.Deduplicator(store, prefix="app:")
        first = await handled(dedupe, "hk_1")
        with pytest.raises(ValueError, match="boom"):
            async with dedupe.claim("hk_2"):
                raise ValueError("boom")
        return [first, await handled(dedupe, "hk_1")]

    assert run(scenario) == [True, False]
    assert isinstance(store, webhooks.DedupeStore)
    assert store.values == {"app:hk_1": "done"}
    assert store.calls == [
        ("add", "app:hk_1"),
        ("put", "app:hk_1"),
        ("add", "app:hk_2"),
        ("delete", "app:hk_2"),
        ("add", "app:hk_1"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ttl": 0}, "ttl"),
        ({"processing_ttl": -1}, "processing_ttl"),
        ({"store": object()}, "DedupeStore"),
    ],
)
def test_bad_configuration(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        webhooks.Deduplicator(**kwargs)
    with pytest.raises(ValidationError, match="max_entries"):
        webhooks.InMemoryDedupeStore(max_entries=0)
