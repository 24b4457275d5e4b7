"""The portal query over three registries against the same query over one, with the same latency each.

Each registry is its own simulator process with a fixed delay per request; the citizen has zaken in all
three, so the zaken list fans out to three registries and their pages are merged. Target: wall time over
three at most 1.2 times that over one.

    .venv/bin/python -m benchmarks.registries [--runs 30] [--latency-ms 20] [--size 200]   (from the repo root)
"""

from __future__ import annotations

import argparse
import time
from contextlib import ExitStack

from benchmarks import stats
from benchmarks.portal import PORTAL_QUERY
from gateway.settings import RegistrySettings
from gateway.testing import Gateway, run_gateway
from simulator.people import WELL_KNOWN_BSN
from simulator.testing import RunningSimulator, run_simulator


def _registry(sim: RunningSimulator, name: str) -> RegistrySettings:
    return RegistrySettings(
        name=name,
        base_url=sim.base_url,
        client_id=sim.client_id,
        secret=sim.secret,  # type: ignore[arg-type]
        send_page_size=True,
        max_concurrency=64,
    )


def _time(gateway: Gateway) -> float:
    started = time.perf_counter()
    nodes = gateway.data(PORTAL_QUERY, {"bsn": WELL_KNOWN_BSN})["zaken"]["nodes"]
    if len(nodes) != 20:
        raise SystemExit(f"expected 20 zaken, got {len(nodes)}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--size", type=int, default=200)
    args = parser.parse_args()

    with ExitStack() as stack:
        sims = [stack.enter_context(run_simulator(size=args.size, seed=1 + i)) for i in range(3)]
        one = stack.enter_context(run_gateway([_registry(sims[0], "een")], catalogue_cache_ttl_s=0))
        three = stack.enter_context(
            run_gateway(
                [_registry(s, n) for s, n in zip(sims, ("een", "twee", "drie"), strict=True)],
                catalogue_cache_ttl_s=0,
            )
        )
        _time(one), _time(three)  # warm the connection pools
        for sim in sims:
            sim.set_latency(fixed_ms=args.latency_ms)
        walls: dict[str, list[float]] = {"one registry": [], "three registries": []}
        for _ in range(args.runs):  # interleaved
            walls["one registry"].append(_time(one))
            walls["three registries"].append(_time(three))

    print(f"portal query, 20 zaken, {args.latency_ms:g} ms per backend request, {args.runs} interleaved runs")
    print(f"{'gateway over':<18} {'median s':>9} {'p95 s':>7}")
    for name, values in walls.items():
        print(f"{name:<18} {stats.median(values):>9.3f} {stats.p95(values):>7.3f}")
    ratio = stats.median(walls["three registries"]) / stats.median(walls["one registry"])
    print(f"three / one: {ratio:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
