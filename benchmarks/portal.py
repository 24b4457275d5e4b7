"""The portal query through ZaakGraph against REST clients that get the same data, in the same run.

A citizen's 20 most recent zaken (by BSN through the rol filter), each with its zaaktype omschrijving,
current status with its statustype, resultaat with its resultaattype, its documents (titel, formaat,
bestandsomvang, vertrouwelijkheidaanduiding, informatieobjecttype omschrijving) and besluiten (datum,
besluittype omschrijving), against the embedded registry with a fixed simulated latency per request.

Prints, per client: backend requests, sequential rounds (from the registry's request log), wall median and
p95 over the runs, and the ratio to the naive REST client. Every client's data is checked to be equal.

    .venv/bin/python -m benchmarks.portal [--runs 30] [--latency-ms 20] [--size 200]   (from the repo root)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx

from gateway.settings import RegistrySettings
from gateway.testing import Gateway, run_gateway
from simulator.testing import RunningSimulator, run_simulator

PORTAL_QUERY = """
query Portal($bsn: String!) {
  zaken(filter: {rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn: $bsn},
        ordering: [startdatum_DESC], first: 20) {
    nodes {
      url identificatie omschrijving startdatum einddatum
      zaaktype { omschrijving }
      status { datumStatusGezet statustype { omschrijving } }
      resultaat { resultaattype { omschrijving } }
      documenten { url titel formaat bestandsomvang vertrouwelijkheidaanduiding
                   informatieobjecttype { omschrijving } }
      besluiten { url datum besluittype { omschrijving } }
    }
  }
}
"""
BSN_FILTER = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"


class Rest:
    """A plain ZGW REST client: JWT, Accept-Crs, one request at a time or many at once."""

    def __init__(self, simulator: RunningSimulator) -> None:
        self.base = simulator.base_url
        self.headers = {
            "Authorization": f"Bearer {simulator.token()}",
            "Accept-Crs": "EPSG:4326",
            "Content-Crs": "EPSG:4326",
        }

    def zaken_url(self) -> str:
        return self.base + "zaken/api/v1/zaken"

    def zio_url(self) -> str:
        return self.base + "zaken/api/v1/zaakinformatieobjecten"

    def besluiten_url(self) -> str:
        return self.base + "besluiten/api/v1/besluiten"


def _zaak_row(zaak: dict[str, Any], get: Callable[[str], Any], lst: Callable[..., Any]) -> dict[str, Any]:
    """One zaak of the page the way portal code does it today: follow every link, one after another."""
    zaaktype = get(zaak["zaaktype"])
    status = None
    if zaak.get("status"):
        status_resource = get(zaak["status"])
        statustype = get(status_resource["statustype"])
        status = {
            "datumStatusGezet": status_resource["datumStatusGezet"],
            "statustype": {"omschrijving": statustype["omschrijving"]},
        }
    resultaat = None
    if zaak.get("resultaat"):
        resultaat_resource = get(zaak["resultaat"])
        resultaattype = get(resultaat_resource["resultaattype"])
        resultaat = {"resultaattype": {"omschrijving": resultaattype["omschrijving"]}}
    documenten = []
    for zio in lst("zio", zaak["url"]):
        document = get(zio["informatieobject"])
        iotype = get(document["informatieobjecttype"])
        documenten.append(
            {
                "url": document["url"],
                "titel": document["titel"],
                "formaat": document["formaat"],
                "bestandsomvang": document["bestandsomvang"],
                "vertrouwelijkheidaanduiding": document["vertrouwelijkheidaanduiding"],
                "informatieobjecttype": {"omschrijving": iotype["omschrijving"]},
            }
        )
    besluiten = []
    for besluit in lst("besluiten", zaak["url"]):
        besluittype = get(besluit["besluittype"])
        besluiten.append(
            {
                "url": besluit["url"],
                "datum": besluit["datum"],
                "besluittype": {"omschrijving": besluittype["omschrijving"]},
            }
        )
    return {
        "url": zaak["url"],
        "identificatie": zaak["identificatie"],
        "omschrijving": zaak["omschrijving"],
        "startdatum": zaak["startdatum"],
        "einddatum": zaak["einddatum"],
        "zaaktype": {"omschrijving": zaaktype["omschrijving"]},
        "status": status,
        "resultaat": resultaat,
        "documenten": documenten,
        "besluiten": besluiten,
    }


def naive_rest(simulator: RunningSimulator, bsn: str) -> list[dict[str, Any]]:
    """Sequential, in the obvious order, no deduplication: what most portal code does."""
    rest = Rest(simulator)
    with httpx.Client(headers=rest.headers, timeout=60) as client:

        def get(url: str, **params: str) -> Any:
            response = client.get(url, params=params)
            response.raise_for_status()
            return response.json()

        def lst(kind: str, zaak_url: str) -> list[dict[str, Any]]:
            if kind == "zio":
                return list(get(rest.zio_url(), zaak=zaak_url))
            return list(get(rest.besluiten_url(), zaak=zaak_url)["results"])

        page = get(rest.zaken_url(), **{BSN_FILTER: bsn, "ordering": "-startdatum"})
        return [_zaak_row(zaak, get, lst) for zaak in page["results"][:20]]


def concurrent_rest(simulator: RunningSimulator, bsn: str) -> list[dict[str, Any]]:
    """Level by level, concurrently, each distinct URL once: what a careful team writes by hand."""
    rest = Rest(simulator)

    async def run() -> list[dict[str, Any]]:
        async with httpx.AsyncClient(headers=rest.headers, timeout=60) as client:
            cache: dict[tuple[str, str], Any] = {}

            async def fetch_all(keys: list[tuple[str, str]]) -> None:
                async def one(key: tuple[str, str]) -> None:
                    url, zaak = key
                    response = await client.get(url, params={"zaak": zaak} if zaak else None)
                    response.raise_for_status()
                    cache[key] = response.json()

                await asyncio.gather(*(one(k) for k in dict.fromkeys(keys) if k not in cache))

            response = await client.get(rest.zaken_url(), params={BSN_FILTER: bsn, "ordering": "-startdatum"})
            response.raise_for_status()
            zaken = response.json()["results"][:20]
            level1 = [(z["zaaktype"], "") for z in zaken] + [
                (z["status"], "") for z in zaken if z.get("status")
            ]
            level1 += [(z["resultaat"], "") for z in zaken if z.get("resultaat")]
            level1 += [(rest.zio_url(), z["url"]) for z in zaken] + [
                (rest.besluiten_url(), z["url"]) for z in zaken
            ]
            await fetch_all(level1)
            level2: list[tuple[str, str]] = []
            for zaak in zaken:
                if zaak.get("status"):
                    level2.append((cache[(zaak["status"], "")]["statustype"], ""))
                if zaak.get("resultaat"):
                    level2.append((cache[(zaak["resultaat"], "")]["resultaattype"], ""))
                level2 += [(zio["informatieobject"], "") for zio in cache[(rest.zio_url(), zaak["url"])]]
                level2 += [
                    (b["besluittype"], "") for b in cache[(rest.besluiten_url(), zaak["url"])]["results"]
                ]
            await fetch_all(level2)
            level3 = [
                (cache[(zio["informatieobject"], "")]["informatieobjecttype"], "")
                for zaak in zaken
                for zio in cache[(rest.zio_url(), zaak["url"])]
            ]
            await fetch_all(level3)

            def get(url: str) -> Any:
                return cache[(url, "")]

            def lst(kind: str, zaak_url: str) -> Any:
                if kind == "zio":
                    return cache[(rest.zio_url(), zaak_url)]
                return cache[(rest.besluiten_url(), zaak_url)]["results"]

            return [_zaak_row(zaak, get, lst) for zaak in zaken]

    return asyncio.run(run())


def graphql_client(gateway: Gateway) -> Callable[[RunningSimulator, str], list[dict[str, Any]]]:
    def run(_: RunningSimulator, bsn: str) -> list[dict[str, Any]]:
        nodes: list[dict[str, Any]] = gateway.data(PORTAL_QUERY, {"bsn": bsn})["zaken"]["nodes"]
        return nodes

    return run


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with run_simulator(size=args.size, seed=args.seed) as simulator:
        bsn = simulator.summary()["bsns"][0]["bsn"]
        registry = RegistrySettings(
            name="bench",
            base_url=simulator.base_url,
            client_id=simulator.client_id,
            secret=simulator.secret,  # type: ignore[arg-type]
            send_page_size=True,
            max_concurrency=64,
        )
        with run_gateway([registry], catalogue_cache_ttl_s=0) as cold, run_gateway([registry]) as warm:
            clients: dict[str, Callable[[RunningSimulator, str], list[dict[str, Any]]]] = {
                "naive REST": naive_rest,
                "concurrent REST": concurrent_rest,
                "ZaakGraph (cold)": graphql_client(cold),  # no catalogue cache: a first visit
                "ZaakGraph (warm)": graphql_client(warm),  # published catalogue cached across queries
            }
            simulator.set_latency(fixed_ms=0, jitter_ms=0)
            reference = naive_rest(simulator, bsn)
            for name, client in clients.items():
                if client(simulator, bsn) != reference:
                    raise SystemExit(f"{name} returned other data than naive REST")
            simulator.set_latency(fixed_ms=args.latency_ms, jitter_ms=0)
            walls: dict[str, list[float]] = {name: [] for name in clients}
            counts: dict[str, tuple[int, int]] = {}
            for _ in range(args.runs):  # interleaved, so drift hits every client alike
                for name, client in clients.items():
                    simulator.reset_requests()
                    started = time.perf_counter()
                    client(simulator, bsn)
                    walls[name].append(time.perf_counter() - started)
                    log = simulator.requests()
                    counts[name] = (log["count"], log["rounds"])
            simulator.set_latency(fixed_ms=0, jitter_ms=0)

    zaken = len(reference)
    documents = sum(len(z["documenten"]) for z in reference)
    besluiten = sum(len(z["besluiten"]) for z in reference)
    print(
        f"portal query: {zaken} zaken, {documents} documents, {besluiten} besluiten; "
        f"{args.latency_ms:g} ms per backend request; {args.runs} interleaved runs; size {args.size}"
    )
    print(f"{'client':<20} {'requests':>9} {'rounds':>7} {'median s':>9} {'p95 s':>7} {'ratio':>6}")
    naive_median = statistics.median(walls["naive REST"])
    for name in clients:
        ordered = sorted(walls[name])
        median = statistics.median(ordered)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        requests, rounds = counts[name]
        print(
            f"{name:<20} {requests:>9} {rounds:>7} {median:>9.3f} {p95:>7.3f} {median / naive_median:>6.2f}"
        )


if __name__ == "__main__":
    main()
