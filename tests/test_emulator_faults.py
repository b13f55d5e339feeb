"""Fault injection and the request log."""

from __future__ import annotations

import json

import anyio
import httpx
import pytest

from ayrshare_async.testing import AyrshareEmulator, ManualClock

BASE = "https://api.ayrshare.com/api"


def client_for(emulator: AyrshareEmulator, **headers: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=emulator.transport(),
        base_url=BASE,
        headers={"Authorization": f"Bearer {emulator.api_key}", **headers},
    )


async def test_fail_next_n_with_retry_after(ayrshare_emulator: AyrshareEmulator) -> None:
    ayrshare_emulator.faults.fail_next(2, status=503, retry_after=7, route="POST /post")
    post = {"post": "Hi", "platforms": ["facebook"]}
    async with client_for(ayrshare_emulator) as client:
        other_route = await client.get("/user")
        failures = [await client.post("/post", json=post) for _ in range(2)]
        success = await client.post("/post", json=post)

    assert other_route.status_code == 200
    for failure in failures:
        assert failure.status_code == 503
        assert failure.headers["retry-after"] == "7"
        assert "retry-after-ms" not in failure.headers
        assert failure.json()["status"] == "error"
    assert success.status_code == 200
    assert len(ayrshare_emulator.posts()) == 1, "injected failures never reach the state"
    assert [r.fault for r in ayrshare_emulator.requests] == [None, "status", "status", None]


async def test_fractional_retry_after_also_in_milliseconds(
    ayrshare_emulator: AyrshareEmulator,
) -> None:
    ayrshare_emulator.faults.fail_next(status=429, retry_after=0.25, route="user.get")
    async with client_for(ayrshare_emulator) as client:
        response = await client.get("/user")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert response.headers["retry-after-ms"] == "250"


async def test_error_rate_per_profile_and_route() -> None:
    emulator = AyrshareEmulator(seed=3)
    flaky = emulator.create_profile("Flaky")
    steady = emulator.create_profile("Steady")
    emulator.faults.error_rate(1.0, status=502, profile_key=flaky)
    emulator.faults.error_rate(0.5, status=500, route="/history")
    async with client_for(emulator) as client:
        flaky_user = await client.get("/user", headers={"Profile-Key": flaky})
        steady_user = await client.get("/user", headers={"Profile-Key": steady})
        history = [
            (await client.get("/history", headers={"Profile-Key": steady})).status_code
            for _ in range(40)
        ]

    assert flaky_user.status_code == 502
    assert steady_user.status_code == 200
    assert 5 < history.count(500) < 35
    assert set(history) == {200, 500}


async def test_dropped_connection_before_processing(ayrshare_emulator: AyrshareEmulator) -> None:
    ayrshare_emulator.faults.drop_next(route="profiles.create")
    async with client_for(ayrshare_emulator) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post("/profiles", json={"title": "Lost"})
        retried = await client.post("/profiles", json={"title": "Lost"})

    assert retried.status_code == 200, "the dropped request changed nothing"
    first = ayrshare_emulator.requests[0]
    assert (first.status, first.fault) == (None, "drop")


async def test_dropped_connection_after_processing(ayrshare_emulator: AyrshareEmulator) -> None:
    ayrshare_emulator.faults.drop_next(route="profiles.create", after_processing=True)
    async with client_for(ayrshare_emulator) as client:
        with pytest.raises(httpx.ReadError):
            await client.post("/profiles", json={"title": "Landed"})
        retried = await client.post("/profiles", json={"title": "Landed"})

    assert retried.status_code == 400
    assert retried.json()["code"] == 146, "the first attempt did create the profile"
    assert ayrshare_emulator.requests[0].fault == "drop_after"


@pytest.mark.parametrize("mode", ["invalid", "truncated"])
async def test_corrupt_bodies(ayrshare_emulator: AyrshareEmulator, mode: str) -> None:
    ayrshare_emulator.faults.corrupt_next(mode=mode, route="GET /user")  # type: ignore[arg-type]
    async with client_for(ayrshare_emulator) as client:
        broken = await client.get("/user")
        fine = await client.get("/user")

    assert broken.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken.content)
    if mode == "truncated":
        assert fine.text.startswith(broken.text)
    assert fine.json()["title"] == "Primary Profile"


