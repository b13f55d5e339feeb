"""One failure model on every backend: each fault gives the same class, retry decision and attempts.

The faults are real (a loopback server that resets, cuts and corrupts, tests/_faulty_server.py);
the backends are aiohttp and httpx's sharded pool on asyncio, httpx on trio, and a caller's own
``httpx.AsyncClient``. Each row of the table states what every backend must do.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import attrs
import brotli
import httpx
import pytest
from _faulty_server import Answer, FaultyServer, Seen, http_response, serving

from ayrshare_async import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncAyrshare,
    AyrshareError,
    InternalServerError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
)
from ayrshare_async._route import Route
from ayrshare_async.models import JsonObject

API_KEY = "sk-FAULT-MATRIX-SECRET-9"
MAX_RETRIES = 2
READ_TIMEOUT = 0.1
OK = json.dumps({"status": "success", "items": list(range(200))}).encode()


async def _no_sleep(_: float) -> None:
    return None


def _answers(seen: Seen) -> Answer:
    path = seen.path.split("?")[0].removeprefix("/api")
    error = json.dumps({"status": "error", "code": 500, "message": "try later"}).encode()
    if path == "/ok":
        return Answer(http_response(OK))
    if path == "/e503":
        return Answer(http_response(error, status="503 Service Unavailable"))
    if path == "/e429":
        return Answer(
            http_response(error, status="429 Too Many Requests", headers={"retry-after": "0"})
        )
    if path == "/e429-bare":
        return Answer(http_response(error, status="429 Too Many Requests"))
    if path == "/reset":
        return Answer(reset=True)
    if path == "/hangup":
        return Answer(close=True)
    if path == "/drop-mid-body":
        head = http_response(OK, headers={"content-length": str(len(OK))})
        return Answer(head[: len(head) - len(OK) // 2], close=True)
    if path.startswith(("/gzip-", "/br-")):
        coding, damage = path[1:].split("-")
        packed = gzip.compress(OK) if coding == "gzip" else brotli.compress(OK)
        damaged = {"good": packed, "truncated": packed[: len(packed) // 2]}
        body = damaged.get(damage, b"\x1f\x8b" + b"garbage" * 9)
        return Answer(http_response(body, headers={"content-encoding": coding}))
    if path == "/invalid-json":
        return Answer(http_response(b"<html><body>maintenance</body></html>"))
    if path == "/status-error":
        body = {"status": "error", "code": 399, "message": "not on this plan"}
        return Answer(http_response(json.dumps(body).encode()))
    if path == "/slow":
        return Answer(hold=READ_TIMEOUT * 3, close=True)
    if path == "/deep":
        return Answer(http_response(b"[" * 10_000 + b"]" * 10_000))
    return Answer(http_response(b'{"status": "error"}', status="404 Not Found"))


@attrs.frozen
class Fault:
    path: str
    error: type[AyrshareError]
    attempts: int
    method: str = "GET"


RETRIED = MAX_RETRIES + 1
FAULTS = [
    Fault("/e503", InternalServerError, RETRIED),
    Fault("/e429", RateLimitError, 2),  # a 429 is retried once per call (suspension risk)
    Fault("/e429-bare", RateLimitError, 2),
    Fault("/reset", APIConnectionError, RETRIED),
    Fault("/hangup", APIConnectionError, RETRIED),
    Fault("/drop-mid-body", APIConnectionError, RETRIED),
    Fault("/gzip-truncated", APIConnectionError, RETRIED),
    Fault("/gzip-corrupt", APIConnectionError, RETRIED),
    Fault("/br-truncated", APIConnectionError, RETRIED),
    Fault("/br-corrupt", APIConnectionError, RETRIED),
    Fault("/invalid-json", APIResponseValidationError, 1),
    Fault("/status-error", PermissionDeniedError, 1),
    Fault("/slow", APITimeoutError, RETRIED),
    Fault("/deep", APIResponseValidationError, 1),
    # A plain POST may act twice: never repeated, whatever went wrong after it was sent.
    Fault("/e503", InternalServerError, 1, "POST"),
    Fault("/e429", RateLimitError, 1, "POST"),
    Fault("/reset", APIConnectionError, 1, "POST"),
    Fault("/drop-mid-body", APIConnectionError, 1, "POST"),
    Fault("/br-corrupt", APIConnectionError, 1, "POST"),
    Fault("/slow", APITimeoutError, 1, "POST"),
]

Backend = tuple[str, dict[str, Any]]
BACKENDS: dict[str, Backend] = {
    "aiohttp": ("asyncio", {"http_backend": "aiohttp"}),
    "httpx": ("asyncio", {"http_backend": "httpx"}),
    "trio": ("trio", {}),
    "http_client": ("asyncio", {"http_client": "new"}),
}


def run_with(
    backend: str,
    server: FaultyServer,
    body: Callable[[AsyncAyrshare], Awaitable[Any]],
    **options: Any,
) -> Any:
    library, kwargs = BACKENDS[backend]

    async def main() -> Any:
        chosen = dict(kwargs)
        caller = None
        if chosen.get("http_client") == "new":
            caller = chosen["http_client"] = httpx.AsyncClient()
        settings: dict[str, Any] = {
            "max_retries": MAX_RETRIES,
            "retry_policy": RetryPolicy(sleep=_no_sleep),
            "timeout": httpx.Timeout(READ_TIMEOUT, connect=5.0),
            **chosen,
            **options,
        }
        client = AsyncAyrshare(API_KEY, base_url=f"http://127.0.0.1:{server.port}/api", **settings)
        try:
            return await body(client)
        finally:
            await client.aclose()
            if caller is not None:
                await caller.aclose()

    return anyio.run(main, backend=library)


def route(method: str, path: str) -> Route:
    return Route(name="fault.call", method=method, path=path, summary="s", response=JsonObject)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server() -> Any:
    with serving(_answers) as srv:
        yield srv


@pytest.mark.parametrize("backend", list(BACKENDS))
@pytest.mark.parametrize("fault", FAULTS, ids=[f"{f.method} {f.path}" for f in FAULTS])
def test_each_fault_gives_the_same_error_and_attempts_on_every_backend(
    server: FaultyServer, backend: str, fault: Fault
) -> None:
    async def body(client: AsyncAyrshare) -> BaseException:
        await client.request(route("GET", "/ok"), JsonObject)  # a kept-alive connection first
        server.clear()
        with pytest.raises(AyrshareError) as info:
            await client.request(route(fault.method, fault.path), JsonObject)
        return info.value

    error = run_with(backend, server, body)
    assert type(error) is fault.error, repr(error)
    assert len(server.requests("/api" + fault.path)) == fault.attempts
    assert API_KEY not in str(error) and API_KEY not in repr(error)
    if isinstance(error, APIConnectionError):
        assert error.attempts == fault.attempts
        assert f"127.0.0.1:{server.port}" in str(error)
        assert f"{fault.method} /api{fault.path}" in str(error)
    if isinstance(error, APIStatusError):
        assert error.retries_taken == fault.attempts - 1


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_a_corrupt_body_error_says_what_was_wrong(server: FaultyServer, backend: str) -> None:
    async def body(client: AsyncAyrshare) -> BaseException:
        with pytest.raises(APIConnectionError) as info:
            await client.request(route("GET", "/br-truncated"), JsonObject)
        return info.value

    error = run_with(backend, server, body)
    assert "br body is corrupt or cut short" in str(error)
    assert "after 3 attempts" in str(error)


@pytest.mark.parametrize("backend", list(BACKENDS))
@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_good_compressed_answer_reads_the_same_on_every_backend(
    server: FaultyServer, backend: str, coding: str
) -> None:
    async def read(client: AsyncAyrshare) -> Any:
        answer = await client.request(route("GET", f"/{coding}-good"), JsonObject)
        return answer.to_dict()

    assert run_with(backend, server, read) == json.loads(OK)


# -- paced calls under injected resets and drops ------------------------------------------------


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """Most of the sorted ``times`` inside any span shorter than ``window``."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_delete_many_holds_8_per_second_with_30_percent_resets_and_drops(backend: str) -> None:
    import random
    import threading

    keys = [f"PROFILE-KEY-{n:04d}" for n in range(12)]
    live = set(keys)
    rng = random.Random(7)
    lock = threading.Lock()

    def answers(seen: Seen) -> Answer:
        with lock:
            luck = rng.random()
            key = seen.headers.get("profile-key", "")
            if luck < 0.15:
                return Answer(reset=True)  # before the delete happened
            known = key in live
            live.discard(key)
        body = b'{"status": "success"}' if known else b'{"status": "error", "code": 136}'
        answer = http_response(body, status="200 OK" if known else "404 Not Found")
        if luck < 0.30:  # the delete happened; its answer is cut off
            return Answer(answer[: len(answer) - len(body) // 2], close=True)
        return Answer(answer)

    with serving(answers) as server:

        async def body(client: AsyncAyrshare) -> Any:
            return await client.profiles.delete_many(keys)

        result = run_with(
            backend,
            server,
            body,
            retry_policy=RetryPolicy(initial_delay=0.05, max_delay=0.1),
        )
        deletes = server.requests("/api/profiles")

    assert len(result) == len(keys)
    assert [outcome.profile_key for outcome in result] == keys
    assert len(deletes) > len(keys)  # faults were injected and retried
    assert max_in_window(sorted(seen.at for seen in deletes)) <= 8
    per_key: dict[str, int] = {}
    for seen in deletes:
        per_key[seen.headers["profile-key"]] = per_key.get(seen.headers["profile-key"], 0) + 1
    assert max(per_key.values()) <= MAX_RETRIES + 1
    gone = {outcome.profile_key for outcome in result.succeeded}
    assert gone <= set(keys) - live  # every reported delete happened
