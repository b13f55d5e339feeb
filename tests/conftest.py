"""Shared test set-up: pytester runs user-style test files in a subprocess (entry-point plugins load)."""

from collections.abc import AsyncIterator

import httpx
import pytest
from _route_cases import API_KEY, BASE, TLS

from ayrshare_async import AsyncAyrshare

pytest_plugins = ["pytester", "_redis"]


@pytest.fixture
async def client() -> AsyncIterator[AsyncAyrshare]:
    """The route tests' client: no retries, a real httpx transport for respx to intercept."""
    transport = httpx.AsyncHTTPTransport(verify=TLS)
    async with AsyncAyrshare(
        api_key=API_KEY, base_url=BASE, max_retries=0, transport=transport
    ) as c:
        yield c


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the slow subprocesses (type checkers, the docs build) of the selected test modules
    now, so they run on the other core while the rest of the suite runs."""
    started = set()
    for item in session.items:
        module = getattr(item, "module", None)
        start = getattr(module, "start_in_background", None)
        if start is not None and module not in started:
            started.add(module)
            start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    import _background

    _background.reap()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The docs' code blocks: how many run as programs (tests/test_docs.py), how many are fragments."""
    from _docs_blocks import all_blocks

    blocks = all_blocks()
    fragments = sum(block.is_fragment for block in blocks)
    terminalreporter.write_line(
        f"docs code blocks: {len(blocks) - fragments} run as programs, "
        f"{fragments} marked as fragments, {len(blocks)} in all"
    )
