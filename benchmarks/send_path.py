"""httpx.AsyncClient.send against the SDK's own send, on an in-memory transport that answers at once.

The same request shape each time, a 1.2 KB brotli JSON body (the emulator's GET /user answer
shape), alternating rounds; what is left is the per-send cost of each path (docs/transport.md).

    .venv/bin/python benchmarks/send_path.py [--rounds 11] [--sends 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import time

import brotli
import httpx

from ayrshare_async._decoding import read_body

BODY = brotli.compress(
    json.dumps({"displayNames": [{"platform": "x", "created": "2026-11-23T11:22:42.844Z"}] * 12})
    .encode()
    .ljust(1200)
)
HEADERS = [(b"content-type", b"application/json"), (b"content-encoding", b"br")]


class _Instant(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=HEADERS, stream=httpx.ByteStream(BODY), request=request)


async def main(rounds: int, sends: int) -> None:
    transport = _Instant()
    client = httpx.AsyncClient(transport=transport)
    url = httpx.URL("http://127.0.0.1:1/api/user")

    async def sdk_send(request: httpx.Request) -> httpx.Response:
        """What the SDK's send stage does per attempt: the transport, then one read and decode."""
        response = await transport.handle_async_request(request)
        response.request = request
        await read_body(response)
        return response

    paths = {"httpx.AsyncClient.send": client.send, "transport + read_body (the SDK)": sdk_send}
    results: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(rounds):
        for name, send in paths.items():
            gc.collect()
            started = time.process_time()
            for _ in range(sends):
                response = await send(httpx.Request("GET", url, headers={"accept": "*/*"}))
                assert response.json()
            results[name].append((time.process_time() - started) / sends * 1e6)
    print("| send | us per send, median (min) |\n|---|---:|")
    for name, values in results.items():
        print(f"| `{name}` | {statistics.median(values):.1f} ({min(values):.1f}) |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--sends", type=int, default=3000)
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.sends))
