"""Which event loop is running, and its clock: what ``anyio`` answers, without sniffio's look-up
on every call (the per-call path asks once or twice a call)."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

__all__ = ["loop_time", "running_loop"]


def running_loop() -> Any:
    """The running event loop: asyncio's loop object, or trio's run token."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        trio = sys.modules.get("trio")
        if trio is None:
            raise
        return trio.lowlevel.current_trio_token()


def loop_time() -> tuple[Any, float]:
    """The running loop and ``anyio.current_time()`` on it."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = running_loop()  # raises unless trio is running
        return loop, sys.modules["trio"].current_time()
    return loop, loop.time()
