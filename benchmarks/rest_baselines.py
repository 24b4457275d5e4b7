"""The four REST plans of a portal page, against the simulator's `openzaak` profile, beside a real Open Zaak.

A citizen's 20 most recent zaken, each with zaaktype omschrijving, current status + statustype, resultaat +
resultaattype, documents (titel, formaat, bestandsomvang, vertrouwelijkheidaanduiding, informatieobjecttype)
and besluiten (datum, besluittype), fetched four ways (shared research/real-registry-costs.md):
naive (one request after another), concurrent (level by level, each distinct URL once), the same with the
documents by one `_zoek`, and expand + `_zoek`. Also a citizen with one zaak. Every plan's data is checked
equal. These plans are the baselines of every later benchmark: import `PLANS` (each takes a base URL,
`Credentials` and a BSN and returns (rows, requests)) and `build_citizen` (benchmarks/citizen.py).

    .venv/bin/python -m benchmarks.rest_baselines [--runs 20] [--workers 2] [--big-workers 32]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from benchmarks import stats
from benchmarks.citizen import BSN_FILTER, PORTAL, SINGLE, Credentials, Shape, build_citizen
from gateway.transport import make_http_client
from simulator.testing import RunningSimulator, run_simulator

__all__ = ["PLANS", "PORTAL", "SINGLE", "Credentials", "Plan", "Row", "Shape", "build_citizen"]

Resource = dict[str, Any]
Row = dict[str, Any]  # one zaak of the page, as the portal shows it
Plan = Callable[[str, Credentials, str], tuple[list[Row], int]]

EXPAND_ZAKEN = "zaaktype,status,status.statustype,resultaat,resultaat.resultaattype,zaakinformatieobjecten"
_ZAKEN, _DOCS, _BESLUITEN = "zaken/api/v1/", "documenten/api/v1/", "besluiten/api/v1/"


# --- the page, from whatever each plan fetched ------------------------------------------------------------


def _row(
    zaak: Resource, get: Callable[[str], Resource], zios: list[Resource], besluiten: list[Resource]
) -> Row:
    status = get(zaak["status"]) if zaak.get("status") else None
    resultaat = get(zaak["resultaat"]) if zaak.get("resultaat") else None
    documenten = []
    for zio in zios:
        document = get(zio["informatieobject"])
        documenten.append({
            "url": document["url"], "titel": document["titel"], "formaat": document["formaat"],
            "bestandsomvang": document["bestandsomvang"],
            "vertrouwelijkheidaanduiding": document["vertrouwelijkheidaanduiding"],
            "informatieobjecttype": {"omschrijving": get(document["informatieobjecttype"])["omschrijving"]},
        })  # fmt: skip
    return {
        "url": zaak["url"], "identificatie": zaak["identificatie"], "startdatum": zaak["startdatum"],
        "einddatum": zaak["einddatum"], "zaaktype": {"omschrijving": get(zaak["zaaktype"])["omschrijving"]},
        "status": None if status is None else {
            "datumStatusGezet": status["datumStatusGezet"],
            "statustype": {"omschrijving": get(status["statustype"])["omschrijving"]},
        },
        "resultaat": None if resultaat is None else {
            "resultaattype": {"omschrijving": get(resultaat["resultaattype"])["omschrijving"]}
        },
        "documenten": sorted(documenten, key=lambda d: d["url"]),
        "besluiten": sorted(
            ({"url": b["url"], "datum": b["datum"], "besluittype": {"omschrijving": get(b["besluittype"])["omschrijving"]}}
             for b in besluiten), key=lambda b: b["url"],
        ),
    }  # fmt: skip


def _page_params(bsn: str, **extra: str) -> dict[str, str]:
    return {BSN_FILTER: bsn, "ordering": "-startdatum", "pageSize": "20", **extra}


# --- plan 1: naive, sequential, in the obvious order, no deduplication -------------------------------------


def naive(base_url: str, credentials: Credentials, bsn: str) -> tuple[list[Row], int]:
    count = 0
    with httpx.Client(headers=credentials.headers(), timeout=120) as client:

        def get(url: str, **params: str) -> Any:
            nonlocal count
            count += 1
            response = client.get(url, params=params or None)
            response.raise_for_status()
            return response.json()

        zaken = get(base_url + _ZAKEN + "zaken", **_page_params(bsn))["results"]
        rows = []
        for zaak in zaken:  # _row follows each link as it needs it: one GET per link, in reading order
            zaaktype = get(zaak["zaaktype"])
            cache = {zaak["zaaktype"]: zaaktype}
            for name, child in (("status", "statustype"), ("resultaat", "resultaattype")):
                if zaak.get(name):
                    cache[zaak[name]] = linked = get(zaak[name])
                    cache[linked[child]] = get(linked[child])
            zios = get(base_url + _ZAKEN + "zaakinformatieobjecten", zaak=zaak["url"])
            for zio in zios:
                cache[zio["informatieobject"]] = document = get(zio["informatieobject"])
                cache[document["informatieobjecttype"]] = get(document["informatieobjecttype"])
            besluiten = get(base_url + _BESLUITEN + "besluiten", zaak=zaak["url"])["results"]
            for besluit in besluiten:
                cache[besluit["besluittype"]] = get(besluit["besluittype"])
            rows.append(_row(zaak, cache.__getitem__, zios, besluiten))
    return rows, count


# --- plans 2-4: concurrent, over httpx on aiohttp (a low-CPU client, as the gateway uses) -----------------


class _Async:
    """Counts requests; `get_all` fetches distinct URLs at once."""

    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self.http = http
        self.base_url = base_url
        self.count = 0
        self.cache: dict[str, Any] = {}

    async def get(self, url: str, **params: str) -> Any:
        self.count += 1
        response = await self.http.get(url, params=params or None)
        response.raise_for_status()
        return response.json()

    async def get_all(self, urls: list[str]) -> None:
        todo = [url for url in dict.fromkeys(urls) if url not in self.cache]
        for url, value in zip(todo, await asyncio.gather(*(self.get(u) for u in todo)), strict=True):
            self.cache[url] = value

    async def zoek_documents(self, urls: list[str], expand: str | None = None) -> list[Resource]:
        url = self.base_url + _DOCS + "enkelvoudiginformatieobjecten/_zoek"
        body = {"uuid__in": sorted({u.rstrip("/").rsplit("/", 1)[1] for u in urls})}
        found: list[Resource] = []
        params = {"expand": expand} if expand else None
        while url:  # _zoek pages: the next link is POSTed again with the same body
            self.count += 1
            response = await self.http.post(url, json=body, params=params)
            response.raise_for_status()
            page = response.json()
            found += page["results"]
            url, params = page["next"], None
        return found

    async def per_zaak(self, zaken: list[Resource], path: str, paged: bool) -> list[Any]:
        lists = await asyncio.gather(*(self.get(self.base_url + path, zaak=z["url"]) for z in zaken))
        return [page["results"] if paged else page for page in lists]


def _run(
    credentials: Credentials, base_url: str, body: Callable[[_Async], Awaitable[list[Row]]]
) -> tuple[list[Row], int]:
    async def main() -> tuple[list[Row], int]:
        async with make_http_client(256, 10.0, 120.0) as http:
            http.headers.update(credentials.headers())
            client = _Async(http, base_url)
            return await body(client), client.count

    return asyncio.run(main())


async def _levels(client: _Async, bsn: str, documents_by_zoek: bool) -> list[Row]:
    zaken = (await client.get(client.base_url + _ZAKEN + "zaken", **_page_params(bsn)))["results"]
    level2 = [z["zaaktype"] for z in zaken] + [
        z[k] for z in zaken for k in ("status", "resultaat") if z.get(k)
    ]
    zios, besluiten, _ = await asyncio.gather(
        client.per_zaak(zaken, _ZAKEN + "zaakinformatieobjecten", paged=False),
        client.per_zaak(zaken, _BESLUITEN + "besluiten", paged=True),
        client.get_all(level2),
    )
    c = client.cache
    types = [
        c[z[k]][t]
        for z in zaken
        for k, t in (("status", "statustype"), ("resultaat", "resultaattype"))
        if z.get(k)
    ]
    types += [b["besluittype"] for bs in besluiten for b in bs]
    documents = [zio["informatieobject"] for zs in zios for zio in zs]
    if documents_by_zoek:
        found, _ = await asyncio.gather(client.zoek_documents(documents), client.get_all(types))
        c.update({d["url"]: d for d in found})
    else:
        await client.get_all(types + documents)
    await client.get_all([c[d]["informatieobjecttype"] for d in documents])
    return [_row(z, c.__getitem__, zs, bs) for z, zs, bs in zip(zaken, zios, besluiten, strict=True)]


def concurrent(base_url: str, credentials: Credentials, bsn: str) -> tuple[list[Row], int]:
    return _run(credentials, base_url, lambda client: _levels(client, bsn, documents_by_zoek=False))


def concurrent_zoek(base_url: str, credentials: Credentials, bsn: str) -> tuple[list[Row], int]:
    return _run(credentials, base_url, lambda client: _levels(client, bsn, documents_by_zoek=True))


async def _expanded(client: _Async, bsn: str) -> list[Row]:
    url = client.base_url + _ZAKEN + "zaken"
    zaken = (await client.get(url, **_page_params(bsn, expand=EXPAND_ZAKEN)))["results"]
    c = client.cache
    for zaak in zaken:  # what expand inlined, keyed by URL like a fetched resource
        inlined = zaak["_expand"]
        for name in ("zaaktype", "status", "resultaat"):
            if name in inlined:
                c[inlined[name]["url"]] = inlined[name]
                for child in inlined[name].get("_expand", {}).values():
                    c[child["url"]] = child
    zios = [z["_expand"].get("zaakinformatieobjecten", []) for z in zaken]
    documents = [zio["informatieobject"] for zs in zios for zio in zs]
    found, besluiten = await asyncio.gather(
        client.zoek_documents(documents, expand="informatieobjecttype")
        if documents
        else asyncio.sleep(0, []),
        client.per_zaak(zaken, _BESLUITEN + "besluiten", paged=True),
    )
    for document in found:
        c[document["url"]] = document
        c[document["informatieobjecttype"]] = document["_expand"]["informatieobjecttype"]
    await client.get_all([b["besluittype"] for bs in besluiten for b in bs])
    return [_row(z, c.__getitem__, zs, bs) for z, zs, bs in zip(zaken, zios, besluiten, strict=True)]


def expand_zoek(base_url: str, credentials: Credentials, bsn: str) -> tuple[list[Row], int]:
    return _run(credentials, base_url, lambda client: _expanded(client, bsn))


PLANS: dict[str, Plan] = {
    "naive": naive,
    "concurrent": concurrent,
    "concurrent + _zoek": concurrent_zoek,
    "expand + _zoek": expand_zoek,
}


# --- the benchmark ----------------------------------------------------------------------------------------

# The real Open Zaak 1.30 (research/real-registry-costs.md): requests, rounds, wall median s, wall p95 s.
REAL_PORTAL: dict[str, tuple[int, int, float, float | None]] = {
    "naive": (159, 159, 9.10, 10.88),
    "concurrent": (114, 4, 4.54, 5.31),
    "concurrent + _zoek": (96, 4, 3.81, 4.57),
    "expand + _zoek": (25, 3, 2.81, 3.69),
}
REAL_SINGLE: dict[str, tuple[int, int, float, float | None]] = {
    "naive": (13, 13, 0.85, None),
    "concurrent": (13, 4, 0.59, 0.69),
    "expand + _zoek": (4, 3, 0.40, 0.48),
}


@dataclass(slots=True)
class Measured:
    walls: list[float] = field(default_factory=list)
    requests: int = 0
    rounds: int = 0
    queue_s: float = 0.0  # summed over requests, last run
    service_s: float = 0.0

    def median(self) -> float:
        return stats.median(self.walls)

    def p95(self) -> float:
        return stats.p95(self.walls)


def check_same_data(sim: RunningSimulator, credentials: Credentials, bsn: str, shape: Shape) -> list[Row]:
    """Every plan returns the same page; returns it (no latency while checking)."""
    sim.set_latency()
    reference, _ = naive(sim.base_url, credentials, bsn)
    for name, plan in PLANS.items():
        if plan(sim.base_url, credentials, bsn)[0] != reference:
            raise SystemExit(f"{name} returned other data than naive for {shape}")
    return reference


def describe(rows: list[Row]) -> str:
    documents = [d for r in rows for d in r["documenten"]]
    besluiten = [b for r in rows for b in r["besluiten"]]
    distinct = {
        "zaaktypen": {r["zaaktype"]["omschrijving"] for r in rows},
        "statustypen": {
            r["status"]["statustype"]["omschrijving"] + r["zaaktype"]["omschrijving"]
            for r in rows
            if r["status"]
        },
        "resultaattypen": {
            r["resultaat"]["resultaattype"]["omschrijving"] + r["zaaktype"]["omschrijving"]
            for r in rows
            if r["resultaat"]
        },
        "informatieobjecttypen": {d["informatieobjecttype"]["omschrijving"] for d in documents},
        "besluittypen": {b["besluittype"]["omschrijving"] for b in besluiten},
    }
    resultaten = sum(1 for r in rows if r["resultaat"])
    return (f"{len(rows)} zaken, {len(documents)} documents, {len(besluiten)} besluiten, {resultaten} resultaten; "
            + ", ".join(f"{len(v)} {k}" for k, v in distinct.items()))  # fmt: skip


def measure(
    sim: RunningSimulator, credentials: Credentials, bsns: dict[str, str], runs: int
) -> dict[str, dict[str, Measured]]:
    results = {page: {name: Measured() for name in PLANS} for page in bsns}
    for _ in range(runs):  # interleaved, so drift hits every plan alike
        for page, bsn in bsns.items():
            for name, plan in PLANS.items():
                sim.reset_requests()
                started = time.perf_counter()
                _, count = plan(sim.base_url, credentials, bsn)
                wall = time.perf_counter() - started
                log = sim.requests()
                m = results[page][name]
                m.walls.append(wall)
                m.requests, m.rounds = log["count"], log["rounds"]
                if count != log["count"]:
                    raise SystemExit(
                        f"{name}: the client made {count} requests, the registry saw {log['count']}"
                    )
                m.queue_s = sum(r["queue_ms"] for r in log["requests"]) / 1000
                m.service_s = sum(r["service_ms"] for r in log["requests"]) / 1000
    return results


def report(
    title: str, measured: dict[str, Measured], real: dict[str, tuple[int, int, float, float | None]]
) -> None:
    print(f"\n{title}")
    print(f"{'plan':<20} {'requests':>8} {'rounds':>6} {'median s':>9} {'p95 s':>7} {'ratio':>6} {'busy s':>7}"
          f" | {'real: req':>9} {'rounds':>6} {'median s':>9} {'p95 s':>6} {'ratio':>6}")  # fmt: skip
    naive_median = measured["naive"].median()
    for name, m in measured.items():
        ours = (f"{name:<20} {m.requests:>8} {m.rounds:>6} {m.median():>9.2f} {m.p95():>7.2f} "
                f"{m.median() / naive_median:>6.2f} {m.service_s:>7.2f}")  # fmt: skip
        if name in real:
            req, rounds, median, p95 = real[name]
            p95_text = f"{p95:.2f}" if p95 is not None else "-"
            print(
                f"{ours} | {req:>9} {rounds:>6} {median:>9.2f} {p95_text:>6} {median / real['naive'][2]:>6.2f}"
            )
        else:
            print(f"{ours} | {'(not measured)':>9}")


def verdict(measured: dict[str, Measured], real: dict[str, tuple[int, int, float, float | None]]) -> None:
    naive_median = measured["naive"].median()
    ratios = {name: m.median() / naive_median for name, m in measured.items()}
    real_ratios = {name: r[2] / real["naive"][2] for name, r in real.items()}
    within = all(abs(ratios[n] / real_ratios[n] - 1) <= 0.20 for n in real_ratios)
    order = sorted(real_ratios, key=lambda n: ratios[n]) == sorted(real_ratios, key=lambda n: real_ratios[n])
    naive_ok = abs(naive_median / real["naive"][2] - 1) <= 0.25
    # The targets (issue 7): ratios within 20% and naive within 25% for the portal page; the order for both.
    print(f"same order as the real server: {order}; ratios within 20% of the real ones: {within}; naive within "
          f"25% of {real['naive'][2]:.2f} s: {naive_ok} ({naive_median:.2f} s)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--workers", type=int, default=2, help="the openzaak profile's workers (calibrated: 2)"
    )
    parser.add_argument(
        "--big-workers", type=int, default=32, help="a second section on a bigger server (0: skip)"
    )
    parser.add_argument(
        "--big-runs", type=int, default=None, help="runs of the second section (default --runs)"
    )
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with run_simulator(size=args.size, seed=args.seed) as sim:
        credentials = Credentials(sim.client_id, sim.secret)
        bsns = {
            "portal": build_citizen(sim.base_url, credentials, PORTAL, seed=args.seed),
            "single": build_citizen(sim.base_url, credentials, SINGLE, seed=args.seed + 1),
        }
        print(
            f"REST baselines against the simulator (size {args.size}, seed {args.seed}), {args.runs} interleaved runs"
        )
        for page, bsn in bsns.items():
            print(f"  {page}: {describe(check_same_data(sim, credentials, bsn, PORTAL if page == 'portal' else SINGLE))}"
                  "; every plan returned the same data")  # fmt: skip
        sections = [(args.workers, args.runs)]
        if args.big_workers:
            sections.append((args.big_workers, args.big_runs or args.runs))
        for workers, runs in sections:
            described = sim.set_latency(profile="openzaak", workers=workers, seed=args.seed)
            results = measure(sim, credentials, bsns, runs)
            sim.set_latency()
            label = f"openzaak profile, {workers} workers (contention {described['contention']}), {runs} runs"
            report(f"portal page of 20 zaken; {label}", results["portal"], REAL_PORTAL)
            if workers == args.workers:
                verdict(results["portal"], REAL_PORTAL)
            report(f"citizen with one zaak; {label}", results["single"], REAL_SINGLE)
            if workers == args.workers:
                verdict(results["single"], REAL_SINGLE)
    print("\nbusy s: the registry's summed service time in the last run; real: Open Zaak 1.30 on 2 cores")


if __name__ == "__main__":
    main()
