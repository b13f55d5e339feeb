"""Fan-out of ``GET /user`` over 10,000 profile keys against the emulator on 127.0.0.1 (50 ms latency).

Side by side in one run, each client in a fresh interpreter of its own (so its peak RSS is its
own), the server in another process:

- ``AsyncAyrshare.fan_out`` with the client's default transport, and with each ``http_backend``;
- raw ``httpx.AsyncClient()`` + ``asyncio.gather`` in chunks of ``concurrency``, same headers;
- Ayrshare's ``social-post-api`` (``requests``), pointed at the emulator through its module-level
  ``base``: as its README uses it (one ``SocialPost``, ``setProfileKey`` then ``user()`` in a loop,
  run on a subset and extrapolated), and with ``ThreadPoolExecutor(concurrency)``;
- aiohttp's ``ClientSession`` with ``concurrency`` workers, as a reference for what the server
  can deliver.

Profiles are created in the emulator before timing, and every client sends one warm-up request
before its clock starts (imports and the first connection are not a per-key cost). The ideal wall
time is ``keys / concurrency x 50 ms``. A run that passes the time cap stops and its wall time is
extrapolated (marked ``*``). TCP connections are counted by the server (see _support.py), peak RSS
growth from the client's kernel high-water mark. A server check repeats the asyncio rows against a
bare replay server that costs almost nothing per request.

    .venv/bin/python benchmarks/fan_out.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _support import (
    API_KEY,
    BenchServer,
    PeakRSS,
    ServerStats,
    machine_summary,
    markdown_table,
    run_child,
    sdk_request_headers,
)

LATENCY = 0.05
MAIN_CONCURRENCY = 100
SWEEP_CONCURRENCIES = (10, 30, 50)


@dataclass(frozen=True)
class Plan:
    """How big each part of the run is (``--quick`` shrinks it)."""

    keys: int
    sweep_keys: int
    loop_keys: int
    time_cap: float


FULL = Plan(keys=10_000, sweep_keys=1_000, loop_keys=200, time_cap=20.0)
QUICK = Plan(keys=2_000, sweep_keys=300, loop_keys=50, time_cap=10.0)


# --- the clients (each runs in a child process) --------------------------------------------------


@dataclass
class ChildResult:
    """What one client run reports back to the parent."""

    completed: int
    failed: int
    seconds: float
    rss_growth_mb: float
    transport: str = ""

    def as_json(self) -> str:
        return json.dumps(self.__dict__)


def _until(keys: Sequence[str], deadline: float) -> Iterator[str]:
    """The keys, until ``deadline`` passes (a run over its time cap stops early, and says so)."""
    for key in keys:
        if time.perf_counter() > deadline:
            return
        yield key


def _transport_name(transport: object) -> str:
    """A readable name for the transport under an httpx client, with its backend if it says."""
    name = type(transport).__name__
    backend = getattr(transport, "backend", None)
    return f"{name}[{backend}]" if backend else name


async def _sdk(spec: dict[str, Any], keys: list[str], rss: PeakRSS) -> ChildResult:
    from ayrshare_async import AsyncAyrshare

    backend = spec["backend"]
    chosen = {} if backend == "default" else {"http_backend": backend}
    async with AsyncAyrshare(api_key=API_KEY, base_url=spec["base_url"], **chosen) as client:
        await client.user.get()
        rss.start()
        start = time.perf_counter()
        result = await client.fan_out(
            _until(keys, start + spec["time_cap"]),
            lambda view: view.user.get(),
            concurrency=spec["concurrency"],
        )
        seconds = time.perf_counter() - start
        used = client._pool.http._transport  # for the label only: what the default resolved to
    return ChildResult(
        len(result), len(result.failed), seconds, rss.growth_mb(), _transport_name(used)
    )


async def _httpx_gather(spec: dict[str, Any], keys: list[str], rss: PeakRSS) -> ChildResult:
    import httpx

    headers = await sdk_request_headers("placeholder")
    del headers["profile-key"]
    url = spec["base_url"] + "/user"
    concurrency = spec["concurrency"]

    async with httpx.AsyncClient(headers=headers, timeout=120) as client:

        async def get_user(key: str) -> object:
            response = await client.get(url, headers={"Profile-Key": key})
            response.raise_for_status()
            return response.json()

        (await client.get(url)).raise_for_status()
        rss.start()
        start = time.perf_counter()
        deadline = start + spec["time_cap"]
        completed = failed = 0
        for first in range(0, len(keys), concurrency):
            if time.perf_counter() > deadline:
                break
            chunk = keys[first : first + concurrency]
            answers = await asyncio.gather(*map(get_user, chunk), return_exceptions=True)
            completed += len(answers)
            failed += sum(isinstance(answer, BaseException) for answer in answers)
        seconds = time.perf_counter() - start
    return ChildResult(completed, failed, seconds, rss.growth_mb(), "httpx.AsyncHTTPTransport")


async def _aiohttp_workers(spec: dict[str, Any], keys: list[str], rss: PeakRSS) -> ChildResult:
    import aiohttp

    headers = await sdk_request_headers("placeholder")
    del headers["profile-key"]
    url = spec["base_url"] + "/user"
    concurrency = spec["concurrency"]
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        async with session.get(url) as warm_up:
            warm_up.raise_for_status()
        rss.start()
        start = time.perf_counter()
        pending = _until(keys, start + spec["time_cap"])
        completed = failed = 0

        async def worker() -> None:
            nonlocal completed, failed
            for key in pending:
                try:
                    async with session.get(url, headers={"Profile-Key": key}) as response:
                        response.raise_for_status()
                        await response.json()
                except aiohttp.ClientError:
                    failed += 1
                completed += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - start
    return ChildResult(completed, failed, seconds, rss.growth_mb(), "aiohttp.TCPConnector")


def _official_failed(answer: object) -> bool:
    return not isinstance(answer, dict) or answer.get("status") == "error"


def _official(spec: dict[str, Any], keys: list[str], rss: PeakRSS) -> ChildResult:
    import ayrshare.ayrshare  # type: ignore[import-untyped]
    from ayrshare import SocialPost

    ayrshare.ayrshare.base = spec["base_url"] + "/"
    SocialPost(API_KEY).user()
    rss.start()
    start = time.perf_counter()
    deadline = start + spec["time_cap"]
    if spec["variant"] == "official-loop":
        social = SocialPost(API_KEY)
        answers = []
        for key in _until(keys, deadline):
            social.setProfileKey(key)
            answers.append(social.user())
    else:

        def get_user(key: str) -> object:
            if time.perf_counter() > deadline:
                return None
            return SocialPost(API_KEY).setProfileKey(key).user()

        with ThreadPoolExecutor(spec["concurrency"]) as pool:
            answers = [a for a in pool.map(get_user, keys) if a is not None]
    seconds = time.perf_counter() - start
    failed = sum(_official_failed(answer) for answer in answers)
    return ChildResult(len(answers), failed, seconds, rss.growth_mb(), "requests (no Session)")


def _child(spec: dict[str, Any]) -> None:
    keys: list[str] = json.loads(Path(spec["keys_file"]).read_text())[: spec["count"]]
    rss = PeakRSS()
    variant = spec["variant"]
    if variant.startswith("official"):
        result = _official(spec, keys, rss)
    else:
        run = {"sdk": _sdk, "httpx-gather": _httpx_gather, "aiohttp": _aiohttp_workers}[variant]
        result = asyncio.run(run(spec, keys, rss))
    print(result.as_json())


# --- the parent: servers, runs, tables -----------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One row kind of the tables."""

    label: str
    spec: dict[str, Any]


