"""A client's lifetime: closed clients and other event loops give errors with a way out; the small
API rules of the pipeline (Profile-Key refusal after merging, timeout=None, public names)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest

import ayrshare_async
from ayrshare_async import (
    AsyncAyrshare,
    AyrshareError,
    ClientClosedError,
    EventLoopMismatchError,
    RateLimitError,
    ValidationError,
)
from ayrshare_async.testing import AyrshareEmulator

API_KEY = "test-api-key"


def _client(emulator: AyrshareEmulator, **kwargs: Any) -> AsyncAyrshare:
    return AsyncAyrshare(
        API_KEY, base_url="https://api.ayrshare.com/api", transport=emulator.transport(), **kwargs
    )


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_a_closed_client_and_its_views_raise_client_closed(backend: str) -> None:
    emulator = AyrshareEmulator(API_KEY)
    key = emulator.create_profile("A")

    async def main() -> None:
        client = _client(emulator)
        view = client.with_profile(key)
        await view.user.get()
        await view.aclose()  # a view never closes the pool
        await view.user.get()
        await client.aclose()
        for target in (client, view, client.with_profile(key)):
            with pytest.raises(ClientClosedError, match="closed") as info:
                await target.user.get()
            assert isinstance(info.value, AyrshareError)
            assert isinstance(info.value, RuntimeError)

    anyio.run(main, backend=backend)
    assert len(emulator.log) == 2


@pytest.mark.parametrize("batch", ["fan_out", "delete_many"])
def test_batches_on_a_closed_client_raise_at_once_without_taking_a_key(batch: str) -> None:
    emulator = AyrshareEmulator(API_KEY)
    taken: list[str] = []

    def keys() -> Iterator[str]:
        for n in range(5):
            taken.append(f"KEY-{n}")
            yield f"KEY-{n}"

    async def main() -> None:
        client = _client(emulator)
        await client.aclose()
        run = (
            client.fan_out(keys(), lambda view: view.user.get())
            if batch == "fan_out"
            else client.profiles.delete_many(keys())
        )
        with pytest.raises(ClientClosedError):
            await run

    anyio.run(main)
    assert taken == []
    assert len(emulator.log) == 0


def test_a_client_reused_in_another_event_loop_says_how_to_fix_it() -> None:
    emulator = AyrshareEmulator(API_KEY)
    client = _client(emulator)  # built outside any loop, as module-level code does

    async def use() -> None:
        await client.user.get()

    asyncio.run(use())  # first use binds the pool to this loop
    with pytest.raises(EventLoopMismatchError, match="inside the running loop") as info:
        asyncio.run(use())
    assert "lifespan" in str(info.value)
    assert isinstance(info.value, AyrshareError)
    with pytest.raises(EventLoopMismatchError):
        anyio.run(use, backend="trio")

    async def close() -> None:
        await client.aclose()  # from a foreign loop: marked closed, connections left alone

    asyncio.run(close())
    assert client.is_closed
    assert len(emulator.log) == 1


def test_the_default_backend_is_built_in_the_first_loop_and_serves_it() -> None:
    emulator = AyrshareEmulator(API_KEY)
    key = emulator.create_profile("A")

    async def main() -> None:
        async with _client(emulator) as client:
            await asyncio.gather(*(client.with_profile(key).user.get() for _ in range(5)))

    asyncio.run(main())
    assert len(emulator.log) == 5


# -- Profile-Key refusal applies after every header is merged ------------------------------------


def test_a_profile_key_given_as_a_header_follows_the_route_rules() -> None:
    emulator = AyrshareEmulator(API_KEY)
    key = emulator.create_profile("A")

    async def main() -> None:
        async with _client(emulator) as client:
            view = client.with_options(headers={"profile-key": key})
            await view.profiles.list()  # refused route: not sent
            await view.user.get()  # allowed route: sent
            await client.profiles.list(extra_headers={"Profile-Key": key})

    anyio.run(main)
    sent = [(record.path, record.profile_key) for record in emulator.log]
    assert sent == [("/profiles", None), ("/user", key), ("/profiles", None)]


# -- timeout=None is no timeout, as in httpx ----------------------------------------------------


def test_timeout_none_means_no_timeout_everywhere() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "success", "refId": "r-1"})

    async def main() -> None:
        transport = httpx.MockTransport(handler)
        async with AsyncAyrshare(API_KEY, timeout=None, transport=transport) as client:
            await client.user.get()
        async with AsyncAyrshare(API_KEY, timeout=30, transport=transport) as client:
            await client.with_options(timeout=None).user.get()
            await client.user.get(timeout=None)
            await client.user.get()  # not given: the client's

    anyio.run(main)
    none = {"connect": None, "read": None, "write": None, "pool": None}
    assert [r.extensions["timeout"] for r in seen[:3]] == [none, none, none]
    assert seen[3].extensions["timeout"]["read"] == 30


# -- names users pass in, and how errors show ---------------------------------------------------


def test_the_names_users_pass_in_are_importable_from_the_package() -> None:
    for name in (
        "RateLimiter",
        "AttemptLimiter",
        "RetryPolicy",
        "DEFAULT_TIMEOUT",
        "DEFAULT_MAX_RETRIES",
        "DEFAULT_MAX_CONNECTIONS",
        "DEFAULT_BASE_URL",
        "DEFAULT_CONCURRENCY",
        "DEFAULT_DELETE_RATE",
        "DefaultAsyncHttpxClient",
        "NOT_GIVEN",
        "Success",
        "Failure",
        "ProfileDeleted",
    ):
        assert name in ayrshare_async.__all__
        assert getattr(ayrshare_async, name) is not None


def test_exceptions_show_as_ayrshare_async_names_in_tracebacks() -> None:
    for name in ayrshare_async.__all__:
        value = getattr(ayrshare_async, name)
        if isinstance(value, type) and issubclass(value, BaseException):
            assert value.__module__ == "ayrshare_async", name
    response = httpx.Response(429, request=httpx.Request("GET", "https://x/api/user"))
    error = RateLimitError("slow down", response=response, body=None)
    line = traceback.format_exception_only(type(error), error)[-1]
    assert line.startswith("ayrshare_async.RateLimitError: GET /api/user: slow down")


def test_ayrshare_log_gives_one_line_per_request_and_retry_without_secrets() -> None:
    script = """
