"""Many registries behind one schema: merged paging, routing with the right credentials, partial failure."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from gateway.settings import RegistrySettings
from simulator.testing import RunningSimulator, run_simulator
from tests.support import Gateway, registry_for, run_gateway

NAMES = ("noord", "oost", "zuid")


@pytest.fixture(scope="module")
def three() -> Iterator[list[RunningSimulator]]:
    with ExitStack() as stack:
        yield [stack.enter_context(run_simulator(size=25 + 5 * i, seed=11 + i)) for i in range(3)]


@pytest.fixture(scope="module")
def federated(three: list[RunningSimulator]) -> Iterator[Gateway]:
    registries = [registry_for(sim, name) for sim, name in zip(three, NAMES, strict=True)]
    with run_gateway(registries) as gateway:
        yield gateway


def _all_zaken(sim: RunningSimulator, ordering: str) -> list[dict[str, Any]]:
    """Every zaak of one registry in its own order, straight from its REST API."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        body = sim.get("zaken/api/v1/zaken", ordering=ordering, page=str(page))
        items.extend(body["results"])
        if not body["next"]:
            return items
        page += 1


def _reference_merge(lists: list[list[dict[str, Any]]], attribute: str, descending: bool) -> list[str]:
    """A stable sort of the concatenated, already-ordered lists: ties keep registry order, then list order."""
    merged = sorted(
        (zaak for items in lists for zaak in items), key=lambda z: z[attribute], reverse=descending
    )
    return [zaak["url"] for zaak in merged]


PAGE = """
query Page($ordering: [ZaakOrdering!], $after: String) {
  zaken(ordering: $ordering, first: 17, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { url }
  }
}
"""


