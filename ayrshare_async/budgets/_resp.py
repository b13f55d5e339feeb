"""A minimal Redis client on anyio streams: request, reply, nothing running in the background.

Why not a client library: redis-py's asyncio client does not run on trio, and coredis 6 (built on
anyio) keeps its connections in a task group that one parent task must hold open around every use
(``async with client:``), which an SDK client made without ``async with`` and called from any task
does not have; entering it per call costs a new connection (~1.7 ms). The store sends three kinds of
commands (EVALSHA/EVAL, AUTH, SELECT), so this module is a pool of plain connections, one command
in flight on each, with hiredis (the Redis project's C parser) reading the replies.
"""

from __future__ import annotations

import ssl
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit
from weakref import WeakKeyDictionary

import anyio
import attrs
from anyio.abc import ByteStream
from anyio.lowlevel import RunVar

from .._errors import ValidationError

__all__ = ["ConnectionLost", "RedisAddress", "RedisPool", "ServerError"]

Arg = str | bytes | int | float

_MAX_IDLE = 32
"""Idle connections kept per pool and event loop; more are closed when returned."""


class ConnectionLost(Exception):
    """The connection failed before a whole reply came back (refused, reset, closed, timed out)."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


class ServerError(Exception):
    """Redis answered with an error reply (``NOSCRIPT ...``, ``WRONGPASS ...``)."""


@attrs.frozen
class RedisAddress:
    """Where a Redis server is and how to log in (``redis://[[user]:password@]host[:port][/db]``)."""

    host: str
    port: int = 6379
    db: int = 0
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    tls: bool = False

    @classmethod
    def from_url(cls, url: str) -> RedisAddress:
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss"):
            raise ValidationError("a Redis URL starts with redis:// or rediss://")
        try:
            port = parts.port or 6379
        except ValueError:
            raise ValidationError("the Redis URL's port is not a number") from None
        path = parts.path.strip("/")
        if not parts.hostname or not (path == "" or path.isdigit()):
            raise ValidationError("a Redis URL looks like redis://host:port/db (db a number)")
        return cls(
            parts.hostname,
            port,
            int(path or 0),
            unquote(parts.username) if parts.username else None,
            unquote(parts.password) if parts.password is not None else None,
            parts.scheme == "rediss",
        )

    @property
    def location(self) -> str:
        """``redis://host:port/db``: names the server in messages, never with the password."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'rediss' if self.tls else 'redis'}://{host}:{self.port}/{self.db}"


def _hiredis() -> ModuleType:
    try:
        import hiredis
    except ImportError:  # pragma: no cover - the redis extra is in dev
        raise ValidationError(
            "a Redis rate store needs hiredis: pip install 'ayrshare-async[redis]'"
        ) from None
    return hiredis


class _Connection:
    __slots__ = ("reader", "stream")

    def __init__(self, stream: ByteStream, reader: Any) -> None:
        self.stream = stream
        self.reader = reader

    async def call(self, packed: bytes) -> Any:
        await self.stream.send(packed)
        reader = self.reader
        while (reply := reader.gets()) is False:
            reader.feed(await self.stream.receive(65536))
        return reply


_IDLE: RunVar[WeakKeyDictionary[RedisPool, list[_Connection]]] = RunVar("ayrshare_async redis")


class RedisPool:
    """Connections to one Redis server, opened on demand, one command at a time on each.

    Connections belong to the event loop run that opened them (an anyio stream cannot cross
    loops). A connection that fails or is cancelled mid-command is closed, never reused: its next
    reply could belong to the abandoned command.
    """

    __slots__ = ("__weakref__", "_hiredis", "address", "timeout")

    def __init__(self, address: RedisAddress, *, timeout: float) -> None:
        self._hiredis = _hiredis()
        self.address = address
        self.timeout = timeout

    async def call(self, *args: Arg) -> Any:
        """Send one command and return its reply. A pooled connection found closed (the server
        restarted, or dropped idle clients) is replaced; a command that timed out is not sent
        again. Raises ``ConnectionLost`` or ``ServerError``."""
        packed: bytes = self._hiredis.pack_command(args)
        idle = self._idle()
        while idle:
            connection = idle.pop()
            try:
                reply = await self._call_on(connection, packed)
            except ConnectionLost as lost:
                if lost.timed_out:
                    raise
                continue
            break
        else:
            connection = await self._connect()
            reply = await self._call_on(connection, packed)
        if len(idle) < _MAX_IDLE:
            idle.append(connection)
        else:
            await anyio.aclose_forcefully(connection.stream)
        if isinstance(reply, self._hiredis.ReplyError):
            raise ServerError(str(reply))
        return reply

    async def aclose(self) -> None:
        """Close this event loop's idle connections."""
        idle = self._idle()
        while idle:
            await anyio.aclose_forcefully(idle.pop().stream)

    async def _call_on(self, connection: _Connection, packed: bytes) -> Any:
        try:
            with anyio.fail_after(self.timeout):
                return await connection.call(packed)
        except BaseException as exc:
            await anyio.aclose_forcefully(connection.stream)
            if isinstance(exc, (OSError, anyio.EndOfStream, anyio.BrokenResourceError)):
                raise ConnectionLost(
                    _describe(exc), timed_out=isinstance(exc, TimeoutError)
                ) from None
            if isinstance(exc, self._hiredis.ProtocolError):
                raise ConnectionLost(f"unreadable reply ({exc})") from None
            raise

    async def _connect(self) -> _Connection:
        address = self.address
        try:
            with anyio.fail_after(self.timeout):
                stream: ByteStream = (
                    await anyio.connect_tcp(
                        address.host, address.port, ssl_context=ssl.create_default_context()
                    )
                    if address.tls
                    else await anyio.connect_tcp(address.host, address.port)
                )
        except OSError as exc:
            raise ConnectionLost(_describe(exc), timed_out=isinstance(exc, TimeoutError)) from None
        connection = _Connection(stream, self._hiredis.Reader(encoding="utf-8"))
        setup: list[tuple[str, ...]] = []
        if address.password is not None:
            user = () if address.username is None else (address.username,)
            setup.append(("AUTH", *user, address.password))
        if address.db:
            setup.append(("SELECT", str(address.db)))
        for command in setup:
            reply = await self._call_on(connection, self._hiredis.pack_command(command))
            if isinstance(reply, self._hiredis.ReplyError):
                await anyio.aclose_forcefully(stream)
                raise ServerError(f"{command[0]} refused: {reply}")
        return connection

    def _idle(self) -> list[_Connection]:
        try:
            pools = _IDLE.get()
        except LookupError:
            pools = WeakKeyDictionary()
            _IDLE.set(pools)
        idle = pools.get(self)
        if idle is None:
            idle = pools[self] = []
        return idle


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    if isinstance(exc, (anyio.EndOfStream, anyio.BrokenResourceError)):
        return "the server closed the connection"
    return str(exc) or type(exc).__name__
