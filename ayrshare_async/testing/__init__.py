"""The embedded Ayrshare emulator: test code that talks to Ayrshare without the real API.

``AyrshareEmulator`` is an in-memory, stateful model of the API (profiles, linked networks, posts,
history, auto-schedules, rate limits, compression) with fault injection. Use it in-process through
``emulator.transport()``, over HTTP with ``serve_in_thread(emulator)`` or
``python -m ayrshare_async.testing serve``, or in pytest through the ``ayrshare_emulator`` fixture.
This package depends on nothing else in ``ayrshare_async``; see ``docs/testing.md``.
"""

from ._asgi import EmulatorASGIApp
from ._clock import Clock, ManualClock, MonotonicClock
from ._emulator import DEFAULT_NETWORKS, AyrshareEmulator
from ._faults import Faults
from ._limits import WindowReport
from ._log import RequestLog, RequestRecord
from ._server import UvicornMissingError, serve_forever, serve_in_thread
from ._transport import EmulatorTransport

__all__ = [
    "DEFAULT_NETWORKS",
    "AyrshareEmulator",
    "Clock",
    "EmulatorASGIApp",
    "EmulatorTransport",
    "Faults",
    "ManualClock",
    "MonotonicClock",
    "RequestLog",
    "RequestRecord",
    "UvicornMissingError",
    "WindowReport",
    "serve_forever",
    "serve_in_thread",
]
