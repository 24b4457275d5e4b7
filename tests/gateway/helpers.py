"""Helpers for the gateway behaviour tests: ask the gateway safely, read the registry as the source of truth."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from simulator.testing import RunningSimulator
from tests.support import Gateway

RSIN = "002220647"


def ask(
    gateway: Gateway, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
) -> dict[str, Any]:
    """The whole response body of a query; never a 5xx, never a traceback, always JSON."""
    response = gateway.post(query, variables, **kwargs)
    assert_safe(response)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


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


def everything(simulator: RunningSimulator, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a registry list: a bare array, or every page followed by `next`."""
    data = simulator.get(path, **params)
    if isinstance(data, list):
        return data
    items: list[dict[str, Any]] = list(data["results"])
    while data["next"]:
        data = simulator.get(data["next"])
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
