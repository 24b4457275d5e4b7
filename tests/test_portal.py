"""The portal query: right data, and a backend cost that only grows by the per-zaak calls ZGW makes unavoidable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.portal import PORTAL_QUERY
from simulator.testing import RunningSimulator
from tests.support import Gateway, registry_for, run_gateway

PORTAL = PORTAL_QUERY  # the one portal query of the issue, shared with benchmarks/portal.py
BSN = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"


@pytest.fixture(scope="module")
def cold_gateway(simulator: RunningSimulator) -> Iterator[Gateway]:
    """No catalogue cache: every query pays for its catalogue types, as on a first visit."""
    # No concurrency cap in the way: the test is about the planner's rounds, not the registry's protection.
    # The plain plan, whatever the cost model would learn from the 400 ms of fixed latency below (with
    # capacity 1 one `_zoek` is always cheapest; the choices themselves: tests/gateway/test_planner_costs.py),
    # each catalogue type by its own detail (catalogue collections listed whole: test_catalogue_sweep.py).
    registry = registry_for(
        simulator, max_concurrency=200, use_expand=False, capacity=1, sweep_catalogue=False
    )
    with run_gateway([registry], catalogue_cache_ttl_s=0) as gateway:
        yield gateway


def _reference(simulator: RunningSimulator, bsn: str) -> tuple[list[dict[str, Any]], Counter[str]]:
    """The page built straight from the registry's REST API, and the distinct resources it needs."""
    page = simulator.get("zaken/api/v1/zaken", **{BSN: bsn, "ordering": "-startdatum"})
    needs: Counter[str] = Counter()
    distinct: dict[str, set[str]] = {}

    def get(url: str, kind: str) -> Any:
        distinct.setdefault(kind, set()).add(url)
        return simulator.get(url)

    rows = []
    for zaak in page["results"][:20]:
        status = resultaat = None
        if zaak["status"]:
            found = get(zaak["status"], "status")
            status = {
                "datumStatusGezet": found["datumStatusGezet"],
                "statustype": {"omschrijving": get(found["statustype"], "statustype")["omschrijving"]},
            }
        if zaak["resultaat"]:
            found = get(zaak["resultaat"], "resultaat")
            resultaat = {
                "resultaattype": {
                    "omschrijving": get(found["resultaattype"], "resultaattype")["omschrijving"]
                }
            }
        documenten = []
        for zio in simulator.get("zaken/api/v1/zaakinformatieobjecten", zaak=zaak["url"]):
            document = get(zio["informatieobject"], "document")
            documenten.append(
                {
                    "url": document["url"],
                    "titel": document["titel"],
                    "formaat": document["formaat"],
                    "bestandsomvang": document["bestandsomvang"],
                    "vertrouwelijkheidaanduiding": document["vertrouwelijkheidaanduiding"],
                    "informatieobjecttype": {
                        "omschrijving": get(document["informatieobjecttype"], "informatieobjecttype")[
                            "omschrijving"
                        ]
                    },
                }
            )
        besluiten = [
            {
                "url": besluit["url"],
                "datum": besluit["datum"],
                "besluittype": {"omschrijving": get(besluit["besluittype"], "besluittype")["omschrijving"]},
            }
            for besluit in simulator.get("besluiten/api/v1/besluiten", zaak=zaak["url"])["results"]
        ]
        rows.append(
            {
                "url": zaak["url"],
                "identificatie": zaak["identificatie"],
                "omschrijving": zaak["omschrijving"],
                "startdatum": zaak["startdatum"],
                "einddatum": zaak["einddatum"],
                "zaaktype": {"omschrijving": get(zaak["zaaktype"], "zaaktype")["omschrijving"]},
                "status": status,
                "resultaat": resultaat,
                "documenten": documenten,
                "besluiten": besluiten,
            }
        )
    for kind, urls in distinct.items():
        needs[kind] = len(urls)
    needs["zaken"] = len(rows)
    return rows, needs


