"""Bad input never reaches the wire: a ValidationError naming the argument, before anything is sent.

Each case runs against the emulator in-process; its request log must stay empty. The secret itself
never appears in the message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx
import pytest

from ayrshare_async import AsyncAyrshare, AyrshareError, ValidationError
from ayrshare_async.testing import AyrshareEmulator

API_KEY = "test-api-key"
SECRET = "SECRET-VALUE-7777"

Case = Callable[[AsyncAyrshare], Awaitable[Any]]


def _client(emulator: AyrshareEmulator, **kwargs: Any) -> AsyncAyrshare:
    options: dict[str, Any] = {"api_key": API_KEY, "transport": emulator.transport(), **kwargs}
    return AsyncAyrshare(base_url="https://api.ayrshare.com/api", **options)


CALL_CASES: dict[str, tuple[Case, str]] = {
    "profile key with CR LF": (
        lambda c: c.with_profile(SECRET + "\r\nX-Injected: 1").user.get(),
        "profile_key",
    ),
    "profile key with NUL": (lambda c: c.with_profile(SECRET + "\x00").user.get(), "profile_key"),
    "profile key per call with LF": (
        lambda c: c.user.get(profile_key=SECRET + "\n"),
        "profile_key",
    ),
    "profile key not a string": (lambda c: c.with_profile(12345).user.get(), "profile_key"),  # type: ignore[arg-type]
    "Profile-Key in extra headers with CR": (
        lambda c: c.user.get(extra_headers={"Profile-Key": SECRET + "\r"}),
        "Profile-Key",
    ),
    "view header value with LF": (
        lambda c: c.with_options(headers={"X-Trace": "a\nb"}).user.get(),
        "headers",
    ),
    "extra header name with LF": (
        lambda c: c.user.get(extra_headers={"X-A\nB": "v"}),
        "extra_headers",
    ),
    "extra header value not a string": (
        lambda c: c.user.get(extra_headers={"X-A": 5}),  # type: ignore[dict-item]
        "extra_headers",
    ),
    "post text not a string": (
        lambda c: c.post.create(post=12345, platforms=["facebook"]),  # type: ignore[arg-type]
        "post",
    ),
    "a network that is not a string": (
        lambda c: c.post.create(post="hi", platforms=["facebook", 3]),  # type: ignore[list-item]
        "platforms",
    ),
    "lone surrogate in post text": (
        lambda c: c.post.create(post="caf\ud800", platforms=["facebook"]),
        "post",
    ),
    "lone surrogate in extra_body": (
        lambda c: c.user.get(extra_body={"note": "x\udc00"}),
        "note",
    ),
    "lone surrogate in a query value": (
        lambda c: c.history.list(extra_query={"q": "\ud83d"}),
        "q",
    ),
    "lone surrogate in a path value": (lambda c: c.history.get("id\ud800"), "id"),
    "a timeout that is no timeout": (lambda c: c.user.get(timeout=-1), "timeout"),
    "max_retries that is not an int": (lambda c: c.user.get(max_retries="2"), "max_retries"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
@pytest.mark.parametrize("name", list(CALL_CASES))
def test_bad_input_to_a_call_is_refused_before_sending(backend: str, name: str) -> None:
    case, argument = CALL_CASES[name]
    emulator = AyrshareEmulator(API_KEY)

    async def main() -> BaseException:
        async with _client(emulator) as client:
            with pytest.raises(ValidationError) as info:
                await case(client)
            return info.value

    error = anyio.run(main, backend=backend)
    assert isinstance(error, AyrshareError) and isinstance(error, ValueError)
    assert argument in str(error)
    assert SECRET not in str(error)
    assert len(emulator.log) == 0  # nothing reached the server


CONFIG_CASES: dict[str, tuple[dict[str, Any], str]] = {
    "api key with LF": ({"api_key": SECRET + "\n"}, "api_key"),
    "api key with CR LF inside": ({"api_key": "a\r\nb" + SECRET}, "api_key"),
    "api key not a string": ({"api_key": 12345}, "api_key"),
    "api key as bytes": ({"api_key": SECRET.encode()}, "api_key"),
    "api key with a trailing space": ({"api_key": SECRET + " "}, "api_key"),
    "X OAuth1 key with LF": ({"twitter_oauth1": (SECRET + "\n", "s")}, "twitter_oauth1"),
    "X OAuth1 secret with NUL": ({"twitter_oauth1": ("k", SECRET + "\x00")}, "twitter_oauth1"),
    "X OAuth1 not a pair": ({"twitter_oauth1": [SECRET, "s"]}, "twitter_oauth1"),
    "profile key with LF": ({"profile_key": SECRET + "\n"}, "profile_key"),
    "transport and http_client": (
        {"transport": httpx.MockTransport(lambda r: httpx.Response(200)), "http_client": "client"},
        "transport",
    ),
    "max_connections zero": ({"max_connections": 0}, "max_connections"),
    "timeout negative": ({"timeout": -5}, "timeout"),
    "base url not https": ({"base_url": "http://api.example.com/api"}, "base_url"),
}


@pytest.mark.parametrize("name", list(CONFIG_CASES))
def test_bad_configuration_is_refused_at_construction(name: str) -> None:
    kwargs, argument = CONFIG_CASES[name]
    kwargs = dict(kwargs)
    kwargs.setdefault("api_key", API_KEY)
    if kwargs.get("http_client") == "client":
        kwargs["http_client"] = httpx.AsyncClient()
    with pytest.raises(ValidationError) as info:
        AsyncAyrshare(**kwargs)
    assert argument in str(info.value)
    assert SECRET not in str(info.value)


def test_profile_key_from_the_environment_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AYRSHARE_PROFILE_KEY", SECRET + "\r\n")
    with pytest.raises(ValidationError, match="profile_key") as info:
        AsyncAyrshare(API_KEY)
    assert SECRET not in str(info.value)


def test_bad_keys_in_a_fan_out_are_their_own_outcomes_and_never_sent() -> None:
    emulator = AyrshareEmulator(API_KEY)
    good = emulator.create_profile("Good")
    keys = [good, "bad\r\nkey", "", good]

    async def main() -> Any:
        async with _client(emulator) as client:
            return await client.fan_out(keys, lambda view: view.user.get())

    result = anyio.run(main)
    assert [outcome.ok for outcome in result] == [True, False, False, True]
    assert all(isinstance(outcome.error, ValidationError) for outcome in result.failed)
    assert [record.profile_key for record in emulator.log] == [good, good]