@pytest.mark.parametrize(
    ("enum", "zgw", "attribute", "descending"),
    [
        ("startdatum_DESC", "-startdatum", "startdatum", True),
        ("identificatie_ASC", "identificatie", "identificatie", False),
    ],
)
def test_paging_all_registries_equals_a_merge_of_their_lists(
    federated: Gateway, three: list[RunningSimulator], enum: str, zgw: str, attribute: str, descending: bool
) -> None:
    expected = _reference_merge([_all_zaken(sim, zgw) for sim in three], attribute, descending)

    seen: list[str] = []
    after = None
    pages = 0
    while True:
        zaken = federated.data(PAGE, {"ordering": [enum], "after": after})["zaken"]
        assert zaken["totalCount"] == len(expected)
        assert zaken["pageInfo"]["hasPreviousPage"] is (pages > 0)
        seen.extend(node["url"] for node in zaken["nodes"])
        pages += 1
        if not zaken["pageInfo"]["hasNextPage"]:
            break
        after = zaken["pageInfo"]["endCursor"]

    assert seen == expected  # no duplicates, no gaps, one consistent order
    assert pages == -(-len(expected) // 17)


def test_a_url_of_an_unknown_host_is_never_fetched(federated: Gateway, three: list[RunningSimulator]) -> None:
    for sim in three:
        sim.reset_requests()
    url = "http://127.0.0.2:9/zaken/api/v1/zaken/3fa85f64-5717-4562-b3fc-2c963f66afa6"

    body = federated.query("query($url: String) { zaak(url: $url) { identificatie } }", {"url": url})

    assert body["data"] == {"zaak": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["URL_NOT_ALLOWED"]
    assert all(sim.requests()["count"] == 0 for sim in three)


def test_a_link_resolves_through_the_registry_that_owns_it_with_its_credentials(
    three: list[RunningSimulator],
) -> None:
    """Zaken in one registry, their catalogue served by another entry with credentials of its own."""
    sim = three[0]
    sim.add_client(
        client_id="catalogus-lezer", secret="catalogus-geheim-0123456789-abcdef", heeft_alle_autorisaties=True
    )
    zaken_only = registry_for(
        sim,
        "gemeente",
        base_url=None,
        zaken_url=sim.base_url + "zaken/api/v1/",
        documenten_url=sim.base_url + "documenten/api/v1/",
        besluiten_url=sim.base_url + "besluiten/api/v1/",
    )
    catalogue = registry_for(
        sim,
        "landelijk",
        base_url=None,
        catalogi_url=sim.base_url + "catalogi/api/v1/",
        client_id="catalogus-lezer",
        secret="catalogus-geheim-0123456789-abcdef",
    )
    with run_gateway([zaken_only, catalogue], catalogue_cache_ttl_s=0) as gateway:
        sim.reset_requests()
        nodes = gateway.data("{ zaken(first: 3) { nodes { zaaktype { omschrijving } } } }")["zaken"]["nodes"]

    assert len(nodes) == 3 and all(node["zaaktype"]["omschrijving"] for node in nodes)
    by_api = {(r["api"], r["client_id"]) for r in sim.requests()["requests"]}
    assert by_api == {("zaken", sim.client_id), ("catalogi", "catalogus-lezer")}


def test_a_stopped_registry_gives_partial_data_and_a_typed_error(three: list[RunningSimulator]) -> None:
    with run_simulator(size=10, seed=99) as doomed:
        registries = [registry_for(three[0], "noord"), registry_for(doomed, "kapot")]
        with run_gateway(registries) as gateway:
            before = gateway.data("{ zaken(first: 100) { totalCount } }")["zaken"]["totalCount"]
            doomed.process.terminate()
            doomed.process.wait(timeout=10)

            body = gateway.query(
                "{ zaken(first: 100) { totalCount registries { registry { name } error } nodes { url } } }"
            )

    alive = len(_all_zaken(three[0], "identificatie"))
    assert before == alive + 10
    assert body["data"]["zaken"]["totalCount"] == alive
    assert all(node["url"].startswith(three[0].base_url) for node in body["data"]["zaken"]["nodes"])
    [error] = body["errors"]
    assert error["extensions"]["code"] == "UPSTREAM_ERROR"
    assert error["extensions"]["registry"] == "kapot"
    assert error["path"] == ["zaken"]
    assert body["data"]["zaken"]["registries"] == [
        {"registry": {"name": "noord"}, "error": None},
        {"registry": {"name": "kapot"}, "error": "UPSTREAM_ERROR"},
    ]


def test_a_slow_registry_does_not_delay_the_answer_beyond_its_deadline(three: list[RunningSimulator]) -> None:
    slow, fast = three[1], three[2]
    registries = [registry_for(fast, "snel"), registry_for(slow, "traag", timeout_s=0.5)]
    with run_gateway(registries) as gateway:
        gateway.data("{ zaken(first: 1) { totalCount } }")  # warm connections
        slow.set_latency(fixed_ms=5000)
        try:
            started = time.perf_counter()
            body = gateway.query("{ zaken(first: 5) { totalCount nodes { url } } }")
            elapsed = time.perf_counter() - started
        finally:
            slow.set_latency(fixed_ms=0)

    assert elapsed < 1.5
    assert body["data"]["zaken"]["totalCount"] == len(_all_zaken(fast, "identificatie"))
    [error] = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["registry"]) == ("UPSTREAM_TIMEOUT", "traag")


def test_every_object_says_which_registry_it_came_from(
    federated: Gateway, three: list[RunningSimulator]
) -> None:
    nodes = federated.data(
        "{ zaken(first: 60) { nodes { url registry { name label } zaaktype { registry { name } } } } }"
    )["zaken"]["nodes"]

    assert len(nodes) == 60
    for node in nodes:
        [name] = [n for sim, n in zip(three, NAMES, strict=True) if node["url"].startswith(sim.base_url)]
        assert node["registry"] == {"name": name, "label": f"Simulator {name}"}
        assert node["zaaktype"]["registry"] == {"name": name}


def test_lists_can_be_limited_to_named_registries(federated: Gateway, three: list[RunningSimulator]) -> None:
    body = federated.data(
        '{ zaken(registries: ["oost", "zuid"], first: 100) {'
        " totalCount registries { registry { name } totalCount error } nodes { registry { name } } } }"
    )["zaken"]

    counts = [sim.get("zaken/api/v1/zaken")["count"] for sim in three[1:]]
    assert body["totalCount"] == sum(counts)
    assert body["registries"] == [
        {"registry": {"name": "oost"}, "totalCount": counts[0], "error": None},
        {"registry": {"name": "zuid"}, "totalCount": counts[1], "error": None},
    ]
    assert {node["registry"]["name"] for node in body["nodes"]} == {"oost", "zuid"}


def test_an_unknown_registry_name_is_a_bad_request(federated: Gateway) -> None:
    body = federated.query('{ zaken(registries: ["west"]) { totalCount } }')

    assert body["data"] == {"zaken": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_REQUEST"]


def test_two_registries_share_one_catalogue_with_its_own_credentials() -> None:
    """Two municipalities' zaken point at one national catalogue, which has credentials of its own."""
    with ExitStack() as stack:
        catalogue = stack.enter_context(
            run_simulator(
                size=0,
                seed=1,
                extra_args=(
                    "--registry",
                    "Regio",
                    "--client-id",
                    "landelijk",
                    "--secret",
                    "landelijk-geheim-0123456789-abcdef",
                ),
            )
        )
        shared = catalogue.base_url + "catalogi/api/v1/"
        towns = [
            stack.enter_context(
                run_simulator(
                    size=12, seed=seed, extra_args=("--registry", "Regio", "--catalogi-url", shared)
                )
            )
            for seed in (31, 32)
        ]

        def zaken_apis(sim: RunningSimulator, name: str) -> Any:
            return registry_for(
                sim,
                name,
                base_url=None,
                zaken_url=sim.base_url + "zaken/api/v1/",
                documenten_url=sim.base_url + "documenten/api/v1/",
                besluiten_url=sim.base_url + "besluiten/api/v1/",
            )

        registries = [
            zaken_apis(towns[0], "west"),
            zaken_apis(towns[1], "oost"),
            registry_for(catalogue, "landelijk", base_url=None, catalogi_url=shared),
        ]
        gateway = stack.enter_context(run_gateway(registries, catalogue_cache_ttl_s=0))
        for sim in (catalogue, *towns):
            sim.reset_requests()

        nodes = gateway.data(
            "{ zaken(first: 24) { nodes { registry { name } zaaktype { url omschrijving registry { name } }"
            " status { statustype { omschrijving registry { name } } } } } }"
        )["zaken"]["nodes"]

        assert {node["registry"]["name"] for node in nodes} == {"west", "oost"}
        assert all(node["zaaktype"]["url"].startswith(shared) for node in nodes)
        assert {node["zaaktype"]["registry"]["name"] for node in nodes} == {"landelijk"}
        statustypen = [node["status"]["statustype"] for node in nodes if node["status"]]
        assert statustypen and {s["registry"]["name"] for s in statustypen} == {"landelijk"}
        # Each zaaktype fetched once for both towns, from the catalogue, with the catalogue's credentials.
        catalogue_calls = catalogue.requests()["requests"]
        assert catalogue_calls and {r["client_id"] for r in catalogue_calls} == {"landelijk"}
        zaaktype_calls = [r["path"] for r in catalogue_calls if r["resource"] == "zaaktypen"]
        assert sorted(zaaktype_calls) == sorted(
            {node["zaaktype"]["url"][len(catalogue.base_url) - 1 :] for node in nodes}
        )
        assert all(r["api"] != "catalogi" for sim in towns for r in sim.requests()["requests"])
        for node in nodes:  # as the catalogue itself serves it
            assert node["zaaktype"]["omschrijving"] == catalogue.get(node["zaaktype"]["url"])["omschrijving"]


class _Recorder(BaseHTTPRequestHandler):
    """A loopback HTTP server: the redirecting one sends every request elsewhere, the other counts hits."""

    hits: ClassVar[list[str]] = []
    location: ClassVar[str] = ""

    def do_GET(self) -> None:
        if self.location:
            self.send_response(302)
            self.send_header("Location", self.location + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            type(self).hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


def test_a_redirect_out_of_the_registries_is_never_followed() -> None:
    elsewhere_handler = type("Elsewhere", (_Recorder,), {"hits": [], "location": ""})
    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), elsewhere_handler)
    redirect_handler = type(
        "Redirect", (_Recorder,), {"location": f"http://127.0.0.1:{elsewhere.server_address[1]}"}
    )
    redirecting = ThreadingHTTPServer(("127.0.0.1", 0), redirect_handler)
    for server in (elsewhere, redirecting):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        registry = RegistrySettings(
            name="verhuisd",
            base_url=f"http://127.0.0.1:{redirecting.server_address[1]}/",
            client_id="zaakgraph",
            secret="a-secret-that-is-long-enough-for-hs256",  # type: ignore[arg-type]
        )
        with run_gateway([registry]) as gateway:
            body = gateway.query("{ zaken(first: 5) { totalCount } }")
    finally:
        for server in (elsewhere, redirecting):
            server.shutdown()

    assert body["data"] == {
        "zaken": None
    }  # its only registry failed: null with the error, nothing from elsewhere
    [error] = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["registry"]) == ("UPSTREAM_ERROR", "verhuisd")
    assert error["extensions"]["upstreamStatus"] == 302
    assert elsewhere_handler.hits == []


