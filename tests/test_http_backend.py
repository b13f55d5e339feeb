"""default_transport() against a real 127.0.0.1 server, on asyncio (aiohttp and sharded httpx) and trio."""

from __future__ import annotations

import gzip
import json
import select
import socket
import socketserver
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import anyio
import anyio.lowlevel
import attrs
import brotli
import httpx
import pytest

from ayrshare_async import (
    APIConnectionError,
    APIResponseValidationError,
    AsyncAyrshare,
    NotFoundError,
)
from ayrshare_async._response import to_raw_response
from ayrshare_async._retry import RetryPolicy
from ayrshare_async._route import Route
from ayrshare_async._serde import RequestModel
from ayrshare_async._transports import Backend, SelectingTransport, default_transport
from ayrshare_async.models import JsonObject

PAYLOAD = {"status": "success", "posts": [{"id": str(n), "post": "hello " * 20} for n in range(50)]}
PAYLOAD_BYTES = json.dumps(PAYLOAD).encode()
LIMITS = httpx.Limits(max_connections=10, max_keepalive_connections=10)

CASES = [
    pytest.param("asyncio", "auto", "aiohttp", id="asyncio-aiohttp"),
    pytest.param("asyncio", "httpx", "httpx", id="asyncio-sharded-httpx"),
    pytest.param("trio", "auto", "httpx", id="trio-sharded-httpx"),
]


