"""Client mechanics: config, views, retries, error mapping, secrets. Each runs on asyncio and trio."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
import anyio.lowlevel
import attrs
import httpx
import pytest

from ayrshare_async import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncAyrshare,
    AuthenticationError,
    BadRequestError,
    DuplicateRequestError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
    ValidationError,
)
from ayrshare_async._options import RequestOptions
from ayrshare_async._response import APIResponse, to_raw_response
from ayrshare_async._route import PathParam, Route
from ayrshare_async._serde import RequestModel, ResponseModel

API_KEY = "sk-SECRET-API-KEY-0001"
PROFILE_A = "PROFILE-KEY-AAAA-1111"
PROFILE_B = "PROFILE-KEY-BBBB-2222"
X_KEY, X_SECRET = "x-app-key-XYZ", "x-app-secret-QRS"
BASE = "https://api.ayrshare.com/api"


@attrs.frozen(kw_only=True)
class Reply(ResponseModel):
    status: str | None = None
    id: str | None = None


@attrs.frozen
class Body(RequestModel):
    post: str
    platforms: list[str] | None = None
    schedule_date: dt.datetime | None = None
    idempotency_key: str | None = None


@attrs.frozen
class Query(RequestModel):
    platforms: list[str] | None = None
    limit: int | None = None
    skip_analytics: bool | None = None


GET = Route(
    name="thing.get",
    method="GET",
    path="/thing/{id}",
    summary="s",
    response=Reply,
    path_params=(PathParam("id"),),
)
LIST = Route(name="thing.list", method="GET", path="/thing", summary="s", response=Reply)
CREATE = Route(
    name="post.create",
    method="POST",
    path="/post",
    summary="s",
    response=Reply,
    idempotency_field="idempotency_key",
)
PLAIN_POST = Route(name="thing.create", method="POST", path="/thing", summary="s", response=Reply)
DELETE = Route(name="thing.delete", method="DELETE", path="/thing", summary="s", response=Reply)
PRIMARY_ONLY = Route(
    name="thing.primary",
    method="GET",
    path="/primary",
    summary="s",
    response=Reply,
    profile_key="refused",
)
NEEDS_PROFILE = Route(
    name="thing.scoped",
    method="PATCH",
    path="/scoped",
    summary="s",
    response=Reply,
    profile_key="required",
)


@pytest.fixture(params=["asyncio", "trio"])
def run(request: pytest.FixtureRequest) -> Callable[[Callable[[], Awaitable[Any]]], Any]:
    backend = request.param

    def runner(fn: Callable[[], Awaitable[Any]]) -> Any:
        return anyio.run(fn, backend=backend)

    return runner


class FakeSleep:
    """Records requested sleeps instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