def _bsns(simulator: RunningSimulator) -> list[str]:
    """A citizen with many zaken and one with few: the cost must not grow with the difference."""
    bsns = simulator.summary()["bsns"]
    many = bsns[0]["bsn"]
    few = next(entry["bsn"] for entry in bsns if 1 <= entry["zaken"] <= bsns[0]["zaken"] // 2)
    return [many, few]


@pytest.mark.parametrize("which", [0, 1], ids=["many-zaken", "few-zaken"])
def test_portal_query_data_requests_and_rounds(
    cold_gateway: Gateway, clean: RunningSimulator, which: int
) -> None:
    bsn = _bsns(clean)[which]
    expected, needs = _reference(clean, bsn)
    # Overlap is only visible in the log when requests take time, and far longer than the spread with which
    # one level's requests reach the registry on a busy 2-core machine.
    clean.set_latency(fixed_ms=400)
    clean.reset_requests()

    body = cold_gateway.query(PORTAL, {"bsn": bsn}, headers={"X-ZaakGraph-Trace": "1"})

    recorded = clean.requests()
    log = recorded["requests"]
    assert body["data"] == {"zaken": {"nodes": expected}}
    trace = body["extensions"]["backend"]  # the plan as the gateway saw it agrees with the registry's log
    assert (trace["requests"], trace["rounds"]) == (len(log), 4 if needs["document"] else 3)
    assert trace["registries"]["sim"]["requests"] == len(log)
    # Each call's causal depth: the zaken page first, the documents' `_zoek` after their links, and the
    # documents' types after the documents; the deepest is the query's depth in hops.
    depth = 4 if needs["document"] else 3
    assert trace["hops"] == trace["registries"]["sim"]["hops"] == depth
    hops: dict[str, set[int]] = {}
    for call in trace["calls"]:
        path = call["url"].split("?")[0].rstrip("/").split("/")
        kind = path[-2] if len(path[-1]) == 36 else path[-1]  # a detail's collection, or the list itself
        hops.setdefault(kind, set()).add(call["hop"])
    assert hops == {
        kind: {hop}
        for kind, hop in {
            "zaken": 1,
            **dict.fromkeys(
                ("zaaktypen", "statussen", "resultaten", "zaakinformatieobjecten", "besluiten"), 2
            ),
            **dict.fromkeys(("statustypen", "resultaattypen", "besluittypen", "_zoek"), 3),
            "informatieobjecttypen": 4,
        }.items()
        if kind in hops
    }
    assert "zaken" in hops and "zaakinformatieobjecten" in hops
    # Per zaak, ZGW leaves no choice: its document links and its besluiten are lists filtered on the zaak,
    # and its current status and resultaat are one detail GET each. Everything else is shared and fetched
    # once: the zaken page, each distinct catalogue type, and all documents in one `_zoek`.
    documents_calls = min(needs["document"], 1)
    expected_requests = (
        1
        + 2 * needs["zaken"]
        + needs["status"]
        + needs["resultaat"]
        + needs["zaaktype"]
        + needs["statustype"]
        + needs["resultaattype"]
        + needs["besluittype"]
        + needs["informatieobjecttype"]
        + documents_calls
    )
    assert len(log) == expected_requests
    gets = [(r["path"], r["query"]) for r in log if r["method"] == "GET"]
    assert len(gets) == len(set(gets)), "a URL was fetched twice in one query"
    # zaken page -> zaaktype/status/resultaat/document links/besluiten -> types and documents -> documents' types
    assert recorded["rounds"] == (4 if needs["document"] else 3)


def test_catalogue_is_cached_across_queries(gateway: Gateway, clean: RunningSimulator) -> None:
    bsn = _bsns(clean)[0]
    first = gateway.data(PORTAL, {"bsn": bsn})
    clean.reset_requests()

    second = gateway.data(PORTAL, {"bsn": bsn})

    assert second == first
    apis = Counter(r["api"] for r in clean.requests()["requests"])
    assert apis["catalogi"] == 0
    assert apis["zaken"] > 0


def test_expand_pushdown_gives_the_same_page_with_fewer_requests(simulator: RunningSimulator) -> None:
    """With `use_expand`, one expanded zaken page replaces the zaaktype, status, resultaat and document-link
    calls; the answer must not change."""
    bsn = _bsns(simulator)[0]
    expected, needs = _reference(simulator, bsn)
    # each catalogue type by its own detail, so the count below is expand's alone
    registry = registry_for(simulator, use_expand=True, max_concurrency=200, sweep_catalogue=False)
    with run_gateway([registry], catalogue_cache_ttl_s=0) as gateway:
        simulator.reset_requests()
        data = gateway.data(PORTAL, {"bsn": bsn})
        log = simulator.requests()["requests"]

    assert data == {"zaken": {"nodes": expected}}
    [page] = [r for r in log if r["path"].endswith("/zaken")]
    assert "expand=" in page["query"]
    expected_requests = (
        1
        + needs["zaken"]  # besluiten?zaak= (Besluiten cannot be expanded from a zaak in Zaken 1.5)
        + needs["besluittype"]
        + needs["informatieobjecttype"]
        + min(needs["document"], 1)
    )
    assert len(log) == expected_requests
