"""``httpx.Request`` and ``httpx.Response`` built from parts already in httpx's form.

httpx's constructors normalize their arguments: each copies the URL and the headers, and a request
looks its headers up to add its own. On the SDK's per-call path every part is built already (a
parsed URL kept per path, ``httpx.Headers``, the body in memory), so these set the attributes the
constructors would set, the way httpx itself restores a pickled request. Kept equal to the public
constructors by ``tests/test_messages.py`` (httpx 0.x, which the SDK pins below 1).
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from ._headers import headers_from_raw

__all__ = ["lean_request", "lean_response"]

_new_request = httpx.Request.__new__
_new_response = httpx.Response.__new__


def lean_request(
    method: str,
    url: httpx.URL,
    headers: httpx.Headers,
    content: bytes,
    extensions: dict[str, object],
) -> httpx.Request:
    """``httpx.Request(method, url, headers=headers, stream=ByteStream(content))``, read; ``url``
    and ``headers`` are kept, not copied (the URL object stays the same for every call to a path)."""
    request = _new_request(httpx.Request)
    request.method = method
    request.url = url
    request.headers = headers
    request.extensions = extensions
    request.stream = httpx.ByteStream(content)
    request._content = content
    return request


def lean_response(
    status_code: int,
    raw_headers: Iterable[tuple[bytes, bytes]],
    body: bytes,
    request: httpx.Request,
    extensions: dict[str, object],
) -> httpx.Response:
    """``httpx.Response(status_code, headers=raw_headers, stream=ByteStream(body), request=...)``."""
    response = _new_response(httpx.Response)
    response.status_code = status_code
    response.headers = headers_from_raw(raw_headers)
    response._request = request
    response.next_request = None
    response.extensions = extensions
    response.history = []
    response.is_closed = False
    response.is_stream_consumed = False
    response.default_encoding = "utf-8"
    response._num_bytes_downloaded = 0
    response.stream = httpx.ByteStream(body)
    return response
