"""The routes of post, history, user, profiles, auto_schedule, analytics and validate: each call's
wire request (method, path, query encoding, camelCase body, Profile-Key rule), its parsed answer,
the retry decision of its row, and the paginated iterators. Plus the table's coverage of the
fact sheet (every group)."""

from __future__ import annotations

import datetime as dt
import json
import re
import ssl
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
import respx

from ayrshare_async import (
    APIStatusError,
    AsyncAyrshare,
    DuplicateRequestError,
    InternalServerError,
    RetryPolicy,
    ValidationError,
)
from ayrshare_async.models import (
    PostCreateResponse,
    PostFirstComment,
    ProfileSummary,
    SocialPost,
    UserDetails,
)
from ayrshare_async.routes import ROUTES

BASE = "https://api.ayrshare.com/api"
PROFILE_KEY = "PROFILE-KEY-TEST-4321"
GROUPS = ("post", "history", "user", "profiles", "auto_schedule", "analytics", "validate")
ROUTES_BY_NAME = {route.name: route for route in ROUTES if route.group in GROUPS}
DATA = Path(__file__).parent / "data"
UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 7, 8, 12, 30, tzinfo=UTC)
_TLS = ssl.create_default_context()
"""Built once: loading the CA bundle per client would dominate these tests' run time."""


