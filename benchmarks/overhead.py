"""Per-request SDK overhead: 3,000 ``GET /user`` at concurrency 50, SDK vs raw httpx, same transport.

For each HTTP backend the SDK offers, three clients send the same requests from 50 workers:

- ``sdk``: ``client.with_profile(key).user.get()`` (view, query model, retries, error mapping,
  the response structured into ``UserDetails``);
- ``sdk fan_out``: the same call through ``client.fan_out(keys, ..., concurrency=50)``;
- ``raw``: ``httpx.AsyncClient`` on a transport built the same way as the SDK's
  (``ayrshare_async._transports.default_transport`` with the same limits), the SDK's exact headers
  (captured from a real SDK call), ``raise_for_status()`` and ``response.json()``.

The server is a bare asyncio process on 127.0.0.1 replaying the emulator's ``GET /user`` answer
(brotli, as the SDK asks) with no added latency: it costs a few microseconds per request, so the
client's own CPU time is what the wall time measures. Rounds alternate the order of the clients;
the figure is the median over rounds of (SDK time / raw time). ``--profile`` adds a cProfile of
one SDK round and one raw round.

    .venv/bin/python benchmarks/overhead.py [--quick] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from _support import (
    API_KEY,
    BenchServer,
    machine_summary,
    markdown_table,
    sdk_request_headers,
)

from ayrshare_async import DEFAULT_MAX_CONNECTIONS, AsyncAyrshare
from ayrshare_async._transports import Backend, default_transport

CONCURRENCY = 50
TARGET = 1.10
WARMUP = 200

BACKENDS: tuple[Backend, ...] = get_args(Backend)
"""``auto`` (the default) first, then each backend by name."""

Send = Callable[[str], Awaitable[object]]


async def _timed(send: Send, keys: Sequence[str]) -> float:
    """Seconds for ``CONCURRENCY`` workers to send one request per key."""
    pending = iter(keys)

    async def worker() -> None:
        for key in pending:
            await send(key)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return time.perf_counter() - start


@dataclass
class BackendResult:
    backend: str
    resolved: str
    sdk: list[float]
    fan_out: list[float]
    raw: list[float]
    requests: int

    def ratio(self, times: list[float]) -> list[float]:
        return [mine / raw for mine, raw in zip(times, self.raw, strict=True)]

    def cells(self) -> list[object]:
        sdk_ratios = self.ratio(self.sdk)
        fan_ratios = self.ratio(self.fan_out)

        def per_call_us(times: list[float]) -> str:
            return f"{statistics.median(times) / self.requests * 1e6:,.0f}"

        return [
            f"{self.backend} ({self.resolved})",
            per_call_us(self.raw),
            per_call_us(self.sdk),
            per_call_us(self.fan_out),
            f"{statistics.median(sdk_ratios):.2f} ({min(sdk_ratios):.2f}-{max(sdk_ratios):.2f})",
            f"{statistics.median(fan_ratios):.2f} ({min(fan_ratios):.2f}-{max(fan_ratios):.2f})",
        ]


HEADERS = [
    "SDK http_backend (what it runs)",
    "raw httpx us/call",
    "SDK us/call",
    "SDK fan_out us/call",
    "SDK / raw, median (min-max)",
    "fan_out / raw, median (min-max)",
]


async def _measure_backend(
    base_url: str, backend: Backend, rounds: int, requests: int, profile: bool
) -> BackendResult:
    keys = [f"bench-profile-{n:05d}" for n in range(requests)]
    headers = await sdk_request_headers(keys[0])
    del headers["profile-key"]
    limits = httpx.Limits(
        max_connections=DEFAULT_MAX_CONNECTIONS, max_keepalive_connections=DEFAULT_MAX_CONNECTIONS
    )
    sdk = AsyncAyrshare(api_key=API_KEY, base_url=base_url, http_backend=backend)
    raw_transport = default_transport(limits=limits, backend=backend)
    raw = httpx.AsyncClient(transport=raw_transport, headers=headers, timeout=sdk.timeout)
    url = base_url + "/user"

    async def via_sdk(key: str) -> object:
        return await sdk.with_profile(key).user.get()

    async def via_raw(key: str) -> object:
        response = await raw.get(url, headers={"Profile-Key": key})
        response.raise_for_status()
        return response.json()

    async def via_fan_out(chosen: Sequence[str]) -> float:
        start = time.perf_counter()
        result = await sdk.fan_out(chosen, lambda view: view.user.get(), concurrency=CONCURRENCY)
        seconds = time.perf_counter() - start
        result.raise_for_failures()
        return seconds

    async with sdk, raw:
        await _timed(via_sdk, keys[:WARMUP])
        await _timed(via_raw, keys[:WARMUP])
        await via_fan_out(keys[:WARMUP])
        measured = BackendResult(backend, raw_transport.backend or "?", [], [], [], requests)
        runs: list[tuple[list[float], Callable[[], Awaitable[float]]]] = [
            (measured.sdk, lambda: _timed(via_sdk, keys)),
            (measured.raw, lambda: _timed(via_raw, keys)),
            (measured.fan_out, lambda: via_fan_out(keys)),
        ]
        for index in range(rounds):
            order = runs[index % len(runs) :] + runs[: index % len(runs)]
            for sink, run in order:
                sink.append(await run())
            print(
                f"  {backend} round {index + 1}: sdk {measured.sdk[-1]:.2f} s,"
                f" raw {measured.raw[-1]:.2f} s, fan_out {measured.fan_out[-1]:.2f} s",
                file=sys.stderr,
                flush=True,
            )
        if profile:
            for name, send in (("SDK", via_sdk), ("raw httpx", via_raw)):
                print(f"\ncProfile of one {name} round ({backend} backend), top by own time:\n")
                print(await _profiled(send, keys))
    return measured


async def _profiled(send: Send, keys: Sequence[str]) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    await _timed(send, keys)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 requests, 3 rounds")
    parser.add_argument("--profile", action="store_true", help="also cProfile one round each")
    parser.add_argument("--rounds", type=int, default=None)
    args = parser.parse_args(argv)
    requests, rounds = (1_000, 3) if args.quick else (3_000, 7)
    rounds = args.rounds or rounds

    with BenchServer.start("replay") as server:
        results = [
            asyncio.run(_measure_backend(server.base_url, b, rounds, requests, args.profile))
            for b in BACKENDS
        ]

    print(
        f"\n{requests:,} GET /user per client per round at concurrency {CONCURRENCY},"
        f" {rounds} rounds in rotating order, after {WARMUP} warm-up requests each; server: bare"
        f" asyncio replay of the emulator's answer on 127.0.0.1, no added latency, own process."
        f" {machine_summary()}. us/call = median round wall time / requests.\n"
    )
    print(markdown_table(HEADERS, [r.cells() for r in results]))
    default = results[0]
    ratio = statistics.median(default.ratio(default.sdk))
    print(
        f"\nSDK default ({default.resolved}): SDK / raw = {ratio:.2f}"
        f" (target <= {TARGET:.2f}: {'met' if ratio <= TARGET else 'MISSED'})."
    )


if __name__ == "__main__":
    main()
