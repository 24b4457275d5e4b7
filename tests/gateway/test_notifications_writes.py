"""Notificaties end to end for a document: a PATCH under its lock reaches the gateway's cache through the
registry's notification, so the next query shows the new titel without waiting for a TTL."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from gateway.testing import subscribed as is_subscribed
from simulator.testing import RunningSimulator, run_simulator
from tests.gateway.helpers import new_document, rest
from tests.support import Gateway, registry_for, run_gateway

TRACE = {"X-ZaakGraph-Trace": "1"}
NRC = "notificaties/api/v1/"
QUERY = "query($url: String!) { document(url: $url) { url titel } }"


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=20, seed=18) as running:
        yield running


def _until(check: Callable[[], Any], timeout_s: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while not (value := check()):
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)
    return value


def _query(gateway: Gateway, url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    body = gateway.query(QUERY, {"url": url}, headers=TRACE)
    assert "errors" not in body, body["errors"]
    return body["data"]["document"], body["extensions"]["backend"]


def test_a_document_patch_under_its_lock_reaches_the_cache(registry: RunningSimulator) -> None:
    zaaktype = rest(registry, "catalogi/api/v1/zaaktypen", identificatie="MOR")["results"][0]
    document = new_document(registry, zaaktype["informatieobjecttypen"][0], "Eerste titel")
    with run_gateway(
        [registry_for(registry, notificaties_url=registry.base_url + NRC)], catalogue_cache_ttl_s=0
    ) as gateway:
        _until(lambda: is_subscribed(gateway.base_url))
        before, first = _query(gateway, document["url"])
        again, warm = _query(gateway, document["url"])
        assert before == again == {"url": document["url"], "titel": "Eerste titel"}
        assert first["requests"] > 0 and warm["requests"] == 0  # cached: live notifications keep it fresh

        lock = registry.request("POST", document["url"] + "/lock").json()["lock"]
        patched = registry.patch(document["url"], {"titel": "Tweede titel", "lock": lock})
        assert patched.status_code == 200, patched.text
        delivered = httpx.get(registry.url("_admin/notifications"), params={"wait": "1"}, timeout=30)
        assert delivered.status_code == 200, delivered.text
        after, trace = _query(gateway, document["url"])

    assert after == {"url": document["url"], "titel": "Tweede titel"}
    assert trace["requests"] == 1  # the notification dropped the document; nothing else was asked
    [message] = [n["message"] for n in delivered.json()["notifications"] if n["message"]["kanaal"] == "documenten"
                 and n["message"]["actie"] == "partial_update"]  # fmt: skip
    assert message["resourceUrl"] == document["url"]
