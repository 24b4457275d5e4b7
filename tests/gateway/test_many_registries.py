"""Two registries behind one gateway: lists merge both, every object and link goes to its own registry, and
one registry failing leaves the other's answer standing."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

import pytest

from simulator.testing import RunningSimulator, run_simulator
from tests.gateway.helpers import ask, data_of, everything, pick, rest
from tests.support import Gateway, registry_for, run_gateway

ZAKEN = "zaken/api/v1/zaken"


@pytest.fixture(scope="module")
def second() -> Iterator[RunningSimulator]:
    with run_simulator(size=20, seed=3) as running:
        yield running


@pytest.fixture(scope="module")
def both(simulator: RunningSimulator, second: RunningSimulator) -> Iterator[Gateway]:
    registries = [registry_for(simulator, name="a"), registry_for(second, name="b")]
    with run_gateway(registries, catalogue_cache_ttl_s=0) as running:
        yield running


@pytest.fixture
def quiet(clean: RunningSimulator, second: RunningSimulator) -> Iterator[RunningSimulator]:
    """Both registries without faults and with empty logs; `second` is restored afterwards."""
    second.clear_faults()
    second.reset_requests()
    yield second
    second.clear_faults()


def test_totals_are_summed_and_given_per_registry(
    both: Gateway, simulator: RunningSimulator, second: RunningSimulator
) -> None:
    data = data_of(
        both, "{ zaken(first: 0) { totalCount registries { registry { name } totalCount error } } }"
    )

    a, b = rest(simulator, ZAKEN)["count"], rest(second, ZAKEN)["count"]
    assert data == {
        "zaken": {
            "totalCount": a + b,
            "registries": [
                {"registry": {"name": "a"}, "totalCount": a, "error": None},
                {"registry": {"name": "b"}, "totalCount": b, "error": None},
            ],
        }
    }


def test_an_ordered_walk_merges_both_registries(
    both: Gateway, simulator: RunningSimulator, second: RunningSimulator
) -> None:
    query = "query($after: String) { zaken(first: 7, after: $after, ordering: [identificatie_ASC]) { pageInfo { hasNextPage endCursor } nodes { url identificatie registry { name } } } }"
    walked: list[dict[str, Any]] = []
    after = None
    for _ in range(50):
        page = data_of(both, query, {"after": after})["zaken"]
        walked += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    def listed(registry: RunningSimulator, name: str) -> list[dict[str, Any]]:
        return [
            {**pick(z, "url", "identificatie"), "registry": {"name": name}}  # type: ignore[dict-item]
            for z in everything(registry, ZAKEN, ordering="identificatie")
        ]

    expected = list(
        heapq.merge(listed(simulator, "a"), listed(second, "b"), key=lambda z: z["identificatie"])
    )
    assert walked == expected
    assert {z["registry"]["name"] for z in walked} == {"a", "b"}


def test_an_unordered_walk_gives_every_zaak_once(
    both: Gateway, simulator: RunningSimulator, second: RunningSimulator
) -> None:
    query = "query($after: String) { zaken(first: 9, after: $after) { pageInfo { hasNextPage endCursor } nodes { url } } }"
    walked: list[str] = []
    after = None
    for _ in range(50):
        page = data_of(both, query, {"after": after})["zaken"]
        walked += [n["url"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    registry = [z["url"] for z in everything(simulator, ZAKEN)] + [
        z["url"] for z in everything(second, ZAKEN)
    ]
    assert sorted(walked) == sorted(registry)
    assert len(set(walked)) == len(walked)


def test_objects_and_their_links_come_from_their_own_registry(
    both: Gateway, quiet: RunningSimulator, clean: RunningSimulator
) -> None:
    zaak = rest(quiet, ZAKEN)["results"][0]
    zaaktype = rest(quiet, zaak["zaaktype"])
    quiet.reset_requests()

    data = data_of(
        both,
        "query($id: ID!, $uuid: ID!) { node(id: $id) { ... on Zaak { registry { name } zaaktype { omschrijving registry { name } } } } byUuid: zaak(uuid: $uuid) { url registry { name } } }",
        {"id": zaak["url"], "uuid": zaak["uuid"]},
    )

    assert data == {
        "node": {
            "registry": {"name": "b"},
            "zaaktype": {"omschrijving": zaaktype["omschrijving"], "registry": {"name": "b"}},
        },
        "byUuid": {"url": zaak["url"], "registry": {"name": "b"}},
    }
    assert {r["resource"] for r in quiet.requests()["requests"]} == {"zaken", "zaaktypen"}
    assert all(
        r["status"] == 404 for r in clean.requests()["requests"]
    )  # a may be asked for the uuid, and has not got it


def test_a_list_can_be_limited_to_named_registries(
    both: Gateway, quiet: RunningSimulator, clean: RunningSimulator
) -> None:
    data = data_of(both, '{ zaken(first: 100, registries: ["b"]) { totalCount nodes { url } } }')

    registry = everything(quiet, ZAKEN)
    assert data == {"zaken": {"totalCount": len(registry), "nodes": [{"url": z["url"]} for z in registry]}}
    assert clean.requests()["count"] == 0


def test_one_registry_failing_leaves_the_other_answering(
    both: Gateway, quiet: RunningSimulator, simulator: RunningSimulator
) -> None:
    quiet.set_faults(error_rate=1, statuses=[500], path_regex="zaken/api/v1/zaken$")

    body = ask(
        both,
        "{ zaken(first: 100) { totalCount registries { registry { name } totalCount error } nodes { url } } }",
    )

    registry = everything(simulator, ZAKEN)
    zaken = body["data"]["zaken"]
    assert zaken["nodes"] == [{"url": z["url"]} for z in registry]
    assert zaken["totalCount"] == len(registry)
    assert [(r["registry"]["name"], r["totalCount"]) for r in zaken["registries"]] == [
        ("a", len(registry)),
        ("b", None),
    ]
    assert zaken["registries"][0]["error"] is None and zaken["registries"][1]["error"]
    assert [(e["path"], e["extensions"]["code"], e["extensions"]["registry"]) for e in body["errors"]] == [
        (["zaken"], "UPSTREAM_ERROR", "b")
    ]


def test_a_url_outside_both_registries_is_refused(
    both: Gateway, quiet: RunningSimulator, clean: RunningSimulator
) -> None:
    body = ask(
        both,
        '{ node(id: "https://zaken.elders.example/zaken/api/v1/zaken/1b6d0f65-1d4b-4d3c-9a53-3a1a1c7e1f00") { url } }',
    )

    assert body["data"] == {"node": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["URL_NOT_ALLOWED"]
    assert clean.requests()["count"] == quiet.requests()["count"] == 0
