"""Notificaties end to end: the gateway subscribes at the registry's NRC, the registry notifies on writes, the
gateway drops what they name. Against a registry of this module's own (the tests write to it)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.testing import free_port, start_serve, wait_until_healthy
from gateway.testing import subscribed as is_subscribed
from simulator.testing import RunningSimulator, run_simulator
from tests.gateway.helpers import new_zaak, rest
from tests.support import Gateway, registry_for, run_gateway

TRACE = {"X-ZaakGraph-Trace": "1"}
NRC = "notificaties/api/v1/"
KANALEN = ["zaken", "documenten", "besluiten", "zaaktypen", "informatieobjecttypen", "besluittypen"]
QUERY = """query($url: String!) { zaak(url: $url) {
    url omschrijving toelichting
    zaaktype { url omschrijving }
    statussen { url }
} }"""


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=20, seed=17) as running:
        yield running


def _until(check: Callable[[], Any], timeout_s: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def _root(gateway: Gateway) -> str:
    return gateway.base_url


def _subscribed(gateway: Gateway) -> bool:
    return is_subscribed(gateway.base_url)


def _abonnementen(registry: RunningSimulator, callback: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = registry.get(NRC + "abonnement")
    return [a for a in found if a["callbackUrl"] == callback]


def _wait_deliveries(registry: RunningSimulator) -> None:
    response = httpx.get(registry.url("_admin/notifications"), params={"wait": "1"}, timeout=30)
    assert response.status_code == 200, response.text


def _query(gateway: Gateway, url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    body = gateway.query(QUERY, {"url": url}, headers=TRACE)
    assert "errors" not in body, body["errors"]
    return body["data"]["zaak"], body["extensions"]["backend"]


def _patch(registry: RunningSimulator, url: str, **changes: Any) -> None:
    response = registry.request("PATCH", url, json=changes, headers={"Content-Crs": "EPSG:4326"})
    assert response.status_code == 200, response.text


def _new_zaak(registry: RunningSimulator) -> dict[str, Any]:
    zaaktype = rest(registry, "catalogi/api/v1/zaaktypen", identificatie="MOR")["results"][0]
    return new_zaak(registry, zaaktype["url"], omschrijving="Eerste omschrijving")


@pytest.fixture
def subscribed(registry: RunningSimulator) -> Iterator[Gateway]:
    with run_gateway(
        [registry_for(registry, notificaties_url=registry.base_url + NRC)], catalogue_cache_ttl_s=0
    ) as gateway:
        _until(lambda: _subscribed(gateway))
        yield gateway


def test_the_gateway_subscribes_once_on_every_kanaal_and_unsubscribes_at_shutdown(
    registry: RunningSimulator,
) -> None:
    with run_gateway(
        [registry_for(registry, notificaties_url=registry.base_url + NRC)], catalogue_cache_ttl_s=0
    ) as gateway:
        _until(lambda: _subscribed(gateway))
        callback = _root(gateway) + "/notificaties"
        ours = _abonnementen(registry, callback)
        log = httpx.get(registry.url("_admin/notifications"), timeout=10).json()

    assert len(ours) == 1
    assert sorted(k["naam"] for k in ours[0]["kanalen"]) == sorted(KANALEN)
    # The NRC checked the callback with its test notification before it accepted, and we answered it.
    assert any(d["callbackUrl"] == callback and d["status"] == 204 for d in _deliveries(log))
    assert _abonnementen(registry, callback) == []  # deleted at shutdown


def _deliveries(log: dict[str, Any]) -> list[dict[str, Any]]:
    """Every delivery attempt in the simulator's notification log, flattened."""
    found: list[dict[str, Any]] = list(log.get("checks", []))
    for notification in log.get("notifications", []):
        found.extend(notification.get("deliveries", []))
    return found


def test_a_write_in_the_registry_reaches_the_cache(registry: RunningSimulator, subscribed: Gateway) -> None:
    zaak = _new_zaak(registry)
    before, first = _query(subscribed, zaak["url"])
    again, warm = _query(subscribed, zaak["url"])
    assert again == before and first["requests"] > 0
    assert warm["requests"] == 0  # live notifications: served without asking

    _patch(registry, zaak["url"], omschrijving="Gewijzigd", toelichting="Na een notificatie")
    _wait_deliveries(registry)
    after, trace = _query(subscribed, zaak["url"])

    assert (after["omschrijving"], after["toelichting"]) == ("Gewijzigd", "Na een notificatie")
    assert after["zaaktype"] == before["zaaktype"] and after["statussen"] == before["statussen"]
    # The zaak was named; the statussen list is a Zaken list, so it went too; the zaaktype stayed.
    asked = sorted(call["url"].split("/api/v1/")[1].split("?")[0].split("/")[0] for call in trace["calls"])
    assert asked == ["statussen", "zaken"]


def test_a_lost_notification_is_caught_by_the_ttl(registry: RunningSimulator) -> None:
    zaak = _new_zaak(registry)
    with run_gateway(
        [registry_for(registry, notificaties_url=registry.base_url + NRC)],
        catalogue_cache_ttl_s=0,
        resource_cache_ttl_s=1.0,
    ) as gateway:
        _until(lambda: _subscribed(gateway))
        before, _ = _query(gateway, zaak["url"])
        httpx.put(
            registry.url("_admin/notifications"), json={"deliver": False}, timeout=10
        ).raise_for_status()
        try:
            _patch(registry, zaak["url"], omschrijving="Stil gewijzigd")
            stale, _ = _query(gateway, zaak["url"])
            time.sleep(1.2)
            after, _ = _query(gateway, zaak["url"])
        finally:
            httpx.put(
                registry.url("_admin/notifications"), json={"deliver": True}, timeout=10
            ).raise_for_status()

    assert stale["omschrijving"] == before["omschrijving"] == "Eerste omschrijving"
    assert after["omschrijving"] == "Stil gewijzigd"


