"""Several uncached catalogue objects of one collection come by one list of the whole collection where the
cost model says that is cheaper than a detail each (resolvers/sweep.py); what the list does not give is
asked by detail, and nothing is lost when the list fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import aliased, ask, data_of, everything
from tests.support import Gateway, registry_for, run_gateway

CATALOGI = "catalogi/api/v1/"
QUERY = """
{ zaken(first: 40) { nodes {
    identificatie
    zaaktype { omschrijving identificatie }
    status { statustype { omschrijving volgnummer } }
    documenten { titel informatieobjecttype { omschrijving } }
} } }
"""


def _busy_registry(simulator: RunningSimulator, **overrides: Any) -> Any:
    # Figures given (so the model is ready at once) and one worker: whatever else is in flight, a list of a
    # small collection costs the registry less than three details.
    return registry_for(simulator, use_expand=False, capacity=1, max_concurrency=200, **overrides)


@pytest.fixture
def cold(simulator: RunningSimulator) -> Iterator[Gateway]:
    """A gateway of its own (what it learned stays with it) that keeps nothing between requests."""
    with run_gateway([_busy_registry(simulator)], catalogue_cache_ttl_s=0, resource_cache_mb=0) as running:
        yield running


def _catalogue_requests(simulator: RunningSimulator) -> list[tuple[str, str, str]]:
    """(collection, "list" or "detail", query) of each catalogue request in the registry's log."""
    found = []
    for entry in simulator.requests()["requests"]:
        path = str(entry["path"]).strip("/")
        if CATALOGI not in path:
            continue
        parts = path.split("/")
        if len(parts[-1]) == 36:
            found.append((parts[-2], "detail", str(entry["query"])))
        else:
            found.append((parts[-1], "list", str(entry["query"])))
    return found


def test_a_busy_registry_lists_each_catalogue_collection_once_instead_of_a_detail_each(
    cold: Gateway, uncached: Gateway, clean: RunningSimulator
) -> None:
    expected = data_of(uncached, QUERY)  # every catalogue object by its own detail GET
    by_detail = _catalogue_requests(clean)
    clean.reset_requests()

    body = ask(cold, QUERY, headers={"X-ZaakGraph-Trace": "1"})

    assert "errors" not in body, body["errors"]
    assert body["data"] == expected
    made = _catalogue_requests(clean)
    zaaktypen = {node["zaaktype"]["identificatie"] for node in expected["zaken"]["nodes"]}
    assert len(zaaktypen) >= 3  # enough of them that one list beats a detail each
    assert ("zaaktypen", "list", "status=alles") in made
    # each collection listed at most once in the query, and nothing listed is asked again by detail
    lists = [collection for collection, kind, _ in made if kind == "list"]
    assert len(lists) == len(set(lists)), made
    assert not [entry for entry in made if entry[1] == "detail" and entry[0] in lists], made
    assert len(made) < len(by_detail), (made, by_detail)
    plans = body["extensions"]["backend"]["registries"]["sim"]["plan"]
    chosen = [p for p in plans if p.get("resource") == "zaaktypen" and "wanted" in p]
    assert chosen and chosen[0]["strategy"] == "list", plans
    assert chosen[0]["wanted"] == len(zaaktypen)


def test_the_list_fills_the_catalogue_cache_with_the_whole_collection(
    simulator: RunningSimulator, clean: RunningSimulator
) -> None:
    every = everything(clean, CATALOGI + "zaaktypen", status="alles")
    # the fewest zaken of the registry's first page that point at three zaaktypen
    zaken = everything(clean, "zaken/api/v1/zaken")
    count = next(n for n in range(1, len(zaken) + 1) if len({z["zaaktype"] for z in zaken[:n]}) == 3)
    with run_gateway([_busy_registry(simulator)], resource_cache_mb=0) as gateway:
        first = data_of(
            gateway, f"{{ zaken(first: {count}) {{ nodes {{ zaaktype {{ url omschrijving }} }} }} }}"
        )
        used = {node["zaaktype"]["url"] for node in first["zaken"]["nodes"]}
        assert len(used) == 3 < len(every)  # the list brought zaaktypen no zaak of the page points at
        clean.reset_requests()

        data = data_of(gateway, aliased("zaaktype", [z["url"] for z in every], "url omschrijving"))

    assert data == {
        f"z{i}": {"url": z["url"], "omschrijving": z["omschrijving"]} for i, z in enumerate(every)
    }
    assert _catalogue_requests(clean) == []  # all of them from the cache


