"""A client that walks a list page by page (`after`) gets its next window asked while it reads the one before
(with its child lists and the documents its pages name), and the pages of the window after it: its next
request takes those instead of asking the registry, and only that client's next request; a notification that
changes the registry's lists calls a prefetch off."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from gateway.cache import Prefetched
from resolvers.paging import page_weight
from simulator.testing import RunningSimulator, run_simulator
from tests.support import Gateway, registry_for, run_gateway

TRACE = {"X-ZaakGraph-Trace": "1"}
CALLBACK_SECRET = "callback-secret-for-prefetch-tests"
PAGE = """query($after: String) { zaken(first: 10, after: $after) {
    pageInfo { endCursor hasNextPage }
    nodes { url identificatie omschrijving }
} }"""


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=60, seed=29) as running:
        yield running


def _gateway(
    sim: RunningSimulator, use_expand: bool | None = None, breaker_failures: int = 5, **settings: Any
) -> Any:
    registry = registry_for(
        sim, send_page_size=True, capacity=8, use_expand=use_expand, breaker_failures=breaker_failures
    )
    return run_gateway(
        [registry],
        catalogue_cache_ttl_s=0,
        principal_header="X-Principal",
        callback_secret=CALLBACK_SECRET,
        **settings,
    )


def _page(gateway: Gateway, after: str | None, principal: str = "alice") -> dict[str, Any]:
    body = gateway.query(PAGE, {"after": after}, headers={**TRACE, "X-Principal": principal})
    assert "errors" not in body, body["errors"]
    return body


def _list_requests(sim: RunningSimulator, settle_s: float = 0.3) -> list[str]:
    """The zaken list requests the registry has had since its log was reset, once a prefetch had time."""
    time.sleep(settle_s)
    return [r["query"] for r in sim.requests()["requests"] if r["path"].endswith("/zaken/api/v1/zaken")]


def _nodes(body: dict[str, Any]) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = body["data"]["zaken"]["nodes"]
    return nodes


@contextmanager
def _walker_beside_reference(sim: RunningSimulator, use_expand: bool) -> Iterator[tuple[Gateway, Gateway]]:
    """A gateway that asks ahead, and one that does not (the reference), on a registry of 30 ms a request."""
    sim.set_latency(fixed_ms=30, jitter_ms=0)
    try:
        with (
            _gateway(sim, use_expand=use_expand) as gateway,
            _gateway(sim, use_expand=use_expand, prefetch_ttl_s=0) as unhurried,
        ):
            yield gateway, unhurried
    finally:
        sim.set_latency()


def _walk(gateway: Gateway, query: str, pages: int) -> str:
    """The cursor after walking `pages` pages of `query` from the start."""
    cursor = None
    for _ in range(pages):
        body = gateway.query(query, {"after": cursor}, headers=TRACE)
        assert "errors" not in body, body["errors"]
        cursor = body["data"]["zaken"]["pageInfo"]["endCursor"]
    assert isinstance(cursor, str)
    return cursor


def test_the_next_window_is_asked_ahead_and_taken_by_the_next_request(registry: RunningSimulator) -> None:
    registry.set_latency(fixed_ms=30, jitter_ms=0)
    try:
        with _gateway(registry) as gateway, _gateway(registry, prefetch_ttl_s=0) as unhurried:
            registry.reset_requests()
            first = _page(gateway, None)
            after_first = _list_requests(registry)
            second = _page(gateway, first["data"]["zaken"]["pageInfo"]["endCursor"])
            after_second = _list_requests(registry)
            registry.reset_requests()
            third = _page(gateway, second["data"]["zaken"]["pageInfo"]["endCursor"])
            for_third = _list_requests(registry)
            # the same walk without prefetching: the same data
            walked, cursor = [], None
            for _ in range(3):
                body = _page(unhurried, cursor)
                walked.append(_nodes(body))
                cursor = body["data"]["zaken"]["pageInfo"]["endCursor"]
    finally:
        registry.set_latency()

    # a first page is no walk yet: nothing is asked ahead
    assert after_first == ["pageSize=10"]
    assert first["extensions"]["backend"]["resourceCache"]["prefetching"] == 0
    # the second is: the third page is asked as soon as the second has come, and the fourth (a single
    # registry: the window after the next starts where the next ends)
    assert after_second == ["pageSize=10", "page=2&pageSize=10", "page=3&pageSize=10", "page=4&pageSize=10"]
    assert second["extensions"]["backend"]["resourceCache"]["prefetching"] == 2
    # the third page's request takes it: no zaken list asked for it; the fourth is on its way already, and
    # the fifth is asked ahead
    assert for_third == ["page=5&pageSize=10"]
    trace = third["extensions"]["backend"]
    assert trace["resourceCache"]["prefetched"] == 1
    assert trace["requests"] == 0
    assert [_nodes(first), _nodes(second), _nodes(third)] == walked
    assert len({n["identificatie"] for page in walked for n in page}) == 30


def test_a_page_asked_ahead_for_one_user_is_not_given_to_another(registry: RunningSimulator) -> None:
    with _gateway(registry) as gateway:
        first = _page(gateway, None, "alice")
        second = _page(gateway, first["data"]["zaken"]["pageInfo"]["endCursor"], "alice")
        cursor = second["data"]["zaken"]["pageInfo"]["endCursor"]
        _list_requests(registry)  # alice's third page has been asked ahead
        registry.reset_requests()
        bob = _page(gateway, cursor, "bob")
        bob_asked = _list_requests(registry, settle_s=0.0)
        alice = _page(gateway, cursor, "alice")

    assert _nodes(bob) == _nodes(alice)
    # bob's request asked the registry itself, with bob in its token; alice's took what was asked for her
    assert "page=3&pageSize=10" in bob_asked
    assert bob["extensions"]["backend"]["resourceCache"]["prefetched"] == 0
    assert alice["extensions"]["backend"]["resourceCache"]["prefetched"] == 1


def test_a_notification_that_changes_the_lists_calls_a_prefetch_off(registry: RunningSimulator) -> None:
    with _gateway(registry) as gateway:
        first = _page(gateway, None)
        second = _page(gateway, first["data"]["zaken"]["pageInfo"]["endCursor"])
        _list_requests(registry)  # the third page has been asked ahead
        zaak = _nodes(second)[0]
        notified = httpx.post(
            gateway.url.replace("/graphql", "/notificaties"),
            json={
                "kanaal": "zaken",
                "hoofdObject": zaak["url"],
                "resource": "zaak",
                "resourceUrl": zaak["url"],
                "actie": "partial_update",
                "aanmaakdatum": "2026-11-24T12:00:00Z",
                "kenmerken": {},
            },
            headers={"Authorization": f"Bearer {CALLBACK_SECRET}"},
            timeout=10,
        )
        registry.reset_requests()
        third = _page(gateway, second["data"]["zaken"]["pageInfo"]["endCursor"])
        asked = _list_requests(registry, settle_s=0.0)

    assert second["extensions"]["backend"]["resourceCache"]["prefetching"] == 2
    assert notified.status_code == 204
    # the page asked ahead may predate the change: the request asks the registry again
    assert third["extensions"]["backend"]["resourceCache"]["prefetched"] == 0
    assert asked[0] == "page=3&pageSize=10"


LINKED = """query($after: String) { zaken(first: 10, after: $after) {
    pageInfo { endCursor }
    nodes { identificatie statussen { url datumStatusGezet } }
} }"""


def test_the_child_lists_of_the_next_window_are_asked_ahead_too(registry: RunningSimulator) -> None:
    with _walker_beside_reference(registry, use_expand=False) as (gateway, unhurried):
        registry.reset_requests()
        cursor = _walk(gateway, LINKED, 2)
        time.sleep(0.4)  # the third page and its zaken's statussen have been asked, and the fourth page
        before = [(r["path"].rsplit("/", 1)[-1], r["query"]) for r in registry.requests()["requests"]]
        registry.reset_requests()
        third = gateway.query(LINKED, {"after": cursor}, headers=TRACE)
        time.sleep(0.4)
        asked = [(r["path"].rsplit("/", 1)[-1], r["query"]) for r in registry.requests()["requests"]]
        same = unhurried.query(LINKED, {"after": cursor})
        fourth = unhurried.query(PAGE, {"after": third["data"]["zaken"]["pageInfo"]["endCursor"]})

    assert "errors" not in third, third["errors"]
    assert third["data"] == same["data"]
    statussen = [s for n in third["data"]["zaken"]["nodes"] for s in n["statussen"]]
    assert statussen, "needs zaken with statussen"
    trace = third["extensions"]["backend"]
    # the page and its ten zaken's statussen lists were taken from what was asked ahead: no request of its own
    assert trace["requests"] == 0
    assert trace["resourceCache"]["prefetched"] == 1 + 10
    # before it, the fourth page was asked with the third, without its statussen: the first two pages' own
    # and the third's ahead are all the statussen lists asked
    assert [q for path, q in before if path == "zaken"][-2:] == ["page=3&pageSize=10", "page=4&pageSize=10"]
    assert sum(path == "statussen" for path, _ in before) == 30
    # meanwhile the registry had the fourth page's statussen (its page was here: asked at once) and the fifth
    # page, asked ahead in turn
    assert [q for path, q in asked if path == "zaken"] == ["page=5&pageSize=10"]
    asked_for = {parse_qs(q)["zaak"][0] for path, q in asked if path == "statussen"}
    assert asked_for == {n["url"] for n in _nodes(fourth)}
    assert len(asked) == 1 + 10


def test_what_failed_when_asked_ahead_is_asked_again_by_the_request(registry: RunningSimulator) -> None:
    # No breaker: twenty failed statussen lists would open it, and the third page's would fail at once.
    with (
        _gateway(registry, use_expand=False, breaker_failures=0) as gateway,
        _gateway(registry, use_expand=False, prefetch_ttl_s=0) as unhurried,
    ):
        first = gateway.query(LINKED, {"after": None})
        # While the second page is served and the third asked ahead, every statussen list fails.
        registry.set_faults(error_rate=1, statuses=[503], path_regex="statussen")
        try:
            second = gateway.query(LINKED, {"after": first["data"]["zaken"]["pageInfo"]["endCursor"]})
            time.sleep(0.4)  # the third page and its zaken's statussen have been asked, and failed
        finally:
            registry.clear_faults()
        cursor = second["data"]["zaken"]["pageInfo"]["endCursor"]
        third = gateway.query(LINKED, {"after": cursor}, headers=TRACE)
        same = unhurried.query(LINKED, {"after": cursor})

    assert second.get("errors"), "the second page's own statussen failed"
    assert "errors" not in third, third["errors"]
    assert third["data"] == same["data"]
    trace = third["extensions"]["backend"]
    # the page asked ahead was taken; the failed lists were asked again, one request each
    assert trace["resourceCache"]["prefetched"] == 1
    assert [c["url"].rsplit("/", 1)[-1] for c in trace["calls"]] == ["statussen"] * 10


ROLLEN = """query($after: String) { zaken(first: 10, after: $after) {
    pageInfo { endCursor }
    nodes { identificatie rollen { url roltoelichting } }
} }"""


def _plan(body: dict[str, Any]) -> dict[str, Any]:
    (registry,) = body["extensions"]["backend"]["registries"].values()
    (plan,) = [p for p in registry["plan"] if p.get("list") == "zaken"]
    return dict(plan)


def test_a_window_asked_ahead_keeps_its_plan_and_the_walk_moves_on_to_the_models(
    registry: RunningSimulator,
) -> None:
    # A fresh gateway (nothing pinned) plans plain pages until it has seen enough answers; the probe on its
    # first page shows it that this registry inlines rollen for nothing. The second page is planned plain,
    # and the third and fourth pages asked ahead plain; by the third request the model prefers
    # `expand=rollen`.
    registry.set_latency(fixed_ms=30, jitter_ms=0)
    try:
        with (
            run_gateway([registry_for(registry, send_page_size=True)], catalogue_cache_ttl_s=0) as gateway,
            _gateway(registry, use_expand=False, prefetch_ttl_s=0) as unhurried,
        ):
            pages, cursor = [], None
            for _ in range(2):
                body = gateway.query(ROLLEN, {"after": cursor}, headers=TRACE)
                cursor = body["data"]["zaken"]["pageInfo"]["endCursor"]
            time.sleep(0.4)  # the third page and its rollen lists have been asked, and the fourth page
            bodies, asked_meanwhile = [], []
            for _ in range(3):
                registry.reset_requests()
                body = gateway.query(ROLLEN, {"after": cursor}, headers=TRACE)
                time.sleep(0.4)
                asked_meanwhile.append(
                    [(r["path"].rsplit("/", 1)[-1], r["query"]) for r in registry.requests()["requests"]]
                )
                assert "errors" not in body, body["errors"]
                bodies.append(body)
                pages.append(body["data"])
                cursor = body["data"]["zaken"]["pageInfo"]["endCursor"]
            walked, cursor = [], None
            for _ in range(5):
                plain = unhurried.query(ROLLEN, {"after": cursor})
                walked.append(plain["data"])
                cursor = plain["data"]["zaken"]["pageInfo"]["endCursor"]
    finally:
        registry.set_latency()

    third, fourth, fifth = bodies
    assert pages == walked[2:]
    assert any(n["rollen"] for page in pages for n in page["zaken"]["nodes"]), "needs zaken with rollen"
    # The third and fourth pages keep the plain plan they were asked ahead under: each page and its ten rollen
    # lists were taken, with no request, where the model's own plan would have asked the registry again.
    for body in (third, fourth):
        plan = _plan(body)
        assert (plan["strategy"], plan["cached"]) == ("plain", True)
        assert body["extensions"]["backend"]["requests"] == 0
        assert body["extensions"]["backend"]["resourceCache"]["prefetched"] == 1 + 10
    # Meanwhile the third request had the fourth page's rollen lists asked (its page was asked plain before)
    # and the fifth page under the model's plan: one expanded page, no rollen lists of its own.
    assert [q for path, q in asked_meanwhile[0] if path == "zaken"] == ["expand=rollen&page=5&pageSize=10"]
    assert sum(path == "rollen" for path, _ in asked_meanwhile[0]) == 10
    assert len(asked_meanwhile[0]) == 1 + 10
    # The fourth request had the sixth page asked under it (the fifth was on its way).
    assert asked_meanwhile[1] == [("zaken", "expand=rollen&page=6&pageSize=10")]
    # The fifth was taken as asked, under the model's plan, and the walk goes on under it.
    plan = _plan(fifth)
    assert (plan["strategy"], plan["expand"], plan["cached"]) == ("expand", "rollen", False)
    assert fifth["extensions"]["backend"]["requests"] == 0
    assert fifth["extensions"]["backend"]["resourceCache"]["prefetched"] == 1
    # (the registry has 60 zaken: past the sixth page nothing is asked)
    assert asked_meanwhile[2] == []


DOCUMENTS = """query($after: String) { zaken(first: 10, after: $after) {
    pageInfo { endCursor }
    nodes {
        identificatie
        zaakinformatieobjecten { informatieobject { url titel } }
        documenten { url bestandsomvang }
    }
} }"""


def test_the_documents_the_next_windows_pages_name_are_asked_ahead_too(registry: RunningSimulator) -> None:
    # Expanded pages inline each zaak's zaakinformatieobjecten: the documents they name are known as soon as a
    # page asked ahead has come, and asked by `_zoek` beside it, not by the next request behind the queue.
    with _walker_beside_reference(registry, use_expand=True) as (gateway, unhurried):
        cursor = _walk(gateway, DOCUMENTS, 2)
        time.sleep(0.4)  # the third page and its documents have been asked
        registry.reset_requests()
        third = gateway.query(DOCUMENTS, {"after": cursor}, headers=TRACE)
        time.sleep(0.4)
        asked = [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in registry.requests()["requests"]]
        same = unhurried.query(DOCUMENTS, {"after": cursor}, headers=TRACE)

    assert "errors" not in third, third["errors"]
    assert third["data"] == same["data"]
    nodes = third["data"]["zaken"]["nodes"]
    documents = {z["informatieobject"]["url"] for n in nodes for z in n["zaakinformatieobjecten"]}
    assert documents, "needs zaken with documents"
    assert documents == {d["url"] for n in nodes for d in n["documenten"]}
    # without asking ahead, the request searches them itself
    assert ("POST", "enkelvoudiginformatieobjecten/_zoek") in [
        (c["method"], c["url"].split("/documenten/api/v1/")[-1])
        for c in same["extensions"]["backend"]["calls"]
    ]
    # here the page and every document were taken: no request of its own
    trace = third["extensions"]["backend"]
    assert trace["requests"] == 0
    assert trace["resourceCache"]["prefetched"] == 1 + len(documents)
    # meanwhile: the fourth page's documents (its page had come with the second request) and the fifth page
    assert asked.count(("GET", "zaken")) == 1
    assert ("POST", "_zoek") in asked
    assert all(method == "POST" or path == "zaken" for method, path in asked)


def test_a_window_of_small_pages_weighs_what_it_holds_in_what_is_kept() -> None:
    # A window of 500 zaken split into pages of 8 (63 requests) with a statussen list per zaak, and the pages of
    # the window after it: kept whole. Weighed per request (a page as one of 100 zaken) the first window alone
    # was past what is kept, and the oldest of it went before its request came for it.
    async def keep() -> list[str]:
        store = Prefetched(ttl_s=10)

        async def answer() -> None:
            return None

        keys = []
        for window in range(2):
            for page in range(63):
                key = f"window {window} page {page}"
                store.start(key, "bench", answer(), weight=page_weight({"pageSize": "8"}))
                keys.append(key)
        for zaak in range(500):
            store.start(f"statussen {zaak}", "bench", answer(), weight=1)
            keys.append(f"statussen {zaak}")
        await asyncio.sleep(0)
        return [key for key in keys if key not in store]

    assert asyncio.run(keep()) == []
