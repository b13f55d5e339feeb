"""Runs the examples of ``docs/webhooks.md`` (the blocks marked ``<!-- tested: ... -->``): the
FastAPI receiver served on 127.0.0.1 gets the emulator's deliveries, refuses forgeries, handles a
repeat once; the ``WebhookApp`` receiver gets a link change; the docs' own emulator test passes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from _receivers import hexsig

from ayrshare_async import AsyncAyrshare
from ayrshare_async.testing import AyrshareEmulator, ManualClock, serve_app_in_thread

DOC = Path(__file__).parent.parent / "docs" / "webhooks.md"
_TESTED_BLOCK = re.compile(r"<!-- tested:[^>]*-->\s*```python\n(.*?)```", re.DOTALL)
NEW, OLD = "docs-new-secret", "docs-old-secret"


def blocks() -> list[str]:
    found: list[str] = _TESTED_BLOCK.findall(DOC.read_text())
    assert len(found) == 3
    return found


def run_blocks(*sources: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "docs_webhooks_example"}
    for source in sources:
        exec(compile(source, str(DOC), "exec"), namespace)
    return namespace


@pytest.fixture(autouse=True)
def secrets_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AYRSHARE_WEBHOOK_SECRETS", f"{NEW},{OLD}")


async def test_the_docs_emulator_test_passes_against_the_fastapi_receiver() -> None:
    fastapi_receiver, _, emulator_test = blocks()
    example = run_blocks(fastapi_receiver, emulator_test)
    await example["test_a_published_post_reaches_the_receiver"]()
    assert len(example["published"]) == 1


async def test_the_fastapi_receiver_refuses_forgeries_and_handles_repeats_once() -> None:
    example = run_blocks(blocks()[0])
    emulator = AyrshareEmulator(clock=ManualClock())
    with serve_app_in_thread(example["app"]) as base:
        url = f"{base}/ayrshare/webhook"
        async with AsyncAyrshare(
            api_key=emulator.api_key, transport=emulator.transport()
        ) as client:
            await client.webhooks.register(action="scheduled", url=url, secret=OLD)
            await client.webhooks.rotate_signing_secret(secret=NEW)
            emulator.webhooks.trigger("scheduled", {"status": "success", "id": "post-1"})
            [attempt] = await emulator.webhooks.deliver_due()
        [delivery] = emulator.webhooks.deliveries
        async with httpx.AsyncClient() as http:
            repeat = await http.post(url, content=delivery.body, headers=list(attempt.headers))
            forged_body = delivery.body.replace(b"post-1", b"post-2")
            forged = await http.post(url, content=forged_body, headers=list(attempt.headers))
            resigned = await http.post(
                url,
                content=forged_body,
                headers={"X-Authorization-Content-SHA256": hexsig("guessed", forged_body)},
            )

    assert attempt.status == 200
    assert repeat.status_code == 200
    assert (forged.status_code, forged.json()) == (400, {"detail": "signature_mismatch"})
    assert resigned.status_code == 400
    assert example["published"] == ["post-1"]


async def test_the_webhook_app_example_receives_link_changes() -> None:
    example = run_blocks(blocks()[1])
    emulator = AyrshareEmulator(clock=ManualClock())
    with serve_app_in_thread(example["app"]) as base:
        async with AsyncAyrshare(
            api_key=emulator.api_key, transport=emulator.transport()
        ) as client:
            await client.webhooks.register(
                action="social", url=f"{base}/ayrshare/events", secret="old-secret"
            )
            emulator.link(None, ["instagram"])
            await emulator.webhooks.deliver_due()
            await client.webhooks.rotate_signing_secret(secret="new-secret")
            emulator.unlink(None, ["instagram"])
            await emulator.webhooks.deliver_due()

    assert [a.status for a in emulator.webhooks.attempts] == [200, 200]
    assert example["linked"] == [("link", "instagram"), ("unlink", "instagram")]