async def test_fixed_and_random_latency() -> None:
    emulator = AyrshareEmulator()
    emulator.faults.latency(0.03, route="user.get")
    emulator.faults.latency((0.01, 0.02), route="history.list")
    async with client_for(emulator) as client:
        await client.get("/user")
        await client.get("/history")
        await client.get("/auto-schedule/list")

    user, history, schedules = emulator.requests
    assert user.duration >= 0.03
    assert 0.01 <= history.duration < 0.5
    assert schedules.duration < 0.03


async def test_in_flight_peak_and_window_counts() -> None:
    emulator = AyrshareEmulator()
    emulator.faults.latency(0.05)
    async with client_for(emulator) as client, anyio.create_task_group() as tg:
        for _ in range(12):
            tg.start_soon(client.get, "/user")

    assert emulator.max_in_flight == 12
    assert emulator.in_flight == 0
    assert emulator.max_in_window("/user", 1.0) == 12
    assert emulator.max_in_window(lambda r: r.status == 200, 1.0) == 12
    assert emulator.max_in_window("POST /post", 1.0) == 0
    emulator.reset_log()
    assert emulator.requests == []
    assert emulator.max_in_flight == 0


async def test_an_in_process_call_suspends_as_a_network_call_does() -> None:
    emulator = AyrshareEmulator()  # no latency
    post = {"post": "Sent, then timed out", "platforms": ["facebook"]}
    async with client_for(emulator) as client:
        async with anyio.create_task_group() as tg:
            for _ in range(12):
                tg.start_soon(client.get, "/user")
        with pytest.raises(TimeoutError):
            with anyio.fail_after(0):
                await client.post("/post", json=post)

    assert emulator.max_in_flight == 12, "concurrent calls overlap"
    assert emulator.in_flight == 0
    # the timeout struck while the answer was on its way: the emulator acted on the request
    assert [p["post"] for p in emulator.posts()] == [post["post"]]
    assert emulator.requests[-1].fault == "abandoned"


async def test_max_in_window_slides() -> None:
    clock = ManualClock()
    emulator = AyrshareEmulator(clock=clock)
    async with client_for(emulator) as client:
        for gap in (0.0, 0.3, 0.3, 0.3, 0.2, 0.5):
            clock.advance(gap)
            await client.get("/user")
    # arrivals at 0, .3, .6, .9, 1.1, 1.6: at most 4 share a span shorter than 1 s
    assert emulator.max_in_window("user.get", 1.0) == 4
    assert emulator.max_in_window("user.get", 2.0) == 6
    assert len(emulator.log.select("user.get", status=200)) == 6


async def test_platform_failure_is_partial(ayrshare_emulator: AyrshareEmulator) -> None:
    ayrshare_emulator.faults.fail_platform(
        "facebook", code=161, message="Facebook authorization error", retry_available=False
    )
    async with client_for(ayrshare_emulator) as client:
        response = await client.post(
            "/post", json={"post": "x", "platforms": ["facebook", "linkedin"]}
        )

    body = response.json()
    assert response.status_code == 400
    assert body["errors"] == [
        {
            "action": "post",
            "status": "error",
            "code": 161,
            "message": "Facebook authorization error",
            "platform": "facebook",
        }
    ]
    assert [p["platform"] for p in body["postIds"]] == ["linkedin"]


async def test_clear_removes_every_rule(ayrshare_emulator: AyrshareEmulator) -> None:
    ayrshare_emulator.faults.fail_next(5)
    ayrshare_emulator.faults.latency(10)
    ayrshare_emulator.faults.clear()
    async with client_for(ayrshare_emulator) as client:
        response = await client.get("/user")
    assert response.status_code == 200


def test_fault_arguments_are_checked(ayrshare_emulator: AyrshareEmulator) -> None:
    faults = ayrshare_emulator.faults
    with pytest.raises(ValueError, match="count"):
        faults.fail_next(0)
    with pytest.raises(ValueError, match="rate"):
        faults.error_rate(1.5)
    with pytest.raises(ValueError, match="HTTP status"):
        faults.fail_next(status=42)
    with pytest.raises(ValueError, match="latency"):
        faults.latency((0.2, 0.1))


async def test_reprs_and_logs_hide_keys() -> None:
    emulator = AyrshareEmulator(api_key="secret-api-key-1234")
    key = emulator.create_profile("Acme")
    async with client_for(emulator, **{"Profile-Key": key}) as client:
        await client.get("/user")

    record = emulator.requests[0]
    assert record.profile_key == key
    for text in (repr(record), repr(emulator), repr(emulator.transport()), repr(emulator.faults)):
        assert key not in text
        assert "secret-api-key" not in text
