"""The HTTP engine under our httpx clients: httpx's API on aiohttp's connection pool.

Stock httpx 0.28 / httpcore 1.0 spends 1.8-3.4 ms of CPU per request at fan-out and squeezes a burst onto a
few connections (shared research/http-client-cpu.md); httpx-aiohttp costs about 0.35 ms. Its exception
mapping picks the wrong class (a refused connection or a server disconnect both become ConnectTimeout), so
we replace it with one that picks by the exception's MRO. httpx-aiohttp is pinned for that reason.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import aiohttp
import httpx
import httpx_aiohttp.transport as _hat
from httpx_aiohttp import AiohttpTransport

# Most specific first; the first class in the raised exception's MRO that is listed here wins.
_EXCEPTIONS: dict[type[BaseException], type[httpx.TransportError]] = {
    aiohttp.ConnectionTimeoutError: httpx.ConnectTimeout,
    aiohttp.SocketTimeoutError: httpx.ReadTimeout,
    aiohttp.ServerTimeoutError: httpx.ReadTimeout,
    aiohttp.ClientConnectorError: httpx.ConnectError,
    aiohttp.ServerDisconnectedError: httpx.RemoteProtocolError,
    aiohttp.ClientPayloadError: httpx.RemoteProtocolError,
    aiohttp.ClientResponseError: httpx.RemoteProtocolError,
    aiohttp.ClientOSError: httpx.ReadError,
    aiohttp.ClientConnectionError: httpx.ConnectError,
    aiohttp.InvalidURL: httpx.UnsupportedProtocol,
    asyncio.TimeoutError: httpx.ReadTimeout,
}


@contextlib.contextmanager
def _map_exceptions() -> Iterator[None]:
    try:
        yield
    except httpx.HTTPError:
        raise
    except Exception as exc:
        for cls in type(exc).__mro__:
            mapped = _EXCEPTIONS.get(cls)
            if mapped is not None:
                raise mapped(str(exc) or type(exc).__name__) from exc
        raise


_hat.map_aiohttp_exceptions = _map_exceptions


def make_http_client(max_connections: int, connect_timeout_s: float, timeout_s: float) -> httpx.AsyncClient:
    """One long-lived client per registry; the aiohttp session is made lazily inside the running loop."""
    transport = AiohttpTransport(
        client=lambda: aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=max_connections, keepalive_timeout=30),
            trust_env=False,
        )
    )
    return httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s, pool=timeout_s),
        follow_redirects=False,  # a redirect could leave the registry: never followed
    )
