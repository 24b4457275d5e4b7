"""Where ZaakGraph stands on the calibrated `openzaak` profile: the portal page against the four REST plans.

The registry is the simulator with the capacity profile calibrated against a real Open Zaak 1.30 (2 workers,
a FIFO queue, service times per request kind; docs/openzaak-profile.md), and the same with 32 workers. The
citizen is the research note's page (20 zaken, 19 documents, 4 besluiten), built through the create
endpoints (benchmarks/citizen.py). Clients: the four REST plans of benchmarks/rest_baselines.py and ZaakGraph
cold (no catalogue cache) and warm, each with and without `use_expand`. Every client's data is checked equal.

This is the measurement the planner work (issue 8) starts from: ZaakGraph does not yet choose between plain
requests, `_zoek` and `expand` by a cost model; `use_expand` is a per-registry setting here.

    .venv/bin/python -m benchmarks.portal_openzaak [--runs 5] [--workers 2 32]   (from the repo root)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from benchmarks import stats
from benchmarks.citizen import PORTAL, Credentials, build_citizen
from benchmarks.portal import PORTAL_QUERY, _rows
from benchmarks.rest_baselines import PLANS
from gateway.settings import RegistrySettings
from gateway.testing import Gateway, run_gateway
from simulator.testing import run_simulator

Client = Callable[[], list[dict[str, Any]]]


def _graphql(gateway: Gateway, bsn: str) -> Client:
    return lambda: _rows(gateway.data(PORTAL_QUERY, {"bsn": bsn})["zaken"]["nodes"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 32])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with run_simulator(size=args.size, seed=args.seed) as sim:
        credentials = Credentials(sim.client_id, sim.secret)
        bsn = build_citizen(sim.base_url, credentials, PORTAL, seed=args.seed)
        plain = RegistrySettings(
            name="openzaak",
            base_url=sim.base_url,
            client_id=sim.client_id,
            secret=sim.secret,  # type: ignore[arg-type]
            send_page_size=True,
        )
        expanding = plain.model_copy(update={"use_expand": True})
        with (
            run_gateway([plain], catalogue_cache_ttl_s=0) as cold,
            run_gateway([expanding], catalogue_cache_ttl_s=0) as cold_expand,
            run_gateway([plain]) as warm,
            run_gateway([expanding]) as warm_expand,
        ):
            clients: dict[str, Client] = {
                f"REST {name}": (lambda plan=plan: plan(sim.base_url, credentials, bsn)[0])
                for name, plan in PLANS.items()
            }
            clients["ZaakGraph cold"] = _graphql(cold, bsn)
            clients["ZaakGraph cold, expand"] = _graphql(cold_expand, bsn)
            clients["ZaakGraph warm"] = _graphql(warm, bsn)
            clients["ZaakGraph warm, expand"] = _graphql(warm_expand, bsn)
            sim.set_latency()
            reference = clients["REST naive"]()
            for name, client in clients.items():  # also warms the warm gateways' catalogue caches
                if client() != reference:
                    raise SystemExit(f"{name} returned other data than REST naive")
            for workers in args.workers:
                sim.set_latency(profile="openzaak", workers=workers, seed=args.seed)
                walls, counts = stats.interleaved(sim, clients, args.runs)
                sim.set_latency()
                _report(workers, args.runs, walls, counts)


def _report(
    workers: int, runs: int, walls: dict[str, list[float]], counts: dict[str, tuple[int, int]]
) -> None:
    naive = stats.median(walls["REST naive"])
    best = min((name for name in walls if name.startswith("REST")), key=lambda n: stats.median(walls[n]))
    print(f"\nopenzaak profile, {workers} workers, {runs} interleaved runs; best REST plan: {best}")
    print(
        f"{'client':<24} {'requests':>8} {'rounds':>6} {'median s':>9} {'p95 s':>7} {'/naive':>7} {'/best':>6}"
    )
    for name, values in walls.items():
        median, (requests, rounds) = stats.median(values), counts[name]
        print(
            f"{name:<24} {requests:>8} {rounds:>6} {median:>9.2f} {stats.p95(values):>7.2f}"
            f" {median / naive:>7.2f} {median / stats.median(walls[best]):>6.2f}"
        )


if __name__ == "__main__":
    main()
