"""Every query parameter a list operation declares is accepted (200, spec-valid reply), one test per parameter.

Open Zaak answers 400 for names it does not know, so a declared name that the simulator refuses is a
conformance bug; a plausible value is made from the parameter's schema."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conformance.conftest import World
from tests.conformance.endpoints import ENDPOINTS, Endpoint
from tests.conformance.spec import SpecValidator, raw_spec


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _parameters() -> list[tuple[Endpoint, dict[str, Any]]]:
    found = []
    for endpoint in ENDPOINTS:
        spec = raw_spec(endpoint.api)
        for raw in spec["paths"][endpoint.spec_list]["get"].get("parameters", []):
            parameter = _resolve(spec, raw)
            if parameter.get("in") == "query":
                found.append((endpoint, parameter))
    return found


PARAMETERS = _parameters()


def _value(spec: dict[str, Any], parameter: dict[str, Any], url: str) -> str:
    schema = _resolve(spec, parameter.get("schema", {}))
    items = _resolve(spec, schema.get("items", {}))
    kind, fmt = schema.get("type"), schema.get("format")
    is_url = fmt == "uri" or str(parameter.get("description", "")).startswith("URL-referentie")
    if "enum" in schema:
        return str(schema["enum"][0])
    if kind == "array":
        return str(items["enum"][0]) if "enum" in items else url
    if is_url:
        return url
    return {"date": "2024-01-01", "date-time": "2024-01-01T00:00:00Z", "uuid": url.rsplit("/", 1)[1]}.get(
        str(fmt), {"integer": "1", "number": "1.5", "boolean": "true"}.get(str(kind), "x")
    )


@pytest.mark.parametrize(
    ("endpoint", "parameter"), PARAMETERS, ids=[f"{e.id}-{p['name']}" for e, p in PARAMETERS]
)
def test_declared_parameter_is_accepted(
    http: httpx.Client, world: World, validator: SpecValidator, endpoint: Endpoint, parameter: dict[str, Any]
) -> None:
    value = _value(raw_spec(endpoint.api), parameter, world.urls["zaken"])

    response = http.get(endpoint.list_path(world), params={parameter["name"]: value})

    assert response.status_code == 200, response.text
    validator.validate(response)


_UTRECHT = {
    "type": "Polygon",
    "coordinates": [[[4.9, 52.0], [5.3, 52.0], [5.3, 52.2], [4.9, 52.2], [4.9, 52.0]]],
}
ZOEK = {"zaken": "/zaken/_zoek", "documenten": "/enkelvoudiginformatieobjecten/_zoek"}


def _zoek_fields() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for api, path in ZOEK.items():
        spec = raw_spec(api)
        body = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        for name, prop in _resolve(spec, body)["properties"].items():
            found.append((api, name, _resolve(spec, prop)))
    return found


ZOEK_FIELDS = _zoek_fields()


def _zoek_value(api: str, name: str, prop: dict[str, Any], zaak: dict[str, Any]) -> Any:
    items = _resolve(raw_spec(api), prop.get("items", {}))
    if name == "zaakgeometrie":
        return {"within": _UTRECHT}
    if "enum" in prop:
        return prop["enum"][0]
    if prop.get("type") == "array":
        if "enum" in items:
            return [items["enum"][0]]
        return [zaak["uuid"]] if name == "uuid__in" else [zaak["zaaktype"]]
    if prop.get("format") == "date":
        return "2024-01-01"
    if prop.get("type") == "boolean":
        return True
    if prop.get("format") == "uri" or str(prop.get("description", "")).startswith("URL-referentie"):
        return zaak["zaaktype"]
    return "x"


@pytest.mark.parametrize(("api", "name", "prop"), ZOEK_FIELDS, ids=[f"{a}-{n}" for a, n, _ in ZOEK_FIELDS])
def test_declared_zoek_field_is_accepted(
    http: httpx.Client, world: World, validator: SpecValidator, api: str, name: str, prop: dict[str, Any]
) -> None:
    zaak = http.get(world.urls["zaken"]).json()

    response = http.post(f"{api}/api/v1{ZOEK[api]}", json={name: _zoek_value(api, name, prop, zaak)})

    assert response.status_code == 200, response.text
    validator.validate(response)
