"""Serving the emulator (or any ASGI app, such as a webhook receiver under test) on 127.0.0.1 with
uvicorn (the optional ``serve`` extra).

uvicorn is imported only when a server is started, so the rest of ``ayrshare_async.testing`` works
without it.
"""

from __future__ import annotations

import importlib.util
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn

    from ._emulator import AyrshareEmulator

__all__ = ["UvicornMissingError", "serve_app_in_thread", "serve_forever", "serve_in_thread"]

_INCOMPLETE_RESPONSE = "ASGI callable returned without completing response."


class UvicornMissingError(ImportError):
    """Serving over HTTP needs uvicorn: ``pip install 'ayrshare-async[serve]'``."""


class _QuietDrops(logging.Filter):
    """Hide uvicorn's error line for the connections the emulator drops on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != _INCOMPLETE_RESPONSE


_QUIET_DROPS = _QuietDrops()


def _server(app: Any, *, host: str, port: int, log_level: str) -> uvicorn.Server:
    if importlib.util.find_spec("uvicorn") is None:
        raise UvicornMissingError(
            "serving the Ayrshare emulator over HTTP needs uvicorn: "
            "pip install 'ayrshare-async[serve]'"
        )
    import uvicorn

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="off",
        ws="none",
        log_level=log_level,
        access_log=False,
        timeout_keep_alive=30,
        backlog=4096,
    )
    return uvicorn.Server(config)


@contextmanager
def serve_in_thread(
    emulator: AyrshareEmulator,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    log_level: str = "warning",
    startup_timeout: float = 10.0,
    deliver_webhooks: bool = False,
) -> Iterator[str]:
    """Serve ``emulator`` from a background thread while the ``with`` block runs; yields the base
    URL (``http://127.0.0.1:<port>/api``). ``port=0`` picks a free port. ``deliver_webhooks``
    also runs ``emulator.webhooks.start()`` for the block (otherwise a test calls
    ``await emulator.webhooks.deliver_due()``)."""
    served = serve_app_in_thread(
        emulator.asgi_app(),
        host=host,
        port=port,
        log_level=log_level,
        startup_timeout=startup_timeout,
    )
    delivering = emulator.webhooks.running() if deliver_webhooks else nullcontext()
    with served as url, delivering:
        yield f"{url}/api"


@contextmanager
def serve_app_in_thread(
    app: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    log_level: str = "warning",
    startup_timeout: float = 10.0,
) -> Iterator[str]:
    """Serve any ASGI app (e.g. the webhook receiver a test registers with the emulator) from a
    background thread while the ``with`` block runs; yields ``http://127.0.0.1:<port>``."""
    server = _server(app, host=host, port=port, log_level=log_level)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    error_log = logging.getLogger("uvicorn.error")
    error_log.addFilter(_QUIET_DROPS)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="ayrshare-emulator", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the uvicorn server did not start")
            time.sleep(0.005)
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=startup_timeout)
        sock.close()
        error_log.removeFilter(_QUIET_DROPS)


def serve_forever(
    emulator: AyrshareEmulator,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    log_level: str = "info",
) -> None:
    """Serve ``emulator`` in the foreground until interrupted (the ``serve`` command), delivering
    its webhooks from a background thread."""
    server = _server(emulator.asgi_app(), host=host, port=port, log_level=log_level)
    logging.getLogger("uvicorn.error").addFilter(_QUIET_DROPS)
    with emulator.webhooks.running():
        server.run()
