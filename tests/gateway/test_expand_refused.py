"""A registry whose Zaken API predates `expand` (1.0-1.4: an unknown parameter, refused with a 400) is read
plain: a page asked with `expand` is asked again without it, and no plan expands on that registry again.
Open Zaak has expand; many other ZGW registries do not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from benchmarks.portal import PORTAL_QUERY
from simulator.testing import RunningSimulator, run_simulator
from tests.gateway.helpers import ask
from tests.support import Gateway, registry_for, run_gateway

TRACE = {"X-ZaakGraph-Trace": "1"}
# Service times a fifth of Open Zaak's, inlined objects cheap: a cost model that may expand, expands.
FAST = {
    "detail": 12.0,
    "list": 12.0,
    "list.zaken": 30.0,
    "search": 11.0,
    "search.zaken": 25.0,
    "expanded": 2.0,
}


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=40, seed=5) as running:
        running.set_expand(zaken=False)
        yield running


def _gateway(sim: RunningSimulator, **overrides: Any) -> Any:
    settings = {"send_page_size": True, "capacity": 2, **overrides}
    return run_gateway([registry_for(sim, **settings)], catalogue_cache_ttl_s=0, resource_cache_mb=0)


def _portal(gateway: Gateway, sim: RunningSimulator) -> tuple[dict[str, Any], list[str]]:
    """The portal page, and the query strings of the zaken requests the registry had for it."""
    sim.reset_requests()
    bsn = sim.summary()["bsns"][0]["bsn"]
    body = ask(gateway, PORTAL_QUERY, {"bsn": bsn}, headers=TRACE)
    zaken = [r["query"] for r in sim.requests()["requests"] if "/zaken/api/v1/zaken" in r["path"]]
    return body, zaken


def _listing(body: dict[str, Any]) -> dict[str, Any]:
    plans = body["extensions"]["backend"]["registries"]["sim"]["plan"]
    [listing] = [plan for plan in plans if plan.get("list") == "zaken"]
    return dict(listing)


def test_the_registry_refuses_expand_as_an_unknown_parameter(registry: RunningSimulator) -> None:
    answer = httpx.get(
        registry.base_url + "zaken/api/v1/zaken", params={"expand": "status"}, headers=registry.headers()
    )
    assert answer.status_code == 400
    [param] = answer.json()["invalidParams"]
    assert param["code"] == "unknown-parameters"


def test_a_pinned_expand_is_asked_again_plain_and_not_again(registry: RunningSimulator) -> None:
    with _gateway(registry, use_expand=True) as pinned, _gateway(registry, use_expand=False) as plain:
        first, first_asked = _portal(pinned, registry)
        second, second_asked = _portal(pinned, registry)
        reference, _ = _portal(plain, registry)

    for body in (first, second):
        assert "errors" not in body, body["errors"]
        assert body["data"] == reference["data"]
    # the expanded page (or its split pages, asked at once) was refused, and asked again without expand
    expanded = ["expand=" in query for query in first_asked]
    assert expanded[0] and not expanded[-1]
    assert expanded == sorted(expanded, reverse=True)
    # from then on the registry's pages are asked plain
    assert not any("expand=" in query for query in second_asked)
    listing = _listing(second)
    assert (listing["strategy"], listing["expandRefused"]) == ("plain", True)


def test_the_cost_model_does_not_expand_a_registry_that_refused_it(registry: RunningSimulator) -> None:
    registry.set_latency(profile="openzaak", workers=2, service_ms=FAST, jitter=0, seed=1)
    try:
        with _gateway(registry) as gateway, _gateway(registry, use_expand=False) as plain:
            reference, _ = _portal(plain, registry)
            answers = [_portal(gateway, registry) for _ in range(4)]
    finally:
        registry.set_latency()

    for body, _ in answers:
        assert "errors" not in body, body["errors"]
        assert body["data"] == reference["data"]
    # expand was asked (and refused) in one query at most: a probe, or a page (its split pages at once)
    tried = [index for index, (_, queries) in enumerate(answers) if any("expand=" in q for q in queries)]
    assert len(tried) <= 1
    assert _listing(answers[-1][0])["expandRefused"] is True
    assert _listing(answers[-1][0])["strategy"] == "plain"
