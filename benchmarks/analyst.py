"""The analyst walk (issue 8, scenario 2): 2,000 zaken of one zaaktype with statussen, rollen and documents.

The walk pages through the root `zaken` connection at 100 (`first: 100, after: <endCursor>`), each zaak with
its statussen, rollen and zaakinformatieobjecten with their informatieobject (the document), through
ZaakGraph served as deployed (`python -m gateway.cli serve`, a fresh process per run: nothing cached):
with its default settings (the cost model chooses the plan, starting from its defaults), the same after an
unmeasured walk of one page in that process (the cost model has learned the registry's figures), with
`use_expand` forced off (plain) and on (expand), and learned with pages of 500 (`first: 500`, the gateway's
largest page: a GraphQL client need not walk at the registry's page size). Baselines in the same
run, REST clients written like benchmarks/rest_baselines.py, each walking the same pages one after another:
- naive: page the list, then per zaak GET statussen?zaak=, rollen?zaak=, zaakinformatieobjecten?zaak= and
  each document, one request after another;
- concurrent: per page, every child list at once, then every document at once;
- concurrent + `_zoek`: the same, with the page's documents by one `_zoek` (uuid__in, its `next` POSTed
  again);
- expand + `_zoek`: the page with `expand=rollen,zaakinformatieobjecten`, then statussen?zaak= per zaak
  and the documents' `_zoek` at once.
Every client's data is checked equal (no latency) before timing.

Two registries, the same simulator process: (a) every request 20 ms on a server with 32 workers (the
capacity model with every service time set to 20 ms, no contention, no jitter: plain `--latency-ms` has no
workers), and (b) the calibrated `openzaak` profile (2 workers). The registry's floor for a client is the
summed service time of its requests (`service_ms` in the simulator's request log) divided by the workers;
wall / floor says how close a client comes to keeping the registry busy. Targets (ZaakGraph, 32 workers):
wall within 1.3 times its floor and under 5 s. Naive walks only `--naive-pages` pages (its figures are
scaled to the whole walk and marked so); the openzaak profile walks `--openzaak-zaken` (a page of 100 takes
it tens of seconds).

    .venv/bin/python -m benchmarks.analyst [--runs 3] [--zaken 2000] [--openzaak-zaken 200]   (repo root)
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx

from benchmarks import stats
from benchmarks.citizen import Credentials
from benchmarks.memory import PeakRss, ProcessTree, serve_gateway
from gateway.transport import make_http_client
from simulator.capacity import OPENZAAK_SERVICE_MS
from simulator.testing import RunningSimulator, run_simulator

Resource = dict[str, Any]
Row = dict[str, Any]  # one zaak of the walk: url, identificatie, statussen, rollen, documenten
_ZAKEN, _DOCS = "zaken/api/v1/", "documenten/api/v1/"
_PER_UNIT = {"list_item", "search_item", "expanded", "download_kb"}

WALK_QUERY = """
query Walk($zaaktype: String!, $first: Int!, $after: String) {
  zaken(filter: {zaaktype: $zaaktype}, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      url identificatie
      statussen { url datumStatusGezet }
      rollen { url roltoelichting }
      zaakinformatieobjecten { url informatieobject { url titel bestandsomvang } }
    }
  }
}
"""


@dataclass(frozen=True, slots=True)
class Walk:
    zaaktype: str
    zaken: int  # how many to walk (whole pages)
    page: int = 100


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    workers: int
    latency: dict[str, Any]  # RunningSimulator.set_latency arguments
    max_concurrency: int | None  # the gateway's cap per registry (None: its default)


def uniform_profile(latency_ms: float, workers: int, max_concurrency: int | None) -> Profile:
    """Every request `latency_ms` on a server with `workers` workers: the capacity model, flattened."""
    service = {key: 0.0 if key in _PER_UNIT else latency_ms for key in OPENZAAK_SERVICE_MS}
    latency = {
        "profile": "openzaak",
        "workers": workers,
        "service_ms": service,
        "contention": 1.0,
        "jitter": 0.0,
    }
    return Profile(f"{latency_ms:g} ms, {workers} workers", workers, latency, max_concurrency)


def openzaak_profile(workers: int, max_concurrency: int | None, seed: int) -> Profile:
    return Profile(
        f"openzaak profile, {workers} workers",
        workers,
        {"profile": "openzaak", "workers": workers, "seed": seed},
        max_concurrency,
    )


# --- the rows, however they were fetched -------------------------------------------------------------------


def _row(zaak: Resource, statussen: list[Resource], rollen: list[Resource], zios: list[Resource],
         documents: dict[str, Resource]) -> Row:  # fmt: skip
    return {
        "url": zaak["url"],
        "identificatie": zaak["identificatie"],
        "statussen": sorted((s["url"], s["datumStatusGezet"]) for s in statussen),
        "rollen": sorted((r["url"], r["roltoelichting"]) for r in rollen),
        "documenten": sorted(
            (z["url"], d["url"], d["titel"], d["bestandsomvang"])
            for z in zios
            if (d := documents.get(z["informatieobject"])) is not None
        ),
    }


def _graphql_row(node: dict[str, Any]) -> Row:
    return {
        "url": node["url"],
        "identificatie": node["identificatie"],
        "statussen": sorted((s["url"], s["datumStatusGezet"]) for s in node["statussen"]),
        "rollen": sorted((r["url"], r["roltoelichting"]) for r in node["rollen"]),
        "documenten": sorted(
            (z["url"], d["url"], d["titel"], d["bestandsomvang"])
            for z in node["zaakinformatieobjecten"]
            if (d := z["informatieobject"]) is not None
        ),
    }


# --- REST: naive ------------------------------------------------------------------------------------------


def _list_params(walk: Walk, page: int, **extra: str) -> dict[str, str]:
    return {"zaaktype": walk.zaaktype, "page": str(page), "pageSize": str(walk.page), **extra}


def naive(base_url: str, credentials: Credentials, walk: Walk) -> tuple[list[Row], int]:
    count = 0
    rows: list[Row] = []
    with httpx.Client(headers=credentials.headers(), timeout=120) as client:

        def get(url: str, **params: str) -> Any:
            nonlocal count
            count += 1
            response = client.get(url, params=params or None)
            response.raise_for_status()
            return response.json()

        def every_page(url: str, **params: str) -> list[Resource]:
            page = get(url, **params)
            found: list[Resource] = page["results"]
            while page["next"]:
                page = get(page["next"])
                found += page["results"]
            return found

        number = 1
        while len(rows) < walk.zaken:
            page = get(base_url + _ZAKEN + "zaken", **_list_params(walk, number))
            for zaak in page["results"][: walk.zaken - len(rows)]:
                statussen = every_page(base_url + _ZAKEN + "statussen", zaak=zaak["url"])
                rollen = every_page(base_url + _ZAKEN + "rollen", zaak=zaak["url"])
                zios = get(base_url + _ZAKEN + "zaakinformatieobjecten", zaak=zaak["url"])
                documents = {zio["informatieobject"]: get(zio["informatieobject"]) for zio in zios}
                rows.append(_row(zaak, statussen, rollen, zios, documents))
            if not page["next"]:
                break
            number += 1
    return rows, count


# --- REST: concurrent, page by page (httpx on aiohttp, the gateway's low-CPU client) -------------------------


class _Async:
    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self.http = http
        self.base_url = base_url
        self.count = 0

    async def get(self, url: str, **params: str) -> Any:
        self.count += 1
        response = await self.http.get(url, params=params or None)
        response.raise_for_status()
        return response.json()

    async def every_page(self, url: str, **params: str) -> list[Resource]:
        page = await self.get(url, **params)
        found: list[Resource] = page["results"]
        while page["next"]:
            page = await self.get(page["next"])
            found += page["results"]
        return found

    async def per_zaak(self, zaken: list[Resource], resource: str, paged: bool) -> list[list[Resource]]:
        url = self.base_url + _ZAKEN + resource
        if paged:
            return await asyncio.gather(*(self.every_page(url, zaak=z["url"]) for z in zaken))
        return list(await asyncio.gather(*(self.get(url, zaak=z["url"]) for z in zaken)))

    async def documents(self, urls: list[str]) -> dict[str, Resource]:
        distinct = list(dict.fromkeys(urls))
        return dict(zip(distinct, await asyncio.gather(*(self.get(u) for u in distinct)), strict=True))

    async def zoek_documents(self, urls: list[str]) -> dict[str, Resource]:
        if not urls:
            return {}
        url: str | None = self.base_url + _DOCS + "enkelvoudiginformatieobjecten/_zoek"
        body = {"uuid__in": sorted({u.rstrip("/").rsplit("/", 1)[1] for u in urls})}
        found: dict[str, Resource] = {}
        while url:  # the next link is POSTed again with the same body
            self.count += 1
            response = await self.http.post(url, json=body)
            response.raise_for_status()
            page = response.json()
            found.update((d["url"], d) for d in page["results"])
            url = page["next"]
        return found


PageBody = Callable[[_Async, list[Resource]], Awaitable[list[Row]]]


def _walk(base_url: str, credentials: Credentials, walk: Walk, body: PageBody, expand: str | None
          ) -> tuple[list[Row], int]:  # fmt: skip
    async def main() -> tuple[list[Row], int]:
        async with make_http_client(256, 10.0, 300.0) as http:
            http.headers.update(credentials.headers())
            client = _Async(http, base_url)
            rows: list[Row] = []
            number = 1
            extra = {"expand": expand} if expand else {}
            while len(rows) < walk.zaken:
                page = await client.get(base_url + _ZAKEN + "zaken", **_list_params(walk, number, **extra))
                rows += await body(client, page["results"][: walk.zaken - len(rows)])
                if not page["next"]:
                    break
                number += 1
            return rows, client.count

    return asyncio.run(main())


async def _levels(client: _Async, zaken: list[Resource], by_zoek: bool) -> list[Row]:
    statussen, rollen, zios = await asyncio.gather(
        client.per_zaak(zaken, "statussen", paged=True),
        client.per_zaak(zaken, "rollen", paged=True),
        client.per_zaak(zaken, "zaakinformatieobjecten", paged=False),
    )
    urls = [zio["informatieobject"] for zs in zios for zio in zs]
    documents = await (client.zoek_documents(urls) if by_zoek else client.documents(urls))
    return [_row(*parts, documents) for parts in zip(zaken, statussen, rollen, zios, strict=True)]


async def _expanded(client: _Async, zaken: list[Resource]) -> list[Row]:
    rollen = [z["_expand"].get("rollen", []) for z in zaken]
    zios = [z["_expand"].get("zaakinformatieobjecten", []) for z in zaken]
    urls = [zio["informatieobject"] for zs in zios for zio in zs]
    statussen, documents = await asyncio.gather(
        client.per_zaak(zaken, "statussen", paged=True), client.zoek_documents(urls)
    )
    return [_row(*parts, documents) for parts in zip(zaken, statussen, rollen, zios, strict=True)]


def concurrent(base_url: str, credentials: Credentials, walk: Walk) -> tuple[list[Row], int]:
    return _walk(base_url, credentials, walk, lambda c, z: _levels(c, z, by_zoek=False), None)


def concurrent_zoek(base_url: str, credentials: Credentials, walk: Walk) -> tuple[list[Row], int]:
    return _walk(base_url, credentials, walk, lambda c, z: _levels(c, z, by_zoek=True), None)


def expand_zoek(base_url: str, credentials: Credentials, walk: Walk) -> tuple[list[Row], int]:
    return _walk(base_url, credentials, walk, _expanded, "rollen,zaakinformatieobjecten")


RestPlan = Callable[[str, Credentials, Walk], tuple[list[Row], int]]
PLANS: dict[str, RestPlan] = {
    "REST naive": naive,
    "REST concurrent": concurrent,
    "REST concurrent + _zoek": concurrent_zoek,
    "REST expand + _zoek": expand_zoek,
}


# --- ZaakGraph ------------------------------------------------------------------------------------------------


def graphql_walk(url: str, walk: Walk) -> tuple[list[Row], int]:
    rows: list[Row] = []
    after: str | None = None
    pages = 0
    with httpx.Client(timeout=600) as client:
        while len(rows) < walk.zaken:
            variables = {"zaaktype": walk.zaaktype, "first": walk.page, "after": after}
            response = client.post(url, json={"query": WALK_QUERY, "variables": variables})
            response.raise_for_status()
            body = response.json()
            if body.get("errors"):
                raise SystemExit(f"ZaakGraph: {body['errors'][:2]}")
            connection = body["data"]["zaken"]
            rows += [_graphql_row(n) for n in connection["nodes"][: walk.zaken - len(rows)]]
            pages += 1
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]
    return rows, pages


@dataclass(frozen=True, slots=True)
class Variant:
    use_expand: bool | None  # None: the cost model chooses (the default)
    learned: bool = False  # walk a page unmeasured first, in the same process, so the cost model has figures
    page: int | None = None  # the GraphQL client's `first` (None: the walk's page, as the REST clients)

    def walk(self, walk: Walk) -> Walk:
        page = min(self.page, walk.zaken) if self.page else walk.page  # never more than the walk's zaken
        return Walk(walk.zaaktype, walk.zaken, page)


def gateway_registry(sim: RunningSimulator, profile: Profile, variant: Variant) -> dict[str, Any]:
    registry: dict[str, Any] = {
        "name": "bench",
        "base_url": sim.base_url,
        "client_id": sim.client_id,
        "send_page_size": True,
        "timeout_s": 120.0,  # a queue of hundreds at 2 workers, and expanded pages of several seconds
    }
    if profile.max_concurrency is not None:
        registry["max_concurrency"] = profile.max_concurrency
    if variant.use_expand is not None:
        registry["use_expand"] = variant.use_expand
    return registry


GATEWAY_SETTINGS = {"request_timeout_s": 600.0, "debug": False}
OURS = "ZaakGraph"
ZAAKGRAPH = {
    OURS: Variant(None),  # as deployed: a fresh process, the cost model from its defaults
    "ZaakGraph, learned": Variant(None, learned=True),
    "ZaakGraph, plain": Variant(False),
    "ZaakGraph, expand": Variant(True),
    # The same walk as an analyst would write it for a gateway: pages of 500 (the largest `first`), on a
    # gateway that has seen the registry (a walk of 4 queries leaves little room to learn it in).
    "ZaakGraph, learned, first: 500": Variant(None, learned=True, page=500),
}


# --- measuring -----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Measured:
    walls: list[float] = field(default_factory=list)
    requests: int = 0
    rounds: int = 0
    service_s: float = 0.0  # summed service time of its requests at the registry (last run)
    scale: float = 1.0  # naive: the whole walk over the pages it walked
    peak_mib: float = 0.0  # ZaakGraph: the gateway process's peak RSS over the runs
    client_cpu_s: float = (
        0.0  # CPU of this process (the REST client, or ZaakGraph's GraphQL client), last run
    )
    gateway_cpu_s: float = 0.0  # ZaakGraph: CPU of the gateway process, last run
    simulator_cpu_s: float = 0.0  # CPU of the simulator process, last run

    def wall(self) -> float:
        return stats.median(self.walls) * self.scale


def _time_one(
    sim: RunningSimulator, run: Callable[[], int | None], m: Measured, gateway: ProcessTree | None = None
) -> None:
    """One timed run; `run` returns the requests it counted (None: it cannot know, a gateway's client)."""
    sim.reset_requests()
    simulator = ProcessTree(sim.process.pid)
    cpu = (time.process_time(), simulator.cpu_s(), gateway.cpu_s() if gateway else 0.0)
    started = time.perf_counter()
    counted = run()
    m.walls.append(time.perf_counter() - started)
    m.client_cpu_s = time.process_time() - cpu[0]
    m.simulator_cpu_s = simulator.cpu_s() - cpu[1]
    m.gateway_cpu_s = gateway.cpu_s() - cpu[2] if gateway else 0.0
    log = sim.requests()
    if counted is not None and counted != log["count"]:
        raise SystemExit(f"a client counted {counted} requests, the registry saw {log['count']}")
    m.requests, m.rounds = log["count"], log["rounds"]
    m.service_s = sum(r["service_ms"] for r in log["requests"]) / 1000


def _rest_count(plan: RestPlan, base_url: str, credentials: Credentials, walk: Walk) -> int:
    return plan(base_url, credentials, walk)[1]


def _graphql_unchecked(url: str, walk: Walk) -> None:
    graphql_walk(url, walk)


def measure(sim: RunningSimulator, profile: Profile, walk: Walk, naive_walk: Walk, runs: int
            ) -> dict[str, Measured]:  # fmt: skip
    credentials = Credentials(sim.client_id, sim.secret)
    results = {name: Measured() for name in [*PLANS, *ZAAKGRAPH]}
    results["REST naive"].scale = walk.zaken / naive_walk.zaken
    for _ in range(runs):  # interleaved, so drift on a shared machine hits every client alike
        for name, plan in PLANS.items():
            this = naive_walk if name == "REST naive" else walk
            sim.set_latency(**profile.latency)
            _time_one(sim, partial(_rest_count, plan, sim.base_url, credentials, this), results[name])
        for name, variant in ZAAKGRAPH.items():
            sim.set_latency()
            with serve_gateway(gateway_registry(sim, profile, variant), sim.secret,
                               settings=GATEWAY_SETTINGS) as gateway:  # fmt: skip
                sim.set_latency(**profile.latency)
                if variant.learned:
                    graphql_walk(gateway.url, Walk(walk.zaaktype, walk.page, walk.page))
                with PeakRss(gateway.tree) as rss:
                    _time_one(
                        sim,
                        partial(_graphql_unchecked, gateway.url, variant.walk(walk)),
                        results[name],
                        gateway.tree,
                    )
                results[name].peak_mib = max(results[name].peak_mib, rss.peak_mib())
    sim.set_latency()
    return results


def check_same_data(sim: RunningSimulator, walk: Walk) -> int:
    """Every client walks the same rows (no latency); returns the number of documents."""
    sim.set_latency()
    credentials = Credentials(sim.client_id, sim.secret)
    reference, _ = concurrent(sim.base_url, credentials, walk)
    if len(reference) != walk.zaken:
        raise SystemExit(f"the zaaktype has {len(reference)} zaken, fewer than {walk.zaken}")
    for name, plan in PLANS.items():
        if plan(sim.base_url, credentials, walk)[0] != reference:
            raise SystemExit(f"{name} walked other data than REST concurrent")
    for name, variant in ZAAKGRAPH.items():
        profile = uniform_profile(0, 1, None)
        with serve_gateway(
            gateway_registry(sim, profile, variant), sim.secret, settings=GATEWAY_SETTINGS
        ) as gw:
            if graphql_walk(gw.url, variant.walk(walk))[0] != reference:
                raise SystemExit(f"{name} walked other data than REST concurrent")
    return sum(len(r["documenten"]) for r in reference)


def biggest_zaaktype(sim: RunningSimulator) -> tuple[str, str, int]:
    """(url, omschrijving, zaken) of the zaaktype with the most zaken."""
    counts = []
    for zaaktype in sim.get("catalogi/api/v1/zaaktypen")["results"]:
        found = sim.get(_ZAKEN + "zaken", zaaktype=zaaktype["url"], pageSize=1)["count"]
        counts.append((zaaktype["url"], zaaktype["omschrijving"], found))
    return max(counts, key=lambda c: c[2])


def report(profile: Profile, walk: Walk, naive_pages: int, runs: int, results: dict[str, Measured]) -> None:
    print(f"\n{profile.name}: {walk.zaken} zaken in pages of {walk.page}, {runs} interleaved run(s); "
          f"ZaakGraph max_concurrency {profile.max_concurrency or 'default'}")  # fmt: skip
    print(f"{'client':<26} {'requests':>8} {'rounds':>6} {'wall s':>8} {'p95 s':>7} {'busy s':>8} "
          f"{'floor s':>8} {'wall/floor':>10} {'/ZaakGraph':>10} {'peak MiB':>8} {'client':>6} {'gateway':>7} "
          f"{'simulator':>9}")  # fmt: skip
    ours = results[OURS].wall()
    for name, m in results.items():
        scale = m.scale
        floor = m.service_s * scale / profile.workers
        label = f"{name} (x{scale:g})" if scale != 1 else name
        p95 = stats.p95(m.walls) * scale
        peak = f"{m.peak_mib:>8.0f}" if m.peak_mib else f"{'-':>8}"
        print(f"{label:<26} {round(m.requests * scale):>8} {round(m.rounds * scale):>6} {m.wall():>8.2f} "
              f"{p95:>7.2f} {m.service_s * scale:>8.2f} {floor:>8.2f} {m.wall() / floor:>10.2f} "
              f"{m.wall() / ours:>10.2f} {peak} {m.client_cpu_s * scale:>6.1f} {m.gateway_cpu_s:>7.1f} "
              f"{m.simulator_cpu_s * scale:>9.1f}")  # fmt: skip
    if naive_pages * walk.page < walk.zaken:
        print(
            f"(x{results['REST naive'].scale:g}: naive walked {naive_pages} page(s), scaled to the whole walk)"
        )
    best = min((n for n in results if n.startswith("REST")), key=lambda n: results[n].wall())
    zg = results[OURS]
    floor = zg.service_s / profile.workers
    print(f"ZaakGraph: wall {ours:.2f} s = {ours / floor:.2f} x its floor ({floor:.2f} s: {zg.service_s:.1f} s "
          f"of service / {profile.workers} workers); best REST plan {best} {results[best].wall():.2f} s, "
          f"ZaakGraph / best = {ours / results[best].wall():.2f}")  # fmt: skip


def memory_run(size: int, zaken: int, seed: int = 1) -> PeakRss:
    """One ZaakGraph walk on the 20 ms / 32-worker registry, with the gateway's RSS sampled (memory.py)."""
    with run_simulator(size=size, seed=seed) as sim:
        url, _, _ = biggest_zaaktype(sim)
        walk = Walk(url, zaken)
        profile = uniform_profile(20, 32, None)
        with serve_gateway(
            gateway_registry(sim, profile, ZAAKGRAPH[OURS]), sim.secret, settings=GATEWAY_SETTINGS
        ) as gw:
            sim.set_latency(**profile.latency)
            with PeakRss(gw.tree) as rss:
                graphql_walk(gw.url, walk)
            sim.set_latency()
    return rss


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="interleaved runs on the 32-worker registry (0: skip)"
    )
    parser.add_argument("--zaken", type=int, default=2000)
    parser.add_argument("--page", type=int, default=100)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--max-concurrency", type=int, default=None,
                        help="ZaakGraph's cap on the 32-worker registry (default: the gateway's own)")  # fmt: skip
    parser.add_argument("--naive-pages", type=int, default=2, help="pages naive walks (scaled to the walk)")
    parser.add_argument("--openzaak-zaken", type=int, default=200, help="zaken walked on the openzaak profile "
                        "(0: skip it)")  # fmt: skip
    parser.add_argument("--openzaak-runs", type=int, default=1)
    parser.add_argument("--openzaak-workers", type=int, default=2)
    parser.add_argument("--openzaak-max-concurrency", type=int, default=None)
    parser.add_argument(
        "--size", type=int, default=7000, help="simulator seed: its biggest zaaktype is walked"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    with run_simulator(size=args.size, seed=args.seed) as sim:
        seeded = time.perf_counter() - started
        url, omschrijving, count = biggest_zaaktype(sim)
        walk = Walk(url, args.zaken, args.page)
        documents = check_same_data(sim, walk)
        checked = time.perf_counter() - started - seeded
        print(f"analyst walk: zaaktype {omschrijving!r} ({count} zaken), {args.zaken} walked, {documents} "
              f"documents; simulator size {args.size} seeded in {seeded:.1f} s; every client's data checked "
              f"equal in {checked:.1f} s; {stats.code_state()}")  # fmt: skip
        sections = []
        if args.runs:
            sections.append(
                (uniform_profile(args.latency_ms, args.workers, args.max_concurrency), walk, args.runs)
            )
        if args.openzaak_zaken:
            small = Walk(url, args.openzaak_zaken, args.page)
            profile = openzaak_profile(args.openzaak_workers, args.openzaak_max_concurrency, args.seed)
            sections.append((profile, small, args.openzaak_runs))
        for profile, this, runs in sections:
            naive_walk = Walk(url, min(this.zaken, args.naive_pages * args.page), args.page)
            results = measure(sim, profile, this, naive_walk, runs)
            report(profile, this, args.naive_pages, runs, results)
    print("\nbusy s: the registry's summed service time of the client's requests (from its request log); "
          "floor: busy / workers; peak MiB: the gateway process's peak RSS; client, gateway, simulator: CPU "
          "seconds of each process in the last run")  # fmt: skip
    print(f"targets (ZaakGraph, {args.workers} workers): wall / floor <= 1.3 and wall < 5 s")


if __name__ == "__main__":
    main()