@attrs.frozen
class Case:
    """One call and the request it must produce; ``reply`` is what the fake server answers."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    method: str
    path: str
    query: list[tuple[str, str]] = attrs.field(factory=list)
    body: dict[str, Any] | None = None
    reply: Any = attrs.field(factory=lambda: {"status": "success"})


CASES = [
    # -- post -------------------------------------------------------------------------------------
    Case(
        "post.create",
        (),
        {
            "post": "Hello",
            "platforms": ["twitter", "facebook"],
            "media_urls": ["https://img.example.com/a.jpg"],
            "schedule_date": dt.datetime(
                2026, 7, 8, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
            ),
            "first_comment": PostFirstComment(comment="first!"),
            "facebook_options": {"reels": True},
            "linkedin_options": {"visibility": "public"},
            "requires_approval": True,
            "idempotency_key": "key-1",
        },
        "POST",
        "/post",
        body={
            "post": "Hello",
            "platforms": ["twitter", "facebook"],
            "mediaUrls": ["https://img.example.com/a.jpg"],
            "scheduleDate": "2026-07-08T12:30:00Z",
            "firstComment": {"comment": "first!"},
            "requiresApproval": True,
            "idempotencyKey": "key-1",
            "faceBookOptions": {"reels": True},
            "linkedInOptions": {"visibility": "public"},
        },
        reply={"status": "scheduled", "id": "K0Dm", "postIds": [], "errors": []},
    ),
    Case(
        "post.get",
        ("K0Dm",),
        {},
        "GET",
        "/post/K0Dm",
        reply={"id": "K0Dm", "status": "pending", "platforms": ["twitter"]},
    ),
    Case("post.delete", (), {"id": "K0Dm"}, "DELETE", "/post", body={"id": "K0Dm"}),
    Case(
        "post.update",
        (),
        {"id": "K0Dm", "approved": True, "schedule_date": WHEN, "notes": "ok by Jo"},
        "PATCH",
        "/post",
        body={
            "id": "K0Dm",
            "approved": True,
            "notes": "ok by Jo",
            "scheduleDate": "2026-07-08T12:30:00Z",
        },
    ),
    Case("post.retry", (), {"id": "K0Dm"}, "PUT", "/post/retry", body={"id": "K0Dm"}),
    # -- history ----------------------------------------------------------------------------------
    Case(
        "history.list",
        (),
        {"limit": 50, "platforms": ["twitter", "facebook"], "last_days": 0, "status": "error"},
        "GET",
        "/history",
        query=[
            ("limit", "50"),
            ("platforms[0]", "twitter"),
            ("platforms[1]", "facebook"),
            ("lastDays", "0"),
            ("status", "error"),
        ],
        reply={"history": [{"id": "K0Dm", "status": "error"}], "refId": "r1"},
    ),
    Case("history.get", ("K0Dm",), {}, "GET", "/history/K0Dm", reply={"id": "K0Dm"}),
    Case(
        "history.by_platform",
        ("instagram",),
        {"limit": 20, "skip_analytics": True, "next": "cur-1", "since": WHEN},
        "GET",
        "/history/instagram",
        query=[
            ("limit", "20"),
            ("skipAnalytics", "true"),
            ("next", "cur-1"),
            ("since", "2026-07-08T12:30:00Z"),
        ],
        reply={"status": "success", "posts": [{"id": "1789", "post": "hi"}]},
    ),
    # -- user -------------------------------------------------------------------------------------
    Case(
        "user.get",
        (),
        {"instagram_details": True},
        "GET",
        "/user",
        query=[("instagramDetails", "true")],
        reply={"activeSocialAccounts": ["twitter"], "title": "Primary Profile"},
    ),
    Case(
        "user.batch",
        (),
        {},
        "GET",
        "/user/batch",
        reply={"success": True, "url": "https://files.example.com/batch.json"},
    ),
    # -- profiles ---------------------------------------------------------------------------------
    Case(
        "profiles.create",
        (),
        {"title": "Acme", "disable_social": ["tiktok"], "tags": ["vip"]},
        "POST",
        "/profiles",
        body={"title": "Acme", "disableSocial": ["tiktok"], "tags": ["vip"]},
        reply={"status": "success", "title": "Acme", "refId": "r1", "profileKey": "NEW-KEY"},
    ),
    Case(
        "profiles.list",
        (),
        {"includes_active_social_accounts": ["twitter", "facebook"], "limit": 10, "cursor": "c1"},
        "GET",
        "/profiles",
        query=[
            ("includesActiveSocialAccounts[0]", "twitter"),
            ("includesActiveSocialAccounts[1]", "facebook"),
            ("limit", "10"),
            ("cursor", "c1"),
        ],
        reply={"profiles": [{"title": "Acme", "refId": "r1"}], "hasMore": False},
    ),
    Case(
        "profiles.update",
        (),
        {"title": "Acme", "tags": ["gold"], "x_account_activity_active": True},
        "PATCH",
        "/profiles",
        body={"title": "Acme", "tags": ["gold"], "xAccountActivityActive": True},
    ),
    Case("profiles.delete", (), {"title": "Acme"}, "DELETE", "/profiles", body={"title": "Acme"}),
    Case(
        "profiles.generate_jwt",
        (),
        {
            "domain": "acme",
            "private_key": "-----BEGIN RSA PRIVATE KEY-----x",
            "user_profile_key": "USER-KEY",
            "expires_in": 30,
        },
        "POST",
        "/profiles/generateJWT",
        body={
            "domain": "acme",
            "privateKey": "-----BEGIN RSA PRIVATE KEY-----x",
            "profileKey": "USER-KEY",
            "expiresIn": 30,
        },
        reply={"status": "success", "token": "jwt", "url": "https://profile.ayrshare.com?jwt=x"},
    ),
    Case(
        "profiles.create_link_session",
        (),
        {"expires_in": 60, "allowed_social": ["twitter", "tiktok"], "mode": "grid"},
        "POST",
        "/profiles/link-sessions",
        body={"expiresIn": 60, "mode": "grid", "allowedSocial": ["twitter", "tiktok"]},
        reply={"status": "success", "sessionId": "s1", "url": "https://profile.ayrshare.com/s1"},
    ),
    Case(
        "profiles.unlink_social",
        (),
        {"platform": "tiktok"},
        "DELETE",
        "/profiles/social",
        body={"platform": "tiktok"},
        reply={"status": "success", "platform": "tiktok", "refId": "r1"},
    ),
    # -- auto_schedule ----------------------------------------------------------------------------
    Case(
        "auto_schedule.set",
        (),
        {"schedule": ["13:05Z", "20:14Z"], "title": "weekday", "days_of_week": [1, 3]},
        "POST",
        "/auto-schedule/set",
        body={"schedule": ["13:05Z", "20:14Z"], "title": "weekday", "daysOfWeek": [1, 3]},
    ),
    Case(
        "auto_schedule.list",
        (),
        {"title": "weekday"},
        "GET",
        "/auto-schedule/list",
        query=[("title", "weekday")],
        reply={"status": "success", "schedules": [{"title": "weekday", "schedule": ["13:05Z"]}]},
    ),
    Case(
        "auto_schedule.delete",
        (),
        {"title": "weekday", "delete_last_schedule_date": True},
        "DELETE",
        "/auto-schedule/delete",
        body={"title": "weekday", "deleteLastScheduleDate": True},
    ),
    Case("auto_schedule.pending", (), {}, "GET", "/auto-schedule/pending"),
    # -- analytics --------------------------------------------------------------------------------
    Case(
        "analytics.post",
        (),
        {"id": "K0Dm", "platforms": ["twitter"]},
        "POST",
        "/analytics/post",
        body={"id": "K0Dm", "platforms": ["twitter"]},
        reply={"status": "success", "twitter": {"analytics": {"likeCount": 3}}},
    ),
    Case(
        "analytics.post_by_social_id",
        (),
        {"id": "1789", "platforms": ["facebook"]},
        "POST",
        "/analytics/post",
        body={"id": "1789", "platforms": ["facebook"], "searchPlatformId": True},
    ),
    Case(
        "analytics.social",
        (),
        {"platforms": ["facebook", "youtube"], "daily": True, "youtube": {"lifetime": True}},
        "POST",
        "/analytics/social",
        body={"platforms": ["facebook", "youtube"], "daily": True, "youtube": {"lifetime": True}},
        reply={"status": "partial", "facebook": {"analytics": {"followersCount": 9}}},
    ),
    Case(
        "analytics.links_legacy",
        (),
        {"last_days": 7},
        "GET",
        "/analytics/links",
        query=[("lastDays", "7")],
        reply=[{"shortUrl": "https://ayr.app/x", "clicks": 2}],
    ),
    # -- validate ---------------------------------------------------------------------------------
    Case(
        "validate.post",
        (),
        {"post": "Hi", "platforms": ["twitter"], "media_urls": ["https://img.example.com/a.png"]},
        "POST",
        "/validate/post",
        body={
            "post": "Hi",
            "platforms": ["twitter"],
            "mediaUrls": ["https://img.example.com/a.png"],
        },
        reply={"status": "success", "message": "valid", "warnings": []},
    ),
    Case(
        "validate.post_length",
        (),
        {"post": "Hi"},
        "POST",
        "/validate/postLength",
        body={"post": "Hi"},
        reply={"twitterWeightedLength": 2, "twitterValid": True, "maxCharLimits": {"twitter": 280}},
    ),
    Case(
        "validate.json",
        (),
        {"extra_body": {"a": [1, 2]}},
        "POST",
        "/validate/json",
        body={"a": [1, 2]},
    ),
]


@pytest.fixture
async def client() -> AsyncIterator[AsyncAyrshare]:
    transport = httpx.AsyncHTTPTransport(verify=_TLS)
    async with AsyncAyrshare(
        api_key="test-key", base_url=BASE, max_retries=0, transport=transport
    ) as c:
        yield c


def _method(client: AsyncAyrshare, name: str) -> Callable[..., Any]:
    group, method = name.split(".")
    bound: Callable[..., Any] = getattr(getattr(client, group), method)
    return bound


def test_every_route_of_these_groups_has_a_case() -> None:
    assert sorted(case.name for case in CASES) == sorted(ROUTES_BY_NAME)
    per_group: dict[str, int] = {}
    for route in ROUTES_BY_NAME.values():
        per_group[route.group] = per_group.get(route.group, 0) + 1
    assert per_group == {
        "post": 5,
        "history": 3,
        "user": 2,
        "profiles": 7,
        "auto_schedule": 4,
        "analytics": 4,
        "validate": 3,
    }


def _any(value: object) -> Any:
    """A deliberately wrong value, passed where the type checker would refuse it."""
    return value


def _normalized(path: str) -> str:
    return re.sub(r"{\w+}", "{}", path)


def test_every_fact_sheet_route_is_in_the_table() -> None:
    """All groups: the fact sheet's 75 routes (operation, method, path) are rows of ROUTES."""
    by_name = {route.name: route for route in ROUTES}
    facts = json.loads((DATA / "fact_sheet_routes.json").read_text())
    missing = [f["operation"] for f in facts if f["operation"] not in by_name]
    assert missing == []
    for fact in facts:
        route = by_name[fact["operation"]]
        assert route.method == fact["method"], fact
        if fact["path"] is not None:
            assert _normalized(route.path) == _normalized(fact["path"]), fact
    assert "auto_schedule.pending" in by_name  # from the seeds, not the fact sheet
    assert len({route.name for route in ROUTES}) == len(ROUTES)