class TrackedStream(httpx.AsyncByteStream):
    """A response body that remembers whether it was closed (a leaked response never is)."""

    instances: list[TrackedStream] = []

    def __init__(self, data: bytes, *, fail_mid_body: bool = False) -> None:
        self.data = data
        self.fail_mid_body = fail_mid_body
        self.closed = False
        TrackedStream.instances.append(self)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.data[: len(self.data) // 2]
        if self.fail_mid_body:
            raise httpx.ReadError("connection dropped mid-body")
        yield self.data[len(self.data) // 2 :]

    async def aclose(self) -> None:
        self.closed = True


Script = list[Any]


def scripted(script: Script, seen: list[httpx.Request]) -> httpx.MockTransport:
    """A transport answering each request with the next script item (a Response or an exception)."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        item = script.pop(0)
        if isinstance(item, Exception):
            raise item
        assert isinstance(item, httpx.Response)
        return item

    return httpx.MockTransport(handler)


def answer(
    status: int = 200,
    body: Any = None,
    headers: dict[str, str] | None = None,
    *,
    fail_mid_body: bool = False,
) -> httpx.Response:
    payload = json.dumps({"status": "success"} if body is None else body).encode()
    return httpx.Response(
        status, headers=headers, stream=TrackedStream(payload, fail_mid_body=fail_mid_body)
    )


def make_client(
    script: Script, seen: list[httpx.Request], sleep: FakeSleep | None = None, **kwargs: Any
) -> AsyncAyrshare:
    policy = RetryPolicy(sleep=sleep or FakeSleep(), jitter=lambda: 0.0)
    return AsyncAyrshare(
        API_KEY, base_url=BASE, transport=scripted(script, seen), retry_policy=policy, **kwargs
    )


# -- configuration -------------------------------------------------------------------------------


def test_missing_api_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AYRSHARE_API_KEY", raising=False)
    with pytest.raises(ValidationError, match="AYRSHARE_API_KEY"):
        AsyncAyrshare()


def test_config_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AYRSHARE_API_KEY", API_KEY)
    monkeypatch.setenv("AYRSHARE_PROFILE_KEY", PROFILE_A)
    monkeypatch.setenv("AYRSHARE_BASE_URL", "http://127.0.0.1:9999/api")
    client = AsyncAyrshare()
    assert client.base_url == "http://127.0.0.1:9999/api"
    assert client.profile_key == PROFILE_A


@pytest.mark.parametrize("url", ["http://api.ayrshare.com/api", "ftp://x", "http://10.0.0.1/api"])
def test_plain_http_refused_unless_loopback(url: str) -> None:
    with pytest.raises(ValidationError, match="https"):
        AsyncAyrshare(API_KEY, base_url=url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/api", "http://localhost/api", "http://[::1]:80/api"]
)
def test_plain_http_allowed_on_loopback(url: str) -> None:
    assert AsyncAyrshare(API_KEY, base_url=url).base_url == url.rstrip("/")


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_with_profile_rejects_non_strings_and_empty(bad: Any) -> None:
    with pytest.raises(ValidationError):
        AsyncAyrshare(API_KEY).with_profile(bad)


@pytest.mark.parametrize("bad", [-1, 1.5, None, True])
def test_max_retries_must_be_a_non_negative_int(bad: Any) -> None:
    with pytest.raises(ValidationError):
        AsyncAyrshare(API_KEY, max_retries=bad)


def test_twitter_oauth1_must_be_a_pair() -> None:
    with pytest.raises(ValidationError, match="twitter_oauth1"):
        AsyncAyrshare(API_KEY, twitter_oauth1=("only-one",))  # type: ignore[arg-type]


def test_default_headers_and_user_agent(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([answer()], seen, twitter_oauth1=(X_KEY, X_SECRET)) as client:
            await client.request(LIST, Reply)

    run(main)
    headers = seen[0].headers
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["accept-encoding"] == "br, gzip, deflate"
    assert headers["user-agent"].startswith("ayrshare-async/")
    assert headers["x-twitter-oauth1-api-key"] == X_KEY
    assert headers["x-twitter-oauth1-api-secret"] == X_SECRET
    assert "profile-key" not in headers


# -- views and the shared pool -----------------------------------------------------------------------


def test_views_share_one_pool_and_never_close_it(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        client = make_client([answer(), answer()], seen)
        view = client.with_profile(PROFILE_A).with_options(timeout=3.0, max_retries=0)
        assert view._pool is client._pool
        await view.aclose()
        assert not client.is_closed
        await view.request(LIST, Reply)
        await client.aclose()
        assert client.is_closed and view.is_closed
        with pytest.raises(RuntimeError, match="closed"):
            await view.request(LIST, Reply)

    run(main)
    assert seen[0].headers["profile-key"] == PROFILE_A
    assert seen[0].extensions["timeout"]["read"] == 3.0


def test_a_callers_http_client_keeps_its_defaults_and_stays_open(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        http = httpx.AsyncClient(
            transport=scripted([answer()], seen),
            headers={"X-Gateway": "on"},
            params={"tenant": "t1"},
        )
        async with AsyncAyrshare(API_KEY, base_url=BASE, http_client=http) as client:
            await client.with_options(timeout=4.0).request(LIST, Reply)
        assert not http.is_closed
        await http.aclose()

    run(main)
    request = seen[0]
    assert request.headers["x-gateway"] == "on"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.url.params["tenant"] == "t1"
    assert request.extensions["timeout"]["read"] == 4.0


def test_a_cookie_set_for_one_profile_is_never_sent_for_another(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        cookie = {"set-cookie": "session=for-profile-a; Path=/"}
        client = make_client([answer(headers=cookie), answer()], seen)
        await client.with_profile(PROFILE_A).request(LIST, Reply)
        await client.with_profile(PROFILE_B).request(LIST, Reply)
        await client.aclose()

    run(main)
    assert "cookie" not in seen[1].headers


def test_concurrent_views_never_send_each_others_profile_key(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        await anyio.lowlevel.checkpoint()  # interleave the two tasks between build and send
        seen.append(request)
        return httpx.Response(
            200, json={"status": "success", "id": request.headers.get("profile-key")}
        )

    async def main() -> None:
        transport = httpx.MockTransport(handler)
        async with AsyncAyrshare(API_KEY, base_url=BASE, transport=transport) as client:
            views = {
                PROFILE_A: client.with_profile(PROFILE_A),
                PROFILE_B: client.with_profile(PROFILE_B),
            }
            results: dict[str, list[str | None]] = {PROFILE_A: [], PROFILE_B: []}

            async def worker(key: str) -> None:
                for _ in range(50):
                    results[key].append((await views[key].request(LIST, Reply)).id)

            async with anyio.create_task_group() as tg:
                tg.start_soon(worker, PROFILE_A)
                tg.start_soon(worker, PROFILE_B)
        assert results[PROFILE_A] == [PROFILE_A] * 50
        assert results[PROFILE_B] == [PROFILE_B] * 50

    run(main)
    assert len(seen) == 100


def test_profile_key_rules(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([answer(), answer()], seen, profile_key=PROFILE_A) as client:
            await client.request(PRIMARY_ONLY, Reply)
            await client.request(LIST, Reply, options=RequestOptions(profile_key=PROFILE_B))
            with pytest.raises(ValidationError, match="profile"):
                await AsyncAyrshare(API_KEY, base_url=BASE).request(NEEDS_PROFILE, Reply)

    run(main)
    assert "profile-key" not in seen[0].headers
    assert seen[1].headers["profile-key"] == PROFILE_B


# -- request building --------------------------------------------------------------------------------


def test_query_encoding_path_and_body(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([answer(), answer()], seen) as client:
            await client.request(
                GET,
                Reply,
                path={"id": "a/b c"},
                query=Query(platforms=["facebook", "x"], skip_analytics=True),
                options=RequestOptions(extra_query={"extraQ": 1}),
            )
            when = dt.datetime(2026, 7, 8, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
            await client.request(
                PLAIN_POST,
                Reply,
                body=Body(post="hi", schedule_date=when),
                options=RequestOptions(extra_body={"newField": [1]}),
            )

    run(main)
    assert seen[0].url.raw_path.decode() == (
        "/api/thing/a%2Fb%20c?platforms%5B0%5D=facebook&platforms%5B1%5D=x&skipAnalytics=true&extraQ=1"
    )
    assert json.loads(seen[1].content) == {
        "post": "hi",
        "scheduleDate": "2026-07-08T12:30:00Z",
        "newField": [1],
    }
    assert seen[1].headers["content-type"] == "application/json"


def test_naive_datetime_is_refused_before_sending(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([], seen) as client:
            with pytest.raises(ValidationError, match="naive datetime"):
                await client.request(
                    PLAIN_POST, Reply, body=Body(post="x", schedule_date=dt.datetime(2026, 1, 1))
                )

    run(main)
    assert seen == []


# -- retries -----------------------------------------------------------------------------------------


def test_503_503_200_succeeds_after_three_attempts(run: Any) -> None:
    seen: list[httpx.Request] = []
    sleep = FakeSleep()

    async def main() -> APIResponse[Reply]:
        async with make_client(
            [answer(503), answer(503), answer(200, {"id": "ok"})], seen, sleep
        ) as c:
            return await to_raw_response(c.request)(LIST, Reply)

    raw = run(main)
    assert raw.parsed.id == "ok" and raw.retries_taken == 2 and raw.status_code == 200
    assert len(seen) == 3
    assert sleep.delays == [0.5, 1.0]


def test_retries_exhausted_raise_the_last_error(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([answer(500), answer(502), answer(503)], seen) as client:
            with pytest.raises(InternalServerError) as info:
                await client.request(LIST, Reply)
            assert info.value.status_code == 503 and info.value.retries_taken == 2

    run(main)
    assert len(seen) == 3


def test_per_call_and_per_view_max_retries(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([answer(503) for _ in range(2)], seen) as client:
            with pytest.raises(InternalServerError):
                await client.request(LIST, Reply, options=RequestOptions(max_retries=0))
            with pytest.raises(InternalServerError):
                await client.with_options(max_retries=0).request(LIST, Reply)

    run(main)
    assert len(seen) == 2


def test_429_with_retry_after_waits_that_long(run: Any) -> None:
    seen: list[httpx.Request] = []
    sleep = FakeSleep()

    async def main() -> None:
        script = [answer(429, headers={"Retry-After": "1"}), answer(200)]
        async with make_client(script, seen, sleep) as client:
            await client.request(LIST, Reply)

    run(main)
    assert sleep.delays == [1.0]


def test_retry_after_as_http_date(run: Any) -> None:
    seen: list[httpx.Request] = []
    sleep = FakeSleep()
    now = 1_800_000_000.0

    async def main() -> None:
        date = email.utils.formatdate(now + 7, usegmt=True)
        policy = RetryPolicy(sleep=sleep, jitter=lambda: 0.0, now=lambda: now)
        transport = scripted([answer(503, headers={"Retry-After": date}), answer()], seen)
        async with AsyncAyrshare(
            API_KEY, base_url=BASE, transport=transport, retry_policy=policy
        ) as c:
            await c.request(LIST, Reply)

    run(main)
    assert sleep.delays == [pytest.approx(7.0)]


def test_retry_after_beyond_cap_raises_with_retry_after(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client(
            [answer(429, {"status": "error", "message": "slow down"}, {"Retry-After": "3600"})],
            seen,
        ) as client:
            with pytest.raises(RateLimitError) as info:
                await client.request(LIST, Reply)
            assert info.value.retry_after == 3600.0

    run(main)
    assert len(seen) == 1


def test_429_is_retried_at_most_once_and_never_when_window_is_spent(run: Any) -> None:
    seen: list[httpx.Request] = []
    sleep = FakeSleep()

    async def main() -> None:
        async with make_client([answer(429), answer(429)], seen, sleep, max_retries=5) as client:
            with pytest.raises(RateLimitError) as info:
                await client.request(LIST, Reply)
            assert info.value.retry_after == 1.0  # no header says: the policy's rate_limit_delay
        spent = {"x-ratelimit-max": "300", "x-ratelimit-count": "300"}
        # Without budgets a spent window is not waited out (with them, the retry waits for room)
        async with make_client(
            [answer(429, headers=spent)], seen, sleep, rate_budgets=None
        ) as client:
            with pytest.raises(RateLimitError):
                await client.request(LIST, Reply)

    run(main)
    assert len(seen) == 3
    assert sleep.delays == [1.0]


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, APIStatusError),
    ],
)
def test_client_errors_are_not_retried_and_map_to_classes(run: Any, status: int, cls: type) -> None:
    seen: list[httpx.Request] = []
    body = {"action": "x", "status": "error", "code": 156, "message": "Not linked"}

    async def main() -> None:
        async with make_client([answer(status, body)], seen) as client:
            with pytest.raises(cls) as info:
                await client.request(LIST, Reply)
        err = info.value
        assert type(err) is cls
        assert (err.status_code, err.code, err.message, err.body) == (
            status,
            156,
            "Not linked",
            body,
        )

    run(main)
    assert len(seen) == 1


def test_http_200_with_status_error_raises(run: Any) -> None:
    seen: list[httpx.Request] = []
    body = {
        "status": "error",
        "errors": [
            {
                "action": "post",
                "status": "error",
                "code": 399,
                "message": "Ads add-on required",
                "platform": "facebook",
            }
        ],
        "postIds": [{"platform": "twitter", "id": "1"}],
    }

    async def main() -> None:
        async with make_client([answer(200, body)], seen) as client:
            with pytest.raises(PermissionDeniedError) as info:
                await client.request(LIST, Reply)
        err = info.value
        assert err.status_code == 200 and err.code == 399
        assert err.errors[0]["platform"] == "facebook"
        assert err.body["postIds"] == [{"platform": "twitter", "id": "1"}]

    run(main)


@pytest.mark.parametrize("content", [b"<html>oops</html>", b'{"status": "succ'])
def test_body_that_is_not_json_raises_an_sdk_error(run: Any, content: bytes) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([httpx.Response(200, content=content)], seen) as client:
            with pytest.raises(APIResponseValidationError):
                await client.request(LIST, Reply)

    run(main)


def test_body_of_the_wrong_shape_raises_an_sdk_error(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([answer(200, ["not", "an", "object"])], seen) as client:
            with pytest.raises(APIResponseValidationError):
                await client.request(LIST, Reply)

    run(main)


def test_post_without_idempotency_key_is_not_retried(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([answer(503)], seen) as client:
            with pytest.raises(InternalServerError):
                await client.request(PLAIN_POST, Reply, body=Body(post="x"))
        async with make_client([httpx.ReadTimeout("slow")], seen) as client:
            with pytest.raises(APITimeoutError):
                await client.request(PLAIN_POST, Reply, body=Body(post="x"))

    run(main)
    assert len(seen) == 2


def test_connect_errors_are_retried_even_for_post(run: Any) -> None:
    """A refused connection never reached the server, so repeating it cannot act twice."""
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([httpx.ConnectError("refused"), answer()], seen) as client:
            await client.request(PLAIN_POST, Reply, body=Body(post="x"))

    run(main)
    assert len(seen) == 2


def test_create_is_retried_with_the_same_minted_key(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        script = [
            httpx.ReadTimeout("lost"),
            answer(502),
            answer(200, {"status": "success", "id": "p1"}),
        ]
        async with make_client(script, seen) as client:
            reply = await client.request(CREATE, Reply, body=Body(post="hello"))
            assert reply.id == "p1"

    run(main)
    keys = [json.loads(r.content)["idempotencyKey"] for r in seen]
    assert len(keys) == 3 and len(set(keys)) == 1 and len(keys[0]) == 32


def test_each_create_call_mints_its_own_key_and_a_given_key_is_kept(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([answer(), answer(), answer()], seen) as client:
            await client.request(CREATE, Reply, body=Body(post="a"))
            await client.request(CREATE, Reply, body=Body(post="b"))
            await client.request(CREATE, Reply, body=Body(post="c", idempotency_key="mine"))

    run(main)
    keys = [json.loads(r.content)["idempotencyKey"] for r in seen]
    assert keys[0] != keys[1] and keys[2] == "mine"


def test_repeated_key_rejection_is_a_duplicate_request_error(run: Any) -> None:
    seen: list[httpx.Request] = []
    rejected = {
        "action": "post",
        "status": "error",
        "code": 137,
        "message": "Duplicate idempotencyKey found for this profile.",
    }

    async def main() -> None:
        script = [httpx.ReadError("answer lost"), answer(400, rejected)]
        async with make_client(script, seen) as client:
            with pytest.raises(DuplicateRequestError) as info:
                await client.request(CREATE, Reply, body=Body(post="hello", idempotency_key="k-1"))
        err = info.value
        assert isinstance(err, BadRequestError)
        assert err.idempotency_key == "k-1" and err.retries_taken == 1
        assert "most likely accepted" in str(err)

    run(main)


def test_failure_while_reading_the_body_is_retried_for_safe_requests(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client(
            [answer(fail_mid_body=True), answer(200, {"id": "2"})], seen
        ) as client:
            assert (await client.request(LIST, Reply)).id == "2"
        async with make_client([answer(fail_mid_body=True)], seen) as client:
            with pytest.raises(APIConnectionError):
                await client.request(PLAIN_POST, Reply, body=Body(post="x"))

    run(main)
    assert len(seen) == 3


def test_timeouts_are_retried_then_raised_as_api_timeout_error(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([httpx.ReadTimeout("t")] * 3, seen) as client:
            with pytest.raises(APITimeoutError):
                await client.request(DELETE, Reply)

    run(main)
    assert len(seen) == 3


def test_retried_delete_finding_it_gone_says_so(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        script = [
            httpx.ReadError("lost"),
            answer(404, {"status": "error", "code": 114, "message": "Not found"}),
        ]
        async with make_client(script, seen) as client:
            with pytest.raises(NotFoundError) as info:
                await client.request(DELETE, Reply)
        assert info.value.possibly_deleted_by_earlier_attempt

    run(main)


def test_failed_attempts_leave_no_open_response(run: Any) -> None:
    seen: list[httpx.Request] = []
    TrackedStream.instances.clear()

    async def main() -> None:
        script = [answer(503), answer(429), answer(500), answer(200)] + [
            answer(502) for _ in range(4)
        ]
        async with make_client(script, seen, max_retries=3) as client:
            await client.request(LIST, Reply)
            with pytest.raises(InternalServerError):
                await client.request(LIST, Reply)

    run(main)
    assert len(TrackedStream.instances) == 8
    assert all(stream.closed for stream in TrackedStream.instances)


def test_cancellation_interrupts_a_backoff_sleep_at_once(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> float:
        policy = RetryPolicy(initial_delay=30.0, max_delay=30.0)
        transport = scripted([answer(503), answer(200)], seen)
        async with AsyncAyrshare(
            API_KEY, base_url=BASE, transport=transport, retry_policy=policy
        ) as c:
            start = anyio.current_time()
            with anyio.move_on_after(0.05):
                await c.request(LIST, Reply)
            return anyio.current_time() - start

    assert run(main) < 1.0
    assert len(seen) == 1


def test_raw_response_exposes_status_headers_rate_limit_and_timing(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> APIResponse[Reply]:
        headers = {"x-ratelimit-max": "300", "x-ratelimit-count": "12", "x-request-id": "r1"}
        async with make_client([answer(200, {"id": "u"}, headers)], seen) as client:
            return await to_raw_response(client.request)(LIST, Reply)

    raw = run(main)
    assert raw.status_code == 200 and raw.parse().id == "u"
    assert (raw.rate_limit.limit, raw.rate_limit.count, raw.rate_limit.remaining) == (300, 12, 288)
    assert raw.headers["x-request-id"] == "r1"
    assert raw.retries_taken == 0 and raw.elapsed >= 0
    # what httpx's client would have set, though our own pool sends straight to the transport
    assert raw.http_response.request is seen[0]
    assert raw.http_response.elapsed.total_seconds() >= 0
    assert raw.http_response.is_closed


def test_a_connection_error_carries_the_request_that_failed(run: Any) -> None:
    seen: list[httpx.Request] = []

    async def main() -> None:
        async with make_client([httpx.ConnectError("refused")], seen, max_retries=0) as client:
            with pytest.raises(APIConnectionError) as info:
                await client.request(LIST, Reply)
        assert info.value.request is seen[0]

    run(main)


# -- secrets -----------------------------------------------------------------------------------------


def test_secrets_never_appear_in_reprs_errors_or_debug_logs(
    run: Any, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[httpx.Request] = []
    secrets = [API_KEY, PROFILE_A, X_KEY, X_SECRET]
    texts: list[str] = []

    async def main() -> None:
        script = [
            answer(503),
            httpx.ConnectError("refused"),
            answer(401, {"status": "error", "message": "bad key"}),
            httpx.ReadError("x"),
            httpx.ReadError("x"),
            httpx.ReadError("x"),
        ]
        client = make_client(script, seen, twitter_oauth1=(X_KEY, X_SECRET))
        view = client.with_profile(PROFILE_A)
        texts.extend(
            [repr(client), repr(view), repr(view._config), str(view.__dict__.get("_config"))]
        )
        for _ in range(2):
            try:
                await view.request(LIST, Reply)
            except Exception as exc:
                texts.extend([str(exc), repr(exc)])
        await client.aclose()

    with caplog.at_level(logging.DEBUG, logger="ayrshare_async"):
        run(main)
    texts.extend(record.getMessage() for record in caplog.records)
    assert any("retrying GET /api/thing" in t for t in texts)
    assert any("…1111" in t for t in texts)
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_a_record_whose_own_status_is_error_is_returned_not_raised(run: Any) -> None:
    """GET /post/{id} of a failed post answers 200 with the post's status "error"."""
    seen: list[httpx.Request] = []
    record = {"status": "error", "id": "p9", "errors": [{"code": 156, "platform": "x"}]}
    fetch = attrs.evolve(GET, record_status=True)

    async def main() -> Reply:
        async with make_client(
            [answer(404, {"status": "error"}), answer(200, record)], seen
        ) as client:
            with pytest.raises(NotFoundError):
                await client.request(fetch, Reply, path={"id": "gone"})
            return await client.request(fetch, Reply, path={"id": "p9"})

    result = run(main)
    assert (result.status, result.id) == ("error", "p9")


def test_http_backend_choice_is_validated_and_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValidationError, match="http_backend"):
        AsyncAyrshare(API_KEY, http_backend="curl")  # type: ignore[arg-type]
    monkeypatch.setenv("AYRSHARE_HTTP_BACKEND", "httpx")
    transport = AsyncAyrshare(API_KEY)._pool.http._transport
    assert transport._requested == "httpx"  # type: ignore[attr-defined]
