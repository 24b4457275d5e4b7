"""The resource cache: what a second query costs, whose entries a query may see, and what a notification
delivered to `/notificaties` drops. Each test runs a gateway of its own on a registry of this module's own
(the tests write to it)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from simulator.testing import RunningSimulator, run_simulator
from tests.gateway.helpers import new_zaak, post, rest
from tests.support import Gateway, registry_for, run_gateway

TRACE = {"X-ZaakGraph-Trace": "1"}
CALLBACK_SECRET = "callback-secret-for-tests"
ZAAK_QUERY = """query($url: String!) { zaak(url: $url) {
    url identificatie
    zaaktype { url omschrijving }
    status { url datumStatusGezet statustype { url omschrijving } }
    statussen { url datumStatusGezet }
    rollen { url roltoelichting }
} }"""


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=20, seed=13) as running:
        yield running


def _zaak_with_status(registry: RunningSimulator) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A new zaak with its first status set; returns the zaak and its zaaktype's statustypen in order."""
    zaaktype = rest(registry, "catalogi/api/v1/zaaktypen", identificatie="MOR")["results"][0]
    statustypen = sorted((rest(registry, u) for u in zaaktype["statustypen"]), key=lambda s: s["volgnummer"])
    zaak = new_zaak(registry, zaaktype["url"])
    _set_status(registry, zaak, statustypen[0], "2026-01-05T10:00:00Z")
    return zaak, statustypen


def _set_status(
    registry: RunningSimulator, zaak: dict[str, Any], statustype: dict[str, Any], when: str
) -> dict[str, Any]:
    return post(
        registry,
        "zaken/api/v1/statussen",
        {"zaak": zaak["url"], "statustype": statustype["url"], "datumStatusGezet": when},
    )