def test_no_legacy_paths() -> None:
    pairs = {(route.method, route.path) for route in ROUTES}
    assert not pairs & {
        ("DELETE", "/delete"),
        ("PUT", "/post"),
        ("POST", "/profiles/create-profile"),
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize("scope", ["view", "per-call", "none"])
async def test_wire_request_and_parsed_response(
    client: AsyncAyrshare, case: Case, scope: str
) -> None:
    route = ROUTES_BY_NAME[case.name]
    caller = client.with_profile(PROFILE_KEY) if scope == "view" else client
    kwargs = {**case.kwargs, "profile_key": PROFILE_KEY} if scope == "per-call" else case.kwargs
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        endpoint = mock.route(method=case.method, path=case.path).respond(200, json=case.reply)
        if scope == "none" and route.profile_key == "required":
            with pytest.raises(ValidationError, match="profile"):
                await _method(caller, case.name)(*case.args, **kwargs)
            assert not endpoint.called
            return
        result = await _method(caller, case.name)(*case.args, **kwargs)

    request = endpoint.calls.last.request
    assert request.method == route.method == case.method
    assert request.url.path == "/api" + case.path
    assert list(request.url.params.multi_items()) == case.query
    if case.body is None:
        assert request.content == b""
    else:
        assert json.loads(request.content) == case.body
    assert request.headers["authorization"] == "Bearer test-key"
    sent_key = request.headers.get("profile-key")
    if route.profile_key == "refused" or scope == "none":
        assert sent_key is None
    else:
        assert sent_key == PROFILE_KEY

    if isinstance(case.reply, list):
        assert [item.to_dict() for item in result] == case.reply
    else:
        assert isinstance(result, route.response)
        assert result.to_dict() == case.reply


def test_profile_key_rules() -> None:
    rules = {name: route.profile_key for name, route in ROUTES_BY_NAME.items()}
    assert {n for n, rule in rules.items() if rule == "required"} == {
        "profiles.update",
        "profiles.create_link_session",
    }
    assert {n for n, rule in rules.items() if rule == "refused"} == {
        "profiles.create",
        "profiles.list",
        "user.batch",
    }


def test_retry_safe_posts_are_pure_reads() -> None:
    safe = {n for n, r in ROUTES_BY_NAME.items() if r.method in ("POST", "PATCH") and r.retry_safe}
    assert safe == {
        "analytics.post",
        "analytics.post_by_social_id",
        "analytics.social",
        "auto_schedule.set",
        "validate.post",
        "validate.post_length",
        "validate.json",
    }
    assert ROUTES_BY_NAME["post.create"].idempotency_field == "idempotency_key"
    assert not ROUTES_BY_NAME["post.retry"].retry_safe


async def _no_sleep(_: float) -> None:
    return None


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_a_503_is_retried_only_where_the_row_says_it_is_safe(case: Case) -> None:
    route = ROUTES_BY_NAME[case.name]
    kwargs = {**case.kwargs, "profile_key": PROFILE_KEY}
    async with AsyncAyrshare(
        api_key="test-key",
        base_url=BASE,
        max_retries=1,
        retry_policy=RetryPolicy(sleep=_no_sleep),
        transport=httpx.AsyncHTTPTransport(verify=_TLS),
    ) as client:
        with respx.mock(base_url=BASE) as mock:
            endpoint = mock.route(method=case.method, path=case.path)
            endpoint.side_effect = [httpx.Response(503), httpx.Response(200, json=case.reply)]
            call = _method(client, case.name)(*case.args, **kwargs)
            if route.retry_safe or route.idempotency_field:
                await call
                assert endpoint.call_count == 2
                first, second = (c.request for c in endpoint.calls)
                assert first.content == second.content
            else:
                with pytest.raises(InternalServerError):
                    await call
                assert endpoint.call_count == 1


async def test_post_create_mints_one_idempotency_key_per_call(client: AsyncAyrshare) -> None:
    with respx.mock(base_url=BASE) as mock:
        endpoint = mock.post("/post").respond(200, json={"status": "success", "id": "a"})
        await client.post.create(post="a", platforms=["twitter"])
        await client.post.create(post="a", platforms=["twitter"])
    keys = [json.loads(c.request.content).get("idempotencyKey") for c in endpoint.calls]
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in keys)
    assert keys[0] != keys[1]


