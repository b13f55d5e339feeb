"""The emulator's HTTP behaviour: auth, the error envelope, rate limits and compression."""

from __future__ import annotations

import gzip
import json
import zlib

import brotli  # type: ignore[import-untyped]
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


def assert_envelope(response: httpx.Response, status: int, code: int | None = None) -> None:
    assert response.status_code == status
    body = response.json()
    assert set(body) >= {"action", "status", "code", "message"}
    assert body["status"] == "error"
    assert isinstance(body["code"], int)
    if code is not None:
        assert body["code"] == code


@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong-key", "test-api-key", "Basic test-api-key", "Bearer "]
)
async def test_missing_or_wrong_api_key_is_401(authorization: str | None) -> None:
    emulator = AyrshareEmulator()
    headers = {} if authorization is None else {"Authorization": authorization}
    async with httpx.AsyncClient(transport=emulator.transport(), base_url=BASE) as client:
        response = await client.get("/user", headers=headers)

    assert_envelope(response, 401)
    assert "x-ratelimit-count" not in response.headers
    assert emulator.requests[0].status == 401


async def test_a_profile_key_cannot_stand_in_for_the_api_key() -> None:
    emulator = AyrshareEmulator()
    key = emulator.create_profile("Acme")
    async with httpx.AsyncClient(transport=emulator.transport(), base_url=BASE) as client:
        response = await client.get(
            "/user", headers={"Authorization": f"Bearer {key}", "Profile-Key": key}
        )
    assert_envelope(response, 401)
    assert key not in response.text


async def test_suspended_profiles_get_403(ayrshare_emulator: AyrshareEmulator) -> None:
    suspended = ayrshare_emulator.create_profile("Suspended")
    fine = ayrshare_emulator.create_profile("Fine")
    ayrshare_emulator.suspend(suspended)
    async with client_for(ayrshare_emulator) as client:
        blocked = await client.get("/user", headers={"Profile-Key": suspended})
        allowed = await client.get("/user", headers={"Profile-Key": fine})
        ayrshare_emulator.suspend()
        everyone = await client.get("/user", headers={"Profile-Key": fine})
        ayrshare_emulator.unsuspend()
        ayrshare_emulator.unsuspend(suspended)
        back = await client.get("/user", headers={"Profile-Key": suspended})

    assert_envelope(blocked, 403)
    assert allowed.status_code == 200
    assert_envelope(everyone, 403)
    assert back.status_code == 200


async def test_unknown_profile_key_is_404(ayrshare_emulator: AyrshareEmulator) -> None:
    async with client_for(ayrshare_emulator, **{"Profile-Key": "NOPE"}) as client:
        response = await client.get("/history")
        account_level = await client.get("/profiles")

    assert_envelope(response, 404)
    assert "NOPE" not in response.text
    assert account_level.status_code == 200, "account-level routes ignore Profile-Key"


async def test_unknown_path_and_wrong_method(ayrshare_emulator: AyrshareEmulator) -> None:
    async with client_for(ayrshare_emulator) as client:
        unknown = await client.get("/not-an-endpoint")
        legacy = await client.post("/profiles/create-profile", json={"title": "x"})
        wrong_method = await client.put("/post", json={})
        bad_json = await client.post(
            "/post", content=b"{not json", headers={"Content-Type": "application/json"}
        )

    assert_envelope(unknown, 404)
    assert_envelope(legacy, 404)
    assert_envelope(wrong_method, 405)
    assert_envelope(bad_json, 400, 101)


async def test_rate_limit_headers_count_and_429() -> None:
    clock = ManualClock()
    emulator = AyrshareEmulator(clock=clock, rate_limit=5, rate_window=300)
    other = emulator.create_profile("Other")
    async with client_for(emulator) as client:
        counts = []
        for _ in range(5):
            response = await client.get("/user")
            assert response.headers["x-ratelimit-max"] == "5"
            counts.append(int(response.headers["x-ratelimit-count"]))
            clock.advance(10)
        limited = await client.get("/user")
        other_profile = await client.get("/user", headers={"Profile-Key": other})
        clock.advance(300 - 50)
        one_freed = await client.get("/user")
        limited_again = await client.get("/user")

    assert counts == [1, 2, 3, 4, 5]
    assert_envelope(limited, 429)
    assert limited.headers["x-ratelimit-count"] == "5"
    assert "retry-after" not in limited.headers
    assert other_profile.headers["x-ratelimit-count"] == "1", "each profile has its own bucket"
    assert one_freed.status_code == 200
    assert limited_again.status_code == 429


