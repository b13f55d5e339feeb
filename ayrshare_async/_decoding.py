"""Reading a response body whole and undoing its Content-Encoding, the same way on every backend.

The backends hand over the body as it came off the wire; decoding happens here once, with the
``brotli`` C bindings and ``zlib``, so a corrupt or cut-short compressed body fails the same way
whatever sent the request (httpx would pick ``brotlicffi`` when installed, aiohttp its own choice).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import brotli
import httpx

from ._headers import header_value

__all__ = ["BodyDecodingError", "decode", "read_body"]


class BodyDecodingError(Exception):
    """The body's Content-Encoding could not be undone: the compressed data is corrupt or cut short."""


async def read_body(response: httpx.Response) -> bytes:
    """Read ``response`` whole, close it, and keep the decoded body as its ``content``.

    Transport failures while reading (a connection dropped mid-body) raise as httpx's classes.
    """
    stream = response.stream
    response.is_stream_consumed = response.is_closed = True
    if type(stream) is httpx.ByteStream:  # in memory already: nothing to iterate or to close
        raw = b"".join(stream)
    elif isinstance(stream, httpx.AsyncByteStream):
        try:
            raw = b"".join([part async for part in stream])
        finally:
            await stream.aclose()
    else:
        try:
            raw = b"".join(stream)
        finally:
            stream.close()
    content = decode(raw, header_value(response.headers, b"content-encoding"))
    response._content = content  # what response.read() would store: .content, .json() work
    return content


def decode(raw: bytes, content_encoding: str | None) -> bytes:
    """``raw`` with every coding of ``content_encoding`` undone, last applied first.

    Codings this SDK does not ask for (it sends ``Accept-Encoding: br, gzip, deflate``) are left as
    they are, as httpx does.
    """
    if not content_encoding or not raw:
        return raw
    for coding in reversed(content_encoding.split(",")):
        decoder = _DECODERS.get(coding.strip().lower())
        if decoder is not None:
            raw = decoder(raw)
    return raw


def _brotli(raw: bytes) -> bytes:
    try:
        decoded: bytes = brotli.decompress(raw)
    except brotli.error as exc:
        raise BodyDecodingError(f"br body is corrupt or cut short: {exc}") from exc
    return decoded


def _zlib(raw: bytes, wbits: int, name: str) -> bytes:
    decompressor = zlib.decompressobj(wbits)
    try:
        decoded = decompressor.decompress(raw) + decompressor.flush()
    except zlib.error as exc:
        raise BodyDecodingError(f"{name} body is corrupt: {exc}") from exc
    if not decompressor.eof:
        raise BodyDecodingError(f"{name} body is cut short")
    return decoded


def _gzip(raw: bytes) -> bytes:
    return _zlib(raw, zlib.MAX_WBITS | 16, "gzip")


def _deflate(raw: bytes) -> bytes:
    """``deflate`` is zlib-wrapped by the standard, raw by some servers: both are read."""
    try:
        return _zlib(raw, zlib.MAX_WBITS, "deflate")
    except BodyDecodingError:
        return _zlib(raw, -zlib.MAX_WBITS, "deflate")


_DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "br": _brotli,
    "gzip": _gzip,
    "x-gzip": _gzip,
    "deflate": _deflate,
    "identity": lambda raw: raw,
}