async def test_validate_post_does_not_mint_a_key(client: AsyncAyrshare) -> None:
    with respx.mock(base_url=BASE) as mock:
        endpoint = mock.post("/validate/post").respond(200, json={"status": "success"})
        await client.validate.post(post="a", platforms=["twitter"])
    assert "idempotencyKey" not in json.loads(endpoint.calls.last.request.content)


async def test_a_reused_idempotency_key_is_a_duplicate_error(client: AsyncAyrshare) -> None:
    reply = {
        "status": "error",
        "errors": [
            {
                "action": "post",
                "status": "error",
                "code": 137,
                "message": "Duplicate idempotencyKey found",
            }
        ],
    }
    with respx.mock(base_url=BASE) as mock:
        mock.post("/post").respond(400, json=reply)
        with pytest.raises(DuplicateRequestError) as caught:
            await client.post.create(post="a", platforms=["twitter"], idempotency_key="k-9")
    assert caught.value.idempotency_key == "k-9"


async def test_partial_failure_keeps_post_ids_and_errors(client: AsyncAyrshare) -> None:
    reply = {
        "status": "error",
        "id": "K0Dm",
        "postIds": [
            {
                "status": "success",
                "platform": "facebook",
                "id": "1_2",
                "postUrl": "https://fb.com/1_2",
            }
        ],
        "errors": [
            {
                "action": "post",
                "status": "error",
                "code": 110,
                "message": "Duplicate",
                "platform": "twitter",
            }
        ],
    }
    with respx.mock(base_url=BASE) as mock:
        mock.post("/post").respond(400, json=reply)
        with pytest.raises(APIStatusError) as caught:
            await client.post.create(post="a", platforms=["twitter", "facebook"])
    outcome = PostCreateResponse.from_error(caught.value)
    assert outcome is not None and outcome.is_partial
    assert [p.platform for p in outcome.succeeded] == ["facebook"]
    assert [(e.platform, e.code) for e in outcome.failed] == [("twitter", 110)]
    assert outcome.to_dict() == reply


