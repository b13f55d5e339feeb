"""The backends that send the client's requests, each an ``httpx.AsyncBaseTransport``.

Whatever sends a request (aiohttp on asyncio, httpx's own pool, a caller's ``httpx.AsyncClient``),
the SDK sees one contract: ``handle_async_request(request)`` answers an ``httpx.Response`` whose body
is still Content-Encoded, and failures are httpx's exception classes. Reading and decoding the body,
classifying the answer and retrying happen once, above this layer, for every backend alike.
"""

from ._caller import CallerClientTransport
from ._select import Backend, SelectingTransport, default_transport

__all__ = ["Backend", "CallerClientTransport", "SelectingTransport", "default_transport"]