import anyio
from ayrshare_async import AsyncAyrshare, RetryPolicy
from ayrshare_async.testing import AyrshareEmulator

emulator = AyrshareEmulator("test-api-key")
key = emulator.create_profile("A")
emulator.faults.fail_next(1, status=503, route="GET /user")

async def main():
    async with AsyncAyrshare("test-api-key", transport=emulator.transport(),
                             retry_policy=RetryPolicy(initial_delay=0.001)) as client:
        await client.with_profile(key).user.get()

anyio.run(main)
print(key)
"""
    env = {**os.environ, "AYRSHARE_LOG": "info"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    key = done.stdout.strip()
    lines = [line for line in done.stderr.splitlines() if "ayrshare_async" in line]
    assert len(lines) == 3, done.stderr
    assert "GET /api/user -> 503 (attempt 1," in lines[0]
    assert "retrying GET /api/user" in lines[1] and "HTTP 503" in lines[1]
    assert "GET /api/user -> 200 (attempt 2," in lines[2]
    assert key not in done.stderr and "test-api-key" not in done.stderr


def test_validation_error_is_also_a_value_error() -> None:
    with pytest.raises(ValueError, match="profile_key"):
        AsyncAyrshare(API_KEY).with_profile("")
    assert issubclass(ValidationError, AyrshareError)


def test_the_default_httpx_client_keeps_the_sdk_pool_and_the_callers_hooks() -> None:
    from ayrshare_async import DefaultAsyncHttpxClient
    from ayrshare_async.testing import serve_in_thread

    emulator = AyrshareEmulator(API_KEY)
    hooked: list[str] = []

    async def log(request: httpx.Request) -> None:
        hooked.append(request.url.path)

    async def main(base_url: str) -> str | None:
        async with DefaultAsyncHttpxClient(event_hooks={"request": [log]}) as http:
            async with AsyncAyrshare(API_KEY, base_url=base_url, http_client=http) as client:
                await client.user.get()
            assert not http.is_closed  # the caller's: it stays open
            return http._transport.backend  # type: ignore[attr-defined, no-any-return]

    with serve_in_thread(emulator) as base_url:
        backend = asyncio.run(main(base_url))
    assert backend == "aiohttp"
    assert hooked == ["/api/user"]
