"""Stale-if-error (`stale_if_error_s`): when a registry fails to answer, a caller gets what the resource cache
holds for that caller, no older than the setting, named with its age in `extensions.stale`; a registry that
answers no (403, 404) is believed, another caller's entries are never served, and without the setting a
failing registry gives its error."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from simulator.testing import RunningSimulator, run_simulator
from tests.support import Gateway, registry_for, run_gateway

QUERY = """{ zaken(first: 3) {
    nodes {
        url identificatie
        status { url datumStatusGezet statustype { omschrijving } }
        statussen { url }
        zaakinformatieobjecten { informatieobject { url titel } }
    }
} }"""


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=40, seed=31) as running:
        yield running


def _gateway(sim: RunningSimulator, **settings: Any) -> Any:
    return run_gateway([registry_for(sim, timeout_s=0.5)], principal_header="X-Principal", **settings)


def _ask(gateway: Gateway, principal: str = "alice") -> dict[str, Any]:
    return gateway.query(QUERY, headers={"X-Principal": principal})


def _codes(body: dict[str, Any]) -> set[str]:
    return {error["extensions"]["code"] for error in body.get("errors", [])}


def _warm(gateway: Gateway) -> dict[str, Any]:
    body = _ask(gateway)
    assert "errors" not in body, body["errors"]
    zaken = body["data"]["zaken"]["nodes"]
    assert any(z["status"] for z in zaken) and any(z["zaakinformatieobjecten"] for z in zaken), "needs links"
    return body


def test_a_failing_registry_gives_what_this_caller_had_named_with_its_age(registry: RunningSimulator) -> None:
    with _gateway(registry, stale_if_error_s=60) as gateway:
        before = _warm(gateway)
        registry.set_faults(error_rate=1, statuses=[503])
        try:
            during = _ask(gateway)
            other = _ask(gateway, "bob")
        finally:
            registry.clear_faults()

    # alice gets the page she had, with no error, and is told what was not the registry's answer of now
    assert "errors" not in during, during["errors"]
    assert during["data"] == before["data"]
    stale = during["extensions"]["stale"]
    assert {entry["code"] for entry in stale} == {"UPSTREAM_ERROR"}
    assert all(entry["registry"] == "sim" and 0 <= entry["ageS"] <= 60 for entry in stale)
    urls = [entry["url"] for entry in stale]
    assert any("/zaken/api/v1/zaken?" in url for url in urls)  # the list page
    assert any("/statussen/" in url for url in urls)  # a zaak's status
    assert any("/statussen?zaak=" in url for url in urls)  # a zaak's statussen
    assert any("/enkelvoudiginformatieobjecten/" in url for url in urls)  # a document
    # bob had nothing cached: he gets the error, and nothing of alice's
    assert "UPSTREAM_ERROR" in _codes(other)
    assert "stale" not in other.get("extensions", {})
    assert not other["data"] or not other["data"]["zaken"]


def test_a_registry_that_times_out_gives_what_this_caller_had(registry: RunningSimulator) -> None:
    with _gateway(registry, stale_if_error_s=60) as gateway:
        before = _warm(gateway)
        registry.set_latency(fixed_ms=1500, jitter_ms=0)  # beyond the registry's timeout_s of 0.5
        try:
            during = _ask(gateway)
        finally:
            registry.set_latency()

    assert "errors" not in during, during["errors"]
    assert during["data"] == before["data"]
    assert {entry["code"] for entry in during["extensions"]["stale"]} == {"UPSTREAM_TIMEOUT"}


@pytest.mark.parametrize(("status", "code"), [(403, "FORBIDDEN"), (404, "NOT_FOUND")])
def test_a_registry_that_answers_no_is_believed(registry: RunningSimulator, status: int, code: str) -> None:
    with _gateway(registry, stale_if_error_s=60) as gateway:
        _warm(gateway)
        registry.set_faults(error_rate=1, statuses=[status])
        try:
            during = _ask(gateway)
        finally:
            registry.clear_faults()

    assert code in _codes(during)
    assert "stale" not in during.get("extensions", {})


def test_without_the_setting_or_past_it_the_error_stands(registry: RunningSimulator) -> None:
    with _gateway(registry) as unset, _gateway(registry, stale_if_error_s=0.5) as brief:
        _warm(unset)
        _warm(brief)
        time.sleep(0.8)  # older than `brief` serves
        registry.set_faults(error_rate=1, statuses=[503])
        try:
            bodies = [_ask(unset), _ask(brief)]
        finally:
            registry.clear_faults()

    for body in bodies:
        assert "UPSTREAM_ERROR" in _codes(body)
        assert "stale" not in body.get("extensions", {})
