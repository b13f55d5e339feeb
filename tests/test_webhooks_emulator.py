"""The emulator delivers signed webhooks over real HTTP to receivers served on 127.0.0.1, driven by
its clock: scheduled posts, link changes, batch files; retries; rotation; the delivery log.
Signatures are checked with the SDK and recomputed here with ``hmac``."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import anyio
import httpx
import pytest
from _receivers import Recorder, hexsig, serve

from ayrshare_async import APIStatusError, AsyncAyrshare, WebhookVerificationError, webhooks
from ayrshare_async.testing import AyrshareEmulator, ManualClock, WebhookPolicy, serve_in_thread

OLD = "signing-secret-old-1"
NEW = "signing-secret-new-2"
BASE = "https://api.ayrshare.com/api"
DAY = 24 * 3600.0


@pytest.fixture
def emulator() -> AyrshareEmulator:
    return AyrshareEmulator(clock=ManualClock(), seed=7)


@pytest.fixture
async def client(emulator: AyrshareEmulator) -> AsyncIterator[AsyncAyrshare]:
    async with AsyncAyrshare(
        api_key=emulator.api_key, base_url=BASE, transport=emulator.transport(), max_retries=0
    ) as c:
        yield c


async def test_a_scheduled_post_reaching_its_time_is_delivered(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    with serve(Recorder()) as receiver:
        await client.webhooks.register(action="scheduled", url=receiver.url, secret=NEW)
        post = await client.post.create(
            post="Launch day",
            platforms=["bluesky", "facebook"],
            schedule_date=emulator.now() + timedelta(hours=2),
        )
        emulator.clock.advance(2 * 3600 - 1)
        assert await emulator.webhooks.deliver_due() == []
        emulator.clock.advance(1)
        [attempt] = await emulator.webhooks.deliver_due()

    [got] = receiver.received
    event = webhooks.unwrap(got.body, got.headers, NEW)
    assert isinstance(event, webhooks.ScheduledEvent)
    assert (event.id, event.status, event.code) == (post.id, "success", 200)
    assert sorted(p.platform or "" for p in event.post_ids or []) == ["bluesky", "facebook"]
    assert got.headers["x-authorization-content-sha256"] == hexsig(NEW, got.body)
    assert got.headers["x-authorization-content-sha256-v2"] == f"v1={hexsig(NEW, got.body)}"
    assert int(got.headers["x-authorization-timestamp"]) == int(emulator.now().timestamp())
    [delivery] = emulator.webhooks.deliveries
    assert (attempt.status, attempt.outcome, attempt.number) == (200, "delivered", 1)
    assert got.headers["x-ayrshare-delivery-id"] == delivery.id == attempt.delivery_id
    assert (delivery.state, delivery.hook_id, delivery.body) == (
        "delivered",
        event.hook_id,
        got.body,
    )
    assert delivery.payload["refId"] == event.ref_id


async def test_a_failed_scheduled_post_reports_its_errors(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    emulator.faults.fail_platform("facebook", code=500, message="Facebook is down")
    with serve(Recorder()) as receiver:
        await client.webhooks.register(action="scheduled", url=receiver.url, secret=NEW)
        post = await client.post.create(
            post="Partly",
            platforms=["bluesky", "facebook"],
            schedule_date=emulator.now() + timedelta(minutes=5),
        )
        emulator.clock.advance(300)
        await emulator.webhooks.deliver_due()

    event = webhooks.unwrap(receiver.received[0].body, receiver.received[0].headers, NEW)
    assert isinstance(event, webhooks.ScheduledEvent)
    assert (event.id, event.status, event.code) == (post.id, "error", 400)
    assert [(e.platform, e.message) for e in event.errors or []] == [
        ("facebook", "Facebook is down")
    ]
    assert [p.platform for p in event.post_ids or []] == ["bluesky"]


async def test_which_posts_send_the_scheduled_webhook(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    """Not an immediate post; a retried one (when the retry is processed) and a paused scheduled
    post unpaused after its date (published at once) do."""
    emulator.faults.fail_platform("facebook", count=1)
    with serve(Recorder()) as receiver:
        await client.webhooks.register(action="scheduled", url=receiver.url, secret=NEW)
        await client.post.create(post="Now", platforms=["bluesky"])
        with pytest.raises(APIStatusError):
            await client.post.create(post="Partly now", platforms=["bluesky", "facebook"])
        partial = emulator.posts()[-1]["id"]
        nothing = await emulator.webhooks.deliver_due()
        await client.post.retry(id=partial)
        emulator.clock.advance(1)
        await emulator.webhooks.deliver_due()
        paused = await client.post.create(
            post="Later", platforms=["bluesky"], schedule_date=emulator.now() + timedelta(hours=1)
        )
        assert paused.id is not None
        await client.post.update(id=paused.id, scheduled_pause=True)
        emulator.clock.advance(7200)
        assert await emulator.webhooks.deliver_due() == []
        await client.post.update(id=paused.id, scheduled_pause=False)
        await emulator.webhooks.deliver_due()

    assert nothing == []
    events = [webhooks.unwrap(r.body, r.headers, NEW) for r in receiver.received]
    assert [(e.id, getattr(e, "status", None)) for e in events] == [
        (partial, "success"),
        (paused.id, "success"),
    ]


async def test_the_served_emulator_delivers_on_its_own() -> None:
    emulator = AyrshareEmulator(clock=ManualClock())
    with serve(Recorder()) as receiver, serve_in_thread(emulator, deliver_webhooks=True) as base:
        async with AsyncAyrshare(api_key=emulator.api_key, base_url=base) as client:
            await client.webhooks.register(action="scheduled", url=receiver.url, secret=NEW)
            post = await client.post.create(
                post="Over HTTP",
                platforms=["bluesky"],
                schedule_date=emulator.now() + timedelta(days=1),
            )
            emulator.clock.advance(DAY)
            [got] = await anyio.to_thread.run_sync(receiver.wait_for, 1)
            event = webhooks.unwrap(got.body, got.headers, NEW)
            assert post.id is not None
            fetched = await client.post.get(post.id)

    assert isinstance(event, webhooks.ScheduledEvent)
    assert event.id == post.id == fetched.id
    assert emulator.webhooks.deliveries[0].state == "delivered"


async def test_a_receiver_answering_500_twice_gets_the_retries(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    with serve(Recorder([500, 503])) as receiver:
        await client.webhooks.register(action="social", url=receiver.url, secret=NEW)
        emulator.link(None, ["instagram"])
        first = await emulator.webhooks.deliver_due()
        emulator.clock.advance(4.9)
        too_early = await emulator.webhooks.deliver_due()
        emulator.clock.advance(0.1)
        second = await emulator.webhooks.deliver_due()
        emulator.clock.advance(30)
        third = await emulator.webhooks.deliver_due()
        emulator.clock.advance(DAY)
        after = await emulator.webhooks.deliver_due()

    assert [(a.status, a.outcome, a.next_attempt) for a in first + second + third] == [
        (500, "retry", 5.0),
        (503, "retry", 35.0),
        (200, "delivered", None),
    ]
    assert too_early == after == []
    assert [r.attempt for r in receiver.received] == [1, 2, 3]
    assert len({r.body for r in receiver.received}) == 1
    assert len({r.headers["x-ayrshare-delivery-id"] for r in receiver.received}) == 1
    events = [webhooks.unwrap(r.body, r.headers, NEW) for r in receiver.received]
    assert {e.hook_id for e in events} == {emulator.webhooks.deliveries[0].hook_id}
    assert isinstance(events[0], webhooks.SocialEvent)
    assert (events[0].type, events[0].platform) == ("link", "instagram")
    assert [a.number for a in emulator.webhooks.attempts] == [1, 2, 3]


async def test_retry_policies(emulator: AyrshareEmulator, client: AsyncAyrshare) -> None:
    """Default (newest notes): 4xx other than 408/425/429 is final. Older docs: every non-2xx is
    retried, twice, after 5 s and 30 s."""
    with serve(Recorder([404, 404, 404, 404, 404])) as receiver:
        await client.webhooks.register(action="batch", url=receiver.url)
        await client.user.batch()
        [final] = await emulator.webhooks.deliver_due()
        emulator.webhooks.policy = WebhookPolicy.older_docs()
        await client.user.batch()
        outcomes = []
        for step in (0, 5, 30, 60):
            emulator.clock.advance(step)
            outcomes += [(a.status, a.outcome) for a in await emulator.webhooks.deliver_due()]

    assert (final.status, final.outcome) == (404, "failed")
    assert outcomes == [(404, "retry"), (404, "retry"), (404, "failed")]
    assert [d.state for d in emulator.webhooks.deliveries] == ["failed", "failed"]
    assert len(receiver.received) == 4


async def test_a_receiver_that_does_not_answer_in_time_is_retried(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    emulator.webhooks.policy = WebhookPolicy(timeout=0.1)
    with serve(Recorder(delays=[0.4])) as receiver:
        await client.webhooks.register(action="batch", url=receiver.url, secret=NEW)
        await client.user.batch()
        [timed_out] = await emulator.webhooks.deliver_due()
        emulator.clock.advance(5)
        [delivered] = await emulator.webhooks.deliver_due()

    assert (timed_out.status, timed_out.outcome) == (None, "retry")
    assert timed_out.error is not None and timed_out.error.startswith("timeout")
    assert (delivered.status, delivered.outcome) == (200, "delivered")


async def test_an_unreachable_receiver_is_retried(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    await client.webhooks.register(action="batch", url=f"http://127.0.0.1:{_free_port()}/gone")
    await client.user.batch()
    [attempt] = await emulator.webhooks.deliver_due()
    assert (attempt.status, attempt.outcome, attempt.next_attempt) == (None, "retry", 5.0)
    assert attempt.error is not None and "Connect" in attempt.error


async def test_a_rotation_signs_with_both_secrets_for_the_grace_window(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    with serve(Recorder([500])) as receiver:
        await client.webhooks.register(action="messages", url=receiver.url, secret=OLD)
        emulator.webhooks.trigger(
            "messages", {"subAction": "messageCreated", "platform": "facebook"}
        )
        await emulator.webhooks.deliver_due()  # answered 500: retried after the rotation
        rotated = await client.webhooks.rotate_signing_secret(secret=NEW)
        emulator.clock.advance(5)
        await emulator.webhooks.deliver_due()
        emulator.clock.advance(DAY - 6)
        emulator.webhooks.trigger("messages", {"subAction": "messageRead"})
        await emulator.webhooks.deliver_due()
        emulator.clock.advance(1)
        emulator.webhooks.trigger("messages", {"subAction": "reactionCreated"})
        await emulator.webhooks.deliver_due()

    before, retried, last_in_window, after = receiver.received
    assert (rotated.status, rotated.action) == ("success", "webhook")
    assert before.headers["x-authorization-content-sha256-v2"] == f"v1={hexsig(OLD, before.body)}"
    for during in (retried, last_in_window):
        assert during.headers["x-authorization-content-sha256-v2"] == (
            f"v1={hexsig(NEW, during.body)},v1={hexsig(OLD, during.body)}"
        )
        assert during.headers["x-authorization-content-sha256"] == hexsig(NEW, during.body)
        for holding in (NEW, OLD):  # a receiver with only the new (or only the old) secret
            event = webhooks.unwrap(during.body, during.headers, holding)
            assert isinstance(event, webhooks.MessagesEvent)
    assert after.headers["x-authorization-content-sha256-v2"] == f"v1={hexsig(NEW, after.body)}"
    webhooks.verify(after.body, after.headers, NEW)
    with pytest.raises(WebhookVerificationError) as caught:
        webhooks.verify(after.body, after.headers, OLD)
    assert caught.value.reason == "signature_mismatch"


async def test_user_profiles_inherit_the_primary_registration_until_they_have_their_own(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    with serve(Recorder()) as primary_receiver, serve(Recorder()) as own_receiver:
        created = await client.profiles.create(title="Shop")
        assert created.profile_key is not None
        shop = client.with_profile(created.profile_key)
        ref_id = (await shop.user.get()).ref_id
        await client.webhooks.register(action="social", url=primary_receiver.url, secret=OLD)
        emulator.link(created.profile_key, ["instagram"])
        await emulator.webhooks.deliver_due()
        await shop.webhooks.register(action="social", url=own_receiver.url, secret=NEW)
        await shop.profiles.unlink_social(platform="instagram")
        await emulator.webhooks.deliver_due()
        listed = await shop.webhooks.list()

    [inherited] = primary_receiver.received
    [own] = own_receiver.received
    linked = webhooks.unwrap(inherited.body, inherited.headers, OLD)
    unlinked = webhooks.unwrap(own.body, own.headers, NEW)
    assert isinstance(linked, webhooks.SocialEvent) and isinstance(unlinked, webhooks.SocialEvent)
    assert (linked.type, linked.platform, linked.ref_id) == ("link", "instagram", ref_id)
    assert (unlinked.type, unlinked.platform, unlinked.ref_id) == ("unlink", "instagram", ref_id)
    assert unlinked.display_name == "Shop"
    assert listed["social"] == own_receiver.url


async def test_a_batch_file_ready(emulator: AyrshareEmulator, client: AsyncAyrshare) -> None:
    with serve(Recorder()) as receiver:
        await client.webhooks.register(action="batch", url=receiver.url, secret=NEW)
        answer = await client.user.batch()
        await emulator.webhooks.deliver_due()
    event = webhooks.unwrap(receiver.received[0].body, receiver.received[0].headers, NEW)
    assert isinstance(event, webhooks.BatchEvent)
    assert event.url == answer.url


async def test_without_a_secret_deliveries_are_unsigned(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    with serve(Recorder()) as receiver:
        await client.webhooks.register(action="comments", url=receiver.url)
        emulator.webhooks.trigger("comments", {"platform": "instagram", "hookId": "given"})
        await emulator.webhooks.deliver_due()
    [got] = receiver.received
    assert "x-authorization-content-sha256" not in got.headers
    with pytest.raises(WebhookVerificationError) as caught:
        webhooks.unwrap(got.body, got.headers, NEW)
    assert caught.value.reason == "missing_signature"
    assert json.loads(got.body)["hookId"] == "given"


async def test_nothing_is_sent_off_the_loopback_host(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    await client.webhooks.register(action="batch", url="https://hooks.example.invalid/a")
    await client.user.batch()
    [attempt] = await emulator.webhooks.deliver_due()
    assert (attempt.status, attempt.outcome) == (None, "failed")
    assert attempt.error is not None and "loopback" in attempt.error
    assert emulator.webhooks.trigger("feed") is None  # nothing registered for feed


async def test_delivery_does_not_hold_the_emulators_lock(
    emulator: AyrshareEmulator, client: AsyncAyrshare
) -> None:
    """The receiver reads the emulator while the delivery is in flight (it would deadlock if the
    send held the lock)."""
    post_ids: list[object] = []
    recorder = Recorder(
        on_delivery=lambda got: post_ids.append(emulator.get_post(json.loads(got.body)["id"]))
    )
    with serve(recorder) as receiver:
        await client.webhooks.register(action="scheduled", url=receiver.url, secret=NEW)
        post = await client.post.create(
            post="Lock", platforms=["bluesky"], schedule_date=emulator.now() + timedelta(minutes=1)
        )
        emulator.clock.advance(60)
        with anyio.fail_after(5):
            [attempt] = await emulator.webhooks.deliver_due()
    assert attempt.status == 200
    [record] = post_ids
    assert isinstance(record, dict) and record["id"] == post.id


def test_delivery_runs_on_trio() -> None:
    async def scenario() -> list[int | None]:
        emulator = AyrshareEmulator(clock=ManualClock())
        with serve(Recorder([502])) as receiver:
            async with AsyncAyrshare(
                api_key=emulator.api_key, base_url=BASE, transport=emulator.transport()
            ) as client:
                await client.webhooks.register(action="batch", url=receiver.url, secret=NEW)
                await client.user.batch()
            statuses = [a.status for a in await emulator.webhooks.deliver_due()]
            emulator.clock.advance(5)
            statuses += [a.status for a in await emulator.webhooks.deliver_due()]
        return statuses

    assert anyio.run(scenario, backend="trio") == [502, 200]


def test_the_served_cli_delivers_webhooks() -> None:
    """``python -m ayrshare_async.testing serve`` (uvicorn, real clock) delivers by itself."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ayrshare_async.testing", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        headers = {"Authorization": "Bearer test-api-key"}
        with serve(Recorder()) as receiver:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}/api", headers=headers) as http:
                registered = http.post(
                    "/hook/webhook", json={"action": "batch", "url": receiver.url, "secret": NEW}
                )
                answer = http.get("/user/batch").json()
            [got] = receiver.wait_for(1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert registered.status_code == 200
    event = webhooks.unwrap(got.body, got.headers, NEW)
    assert isinstance(event, webhooks.BatchEvent)
    assert event.url == answer["url"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def test_background_delivery_starts_and_stops(emulator: AyrshareEmulator) -> None:
    with (
        emulator.webhooks.running(poll_interval=0.01) as running,
        pytest.raises(RuntimeError, match="already running"),
    ):
        running.start()
    emulator.webhooks.stop()
    with pytest.raises(ValueError, match="poll_interval"):
        emulator.webhooks.start(poll_interval=0)
    with pytest.raises(ValueError, match="timeout"):
        WebhookPolicy(timeout=0)


async def test_the_emulators_webhook_routes(emulator: AyrshareEmulator) -> None:
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    async with httpx.AsyncClient(
        transport=emulator.transport(), base_url=BASE, headers=headers
    ) as raw:
        unknown = await raw.post("/hook/webhook", json={"action": "posted", "url": "https://a.b/c"})
        plain = await raw.post("/hook/webhook", json={"action": "feed", "url": "http://a.b/c"})
        port = await raw.post(
            "/hook/webhook", json={"action": "feed", "url": "http://[::1]:99999/"}
        )
        empty = await raw.get("/hook/webhook")
        await raw.post("/hook/webhook", json={"action": "feed", "url": "https://a.b/feed"})
        await raw.post("/hook/webhook", json={"action": "batch", "url": "http://127.0.0.1:9/b"})
        listed = await raw.get("/hook/webhook")
        await raw.request("DELETE", "/hook/webhook", json={"action": "feed"})
        after = await raw.get("/hook/webhook")
        no_secret = await raw.post("/hook/webhook/secret", json={})

    assert [r.status_code for r in (unknown, plain, port, no_secret)] == [400] * 4
    assert empty.json() == {"status": "success"}
    assert {k: v for k, v in listed.json().items() if k != "updated"} == {
        "status": "success",
        "feed": "https://a.b/feed",
        "batch": "http://127.0.0.1:9/b",
    }
    assert "feed" not in after.json() and after.json()["batch"] == "http://127.0.0.1:9/b"
    assert [r.operation for r in emulator.requests][:4] == ["webhooks.register"] * 3 + [
        "webhooks.list"
    ]
