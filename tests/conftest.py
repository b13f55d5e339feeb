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
