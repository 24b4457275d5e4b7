"""The deterministic seed: same (seed, size, registry) gives the same registry contents."""

from __future__ import annotations

import random
from dataclasses import dataclass

from simulator import codec
from simulator.people import WELL_KNOWN_BSN
from simulator.seed_catalogi import seed_catalogi
from simulator.seed_zaken import ZakenSeeder
from simulator.store import Store


@dataclass(frozen=True, slots=True)
class SeedSpec:
    seed: int = 1
    size: int = 50
    registry: str = "Utrecht"


def _configure_codec() -> None:
    """The deflate dictionary: a few typical resources of every kind, from a tiny fixed seed."""
    if codec.configured():
        return
    sample = _seed(SeedSpec(seed=0, size=20, registry="dictionary"))
    parts = [
        record.json()
        for collection in sample.collections.values()
        for record in list(collection.records.values())[:2]
    ]
    codec.configure(b"".join(parts)[-32768:])


def build_store(spec: SeedSpec) -> Store:
    _configure_codec()
    return _seed(spec)


def _seed(spec: SeedSpec) -> Store:
    store = Store()
    # The catalogue depends on the registry name only, so registries seeded under one name share it
    # (`--catalogi-url`: a national catalogue used by several municipalities); the zaken depend on the seed.
    catalog = seed_catalogi(store, random.Random(f"{spec.registry}:catalogue"), spec.registry)
    ZakenSeeder(store, random.Random(f"{spec.registry}:{spec.seed}"), catalog, spec.size).run()
    return store


__all__ = ["WELL_KNOWN_BSN", "SeedSpec", "build_store"]
