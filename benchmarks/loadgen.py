"""A lean HTTP/1.1 load generator: one keep-alive connection per client, as wrk does it.

Why it exists: the throughput benchmark (benchmarks/throughput.py) runs its clients on the same two cores
as the gateway and the simulator, so every bit of CPU the clients spend on a query is taken from the
gateway, most of all from two uvicorn workers, which need both cores. Through aiohttp
(`gateway.transport.Transport`) a query cost the clients 0.17-0.26 ms of CPU: a connection pool, request
and response objects, header multidicts, a streaming payload reader. At ~750 q/s that is about a fifth of
a core. This client does only what the benchmark needs. A request's bytes are built once per body and
written as they are. The answer is its status and body bytes, read by an `asyncio.Protocol` (no stream
reader, no task per read) that looks only at the headers that frame it.

What it speaks: HTTP/1.1 over plain TCP, one request at a time per connection (no pipelining). The body's
length comes from Transfer-Encoding: chunked (which wins over Content-Length, RFC 9112 6.3), from
Content-Length, or from the server closing the connection. After `Connection: close`, an HTTP/1.0 answer or
EOF, the next request opens a new connection. A request that finds its reused connection closed before any
answer byte arrived is sent once more on a new one (the server's keep-alive timeout raced it). Each exchange
has a timeout, after which its connection is closed (its state is unknown). It does no TLS, redirects or
compression (no Accept-Encoding is sent), and takes no 1xx answers (we never send Expect).

    .venv/bin/python -m benchmarks.loadgen [--queries 5000] [--clients 20] [--chunked]

runs the same load through aiohttp and through this client against a small uvicorn app serving a fixed
~20 KB JSON answer, and prints the CPU ms per query of this process for each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import orjson
import yarl

from gateway.testing import free_port, wait_until_healthy
from gateway.transport import Transport


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes


class BadAnswer(ConnectionError):
    """The server sent bytes that are not an HTTP/1.1 answer this client reads."""


class Disconnected(ConnectionError):
    """The server closed the connection before its answer was whole."""

    def __init__(self, started: bool) -> None:
        super().__init__(
            "the server closed the connection " + ("mid-answer" if started else "before answering")
        )
        self.started = started  # any byte of the answer arrived


@dataclass(frozen=True, slots=True)
class Target:
    host: str
    port: int
    path: str  # with the query string, as sent on the request line

    @classmethod
    def parse(cls, url: str) -> Target:
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"not a plain http:// URL: {url!r}")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return cls(parts.hostname, parts.port or 80, path)

    def post(self, body: bytes) -> bytes:
        """The whole request for `body`, built once and sent as it is for every query with that body."""
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return head.encode("ascii") + body


_UNTIL_CLOSE = -1  # no Content-Length, not chunked: the body ends when the server closes the connection


class _Reader(asyncio.Protocol):
    """One connection's answers, parsed as their bytes arrive; `answer` is the one being read."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.answer: asyncio.Future[Reply] | None = None
        self.lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.served = 0  # answers read whole on this connection
        self._buffer = bytearray()
        self._status = 0  # 0: the head of the answer has not arrived whole
        self._length = 0  # the body's Content-Length, or _UNTIL_CLOSE
        self._chunked = False
        self._chunks = bytearray()
        self._keep_alive = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)

    def is_open(self) -> bool:
        """Neither side has closed the connection (the server's EOF closes our end as well)."""
        return self.transport is not None and not self.transport.is_closing()

    def send(self, request: bytes) -> asyncio.Future[Reply]:
        assert self.transport is not None and self.answer is None
        self.answer = self.lost.get_loop().create_future()
        self.transport.write(request)
        return self.answer

    def data_received(self, data: bytes) -> None:
        if self.answer is None:
            self.close()  # bytes nobody asked for: the connection's state is unknown
            return
        self._buffer += data
        try:
            self._advance()
        except (ValueError, IndexError) as exc:
            self._fail(BadAnswer(f"unreadable answer: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.answer is not None and not self.answer.done():
            if self._status and self._length == _UNTIL_CLOSE and not self._chunked:
                self._finish(bytes(self._buffer))  # a close-delimited body: the close ends it
            else:
                self.answer.set_exception(Disconnected(started=bool(self._status or self._buffer)))
        if not self.lost.done():
            self.lost.set_result(None)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def _advance(self) -> None:
        if not self._status and not self._read_head():
            return
        if self._chunked:
            self._read_chunks()
        elif self._length != _UNTIL_CLOSE and len(self._buffer) >= self._length:
            body = bytes(self._buffer[: self._length])
            del self._buffer[: self._length]
            self._finish(body)

    def _read_head(self) -> bool:
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        lines = bytes(self._buffer[:end]).split(b"\r\n")
        del self._buffer[: end + 4]
        version, status = lines[0].split(b" ", 2)[:2]
        self._status = int(status)
        if self._status < 200:
            raise ValueError(f"a {self._status} answer (no Expect was sent)")
        self._keep_alive = version == b"HTTP/1.1"
        self._length, self._chunked = _UNTIL_CLOSE, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == b"content-length":
                self._length = int(value)
            elif name == b"transfer-encoding":
                self._chunked = value.endswith(b"chunked")
            elif name == b"connection" and b"close" in value:
                self._keep_alive = False
            elif name == b"connection" and b"keep-alive" in value:
                self._keep_alive = True  # an HTTP/1.0 server may keep the connection open when asked
        if self._status in (204, 304):
            self._length, self._chunked = 0, False  # never a body
        return True

    def _read_chunks(self) -> None:
        """Each chunk is `<hex size>[;extensions]\\r\\n<size bytes>\\r\\n`; size 0, then trailers, ends it."""
        while (end := self._buffer.find(b"\r\n")) >= 0:
            size = int(bytes(self._buffer[:end]).split(b";", 1)[0], 16)
            if size == 0:
                last = self._buffer.find(b"\r\n\r\n", end)  # at `end` itself when there are no trailers
                if last < 0:
                    return
                del self._buffer[: last + 4]
                body = bytes(self._chunks)
                self._chunks.clear()
                self._finish(body)
                return
            if len(self._buffer) < end + 2 + size + 2:
                return
            if self._buffer[end + 2 + size : end + 4 + size] != b"\r\n":
                raise ValueError("a chunk not ended by CRLF")
            self._chunks += self._buffer[end + 2 : end + 2 + size]
            del self._buffer[: end + 4 + size]

    def _finish(self, body: bytes) -> None:
        assert self.answer is not None
        if not self.answer.done():  # not cancelled by the caller's timeout
            self.answer.set_result(Reply(self._status, body))
        self.answer, self._status = None, 0
        self.served += 1
        if not self._keep_alive or self._buffer:  # bytes nobody asked for: the connection's state is unknown
            self.close()

    def _fail(self, error: Exception) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(error)
        self.close()


class Client:
    """One client's keep-alive connection to `target`, opened on first use and again after a close."""

    def __init__(self, target: Target, timeout_s: float) -> None:
        self.target = target
        self.timeout_s = timeout_s
        self._reader: _Reader | None = None

    async def exchange(self, request: bytes) -> Reply:
        """Sends `request` (from `Target.post`) and reads the whole answer, within `timeout_s`."""
        try:
            async with asyncio.timeout(self.timeout_s):
                reader = await self._connection()
                try:
                    return await reader.send(request)
                except Disconnected as exc:
                    if exc.started or not reader.served:
                        raise
                return await (await self._connection()).send(request)  # the keep-alive timeout raced us
        except BaseException:
            if self._reader is not None and self._reader.answer is not None:  # timed out or cancelled
                self._reader.close()
                self._reader = None
            raise

    async def aclose(self) -> None:
        if self._reader is not None:
            self._reader.close()
            await self._reader.lost
            self._reader = None

    async def _connection(self) -> _Reader:
        if self._reader is None or not self._reader.is_open():
            loop = asyncio.get_running_loop()
            _, self._reader = await loop.create_connection(_Reader, self.target.host, self.target.port)
        return self._reader


# --- the comparison: this client against aiohttp, on one small local server --------------------------------


async def fixed_answer(scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:  # fmt: skip
    """An ASGI app answering every request with the same ~20 KB JSON after LOADGEN_DELAY_MS (so that queries
    arrive one by one, as from the gateway, not in batches that one event loop pass serves), chunked if
    LOADGEN_CHUNKED is set (without a Content-Length, uvicorn frames the body in chunks)."""
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    await asyncio.sleep(float(os.environ.get("LOADGEN_DELAY_MS") or 0) / 1000)
    body = _fixed_body()
    headers = [(b"content-type", b"application/json")]
    if not os.environ.get("LOADGEN_CHUNKED"):
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _fixed_body() -> bytes:
    nodes = [{"identificatie": f"ZAAK-{i:04}", "omschrijving": "Parkeervergunning " * 55} for i in range(20)]
    return orjson.dumps({"data": {"zaken": {"nodes": nodes}}})


async def _measure(clients: int, queries: int, ask: Callable[[int], Awaitable[tuple[int, bytes]]]) -> float:
    """CPU ms of this process per query, `queries` in all from `clients` closed-loop clients."""
    expected = _fixed_body()
    left = queries

    async def client(index: int) -> None:
        nonlocal left
        while left > 0:
            left -= 1
            status, body = await ask(index)
            if status != 200 or body != expected:
                raise SystemExit(f"a wrong answer: {status}, {len(body)} bytes")

    cpu, started = time.process_time(), time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    ms = (time.process_time() - cpu) / queries * 1000
    wall = time.perf_counter() - started
    print(f"  {queries} queries in {wall:.1f} s ({queries / wall:.0f} q/s), {ms:.3f} CPU ms/query")
    return ms


async def _compare(url: str, clients: int, queries: int) -> None:
    body = orjson.dumps({"query": "{ zaken { nodes { identificatie } } }"})
    transport = Transport(clients + 8, 10.0)
    headers = [("Content-Type", "application/json")]

    async def old(_: int) -> tuple[int, bytes]:
        answer = await transport.exchange("POST", yarl.URL(url), headers, body)
        return answer.status, answer.content

    target = Target.parse(url)
    request = target.post(body)
    pool = [Client(target, 60.0) for _ in range(clients)]

    async def new(index: int) -> tuple[int, bytes]:
        reply = await pool[index].exchange(request)
        return reply.status, reply.body

    try:
        for name, ask in (
            ("aiohttp (gateway.transport.Transport.exchange)", old),
            ("benchmarks.loadgen", new),
        ):
            print(name)
            await _measure(clients, clients * 10, ask)  # connections open, code warm
            await _measure(clients, queries, ask)
    finally:
        await transport.aclose()
        await asyncio.gather(*(c.aclose() for c in pool))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--delay-ms", type=float, default=20.0, help="the server's delay before each answer")
    parser.add_argument("--chunked", action="store_true", help="the server sends chunked bodies")
    args = parser.parse_args()
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "benchmarks.loadgen:fixed_answer", "--port", str(port),
               "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"]  # fmt: skip
    env = {
        **os.environ,
        "LOADGEN_CHUNKED": "1" if args.chunked else "",
        "LOADGEN_DELAY_MS": str(args.delay_ms),
    }
    with subprocess.Popen(command, env=env) as server:
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}", process=server)
            print(f"{args.clients} clients, {len(_fixed_body())} byte answers"
                  f"{', chunked' if args.chunked else ''}; uvicorn (uvloop, httptools) in a subprocess")  # fmt: skip
            asyncio.run(_compare(f"http://127.0.0.1:{port}/graphql", args.clients, args.queries))
        finally:
            server.terminate()


if __name__ == "__main__":
    main()
