"""Every route's wire request (method, path, query encoding, camelCase body, Profile-Key rule) and
parsed answer, from the shared case tables, and their coverage of the fact sheet (every group).
For post, history, user, profiles, auto_schedule, analytics and validate: the retry decision of
each row, idempotency keys, partial failures and the paginated iterators."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from _route_cases import (
    API_KEY,
    BASE,
    CASES,
    CORE_CASES,
    PROFILE_KEY,
    TLS,
    Case,
    bound_method,
)

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
    ProfileSummary,
    SocialPost,
    UserDetails,
)
from ayrshare_async.routes import ROUTES

GROUPS = ("post", "history", "user", "profiles", "auto_schedule", "analytics", "validate")
ROUTES_BY_NAME = {route.name: route for route in ROUTES if route.group in GROUPS}
ALL_ROUTES_BY_NAME = {route.name: route for route in ROUTES}
DATA = Path(__file__).parent / "data"


def test_every_route_has_exactly_one_case() -> None:
    assert sorted(case.name for case in CASES) == sorted(route.name for route in ROUTES)
    assert sorted(case.name for case in CORE_CASES) == sorted(ROUTES_BY_NAME)
    assert Counter(route.group for route in ROUTES) == {
        "post": 5,
        "history": 3,
        "user": 2,
        "profiles": 7,
        "auto_schedule": 4,
        "analytics": 4,
        "validate": 3,
        "ads": 8,
        "brand": 1,
        "comments": 4,
        "feed": 4,
        "generate": 6,
        "hashtags": 3,
        "links": 3,
        "media": 6,
        "messages": 4,
        "reviews": 4,
        "utils": 1,
        "webhooks": 4,
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
    route = ALL_ROUTES_BY_NAME[case.name]
    caller = client.with_profile(PROFILE_KEY) if scope == "view" else client
    per_call = scope == "per-call" and route.profile_key != "refused"  # no such argument there
    kwargs = {**case.kwargs, "profile_key": PROFILE_KEY} if per_call else case.kwargs
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        endpoint = mock.route(method=case.method, path=case.path).respond(200, json=case.reply)
        if scope == "none" and route.profile_key == "required":
            with pytest.raises(ValidationError, match="profile"):
                await bound_method(caller, case.name)(*case.args, **kwargs)
            assert not endpoint.called
            return
        result = await bound_method(caller, case.name)(*case.args, **kwargs)

    request = endpoint.calls.last.request
    assert request.method == route.method == case.method
    assert request.url.path == "/api" + case.path
    assert list(request.url.params.multi_items()) == list(case.query.items())
    if case.body is None:
        assert request.content == b""
    else:
        assert json.loads(request.content) == case.body
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
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


@pytest.mark.parametrize("case", CORE_CASES, ids=[case.name for case in CORE_CASES])
async def test_a_503_is_retried_only_where_the_row_says_it_is_safe(case: Case) -> None:
    route = ROUTES_BY_NAME[case.name]
    kwargs = (
        case.kwargs
        if route.profile_key == "refused"
        else {**case.kwargs, "profile_key": PROFILE_KEY}
    )
    async with AsyncAyrshare(
        api_key=API_KEY,
        base_url=BASE,
        max_retries=1,
        retry_policy=RetryPolicy(sleep=_no_sleep),
        transport=httpx.AsyncHTTPTransport(verify=TLS),
    ) as client:
        with respx.mock(base_url=BASE) as mock:
            endpoint = mock.route(method=case.method, path=case.path)
            endpoint.side_effect = [httpx.Response(503), httpx.Response(200, json=case.reply)]
            call = bound_method(client, case.name)(*case.args, **kwargs)
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
        "id": "Ayr1",
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
        None: {
            "profiles": [{"title": "a", "refId": "r1"}, {"title": "b", "refId": "r2"}],
            "hasMore": True,
            "nextCursor": "c2",
        },
        "c2": {"profiles": [{"title": "c", "refId": "r3"}], "hasMore": False, "nextCursor": "c3"},
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
    reply = {"profiles": [{"title": "a", "refId": "r1"}], "hasMore": True, "nextCursor": "c2"}
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