class _Server(socketserver.ThreadingTCPServer):
    """HTTP/1.1 keep-alive on 127.0.0.1, one thread per connection, recording what it saw."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port: int = self.server_address[1]
        self.changed = threading.Condition()
        self.open_connections = 0
        self.peak_connections = 0
        self.seen: list[tuple[str, str, dict[str, str], bytes]] = []
        self.flaky_calls = 0

    def track(self, delta: int) -> None:
        with self.changed:
            self.open_connections += delta
            self.peak_connections = max(self.peak_connections, self.open_connections)
            self.changed.notify_all()

    def reset_counts(self) -> None:
        """Forget earlier tests: wait (briefly) for their connections to close, clear records."""
        with self.changed:
            self.changed.wait_for(lambda: self.open_connections == 0, timeout=5)
            self.peak_connections = self.open_connections
            self.seen.clear()
            self.flaky_calls = 0

    def reply(
        self,
        connection: socket.socket,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes,
    ) -> bytes | None:
        """The raw response for a request, or None to hang up without answering."""
        with self.changed:
            self.seen.append((method, path, headers, body))
        if path.partition("?")[0] in ("/json", "/api/thing"):
            return _response(PAYLOAD_BYTES)
        if path == "/api/br":
            return _response(
                brotli.compress(PAYLOAD_BYTES), "content-encoding: br\r\nx-request-id: r-1\r\n"
            )
        if path == "/api/missing":
            body = b'{"status": "error", "code": 114, "message": "Not found"}'
            return _response(body, status="404 Not Found")
        if path == "/api/flaky":
            with self.changed:
                self.flaky_calls += 1
                first = self.flaky_calls == 1
            return _response(b"{}", status="503 Service Unavailable") if first else _response(b"{}")
        if path == "/api/notjson":
            return _response(b"<html>maintenance</html>")
        if path == "/br":
            return _response(brotli.compress(PAYLOAD_BYTES), "content-encoding: br\r\n")
        if path == "/gzip":
            return _response(gzip.compress(PAYLOAD_BYTES), "content-encoding: gzip\r\n")
        if path == "/echo":
            return _response(json.dumps({"body": body.decode(), "headers": headers}).encode())
        if path == "/cookie":
            return _response(b"{}", "set-cookie: session=abc; Path=/\r\n")
        if path == "/hold":
            threading.Event().wait(0.02)
            return _response(b"{}")
        if path == "/slow":
            select.select([connection], [], [], 5)
            return None
        if path == "/truncated":
            return b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n" + b"x" * 10
        return None


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        self.server.track(+1)
        try:
            stream = self.request.makefile("rb")
            while request_line := stream.readline():
                method, path, _ = request_line.decode().split(" ", 2)
                headers: dict[str, str] = {}
                while (line := stream.readline()) not in (b"\r\n", b""):
                    name, value = line.decode().split(":", 1)
                    headers[name.strip().lower()] = value.strip()
                body = stream.read(int(headers.get("content-length", "0")))
                answer = self.server.reply(self.request, method, path, headers, body)
                if answer is None:
                    return
                self.request.sendall(answer)
                if path == "/truncated":
                    return
        except OSError:
            return
        finally:
            self.server.track(-1)


def _response(body: bytes, extra_headers: str = "", *, status: str = "200 OK") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n{extra_headers}\r\n"
    )
    return head.encode() + body


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


@pytest.fixture
def fresh_server(server: _Server) -> _Server:
    server.reset_counts()
    return server


def _run_with_client(
    library: str,
    backend: Backend,
    server: _Server,
    body: Callable[[httpx.AsyncClient, SelectingTransport], Awaitable[Any]],
    limits: httpx.Limits = LIMITS,
) -> Any:
    """Build the transport outside any event loop (as a client may be), then run ``body``."""
    transport = default_transport(limits=limits, backend=backend)

    async def main() -> Any:
        base_url = f"http://127.0.0.1:{server.port}"
        async with httpx.AsyncClient(base_url=base_url, transport=transport) as client:
            return await body(client, transport)

    return anyio.run(main, backend=library)


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
def test_backend_choice_and_plain_json(
    fresh_server: _Server, library: str, backend: Backend, expected: str
) -> None:
    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> None:
        assert transport.backend is None
        response = await client.get("/json")
        assert response.json() == PAYLOAD
        assert transport.backend == expected

    _run_with_client(library, backend, fresh_server, body)


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_compressed_bodies_are_decoded_once(
    fresh_server: _Server, library: str, backend: Backend, expected: str, encoding: str
) -> None:
    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> None:
        response = await client.get(f"/{encoding}", headers={"accept-encoding": "br, gzip"})
        assert response.headers["content-encoding"] == encoding
        assert response.json() == PAYLOAD

    _run_with_client(library, backend, fresh_server, body)
    assert fresh_server.seen[0][2]["accept-encoding"] == "br, gzip"


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
def test_json_body_and_headers_arrive_unchanged(
    fresh_server: _Server, library: str, backend: Backend, expected: str
) -> None:
    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> Any:
        response = await client.post("/echo", json={"post": "héllo"}, headers={"x-extra": "1"})
        return response.json()

    echoed = _run_with_client(library, backend, fresh_server, body)
    assert json.loads(echoed["body"]) == {"post": "héllo"}
    assert echoed["headers"]["content-type"] == "application/json"
    assert echoed["headers"]["x-extra"] == "1"


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
def test_the_url_goes_out_exactly_as_httpx_encoded_it(
    fresh_server: _Server, library: str, backend: Backend, expected: str
) -> None:
    params = {"url": "https://x.com/a?b=c&d", "q": "a b+c/d", "name": "é", "at": "@:"}

    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> str:
        response = await client.get("/json", params=params)
        return response.request.url.raw_path.decode()

    encoded = _run_with_client(library, backend, fresh_server, body)
    assert fresh_server.seen[-1][1] == encoded


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
def test_only_httpx_keeps_cookies(
    fresh_server: _Server, library: str, backend: Backend, expected: str
) -> None:
    by_name = f"http://localhost:{fresh_server.port}"  # aiohttp's jar ignores IP-address hosts

    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> None:
        await client.get(f"{by_name}/cookie")
        assert client.cookies["session"] == "abc"
        client.cookies.clear()
        await client.get(f"{by_name}/echo")

    _run_with_client(library, backend, fresh_server, body)
    assert "cookie" not in fresh_server.seen[-1][2]


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
def test_read_timeout_raises_httpx_read_timeout(
    fresh_server: _Server, library: str, backend: Backend, expected: str
) -> None:
    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> None:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/slow", timeout=httpx.Timeout(5.0, read=0.05))

    _run_with_client(library, backend, fresh_server, body)


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
def test_connection_refused_raises_connect_error(
    fresh_server: _Server, library: str, backend: Backend, expected: str
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> None:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{closed_port}/json")

    _run_with_client(library, backend, fresh_server, body)


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
@pytest.mark.parametrize("path", ["/hangup", "/truncated"])
def test_broken_responses_raise_remote_protocol_error(
    fresh_server: _Server, library: str, backend: Backend, expected: str, path: str
) -> None:
    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> None:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(path)

    _run_with_client(library, backend, fresh_server, body)


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
@pytest.mark.parametrize("max_connections", [2, 6])
def test_max_connections_is_honoured(
    fresh_server: _Server, library: str, backend: Backend, expected: str, max_connections: int
) -> None:
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=None)

    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> None:
        async with anyio.create_task_group() as group:
            for _ in range(3 * max_connections):
                group.start_soon(client.get, "/hold")

    _run_with_client(library, backend, fresh_server, body, limits)
    assert len(fresh_server.seen) == 3 * max_connections
    assert 1 < fresh_server.peak_connections <= max_connections


@pytest.mark.parametrize(("library", "backend", "expected"), CASES)
def test_aclose_closes_the_connections(
    fresh_server: _Server, library: str, backend: Backend, expected: str
) -> None:
    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> int:
        await client.get("/json")
        await transport.aclose()
        for _ in range(200):
            if fresh_server.open_connections == 0:
                break
            await anyio.sleep(0.01)
        return fresh_server.open_connections

    assert _run_with_client(library, backend, fresh_server, body) == 0


def test_auto_falls_back_to_httpx_without_the_fast_extra(
    fresh_server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)

    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> None:
        assert (await client.get("/json")).json() == PAYLOAD
        assert transport.backend == "httpx"

    _run_with_client("asyncio", "auto", fresh_server, body)


def test_aiohttp_backend_refuses_trio(fresh_server: _Server) -> None:
    async def body(client: httpx.AsyncClient, transport: SelectingTransport) -> None:
        with pytest.raises(RuntimeError, match="only on asyncio"):
            await client.get("/json")

    _run_with_client("trio", "aiohttp", fresh_server, body)


@pytest.mark.parametrize(("library", "backend"), [("asyncio", "aiohttp"), ("trio", "httpx")])
def test_a_paced_call_builds_the_backend_before_its_first_slot(library: str, backend: str) -> None:
    """Imports at the first request must not delay a paced attempt past its slot."""
    from ayrshare_async import AsyncAyrshare

    class Stop(Exception):
        pass

    seen: list[str | None] = []

    class RecordingLimiter:
        async def acquire(self) -> None:
            seen.append(client._pool.selecting.backend if client._pool.selecting else "none")
            raise Stop

    client = AsyncAyrshare(api_key="k", base_url="http://127.0.0.1:9/api")

    async def main() -> None:
        paced = client.with_options(attempt_limiter=RecordingLimiter())
        with pytest.raises(Stop):
            await paced.user.get()
        await client.aclose()

    anyio.run(main, backend=library)
    assert seen == [backend]


# -- the SDK's calls on its own pool: aiohttp's direct path against httpx's, same server ----------

_THING = Route(name="thing.list", method="GET", path="/thing", summary="s", response=JsonObject)
_MAKE = Route(name="thing.make", method="POST", path="/thing", summary="s", response=JsonObject)


@attrs.frozen
class _Query(RequestModel):
    url: str | None = None
    limit: int | None = None


@attrs.frozen
class _Body(RequestModel):
    post: str
    platforms: list[str] | None = None


def _sdk_run(server: _Server, backend: Backend, body: Callable[[Any], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        policy = RetryPolicy(sleep=lambda seconds: anyio.lowlevel.checkpoint())
        async with AsyncAyrshare(
            api_key="key-" + "k" * 12,
            base_url=f"http://127.0.0.1:{server.port}/api",
            http_backend=backend,
            retry_policy=policy,
        ) as client:
            result = await body(client.with_profile("PROFILE-1"))
            assert client._pool.selecting is not None
            assert client._pool.selecting.backend == backend
            return result

    return anyio.run(main, backend="asyncio")


def test_sdk_requests_arrive_the_same_from_aiohttp_and_httpx(fresh_server: _Server) -> None:
    """The aiohttp path builds no httpx.Request: the server must not be able to tell."""
    query = _Query(url="https://x.com/a?b=c&d é", limit=5)

    async def calls(view: Any) -> None:
        await view.request(_THING, JsonObject, query=query)
        await view.request(_MAKE, JsonObject, body=_Body(post="héllo", platforms=["x"]))

    seen = {}
    for backend in ("aiohttp", "httpx"):
        fresh_server.reset_counts()
        _sdk_run(fresh_server, backend, calls)
        wanted = ("authorization", "profile-key", "content-type", "accept", "accept-encoding")
        seen[backend] = [
            (method, path, {k: v for k, v in headers.items() if k in wanted}, body)
            for method, path, headers, body in fresh_server.seen
        ]
    assert seen["aiohttp"] == seen["httpx"]
    (_, path, _, _), (_, _, headers, body) = seen["aiohttp"]
    assert path.startswith("/api/thing?url=https")
    assert headers["profile-key"] == "PROFILE-1"
    assert json.loads(body) == {"post": "héllo", "platforms": ["x"]}


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_sdk_answers_errors_and_retries_on_each_backend(
    fresh_server: _Server, backend: Backend
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    async def calls(view: Any) -> None:
        raw = await to_raw_response(view.request)(_route("br"), JsonObject)
        assert raw.parsed.to_dict() == PAYLOAD and raw.status_code == 200
        assert raw.http_response.json() == PAYLOAD
        assert raw.http_response.request.url.path == "/api/br"
        assert raw.headers["x-request-id"] == "r-1"
        assert raw.http_response.elapsed.total_seconds() >= 0

        with pytest.raises(NotFoundError) as missing:
            await view.request(_route("missing"), JsonObject)
        assert missing.value.response.json()["code"] == 114
        assert missing.value.response.request.url.path == "/api/missing"

        flaky = await to_raw_response(view.request)(_route("flaky"), JsonObject)
        assert flaky.retries_taken == 1 and flaky.status_code == 200

        with pytest.raises(APIResponseValidationError) as not_json:
            await view.request(_route("notjson"), JsonObject)
        assert not_json.value.response is not None
        assert not_json.value.response.status_code == 200

        refused = AsyncAyrshare(
            api_key="key-" + "k" * 12,
            base_url=f"http://127.0.0.1:{closed_port}/api",
            http_backend=backend,
            max_retries=0,
        )
        with pytest.raises(APIConnectionError) as failed:
            await refused.request(_THING, JsonObject)
        await refused.aclose()
        assert failed.value.request is not None
        assert failed.value.request.url.port == closed_port

    _sdk_run(fresh_server, backend, calls)
    assert [path for _, path, _, _ in fresh_server.seen].count("/api/flaky") == 2


def _route(path: str) -> Route:
    return Route(
        name=f"thing.{path}", method="GET", path=f"/{path}", summary="s", response=JsonObject
    )
