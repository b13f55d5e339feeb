"""The emulator's comments, direct messages, analytics, short links and feeds beyond the happy
paths of Ayrshare's flows (those are in test_fidelity.py): other people's comments and messages,
refusals, filters and pages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ayrshare_async.testing import AyrshareEmulator, ManualClock

BASE = "https://api.ayrshare.com/api"
X_HEADERS = {"X-Twitter-OAuth1-Api-Key": "x-key", "X-Twitter-OAuth1-Api-Secret": "x-secret"}
MEDIA = ["https://img.example.com/photo.jpg"]


@pytest.fixture
def emulator() -> AyrshareEmulator:
    emulator = AyrshareEmulator(clock=ManualClock(), seed=11)
    emulator.link(None, ["instagram", "twitter", "threads"])
    return emulator


def client_for(emulator: AyrshareEmulator, **headers: str) -> httpx.AsyncClient:
    auth = {"Authorization": f"Bearer {emulator.api_key}", **headers}
    return httpx.AsyncClient(transport=emulator.transport(), base_url=BASE, headers=auth)


async def publish(
    client: httpx.AsyncClient, *platforms: str, text: str = "A post to talk about"
) -> dict[str, Any]:
    body = {"post": text, "platforms": list(platforms), "mediaUrls": MEDIA}
    response = await client.post("/post", json=body, headers=X_HEADERS)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_a_followers_comment_can_be_answered_by_its_network_id(
    emulator: AyrshareEmulator,
) -> None:
    async with client_for(emulator) as client:
        post = await publish(client, "facebook")
        native = post["postIds"][0]["id"]
        theirs = emulator.add_comment(None, "facebook", native, "Love it!", author="fan.1")
        listed = (await client.get(f"/comments/{post['id']}")).json()
        by_native = await client.get(
            f"/comments/{native}", params={"searchPlatformId": "true", "platform": "facebook"}
        )
        reply = await client.post(
            f"/comments/reply/{theirs}",
            json={"comment": "Thanks!", "platforms": ["facebook"], "searchPlatformId": True},
        )
        one = await client.get(
            f"/comments/{theirs}",
            params={"searchPlatformId": "true", "commentId": "true", "platform": "facebook"},
        )
        deleted = await client.request(
            "DELETE", f"/comments/{theirs}", json={"searchPlatformId": True, "platform": "facebook"}
        )
        after = (await client.get(f"/comments/{post['id']}")).json()

    assert listed["facebook"][0]["commentId"] == theirs
    assert listed["facebook"][0]["from"]["name"] == "fan.1"
    assert by_native.json()["facebook"] == listed["facebook"]
    assert reply.status_code == 200
    assert reply.json()["facebook"]["sourceCommentId"] == theirs
    assert reply.json()["id"] == post["id"]
    assert [r["comment"] for r in one.json()["facebook"][0]["replies"]] == ["Thanks!"]
    assert deleted.json()["facebook"]["id"] == theirs
    assert after["facebook"] == []


async def test_comments_are_refused_per_network(emulator: AyrshareEmulator) -> None:
    async with client_for(emulator) as client:
        post = await publish(client, "facebook", "instagram", "twitter", "threads")
        absent = await client.post(
            "/comments", json={"id": post["id"], "platforms": ["linkedin"], "comment": "Hi"}
        )
        mixed = await client.post(
            "/comments",
            json={"id": post["id"], "platforms": ["facebook", "twitter"], "comment": "Hi"},
        )
        pictured = await client.post(
            "/comments",
            json={
                "id": post["id"],
                "platforms": ["instagram"],
                "comment": "Hi",
                "mediaUrls": MEDIA,
            },
        )
        on_threads = await client.post(
            "/comments", json={"id": post["id"], "platforms": ["threads"], "comment": "Hi"}
        )
        reply = await client.post(
            f"/comments/reply/{on_threads.json()['commentId']}",
            json={"comment": "Re", "platforms": ["threads"]},
        )
        unknown = await client.post(
            "/comments/reply/nope", json={"comment": "Re", "platforms": ["facebook"]}
        )
        missing = await client.post("/comments", json={"id": post["id"], "platforms": ["facebook"]})
        read_without_x = await client.get(f"/comments/{post['id']}")
        x_only = await publish(client, "twitter", text="Only on X")
        nothing_read = await client.get(f"/comments/{x_only['id']}")

    assert absent.status_code == 400
    assert absent.json()["linkedin"]["code"] == 915
    assert "commentId" not in absent.json()
    assert mixed.status_code == 400, "partly refused: as POST /post, an error with the successes"
    assert mixed.json()["facebook"]["status"] == "success"
    assert mixed.json()["twitter"]["code"] == 419
    assert pictured.json()["instagram"]["code"] == 101
    assert on_threads.status_code == 200
    assert reply.status_code == 400 and reply.json()["threads"]["code"] == 920
    assert unknown.status_code == 404
    assert missing.status_code == 400
    assert read_without_x.status_code == 200
    assert read_without_x.json()["status"] == "partial"
    assert read_without_x.json()["errors"][0]["code"] == 419
    assert "twitter" not in read_without_x.json() and read_without_x.json()["facebook"] != []
    assert nothing_read.status_code == 400 and nothing_read.json()["status"] == "error"


async def test_a_received_message_and_the_answer_share_a_conversation(
    emulator: AyrshareEmulator,
) -> None:
    message_id = emulator.receive_message(
        None, "instagram", "ig-user-9", "Hello?", sender_name="Jo"
    )
    async with client_for(emulator) as client:
        inbox = (await client.get("/messages/instagram")).json()
        conversation = inbox["messages"][0]["conversationId"]
        answer = await client.post(
            "/messages/instagram", json={"conversationId": conversation, "message": "Hi Jo"}
        )
        thread = (
            await client.get("/messages/instagram", params={"conversationId": conversation})
        ).json()
        archived = (await client.get("/messages/instagram", params={"status": "archived"})).json()
        lost = await client.get("/messages/instagram", params={"conversationId": "nope"})
        no_target = await client.post("/messages/facebook", json={"message": "Hi"})
        empty = await client.post("/messages/facebook", json={"recipientId": "p-1"})
        not_dm = await client.get("/messages/linkedin")

    first = inbox["messages"][0]
    assert first["id"] == message_id and first["action"] == "received"
    assert first["senderId"] == "ig-user-9" and first["senderDetails"]["name"] == "Jo"
    assert answer.json()["recipientId"] == "ig-user-9"
    assert [m["action"] for m in thread["messages"]] == ["sent", "received"]
    assert thread["messagesCount"] == 2
    assert archived["messages"] == []
    assert lost.status_code == 404
    assert no_target.status_code == 400 and empty.status_code == 400
    assert not_dm.status_code == 400
    with pytest.raises(ValueError, match="not linked"):
        emulator.receive_message(emulator.create_profile("No IG"), "instagram", "u", "Hi")


async def test_x_messages_come_in_pages(emulator: AyrshareEmulator) -> None:
    for n in range(5):
        emulator.receive_message(None, "twitter", f"x-user-{n}", f"Message {n}")
    async with client_for(emulator, **X_HEADERS) as client:
        first = (await client.get("/messages/twitter", params={"limit": 2})).json()
        second = (
            await client.get("/messages/twitter", params={"limit": 2, "next": first["next"]})
        ).json()
        last = (
            await client.get("/messages/twitter", params={"limit": 2, "next": second["next"]})
        ).json()
        too_long = await client.post(
            "/messages/twitter",
            json={"recipientId": "x-user-1", "message": "Hi", "mediaUrls": MEDIA * 2},
        )

    seen = [m["message"] for page in (first, second, last) for m in page["messages"]]
    assert len(seen) == 5 and len(set(seen)) == 5
    assert "next" not in last
    assert too_long.status_code == 400


async def test_analytics_by_a_networks_own_post_id(emulator: AyrshareEmulator) -> None:
    [native] = emulator.add_native_posts(None, "linkedin", 1, text="Made on LinkedIn")
    async with client_for(emulator) as client:
        found = await client.post(
            "/analytics/post",
            json={"id": native, "platforms": ["linkedin"], "searchPlatformId": True},
        )
        two = await client.post(
            "/analytics/post",
            json={"id": native, "platforms": ["linkedin", "facebook"], "searchPlatformId": True},
        )
        unknown = await client.post("/analytics/post", json={"id": "missing"})
        post = await publish(client, "facebook")
        elsewhere = await client.post(
            "/analytics/post", json={"id": post["id"], "platforms": ["facebook", "youtube"]}
        )
        nowhere = await client.post(
            "/analytics/post", json={"id": post["id"], "platforms": ["youtube"]}
        )
        unlinked = await client.post(
            "/analytics/social", json={"platforms": ["reddit", "facebook"]}
        )

    assert found.status_code == 200
    assert found.json()["linkedin"]["analytics"]["engagement"] == 0.0
    assert two.status_code == 400
    assert unknown.status_code == 404
    assert elsewhere.json()["status"] == "partial"
    assert elsewhere.json()["errors"][0]["platform"] == "youtube"
    assert nowhere.status_code == 400 and nowhere.json()["status"] == "error"
    assert unlinked.json()["status"] == "partial"
    assert unlinked.json()["errors"][0]["code"] == 156


async def test_short_links_are_stable_and_filtered_by_creation_date(
    emulator: AyrshareEmulator,
) -> None:
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    async with client_for(emulator) as client:
        first = (await client.post("/links", json={"url": "https://example.com/a"})).json()
        same = (await client.post("/short", json={"url": "https://example.com/a"})).json()
        tagged = (
            await client.post("/links", json={"url": "https://example.com/a", "utmSource": "x"})
        ).json()
        created = first["created"][:10]
        clock.advance(3 * 86400)
        later = (await client.post("/links", json={"url": "https://example.com/b"})).json()
        on_day = (
            await client.get(
                "/links", params={"fromCreatedDate": created, "toCreatedDate": created}
            )
        ).json()
        unknown = await client.get("/links/nope")
        bad = await client.post("/links", json={"url": "ftp://example.com"})

    assert same["id"] == first["id"] and tagged["id"] != first["id"]
    assert tagged["utmSource"] == "x"
    assert {link["id"] for link in on_day["analytics"]} == {first["id"], tagged["id"]}
    assert later["id"] not in {link["id"] for link in on_day["analytics"]}
    assert unknown.status_code == 404 and bad.status_code == 400


async def test_feeds_are_listed_updated_and_deleted(emulator: AyrshareEmulator) -> None:
    async with client_for(emulator) as client:
        feed = (await client.post("/feed", json={"url": "https://blog.example.com/rss.xml"})).json()
        updated = await client.put("/feed", json={"id": feed["id"], "autoHashtag": True})
        listed = (await client.get("/feed")).json()
        await client.request("DELETE", "/feed", json={"id": feed["id"]})
        again = await client.request("DELETE", "/feed", json={"id": feed["id"]})
        wrong_type = await client.post(
            "/feed", json={"url": "https://b.example.com", "type": "atom"}
        )

    assert feed["feedURL"] == "https://blog.example.com/rss.xml"
    assert updated.json()["autoHashtag"] is True
    assert [f["id"] for f in listed["feeds"]] == [feed["id"]]
    assert again.status_code == 404 and wrong_type.status_code == 400


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"post": "Baking sourdough bread today", "max": 1}, "Baking #sourdough bread today"),
        (
            {"post": "Baking sourdough bread", "position": "end"},
            "Baking sourdough bread #sourdough #baking",
        ),
        ({"post": "Bread", "maxHashtags": 3, "position": "end"}, "Bread #bread"),
    ],
)
async def test_auto_hashtags(
    emulator: AyrshareEmulator, body: dict[str, Any], expected: str
) -> None:
    async with client_for(emulator) as client:
        response = await client.post("/hashtags/auto", json=body)
    assert response.json()["post"] == expected


async def test_auto_hashtags_refuse_a_max_out_of_range(emulator: AyrshareEmulator) -> None:
    async with client_for(emulator) as client:
        response = await client.post("/hashtags/auto", json={"post": "Hi there", "max": 11})
    assert response.status_code == 400


async def test_instagram_quota_counts_the_last_24_hours(emulator: AyrshareEmulator) -> None:
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    async with client_for(emulator) as client:
        quotas = []
        for n in range(3):
            body = {"post": f"Picture {n}", "platforms": ["instagram"], "mediaUrl": MEDIA}
            quotas.append((await client.post("/post", json=body)).json()["postIds"][0]["usedQuota"])
        clock.advance(24 * 3600 + 1)
        user = (await client.get("/user", params={"instagramDetails": "true"})).json()

    assert quotas == [1, 2, 3]
    instagram = next(d for d in user["displayNames"] if d["platform"] == "instagram")
    assert instagram["usedQuota"] == 0


async def test_a_profile_key_in_the_body_must_exist(emulator: AyrshareEmulator) -> None:
    async with client_for(emulator) as client:
        response = await client.patch("/profiles", json={"profileKey": "NOPE", "title": "X"})
    assert response.status_code == 404
    assert "NOPE" not in response.text


def test_every_alias_names_a_current_route_with_the_same_operation() -> None:
    from ayrshare_async.testing._canned import CANNED
    from ayrshare_async.testing._routes import ALIASES, MODELLED

    current = {f"{method} {template}": e.operation for method, template, e in MODELLED}
    current.update(
        {f"{method} {template}": operation for method, template, operation, *_ in CANNED}
    )
    for method, template, endpoint in ALIASES:
        assert endpoint.alias_of is not None, f"{method} {template}"
        assert current[endpoint.alias_of] == endpoint.operation, endpoint.alias_of
    assert all(endpoint.alias_of is None for _, _, endpoint in MODELLED)


async def test_faults_aimed_at_a_route_also_hit_its_older_path(emulator: AyrshareEmulator) -> None:
    emulator.faults.fail_next(2, status=503, route="links.create")
    async with client_for(emulator) as client:
        older = await client.post("/short", json={"url": "https://example.com"})
        current = await client.post("/links", json={"url": "https://example.com"})
        after = await client.post("/short", json={"url": "https://example.com"})
    assert [older.status_code, current.status_code, after.status_code] == [503, 503, 200]
    assert [r.operation for r in emulator.requests] == ["links.create"] * 3
