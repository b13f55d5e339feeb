"""``AYRSHARE_LOG=info|debug``: one log line per request and per retry, on stderr.

The SDK logs to the ``ayrshare_async`` logger (standard ``logging`` configuration works as usual);
the variable only installs a handler for people who have not configured logging. Log lines name
the method, the path, the status, the attempt and the time taken; never a header, so never a key.
"""

from __future__ import annotations

import logging
import os

__all__ = ["setup_from_environment"]

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
_done = False


def setup_from_environment() -> None:
    """Install a stderr handler at the level ``AYRSHARE_LOG`` names (once per process)."""
    global _done
    if _done:
        return
    _done = True
    level = _LEVELS.get(os.environ.get("AYRSHARE_LOG", "").strip().lower())
    if level is None:
        return
    logger = logging.getLogger("ayrshare_async")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