def _sdk_backends() -> list[str]:
    """``default`` plus every ``http_backend`` the client offers besides ``auto``."""
    from ayrshare_async._transports import Backend

    return ["default", *(name for name in get_args(Backend) if name != "auto")]


def _variants(concurrency: int) -> list[Variant]:
    sdk = [
        Variant(
            "ayrshare_async fan_out" + ("" if b == "default" else f", http_backend={b!r}"),
            {"variant": "sdk", "backend": b},
        )
        for b in _sdk_backends()
    ]
    return [
        *sdk,
        Variant(
            f"raw httpx.AsyncClient() + gather, chunks of {concurrency}",
            {"variant": "httpx-gather"},
        ),
        Variant(
            f"social-post-api + ThreadPoolExecutor({concurrency})", {"variant": "official-threads"}
        ),
        Variant(
            f"aiohttp ClientSession, {concurrency} workers (reference)", {"variant": "aiohttp"}
        ),
    ]


@dataclass(frozen=True)
class Row:
    label: str
    concurrency: int
    keys: int
    result: ChildResult
    server: ServerStats
    extrapolated: bool = False

    @property
    def wall(self) -> float:
        """Seconds for all keys (extrapolated when the run stopped at its time cap)."""
        return self.result.seconds * self.keys / max(self.result.completed, 1)

    def cells(self, latency: float) -> list[object]:
        result = self.result
        ideal = self.keys / self.concurrency * latency
        wall = self.wall
        mark = "*" if result.completed < self.keys else ""
        done = f"{result.completed:,}" + ("" if not mark else f" of {self.keys:,}")
        server_cpu = 100 * self.server.cpu_seconds / max(result.seconds, 1e-9)
        return [
            self.label,
            self.concurrency,
            done,
            f"{wall:.2f}{mark}",
            f"{ideal:.2f}",
            f"{wall / ideal:.2f}",
            f"{result.completed / result.seconds:,.0f}",
            f"{self.server.connections:,} ({self.server.peak_open})",
            f"{result.rss_growth_mb:.1f}",
            result.failed,
            f"{server_cpu:.0f}%",
            result.transport,
        ]


HEADERS = [
    "client",
    "concurrency",
    "keys done",
    "wall s",
    "ideal s",
    "x ideal",
    "calls/s",
    "TCP conns opened (peak open)",
    "peak RSS growth MB",
    "failed",
    "server CPU",
    "transport",
]


