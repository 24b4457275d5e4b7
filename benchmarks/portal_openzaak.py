"""The cost-based planner on the calibrated `openzaak` profile: the portal page against the four REST plans.

The registry is the simulator with the capacity profile calibrated against a real Open Zaak 1.30 (2 workers,
a FIFO queue, service times per request kind; docs/openzaak-profile.md), and the same with 32 workers. The
citizen is the research note's page (20 zaken, 19 documents, 4 besluiten), built through the create
endpoints (benchmarks/citizen.py). Clients: the four REST plans of benchmarks/rest_baselines.py, and
ZaakGraph cold (no catalogue cache) and warm with the planner's choice (`auto`: the default settings) and
with expand pinned off (`plain`) or on (`expand`), and warm subscribed to the registry's notifications (the
resource cache then serves what no notification has named; without them it revalidates). Every client's data is checked equal. Before each
profile's measured runs every ZaakGraph client answers the page `--warmup` times on that profile, so its
cost model has seen the registry (a running gateway has). The auto gateways' plans and causal depth in hops (from the trace) are
printed per profile.

    .venv/bin/python -m benchmarks.portal_openzaak [--runs 5] [--workers 2 32] [--warmup 2]   (from the repo root)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from benchmarks import stats
from benchmarks.citizen import PORTAL, Credentials, build_citizen
from benchmarks.portal import PORTAL_QUERY, _rows
from benchmarks.rest_baselines import PLANS
from gateway.settings import RegistrySettings
from gateway.testing import Gateway, run_gateway, wait_until_subscribed
from simulator.testing import run_simulator

Client = Callable[[], list[dict[str, Any]]]


def _graphql(gateway: Gateway, bsn: str) -> Client:
    return lambda: _rows(gateway.data(PORTAL_QUERY, {"bsn": bsn})["zaken"]["nodes"])


def _plans(gateway: Gateway, bsn: str) -> tuple[list[dict[str, Any]], int]:
    """The plans of one more query, and its causal depth in hops (the trace's `hops`)."""
    body = gateway.query(PORTAL_QUERY, {"bsn": bsn}, headers={"X-ZaakGraph-Trace": "1"})
    backend = body["extensions"]["backend"]
    plans: list[dict[str, Any]] = backend["registries"]["openzaak"].get("plan", [])
    return plans, backend["hops"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 32])
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with run_simulator(size=args.size, seed=args.seed) as sim:
        credentials = Credentials(sim.client_id, sim.secret)
        bsn = build_citizen(sim.base_url, credentials, PORTAL, seed=args.seed)
        auto = RegistrySettings(
            name="openzaak",
            base_url=sim.base_url,
            client_id=sim.client_id,
            secret=sim.secret,  # type: ignore[arg-type]
            send_page_size=True,
        )
        for workers in args.workers:
            variants = {
                "auto": auto,
                f"auto, capacity={workers}": auto.model_copy(update={"capacity": workers}),
                "plain": auto.model_copy(update={"use_expand": False}),
                "expand": auto.model_copy(update={"use_expand": True}),
            }
            with ExitStack() as stack:  # fresh gateways per profile: their cost models start from scratch
                gateways: dict[str, Gateway] = {}
                for name, registry in variants.items():
                    gateways[f"ZaakGraph cold, {name}"] = stack.enter_context(
                        run_gateway([registry], catalogue_cache_ttl_s=0, resource_cache_mb=0)
                    )
                    gateways[f"ZaakGraph warm, {name}"] = stack.enter_context(run_gateway([registry]))
                # Warm as deployed with the registry's Notificaties API: the resource cache serves what no
                # notification has named (docs/caching.md); checks of the abonnement kept out of the runs.
                subscribed = auto.model_copy(
                    update={"notificaties_url": sim.base_url + "notificaties/api/v1/"}
                )
                live = stack.enter_context(run_gateway([subscribed], notificaties_check_s=3600))
                wait_until_subscribed(live.base_url)
                gateways["ZaakGraph warm, auto, notifications"] = live
                clients: dict[str, Client] = {
                    f"REST {name}": (lambda plan=plan: plan(sim.base_url, credentials, bsn)[0])
                    for name, plan in PLANS.items()
                }
                clients.update({name: _graphql(gateway, bsn) for name, gateway in gateways.items()})
                sim.set_latency()
                reference = clients["REST naive"]()
                for name, client in clients.items():
                    if name.startswith("REST") and client() != reference:
                        raise SystemExit(f"{name} returned other data than REST naive")
                # The gateways only ever see the profile (their cost models learn from what they see); their
                # first answer is checked, and warms the warm gateways' catalogue caches.
                sim.set_latency(profile="openzaak", workers=workers, seed=args.seed)
                for run in range(max(args.warmup, 1)):
                    for name in gateways:
                        if clients[name]() != reference and run == 0:
                            raise SystemExit(f"{name} returned other data than REST naive")
                walls, counts = stats.interleaved(sim, clients, args.runs)
                plans = {name: _plans(gateways[name], bsn) for name in gateways if "auto" in name}
                sim.set_latency()
            _report(workers, args.runs, walls, counts)
            for name, (chosen, hops) in plans.items():
                print(f"{name}: {hops} hop(s); " + "; ".join(_describe(plan) for plan in chosen))


def _describe(plan: dict[str, Any]) -> str:
    if "list" in plan:
        how = f"expand {plan['expand']} in {plan['pages']} page(s)" if plan["expand"] else "plain page"
        estimate = f"est. {plan['estimatedMs']:.0f} ms (plain {plan['plainEstimatedMs']:.0f})"
        return f"{plan['list']}: {how}, {estimate}, capacity {plan['capacity']}"
    if plan.get("strategy") == "list ahead":  # a small catalogue collection listed beside the first page
        return f"{plan['resource']}: listed ahead (collection of {plan['collectionSize']})"
    if "wanted" in plan:  # catalogue objects: one list of the collection, or a detail each
        return (
            f"{plan['resource']} x{plan['wanted']}: {plan['strategy']} (collection of "
            f"{plan['collectionSize']}), est. {plan['estimatedMs']:.0f} ms (detail {plan['detailEstimatedMs']:.0f})"
        )
    return f"{plan['resource']} x{plan['uuids']}: {plan['requests']} request(s), est. {plan['estimatedMs']:.0f} ms"


def _report(
    workers: int, runs: int, walls: dict[str, list[float]], counts: dict[str, tuple[int, int]]
) -> None:
    naive = stats.median(walls["REST naive"])
    best = min((name for name in walls if name.startswith("REST")), key=lambda n: stats.median(walls[n]))
    print(f"\nopenzaak profile, {workers} workers, {runs} interleaved runs; best REST plan: {best}")
    print(
        f"{'client':<34} {'requests':>8} {'rounds':>6} {'median s':>9} {'p95 s':>7} {'/naive':>7} {'/best':>6}"
    )
    for name, values in walls.items():
        median, (requests, rounds) = stats.median(values), counts[name]
        print(
            f"{name:<34} {requests:>8} {rounds:>6} {median:>9.2f} {stats.p95(values):>7.2f}"
            f" {median / naive:>7.2f} {median / stats.median(walls[best]):>6.2f}"
        )


if __name__ == "__main__":
    main()
