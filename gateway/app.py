"""The ASGI application: `/graphql` (POST and GET, GraphiQL in a browser), `/healthz`, `/readyz`, and
`/notificaties`, the webhook the registries' Notificaties API delivers to."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import strawberry
from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode, parse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.types import ExecutionResult

from gateway.cache import CatalogueCache, ResourceCache
from gateway.errors import GatewayError
from gateway.notifications import CALLBACK_PATH, Notifications
from gateway.registries import Call, Registries
from gateway.settings import CONFIG_ENV, Settings, load_settings
from gateway.workers import RUN_DIR_ENV
from resolvers.context import Context, build_context

_current: contextvars.ContextVar[Context | None] = contextvars.ContextVar("zaakgraph_context", default=None)
TRACE_HEADER = "x-zaakgraph-trace"  # ask for the backend calls of a query in `extensions`
# The collector's thresholds for a gateway process. Decoding a registry's page makes thousands of dicts and
# lists at once (none in reference cycles), so CPython's default (a young collection every 700 allocations)
# runs collections all the time over a heap that holds the resource cache: in the analyst walk they took a
# quarter of the gateway's CPU. Higher thresholds let a request's cyclic garbage (graphql-core's execution
# state, the planner's callbacks) wait longer: 50,000 took the gateway under portal load to 159 MiB (330
# before requests let go of their loaders, Context.release); 10,000 keeps it at 130 (docs/performance.md).
GC_THRESHOLDS = (10_000, 10, 10)


@dataclass(slots=True)
class Services:
    """What outlives a request: made in the lifespan, closed at shutdown."""

    settings: Settings
    type_by_resource: dict[str, str]
    registries: Registries | None = None
    catalogue: CatalogueCache = field(default_factory=lambda: CatalogueCache(0, 0))
    cache: ResourceCache = field(default_factory=lambda: ResourceCache(0, 0))
    notifications: Notifications | None = None


@functools.lru_cache(maxsize=256)
def _operation_count(query: str | None) -> int:
    if not query:
        return 0
    try:
        document = parse(query)
    except GraphQLError:
        return 0  # the syntax error is reported by the normal path
    return sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)


def _error_code(error: dict[str, Any], has_data: bool) -> str:
    message = str(error.get("message", ""))
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if message.startswith("Variable '$") or "got invalid value" in message:
        return "BAD_USER_INPUT"
    if "path" not in error and not has_data:
        return "GRAPHQL_VALIDATION_FAILED"
    return "INTERNAL_SERVER_ERROR"


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, schema: strawberry.Schema, services: Services) -> None:
        super().__init__(schema, graphql_ide="graphiql" if services.settings.graphiql else None)
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        response: Response
        try:
            response = await self.run(Request(scope=scope, receive=receive))
            context = _current.get()
            if context is not None:
                await context.settle()  # no backend call of a request outlives its answer
        except HTTPException as exc:  # strawberry answers these in plain text; we answer GraphQL errors
            body = {"errors": [{"message": exc.reason, "extensions": {"code": "BAD_REQUEST"}}]}
            response = JSONResponse(body, status_code=exc.status_code)
        finally:
            context = _current.get()
            if context is not None:
                context.release()
                _current.set(None)
        await response(scope, receive, send)

    async def execute_operation(
        self,
        request: Any,
        request_adapter: Any,
        request_data: Any,
        context: Context,
        root_value: Any,
        sub_response: Any,
    ) -> Any:
        single = not isinstance(request_data, list)
        if single and request_data.operation_name is None and _operation_count(request_data.query) > 1:
            # The GraphQL spec: a document with several operations needs an operationName. Strawberry
            # would silently run the first one.
            raise HTTPException(400, "Must provide operation name if query contains multiple operations.")
        return await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )

    async def get_context(self, request: Any, response: Any) -> Context:
        services = self.services
        assert services.registries is not None, "the lifespan has not started"
        principal_header = services.settings.principal_header
        principal = request.headers.get(principal_header, "") if principal_header else ""
        context = build_context(
            services.settings,
            services.registries,
            services.catalogue,
            services.type_by_resource,
            services.cache,
            principal.strip(),
        )
        _current.set(context)
        return context

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        context = _current.get()
        if context is not None and context.extra_errors:
            result.errors = [*(result.errors or []), *context.extra_errors]
        response = process_result(result)
        errors = response.get("errors")
        if errors:
            has_data = response.get("data") is not None
            for error in errors:
                assert isinstance(error, dict)
                extensions = error.setdefault("extensions", {})
                if "code" not in extensions:
                    extensions["code"] = _error_code(error, has_data)
        if context is not None and context.stale:
            # Always sent: a client must be able to tell the registry's answer of now from one kept for it.
            response["extensions"] = {**(response.get("extensions") or {}), "stale": list(context.stale)}
        asked = request.headers.get(TRACE_HEADER, "").strip().lower() in ("1", "true", "yes", "on")
        if context is not None and (self.services.settings.debug or asked):
            response["extensions"] = {**(response.get("extensions") or {}), "backend": _trace(context)}
        return response


def _trace(context: Context) -> dict[str, Any]:
    """The backend calls of one query: what it cost and why (sent when asked, or always in debug)."""
    calls = context.calls
    registries: dict[str, dict[str, Any]] = {}
    for call in calls:
        entry = registries.setdefault(call.registry, {"requests": 0, "ms": 0.0, "hops": 0})
        entry["requests"] += 1
        entry["ms"] += call.ms
        entry["hops"] = max(entry["hops"], call.hop)
    for plan in context.plans:  # what the planner chose per registry, and its estimated cost
        entry = registries.setdefault(plan["registry"], {"requests": 0, "ms": 0.0, "hops": 0})
        entry.setdefault("plan", []).append(plan)
    return {
        "requests": len(calls),
        "rounds": _rounds(calls),
        # causal depth: the longest chain of calls each asked with what the one before it answered
        "hops": max((call.hop for call in calls), default=0),
        "registries": {name: {**e, "ms": round(e["ms"], 1)} for name, e in registries.items()},
        "calls": [
            {
                "registry": c.registry,
                "method": c.method,
                "url": c.url,
                "status": c.status,
                "ms": round(c.ms, 1),
                "hop": c.hop,
            }
            for c in calls
        ],
        # collections whose requests fail at once now, per registry (gateway/breaker.py)
        "breakersOpen": {c.name: opened for c in context.registries.clients if (opened := c.breakers.open())},
        "catalogueCache": {"hits": context.cache_hits, "misses": context.cache_misses},
        "resourceCache": {
            "hits": context.resource_hits,
            "revalidated": context.resource_revalidated,
            "misses": context.resource_misses,
            # list pages the request took from a prefetch (asked after the request before it), and the
            # pages of the next window it had asked (a client paging with `after`)
            "prefetched": context.prefetched,
            "prefetching": context.prefetching,
        },
    }


def _rounds(calls: list[Call]) -> int:
    """Sequential rounds: the longest chain of calls each started after the one before it had ended."""
    ordered = sorted(calls, key=lambda c: c.started)
    depth: list[int] = []
    for i, call in enumerate(ordered):
        before = [depth[j] for j in range(i) if ordered[j].started + ordered[j].ms / 1000 <= call.started]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)


async def _healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


def _readyz(services: Services) -> Any:
    async def readyz(_: Request) -> Response:
        assert services.registries is not None
        results = await asyncio.gather(*(_probe(client) for client in services.registries.clients))
        report = dict(zip((c.name for c in services.registries.clients), results, strict=True))
        ready = all(value == "ok" for value in report.values())
        body: dict[str, Any] = {"status": "ready" if ready else "not ready", "registries": report}
        if services.notifications is not None and services.notifications.subscriptions:
            # Not part of readiness: without notifications the gateway still answers, it revalidates.
            body["notifications"] = services.notifications.report()
        return JSONResponse(body, status_code=200 if ready else 503)

    return readyz


async def _probe(client: Any) -> str:
    """A registry is ready when one list call on one of its APIs, with our credentials, succeeds."""
    api, root = next(iter(client.roots.items()))
    probe = {"zaken": "zaken", "documenten": "enkelvoudiginformatieobjecten", "besluiten": "besluiten"}
    try:
        await client.request("GET", root + probe.get(api, "catalogussen"))
    except GatewayError as exc:
        return f"{exc.extensions['code']}: {exc}"
    return "ok"


def _callback(services: Services) -> Any:
    async def callback(request: Request) -> Response:
        assert services.notifications is not None, "the lifespan has not started"
        return await services.notifications.receive(request)

    return callback


def create_app(settings: Settings) -> Starlette:
    from schema import TYPE_BY_RESOURCE, build_schema  # the composition root wires schema to services

    services = Services(settings, dict(TYPE_BY_RESOURCE))

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        services.registries = Registries.from_settings(settings)
        services.catalogue = CatalogueCache(settings.catalogue_cache_entries, settings.catalogue_cache_ttl_s)
        services.cache = ResourceCache(
            settings.resource_cache_mb,
            settings.resource_cache_ttl_s,
            settings.revalidate_after_s,
            prefetch_ttl_s=settings.prefetch_ttl_s,
            stale_if_error_s=settings.stale_if_error_s,
        )
        run_dir = os.environ.get(RUN_DIR_ENV)
        services.notifications = Notifications(
            settings,
            services.registries,
            services.cache,
            services.catalogue,
            Path(run_dir) if run_dir else None,
        )
        await services.notifications.start()
        gc.set_threshold(*GC_THRESHOLDS)
        gc.freeze()  # what startup made (modules, the schema) lives as long as the process: never scanned
        try:
            yield
        finally:
            await services.notifications.stop()
            services.cache.prefetched.close()
            await services.registries.aclose()

    graphql_app = GraphQLApp(build_schema(), services)
    routes = [
        Route("/graphql", graphql_app),  # other methods: a JSON 405 from the GraphQL app itself
        Route("/healthz", _healthz),
        Route("/readyz", _readyz(services)),
        Route(CALLBACK_PATH, _callback(services), methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def app_from_env() -> Starlette:
    """uvicorn factory for `zaakgraph serve --workers N`: each worker reads the same settings file."""
    path = os.environ.get(CONFIG_ENV)
    return create_app(load_settings(Path(path) if path else None))
