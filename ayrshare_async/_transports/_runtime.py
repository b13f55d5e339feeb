"""What the running process offers a backend: the async library in use, a usable aiohttp."""

from __future__ import annotations

__all__ = ["aiohttp_usable", "current_async_library"]


def aiohttp_usable() -> bool:
    """aiohttp 3.11 or newer is importable: the first whose session lets its own retry of
    requests on a reused connection be turned off (``_retry_connection``)."""
    try:
        import aiohttp
    except ImportError:
        return False
    major, minor = (int(part) for part in aiohttp.__version__.split(".")[:2])
    return (major, minor) >= (3, 11) and "_retry_connection" in getattr(
        aiohttp.ClientSession, "ATTRS", ()
    )


def current_async_library() -> str:
    try:
        import sniffio
    except ImportError:  # trio depends on sniffio, so without it the loop is asyncio's
        return "asyncio"
    name: str = sniffio.current_async_library()
    return name
