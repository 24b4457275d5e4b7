from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulator.testing import RunningSimulator, run_simulator


@pytest.fixture(scope="session")
def sim() -> Iterator[RunningSimulator]:
    """One seeded registry for read-only tests (tests that change knobs restore them)."""
    with run_simulator(size=50, seed=1) as running:
        yield running


@pytest.fixture()
def fresh() -> Iterator[RunningSimulator]:
    """A registry of its own, for tests that write or break things."""
    with run_simulator(size=50, seed=2) as running:
        yield running
