"""The embedded Ayrshare emulator: test code that talks to Ayrshare without the real API.

``AyrshareEmulator`` is an in-memory, stateful model of the API (profiles, linked networks, posts,
history, auto-schedules, rate limits, compression, signed webhook deliveries) with fault
injection. Use it in-process through ``emulator.transport()``, over HTTP with
``serve_in_thread(emulator)`` or ``python -m ayrshare_async.testing serve``, or in pytest through
the ``ayrshare_emulator`` fixture.
This package depends on nothing else in ``ayrshare_async``; see ``docs/testing.md``.
"""

from ._asgi import EmulatorASGIApp
from ._clock import Clock, ManualClock, MonotonicClock
from ._emulator import DEFAULT_NETWORKS, AyrshareEmulator
from ._faults import Faults
from ._limits import WindowReport
from ._log import RequestLog, RequestRecord
from ._server import UvicornMissingError, serve_app_in_thread, serve_forever, serve_in_thread
from ._transport import EmulatorTransport
from ._webhook_policy import DeliveryAttempt, WebhookDelivery, WebhookPolicy
from ._webhooks import EmulatorWebhooks

__all__ = [
    "DEFAULT_NETWORKS",
    "AyrshareEmulator",
    "Clock",
    "DeliveryAttempt",
    "EmulatorASGIApp",
    "EmulatorTransport",
    "EmulatorWebhooks",
    "Faults",
    "ManualClock",
    "MonotonicClock",
    "RequestLog",
    "RequestRecord",
    "UvicornMissingError",
    "WebhookDelivery",
    "WebhookPolicy",
    "WindowReport",
    "serve_app_in_thread",
    "serve_forever",
    "serve_in_thread",
]