def _measure(
    server: BenchServer, variant: Variant, concurrency: int, count: int, common: dict[str, Any]
) -> Row:
    spec = {**common, **variant.spec, "concurrency": concurrency, "count": count}
    server.reset()
    result = ChildResult(**run_child(__file__, spec, timeout=common["time_cap"] + 120))
    stats = server.stats()
    row = Row(variant.label, concurrency, count, result, stats)
    print(
        f"  {variant.label} c={concurrency} n={count}: {result.seconds:.2f} s,"
        f" {result.completed} done, {result.failed} failed, {stats.connections} conns",
        file=sys.stderr,
        flush=True,
    )
    return row


def _median_rows(
    server: BenchServer,
    variants: list[Variant],
    count: int,
    common: dict[str, Any],
    rounds: int,
) -> list[Row]:
    """Each variant ``rounds`` times at concurrency 100, the order rotating every round; per
    variant the round with the median wall time, labelled with the range over all rounds."""
    runs: dict[str, list[Row]] = {v.label: [] for v in variants}
    for round_index in range(rounds):
        shift = round_index % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            runs[variant.label].append(_measure(server, variant, MAIN_CONCURRENCY, count, common))
    rows = []
    for variant in variants:
        measured = sorted(runs[variant.label], key=lambda row: row.wall)
        median = measured[(len(measured) - 1) // 2]
        if rounds > 1:
            spread = f"{measured[0].wall:.2f}-{measured[-1].wall:.2f}"
            median = dataclasses.replace(median, label=f"{median.label} (range {spread} s)")
        rows.append(median)
    return rows


def _loop_row(server: BenchServer, plan: Plan, common: dict[str, Any]) -> tuple[Row, str]:
    """The README-style loop on a subset; its wall time for all keys is extrapolated."""
    variant = Variant("social-post-api, README loop (one at a time)", {"variant": "official-loop"})
    row = _measure(server, variant, 1, plan.loop_keys, common)
    rate = row.result.completed / row.result.seconds
    note = (
        f"social-post-api README loop: measured on {plan.loop_keys} keys at {rate:.1f} calls/s;"
        f" {plan.keys:,} keys would take {plan.keys / rate:,.0f} s"
        f" (ideal {plan.keys * LATENCY:,.0f} s one at a time,"
        f" {plan.keys / MAIN_CONCURRENCY * LATENCY:.0f} s at concurrency {MAIN_CONCURRENCY})."
    )
    return row, note


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 keys, smaller sweep (~1 min)")
    parser.add_argument(
        "--rounds", type=int, default=5, help="runs of each concurrency-100 client (median shown)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(json.loads(args.child))
        return

    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        keys_file = Path(scratch) / "keys.json"
        with BenchServer.start("emulator", latency=LATENCY) as emulator:
            keys_file.write_text(json.dumps(emulator.create_profiles(plan.keys)))
            common = {
                "base_url": emulator.base_url,
                "keys_file": str(keys_file),
                "time_cap": plan.time_cap,
            }
            main_rows = _median_rows(
                emulator, _variants(MAIN_CONCURRENCY), plan.keys, common, args.rounds
            )
            loop_row, loop_note = _loop_row(emulator, plan, common)
            sweep_rows = [
                _measure(emulator, v, c, plan.sweep_keys, common)
                for c in SWEEP_CONCURRENCIES
                for v in _variants(c)
            ]
            emulator_description = emulator.description
        with BenchServer.start("replay", latency=LATENCY) as replay:
            common = {**common, "base_url": replay.base_url}
            check_variants = [
                v for v in _variants(MAIN_CONCURRENCY) if v.spec["variant"] in ("sdk", "aiohttp")
            ]
            check_rows = _median_rows(replay, check_variants, plan.keys, common, args.rounds)

    print(
        f"\nGET /user per profile key, {LATENCY * 1000:.0f} ms added latency, server on 127.0.0.1"
        f" in its own process; {machine_summary()}; total run {time.perf_counter() - started:.0f} s."
        f" * = stopped at the {plan.time_cap:.0f} s cap, wall extrapolated to all keys."
        " TCP conns counted by the server; server CPU = server process CPU time / client wall.\n"
    )
    print(
        f"Fan-out of {plan.keys:,} keys at concurrency {MAIN_CONCURRENCY}, emulator served by"
        f" {emulator_description}:\n"
    )
    print(markdown_table(HEADERS, [r.cells(LATENCY) for r in [*main_rows, loop_row]]))
    print(f"\n{loop_note}\n")
    print(f"Concurrency sweep, {plan.sweep_keys:,} keys each, same emulator:\n")
    print(markdown_table(HEADERS, [r.cells(LATENCY) for r in sweep_rows]))
    print(
        f"\nServer check: {plan.keys:,} keys at concurrency {MAIN_CONCURRENCY} against a bare"
        " asyncio server replaying the emulator's GET /user answer after the same 50 ms:\n"
    )
    print(markdown_table(HEADERS, [r.cells(LATENCY) for r in check_rows]))


if __name__ == "__main__":
    main()
