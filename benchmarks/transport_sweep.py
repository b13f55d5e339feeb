"""Concurrency sweep of HTTP transports against a 127.0.0.1 server that answers after 50 ms.

For each transport and concurrency (10, 30, 50, 100) it sends ``waves x concurrency`` GETs from a
fixed pool of ``concurrency`` workers, so the ideal wall time is ``waves x 50 ms`` whatever the
concurrency, and prints req/s, wall time against the ideal and the TCP connections the server saw
opened, and the client's CPU per request. Every figure is the median of several rounds; the
transport order rotates each round. Each cell stops at a time cap, so the run is bounded.

The server is a bare asyncio protocol in a subprocess (one core of its own), and a bare-socket
client is measured alongside: when it reaches the ideal, the server is not what caps the others.

``--diagnose`` counts, per request, the httpcore pool work that explains the collapse of httpx's
own transport (docs/transport.md).

    .venv/bin/python benchmarks/transport_sweep.py [--quick] [--diagnose]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import httpcore
import httpx
import trio
from httpx_aiohttp import AiohttpTransport

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ayrshare_async._transports import default_transport

LATENCY = 0.05
CONCURRENCIES = (10, 30, 50, 100)
POOL_SIZE = 100
SERVER_CHECK_CONCURRENCY = 200
STATS_PATH = "/__stats"
BODY = b'{"status":"success","id":"bench","refId":"0123456789abcdef"}'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
    + str(len(BODY)).encode()
    + b"\r\n\r\n"
    + BODY
)


# --- the server (runs in its own process) --------------------------------------------------------


class _ServerStats:
    def __init__(self) -> None:
        self.opened = 0
        self.open = 0
        self.requests = 0


class _DelayedJSONProtocol(asyncio.Protocol):
    """HTTP/1.1 keep-alive without bodies: answers every GET with BODY after LATENCY seconds."""

    def __init__(self, stats: _ServerStats, latency: float) -> None:
        self._stats = stats
        self._latency = latency
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._stats.opened += 1
        self._stats.open += 1

    def connection_lost(self, exc: Exception | None) -> None:
        self._stats.open -= 1

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        loop = asyncio.get_running_loop()
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            head, self._buffer = self._buffer[:end], self._buffer[end + 4 :]
            target = head.split(b" ", 2)[1]
            if target == STATS_PATH.encode():
                self._send_stats()
            else:
                self._stats.requests += 1
                loop.call_later(self._latency, self._send, RESPONSE)

    def _send_stats(self) -> None:
        body = json.dumps(
            {
                "opened": self._stats.opened,
                "open": self._stats.open,
                "requests": self._stats.requests,
            }
        ).encode()
        head = f"HTTP/1.1 200 OK\r\ncontent-length: {len(body)}\r\nconnection: close\r\n\r\n"
        self._send(head.encode() + body)
        assert self._transport is not None
        self._transport.close()

    def _send(self, payload: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(payload)


async def _serve(latency: float) -> None:
    """Serve on an ephemeral 127.0.0.1 port, print it, and stop when stdin closes (parent gone)."""
    loop = asyncio.get_running_loop()
    stats = _ServerStats()
    server = await loop.create_server(
        lambda: _DelayedJSONProtocol(stats, latency), "127.0.0.1", 0, backlog=2048
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


@dataclass
class _Server:
    process: subprocess.Popen[str]
    port: int

    @classmethod
    def start(cls, latency: float) -> _Server:
        process = subprocess.Popen(
            [sys.executable, __file__, "--serve", "--latency", str(latency)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        return cls(process, int(process.stdout.readline()))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/user"

    def stats(self) -> dict[str, int]:
        """Counters as of now; the stats connection itself is not counted in ``opened``."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(f"GET {STATS_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        counters: dict[str, int] = json.loads(data.split(b"\r\n\r\n", 1)[1])
        counters["opened"] -= 1
        counters["open"] -= 1
        return counters

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- the clients ---------------------------------------------------------------------------------

Runner = Callable[[str, int, int, float], "Timed"]
"""(url, concurrency, total requests, time cap) -> requests completed and the seconds they took,
timed after the client is built and has sent one warm-up request; runs its own event loop."""


@dataclass
class Timed:
    completed: int
    seconds: float
    cpu_seconds: float


POOL_LIMITS = httpx.Limits(max_connections=POOL_SIZE, max_keepalive_connections=POOL_SIZE)

Spawner = Callable[[Callable[[], Awaitable[None]], int], Awaitable[None]]
"""Runs ``count`` copies of a worker concurrently and waits for them all."""


async def _asyncio_spawn(worker: Callable[[], Awaitable[None]], count: int) -> None:
    await asyncio.gather(*(worker() for _ in range(count)))


async def _trio_spawn(worker: Callable[[], Awaitable[None]], count: int) -> None:
    async with trio.open_nursery() as nursery:
        for _ in range(count):
            nursery.start_soon(worker)


async def _drive(
    send: Callable[[], Awaitable[None]],
    concurrency: int,
    total: int,
    time_cap: float,
    spawn: Spawner = _asyncio_spawn,
) -> Timed:
    """Warm up with one send, then run ``concurrency`` workers sharing ``total`` sends."""
    await send()
    start, cpu_start = time.perf_counter(), time.process_time()
    deadline = start + time_cap
    remaining = total
    done = 0

    async def worker() -> None:
        nonlocal remaining, done
        while remaining > 0 and time.perf_counter() < deadline:
            remaining -= 1
            await send()
            done += 1

    await spawn(worker, concurrency)
    return Timed(done, time.perf_counter() - start, time.process_time() - cpu_start)


def _httpx_runner(make_client: Callable[[], httpx.AsyncClient], library: str = "asyncio") -> Runner:
    """A runner sending GETs through the client ``make_client`` builds inside the event loop."""
    spawn = _trio_spawn if library == "trio" else _asyncio_spawn

    async def main(url: str, concurrency: int, total: int, time_cap: float) -> Timed:
        async with make_client() as client:

            async def send() -> None:
                (await client.get(url)).raise_for_status()

            return await _drive(send, concurrency, total, time_cap, spawn)

    def run(url: str, concurrency: int, total: int, time_cap: float) -> Timed:
        if library == "trio":
            return trio.run(main, url, concurrency, total, time_cap)
        return asyncio.run(main(url, concurrency, total, time_cap))

    return run


def raw_aiohttp(url: str, concurrency: int, total: int, time_cap: float) -> Timed:
    """aiohttp's ClientSession on its own, as the reference."""

    async def main() -> Timed:
        connector = aiohttp.TCPConnector(limit=POOL_SIZE)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def send() -> None:
                async with session.get(url) as response:
                    await response.read()
                    response.raise_for_status()

            return await _drive(send, concurrency, total, time_cap)

    return asyncio.run(main())


def bare_sockets(url: str, concurrency: int, total: int, time_cap: float) -> Timed:
    """One persistent asyncio stream per worker and a hand-rolled HTTP/1.1 exchange: the floor."""
    port = int(url.split(":")[2].split("/")[0])
    request = f"GET /user HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\r\n".encode()

    async def main() -> Timed:
        streams = [await asyncio.open_connection("127.0.0.1", port) for _ in range(concurrency)]
        free = list(streams)

        async def send() -> None:
            reader, writer = free.pop()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length: ", 1)[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            free.append((reader, writer))

        try:
            return await _drive(send, concurrency, total, time_cap)
        finally:
            for _, writer in streams:
                writer.close()
                await writer.wait_closed()

    return asyncio.run(main())


TRANSPORTS: dict[str, Runner] = {
    "bare sockets (server check)": bare_sockets,
    "aiohttp": raw_aiohttp,
    "httpx, default Limits": _httpx_runner(httpx.AsyncClient),
    "httpx, keepalive=100": _httpx_runner(lambda: httpx.AsyncClient(limits=POOL_LIMITS)),
    "httpx, keepalive=100, trio": _httpx_runner(
        lambda: httpx.AsyncClient(limits=POOL_LIMITS), "trio"
    ),
    "httpx + AiohttpTransport": _httpx_runner(
        lambda: httpx.AsyncClient(transport=AiohttpTransport(limits=POOL_LIMITS))
    ),
    "default_transport() [aiohttp]": _httpx_runner(
        lambda: httpx.AsyncClient(transport=default_transport(limits=POOL_LIMITS))
    ),
    "default_transport() [sharded httpx]": _httpx_runner(
        lambda: httpx.AsyncClient(transport=default_transport(limits=POOL_LIMITS, backend="httpx"))
    ),
    "default_transport(), trio [sharded httpx]": _httpx_runner(
        lambda: httpx.AsyncClient(transport=default_transport(limits=POOL_LIMITS)), "trio"
    ),
}
"""Every row of the table; ``--only NAME`` picks some."""


# --- the sweep -----------------------------------------------------------------------------------


@dataclass
class Sample:
    completed: int
    seconds: float
    cpu_seconds: float
    connections: int


def measure(server: _Server, run: Runner, concurrency: int, waves: int, time_cap: float) -> Sample:
    opened_before = server.stats()["opened"]
    timed = run(server.url, concurrency, waves * concurrency, time_cap)
    opened = server.stats()["opened"] - opened_before
    return Sample(timed.completed, timed.seconds, timed.cpu_seconds, opened)


def sweep(
    server: _Server,
    names: Sequence[str],
    concurrencies: Sequence[int],
    rounds: int,
    waves: int,
    time_cap: float,
) -> dict[tuple[str, int], list[Sample]]:
    samples: dict[tuple[str, int], list[Sample]] = {}
    for round_index in range(rounds):
        order = list(names[round_index % len(names) :]) + list(names[: round_index % len(names)])
        for concurrency in concurrencies:
            for name in order:
                sample = measure(server, TRANSPORTS[name], concurrency, waves, time_cap)
                samples.setdefault((name, concurrency), []).append(sample)
                print(
                    f"  round {round_index + 1} c={concurrency:>3} {name:<30}"
                    f" {sample.completed / sample.seconds:8.0f} req/s"
                    f" {sample.connections:5d} conns",
                    file=sys.stderr,
                    flush=True,
                )
    return samples


def render(
    samples: dict[tuple[str, int], list[Sample]],
    names: Sequence[str],
    concurrencies: Sequence[int],
    waves: int,
) -> str:
    ideal_seconds = waves * LATENCY
    lines = [
        "| transport | concurrency | req/s (ideal) | wall s (ideal) | x ideal"
        " | client CPU ms/req | TCP conns opened |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        for concurrency in concurrencies:
            runs = samples[(name, concurrency)]
            rate = statistics.median(s.completed / s.seconds for s in runs)
            wall = statistics.median(
                s.seconds * (waves * concurrency) / max(s.completed, 1) for s in runs
            )
            capped = any(s.completed < waves * concurrency for s in runs)
            conns = statistics.median(s.connections for s in runs)
            cpu_ms = statistics.median(1000 * s.cpu_seconds / max(s.completed, 1) for s in runs)
            lines.append(
                f"| {name} | {concurrency} | {rate:,.0f} ({concurrency / LATENCY:,.0f})"
                f" | {wall:.2f}{'*' if capped else ''} ({ideal_seconds:.2f})"
                f" | {wall / ideal_seconds:.2f} | {cpu_ms:.2f} | {conns:,.0f} |"
            )
    return "\n".join(lines)


# --- why httpx's own pool slows down (--diagnose) -------------------------------------------------

POOL_COUNTERS = {
    "bookkeeping passes": "_assign_requests_to_connections(): a pass over all connections",
    "ConnectionNotAvailable retries": "requests handed a connection another request took first",
    "is_idle calls": "connection.is_idle() calls, mostly the idle count rebuilt per connection",
    "socket probes": "readability probes of idle sockets (has_expired -> is_readable)",
}


@contextlib.contextmanager
def counting_httpcore_pool() -> Iterator[Counter[str]]:
    """Count, without changing them, the httpcore pool operations named in POOL_COUNTERS."""
    from httpcore._async.connection_pool import AsyncConnectionPool, AsyncPoolRequest
    from httpcore._async.http11 import AsyncHTTP11Connection
    from httpcore._backends.anyio import AnyIOStream
    from httpcore._backends.trio import TrioStream

    counts: Counter[str] = Counter()
    targets = [
        (AsyncConnectionPool, "_assign_requests_to_connections", "bookkeeping passes"),
        (AsyncPoolRequest, "clear_connection", "ConnectionNotAvailable retries"),
        (AsyncHTTP11Connection, "is_idle", "is_idle calls"),
        (AnyIOStream, "get_extra_info", "socket probes"),
        (TrioStream, "get_extra_info", "socket probes"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in targets]

    def counted(original: Callable[..., Any], key: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if key != "socket probes" or args[1:] == ("is_readable",):
                counts[key] += 1
            return original(*args, **kwargs)

        return wrapper

    for (owner, name, key), (_, _, original) in zip(targets, originals, strict=True):
        setattr(owner, name, counted(original, key))
    try:
        yield counts
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def diagnose(server: _Server, concurrencies: Sequence[int], waves: int, time_cap: float) -> str:
    """Per-request counts of httpcore pool work, one round (counting slows every row alike)."""
    names = [
        "httpx, default Limits",
        "httpx, keepalive=100",
        "httpx, keepalive=100, trio",
        "default_transport() [sharded httpx]",
    ]
    lines = [
        "| transport | concurrency | req/s | TCP conns | " + " | ".join(POOL_COUNTERS) + " |",
        "|---|---:|---:|---:|" + "---:|" * len(POOL_COUNTERS),
    ]
    for name in names:
        for concurrency in concurrencies:
            with counting_httpcore_pool() as counts:
                sample = measure(server, TRANSPORTS[name], concurrency, waves, time_cap)
            per_request = [counts[key] / max(sample.completed, 1) for key in POOL_COUNTERS]
            lines.append(
                f"| {name} | {concurrency} | {sample.completed / sample.seconds:,.0f}"
                f" | {sample.connections:,} | "
                + " | ".join(f"{value:,.1f}" for value in per_request)
                + " |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer waves and rounds (~1 min)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--latency", type=float, default=LATENCY, help=argparse.SUPPRESS)
    parser.add_argument("--only", action="append", choices=sorted(TRANSPORTS), default=None)
    parser.add_argument("--concurrency", type=int, action="append", default=None)
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="instead of the sweep, count httpcore pool work per request (one round)",
    )
    args = parser.parse_args(argv)

    if args.serve:
        asyncio.run(_serve(args.latency))
        return

    waves, rounds, time_cap = (6, 3, 10.0) if args.quick else (20, 3, 30.0)
    names = args.only or list(TRANSPORTS)
    concurrencies = args.concurrency or list(CONCURRENCIES)
    server = _Server.start(LATENCY)
    if args.diagnose:
        try:
            table = diagnose(server, concurrencies, waves, time_cap)
        finally:
            server.stop()
        print(f"\nPer request, {waves} waves x concurrency GETs, one round; counters:")
        for key, meaning in POOL_COUNTERS.items():
            print(f"- {key}: {meaning}")
        print(f"\n{table}")
        return
    try:
        headroom = measure(server, bare_sockets, SERVER_CHECK_CONCURRENCY, waves, time_cap)
        samples = sweep(server, names, concurrencies, rounds, waves, time_cap)
    finally:
        server.stop()
    print(
        f"\n{waves} waves x concurrency GETs per cell (ideal wall {waves * LATENCY:.2f} s),"
        f" median of {rounds} alternating rounds; server latency {LATENCY * 1000:.0f} ms on"
        f" 127.0.0.1; {os.cpu_count()} CPUs, Python {platform.python_version()},"
        f" httpx {httpx.__version__}, httpcore {httpcore.__version__},"
        f" aiohttp {aiohttp.__version__}."
        f" * = stopped at the {time_cap:.0f} s cap, wall extrapolated."
    )
    print(
        f"Server check: bare sockets at concurrency {SERVER_CHECK_CONCURRENCY} got"
        f" {headroom.completed / headroom.seconds:,.0f} req/s"
        f" (ideal {SERVER_CHECK_CONCURRENCY / LATENCY:,.0f}), so the server is not the cap below.\n"
    )
    print(render(samples, names, concurrencies, waves))


if __name__ == "__main__":
    main()
