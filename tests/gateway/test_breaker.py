"""Circuit breakers (gateway/breaker.py): a registry collection that keeps failing is not asked for a while,
its requests failing at once with UPSTREAM_UNAVAILABLE, while the registry's other collections are asked as
before; after the cooldown it is asked again, and one answer closes the breaker."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from simulator.testing import RunningSimulator, run_simulator
from tests.support import registry_for, run_gateway

QUERY = """{ zaken(first: 8) { nodes { identificatie statussen { url } } } }"""
TRACE = {"X-ZaakGraph-Trace": "1"}


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=30, seed=37) as running:
        yield running


def _asked(sim: RunningSimulator, collection: str) -> int:
    return sum(1 for r in sim.requests()["requests"] if r["path"].rstrip("/").endswith(collection))


def _codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def test_a_collection_that_keeps_failing_is_left_alone_for_its_cooldown(registry: RunningSimulator) -> None:
    settings = registry_for(registry, use_expand=False, breaker_failures=3, breaker_cooldown_s=1.0)
    with run_gateway([settings]) as gateway:
        registry.set_faults(error_rate=1, statuses=[503], path_regex="statussen")
        try:
            registry.reset_requests()
            failing = gateway.query(QUERY, headers=TRACE)
            asked_failing = _asked(registry, "statussen")
            registry.reset_requests()
            started = time.perf_counter()
            left_alone = gateway.query(QUERY, headers=TRACE)
            took = time.perf_counter() - started
            asked_left_alone, zaken_asked = _asked(registry, "statussen"), _asked(registry, "zaken")
        finally:
            registry.clear_faults()
        still_open = gateway.query(QUERY)
        time.sleep(1.1)  # the cooldown
        registry.reset_requests()
        recovered = gateway.query(QUERY, headers=TRACE)
        asked_recovered = _asked(registry, "statussen")

    # the first query's statussen lists all went and failed, and opened the breaker
    assert asked_failing == 8 and _codes(failing) == ["UPSTREAM_ERROR"] * 8
    assert failing["extensions"]["backend"]["breakersOpen"] == {"sim": ["zaken:statussen"]}
    # the next asks no statussen list at all: they fail at once, and say so; the zaken list is asked as before
    assert asked_left_alone == 0 and zaken_asked == 1
    assert _codes(left_alone) == ["UPSTREAM_UNAVAILABLE"] * 8
    assert all(e["extensions"]["retryable"] is True for e in left_alone["errors"])
    assert "failed 3 times in a row" in left_alone["errors"][0]["message"]
    assert [n["identificatie"] for n in left_alone["data"]["zaken"]["nodes"]] == [
        n["identificatie"] for n in failing["data"]["zaken"]["nodes"]
    ]
    assert took < 0.5
    # a registry that answers again is not asked before the cooldown ends ...
    assert _codes(still_open) == ["UPSTREAM_UNAVAILABLE"] * 8
    # ... and is, all of it, once it has
    assert asked_recovered == 8 and "errors" not in recovered
    assert recovered["extensions"]["backend"]["breakersOpen"] == {}


def test_a_registry_that_answers_no_keeps_its_breaker_closed(registry: RunningSimulator) -> None:
    settings = registry_for(registry, use_expand=False, breaker_failures=3, breaker_cooldown_s=30.0)
    with run_gateway([settings]) as gateway:
        registry.set_faults(error_rate=1, statuses=[403], path_regex="statussen")
        try:
            first = gateway.query(QUERY)
            registry.reset_requests()
            second = gateway.query(QUERY, headers=TRACE)
            asked = _asked(registry, "statussen")
        finally:
            registry.clear_faults()

    # a 403 is an answer: the registry is up, and every list is asked again
    assert _codes(first) == _codes(second) == ["FORBIDDEN"] * 8
    assert asked == 8
    assert all(e["extensions"]["retryable"] is False for e in second["errors"])
    assert second["extensions"]["backend"]["breakersOpen"] == {}


def test_breaker_failures_zero_never_opens(registry: RunningSimulator) -> None:
    settings = registry_for(registry, use_expand=False, breaker_failures=0)
    with run_gateway([settings]) as gateway:
        registry.set_faults(error_rate=1, statuses=[503], path_regex="statussen")
        try:
            gateway.query(QUERY)
            registry.reset_requests()
            second = gateway.query(QUERY)
            asked = _asked(registry, "statussen")
        finally:
            registry.clear_faults()

    assert asked == 8 and _codes(second) == ["UPSTREAM_ERROR"] * 8


def test_an_open_breaker_is_answered_from_the_callers_cache_at_once(registry: RunningSimulator) -> None:
    settings = registry_for(registry, use_expand=False, breaker_failures=3, breaker_cooldown_s=30.0)
    with run_gateway([settings], stale_if_error_s=60) as gateway:
        before = gateway.query(QUERY)
        registry.set_faults(error_rate=1, statuses=[503], path_regex="statussen")
        try:
            failing = gateway.query(QUERY)
            registry.reset_requests()
            started = time.perf_counter()
            left_alone = gateway.query(QUERY)
            took = time.perf_counter() - started
            asked = _asked(registry, "statussen")
        finally:
            registry.clear_faults()

    assert "errors" not in before and "errors" not in failing and "errors" not in left_alone
    assert failing["data"] == left_alone["data"] == before["data"]
    assert {e["code"] for e in failing["extensions"]["stale"]} == {"UPSTREAM_ERROR"}
    # the breaker is open: no statussen list is asked, and what the caller had comes at once, named as such
    assert asked == 0 and took < 0.5
    stale = left_alone["extensions"]["stale"]
    assert len(stale) == 8 and {e["code"] for e in stale} == {"UPSTREAM_UNAVAILABLE"}
