"""Gateway CPU per portal query: the stock graphql-core executor against `FastExecutionContext`, same run.

Starts the simulator (no latency) and four gateways, each in its own uvicorn process with uvloop and httptools
(as `zaakgraph serve` runs): the plain plan (`use_expand` off) with the fast executor as `build_schema()`
makes it and with Strawberry's stock execution context; the fast executor with the zaken list expanded
(`use_expand` on); and the fast executor subscribed to notifications. All keep the catalogue cache warm. A client in this process sends
sequential keep-alive POSTs of `PORTAL_QUERY` (benchmarks/portal.py) to one gateway at a time, in interleaved
rounds, and reads each server's CPU (utime + stime from /proc/<pid>/stat) before and after a round: server CPU
per request is the difference divided by the requests. `{ __typename }` gives the floor per request (HTTP,
Strawberry's view, context). Fields per query count every key of every object in `data`, null links too.

    .venv/bin/python -m benchmarks.cpu [--requests 200] [--rounds 3] [--size 200]   (from the repo root)
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, cast

import httpx
import strawberry
import uvicorn
from strawberry.extensions import MaskErrors, ParserCache, SchemaExtension, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from benchmarks.portal import PORTAL_QUERY
from gateway.app import TRACE_HEADER, create_app
from gateway.cache import CatalogueCache
from gateway.errors import should_mask
from gateway.executor import FastExecutionContext
from gateway.registries import Registries
from gateway.settings import RegistrySettings, Settings
from gateway.testing import free_port, wait_until_healthy, wait_until_subscribed
from resolvers.context import build_context
from resolvers.views import default_resolver_for
from schema import ALL_TYPES, TYPE_BY_RESOURCE
from schema.filters import ZaakFilter, ZaakOrdering
from schema.query import Query, ZaakConnection
from schema.scalars import SCALAR_OVERRIDES
from schema.tables import RESOURCE_TYPES
from simulator.testing import RunningSimulator, run_simulator

EXECUTORS = {"stock": StrawberryGraphQLCoreExecutionContext, "fast": FastExecutionContext}
# The gateway processes measured: the two executors without notifications (every object revalidated with
# If-None-Match, every list fetched: the backend requests of a query are all made), the fast one with the
# zaken list expanded, and the fast one subscribed to the simulator's notifications (a warm query is served
# from the resource cache). The plan is pinned (`use_expand`): on a registry without latency the cost model
# may choose either, and servers on different plans make different requests, which is not the comparison.
SERVERS = {"stock": "stock", "fast": "fast", "expand": "fast", "live": "fast"}
_NRC = "notificaties/api/v1/"
TRIVIAL = "{ __typename }"
_SECRET_ENV = "ZAAKGRAPH_BENCH_SECRET"  # the simulator's secret reaches the servers by environment, not argv
_CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def serve(name: str, port: int, base_url: str, client_id: str) -> None:
    """One gateway process: the app as `create_app` builds it, with the executor named here."""
    live = name == "live"
    registry = RegistrySettings(
        name="bench",
        base_url=base_url,
        client_id=client_id,
        secret_env=_SECRET_ENV,
        send_page_size=True,
        max_concurrency=64,
        use_expand=name == "expand",
        notificaties_url=base_url + _NRC if live else None,
    )
    public_url = f"http://127.0.0.1:{port}" if live else None
    app = create_app(Settings(registries=(registry,), public_url=public_url))
    graphql = next(route for route in app.routes if getattr(route, "path", None) == "/graphql")
    schema = graphql.endpoint.schema  # type: ignore[attr-defined]  # GraphQLApp.schema: strawberry.Schema
    schema.execution_context_class = EXECUTORS[SERVERS[name]]  # read by Schema.execute for every request
    # as `zaakgraph serve` runs it (gateway/cli.py)
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
    )


@dataclass
class Server:
    executor: str
    process: subprocess.Popen[bytes]
    url: str
    client: httpx.Client
    per_request: dict[str, list[float]] = field(default_factory=dict)  # query name -> ms per round

    def cpu_s(self) -> float:
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICK  # utime + stime

    def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.client.post(self.url, json={"query": query, "variables": variables or {}})
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise SystemExit(f"{self.executor}: {body['errors'][:2]}")
        return body

    def backend(self, query: str, variables: dict[str, Any]) -> int:
        """The backend requests one more such query makes (from the trace in `extensions`)."""
        response = self.client.post(
            self.url, json={"query": query, "variables": variables}, headers={TRACE_HEADER: "1"}
        )
        response.raise_for_status()
        return cast(int, response.json()["extensions"]["backend"]["requests"])


def start(executor: str, simulator: RunningSimulator) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "benchmarks.cpu", "--serve", executor, "--port", str(port),
               "--base-url", simulator.base_url, "--client-id", simulator.client_id]  # fmt: skip
    process = subprocess.Popen(command, env={**os.environ, _SECRET_ENV: simulator.secret})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, timeout_s=60, process=process)
        if executor == "live":
            wait_until_subscribed(url)
    except RuntimeError as exc:
        process.kill()
        raise SystemExit(f"the {executor} gateway did not start") from exc
    return Server(executor, process, url + "/graphql", httpx.Client(timeout=60))


# -- execution alone, in this process ---------------------------------------------------------------------


class _Capture(SchemaExtension):
    """Keeps what the root resolvers returned (the planner's views), for replaying the execution alone."""

    views: ClassVar[dict[str, Any]] = {}

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        result = _next(root, info, *args, **kwargs)
        if info.path.prev is not None or not inspect.isawaitable(result):
            return result

        async def keep() -> Any:
            value = await result
            _Capture.views[info.path.key] = value
            return value

        return keep()


@strawberry.type
class _ReplayQuery:
    """`Query.zaken` with the real arguments, answering with the captured views: no backend, no planner."""

    @strawberry.field
    async def zaken(
        self,
        info: strawberry.Info,
        filter: ZaakFilter | None = None,
        ordering: list[ZaakOrdering] | None = None,
        first: int | None = None,
        after: str | None = None,
        registries: list[str] | None = None,
    ) -> ZaakConnection:
        view: Any = info.root_value["zaken"]
        return cast(ZaakConnection, view)


def _schema(query: type, extensions: list[Any], execution_context_class: type | None) -> strawberry.Schema:
    """A schema configured as `build_schema()` configures it."""
    return strawberry.Schema(
        query=query,
        types=list(RESOURCE_TYPES),
        config=StrawberryConfig(default_resolver=default_resolver_for((*ALL_TYPES, query))),
        scalar_overrides=SCALAR_OVERRIDES,
        extensions=[
            partial(ParserCache, maxsize=256),
            partial(ValidationCache, maxsize=256),
            partial(MaskErrors, should_mask_error=should_mask),
            *extensions,
        ],
        execution_context_class=execution_context_class,
    )


_CHILD_LISTS = """      documenten { url titel formaat bestandsomvang vertrouwelijkheidaanduiding
                   informatieobjecttype { omschrijving } }
      besluiten { url datum besluittype { omschrijving } }
"""
_NO_CHILD_LISTS = PORTAL_QUERY.replace(_CHILD_LISTS, "")
# Parts of the portal selection, to split the cost per query: the child lists (resolvers with first/after)
# and the dates (custom scalars) take graphql-core's path in both executors.
VARIANTS = {
    "portal": PORTAL_QUERY,
    "without documenten, besluiten": _NO_CHILD_LISTS,
    "... and without dates": _NO_CHILD_LISTS.replace("startdatum einddatum", "").replace(
        "datumStatusGezet ", ""
    ),
    "zaken { totalCount } only": PORTAL_QUERY[: PORTAL_QUERY.index("nodes {")] + "totalCount } }",
}


@dataclass
class Alone:
    fields: dict[str, int] = field(default_factory=dict)  # variant -> fields in its response
    ms: dict[tuple[str, str], list[float]] = field(default_factory=dict)  # (variant, executor) -> per round


def execution_alone(
    simulator: RunningSimulator, variables: dict[str, Any], executions: int, rounds: int
) -> Alone:
    """CPU ms per execution over views the real resolvers and planner made once (no backend, no planner)."""
    registry = RegistrySettings(
        name="bench", base_url=simulator.base_url, client_id=simulator.client_id, secret=simulator.secret
    )
    settings = Settings(registries=(registry,))
    assert all(query != PORTAL_QUERY for query in list(VARIANTS.values())[1:]), "PORTAL_QUERY changed shape"

    async def run() -> Alone:
        registries = Registries.from_settings(settings)
        try:
            context = build_context(settings, registries, CatalogueCache(0, 0), dict(TYPE_BY_RESOURCE))
            captured = await _schema(Query, [_Capture], None).execute(
                PORTAL_QUERY, variable_values=variables, context_value=context
            )
        finally:
            await registries.aclose()
        if captured.errors:
            raise SystemExit(f"capture: {captured.errors[:2]}")
        root = dict(_Capture.views)
        schemas = {name: _schema(_ReplayQuery, [], cls) for name, cls in EXECUTORS.items()}
        alone = Alone()
        for variant, query in VARIANTS.items():
            answers = [
                await schema.execute(query, variable_values=variables, root_value=root)
                for schema in schemas.values()
            ]
            if any(a.errors for a in answers) or answers[0].data != answers[1].data:
                raise SystemExit(f"{variant}: the replayed executions differ or fail")
            if variant == "portal" and answers[0].data != captured.data:
                raise SystemExit("the replayed execution answered other data than the real one")
            alone.fields[variant] = count_fields(answers[0].data)
            for schema in schemas.values():  # warm-up
                for _ in range(30):
                    await schema.execute(query, variable_values=variables, root_value=root)
        for _ in range(rounds):
            for variant, query in VARIANTS.items():
                for name, schema in schemas.items():
                    started = time.process_time()
                    for _ in range(executions):
                        await schema.execute(query, variable_values=variables, root_value=root)
                    per = (time.process_time() - started) / executions * 1000
                    alone.ms.setdefault((variant, name), []).append(per)
        return alone

    return asyncio.run(run())


def count_fields(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 0


def measure(server: Server, name: str, query: str, variables: dict[str, Any] | None, requests: int) -> None:
    before = server.cpu_s()
    for _ in range(requests):
        server.post(query, variables)
    server.per_request.setdefault(name, []).append((server.cpu_s() - before) / requests * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="portal requests per server per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--executions", type=int, default=300, help="in-process executions per round")
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve", choices=sorted(SERVERS), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--client-id", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.base_url, args.client_id)
        return

    with run_simulator(size=args.size, seed=args.seed) as simulator:
        simulator.set_latency(fixed_ms=0, jitter_ms=0)
        bsn = simulator.summary()["bsns"][0]["bsn"]
        variables = {"bsn": bsn}
        servers = [start(name, simulator) for name in SERVERS]
        try:
            answers = [server.post(PORTAL_QUERY, variables) for server in servers]
            if any(answer != answers[0] for answer in answers):
                raise SystemExit("the gateways answered differently")
            fields = count_fields(answers[0]["data"])
            backend = {server.executor: server.backend(PORTAL_QUERY, variables) for server in servers}
            zaken = answers[0]["data"]["zaken"]["nodes"]
            for server in servers:  # parser/validation caches, catalogue cache, connection pools
                for _ in range(args.warmup):
                    server.post(PORTAL_QUERY, variables)
                    server.post(TRIVIAL)
            for _ in range(args.rounds):  # interleaved, so drift on a shared machine hits both alike
                for server in servers:
                    measure(server, "portal", PORTAL_QUERY, variables, args.requests)
                    measure(server, "trivial", TRIVIAL, None, args.requests)
        finally:
            for server in servers:
                server.client.close()
                server.process.terminate()
                server.process.wait(timeout=10)
        alone = execution_alone(simulator, variables, args.executions, args.rounds)

    documents = sum(len(z["documenten"] or []) for z in zaken)
    print(
        f"portal query: {len(zaken)} zaken, {documents} documents, {fields} fields in the response, "
        f"backend requests per warm query: {', '.join(f'{name} {n}' for name, n in backend.items())} "
        f"(catalogue cached; live is subscribed to notifications); simulator size {args.size}, no latency, warm catalogue cache; "
        f"{args.rounds} interleaved rounds of {args.requests} requests per server"
    )
    print(
        f"{'server':<8} {'backend':>8} {'portal ms/req':>14} {'min':>6} {'µs/field':>9} "
        f"{'{ __typename } ms/req':>22}"
    )
    medians = {}
    for server in servers:
        portal = server.per_request["portal"]
        trivial = server.per_request["trivial"]
        medians[server.executor] = statistics.median(portal)
        print(
            f"{server.executor:<8} {backend[server.executor]:>8} {statistics.median(portal):>14.2f} {min(portal):>6.2f} "
            f"{statistics.median(portal) / fields * 1000:>9.2f} {statistics.median(trivial):>22.2f}"
        )
    saved_requests = backend["fast"] - backend["live"]
    per_backend = (medians["fast"] - medians["live"]) / max(saved_requests, 1)
    print(
        f"warm with notifications (live): {medians['live']:.2f} ms per portal request; "
        f"each backend request costs about (fast - live) / {saved_requests} = {per_backend:.3f} ms"
    )
    print(
        f"expanded zaken list (expand): {medians['expand']:.2f} ms per portal request, "
        f"{medians['expand'] / medians['fast']:.2f} of the plain plan's {medians['fast']:.2f} ms, "
        f"with {backend['expand']} backend requests against {backend['fast']}"
    )
    saved = medians["stock"] - medians["fast"]
    print(
        f"stock/fast: {medians['stock'] / medians['fast']:.2f}x server CPU per portal request; "
        f"saved {saved:.2f} ms per request, {saved / fields * 1000:.2f} µs per field"
    )
    print(
        f"\nexecution alone (in process: Schema.execute, caches and MaskErrors as served, over views the real "
        f"resolvers and planner made once; {args.rounds} rounds of {args.executions}), ms per query (µs/field):"
    )
    print(f"{'selection':<32} {'fields':>6} {'stock':>15} {'fast':>15} {'stock/fast':>11}")
    for variant, fields_in in alone.fields.items():
        stock = statistics.median(alone.ms[(variant, "stock")])
        fast = statistics.median(alone.ms[(variant, "fast")])
        per_field = (
            f"{stock:.3f} ({stock / fields_in * 1000:.2f})",
            f"{fast:.3f} ({fast / fields_in * 1000:.2f})",
        )
        print(f"{variant:<32} {fields_in:>6} {per_field[0]:>15} {per_field[1]:>15} {stock / fast:>10.2f}x")
    fixed = {name: statistics.median(alone.ms[("zaken { totalCount } only", name)]) for name in EXECUTORS}
    plain = "... and without dates"
    for name in EXECUTORS:
        marginal = (statistics.median(alone.ms[(plain, name)]) - fixed[name]) / (
            alone.fields[plain] - alone.fields["zaken { totalCount } only"]
        )
        print(
            f"{name}: {marginal * 1000:.2f} µs per field above the fixed cost, without child lists and dates"
        )


if __name__ == "__main__":
    main()
