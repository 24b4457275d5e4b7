"""Helpers for the gateway behaviour tests: ask the gateway safely, read the registry as the source of truth."""

from __future__ import annotations

import base64
import time
from typing import Any

import httpx

from simulator.testing import RunningSimulator
from tests.support import Gateway

RSIN = "002220647"


_gateway_client = httpx.Client(timeout=60)  # kept alive: httpx.post builds a client per call (~20 ms)


def ask(
    gateway: Gateway, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
) -> dict[str, Any]:
    """The whole response body of a query; never a 5xx, never a traceback, always JSON."""
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    response = _gateway_client.post(gateway.url, json=body, **kwargs)
    assert_safe(response)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def data_of(gateway: Gateway, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """`data` of a query that must answer without errors."""
    body = ask(gateway, query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def assert_safe(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    assert 'File "' not in response.text


def codes(body: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """(path, extensions.code) of every error, sorted by path."""
    found = [(tuple(e.get("path") or ()), e["extensions"]["code"]) for e in body.get("errors", [])]
    return sorted(found, key=lambda item: [str(p) for p in item[0]])


def pick(resource: dict[str, Any] | None, *fields: str) -> dict[str, Any] | None:
    if resource is None:
        return None
    return {name: resource[name] for name in fields}


_clients: dict[str, tuple[httpx.Client, float]] = {}
_TOKEN_LIFETIME_S = 600.0


def rest(simulator: RunningSimulator, path_or_url: str, **params: Any) -> Any:
    """`simulator.get` over one kept-alive client: the registry's JSON answer (raises for a non-2xx status).

    httpx.get builds a client (and an SSL context) per call, some 20 ms; the expected values of these tests
    take hundreds of registry reads."""
    client, made = _clients.get(simulator.base_url, (None, 0.0))
    if client is None or time.monotonic() - made > _TOKEN_LIFETIME_S:
        client = httpx.Client(headers=simulator.headers(), timeout=30)
        _clients[simulator.base_url] = (client, time.monotonic())
    response = client.get(simulator.url(path_or_url), params=params or None)
    response.raise_for_status()
    return response.json()


def everything(simulator: RunningSimulator, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a registry list: a bare array, or every page followed by `next`."""
    data = rest(simulator, path, **params)
    if isinstance(data, list):
        return data
    items: list[dict[str, Any]] = list(data["results"])
    while data["next"]:
        data = rest(simulator, data["next"])
        items.extend(data["results"])
    return items


def post(simulator: RunningSimulator, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """Create a resource in the registry (ZGW POST); returns what it answered."""
    response = simulator.request("POST", path, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def new_zaak(simulator: RunningSimulator, zaaktype: str, **extra: Any) -> dict[str, Any]:
    body = {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zaaktype,
            "startdatum": "2026-01-05", **extra}  # fmt: skip
    return post(simulator, "zaken/api/v1/zaken", body)


def new_document(simulator: RunningSimulator, informatieobjecttype: str, titel: str) -> dict[str, Any]:
    body = {"bronorganisatie": RSIN, "creatiedatum": "2026-01-05", "titel": titel, "auteur": "Gemeente",
            "taal": "nld", "informatieobjecttype": informatieobjecttype,
            "inhoud": base64.b64encode(titel.encode()).decode(), "bestandsnaam": "brief.txt"}  # fmt: skip
    return post(simulator, "documenten/api/v1/enkelvoudiginformatieobjecten", body)


def logged(simulator: RunningSimulator) -> list[tuple[str, str | None]]:
    """(method, resource) of every request in the simulator's log, in order."""
    return [(r["method"], r["resource"]) for r in simulator.requests()["requests"]]


def aliased(field: str, urls: list[str], selection: str) -> str:
    """One query asking `field(url: ...)` for each URL, under aliases z0, z1 ... in order."""
    return (
        "{ " + " ".join(f'z{i}: {field}(url: "{url}") {{ {selection} }}' for i, url in enumerate(urls)) + " }"
    )