def test_a_lost_subscription_is_renewed_and_the_cache_dropped(registry: RunningSimulator) -> None:
    zaak = _new_zaak(registry)
    with run_gateway(
        [registry_for(registry, notificaties_url=registry.base_url + NRC)],
        catalogue_cache_ttl_s=0,
        notificaties_check_s=0.3,
    ) as gateway:
        _until(lambda: _subscribed(gateway))
        callback = _root(gateway) + "/notificaties"
        _query(gateway, zaak["url"])
        [first] = _abonnementen(registry, callback)
        registry.request("DELETE", first["url"]).raise_for_status()  # the NRC lost it
        _patch(registry, zaak["url"], omschrijving="Gewijzigd zonder abonnement")  # nobody is told
        renewed = _until(lambda: [a for a in _abonnementen(registry, callback) if a["url"] != first["url"]])
        _until(lambda: _subscribed(gateway))
        after, _ = _query(gateway, zaak["url"])

    assert len(renewed) == 1
    assert after["omschrijving"] == "Gewijzigd zonder abonnement"  # the cache went with the subscription


def test_several_workers_share_one_subscription_and_every_notification(
    tmp_path: Path, registry: RunningSimulator
) -> None:
    zaak = _new_zaak(registry)
    port = free_port()
    config = tmp_path / "zaakgraph.toml"
    config.write_text(
        f"""
public_url = "http://127.0.0.1:{port}"
catalogue_cache_ttl_s = 0

[[registries]]
name = "sim"
base_url = "{registry.base_url}"
notificaties_url = "{registry.base_url}{NRC}"
client_id = "{registry.client_id}"
secret = "{registry.secret}"
"""
    )
    server = start_serve(config, port, 2)
    gateway = Gateway(f"http://127.0.0.1:{port}/graphql")
    callback = f"http://127.0.0.1:{port}/notificaties"
    try:
        wait_until_healthy(_root(gateway), process=server)
        _until(lambda: len(_abonnementen(registry, callback)) == 1)
        # Each worker must see the registry as live; a query is answered by either worker, so ask often
        # enough that both have served it twice (once to fill, once from the cache).
        _until(lambda: all(_query(gateway, zaak["url"])[1]["requests"] == 0 for _ in range(8)))
        _patch(registry, zaak["url"], omschrijving="Gewijzigd voor alle workers")
        _wait_deliveries(registry)
        seen = {_query(gateway, zaak["url"])[0]["omschrijving"] for _ in range(12)}
        subscriptions = len(_abonnementen(registry, callback))
    finally:
        server.terminate()
        server.wait(timeout=20)

    assert subscriptions == 1  # one abonnement, not one per worker
    assert seen == {"Gewijzigd voor alle workers"}  # whichever worker got the notification, both dropped it
    assert _abonnementen(registry, callback) == []


def test_registries_that_publish_to_one_nrc_share_one_abonnement(registry: RunningSimulator) -> None:
    """Zaken and catalogue as two registries on one Notificaties API: one abonnement, kept, not flapping."""
    nrc = registry.base_url + NRC
    zaken = registry_for(registry, name="zaken", base_url=None, catalogi_url=None, notificaties_url=nrc,
                         zaken_url=registry.base_url + "zaken/api/v1/",
                         documenten_url=registry.base_url + "documenten/api/v1/",
                         besluiten_url=registry.base_url + "besluiten/api/v1/")  # fmt: skip
    catalogus = registry_for(registry, name="catalogus", base_url=None, notificaties_url=nrc,
                             catalogi_url=registry.base_url + "catalogi/api/v1/")  # fmt: skip
    with run_gateway([zaken, catalogus], catalogue_cache_ttl_s=0, notificaties_check_s=0.2) as gateway:
        _until(lambda: _subscribed(gateway))
        callback = _root(gateway) + "/notificaties"
        first = _abonnementen(registry, callback)
        time.sleep(1.0)  # five checks
        later = _abonnementen(registry, callback)
        report = httpx.get(_root(gateway) + "/readyz", timeout=10).json()["notifications"]

    assert len(first) == 1 and later == first
    assert {name: r["status"] for name, r in report.items()} == {
        "zaken": "subscribed",
        "catalogus": "subscribed",
    }


def test_an_nrc_that_answers_garbage_is_tried_again(registry: RunningSimulator) -> None:
    registry.set_faults(malformed_rate=1, path_regex="notificaties/api/v1/abonnement$")
    try:
        with run_gateway(
            [registry_for(registry, notificaties_url=registry.base_url + NRC)], catalogue_cache_ttl_s=0
        ) as gateway:
            time.sleep(1.5)  # a few attempts, each answered with a body that is not JSON
            refused = httpx.get(gateway.base_url + "/readyz", timeout=10).json()
            registry.clear_faults()
            _until(lambda: _subscribed(gateway), timeout_s=20)
    finally:
        registry.clear_faults()

    assert refused["status"] == "ready"  # notifications are not part of readiness ...
    assert refused["notifications"]["sim"]["status"] == "not subscribed"  # ... but they are reported