STATUS_QUERY = """query($first: Int!, $ordering: [ZaakOrdering!]) {
  zaken(first: $first, ordering: $ordering) { nodes { url status { url datumStatusGezet } } }
}"""


def test_a_slow_registry_does_not_hold_up_the_links_of_a_fast_ones_zaken(
    three: list[RunningSimulator],
) -> None:
    fast, slow = three[0], three[2]
    registries = [registry_for(fast, "snel"), registry_for(slow, "traag", timeout_s=5.0)]
    with run_gateway(registries, catalogue_cache_ttl_s=0, resource_cache_mb=0) as gateway:
        gateway.data("{ zaken(first: 1) { totalCount } }")  # warm connections
        slow.set_latency(fixed_ms=600)
        try:
            body = gateway.query(
                STATUS_QUERY, {"first": 5, "ordering": None}, headers={"X-ZaakGraph-Trace": "1"}
            )
        finally:
            slow.set_latency(fixed_ms=0)

    assert "errors" not in body, body["errors"]
    nodes = body["data"]["zaken"]["nodes"]
    # Without an ordering the registry named first comes first: its five zaken are the window.
    assert [n["url"] for n in nodes] == [z["url"] for z in fast.get("zaken/api/v1/zaken")["results"][:5]]
    calls = body["extensions"]["backend"]["calls"]  # in the order they were answered
    slow_list = next(i for i, c in enumerate(calls) if c["registry"] == "traag")
    statuses = [i for i, c in enumerate(calls) if "/statussen/" in c["url"]]
    assert statuses, calls
    # The fast registry's zaken are certain to be in the window as soon as they come: their statussen
    # were fetched while the slow registry was still answering its list.
    assert max(statuses) < slow_list, [(c["registry"], c["url"][-50:], c["ms"]) for c in calls]


