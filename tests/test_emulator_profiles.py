"""The emulator's profiles, user details and the profile-delete limit, spoken to with plain httpx."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ayrshare_async.testing import AyrshareEmulator, ManualClock

BASE = "https://api.ayrshare.com/api"


def client_for(emulator: AyrshareEmulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=emulator.transport(),
        base_url=BASE,
        headers={"Authorization": f"Bearer {emulator.api_key}"},
    )


async def delete_profile(client: httpx.AsyncClient, key: str) -> httpx.Response:
    return await client.request("DELETE", "/profiles", headers={"Profile-Key": key})


async def test_create_returns_the_profile_key_once(ayrshare_emulator: AyrshareEmulator) -> None:
    async with client_for(ayrshare_emulator) as client:
        created = await client.post("/profiles", json={"title": "Acme", "tags": ["vip"]})
        listed = await client.get("/profiles")

    assert created.status_code == 200
    body = created.json()
    assert body["status"] == "success"
    assert body["title"] == "Acme"
    assert len(body["refId"]) == 40
    assert body["profileKey"] in ayrshare_emulator.profile_keys()
    [profile] = listed.json()["profiles"]
    assert profile["refId"] == body["refId"]
    assert profile["tags"] == ["vip"]
    assert "profileKey" not in profile
    assert body["profileKey"] not in listed.text


async def test_titles_are_unique_and_required(ayrshare_emulator: AyrshareEmulator) -> None:
    ayrshare_emulator.create_profile("Acme")
    async with client_for(ayrshare_emulator) as client:
        again = await client.post("/profiles", json={"title": "Acme"})
        missing = await client.post("/profiles", json={})

    assert again.status_code == 400
    assert again.json()["code"] == 146
    assert missing.status_code == 400
    assert missing.json()["status"] == "error"


async def test_pagination_walks_every_profile_once(ayrshare_emulator: AyrshareEmulator) -> None:
    keys = [ayrshare_emulator.create_profile(f"User {n}") for n in range(23)]
    titles: list[str] = []
    pages = 0
    cursor: str | None = None
    async with client_for(ayrshare_emulator) as client:
        while True:
            params: dict[str, Any] = {"limit": 5}
            if cursor is not None:
                params["cursor"] = cursor
            page = (await client.get("/profiles", params=params)).json()
            pages += 1
            titles += [p["title"] for p in page["profiles"]]
            if pages == 2:
                # deleting profiles already seen and not yet seen must not skip or repeat others
                await delete_profile(client, keys[0])
                await delete_profile(client, keys[20])
            if not page["hasMore"]:
                assert "nextCursor" not in page
                break
            cursor = page["nextCursor"]

    assert pages == 5
    assert len(titles) == len(set(titles))
    assert set(titles) == {f"User {n}" for n in range(23) if n != 20}


async def test_profile_filters(ayrshare_emulator: AyrshareEmulator) -> None:
    ayrshare_emulator.create_profile("Empty", networks=[])
    ayrshare_emulator.create_profile("Social", networks=["facebook", "instagram"])
    ayrshare_emulator.create_profile("Partly", networks=["facebook"])
    async with client_for(ayrshare_emulator) as client:

        async def titles(params: dict[str, Any]) -> list[str]:
            response = await client.get("/profiles", params=params)
            return [p["title"] for p in response.json()["profiles"]]

        assert await titles({"hasActiveSocialAccounts": "false"}) == ["Empty"]
        assert await titles({"hasActiveSocialAccounts": "true"}) == ["Social", "Partly"]
        assert await titles(
            {
                "includesActiveSocialAccounts[0]": "facebook",
                "includesActiveSocialAccounts[1]": "instagram",
            }
        ) == ["Social"]
        assert await titles({"title": "Partly"}) == ["Partly"]
        assert await titles({"title": "Nobody"}) == []
        bad_cursor = await client.get("/profiles", params={"cursor": "garbage"})
    assert bad_cursor.status_code == 400


async def test_update_needs_a_profile_key(ayrshare_emulator: AyrshareEmulator) -> None:
    key = ayrshare_emulator.create_profile("Old title")
    async with client_for(ayrshare_emulator) as client:
        without = await client.patch("/profiles", json={"title": "New"})
        renamed = await client.patch(
            "/profiles", json={"title": "New title"}, headers={"Profile-Key": key}
        )
        listed = await client.get("/profiles", params={"title": "New title"})

    assert without.status_code == 400
    assert renamed.status_code == 200
    assert renamed.json()["status"] == "success"
    assert len(listed.json()["profiles"]) == 1


async def test_delete_by_header_or_title(ayrshare_emulator: AyrshareEmulator) -> None:
    by_header = ayrshare_emulator.create_profile("By header")
    ayrshare_emulator.create_profile("By title")
    async with client_for(ayrshare_emulator) as client:
        first = await delete_profile(client, by_header)
        second = await client.request("DELETE", "/profiles", json={"title": "By title"})
        gone = await delete_profile(client, by_header)
        unknown_title = await client.request("DELETE", "/profiles", json={"title": "By title"})
        neither = await client.request("DELETE", "/profiles")

    assert (first.status_code, second.status_code) == (200, 200)
    assert ayrshare_emulator.profile_keys() == []
    assert gone.status_code == 404
    assert gone.json()["status"] == "error"
    assert unknown_title.status_code == 404
    assert neither.status_code == 400


async def test_ninth_delete_within_a_second_is_429() -> None:
    clock = ManualClock()
    emulator = AyrshareEmulator(clock=clock)
    keys = [emulator.create_profile(f"P{n}") for n in range(12)]
    async with client_for(emulator) as client:
        statuses = [(await delete_profile(client, key)).status_code for key in keys[:9]]
        clock.advance(0.999)
        still_limited = await delete_profile(client, keys[8])
        clock.advance(0.001)
        allowed_again = await delete_profile(client, keys[8])

    assert statuses == [200] * 8 + [429]
    assert still_limited.status_code == 429
    assert still_limited.json()["code"] == 902
    assert still_limited.headers["x-ratelimit-count"] == "0", "a refused delete costs nothing"
    assert allowed_again.status_code == 200
    assert allowed_again.headers["x-ratelimit-count"] == "1"
    assert emulator.max_in_window("DELETE /profiles", 1.0) == 10


async def test_delete_limit_is_a_sliding_window() -> None:
    """Deletes 0.1 s apart: a fixed one-second bucket would allow 10, any-1-s allows 8."""
    clock = ManualClock(start=0.5)
    emulator = AyrshareEmulator(clock=clock)
    keys = [emulator.create_profile(f"P{n}") for n in range(10)]
    statuses = []
    async with client_for(emulator) as client:
        for key in keys:
            statuses.append((await delete_profile(client, key)).status_code)
            clock.advance(0.1)

    assert statuses[:8] == [200] * 8
    assert statuses[8] == 429


async def test_spaced_deletes_never_hit_the_limit() -> None:
    clock = ManualClock()
    emulator = AyrshareEmulator(clock=clock)
    keys = [emulator.create_profile(f"P{n}") for n in range(24)]
    async with client_for(emulator) as client:
        for key in keys:
            assert (await delete_profile(client, key)).status_code == 200
            clock.advance(0.125)

    assert emulator.max_in_window("profiles.delete", 1.0) == 8


async def test_unlink_a_network(ayrshare_emulator: AyrshareEmulator) -> None:
    key = ayrshare_emulator.create_profile("Acme", networks=["facebook", "tiktok"])
    headers = {"Profile-Key": key}
    async with client_for(ayrshare_emulator) as client:
        unlinked = await client.request(
            "DELETE", "/profiles/social", json={"platform": "tiktok"}, headers=headers
        )
        not_linked = await client.request(
            "DELETE", "/profiles/social", json={"platform": "youtube"}, headers=headers
        )
        not_allowed = await client.request(
            "DELETE", "/profiles/social", json={"platform": "pinterest"}, headers=headers
        )

    assert unlinked.json() == {
        "status": "success",
        "platform": "tiktok",
        "refId": unlinked.json()["refId"],
    }
    assert not_linked.status_code == 200
    assert not_allowed.status_code == 400
    assert ayrshare_emulator.linked_networks(key) == ["facebook"]


async def test_user_details(ayrshare_emulator: AyrshareEmulator) -> None:
    linked = ayrshare_emulator.create_profile("Linked", networks=["instagram", "facebook"])
    bare = ayrshare_emulator.create_profile("Bare", networks=[])
    async with client_for(ayrshare_emulator) as client:
        primary = (await client.get("/user")).json()
        user = (
            await client.get(
                "/user", params={"instagramDetails": "true"}, headers={"Profile-Key": linked}
            )
        ).json()
        empty = (await client.get("/user", headers={"Profile-Key": bare})).json()

    assert primary["title"] == "Primary Profile"
    assert primary["email"] is not None
    assert user["title"] == "Linked"
    assert user["email"] is None
    assert user["activeSocialAccounts"] == ["facebook", "instagram"]
    assert [d["platform"] for d in user["displayNames"]] == ["facebook", "instagram"]
    assert user["displayNames"][1]["type"] == "business"
    assert user["monthlyApiCalls"] == 1
    assert "activeSocialAccounts" not in empty
    assert empty["displayNames"] == []


@pytest.mark.parametrize("bad", [["facebook", "myspace"], "facebook"])
async def test_disable_social_is_validated(ayrshare_emulator: AyrshareEmulator, bad: Any) -> None:
    async with client_for(ayrshare_emulator) as client:
        response = await client.post("/profiles", json={"title": "T", "disableSocial": bad})
    assert response.status_code == 400