def _query(gateway: Gateway, url: str, **headers: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The zaak's data and the trace of the query."""
    body = gateway.query(ZAAK_QUERY, {"url": url}, headers={**TRACE, **headers})
    assert "errors" not in body, body["errors"]
    return body["data"]["zaak"], body["extensions"]["backend"]


def _statuses(registry: RunningSimulator) -> list[tuple[str, str | None, int]]:
    return [(r["method"], r["resource"], r["status"]) for r in registry.requests()["requests"]]


def _collections(trace: dict[str, Any]) -> list[str]:
    """The collection each backend call of a query went to (`statussen` for `.../statussen?zaak=...`)."""
    return sorted(call["url"].split("/api/v1/", 1)[1].split("?")[0].split("/")[0] for call in trace["calls"])


def _notify(gateway: Gateway, body: Any, token: str | None = CALLBACK_SECRET) -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return httpx.post(
        gateway.url.replace("/graphql", "/notificaties"), json=body, headers=headers, timeout=10
    )


def _notification(
    kanaal: str, hoofd_object: str, resource: str, resource_url: str, actie: str = "create"
) -> dict[str, Any]:
    return {
        "kanaal": kanaal,
        "hoofdObject": hoofd_object,
        "resource": resource,
        "resourceUrl": resource_url,
        "actie": actie,
        "aanmaakdatum": "2026-11-24T12:00:00Z",
        "kenmerken": {},
    }


def test_without_notifications_a_second_query_revalidates_every_object_with_its_etag(
    registry: RunningSimulator,
) -> None:
    zaak, _ = _zaak_with_status(registry)
    with run_gateway([registry_for(registry)], catalogue_cache_ttl_s=0) as gateway:
        first, first_trace = _query(gateway, zaak["url"])
        registry.reset_requests()
        second, second_trace = _query(gateway, zaak["url"])

    assert second == first
    # Every detail GET of the second query is answered 304; the lists (statussen, rollen) come again in full.
    logged = sorted((r, s) for m, r, s in _statuses(registry))
    assert logged == [
        ("rollen", 200),
        ("statussen", 200),
        ("statussen", 304),  # the zaak's status
        ("statustypen", 304),
        ("zaaktypen", 304),
        ("zaken", 304),
    ]
    assert second_trace["requests"] == first_trace["requests"] == 6
    assert second_trace["resourceCache"] == {
        "hits": 0,
        "revalidated": 4,
        "misses": 2,
        "prefetched": 0,
        "prefetching": 0,
    }


def test_entries_are_kept_per_principal(registry: RunningSimulator) -> None:
    zaak, _ = _zaak_with_status(registry)
    with run_gateway(
        [registry_for(registry)],
        principal_header="X-Principal",
        revalidate_after_s=600,
        catalogue_cache_ttl_s=0,
    ) as gateway:
        registry.reset_requests()
        alice, alice_trace = _query(gateway, zaak["url"], **{"X-Principal": "alice"})
        alice_again, again_trace = _query(gateway, zaak["url"], **{"X-Principal": "alice"})
        bob, bob_trace = _query(gateway, zaak["url"], **{"X-Principal": "bob"})
        nobody, nobody_trace = _query(gateway, zaak["url"])

    assert alice == alice_again == bob == nobody
    assert alice_trace["requests"] > 0
    assert again_trace["requests"] == 0  # alice's own entries, fresh
    # bob and an anonymous request never see what was fetched for alice: they pay in full.
    assert bob_trace["requests"] == alice_trace["requests"]
    assert nobody_trace["requests"] == alice_trace["requests"]
    assert registry.requests()["count"] == 3 * alice_trace["requests"]


@pytest.fixture
def cached(registry: RunningSimulator) -> Iterator[Gateway]:
    """A gateway that serves cached entries for 10 minutes unless a notification names them."""
    with run_gateway(
        [registry_for(registry)],
        revalidate_after_s=600,
        catalogue_cache_ttl_s=0,
        callback_secret=CALLBACK_SECRET,
    ) as gateway:
        yield gateway


def test_a_notification_drops_the_objects_and_lists_it_names(
    registry: RunningSimulator, cached: Gateway
) -> None:
    zaak, statustypen = _zaak_with_status(registry)
    before, _ = _query(cached, zaak["url"])
    status = _set_status(registry, zaak, statustypen[1], "2026-01-06T10:00:00Z")

    stale, stale_trace = _query(cached, zaak["url"])
    assert stale == before and stale_trace["requests"] == 0  # cached, and nobody told us

    # The notification Open Zaak publishes for a new status: hoofdObject is the zaak.
    assert _notify(cached, _notification("zaken", zaak["url"], "status", status["url"])).status_code == 204
    after, after_trace = _query(cached, zaak["url"])

    assert after["status"]["url"] == status["url"]
    assert after["status"]["statustype"]["url"] == statustypen[1]["url"]
    assert {s["url"] for s in after["statussen"]} == {before["status"]["url"], status["url"]}
    assert after["zaaktype"] == before["zaaktype"]
    # Asked again: the zaak (named), its new status and that status's type (never seen), the Zaken lists
    # (the kanaal's API); the zaaktype stays cached.
    assert _collections(after_trace) == ["rollen", "statussen", "statussen", "statustypen", "zaken"]


def test_a_notification_on_a_kanaal_drops_that_apis_lists(
    registry: RunningSimulator, cached: Gateway
) -> None:
    zaak, statustypen = _zaak_with_status(registry)
    other, _ = _zaak_with_status(registry)
    _query(cached, zaak["url"])
    _set_status(registry, zaak, statustypen[1], "2026-01-06T10:00:00Z")

    # A notification about another zaak: our zaak object stays, but every Zaken list may have changed.
    assert (
        _notify(
            cached, _notification("zaken", other["url"], "zaak", other["url"], "partial_update")
        ).status_code
        == 204
    )
    after, trace = _query(cached, zaak["url"])

    assert len(after["statussen"]) == 2  # the list was asked again ...
    assert after["status"]["statustype"]["url"] == statustypen[0]["url"]  # ... the zaak was not
    assert _collections(trace) == ["rollen", "statussen"]


def test_the_ttl_is_the_safety_net_for_lost_notifications(registry: RunningSimulator) -> None:
    zaak, statustypen = _zaak_with_status(registry)
    with run_gateway(
        [registry_for(registry)], revalidate_after_s=600, resource_cache_ttl_s=1.0, catalogue_cache_ttl_s=0
    ) as gateway:
        before, _ = _query(gateway, zaak["url"])
        status = _set_status(registry, zaak, statustypen[1], "2026-01-06T10:00:00Z")
        stale, _ = _query(gateway, zaak["url"])
        time.sleep(1.2)
        after, _ = _query(gateway, zaak["url"])

    assert stale == before
    assert after["status"]["url"] == status["url"]


def test_the_callback_answers_as_the_consumer_spec_says(cached: Gateway) -> None:
    test_message = _notification("test", "https://example.com", "test", "https://example.com")

    assert _notify(cached, test_message).status_code == 204  # the NRC's test notification
    missing = _notify(cached, test_message, token=None)
    assert missing.status_code == 401 and missing.json()["code"] == "not_authenticated"
    wrong = _notify(cached, test_message, token="not-the-secret")
    assert wrong.status_code == 403 and wrong.headers["content-type"] == "application/problem+json"
    invalid = _notify(cached, {"kanaal": "zaken"})
    assert invalid.status_code == 400
    assert sorted(p["name"] for p in invalid.json()["invalid-params"]) == [
        "aanmaakdatum",
        "actie",
        "hoofdObject",
        "resource",
        "resourceUrl",
    ]
    not_json = httpx.post(
        cached.url.replace("/graphql", "/notificaties"),
        content=b"{",
        headers={"Authorization": f"Bearer {CALLBACK_SECRET}"},
    )
    assert not_json.status_code == 400
    assert "not-the-secret" not in wrong.text and CALLBACK_SECRET not in wrong.text


def test_the_cache_is_bounded_by_memory(registry: RunningSimulator) -> None:
    zaken = [_zaak_with_status(registry)[0] for _ in range(3)]
    costs = {}
    for mb in (64.0, 0.004):  # 0.004 MB holds a couple of entries: each query evicts the previous ones
        with run_gateway(
            [registry_for(registry)], revalidate_after_s=600, resource_cache_mb=mb, catalogue_cache_ttl_s=0
        ) as gateway:
            for zaak in zaken:
                _query(gateway, zaak["url"])
            costs[mb] = sum(_query(gateway, zaak["url"])[1]["requests"] for zaak in zaken)

    assert costs[64.0] == 0
    assert costs[0.004] > 0


def test_the_principal_is_the_user_id_of_the_tokens_sent_for_it(registry: RunningSimulator) -> None:
    zaak, _ = _zaak_with_status(registry)
    with run_gateway(
        [registry_for(registry)], principal_header="X-Principal", catalogue_cache_ttl_s=0
    ) as gateway:
        registry.reset_requests()
        _query(gateway, zaak["url"], **{"X-Principal": "burger-123"})
        named = {r["user_id"] for r in registry.requests()["requests"]}
        registry.reset_requests()
        _query(gateway, zaak["url"])
        anonymous = {r["user_id"] for r in registry.requests()["requests"]}

    assert named == {"burger-123"}  # every request made for that end user says so (the audittrail's user)
    assert anonymous == {None}  # the gateway's own requests name nobody


def test_a_catalogue_notification_drops_the_published_type(registry: RunningSimulator) -> None:
    zaak, _ = _zaak_with_status(registry)
    with run_gateway(
        [registry_for(registry)], callback_secret=CALLBACK_SECRET
    ) as gateway:  # catalogue cached
        _query(gateway, zaak["url"])
        _, kept = _query(gateway, zaak["url"])
        notification = _notification("zaaktypen", zaak["zaaktype"], "zaaktype", zaak["zaaktype"], "update")
        assert _notify(gateway, notification).status_code == 204
        _, after = _query(gateway, zaak["url"])

    assert "zaaktypen" not in _collections(kept)  # published: served from the catalogue cache
    assert _collections(after).count("zaaktypen") == 1  # named by the notification: asked again
