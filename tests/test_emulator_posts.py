"""The emulator's posts, history and auto-schedule, spoken to with plain httpx."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from ayrshare_async.testing import AyrshareEmulator, ManualClock

BASE = "https://api.ayrshare.com/api"
X_HEADERS = {"X-Twitter-OAuth1-Api-Key": "x-key", "X-Twitter-OAuth1-Api-Secret": "x-secret"}
MEDIA = ["https://img.example.com/photo.jpg"]


def client_for(emulator: AyrshareEmulator, profile_key: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    if profile_key is not None:
        headers["Profile-Key"] = profile_key
    return httpx.AsyncClient(transport=emulator.transport(), base_url=BASE, headers=headers)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


async def delete(client: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    return await client.request("DELETE", "/post", json=body)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def emulator(clock: ManualClock) -> AyrshareEmulator:
    return AyrshareEmulator(clock=clock, seed=7)


async def test_immediate_post_success_shape(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme", networks=["facebook", "linkedin"])
    async with client_for(emulator, key) as client:
        response = await client.post(
            "/post", json={"post": "Today is a great day!", "platforms": ["facebook", "linkedin"]}
        )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    assert body["errors"] == []
    assert body["post"] == "Today is a great day!"
    assert set(body) == {"status", "errors", "postIds", "id", "refId", "post"}
    assert [p["platform"] for p in body["postIds"]] == ["facebook", "linkedin"]
    for sent in body["postIds"]:
        assert sent["status"] == "success"
        assert sent["id"]
        assert sent["postUrl"].startswith("https://")
    assert body["postIds"][1]["id"].startswith("urn:li:share:")


async def test_partial_success_reports_both_lists(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme", networks=["facebook"])
    async with client_for(emulator, key) as client:
        response = await client.post(
            "/post", json={"post": "Hello", "platforms": ["facebook", "twitter"]}, headers=X_HEADERS
        )
        stored = await client.get(f"/post/{response.json()['id']}")

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "error"
    assert [p["platform"] for p in body["postIds"]] == ["facebook"]
    [error] = body["errors"]
    assert error == {
        "action": "post",
        "status": "error",
        "code": 156,
        "message": error["message"],
        "platform": "twitter",
    }
    assert body["id"]
    assert stored.json()["status"] == "error"
    assert stored.json()["postIds"] == body["postIds"]


async def test_idempotency_key_is_rejected_on_repeat(emulator: AyrshareEmulator) -> None:
    first_key = emulator.create_profile("First")
    other_key = emulator.create_profile("Other")
    post = {"post": "Once", "platforms": ["facebook"], "idempotencyKey": "k-1"}
    async with client_for(emulator, first_key) as client:
        first = await client.post("/post", json=post)
        repeat = await client.post("/post", json={**post, "post": "Different text"})
        history = (await client.get("/history")).json()["history"]
    async with client_for(emulator, other_key) as client:
        elsewhere = await client.post("/post", json=post)

    assert first.status_code == 200
    assert repeat.status_code == 400
    assert repeat.json()["status"] == "error"
    assert repeat.json()["code"] == 905
    assert "idempotency" in repeat.json()["message"].lower()
    assert [h["id"] for h in history] == [first.json()["id"]]
    assert elsewhere.status_code == 200, "keys are unique per profile, not per account"


async def test_a_lost_answer_then_a_retry_is_a_duplicate(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme")
    emulator.faults.drop_next(route="post.create", after_processing=True)
    post = {"post": "Landed?", "platforms": ["facebook"], "idempotencyKey": "k-2"}
    async with client_for(emulator, key) as client:
        with pytest.raises(httpx.ReadError):
            await client.post("/post", json=post)
        retry = await client.post("/post", json=post)

    assert retry.status_code == 400
    assert "idempotency" in retry.json()["message"].lower()
    assert len(emulator.posts(key)) == 1
    assert emulator.posts(key)[0]["status"] == "success"


async def test_scheduled_post_is_pending_then_listed_then_sent(
    emulator: AyrshareEmulator, clock: ManualClock
) -> None:
    key = emulator.create_profile("Acme")
    when = emulator.now() + timedelta(hours=1)
    async with client_for(emulator, key) as client:
        created = await client.post(
            "/post", json={"post": "Later", "platforms": ["facebook"], "scheduleDate": iso(when)}
        )
        post_id = created.json()["id"]
        pending = (await client.get(f"/post/{post_id}")).json()
        listed = (await client.get("/history", params={"status": "pending"})).json()["history"]
        clock.advance(3600 - 1)
        still_pending = (await client.get(f"/history/{post_id}")).json()
        clock.advance(1)
        sent = (await client.get(f"/post/{post_id}")).json()

    assert created.status_code == 200
    assert created.json()["status"] == "scheduled"
    assert created.json()["scheduleDate"].startswith(iso(when)[:19])
    assert pending["status"] == "pending"
    assert pending["type"] == "scheduled"
    assert pending["postIds"] == []
    assert [h["id"] for h in listed] == [post_id]
    assert still_pending["status"] == "pending"
    assert sent["status"] == "success"
    assert [p["platform"] for p in sent["postIds"]] == ["facebook"]


async def test_scheduled_post_is_rejected_as_a_whole(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme", networks=["facebook"])
    later = iso(emulator.now() + timedelta(days=1))
    body = {"post": "Hi", "platforms": ["facebook", "instagram"], "scheduleDate": later}
    async with client_for(emulator, key) as client:
        rejected = await client.post("/post", json=body)
        unchecked = await client.post(
            "/post", json={**body, "post": "Hi again", "validateScheduled": False}
        )

    assert rejected.status_code == 400
    assert rejected.json()["postIds"] == []
    assert [e["platform"] for e in rejected.json()["errors"]] == ["instagram"]
    assert unchecked.json()["status"] == "scheduled"


async def test_a_past_schedule_date_publishes_now(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme")
    earlier = iso(emulator.now() - timedelta(minutes=5))
    async with client_for(emulator, key) as client:
        response = await client.post(
            "/post", json={"post": "Now", "platforms": ["facebook"], "scheduleDate": earlier}
        )
    assert response.json()["status"] == "success"


async def test_approval_workflow(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme")
    async with client_for(emulator, key) as client:
        created = await client.post(
            "/post",
            json={"post": "Check me", "platforms": ["facebook"], "requiresApproval": True},
        )
        post_id = created.json()["id"]
        waiting = (await client.get(f"/post/{post_id}")).json()
        approved = await client.patch("/post", json={"id": post_id, "approved": True})
        again = await client.patch("/post", json={"id": post_id, "approved": True})
        sent = (await client.get(f"/post/{post_id}")).json()

    assert created.json()["status"] == "awaiting approval"
    assert waiting["status"] == "awaiting approval"
    assert waiting["approved"] is False
    assert approved.status_code == 200
    assert sent["status"] == "success"
    assert sent["approved"] is True
    assert again.status_code == 400


async def test_patch_rules(emulator: AyrshareEmulator, clock: ManualClock) -> None:
    key = emulator.create_profile("Acme")
    tomorrow = emulator.now() + timedelta(days=1)
    async with client_for(emulator, key) as client:
        published = (
            await client.post("/post", json={"post": "A", "platforms": ["facebook"]})
        ).json()
        refused = await client.patch("/post", json={"id": published["id"], "notes": "late"})
        scheduled = (
            await client.post(
                "/post",
                json={"post": "B", "platforms": ["facebook"], "scheduleDate": iso(tomorrow)},
            )
        ).json()
        moved = await client.patch(
            "/post",
            json={
                "id": scheduled["id"],
                "scheduleDate": iso(tomorrow + timedelta(days=1)),
                "notes": "n",
            },
        )
        paused = await client.patch("/post", json={"id": scheduled["id"], "scheduledPause": True})
        clock.advance(3 * 86400)
        while_paused = (await client.get(f"/post/{scheduled['id']}")).json()
        resumed = await client.patch("/post", json={"id": scheduled["id"], "scheduledPause": False})
        missing = await client.patch("/post", json={"id": "nope"})

    assert refused.status_code == 400
    assert refused.json()["status"] == "error"
    assert moved.status_code == 200
    assert paused.json()["postStatus"] == "paused"
    assert while_paused["status"] == "paused"
    assert while_paused["notes"] == "n"
    assert resumed.json()["postStatus"] == "success", "unpausing past its date publishes at once"
    assert missing.status_code == 404


async def test_delete_by_id_bulk_and_all_scheduled(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme")
    later = iso(emulator.now() + timedelta(hours=2))
    async with client_for(emulator, key) as client:

        async def create(text: str, **extra: Any) -> str:
            body = {"post": text, "platforms": ["facebook"], **extra}
            return str((await client.post("/post", json=body)).json()["id"])

        sent = await create("sent")
        deleted = await delete(client, {"id": sent})
        twice = await delete(client, {"id": sent})
        unknown = await delete(client, {"id": "does-not-exist"})
        a, b = await create("a"), await create("b")
        bulk = await delete(client, {"bulk": [a, "missing", b]})
        s1, s2 = await create("s1", scheduleDate=later), await create("s2", scheduleDate=later)
        kept = await create("kept")
        everything = await delete(client, {"deleteAllScheduled": True})
        nothing = await delete(client, {})
        default_history = (await client.get("/history")).json()["history"]
        deleted_history = (await client.get("/history", params={"status": "deleted"})).json()

    assert deleted.status_code == 200
    assert deleted.json()["facebook"]["action"] == "delete"
    assert deleted.json()["facebook"]["status"] == "success"
    assert (twice.status_code, twice.json()["code"]) == (404, 383)
    assert (unknown.status_code, unknown.json()["code"]) == (404, 114)
    assert bulk.status_code == 400
    assert [entry["status"] for entry in bulk.json()["bulk"]] == ["success", "error", "success"]
    assert set(everything.json()["ids"]) == {s1, s2}
    assert nothing.status_code == 400
    assert [h["id"] for h in default_history] == [kept]
    assert {h["id"] for h in deleted_history["history"]} == {sent, a, b, s1, s2}


async def test_published_instagram_posts_are_deleted_in_ayrshare_only(
    emulator: AyrshareEmulator,
) -> None:
    # Ayrshare answers success (its post_flow_ig / post_flow_tt flows), but Instagram and TikTok
    # offer no delete: the post stays on those networks.
    key = emulator.create_profile("Acme", networks=["facebook", "instagram"])
    async with client_for(emulator, key) as client:
        post = (
            await client.post(
                "/post",
                json={"post": "Pic", "platforms": ["facebook", "instagram"], "mediaUrls": MEDIA},
            )
        ).json()
        deleted = await delete(client, {"id": post["id"]})
        facebook_history = (await client.get("/history/facebook")).json()["posts"]
        instagram_history = (await client.get("/history/instagram")).json()["posts"]
        again = await delete(client, {"id": post["id"]})

    assert deleted.status_code == 200
    assert deleted.json()["code"] == 200
    assert deleted.json()["instagram"]["status"] == "success"
    assert "Instagram app" in deleted.json()["instagram"]["message"]
    assert deleted.json()["facebook"] == {
        "action": "delete",
        "status": "success",
        "id": post["postIds"][0]["id"],
    }
    assert facebook_history == []
    assert [p["id"] for p in instagram_history] == [post["postIds"][1]["id"]]
    assert again.status_code == 404
    assert emulator.get_post(post["id"])["status"] == "deleted"  # type: ignore[index]


async def test_deleting_an_x_post_needs_the_byo_headers(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme", networks=["facebook", "twitter"])
    async with client_for(emulator, key) as client:
        body = {"post": "Both", "platforms": ["facebook", "twitter"]}
        post = (await client.post("/post", json=body, headers=X_HEADERS)).json()
        refused = await delete(client, {"id": post["id"]})
        status_after_refusal = emulator.get_post(post["id"])["status"]  # type: ignore[index]
        deleted = await client.request(
            "DELETE", "/post", json={"id": post["id"]}, headers=X_HEADERS
        )

    assert refused.status_code == 400
    assert refused.json()["twitter"]["code"] == 419
    assert refused.json()["facebook"]["status"] == "success"
    assert status_after_refusal == "success"
    assert deleted.status_code == 200
    assert set(deleted.json()) == {"status", "id", "code", "twitter"}


async def test_retry_resends_the_failed_networks_once(
    emulator: AyrshareEmulator, clock: ManualClock
) -> None:
    key = emulator.create_profile("Acme", networks=["facebook", "linkedin"])
    emulator.faults.fail_platform("linkedin", code=500, count=1)
    async with client_for(emulator, key) as client:
        post = (
            await client.post(
                "/post", json={"post": "Flaky", "platforms": ["facebook", "linkedin"]}
            )
        ).json()
        retried = await client.put("/post/retry", json={"id": post["id"]})
        pending = (await client.get(f"/post/{post['id']}")).json()
        clock.advance(1)
        done = (await client.get(f"/post/{post['id']}")).json()
        once_more = await client.put("/post/retry", json={"id": post["id"]})

    assert post["status"] == "error"
    assert post["errors"][0]["retryAvailable"] is True
    assert retried.status_code == 200
    assert pending["status"] == "pending"
    assert done["status"] == "success"
    assert sorted(p["platform"] for p in done["postIds"]) == ["facebook", "linkedin"]
    assert once_more.status_code == 400


async def test_history_filters(emulator: AyrshareEmulator, clock: ManualClock) -> None:
    key = emulator.create_profile("Acme", networks=["facebook", "linkedin"])
    async with client_for(emulator, key) as client:
        old = (await client.post("/post", json={"post": "old", "platforms": ["facebook"]})).json()
        clock.advance(40 * 86400)
        fb = (await client.post("/post", json={"post": "fb", "platforms": ["facebook"]})).json()
        li = (await client.post("/post", json={"post": "li", "platforms": ["linkedin"]})).json()

        async def ids(**params: Any) -> list[str]:
            history = (await client.get("/history", params=params)).json()["history"]
            return [h["id"] for h in history]

        assert await ids() == [li["id"], fb["id"]], "newest first, last 30 days by default"
        assert await ids(lastDays=0) == [li["id"], fb["id"], old["id"]]
        assert await ids(lastDays=0, limit=1) == [li["id"]]
        assert await ids(**{"platforms[0]": "linkedin"}) == [li["id"]]
        assert await ids(status="error") == []
        assert await ids(type="scheduled") == []


async def test_history_by_platform_follows_next(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme", networks=["instagram", "facebook"])
    native = emulator.add_native_posts(key, "instagram", 25)
    seen: list[str] = []
    pages = 0
    async with client_for(emulator, key) as client:
        params: dict[str, Any] = {"limit": 10}
        while True:
            page = (await client.get("/history/instagram", params=params)).json()
            pages += 1
            seen += [p["id"] for p in page["posts"]]
            cursor = page["meta"]["pagination"]["next"]
            if cursor is None:
                break
            params["next"] = cursor
        unlinked = await client.get("/history/youtube")
        unsupported = await client.get("/history/gmb")

    assert pages == 3
    assert seen == list(reversed(native))
    assert unlinked.status_code == 400
    assert unsupported.status_code == 400


async def test_duplicate_text_on_the_same_network(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme", networks=["facebook", "telegram"])
    post = {"post": "Same words", "platforms": ["facebook", "telegram"]}
    async with client_for(emulator, key) as client:
        first = await client.post("/post", json=post)
        second = await client.post("/post", json=post)

    assert first.status_code == 200
    assert [e["code"] for e in second.json()["errors"]] == [107]
    assert [p["platform"] for p in second.json()["postIds"]] == ["telegram"]


async def test_network_rules(emulator: AyrshareEmulator) -> None:
    key = emulator.create_profile("Acme", networks=["twitter", "instagram", "facebook"])
    async with client_for(emulator, key) as client:
        no_x_headers = await client.post("/post", json={"post": "x", "platforms": ["x"]})
        with_x_headers = await client.post(
            "/post", json={"post": "x", "platforms": ["x"]}, headers=X_HEADERS
        )
        too_long = await client.post(
            "/post", json={"post": "y" * 281, "platforms": ["twitter"]}, headers=X_HEADERS
        )
        no_media = await client.post("/post", json={"post": "pic?", "platforms": ["instagram"]})
        all_linked = await client.post(
            "/post",
            json={"post": "all", "platforms": ["all"], "mediaUrls": MEDIA},
            headers=X_HEADERS,
        )
        unknown = await client.post("/post", json={"post": "?", "platforms": ["myspace"]})
        no_text = await client.post("/post", json={"platforms": ["facebook"]})

    assert no_x_headers.json()["errors"][0]["code"] == 419
    assert with_x_headers.json()["postIds"][0]["platform"] == "twitter"
    assert too_long.json()["errors"][0]["platform"] == "twitter"
    assert no_media.json()["errors"][0]["platform"] == "instagram"
    assert sorted(p["platform"] for p in all_linked.json()["postIds"]) == [
        "facebook",
        "instagram",
        "twitter",
    ]
    assert unknown.status_code == 400
    assert no_text.status_code == 400


async def test_auto_schedule_takes_the_next_free_slot() -> None:
    monday_10am = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)
    emulator = AyrshareEmulator(clock=ManualClock(), start_time=monday_10am)
    key = emulator.create_profile("Acme")
    auto = {"platforms": ["facebook"], "autoSchedule": {"schedule": True}}
    async with client_for(emulator, key) as client:
        set_ = await client.post("/auto-schedule/set", json={"schedule": ["09:00Z", "17:00Z"]})
        slots = []
        for n in range(3):
            created = (await client.post("/post", json={**auto, "post": f"p{n}"})).json()
            slots.append(created["scheduleDate"])
        await delete(client, {"id": created["id"]})
        after_delete = (await client.post("/post", json={**auto, "post": "p3"})).json()
        listed = (await client.get("/auto-schedule/list")).json()["schedules"]
        pending = (await client.get("/auto-schedule/pending")).json()["posts"]
        unknown = await client.post(
            "/post", json={**auto, "post": "p4", "autoSchedule": {"schedule": True, "title": "x"}}
        )
        removed = await client.request("DELETE", "/auto-schedule/delete", json={"title": "default"})
        removed_again = await client.request("DELETE", "/auto-schedule/delete", json={})

    assert set_.json()["status"] == "success"
    assert slots == [
        "2026-01-05T17:00:00.000Z",
        "2026-01-06T09:00:00.000Z",
        "2026-01-06T17:00:00.000Z",
    ]
    assert after_delete["scheduleDate"] == "2026-01-07T09:00:00.000Z", (
        "a deleted post keeps its slot"
    )
    assert listed[0]["title"] == "default"
    assert listed[0]["schedule"] == ["09:00Z", "17:00Z"]
    assert listed[0]["lastScheduleDate"] == "2026-01-07T09:00:00.000Z"
    assert len(pending) == 3
    assert unknown.status_code == 400
    assert removed.status_code == 200
    assert removed_again.status_code == 404


async def test_auto_schedule_days_and_excluded_dates() -> None:
    monday_10am = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)
    emulator = AyrshareEmulator(clock=ManualClock(), start_time=monday_10am)
    async with client_for(emulator) as client:
        await client.post(
            "/auto-schedule/set",
            json={
                "title": "weekly",
                "schedule": ["08:30Z"],
                "daysOfWeek": [3],
                "excludeDates": ["2026-01-07"],
            },
        )
        created = await client.post(
            "/post",
            json={
                "post": "w",
                "platforms": ["facebook"],
                "autoSchedule": {"schedule": True, "title": "weekly"},
            },
        )
        bad_title = await client.post(
            "/auto-schedule/set", json={"title": "no/slash", "schedule": ["1:00Z"]}
        )

    assert created.json()["scheduleDate"] == "2026-01-14T08:30:00.000Z", "the Wednesday after next"
    assert bad_title.status_code == 400
