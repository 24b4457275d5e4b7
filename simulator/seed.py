"""The deterministic seed: same (seed, size, registry) gives the same registry contents."""

from __future__ import annotations

import random
from dataclasses import dataclass

from simulator.people import WELL_KNOWN_BSN
from simulator.seed_catalogi import seed_catalogi
from simulator.seed_zaken import ZakenSeeder
from simulator.store import Store


@dataclass(frozen=True, slots=True)
class SeedSpec:
    seed: int = 1
    size: int = 50
    registry: str = "Utrecht"


def build_store(spec: SeedSpec) -> Store:
    store = Store()
    rng = random.Random(f"{spec.registry}:{spec.seed}")
    catalog = seed_catalogi(store, rng, spec.registry)
    ZakenSeeder(store, rng, catalog, spec.size).run()
    return store


__all__ = ["WELL_KNOWN_BSN", "SeedSpec", "build_store"]
