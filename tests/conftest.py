"""Shared fixtures: the simulator as a real HTTP server, and the gateway as a real HTTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.testing import RunningSimulator, run_simulator
from tests.support import Gateway, registry_for, run_gateway


@pytest.fixture(scope="session")
def simulator() -> Iterator[RunningSimulator]:
    with run_simulator(size=60, seed=7) as running:
        yield running


@pytest.fixture(scope="session")
def gateway(simulator: RunningSimulator) -> Iterator[Gateway]:
    with run_gateway([registry_for(simulator)]) as running:
        yield running


@pytest.fixture
def clean(simulator: RunningSimulator) -> Iterator[RunningSimulator]:
    """The shared simulator with an empty request log, no faults and no latency; restored afterwards."""
    simulator.clear_faults()
    simulator.set_latency(fixed_ms=0, jitter_ms=0)
    simulator.reset_requests()
    yield simulator
    simulator.clear_faults()
    simulator.set_latency(fixed_ms=0, jitter_ms=0)