def test_only_the_zaken_certain_to_be_in_a_merged_window_load_their_links_early(
    three: list[RunningSimulator],
) -> None:
    registries = [registry_for(sim, name) for sim, name in zip(three, NAMES, strict=True)]
    expected = _reference_merge([_all_zaken(sim, "-startdatum") for sim in three], "startdatum", True)[:7]
    with run_gateway(registries, catalogue_cache_ttl_s=0, resource_cache_mb=0) as gateway:
        gateway.data("{ zaken(first: 1) { totalCount } }")  # warm connections
        three[1].set_latency(fixed_ms=300)  # the others' pages come first: what they may start is judged
        try:
            body = gateway.query(
                STATUS_QUERY,
                {"first": 7, "ordering": ["startdatum_DESC"]},
                headers={"X-ZaakGraph-Trace": "1"},
            )
        finally:
            three[1].set_latency(fixed_ms=0)

    assert "errors" not in body, body["errors"]
    nodes = body["data"]["zaken"]["nodes"]
    assert [n["url"] for n in nodes] == expected
    asked = sorted(c["url"] for c in body["extensions"]["backend"]["calls"] if "/statussen/" in c["url"])
    # no status fetched for a zaak the merge left out
    assert asked == sorted(n["status"]["url"] for n in nodes if n["status"] is not None)
