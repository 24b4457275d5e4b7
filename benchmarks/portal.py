"""The portal query through ZaakGraph against REST clients that get the same data, in the same run.

A citizen's 20 most recent zaken (by BSN through the rol filter), each with its zaaktype omschrijving,
current status with its statustype, resultaat with its resultaattype, its documents (titel, formaat,
bestandsomvang, vertrouwelijkheidaanduiding, informatieobjecttype omschrijving) and besluiten (datum,
besluittype omschrijving), against the embedded registry with a fixed simulated latency per request.

The REST clients are the four plans of `benchmarks/rest_baselines.py` (naive, concurrent, concurrent with
documents by `_zoek`, expand + `_zoek`): what portals do today, and the best a skilled team writes by hand.
Prints, per client: backend requests, sequential rounds (from the registry's request log), wall median and
p95 over the runs, and the ratio to the naive REST client. Every client's data is checked to be equal.

    .venv/bin/python -m benchmarks.portal [--runs 30] [--latency-ms 20] [--size 200]   (from the repo root)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from benchmarks import stats
from benchmarks.rest_baselines import PLANS, Credentials
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


Client = Callable[[], tuple[list[dict[str, Any]], int]]


def _rows(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The GraphQL answer in the REST plans' row shape (documents and besluiten by url; no omschrijving)."""
    return [
        {
            **{k: v for k, v in node.items() if k != "omschrijving"},
            "documenten": sorted(node["documenten"], key=lambda d: d["url"]),
            "besluiten": sorted(node["besluiten"], key=lambda b: b["url"]),
        }
        for node in nodes
    ]


def _graphql(gateway: Gateway, bsn: str) -> Client:
    def run() -> tuple[list[dict[str, Any]], int]:
        return _rows(gateway.data(PORTAL_QUERY, {"bsn": bsn})["zaken"]["nodes"]), 0

    return run


def _plan(name: str, simulator: RunningSimulator, bsn: str) -> Client:
    credentials = Credentials(simulator.client_id, simulator.secret)
    return lambda: PLANS[name](simulator.base_url, credentials, bsn)


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
        expanding = registry.model_copy(update={"use_expand": True})
        with (
            run_gateway([registry], catalogue_cache_ttl_s=0) as cold,
            run_gateway([registry]) as warm,
            run_gateway([expanding]) as warm_expand,
        ):
            clients: dict[str, Client] = {f"REST {name}": _plan(name, simulator, bsn) for name in PLANS}
            clients["ZaakGraph (cold)"] = _graphql(cold, bsn)  # no catalogue cache: a first visit
            clients["ZaakGraph (warm)"] = _graphql(warm, bsn)  # published catalogue cached across queries
            clients["ZaakGraph (warm, expand)"] = _graphql(warm_expand, bsn)  # use_expand for this registry
            simulator.set_latency(fixed_ms=0, jitter_ms=0)
            reference, _ = clients["REST naive"]()
            for name, client in clients.items():
                if client()[0] != reference:
                    raise SystemExit(f"{name} returned other data than naive REST")
            simulator.set_latency(fixed_ms=args.latency_ms, jitter_ms=0)
            walls, counts = stats.interleaved(simulator, clients, args.runs)
            simulator.set_latency(fixed_ms=0, jitter_ms=0)

    documents = sum(len(z["documenten"]) for z in reference)
    besluiten = sum(len(z["besluiten"]) for z in reference)
    print(
        f"portal query: {len(reference)} zaken, {documents} documents, {besluiten} besluiten; "
        f"{args.latency_ms:g} ms per backend request; {args.runs} interleaved runs; size {args.size}"
    )
    print(f"{'client':<26} {'requests':>9} {'rounds':>7} {'median s':>9} {'p95 s':>7} {'ratio':>6}")
    naive_median = stats.median(walls["REST naive"])
    for name in clients:
        median, (requests, rounds) = stats.median(walls[name]), counts[name]
        print(
            f"{name:<26} {requests:>9} {rounds:>7} {median:>9.3f} {stats.p95(walls[name]):>7.3f}"
            f" {median / naive_median:>6.2f}"
        )


if __name__ == "__main__":
    main()
