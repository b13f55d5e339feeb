"""The SDK's fast paths through httpx objects build what httpx's public API builds."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ayrshare_async._headers import header_value, headers_from_raw, str_pairs
from ayrshare_async._request import _request

names = st.sampled_from(
    [
        b"Content-Type",
        b"content-encoding",
        b"Content-Encoding",
        b"X-Request-Id",
        b"Vary",
        b"Set-Cookie",
    ]
)
ascii_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)
values = ascii_text.map(str.encode)
raw_headers = st.lists(st.tuples(names, values), max_size=8)


@given(raw_headers)
def test_headers_from_raw_equal_httpx_headers(raw: list[tuple[bytes, bytes]]) -> None:
    fast, public = headers_from_raw(raw), httpx.Headers(raw)
    assert fast.raw == public.raw
    assert fast == public
    for name in (b"content-encoding", b"x-request-id", b"vary"):
        assert header_value(fast, name) == public.get(name.decode())


@given(st.lists(st.tuples(st.sampled_from(["Authorization", "Profile-Key", "X-A"]), ascii_text)))
def test_str_pairs_are_httpx_multi_items_in_order(pairs: list[tuple[str, str]]) -> None:
    headers = httpx.Headers(pairs)
    assert [(n.lower(), v) for n, v in str_pairs(headers)] == headers.multi_items()


@pytest.mark.parametrize(
    ("method", "url", "params", "content"),
    [
        ("GET", "https://api.ayrshare.com/api/user", [], None),
        ("GET", "http://127.0.0.1:8080/api/history", [("limit", 5), ("platforms[0]", "x y")], None),
        ("POST", "https://api.ayrshare.com/api/post", [], b'{"post":"h\xc3\xa9"}'),
        ("POST", "https://api.ayrshare.com/api/x", [], None),
        ("DELETE", "https://api.ayrshare.com/api/profiles", [], b'{"b":2}'),
    ],
)
def test_the_lean_request_equals_httpx_request(
    method: str, url: str, params: list[tuple[str, int | str]], content: bytes | None
) -> None:
    base = {"Authorization": "Bearer k", "Profile-Key": "K-1", "Content-Type": "application/json"}
    timeout = httpx.Timeout(5.0)
    parsed = httpx.URL(url)
    public = httpx.Request(
        method,
        parsed,
        params=params or None,
        headers=base,
        content=content,
        extensions={"timeout": timeout.as_dict()},
    )
    wire = httpx.Headers([("Host", parsed.netloc.decode()), *base.items()])
    lean = _request(method, parsed, list(params), wire, content, timeout)
    assert (lean.method, lean.url, lean.content, lean.extensions) == (
        public.method,
        public.url,
        public.content,
        public.extensions,
    )
    assert sorted(lean.headers.multi_items()) == sorted(public.headers.multi_items())
