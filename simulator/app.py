"""The ASGI application: admin API, request log, latency and faults around `dispatch.handle`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from simulator.admin import Controls, handle_admin, handle_notifications_admin
from simulator.dispatch import handle
from simulator.faults import Decision, Fault
from simulator.http import CATALOGI_PATH, Reply, Request
from simulator.kinds import API_VERSIONS
from simulator.latency import cost_of
from simulator.nrc import NRC_PATH, handle_nrc, resource_of
from simulator.problems import ProblemError
from simulator.registry import Registry
from simulator.requestlog import LoggedRequest
from simulator.routing import api_of_path, route

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SimulatorApp:
    def __init__(self, registry: Registry, controls: Controls, catalogi_url: str = "") -> None:
        self.registry = registry
        self.controls = controls
        self.catalogi_url = catalogi_url  # the shared catalogue this registry's zaken point at, if any
        self.t0 = time.monotonic()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        start = time.monotonic() - self.t0
        req = await _request(scope, receive, self.catalogi_url)
        if req.path.rstrip("/") == "/_admin/notifications":
            await _send(send, req, await handle_notifications_admin(self.registry.notifier, req), None)
            return
        if req.path.startswith("/_admin"):
            await _send(send, req, handle_admin(self.registry, self.controls, req), None)
            return
        decision = self.controls.faults.decide(req.path)
        nrc = req.path.startswith(NRC_PATH)
        if decision is not None and decision.fault is Fault.ERROR and req.method not in ("GET", "HEAD"):
            # an injected error on a write must not write anything (a rejected request changes nothing)
            api = api_of_path(req.path)
            headers = (("API-version", API_VERSIONS[api]),) if api is not None else ()
            reply, client, found = Reply(500, b"", headers), None, route(req.path)
        elif nrc:
            reply, client = await handle_nrc(self.registry, req)
            found = None
        else:
            reply, client, found = handle(self.registry, req)
        served = await self.controls.latency.delay(cost_of(req, reply, found), self.t0 + start)
        if decision is not None and decision.fault is Fault.ERROR:
            reply = _fault_reply(req, reply, decision)
        status = await _send(send, req, reply, decision, receive)
        end = time.monotonic() - self.t0
        log = self.controls.log
        log.add(
            LoggedRequest(
                id=log.next_id(), method=req.method, path=req.path, query=req.query_string, status=status,
                client_id=client.client_id if client else None, start=round(start, 6), end=round(end, 6),
                duration_ms=round((end - start) * 1000, 3),
                resource=found.kind.key if found and found.kind else resource_of(req.path) if nrc else None,
                api=found.api.value if found else "notificaties" if nrc else None,
                queue_ms=served.queue_ms, service_ms=served.service_ms,
                user_id=self.registry.auth.user_of(req.header("authorization")) if client else None,
            )
        )  # fmt: skip


def _fault_reply(req: Request, reply: Reply, decision: Decision) -> Reply:
    titles = {500: "Er is een serverfout opgetreden.", 502: "Bad Gateway", 503: "Service niet beschikbaar."}
    problem = ProblemError(
        decision.status, "APIException", "error", titles.get(decision.status, "Fout"), "Injected fault"
    )
    api_headers = tuple(h for h in reply.headers if h[0] == "API-version")
    return problem.reply(req.base_url, api_headers)


async def _request(scope: Scope, receive: Receive, catalogi_url: str = "") -> Request:
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", []):
        headers[raw_name.decode("latin-1").lower()] = raw_value.decode("latin-1")
    body = b""
    if scope["method"] in _BODY_METHODS:
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
    host = headers.get("host")
    if host is None:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    base_url = f"{scope.get('scheme', 'http')}://{host}/"
    if catalogi_url and body:  # a body naming the shared catalogue means our local copy of it
        body = body.replace(catalogi_url.encode(), (base_url + CATALOGI_PATH).encode())
    return Request(
        method=scope["method"],
        path=scope["path"],
        query_string=scope.get("query_string", b"").decode("latin-1"),
        headers=headers,
        base_url=base_url,
        body=body,
        catalogi_url=catalogi_url,
    )


async def _send(
    send: Send, req: Request, reply: Reply, decision: Decision | None, receive: Receive | None = None
) -> int:
    body = reply.body
    # a 304 carries no content type (like Open Zaak's, tests/captures/_probe_results.json), nor does a 204
    headers = [] if reply.status in (204, 304) else [(b"content-type", reply.content_type.encode())]
    headers += [(name.lower().encode(), value.encode()) for name, value in reply.headers]
    fault = decision.fault if decision is not None else None
    if fault is Fault.TIMEOUT:
        await _hang(receive)
        return 0
    if fault is Fault.MALFORMED:
        body = body[: max(1, len(body) // 2)] + b'<<not json>>{"'
    send_body = b"" if req.method == "HEAD" or reply.status == 304 else body
    declared = len(body) if req.method == "HEAD" else len(send_body)
    headers.append((b"content-length", str(declared).encode()))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    if fault is Fault.RESET:
        return 0  # headers only, then the connection is dropped (the server closes an incomplete response)
    if fault is Fault.TRUNCATE:
        await send(
            {"type": "http.response.body", "body": send_body[: len(send_body) // 2], "more_body": True}
        )
        return 0
    if fault is Fault.SLOW_BODY and send_body:
        step = max(1, len(send_body) // 10)
        for offset in range(0, len(send_body), step):
            await send(
                {"type": "http.response.body", "body": send_body[offset : offset + step], "more_body": True}
            )
            await asyncio.sleep(0.2)
        await send({"type": "http.response.body", "body": b""})
        return reply.status
    await send({"type": "http.response.body", "body": send_body})
    return reply.status


async def _hang(receive: Receive | None) -> None:
    """A request that never gets an answer: wait until the client gives up (or 10 minutes)."""
    if receive is None:
        return
    try:
        async with asyncio.timeout(600):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
    except TimeoutError:
        return


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
