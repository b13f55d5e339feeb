"""pytest plugin (registered as the ``ayrshare_async`` ``pytest11`` entry point).

Provides ``ayrshare_emulator``: a fresh :class:`~ayrshare_async.testing.AyrshareEmulator` per test.
The emulator is imported when the fixture is used, not when pytest loads the plugin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ayrshare_async.testing import AyrshareEmulator

__all__ = ["ayrshare_emulator"]


@pytest.fixture
def ayrshare_emulator() -> AyrshareEmulator:
    """A fresh in-memory Ayrshare emulator (default settings, real monotonic clock).

    Point a client at it with ``transport=ayrshare_emulator.transport()`` and
    ``api_key=ayrshare_emulator.api_key``.
    """
    from ayrshare_async.testing import AyrshareEmulator

    return AyrshareEmulator()
