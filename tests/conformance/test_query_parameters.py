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