def test_a_collection_bigger_than_a_page_is_asked_by_detail_once_its_size_is_known(
    simulator: RunningSimulator, clean: RunningSimulator
) -> None:
    # The registry's pages hold 3 here: the first list gives three zaaktypen and says how many there are.
    registry = _busy_registry(simulator, page_size=3, send_page_size=True)
    every = everything(clean, CATALOGI + "zaaktypen", status="alles")
    assert len(every) > 3
    query = "{ zaken(first: 12) { nodes { zaaktype { omschrijving } } } }"
    with run_gateway([registry], catalogue_cache_ttl_s=0, resource_cache_mb=0) as gateway:
        clean.reset_requests()
        first = data_of(gateway, query)
        asked_first = _catalogue_requests(clean)
        clean.reset_requests()
        second = data_of(gateway, query)
        asked_second = _catalogue_requests(clean)

    assert first == second
    assert ("zaaktypen", "list", "status=alles&pageSize=3") in asked_first
    wanted = len({node["zaaktype"]["omschrijving"] for node in first["zaken"]["nodes"]})
    assert wanted >= 3
    assert [kind for _, kind, _ in asked_second] == ["detail"] * wanted  # known bigger than a page: no list


def test_a_failing_list_loses_nothing(cold: Gateway, uncached: Gateway, clean: RunningSimulator) -> None:
    expected = data_of(uncached, QUERY)
    clean.set_faults(error_rate=1, statuses=[500], path_regex="catalogi/api/v1/[a-z]+$")  # lists, no details
    clean.reset_requests()

    body = ask(cold, QUERY)

    assert "errors" not in body, body["errors"]
    assert body["data"] == expected
    made = _catalogue_requests(clean)
    assert ("zaaktypen", "list", "status=alles") in made  # it was tried, failed, and the details stood in
    assert ("zaaktypen", "detail", "") in made


def test_sweep_catalogue_off_asks_each_object_by_detail(
    simulator: RunningSimulator, clean: RunningSimulator
) -> None:
    registry = _busy_registry(simulator, sweep_catalogue=False)
    with run_gateway([registry], catalogue_cache_ttl_s=0, resource_cache_mb=0) as gateway:
        clean.reset_requests()
        data_of(gateway, QUERY)
    made = _catalogue_requests(clean)
    assert made and {kind for _, kind, _ in made} == {"detail"}


def test_a_registry_with_workers_to_spare_lists_small_collections_beside_the_first_page(
    simulator: RunningSimulator, uncached: Gateway, clean: RunningSimulator
) -> None:
    # Many workers. The first query learns each collection's size from a list of it (where the registry is
    # busy, instead of the details; where it is not, beside them, once). From then on the query lists the
    # small collections it will read as soon as it starts, beside the zaken page, before any of their URLs
    # is known: when the zaken arrive, their types are there.
    expected = data_of(uncached, QUERY)
    registry = registry_for(simulator, use_expand=False, capacity=32)
    with run_gateway([registry], catalogue_cache_ttl_s=0, resource_cache_mb=0) as gateway:
        clean.reset_requests()
        assert data_of(gateway, QUERY) == expected
        first = _catalogue_requests(clean)
        clean.set_latency(fixed_ms=200)  # the page takes long enough to see what went before it answered
        clean.reset_requests()
        body = ask(gateway, QUERY, headers={"X-ZaakGraph-Trace": "1"})
        log = sorted(clean.requests()["requests"], key=lambda entry: entry["start"])

    assert "errors" not in body, body["errors"]
    assert body["data"] == expected
    # listed instead of or beside the details: its size is known
    assert ("zaaktypen", "list", "status=alles") in first
    second = _catalogue_requests_of(log)
    assert second and {kind for _, kind in second} == {"list"}, second
    assert {collection for collection, _ in second} >= {"zaaktypen", "statustypen", "informatieobjecttypen"}
    page = next(entry for entry in log if str(entry["path"]).rstrip("/").endswith("zaken/api/v1/zaken"))
    lists = [entry for entry in log if CATALOGI in str(entry["path"])]
    assert all(entry["start"] < page["end"] for entry in lists)  # asked before the page had answered
    plans = body["extensions"]["backend"]["registries"]["sim"]["plan"]
    assert {p["resource"] for p in plans if p.get("strategy") == "list ahead"} == {c for c, _ in second}


def _catalogue_requests_of(log: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for entry in log:
        parts = str(entry["path"]).strip("/").split("/")
        if CATALOGI in str(entry["path"]):
            found.append((parts[-2], "detail") if len(parts[-1]) == 36 else (parts[-1], "list"))
    return found
