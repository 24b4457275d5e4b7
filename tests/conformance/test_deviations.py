"""The documented places where Open Zaak answers outside its own spec: the capture shows it, the simulator
does the same, and without the relaxation the validator would refuse it (so each relaxation is needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.exceptions import OpenAPIError

from tests.conformance.conftest import World
from tests.conformance.deviations import DEVIATIONS, Deviation
from tests.conformance.spec import (
    SpecValidator,
    _describe,
    _nullable_refs,
    _without_external_refs,
    as_spec_request,
    as_spec_response,
    raw_spec,
)

CAPTURES = Path(__file__).resolve().parents[1] / "captures"

# where the simulator shows each deviation: a record the suite created, or the first of a seeded list
SIMULATOR_SOURCE: dict[str, tuple[str, dict[str, str]]] = {
    "zaken.opdrachtgevendeOrganisatie.minLength": ("zaken/api/v1/zaken", {}),
    "zaken.inpA_nummer.pattern": ("zaken/api/v1/rollen", {"betrokkeneType": "natuurlijk_persoon"}),
    "zaken.emailadres.format": ("zaken/api/v1/rollen", {"betrokkeneType": "medewerker"}),
    "catalogi.beginObject.nullable": ("catalogi/api/v1/statustypen", {}),
    "catalogi.eindeObject.nullable": ("catalogi/api/v1/zaaktypen", {}),
    "catalogi.rsin.minLength": ("catalogi/api/v1/zaaktypen", {}),
    "catalogi.contactpersoonBeheerEmailadres.format": ("world:catalogussen", {}),
    "zaken.objectTypeOverige.pattern": ("zaken/api/v1/zaakobjecten", {}),
    "zaken.zaakobjecttype.nullable": ("zaken/api/v1/zaakobjecten", {}),
}


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def _simulator_response(http: httpx.Client, world: World, deviation: Deviation) -> httpx.Response:
    source, params = SIMULATOR_SOURCE[deviation.id]
    if source.startswith("world:"):
        return http.get(world.urls[source[len("world:") :]])
    listing = http.get(source, params={**params, "pageSize": 1}).json()
    return http.get(listing["results"][0]["url"])


def test_every_deviation_has_a_simulator_source() -> None:
    assert {d.id for d in DEVIATIONS} == set(SIMULATOR_SOURCE)


@pytest.mark.parametrize("deviation", [d for d in DEVIATIONS if d.capture], ids=lambda d: d.id)
def test_open_zaak_really_does_it(deviation: Deviation) -> None:
    assert deviation.capture is not None
    captured = json.loads((CAPTURES / deviation.capture).read_text())
    assert _at(captured, deviation.path) == deviation.value


@pytest.mark.parametrize("deviation", DEVIATIONS, ids=lambda d: d.id)
def test_simulator_does_the_same_and_the_relaxation_is_needed(
    http: httpx.Client, world: World, validator: SpecValidator, deviation: Deviation
) -> None:
    response = _simulator_response(http, world, deviation)

    assert _at(response.json(), deviation.path) == deviation.value
    validator.validate(response)  # valid with the relaxation
    strict = _nullable_refs(_without_external_refs(raw_spec(deviation.api)))
    strict["servers"] = [{"url": f"{validator.base_url}{deviation.api}/api/v1"}]
    with pytest.raises(OpenAPIError) as refused:
        OpenAPI.from_dict(strict).validate_response(
            as_spec_request(response.request), as_spec_response(response)
        )
    assert f"/{'/'.join(map(str, deviation.path))}:" in _describe(refused.value)
