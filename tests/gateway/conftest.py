"""Fixtures of the gateway suite: gateways with other settings over the session simulator, and a registry
of our own for tests that create data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.testing import RunningSimulator, run_simulator
from tests.support import Gateway, registry_for, run_gateway


@pytest.fixture(scope="session")
def uncached(simulator: RunningSimulator) -> Iterator[Gateway]:
    """A gateway that keeps nothing between requests, so every query asks the registry for everything, each
    link by its own requests (the planner's choice of `expand` is tested in test_planner_costs.py, catalogue
    collections listed whole in test_catalogue_sweep.py)."""
    registry = registry_for(simulator, use_expand=False, sweep_catalogue=False)
    with run_gateway([registry], catalogue_cache_ttl_s=0, resource_cache_mb=0) as running:
        yield running


@pytest.fixture(scope="module")
def writable() -> Iterator[RunningSimulator]:
    """A registry of this module's own: tests here create resources (klantcontacten, gebruiksrechten ...)."""
    with run_simulator(size=20, seed=11) as running:
        yield running


@pytest.fixture(scope="module")
def writable_gateway(writable: RunningSimulator) -> Iterator[Gateway]:
    with run_gateway([registry_for(writable)], catalogue_cache_ttl_s=0) as running:
        yield running
