"""Client CPU per call at concurrency 100 against the emulator (50 ms): where fan-out time goes.

Three clients, each in a fresh interpreter, rounds alternating, same 10,000 profile keys:

- ``aiohttp``: a bare ``aiohttp.ClientSession`` with 100 workers, JSON parsed and kept;
- ``httpx``: ``httpx.Request`` objects sent through the SDK's own transport and read, JSON kept
  (httpx's request/response objects, no SDK);
- ``sdk``: ``client.fan_out(keys, lambda c: c.user.get(), concurrency=100)``.

CPU is the client process's ``time.process_time()`` over the timed part; the machine has two
cores and the emulator uses most of one, so CPU per call decides the wall time.

    .venv/bin/python benchmarks/cpu_per_call.py [--rounds 3] [--keys 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _support import API_KEY, BenchServer, machine_summary, markdown_table, sdk_request_headers

CONCURRENCY = 100
LATENCY = 0.05


async def _aiohttp(base_url: str, keys: list[str]) -> Callable[[], Awaitable[None]]:
    import aiohttp

    headers = await sdk_request_headers("placeholder")
    del headers["profile-key"]
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY))
    url = base_url + "/user"
    kept: list[Any] = []

    async def get(key: str) -> None:
        async with session.get(url, headers={**headers, "Profile-Key": key}) as response:
            kept.append(await response.json())

    await get(keys[0])
    return lambda: _workers(get, keys)


async def _httpx(base_url: str, keys: list[str]) -> Callable[[], Awaitable[None]]:
    import httpx

    from ayrshare_async import AsyncAyrshare

    headers = await sdk_request_headers("placeholder")
    del headers["profile-key"]
    client = AsyncAyrshare(api_key=API_KEY, base_url=base_url)
    await client.user.get()
    transport = client._pool.transport  # the backend the first call built
    url = httpx.URL(base_url + "/user")
    kept: list[Any] = []

    async def get(key: str) -> None:
        request = httpx.Request("GET", url, headers={**headers, "Profile-Key": key})
        response = await transport.handle_async_request(request)
        response.read()
        kept.append(response.json())

    return lambda: _workers(get, keys)


async def _sdk(base_url: str, keys: list[str]) -> Callable[[], Awaitable[None]]:
    from ayrshare_async import AsyncAyrshare

    client = AsyncAyrshare(api_key=API_KEY, base_url=base_url)
    await client.user.get()

    async def run() -> None:
        result = await client.fan_out(keys, lambda view: view.user.get(), concurrency=CONCURRENCY)
        assert not result.failed

    return run


async def _workers(get: Callable[[str], Awaitable[None]], keys: list[str]) -> None:
    pending = iter(keys)

    async def worker() -> None:
        for key in pending:
            await get(key)

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


CLIENTS = {"aiohttp": _aiohttp, "httpx": _httpx, "sdk": _sdk}


async def _child(name: str, base_url: str, keys: list[str]) -> dict[str, float]:
    run = await CLIENTS[name](base_url, keys)
    cpu, wall = time.process_time(), time.perf_counter()
    await run()
    return {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keys", type=int, default=10_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="2 rounds of 2,000 keys")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.keys = 2, 2_000
    if args.child:  # the spec (with 10,000 keys) comes on stdin: too long for argv
        spec = json.loads(sys.stdin.read())
        print(json.dumps(asyncio.run(_child(spec["name"], spec["base_url"], spec["keys"]))))
        return
    import subprocess

    results: dict[str, list[dict[str, float]]] = {name: [] for name in CLIENTS}
    with BenchServer.start("emulator", latency=LATENCY) as server:
        keys = server.create_profiles(args.keys)
        for round_index in range(args.rounds):
            names = list(CLIENTS)
            names = names[round_index % 3 :] + names[: round_index % 3]
            for name in names:
                spec = json.dumps({"name": name, "base_url": server.base_url, "keys": keys})
                out = subprocess.run(
                    [sys.executable, __file__, "--child"],
                    input=spec,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[name].append(json.loads(out.splitlines()[-1]))
                print(f"  round {round_index + 1} {name}: {results[name][-1]}", file=sys.stderr)
    ideal = args.keys / CONCURRENCY * LATENCY
    rows = []
    for name, runs in results.items():
        cpu = [run["cpu"] / args.keys * 1000 for run in runs]
        ratio = [run["wall"] / ideal for run in runs]
        rows.append(
            [
                name,
                f"{statistics.median(cpu):.2f} ({min(cpu):.2f}-{max(cpu):.2f})",
                f"{statistics.median(ratio):.2f} ({min(ratio):.2f}-{max(ratio):.2f})",
            ]
        )
    print(
        f"{args.keys:,} GET /user at concurrency {CONCURRENCY} against the emulator "
        f"({LATENCY * 1000:.0f} ms), {args.rounds} alternating rounds; {machine_summary()}.\n"
    )
    print(
        markdown_table(
            ["client", "CPU ms per call, median (range)", "x ideal, median (range)"], rows
        )
    )


if __name__ == "__main__":
    main()
