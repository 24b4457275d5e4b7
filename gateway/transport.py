"""The HTTP engine under our httpx clients: httpx's transport interface on aiohttp's connection pool.

Stock httpx 0.28 / httpcore 1.0 spends 1.8-3.4 ms of CPU per request at fan-out and squeezes a burst onto a
few connections (shared research/http-client-cpu.md); aiohttp's pool costs a fraction of that. `Transport`
is an `httpx.AsyncBaseTransport` over one aiohttp session, so every httpx client of ours (the registry
clients, the Notificaties client, the benchmarks' REST clients) speaks httpx and runs on aiohttp.

The registry clients, which make nearly all backend requests, skip `httpx.AsyncClient` and httpx's models:
they call `Transport.exchange` with a URL, headers and a body of their own (`RegistryClient._exchange`).
The client's layers (header merging, the cookie jar, auth and redirect flows) cost more CPU than the
transport at fan-out, and a registry client uses none of them (its auth is the JWT header it sets, it never
follows a redirect, it keeps no cookies); building an `httpx.Request` parses and quotes its URL character by
character (20-45 µs a request, a fifth of what the gateway spends on one: docs/performance.md), and an
`httpx.Response` copies the headers once more. Their errors are still httpx's. For the same reason the aiohttp session keeps no cookies either, and the read timeout is
not aiohttp's (rescheduled on every chunk received) but one `asyncio.timeout` around the whole exchange,
set by the caller (`RegistryClient`) or from the request's httpx timeout here.

Errors come out as httpx's: the class is picked by the aiohttp exception's MRO, most specific first (a
refused connection is a ConnectError, a server that hangs up a RemoteProtocolError, a timeout ReadTimeout).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, NamedTuple

import aiohttp
import httpx
import yarl

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


def _mapped(exc: Exception) -> httpx.TransportError | None:
    for cls in type(exc).__mro__:
        error = _EXCEPTIONS.get(cls)
        if error is not None:
            return error(str(exc) or type(exc).__name__)
    return None


class Answer(NamedTuple):
    """A registry's answer as the registry clients read it."""

    status: int
    headers: Mapping[str, str]  # case-insensitive (aiohttp's CIMultiDictProxy)
    raw: Any  # the headers as sent, for an httpx.Response
    content: bytes  # the whole body, decoded from any content-encoding


class Transport(httpx.AsyncBaseTransport):
    """httpx requests over one aiohttp session (made lazily, inside the running event loop)."""

    def __init__(self, max_connections: int, connect_timeout_s: float) -> None:
        self._limit = max_connections
        self._timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout_s, sock_read=None)
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._limit, keepalive_timeout=30),
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=self._timeout,
            trust_env=False,
            headers={"User-Agent": "zaakgraph"},  # what a registry's access log shows
        )
        return self._session

    async def exchange(
        self,
        method: str,
        url: yarl.URL,
        headers: Mapping[str, str] | list[tuple[str, str]],
        body: bytes | None,
    ) -> Answer:
        """One whole exchange, body read; aiohttp's errors come out as httpx's. The registry clients call
        this directly, with a URL they have built: no `httpx.Request` to parse and quote the URL again (the
        larger part of what httpx's models cost per request), no `httpx.Response` to build."""
        session = self._session or self._open()
        try:
            async with session.request(
                method, url, headers=headers, data=body, allow_redirects=False, compress=False
            ) as answer:
                content = await answer.read()
                return Answer(answer.status, answer.headers, answer.raw_headers, content)
        except httpx.HTTPError:
            raise
        except Exception as exc:
            error = _mapped(exc)
            if error is None:
                raise
            raise error from exc

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """The httpx transport interface (the Notificaties client, the benchmarks' REST clients)."""
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
        body = request.content or None  # a request built with `content=` (all of ours) holds its body
        read = request.extensions.get("timeout", {}).get("read")
        url = yarl.URL(str(request.url), encoded=True)  # httpx has encoded it already
        try:
            async with asyncio.timeout(read):
                answer = await self.exchange(request.method, url, headers, body)
        except TimeoutError as exc:
            raise httpx.ReadTimeout(str(exc) or "TimeoutError") from exc
        return httpx.Response(
            answer.status, headers=_without_encoding(answer.raw), content=answer.content, request=request
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _without_encoding(raw: Any) -> list[tuple[bytes, bytes]]:
    """aiohttp has decoded the body already: httpx must not decode it again (nor trust its length)."""
    return [(k, v) for k, v in raw if k.lower() not in (b"content-encoding", b"content-length")]


def make_http_client(max_connections: int, connect_timeout_s: float, timeout_s: float) -> httpx.AsyncClient:
    """One long-lived client on our transport (the registries use the transport directly: RegistryClient)."""
    return httpx.AsyncClient(
        transport=Transport(max_connections, connect_timeout_s),
        timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s, pool=timeout_s),
        follow_redirects=False,  # a redirect could leave the registry: never followed
    )