async def test_partial_success_in_a_success_answer(client: AsyncAyrshare) -> None:
    reply = {
        "status": "success",
        "postIds": [{"status": "success", "platform": "facebook", "id": "1_2"}],
        "errors": [{"status": "error", "code": 110, "platform": "twitter"}],
    }
    with respx.mock(base_url=BASE) as mock:
        mock.post("/post").respond(200, json=reply)
        result = await client.post.create(post="a", platforms=["twitter", "facebook"])
    assert result.is_partial
    assert result.post_ids is not None and result.post_ids[0].id == "1_2"
    assert result.errors is not None and result.errors[0].platform == "twitter"


async def test_bad_path_value_is_rejected_before_sending(client: AsyncAyrshare) -> None:
    with respx.mock(base_url=BASE) as mock:
        with pytest.raises(ValidationError, match="platform"):
            await client.history.by_platform(_any("gmb"))
        assert not mock.calls


async def test_bad_argument_is_rejected_before_sending(client: AsyncAyrshare) -> None:
    with respx.mock(base_url=BASE) as mock:
        with pytest.raises(ValidationError, match="limit"):
            await client.history.list(limit=1001)
        with pytest.raises(ValidationError, match="media_urls"):
            await client.post.create(post="a", platforms=["twitter"], media_urls=["http://x/a.png"])
        assert not mock.calls


