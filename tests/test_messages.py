"""The lean ``httpx.Request`` and ``httpx.Response`` are what httpx's constructors build."""

from __future__ import annotations

import pickle

import httpx
import pytest

from ayrshare_async._messages import lean_request, lean_response

URL = httpx.URL("https://api.ayrshare.com/api/user")


def _public_request(content: bytes) -> httpx.Request:
    return httpx.Request(
        "POST",
        URL,
        headers=httpx.Headers({"Host": "api.ayrshare.com", "Content-Length": str(len(content))}),
        stream=httpx.ByteStream(content),
        extensions={"timeout": httpx.Timeout(5.0).as_dict()},
    )


def _lean_request(content: bytes) -> httpx.Request:
    headers = httpx.Headers({"Host": "api.ayrshare.com", "Content-Length": str(len(content))})
    return lean_request("POST", URL, headers, content, {"timeout": httpx.Timeout(5.0).as_dict()})


@pytest.mark.parametrize("content", [b"", b'{"post":"h\xc3\xa9"}'])
def test_a_lean_request_has_the_attributes_of_a_read_public_one(content: bytes) -> None:
    public, lean = _public_request(content), _lean_request(content)
    public.read()
    assert set(vars(lean)) == set(vars(public))
    assert (lean.method, lean.url, lean.headers, lean.content, lean.extensions) == (
        public.method,
        public.url,
        public.headers,
        public.content,
        public.extensions,
    )
    assert b"".join(lean.stream) == content  # sendable again, as on every retry
    assert repr(lean) == repr(public)
    assert pickle.loads(pickle.dumps(lean)).content == content


def test_a_lean_request_keeps_its_url_object() -> None:
    assert _lean_request(b"").url is URL


def test_a_lean_response_reads_as_a_public_one() -> None:
    raw = [(b"Content-Type", b"application/json"), (b"X-Request-Id", b"r-1"), (b"Vary", b"a")]
    request = _lean_request(b"")
    extensions: dict[str, object] = {"http_version": b"HTTP/1.1", "reason_phrase": b"OK"}
    public = httpx.Response(
        200,
        headers=raw,
        stream=httpx.ByteStream(b'{"a":1}'),
        request=request,
        extensions=extensions,
    )
    lean = lean_response(200, raw, b'{"a":1}', request, dict(extensions))
    assert set(vars(lean)) == set(vars(public))
    for response in (lean, public):
        assert not response.is_closed and not response.is_stream_consumed
        response.read()
    assert (lean.status_code, lean.headers.raw, lean.content, lean.json()) == (
        public.status_code,
        public.headers.raw,
        public.content,
        public.json(),
    )
    assert (lean.request, lean.reason_phrase, lean.http_version, lean.encoding) == (
        public.request,
        public.reason_phrase,
        public.http_version,
        public.encoding,
    )
    assert (lean.history, lean.next_request, repr(lean)) == ([], None, repr(public))
