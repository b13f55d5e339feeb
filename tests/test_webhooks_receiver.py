"""``WebhookApp`` (the ASGI receiver) and ``unwrap_request`` on Starlette/FastAPI requests: the
status codes that make Ayrshare stop or retry, exactly one handling per event."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI, Request
from starlette.routing import Route

from ayrshare_async import ValidationError, webhooks

SECRET = "receiver-secret-1"


def delivery(payload: dict[str, Any], secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-Authorization-Content-SHA256": signature, "Content-Type": "application/json"}


EVENT = {"action": "scheduled", "hookId": "hk_1", "status": "success", "id": "p1"}


def client_for(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://receiver")


async def test_a_valid_delivery_reaches_the_handler_once() -> None:
    seen: list[webhooks.WebhookEvent] = []

    async def handle(event: webhooks.WebhookEvent) -> None:
        seen.append(event)

    body, headers = delivery(EVENT)
    async with client_for(webhooks.WebhookApp(handle, secrets=SECRET)) as client:
        first = await client.post("/", content=body, headers=headers)
        repeat = await client.post("/", content=body, headers=headers)

    assert (first.status_code, first.json()) == (200, {"status": "ok"})
    assert (repeat.status_code, repeat.json()) == (200, {"status": "duplicate"})
    assert [type(e) for e in seen] == [webhooks.ScheduledEvent]
    assert seen[0].to_dict() == EVENT


async def test_a_sync_handler_and_no_dedupe() -> None:
    seen: list[str | None] = []
    body, headers = delivery(EVENT)
    app = webhooks.WebhookApp(lambda e: seen.append(e.hook_id), secrets=SECRET, dedupe=False)
    async with client_for(app) as client:
        for _ in range(2):
            assert (await client.post("/", content=body, headers=headers)).status_code == 200
    assert seen == ["hk_1", "hk_1"]


async def test_refusals_are_400_and_never_reach_the_handler() -> None:
    seen: list[Any] = []
    body, headers = delivery(EVENT, secret="another-secret")
    async with client_for(webhooks.WebhookApp(seen.append, secrets=SECRET)) as client:
        forged = await client.post("/", content=body, headers=headers)
        unsigned = await client.post("/", content=body)
    assert forged.status_code == unsigned.status_code == 400
    assert forged.json()["reason"] == "signature_mismatch"
    assert unsigned.json()["reason"] == "missing_signature"
    assert SECRET not in forged.text
    assert seen == []


async def test_a_signed_but_unreadable_event_is_500_so_that_it_comes_back() -> None:
    seen: list[Any] = []
    body, headers = delivery({"action": "scheduled", "hookId": "hk_1", "postIds": "not a list"})
    async with client_for(webhooks.WebhookApp(seen.append, secrets=SECRET)) as client:
        answer = await client.post("/", content=body, headers=headers)
    assert (answer.status_code, answer.json()) == (500, {"status": "error", "reason": "payload"})
    assert seen == []


async def test_a_failing_handler_answers_500_and_the_retry_is_handled(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[str] = []

    async def handle(event: webhooks.WebhookEvent) -> None:
        calls.append("called")
        if len(calls) == 1:
            raise RuntimeError("database down")

    body, headers = delivery(EVENT)
    async with client_for(webhooks.WebhookApp(handle, secrets=SECRET)) as client:
        failed = await client.post("/", content=body, headers=headers)
        retried = await client.post("/", content=body, headers=headers)
        repeat = await client.post("/", content=body, headers=headers)

    assert [failed.status_code, retried.status_code, repeat.status_code] == [500, 200, 200]
    assert repeat.json() == {"status": "duplicate"}
    assert calls == ["called", "called"]
    assert "database down" not in failed.text
    assert "hk_1" in caplog.text


async def test_an_overlapping_delivery_gets_503_with_retry_after() -> None:
    started = anyio.Event()
    release = anyio.Event()

    async def slow(event: webhooks.WebhookEvent) -> None:
        started.set()
        await release.wait()

    body, headers = delivery(EVENT)
    answers: dict[str, httpx.Response] = {}
    async with client_for(webhooks.WebhookApp(slow, secrets=SECRET)) as client:

        async def first() -> None:
            answers["first"] = await client.post("/", content=body, headers=headers)

        async with anyio.create_task_group() as tg:
            tg.start_soon(first)
            await started.wait()
            answers["second"] = await client.post("/", content=body, headers=headers)
            release.set()

    assert answers["first"].status_code == 200
    assert answers["second"].status_code == 503
    assert answers["second"].headers["retry-after"] == "5"


async def test_method_and_size_limits() -> None:
    body, headers = delivery(EVENT)
    app = webhooks.WebhookApp(lambda e: None, secrets=SECRET, max_body=len(body) - 1)
    async with client_for(app) as client:
        get = await client.get("/")
        big = await client.post("/", content=body, headers=headers)
    assert (get.status_code, get.headers["allow"]) == (405, "POST")
    assert big.status_code == 413


async def test_in_fastapi_as_a_route_a_mount_and_through_unwrap_request() -> None:
    seen: dict[str, list[str | None]] = {"route": [], "mount": [], "unwrap": []}
    verifier = webhooks.WebhookVerifier(SECRET)
    route = webhooks.WebhookApp(lambda e: seen["route"].append(e.hook_id), verifier=verifier)
    app = FastAPI(routes=[Route("/hooks/route", route, methods=["POST"])])
    app.mount(
        "/hooks/mount",
        webhooks.WebhookApp(lambda e: seen["mount"].append(e.hook_id), verifier=verifier),
    )

    @app.post("/hooks/unwrap")
    async def receive(request: Request) -> dict[str, str]:
        seen["unwrap"].append((await verifier.unwrap_request(request)).hook_id)
        return {"status": "ok"}

    body, headers = delivery(EVENT)
    async with client_for(app) as client:
        answers = {
            path: (await client.post(path, content=body, headers=headers)).status_code
            for path in ("/hooks/route", "/hooks/mount/", "/hooks/unwrap", "/hooks/mount")
        }
    # Ayrshare follows no redirect: a mount must be registered with its trailing slash
    assert answers == {
        "/hooks/route": 200,
        "/hooks/mount/": 200,
        "/hooks/unwrap": 200,
        "/hooks/mount": 307,
    }
    assert seen == {"route": ["hk_1"], "mount": ["hk_1"], "unwrap": ["hk_1"]}


def test_configuration_errors() -> None:
    with pytest.raises(ValidationError, match="callable"):
        webhooks.WebhookApp("handler", secrets=SECRET)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="not both"):
        webhooks.WebhookApp(print, secrets=SECRET, verifier=webhooks.WebhookVerifier(SECRET))
    with pytest.raises(ValidationError, match="max_body"):
        webhooks.WebhookApp(print, secrets=SECRET, max_body=0)
    assert SECRET not in repr(webhooks.WebhookApp(print, secrets=SECRET))