async def test_retry_after_on_the_emulators_own_429s() -> None:
    clock = ManualClock()
    emulator = AyrshareEmulator(clock=clock, rate_limit=1, retry_after_on_429=True)
    async with client_for(emulator) as client:
        await client.get("/user")
        clock.advance(299.5)
        limited = await client.get("/user")

    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert limited.headers["retry-after-ms"] == "500"


async def test_repeated_429s_suspend_the_profile() -> None:
    emulator = AyrshareEmulator(clock=ManualClock(), rate_limit=1, suspend_after=3)
    key = emulator.create_profile("Hammer")
    async with client_for(emulator, **{"Profile-Key": key}) as client:
        statuses = [(await client.get("/user")).status_code for _ in range(5)]

    assert statuses == [200, 429, 429, 429, 403]
    assert emulator.is_suspended(key)


def _decode(raw: bytes, coding: str | None) -> bytes:
    if coding == "br":
        return bytes(brotli.decompress(raw))
    if coding == "gzip":
        return gzip.decompress(raw)
    if coding == "deflate":
        return zlib.decompress(raw)
    return raw


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("deflate, gzip, br", "br"),
        ("br", "br"),
        ("gzip, deflate", "gzip"),
        ("deflate", "deflate"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("identity", None),
        ("", None),
    ],
)
async def test_compression_is_chosen_by_accept_encoding(accept: str, expected: str | None) -> None:
    emulator = AyrshareEmulator()
    for n in range(20):
        emulator.create_profile(f"A profile with a fairly long title number {n}")
    transport = emulator.transport()
    request = httpx.Request(
        "GET",
        f"{BASE}/profiles",
        headers={"Authorization": f"Bearer {emulator.api_key}", "Accept-Encoding": accept},
    )
    response = await transport.handle_async_request(request)
    raw = b"".join([chunk async for chunk in response.aiter_raw()])

    assert response.headers.get("content-encoding") == expected
    assert int(response.headers["content-length"]) == len(raw)
    body = json.loads(_decode(raw, expected))
    assert len(body["profiles"]) == 20
    if expected is not None:
        assert len(raw) < len(_decode(raw, expected))


async def test_small_bodies_are_not_compressed(ayrshare_emulator: AyrshareEmulator) -> None:
    async with client_for(ayrshare_emulator, **{"Accept-Encoding": "br"}) as client:
        response = await client.get("/auto-schedule/list")
    assert len(response.content) <= 1024
    assert "content-encoding" not in response.headers


async def test_httpx_decodes_what_the_emulator_compresses() -> None:
    emulator = AyrshareEmulator()
    key = emulator.create_profile("Acme")
    emulator.add_native_posts(key, "facebook", 40, text="A long enough native post text")
    async with client_for(emulator, **{"Profile-Key": key}) as client:
        response = await client.get("/history/facebook", params={"limit": 40})
    assert response.headers["content-encoding"] == "br"
    assert len(response.json()["posts"]) == 40


async def test_every_documented_route_answers(ayrshare_emulator: AyrshareEmulator) -> None:
    from ayrshare_async.testing._canned import CANNED

    key = ayrshare_emulator.create_profile("Acme")
    async with client_for(ayrshare_emulator, **{"Profile-Key": key}) as client:
        for method, template, operation, _answer, _account in CANNED:
            path = template.replace("{platform}", "facebook").replace("{id}", "abc")
            path = path.replace("{commentId}", "c1")
            body = {"post": "Hello from the emulator"} if method != "GET" else None
            response = await client.request(method, path, json=body)
            assert response.status_code == 200, operation
            body = response.json()
            if operation == "analytics.links_legacy":  # documented as a JSON array
                assert body == [], operation
            else:
                assert body["status"] == "success", operation
    operations = {r.operation for r in ayrshare_emulator.requests}
    assert len(operations) == len(CANNED)
