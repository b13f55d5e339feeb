"""A loopback HTTP/1.1 server whose answers are scripted, for faults the emulator cannot make.

It really resets connections (RST, via SO_LINGER 0), cuts bodies short, sends corrupt or truncated
compressed bodies and holds answers past a timeout, on keep-alive connections (where aiohttp would
repeat a request by itself). Every request is recorded with its arrival time.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["Answer", "FaultyServer", "Seen", "http_response", "serving"]


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float
    """``time.monotonic()`` when the request was read."""


@dataclass(frozen=True)
class Answer:
    """What the server does with one request: send ``raw`` (then close when ``close``), reset the
    connection, or hold it ``hold`` seconds first."""

    raw: bytes = b""
    reset: bool = False
    close: bool = False
    hold: float = 0.0


def http_response(
    body: bytes, *, status: str = "200 OK", headers: dict[str, str] | None = None
) -> bytes:
    lines = [f"HTTP/1.1 {status}", "content-type: application/json"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if "content-length" not in (headers or {}):
        lines.append(f"content-length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass
class FaultyServer:
    answer: Callable[[Seen], Answer]
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    def requests(self, path: str | None = None) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if path is None or s.path.split("?")[0] == path]

    def clear(self) -> None:
        with self.lock:
            self.seen.clear()


def _handler(server: FaultyServer) -> type[socketserver.BaseRequestHandler]:
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            try:
                stream = sock.makefile("rb")
                while request_line := stream.readline():
                    method, path, _ = request_line.decode("latin-1").split(" ", 2)
                    headers: dict[str, str] = {}
                    while (line := stream.readline()) not in (b"\r\n", b""):
                        name, value = line.decode("latin-1").split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                    body = stream.read(int(headers.get("content-length", "0")))
                    seen = Seen(method, path, headers, body, time.monotonic())
                    with server.lock:
                        server.seen.append(seen)
                    answer = server.answer(seen)
                    if answer.hold:
                        time.sleep(answer.hold)
                    if answer.reset:
                        sock.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                        )
                        sock.close()  # RST, not FIN: closed here before socketserver's shutdown
                        return
                    sock.sendall(answer.raw)
                    if answer.close:
                        return
            except OSError:
                return

    return Handler


class _Threading(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


@contextmanager
def serving(answer: Callable[[Seen], Answer]) -> Iterator[FaultyServer]:
    """Serve on 127.0.0.1 (a free port) until the block ends."""
    server = FaultyServer(answer)
    tcp = _Threading(("127.0.0.1", 0), _handler(server))
    server.port = tcp.server_address[1]
    thread = threading.Thread(target=tcp.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    try:
        yield server
    finally:
        tcp.shutdown()
        tcp.server_close()
        thread.join(5)
