"""The cost-based planner: it picks expand on a registry that is slow per request and has few workers, plain
requests where expanding is dear and workers are many; the answer is the same whatever it picks; the settings
override it. Each registry is shaped with the simulator's capacity profile (workers, service times)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.portal import PORTAL_QUERY
from gateway.testing import wait_until_subscribed
from simulator.testing import RunningSimulator, run_simulator
from tests.gateway.helpers import ask
from tests.support import Gateway, registry_for, run_gateway

TRACE = {"X-ZaakGraph-Trace": "1"}
NRC = "notificaties/api/v1/"
# Service times a fifth of Open Zaak's, so a query takes well under a second.
FAST = {"detail": 12.0, "list": 12.0, "list.zaken": 30.0, "search": 11.0, "search.zaken": 25.0}


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=40, seed=5) as running:
        yield running


def _bsn(sim: RunningSimulator) -> str:
    bsn: str = sim.summary()["bsns"][0]["bsn"]
    return bsn


def _plan(gateway: Gateway, sim: RunningSimulator, runs: int = 3) -> tuple[dict[str, Any], dict[str, Any]]:
    """The portal query `runs` times (the cost model learns); the last answer and its list plan."""
    body: dict[str, Any] = {}
    for _ in range(runs):
        sim.reset_requests()
        body = ask(gateway, PORTAL_QUERY, {"bsn": _bsn(sim)}, headers={"X-ZaakGraph-Trace": "1"})
        assert "errors" not in body, body
    plans = body["extensions"]["backend"]["registries"]["sim"]["plan"]
    [listing] = [p for p in plans if p.get("list") == "zaken"]
    return body, listing


def _gateway(sim: RunningSimulator, **overrides: Any) -> Any:
    settings = {"send_page_size": True, **overrides}
    return run_gateway([registry_for(sim, **settings)], catalogue_cache_ttl_s=0, resource_cache_mb=0)


def test_few_workers_slow_per_request_gets_expand(registry: RunningSimulator) -> None:
    registry.set_latency(
        profile="openzaak", workers=2, service_ms={**FAST, "expanded": 2.0}, jitter=0, seed=1
    )
    try:
        with _gateway(registry, capacity=2) as gateway:
            body, listing = _plan(gateway, registry)
            log = registry.requests()
    finally:
        registry.set_latency()
    assert listing["strategy"] == "expand"
    assert listing["estimatedMs"] < listing["plainEstimatedMs"]
    assert "zaakinformatieobjecten" in listing["expand"]
    # never more rounds than the query is deep in hops (4), whatever was inlined
    assert log["rounds"] == body["extensions"]["backend"]["rounds"] <= 4
    # the document links came inlined with the page: the documents are the second hop, their types the third
    assert body["extensions"]["backend"]["hops"] == 3


def test_many_workers_and_dear_expand_get_plain_requests(registry: RunningSimulator) -> None:
    registry.set_latency(
        profile="openzaak", workers=32, service_ms={**FAST, "expanded": 80.0}, jitter=0, seed=1
    )
    try:
        with _gateway(registry, capacity=32) as gateway:
            _, listing = _plan(gateway, registry, runs=4)  # the model may try expand once, and learn
            log = registry.requests()
    finally:
        registry.set_latency()
    assert listing["strategy"] == "plain"
    assert "expand=" not in " ".join(r["query"] for r in log["requests"])


def test_the_answer_is_the_same_whatever_the_plan(registry: RunningSimulator) -> None:
    registry.set_latency(
        profile="openzaak", workers=2, service_ms={**FAST, "expanded": 2.0}, jitter=0, seed=1
    )
    answers = []
    strategies = []
    try:
        for overrides in ({"use_expand": False}, {"use_expand": True}, {"capacity": 2}, {"capacity": 32}):
            with _gateway(registry, **overrides) as gateway:
                body, listing = _plan(gateway, registry, runs=2)
                answers.append(body["data"])
                strategies.append((listing["strategy"], listing["pages"]))
    finally:
        registry.set_latency()
    assert all(answer == answers[0] for answer in answers)
    assert strategies[0] == ("plain", 1)
    assert strategies[1][0] == "expand"
    assert len(set(strategies)) >= 3  # several plans, one answer


def test_settings_override_the_choice(registry: RunningSimulator) -> None:
    registry.set_latency(
        profile="openzaak", workers=2, service_ms={**FAST, "expanded": 2.0}, jitter=0, seed=1
    )
    try:
        with _gateway(registry, capacity=2, use_expand=False) as gateway:
            _, pinned_off = _plan(gateway, registry, runs=2)
        # Expanded objects said to be dear, and the figures kept as given: plain, though expand is cheap here.
        dear = {"capacity": 2, "service_ms": {"expanded": 500.0}, "learn_costs": False}
        with _gateway(registry, **dear) as gateway:
            _, dear_plan = _plan(gateway, registry, runs=1)
    finally:
        registry.set_latency()
    assert (pinned_off["strategy"], pinned_off["capacity"]) == ("plain", 2.0)
    assert dear_plan["strategy"] == "plain"
    assert dear_plan["figures"]["serviceMs"]["expanded"] == 500.0


def test_a_probe_teaches_a_fresh_gateway_that_expand_is_cheap_here(registry: RunningSimulator) -> None:
    # Nothing in the settings: the model starts from Open Zaak's 18 ms per inlined object, which this
    # registry does not charge; with 32 workers plain requests look faster than that, so expand would never
    # be chosen. One zaak asked again with `expand` beside the plain plan shows what it costs here. (The
    # capacity is set and pages are not split: a capacity learned low, or a page split over 32 workers,
    # makes expand win on the default figure, unprobed.)
    registry.set_latency(
        profile="openzaak", workers=32, service_ms={**FAST, "expanded": 0.0}, jitter=0, seed=1
    )
    try:
        with _gateway(registry, capacity=32, send_page_size=False) as gateway:
            listings, probes = [], []
            for _ in range(6):
                registry.reset_requests()
                body = ask(gateway, PORTAL_QUERY, {"bsn": _bsn(registry)}, headers={"X-ZaakGraph-Trace": "1"})
                assert "errors" not in body, body
                plans = body["extensions"]["backend"]["registries"]["sim"]["plan"]
                listings.append(next(p for p in plans if p.get("list") == "zaken"))
                probes += [
                    r
                    for r in registry.requests()["requests"]
                    if "/zaken/" in r["path"] and "expand=" in r["query"] and not r["path"].endswith("/zaken")
                ]
    finally:
        registry.set_latency()
    probed = [i for i, listing in enumerate(listings) if listing["probe"]]
    assert len(probed) == 1 and len(probes) == 1  # one zaak detail with expand, once
    assert listings[probed[0]]["strategy"] == "plain"
    assert listings[probed[0]]["figures"]["serviceMs"]["expanded"] == 18.0  # Open Zaak's, before the answer
    # toward what this registry charges (0): by a whole learning step (0.3) at least
    assert listings[-1]["figures"]["serviceMs"]["expanded"] <= 18.0 * 0.7


def test_a_fresh_gateway_probes_on_its_first_list(registry: RunningSimulator) -> None:
    # Nothing in the settings: before its first answers the model keeps the plain plan, but it already asks
    # one zaak with `expand`, so that it knows what an inlined object costs here once it is ready (an
    # analyst's walk otherwise walks its first two pages plain).
    registry.set_latency(profile="openzaak", workers=32, service_ms=FAST, jitter=0, seed=1)
    try:
        with _gateway(registry) as gateway:
            registry.reset_requests()
            body = ask(gateway, PORTAL_QUERY, {"bsn": _bsn(registry)}, headers={"X-ZaakGraph-Trace": "1"})
            log = registry.requests()["requests"]
    finally:
        registry.set_latency()
    assert "errors" not in body, body
    [listing] = [p for p in body["extensions"]["backend"]["registries"]["sim"]["plan"] if p.get("list")]
    assert listing["strategy"] == "plain" and listing["probe"]
    probes = [
        r
        for r in log
        if "/zaken/" in r["path"] and "expand=" in r["query"] and not r["path"].endswith("/zaken")
    ]
    assert len(probes) == 1


def _listing(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    [listing] = [p for p in body["extensions"]["backend"]["registries"]["sim"]["plan"] if p.get("list")]
    return listing


def test_a_window_the_cache_holds_is_served_from_it_when_the_model_changes_its_mind(
    registry: RunningSimulator,
) -> None:
    # Subscribed to the registry's notifications, so a warm query is served from the resource cache. A fresh
    # model keeps the plain plan for its first list; by the next it is ready, and on 2 workers with cheap
    # inlined objects it prefers expand: a window asked with `expand` is not the one the cache holds.
    registry.set_latency(
        profile="openzaak", workers=2, service_ms={**FAST, "expanded": 2.0}, jitter=0, seed=1
    )
    citizen, other_citizen = (b["bsn"] for b in registry.summary()["bsns"][:2])
    subscribing = registry_for(registry, send_page_size=True, notificaties_url=registry.base_url + NRC)
    try:
        with run_gateway([subscribing]) as gateway:
            wait_until_subscribed(gateway.base_url)
            first = _listing(ask(gateway, PORTAL_QUERY, {"bsn": citizen}, headers=TRACE))
            registry.reset_requests()
            warm = ask(gateway, PORTAL_QUERY, {"bsn": citizen}, headers=TRACE)
            warm_log = registry.requests()
            cold = _listing(ask(gateway, PORTAL_QUERY, {"bsn": other_citizen}, headers=TRACE))
    finally:
        registry.set_latency()
    assert first["strategy"] == "plain"
    assert cold["strategy"] == "expand"  # the model's own choice by now, where nothing is cached
    assert warm_log["count"] == 0, [(r["path"], r["query"]) for r in warm_log["requests"]]
    again = _listing(warm)
    assert (again["strategy"], again["cached"]) == ("plain", True)
    assert warm["extensions"]["backend"]["requests"] == 0


PAGE_QUERY = """query Page($after: String) {
  zaken(first: 8, after: $after) {
    pageInfo { endCursor }
    nodes { identificatie zaakinformatieobjecten { url } rollen { url } }
  }
}"""


def _second_page(gateway: Gateway, sim: RunningSimulator) -> tuple[list[str], dict[str, Any]]:
    first = ask(gateway, PAGE_QUERY)["data"]["zaken"]["pageInfo"]["endCursor"]
    sim.reset_requests()
    body = ask(gateway, PAGE_QUERY, {"after": first}, headers={"X-ZaakGraph-Trace": "1"})
    assert "errors" not in body, body
    [listing] = [p for p in body["extensions"]["backend"]["registries"]["sim"]["plan"] if p.get("list")]
    return [n["identificatie"] for n in body["data"]["zaken"]["nodes"]], listing


def test_a_later_page_is_split_over_the_workers_too(registry: RunningSimulator) -> None:
    # Inlined objects dear and 4 workers: one expanded page of 8 keeps one worker busy while three idle,
    # so the planner asks it as several smaller pages, at any offset (page numbers count from the start).
    registry.set_latency(
        profile="openzaak", workers=4, service_ms={**FAST, "expanded": 40.0}, jitter=0, seed=1
    )
    try:
        with _gateway(registry, use_expand=False) as plain:
            expected, _ = _second_page(plain, registry)
        with _gateway(registry, capacity=4, use_expand=True) as gateway:
            found, listing = _second_page(gateway, registry)
            log = registry.requests()["requests"]
    finally:
        registry.set_latency()
    assert found == expected
    assert listing["pages"] > 1
    pages = [
        dict(part.split("=", 1) for part in r["query"].split("&") if "=" in part)
        for r in log
        if r["path"].endswith("/zaken/api/v1/zaken") and "expand=" in r["query"]
    ]
    sizes = {int(p["pageSize"]) for p in pages}
    assert len(pages) > 1 and len(sizes) == 1
    [size] = sizes
    assert sorted((int(p.get("page", "1")) - 1) * size for p in pages)[0] == 8  # the window starts at 8