async def test_profiles_iter_walks_every_page(client: AsyncAyrshare) -> None:
    pages = {
        None: {"profiles": [{"title": "a"}, {"title": "b"}], "hasMore": True, "nextCursor": "c2"},
        "c2": {"profiles": [{"title": "c"}], "hasMore": False, "nextCursor": "c3"},
    }

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("cursor")])

    with respx.mock(base_url=BASE) as mock:
        endpoint = mock.get("/profiles").mock(side_effect=answer)
        titles = [p.title async for p in client.profiles.iter(limit=2)]
    assert titles == ["a", "b", "c"]
    assert [c.request.url.params.get("cursor") for c in endpoint.calls] == [None, "c2"]
    assert all(c.request.url.params["limit"] == "2" for c in endpoint.calls)


async def test_profiles_iter_is_lazy(client: AsyncAyrshare) -> None:
    reply = {"profiles": [{"title": "a"}], "hasMore": True, "nextCursor": "c2"}
    with respx.mock(base_url=BASE) as mock:
        endpoint = mock.get("/profiles").respond(200, json=reply)
        walker = client.profiles.iter()
        first = await walker.__anext__()
        await walker.aclose()
    assert isinstance(first, ProfileSummary)
    assert endpoint.call_count == 1


async def test_history_iter_by_platform_follows_next(client: AsyncAyrshare) -> None:
    pages = {
        None: {"posts": [{"id": "1"}], "meta": {"pagination": {"next": "n2"}}},
        "n2": {"posts": [{"id": "2"}], "meta": {"pagination": {"next": "n2"}}},
    }

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("next")])

    with respx.mock(base_url=BASE) as mock:
        endpoint = mock.get("/history/twitter").mock(side_effect=answer)
        posts = [p async for p in client.history.iter_by_platform("twitter", limit=1)]
    assert [p.id for p in posts] == ["1", "2"]
    assert all(isinstance(p, SocialPost) for p in posts)
    assert endpoint.call_count == 2  # a repeated cursor ends the walk instead of looping


async def test_raw_response_gives_headers_and_the_model(client: AsyncAyrshare) -> None:
    reply = json.loads((DATA / "user.json").read_text())
    headers = {"x-ratelimit-max": "300", "x-ratelimit-count": "7"}
    with respx.mock(base_url=BASE) as mock:
        mock.get("/user").respond(200, json=reply, headers=headers)
        raw = await client.with_raw_response.user.get()
    assert raw.status_code == 200
    assert raw.rate_limit.remaining == 293
    user = raw.parse()
    assert isinstance(user, UserDetails) and user.to_dict() == reply


def test_docs_route_counts_match_the_table() -> None:
    text = (Path(__file__).parents[1] / "docs" / "routes.md").read_text(encoding="utf-8")
    documented = {m[0]: int(m[1]) for m in re.findall(r"^\| (\w+) \| (\d+) \|$", text, re.M)}
    counts: dict[str, int] = {}
    for route in ROUTES:
        counts[route.group] = counts.get(route.group, 0) + 1
    assert documented == counts
    for route in ROUTES:
        if route.uncertain:
            assert f"`{route.name}`" in text or f"`{route.group}.*`" in text, route.name
