"""Relay paging over ZGW's numbered pages: walks equal the registry's full list, and bad paging is refused."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import ask, codes, data_of, everything, rest
from tests.support import Gateway

PAGE = """
query($first: Int, $after: String, $ordering: [ZaakOrdering!]) {
  zaken(first: $first, after: $after, ordering: $ordering) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { url } }
    nodes { url }
  }
}
"""

DOCUMENTEN = "documenten/api/v1/enkelvoudiginformatieobjecten"


def _walk(gateway: Gateway, first: int, ordering: list[str] | None = None) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        page = data_of(gateway, PAGE, {"first": first, "after": after, "ordering": ordering})["zaken"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]
        assert len(pages) < 100, "the walk does not end"


@pytest.mark.parametrize(
    "ordering, zgw", [(None, None), (["startdatum_DESC", "identificatie_ASC"], "-startdatum,identificatie")]
)
def test_walking_zaken_seven_at_a_time_gives_the_registry_list(
    ordering: list[str] | None, zgw: str | None, gateway: Gateway, simulator: RunningSimulator
) -> None:
    pages = _walk(gateway, 7, ordering)

    registry = [
        z["url"] for z in everything(simulator, "zaken/api/v1/zaken", **({"ordering": zgw} if zgw else {}))
    ]
    walked = [node["url"] for page in pages for node in page["nodes"]]
    assert walked == registry
    assert len(set(walked)) == len(walked)
    assert [len(page["nodes"]) for page in pages] == [
        min(7, len(registry) - 7 * i) for i in range(-(-len(registry) // 7))
    ]
    assert {page["totalCount"] for page in pages} == {len(registry)}
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [False] + [True] * (len(pages) - 1)
    assert [page["pageInfo"]["hasNextPage"] for page in pages] == [True] * (len(pages) - 1) + [False]
    for page in pages:
        assert [edge["node"] for edge in page["edges"]] == page["nodes"]
        assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        assert len({edge["cursor"] for edge in page["edges"]}) == len(page["edges"])


def test_any_edge_cursor_continues_right_after_that_edge(
    gateway: Gateway, simulator: RunningSimulator
) -> None:
    first = data_of(gateway, PAGE, {"first": 10})["zaken"]

    rest = data_of(gateway, PAGE, {"first": 5, "after": first["edges"][3]["cursor"]})["zaken"]

    registry = [z["url"] for z in everything(simulator, "zaken/api/v1/zaken")]
    assert [n["url"] for n in rest["nodes"]] == registry[4:9]
    assert rest["pageInfo"]["hasPreviousPage"] is True


def test_first_larger_than_a_registry_page_follows_next(gateway: Gateway, clean: RunningSimulator) -> None:
    registry = everything(clean, DOCUMENTEN)
    first_page = rest(clean, DOCUMENTEN)
    assert first_page["next"] and len(registry) > len(first_page["results"]), "the registry needs two pages"
    clean.reset_requests()

    data = data_of(
        gateway, "{ documenten(first: 150) { totalCount pageInfo { hasNextPage } nodes { url } } }"
    )

    assert data == {
        "documenten": {
            "totalCount": len(registry),
            "pageInfo": {"hasNextPage": len(registry) > 150},
            "nodes": [{"url": d["url"]} for d in registry[:150]],
        }
    }
    pages = [r for r in clean.requests()["requests"] if r["resource"] == "enkelvoudiginformatieobjecten"]
    assert len(pages) == 2


def test_forty_at_a_time_across_registry_pages(gateway: Gateway, simulator: RunningSimulator) -> None:
    query = "query($after: String) { documenten(first: 40, after: $after) { pageInfo { hasNextPage endCursor } nodes { url } } }"
    walked: list[str] = []
    after = None
    for _ in range(10):
        page = data_of(gateway, query, {"after": after})["documenten"]
        walked += [n["url"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    registry = [d["url"] for d in everything(simulator, DOCUMENTEN)]
    assert walked == registry
    assert len(registry) > 100


@pytest.mark.parametrize(
    "arguments",
    [
        'first: 5, after: "bogus"',
        'first: 5, after: "emcxOi0x"',
        'first: 5, after: ""',
        "first: 100000",
        "first: -1",
    ],
    ids=["garbage-cursor", "foreign-cursor", "empty-cursor", "first-too-large", "first-negative"],
)
def test_bad_paging_arguments_are_a_bad_request(
    arguments: str, gateway: Gateway, clean: RunningSimulator
) -> None:
    body = ask(gateway, f"{{ zaken({arguments}) {{ totalCount nodes {{ url }} }} }}")

    assert body["data"] == {"zaken": None}
    assert codes(body) == [(("zaken",), "BAD_REQUEST")]
    assert clean.requests()["count"] == 0


def test_child_lists_take_first_and_after(gateway: Gateway, simulator: RunningSimulator) -> None:
    zaak = next(
        z
        for z in everything(simulator, "zaken/api/v1/zaken")
        if len(everything(simulator, "zaken/api/v1/statussen", zaak=z["url"])) >= 4
    )
    statussen = [s["url"] for s in everything(simulator, "zaken/api/v1/statussen", zaak=zaak["url"])]

    data = data_of(
        gateway,
        """query($url: String!, $after: String!) { zaak(url: $url) {
            head: statussen(first: 2) { url }
            next: statussen(first: 2, after: $after) { url }
            tail: statussen(after: $after) { url }
            none: statussen(first: 0) { url }
        } }""",
        {"url": zaak["url"], "after": statussen[1]},
    )

    assert data == {
        "zaak": {
            "head": [{"url": u} for u in statussen[:2]],
            "next": [{"url": u} for u in statussen[2:4]],
            "tail": [{"url": u} for u in statussen[2:]],
            "none": [],
        }
    }


@pytest.mark.parametrize("arguments", ['after: "https://example.org/not-a-status"', "first: -1"])
def test_bad_child_list_paging_is_a_bad_request(
    arguments: str, gateway: Gateway, simulator: RunningSimulator
) -> None:
    zaak = rest(simulator, "zaken/api/v1/zaken")["results"][0]

    body = ask(gateway, f'{{ zaak(url: "{zaak["url"]}") {{ url statussen({arguments}) {{ url }} }} }}')

    assert body["data"] == {"zaak": {"url": zaak["url"], "statussen": None}}
    assert codes(body) == [(("zaak", "statussen"), "BAD_REQUEST")]


def test_first_at_the_maximum_is_allowed(gateway: Gateway, simulator: RunningSimulator) -> None:
    data = data_of(
        gateway, "{ zaken(first: 500) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { url } } }"
    )

    registry = everything(simulator, "zaken/api/v1/zaken")
    assert data == {
        "zaken": {
            "totalCount": len(registry),
            "pageInfo": {"hasNextPage": False, "hasPreviousPage": False},
            "nodes": [{"url": z["url"]} for z in registry],
        }
    }


def test_after_the_last_cursor_comes_an_empty_last_page(
    gateway: Gateway, simulator: RunningSimulator
) -> None:
    last = data_of(gateway, "{ zaken(first: 500) { pageInfo { endCursor } } }")["zaken"]["pageInfo"][
        "endCursor"
    ]

    data = data_of(gateway, PAGE, {"first": 5, "after": last})

    assert data == {
        "zaken": {
            "totalCount": len(everything(simulator, "zaken/api/v1/zaken")),
            "pageInfo": {
                "hasNextPage": False,
                "hasPreviousPage": True,
                "startCursor": None,
                "endCursor": None,
            },
            "edges": [],
            "nodes": [],
        }
    }


def test_an_ordered_walk_across_registry_pages(gateway: Gateway, simulator: RunningSimulator) -> None:
    query = "query($after: String) { documenten(first: 30, after: $after, ordering: [titel_DESC]) { pageInfo { hasNextPage endCursor } nodes { url } } }"
    walked: list[str] = []
    after = None
    for _ in range(10):
        page = data_of(gateway, query, {"after": after})["documenten"]
        walked += [n["url"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    registry = [d["url"] for d in everything(simulator, DOCUMENTEN, ordering="-titel")]
    assert walked == registry
    assert len(registry) > 100


def test_a_cursor_past_the_end_of_a_shorter_list_keeps_the_true_total(
    gateway: Gateway, simulator: RunningSimulator
) -> None:
    """A cursor taken from a longer list (a hundred documents in) on a list of fewer: nothing is left,
    and the total is still the registry's count, not the position the cursor pointed at."""
    far = data_of(gateway, "{ documenten(first: 100) { pageInfo { endCursor } } }")["documenten"]["pageInfo"][
        "endCursor"
    ]

    data = data_of(
        gateway,
        "query($after: String) { documenten(first: 5, after: $after, filter: {vertrouwelijkheidaanduiding: openbaar}) { totalCount pageInfo { hasNextPage } nodes { url } } }",
        {"after": far},
    )

    openbaar = everything(simulator, DOCUMENTEN, vertrouwelijkheidaanduiding="openbaar")
    assert data == {
        "documenten": {"totalCount": len(openbaar), "pageInfo": {"hasNextPage": False}, "nodes": []}
    }
    assert len(openbaar) < 100
