"""``SerialThread``: one thread of its own that runs blocking calls one at a time, in order, for
whichever event loop (asyncio or trio) awaits them.

Why not ``anyio.to_thread.run_sync``: under a busy event loop each of its calls makes the worker
take the GIL many times over (its queue, limiter and hand-back are Python code), and each time can
wait out a whole switch interval; here the thread takes it to start the call, after the call's
own blocking part, and to hand the result back (one ``call_soon_threadsafe``), so a journal's
commit comes back sooner and costs the event loop less (docs/benchmarks.md, "Durable jobs").
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import anyio

from .._loops import running_loop

__all__ = ["SerialThread"]

R = TypeVar("R")


class _Call(Generic[R]):
    __slots__ = ("args", "done", "error", "function", "loop", "result")

    def __init__(self, function: Callable[..., R], args: tuple[Any, ...]) -> None:
        self.function = function
        self.args = args
        self.loop = running_loop()
        self.done = anyio.Event()
        self.result: R | None = None
        self.error: BaseException | None = None

    def hand_back(self) -> None:
        """Wake the caller on its own loop; nothing to wake once that loop has ended."""
        loop = self.loop
        try:
            if hasattr(loop, "call_soon_threadsafe"):
                loop.call_soon_threadsafe(self.done.set)
            else:
                loop.run_sync_soon(self.done.set)  # a trio token
        except RuntimeError:  # asyncio's loop closed, trio's RunFinishedError
            pass


class _Unwaited(_Call[Any]):
    """A call nobody waits for (``SerialThread.submit``): nothing to hand back."""

    __slots__ = ()

    def __init__(self, function: Callable[..., object], args: tuple[Any, ...]) -> None:
        self.function = function
        self.args = args

    def hand_back(self) -> None:
        pass


class SerialThread:
    """Runs ``function(*args)`` in a daemon thread started on first use, one call after another in
    the order given. A caller cancelled while waiting stops waiting; its call still runs."""

    __slots__ = ("_calls", "_lock", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._calls: queue.SimpleQueue[_Call[Any] | None] | None = None
        """The running thread's calls (None: no thread)."""
        self._lock = threading.Lock()

    async def run(self, function: Callable[..., R], *args: Any) -> R:
        call = _Call(function, args)
        self._queue().put(call)
        await call.done.wait()
        if call.error is not None:
            raise call.error
        return call.result  # type: ignore[return-value]

    def submit(self, function: Callable[..., object], *args: Any) -> None:
        """Run ``function(*args)`` after the calls given so far, without waiting for it; what it
        raises is dropped, so give it only work that a later, waited-for call redoes (and
        reports) when it failed."""
        self._queue().put(_Unwaited(function, args))

    def stop(self) -> None:
        """End the thread once the calls given so far have run (a later ``run`` starts another)."""
        with self._lock:
            if self._calls is not None:
                self._calls.put(None)
                self._calls = None

    def _queue(self) -> queue.SimpleQueue[_Call[Any] | None]:
        with self._lock:
            if self._calls is None:
                self._calls = queue.SimpleQueue()
                thread = threading.Thread(
                    target=_serve, args=(self._calls,), name=self._name, daemon=True
                )
                thread.start()
            return self._calls


def _serve(calls: queue.SimpleQueue[_Call[Any] | None]) -> None:
    while (call := calls.get()) is not None:
        try:
            call.result = call.function(*call.args)
        except BaseException as exc:  # handed to the caller, who raises it
            call.error = exc
        call.hand_back()
