"""What the fan-out, delete and overhead benchmarks share: servers in their own processes, RSS, tables.

A benchmark server runs in a subprocess on 127.0.0.1 so it never competes with the client for a
GIL. Two kinds:

- ``emulator``: ``AyrshareEmulator`` under uvicorn, wrapped in a small ASGI layer that adds
  ``/__bench/...`` endpoints (pre-create profiles, fault rules, reset, counters, the request log's
  arrival times), since the emulator's ``serve`` command has no way to reach those from outside.
- ``replay``: a bare asyncio server answering every request with one response captured from the
  emulator (``GET /user`` as the SDK asks for it): so cheap that the client is what gets measured.

TCP connections are counted inside the server: accepted connections (``connection_made`` of
uvicorn's protocol, or of the replay protocol), leaving out the benchmark's own admin connections;
plus the most connections open at once and the server's CPU seconds, which say whether the server
was the bottleneck. (Counting distinct client ports undercounts: once the server side closes
first, the client's kernel may reuse a port within the same run.)

Run as a script only by ``BenchServer.start``: ``python benchmarks/_support.py emulator|replay ...``.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import importlib.util
import itertools
import json
import os
import platform
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

API_KEY = "bench-api-key"
HOST = "127.0.0.1"
ADMIN_PREFIX = "/__bench/"

ServerKind = Literal["emulator", "replay"]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


# --- the parent's handle on a server -------------------------------------------------------------


@dataclass(frozen=True)
class ServerStats:
    """Counters since the last ``reset()``."""

    connections: int
    """TCP connections that carried at least one request."""
    peak_open: int
    """Most connections open at the same time."""
    requests: int
    cpu_seconds: float
    """CPU time the server process used (user + system)."""


@dataclass(frozen=True)
class Arrival:
    """One request as the emulator logged it: arrival on its monotonic clock, status, fault."""

    time: float
    status: int | None
    fault: str | None


class BenchServer:
    """A benchmark server running in its own process; stops when ``stop()`` closes its stdin."""

    def __init__(
        self, process: subprocess.Popen[str] | None, port: int, description: str = ""
    ) -> None:
        self._process = process
        self.port = port
        self.description = description
        """How it serves (e.g. ``uvicorn (h11, asyncio)``), for the table captions."""

    @classmethod
    def attach(cls, port: int) -> BenchServer:
        """A handle on a server another process started (``stop()`` leaves it running)."""
        return cls(None, port)

    @classmethod
    def start(
        cls, kind: ServerKind, *, latency: float = 0.0, rate_limit: int | None = 300
    ) -> BenchServer:
        """``latency`` seconds added to every answer; ``rate_limit`` requests per profile per 5
        minutes as Ayrshare allows (None: off; emulator only)."""
        command = [sys.executable, __file__, kind, "--latency", str(latency)]
        command += ["--rate-limit", str(rate_limit or 0)]
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            process.wait(timeout=10)
            raise RuntimeError(f"the {kind} benchmark server did not start")
        hello = json.loads(line)
        return cls(process, int(hello["port"]), str(hello["description"]))

    def __enter__(self) -> BenchServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/api"

    def admin(self, method: str, name: str, body: object = None) -> Any:
        """Call ``/__bench/<name>`` on a connection of its own (closed after, never counted)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            payload = None if body is None else json.dumps(body)
            headers = {"connection": "close", "content-type": "application/json"}
            connection.request(method, ADMIN_PREFIX + name, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise RuntimeError(f"{method} {ADMIN_PREFIX}{name}: HTTP {response.status} {data!r}")
        return json.loads(data)

    def reset(self) -> None:
        self.admin("POST", "reset")

    def stats(self) -> ServerStats:
        return ServerStats(**self.admin("GET", "stats"))

    def create_profiles(self, count: int) -> list[str]:
        """Profile keys of ``count`` new emulator profiles, made in-process (no timed requests)."""
        keys: list[str] = self.admin("POST", "profiles", {"count": count})["keys"]
        return keys

    def live_profiles(self) -> set[str]:
        return set(self.admin("GET", "profiles")["keys"])

    def set_faults(self, **rule: object) -> None:
        """``latency=s``, ``error_rate=r, status=, route=, retry_after=``, or ``clear=True``."""
        self.admin("POST", "faults", rule)

    def arrivals(self, route: str) -> list[Arrival]:
        """Every logged request matching ``route`` (e.g. ``"DELETE /profiles"``), by arrival."""
        rows = self.admin("POST", "arrivals", {"route": route})["arrivals"]
        return sorted((Arrival(*row) for row in rows), key=lambda a: a.time)

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def max_in_window(times: Sequence[float], window: float = 1.0) -> int:
    """Most of the sorted ``times`` inside any span shorter than ``window`` (as the emulator counts)."""
    best = 0
    start = 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


# --- client-side measurements --------------------------------------------------------------------


def _proc_status_kib(field: str) -> int:
    text = Path("/proc/self/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"no {field} in /proc/self/status (these benchmarks need Linux)")
    return int(match.group(1))


class PeakRSS:
    """Peak resident memory growth of this process from ``start()`` (Linux: VmHWM reset via
    ``/proc/self/clear_refs``, so the peak is the kernel's, not a sample's)."""

    def __init__(self) -> None:
        self._baseline_kib = 0

    def start(self) -> None:
        Path("/proc/self/clear_refs").write_text("5")
        self._baseline_kib = _proc_status_kib("VmRSS")

    def growth_mb(self) -> float:
        return (_proc_status_kib("VmHWM") - self._baseline_kib) / 1024


def run_child(script: str, spec: dict[str, Any], *, timeout: float) -> dict[str, Any]:
    """Run ``script --child JSON`` in a fresh interpreter; its last stdout line is a JSON result."""
    completed = subprocess.run(
        [sys.executable, script, "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0 or not completed.stdout.strip():
        raise RuntimeError(f"benchmark child {spec} failed:\n{completed.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


# --- reporting -----------------------------------------------------------------------------------


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub table; the first column left-aligned, the others right-aligned."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(headers) - 1)) + "|",
    ]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_summary() -> str:
    """CPU count and model, Python and the HTTP libraries, for every table's caption."""
    import httpx

    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        if match:
            model = match.group(1).strip()
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"httpx {httpx.__version__}"
    )


async def sdk_request_headers(profile_key: str) -> dict[str, str]:
    """The headers ``AsyncAyrshare`` sends on ``GET /user`` for a profile (captured from a real
    call through a mock transport), so a raw client can send exactly the same ones."""
    import httpx

    from ayrshare_async import AsyncAyrshare

    seen: list[httpx.Request] = []

    def capture(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "success", "refId": "capture"})

    transport = httpx.MockTransport(capture)
    async with AsyncAyrshare(
        api_key=API_KEY, base_url=f"http://{HOST}:1/api", transport=transport
    ) as client:
        await client.with_profile(profile_key).user.get()
    return {
        name: value
        for name, value in seen[0].headers.items()
        if name not in ("host", "content-length")
    }


# --- server processes ----------------------------------------------------------------------------


def _watch_stdin(stop: Callable[[], object]) -> None:
    """Call ``stop`` once the parent closes our stdin (or dies)."""

    def wait() -> None:
        sys.stdin.read()
        stop()

    threading.Thread(target=wait, daemon=True).start()


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


class _ConnectionCounter:
    """TCP connections the server accepted (``connection_made``), open now, and the most open."""

    def __init__(self) -> None:
        self.opened = 0
        self.open = 0
        self.peak_open = 0

    def made(self) -> None:
        self.opened += 1
        self.open += 1
        self.peak_open = max(self.peak_open, self.open)

    def lost(self) -> None:
        self.open -= 1

    def reset(self) -> None:
        self.opened = 0
        self.peak_open = self.open


def _counting_protocol(base: type[asyncio.Protocol], counter: _ConnectionCounter) -> type:
    """``base`` (uvicorn's HTTP protocol) reporting every accepted and closed connection."""

    def connection_made(self: asyncio.Protocol, transport: asyncio.BaseTransport) -> None:
        counter.made()
        base.connection_made(self, transport)

    def connection_lost(self: asyncio.Protocol, exc: Exception | None) -> None:
        counter.lost()
        base.connection_lost(self, exc)

    methods = {"connection_made": connection_made, "connection_lost": connection_lost}
    return type(f"Counting{base.__name__}", (base,), methods)


class _EmulatorWithAdmin:
    """The emulator's ASGI app plus ``/__bench/...``; admin connections are left out of counts."""

    def __init__(self, emulator: Any, connections: _ConnectionCounter) -> None:
        self._emulator = emulator
        self._app = emulator.asgi_app()
        self._connections = connections
        self._admin_clients: set[tuple[str, int]] = set()
        self._titles = itertools.count(1)
        self._cpu_start = _cpu_seconds()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(ADMIN_PREFIX):
            client = scope.get("client")
            if client is not None:
                self._admin_clients.add((client[0], client[1]))
            await self._admin(scope, receive, send)
            return
        await self._app(scope, receive, send)

    async def _admin(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        raw = b"".join(chunks)
        body = json.loads(raw) if raw else {}
        name = scope["path"][len(ADMIN_PREFIX) :]
        status, answer = 200, self._answer(scope["method"], name, body)
        if answer is None:
            status, answer = 404, {"error": f"no admin endpoint {scope['method']} {name}"}
        payload = json.dumps(answer).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    def _answer(self, method: str, name: str, body: dict[str, Any]) -> dict[str, Any] | None:
        emulator = self._emulator
        if (method, name) == ("POST", "reset"):
            emulator.reset_log()
            self._connections.reset()
            self._admin_clients.clear()
            self._cpu_start = _cpu_seconds()
            return {}
        if (method, name) == ("GET", "stats"):
            return {
                "connections": self._connections.opened - len(self._admin_clients),
                "peak_open": self._connections.peak_open,
                "requests": len(emulator.log),
                "cpu_seconds": _cpu_seconds() - self._cpu_start,
            }
        if (method, name) == ("POST", "profiles"):
            count = int(body["count"])
            titles = (f"Bench {next(self._titles)}" for _ in range(count))
            return {"keys": [emulator.create_profile(title) for title in titles]}
        if (method, name) == ("GET", "profiles"):
            return {"keys": emulator.profile_keys()}
        if (method, name) == ("POST", "faults"):
            _apply_faults(emulator.faults, body)
            return {}
        if (method, name) == ("POST", "arrivals"):
            records = emulator.log.select(body["route"])
            return {"arrivals": [[r.time, r.status, r.fault] for r in records]}
        return None


def _apply_faults(faults: Any, rule: dict[str, Any]) -> None:
    if rule.get("clear"):
        faults.clear()
    if "latency" in rule:
        faults.latency(float(rule["latency"]))
    if "error_rate" in rule:
        faults.error_rate(
            float(rule["error_rate"]),
            status=int(rule.get("status", 503)),
            route=rule.get("route"),
            retry_after=rule.get("retry_after"),
        )


def _serve_emulator(latency: float, rate_limit: int | None) -> None:
    import uvicorn

    from ayrshare_async.testing import AyrshareEmulator

    emulator = AyrshareEmulator(API_KEY, rate_limit=rate_limit, seed=5)
    if latency:
        emulator.faults.latency(latency)
    connections = _ConnectionCounter()
    config = uvicorn.Config(
        _EmulatorWithAdmin(emulator, connections),
        lifespan="off",
        ws="none",
        log_level="warning",
        access_log=False,
        timeout_keep_alive=30,
        backlog=4096,
    )
    config.load()
    protocol = config.http_protocol_class.__name__.replace("Protocol", "").lower()
    config.http_protocol_class = _counting_protocol(config.http_protocol_class, connections)
    server = uvicorn.Server(config)
    # proto=IPPROTO_TCP: with proto 0, asyncio leaves TCP_NODELAY off on accepted connections,
    # and Nagle plus delayed ACKs add ~40 ms to every keep-alive response uvicorn writes in two parts.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    sock.listen(4096)
    loop_name = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    hello = {"port": sock.getsockname()[1], "description": f"uvicorn ({protocol}, {loop_name})"}
    print(json.dumps(hello), flush=True)

    def stop() -> None:
        server.should_exit = True

    _watch_stdin(stop)
    server.run(sockets=[sock])


# -- the replay server --


async def _captured_user_response() -> bytes:
    """The emulator's answer to ``GET /user`` for a profile, as the SDK asks (brotli), as raw HTTP."""
    import httpx

    from ayrshare_async.testing import AyrshareEmulator

    emulator = AyrshareEmulator(API_KEY, rate_limit=None, seed=5)
    key = emulator.create_profile("Replay")
    async with httpx.AsyncClient(transport=emulator.transport()) as client:
        headers = await sdk_request_headers(key)
        async with client.stream("GET", "http://emulator/api/user", headers=headers) as response:
            body = b"".join([chunk async for chunk in response.aiter_raw()])
            lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
            lines += [
                f"{name.decode()}: {value.decode()}"
                for name, value in response.headers.raw
                if name.lower() not in (b"content-length", b"connection")
            ]
    lines.append(f"content-length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class _ReplayCounters:
    def __init__(self) -> None:
        self.opened = 0
        self.open = 0
        self.peak_open = 0
        self.requests = 0
        self.cpu_start = _cpu_seconds()

    def reset(self) -> None:
        self.opened = 0
        self.peak_open = self.open
        self.requests = 0
        self.cpu_start = _cpu_seconds()

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "connections": self.opened,
                "peak_open": self.peak_open,
                "requests": self.requests,
                "cpu_seconds": _cpu_seconds() - self.cpu_start,
            }
        ).encode()


class _ReplayProtocol(asyncio.Protocol):
    """HTTP/1.1 keep-alive: every request gets the same captured answer after ``latency``."""

    def __init__(self, counters: _ReplayCounters, answer: bytes, latency: float) -> None:
        self._counters = counters
        self._answer = answer
        self._latency = latency
        self._buffer = b""
        self._transport: asyncio.Transport | None = None
        self._counted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._counters.open += 1

    def connection_lost(self, exc: Exception | None) -> None:
        self._counters.open -= 1

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            head = self._buffer[:end]
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            total = end + 4 + (int(length.group(1)) if length else 0)
            if len(self._buffer) < total:
                return
            self._buffer = self._buffer[total:]
            self._answer_request(head.split(b" ", 2)[1].decode())

    def _answer_request(self, target: str) -> None:
        counters = self._counters
        if target.startswith(ADMIN_PREFIX):
            if target == ADMIN_PREFIX + "reset":
                counters.reset()
            payload = counters.as_json() if target == ADMIN_PREFIX + "stats" else b"{}"
            head = f"HTTP/1.1 200 OK\r\ncontent-length: {len(payload)}\r\nconnection: close\r\n\r\n"
            self._write(head.encode() + payload)
            return
        if not self._counted:
            self._counted = True
            counters.opened += 1
            counters.peak_open = max(counters.peak_open, counters.open)
        counters.requests += 1
        if self._latency:
            asyncio.get_running_loop().call_later(self._latency, self._write, self._answer)
        else:
            self._write(self._answer)

    def _write(self, payload: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(payload)


async def _serve_replay(latency: float) -> None:
    answer = await _captured_user_response()
    counters = _ReplayCounters()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: _ReplayProtocol(counters, answer, latency), HOST, 0, backlog=4096
    )
    stopped = asyncio.Event()
    hello = {"port": server.sockets[0].getsockname()[1], "description": "bare asyncio replay"}
    print(json.dumps(hello), flush=True)
    _watch_stdin(lambda: loop.call_soon_threadsafe(stopped.set))
    await stopped.wait()
    server.close()


def _main(argv: Sequence[str] | None = None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    parser = argparse.ArgumentParser(description="a benchmark server (started by BenchServer)")
    parser.add_argument("kind", choices=["emulator", "replay"])
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--rate-limit", type=int, default=0, help="0: no limit")
    args = parser.parse_args(argv)
    if args.kind == "emulator":
        _serve_emulator(args.latency, args.rate_limit or None)
    else:
        asyncio.run(_serve_replay(args.latency))


if __name__ == "__main__":
    _main()
