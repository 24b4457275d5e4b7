"""How the gateway talks to the registry: one request per distinct URL, `_zoek` for many zaken, nothing for a
link whose URL is all that is asked, one round per level of links, and a trace of it all on request.

These use the gateway without a catalogue cache (`uncached`), so every catalogue link shows in the log."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import ask, data_of, everything, pick, rest
from tests.support import Gateway, registry_for, run_gateway

ZAKEN = "zaken/api/v1/zaken"


def _path(simulator: RunningSimulator, url: str) -> str:
    return "/" + url[len(simulator.base_url) :]


def test_a_shared_zaaktype_is_fetched_once(uncached: Gateway, clean: RunningSimulator) -> None:
    zaken = everything(clean, ZAKEN)
    zaaktypen = {url: rest(clean, url) for url in {z["zaaktype"] for z in zaken}}
    clean.reset_requests()

    data = data_of(uncached, "{ zaken(first: 500) { nodes { zaaktype { url omschrijving } } } }")

    assert data == {
        "zaken": {
            "nodes": [{"zaaktype": pick(zaaktypen[z["zaaktype"]], "url", "omschrijving")} for z in zaken]
        }
    }
    fetched = Counter(r["path"] for r in clean.requests()["requests"] if r["resource"] == "zaaktypen")
    assert fetched == Counter({_path(clean, url): 1 for url in zaaktypen})
    assert len(zaken) > len(zaaktypen) > 1


def test_several_zaken_by_url_are_one_zoek(gateway: Gateway, clean: RunningSimulator) -> None:
    zaken = rest(clean, ZAKEN)["results"][:5]
    clean.reset_requests()
    query = (
        "{ "
        + " ".join(f'z{i}: zaak(url: "{z["url"]}") {{ identificatie }}' for i, z in enumerate(zaken))
        + " }"
    )

    data = data_of(gateway, query)

    assert data == {f"z{i}": {"identificatie": z["identificatie"]} for i, z in enumerate(zaken)}
    assert [(r["method"], r["path"]) for r in clean.requests()["requests"]] == [("POST", f"/{ZAKEN}/_zoek")]


def test_the_same_zaak_under_two_aliases_is_fetched_once(gateway: Gateway, clean: RunningSimulator) -> None:
    zaak = rest(clean, ZAKEN)["results"][2]
    clean.reset_requests()

    data = data_of(
        gateway,
        "query($url: String!, $uuid: ID!, $id: ID!) { a: zaak(url: $url) { identificatie } b: zaak(uuid: $uuid) { identificatie } c: node(id: $id) { url } }",
        {"url": zaak["url"], "uuid": zaak["uuid"], "id": zaak["url"]},
    )

    assert data == {
        "a": {"identificatie": zaak["identificatie"]},
        "b": {"identificatie": zaak["identificatie"]},
        "c": {"url": zaak["url"]},
    }
    assert [(r["method"], r["path"]) for r in clean.requests()["requests"]] == [
        ("GET", _path(clean, zaak["url"]))
    ]


def test_several_documents_by_url_are_one_zoek(gateway: Gateway, clean: RunningSimulator) -> None:
    documenten = rest(clean, "documenten/api/v1/enkelvoudiginformatieobjecten")["results"][:4]
    clean.reset_requests()
    query = (
        "{ "
        + " ".join(f'd{i}: document(url: "{d["url"]}") {{ titel }}' for i, d in enumerate(documenten))
        + " }"
    )

    data = data_of(gateway, query)

    assert data == {f"d{i}": {"titel": d["titel"]} for i, d in enumerate(documenten)}
    assert [(r["method"], r["path"]) for r in clean.requests()["requests"]] == [
        ("POST", "/documenten/api/v1/enkelvoudiginformatieobjecten/_zoek")
    ]


def test_a_link_asked_only_for_its_url_is_not_fetched(uncached: Gateway, clean: RunningSimulator) -> None:
    zaken = rest(clean, ZAKEN)["results"][:10]
    clean.reset_requests()

    data = data_of(
        uncached,
        "{ zaken(first: 10) { nodes { zaaktype { url id uuid } status { url } hoofdzaak { url } } } }",
    )

    assert data == {
        "zaken": {
            "nodes": [
                {
                    "zaaktype": {
                        "url": z["zaaktype"],
                        "id": z["zaaktype"],
                        "uuid": z["zaaktype"].rsplit("/", 1)[-1],
                    },
                    "status": {"url": z["status"]},
                    "hoofdzaak": {"url": z["hoofdzaak"]} if z["hoofdzaak"] else None,
                }
                for z in zaken
            ]
        }
    }
    assert [(r["method"], r["resource"]) for r in clean.requests()["requests"]] == [("GET", "zaken")]


@pytest.fixture(scope="module")
def wide(simulator: RunningSimulator) -> Iterator[Gateway]:
    """No catalogue cache, and room for a whole level in flight at once (the default caps it at 16); links
    loaded by their own requests (the planner's choice of `expand` is tested in test_planner_costs.py)."""
    registry = registry_for(simulator, max_concurrency=200, use_expand=False)
    with run_gateway([registry], catalogue_cache_ttl_s=0) as running:
        yield running


def test_a_three_hop_query_takes_three_rounds(wide: Gateway, clean: RunningSimulator) -> None:
    clean.set_latency(fixed_ms=30)
    query = """{ zaken(first: 5) { nodes {
        zaaktype { catalogus { naam } statustypen { url } }
        rollen { roltype { omschrijving } }
        status { statustype { omschrijving } }
    } } }"""

    data = data_of(wide, query)

    log = clean.requests()
    assert log["rounds"] == 3
    assert {r["resource"] for r in log["requests"]} == {
        "zaken",
        "zaaktypen",
        "rollen",
        "statussen",
        "catalogussen",
        "statustypen",
        "roltypen",
    }
    assert len(data["zaken"]["nodes"]) == 5


def test_each_level_waits_only_for_the_level_before(wide: Gateway, clean: RunningSimulator) -> None:
    """Width does not add rounds: six links on one level of ten zaken are still one round. (100 ms, so the
    gateway's own time to send some fifty requests cannot look like a round of its own.)"""
    clean.set_latency(fixed_ms=100)

    data_of(
        wide,
        "{ zaken(first: 10) { nodes { zaaktype { url omschrijving } status { url datumStatusGezet } resultaat { url toelichting } rollen { url } statussen { url } eigenschappen { url } } } }",
    )

    log = clean.requests()
    assert log["rounds"] == 2
    assert log["count"] > 40


def _trace(
    gateway: Gateway, query: str, simulator: RunningSimulator
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    simulator.reset_requests()
    body = ask(gateway, query, headers={"X-ZaakGraph-Trace": "1"})
    return body, simulator.requests()["requests"]


def test_the_trace_lists_every_backend_call(uncached: Gateway, clean: RunningSimulator) -> None:
    query = "{ zaken(first: 4) { nodes { identificatie zaaktype { omschrijving } statussen { url } } } }"

    body, log = _trace(uncached, query, clean)

    backend = body["extensions"]["backend"]
    calls = backend["calls"]
    assert backend["requests"] == len(calls) == len(log)
    traced = Counter((c["method"], _path(clean, c["url"].split("?")[0]), c["status"]) for c in calls)
    assert traced == Counter((r["method"], r["path"], r["status"]) for r in log)
    assert {c["registry"] for c in calls} == {"sim"}
    assert all(isinstance(c["ms"], int | float) and c["ms"] >= 0 for c in calls)
    assert body["data"] == data_of(uncached, query)


def test_the_trace_shows_failed_calls_with_their_status(uncached: Gateway, clean: RunningSimulator) -> None:
    clean.set_faults(error_rate=1, statuses=[502], path_regex="statussen")

    body, log = _trace(uncached, "{ zaken(first: 2) { nodes { statussen { url } } } }", clean)

    calls = body["extensions"]["backend"]["calls"]
    assert sorted((c["method"], c["status"]) for c in calls) == sorted(
        (r["method"], r["status"]) for r in log
    )
    assert any(c["status"] == 502 for c in calls)


def test_no_trace_without_the_header(gateway: Gateway) -> None:
    body = ask(gateway, "{ zaken(first: 1) { totalCount } }")

    assert "extensions" not in body


def test_the_catalogue_is_not_fetched_again_by_the_next_request(
    gateway: Gateway, clean: RunningSimulator
) -> None:
    query = "{ zaken(first: 30) { nodes { zaaktype { omschrijving catalogus { naam } } } } }"
    first = data_of(gateway, query)
    clean.reset_requests()

    again = data_of(gateway, query)

    assert again == first
    assert [r["resource"] for r in clean.requests()["requests"]] == ["zaken"]


def test_the_trace_counts_this_requests_catalogue_lookups(gateway: Gateway, clean: RunningSimulator) -> None:
    warm = "{ zaken(first: 5) { nodes { zaaktype { omschrijving } } } }"
    data_of(gateway, warm)
    data_of(gateway, warm)
    zaaktypen = {z["zaaktype"] for z in rest(clean, ZAKEN)["results"][:5]}

    untouched, _ = _trace(gateway, "{ zaken(first: 5) { nodes { url } } }", clean)
    warmed, log = _trace(gateway, warm, clean)

    assert untouched["extensions"]["backend"]["catalogueCache"] == {"hits": 0, "misses": 0}
    assert warmed["extensions"]["backend"]["catalogueCache"] == {"hits": len(zaaktypen), "misses": 0}
    assert [r["resource"] for r in log] == ["zaken"]


@pytest.mark.parametrize("value", ["0", "false"])
def test_a_trace_header_that_says_no_gives_no_trace(value: str, gateway: Gateway) -> None:
    body = ask(gateway, "{ zaken(first: 1) { totalCount } }", headers={"X-ZaakGraph-Trace": value})

    assert "extensions" not in body


def _aliases(documenten: list[dict[str, Any]]) -> str:
    return (
        "{ "
        + " ".join(f'd{i}: document(url: "{d["url"]}") {{ identificatie }}' for i, d in enumerate(documenten))
        + " }"
    )


def test_documents_by_url_beyond_a_page_are_asked_at_once(gateway: Gateway, clean: RunningSimulator) -> None:
    documenten = everything(clean, "documenten/api/v1/enkelvoudiginformatieobjecten")
    assert len(documenten) > 100, "needs more documents than one registry page"
    clean.reset_requests()

    body = gateway.query(_aliases(documenten), headers={"X-ZaakGraph-Trace": "1"})

    assert "errors" not in body, body["errors"]
    assert body["data"] == {f"d{i}": {"identificatie": d["identificatie"]} for i, d in enumerate(documenten)}
    searches = [r for r in clean.requests()["requests"] if r["method"] == "POST"]
    assert all(r["path"] == "/documenten/api/v1/enkelvoudiginformatieobjecten/_zoek" for r in searches)
    # the root's aliases go through the planner's search loader: each `_zoek` at most a page, all at once
    assert len(searches) >= -(-len(documenten) // 100)
    assert all("page=" not in r["query"] for r in searches), searches
    assert body["extensions"]["backend"]["hops"] == 1


def test_a_zoek_that_answers_more_than_a_page_follows_next(clean: RunningSimulator) -> None:
    documenten = everything(clean, "documenten/api/v1/enkelvoudiginformatieobjecten")
    assert 100 < len(documenten) <= 500, "needs more documents than the simulator's page, at most ours"
    # The gateway is told the registry's pages hold 500: it sends every uuid in one `_zoek`, and the
    # simulator answers a page of 100 with a `next` that is POSTed again with the same body.
    registry = registry_for(clean, page_size=500, capacity=1)
    pages = -(-len(documenten) // 100)

    with run_gateway([registry], catalogue_cache_ttl_s=0) as gateway:
        clean.reset_requests()
        body = gateway.query(_aliases(documenten), headers={"X-ZaakGraph-Trace": "1"})

    assert "errors" not in body, body["errors"]
    assert body["data"] == {f"d{i}": {"identificatie": d["identificatie"]} for i, d in enumerate(documenten)}
    log = [(r["method"], r["path"], r["status"]) for r in clean.requests()["requests"]]
    assert log == [("POST", "/documenten/api/v1/enkelvoudiginformatieobjecten/_zoek", 200)] * pages
    # each `next` page was asked with what the one before answered: one hop deeper
    assert [call["hop"] for call in body["extensions"]["backend"]["calls"]] == list(range(1, pages + 1))
    assert body["extensions"]["backend"]["hops"] == pages


def test_documents_beyond_a_page_are_asked_at_once(clean: RunningSimulator) -> None:
    zios = everything(clean, "zaken/api/v1/zaakinformatieobjecten")
    documents = {z["informatieobject"] for z in zios}
    assert len(documents) > 100, "needs more documents than one `_zoek` page"
    # A registry that serves one request at a time: splitting the uuids wider would gain nothing.
    registry = registry_for(clean, capacity=1, use_expand=False)

    with run_gateway([registry], catalogue_cache_ttl_s=0) as gateway:
        clean.reset_requests()
        body = gateway.query(
            "{ zaken(first: 500) { nodes { zaakinformatieobjecten { informatieobject { titel } } } } }",
            headers={"X-ZaakGraph-Trace": "1"},
        )

    assert "errors" not in body, body["errors"]
    found = {
        z["informatieobject"]["titel"]
        for node in body["data"]["zaken"]["nodes"]
        for z in node["zaakinformatieobjecten"]
    }
    assert found == {rest(clean, url)["titel"] for url in documents}
    searches = [
        r
        for r in clean.requests()["requests"]
        if r["method"] == "POST" and r["path"].endswith("enkelvoudiginformatieobjecten/_zoek")
    ]
    # Each at most a page of uuids, none a `next` page asked after the one before: one round, not two.
    assert len(searches) == -(-len(documents) // 100), searches
    assert all("page=" not in r["query"] for r in searches), searches
    calls = [c for c in body["extensions"]["backend"]["calls"] if c["method"] == "POST"]
    assert len({c["hop"] for c in calls}) == 1, calls
