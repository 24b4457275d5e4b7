"""The validator is not a rubber stamp: a simulator reply with one thing broken must fail validation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import orjson
import pytest

from tests.conformance.conftest import World
from tests.conformance.spec import SpecMismatch, SpecValidator, body

Breakage = Callable[[Any], None]


def _broken(response: httpx.Response, breakage: Breakage, status: int | None = None) -> httpx.Response:
    document = body(response)
    breakage(document)
    return httpx.Response(
        status or response.status_code,
        headers={k: v for k, v in response.headers.items() if k.lower() != "content-length"},
        content=orjson.dumps(document),
        request=response.request,
    )


def _set(path: tuple[str | int, ...], value: Any) -> Breakage:
    def breakage(document: Any) -> None:
        for part in path[:-1]:
            document = document[part]
        document[path[-1]] = value

    return breakage


def _drop(path: tuple[str | int, ...]) -> Breakage:
    def breakage(document: Any) -> None:
        for part in path[:-1]:
            document = document[part]
        del document[path[-1]]

    return breakage


CASES: dict[str, tuple[str, str, Breakage]] = {
    "zaak-wrong-type": ("zaken", "detail", _set(("identificatie",), 12)),
    "zaak-missing-required": ("zaken", "detail", _drop(("url",))),
    "zaak-bad-enum": ("zaken", "detail", _set(("vertrouwelijkheidaanduiding",), "supergeheim")),
    "zaak-bad-date": ("zaken", "detail", _set(("startdatum",), "5 januari")),
    "zaak-nested-wrong-type": ("zaken", "detail", _set(("opschorting", "indicatie"), "nee")),
    "zaken-list-missing-count": ("zaken", "list", _drop(("count",))),
    "zaken-list-item-wrong-type": ("zaken", "list", _set(("results", 0, "rollen"), "geen lijst")),
    "document-wrong-type": ("enkelvoudiginformatieobjecten", "detail", _set(("versie",), "een")),
    "besluit-missing-required": ("besluiten", "detail", _drop(("verantwoordelijkeOrganisatie",))),
    "zaaktype-wrong-type": ("zaaktypen", "detail", _set(("statustypen",), "geen lijst")),
    "zio-array-wrong-type": ("zaakinformatieobjecten", "list", _set((0, "informatieobject"), None)),
}


@pytest.mark.parametrize("case", CASES)
def test_broken_reply_fails(http: httpx.Client, world: World, validator: SpecValidator, case: str) -> None:
    key, where, breakage = CASES[case]
    url = world.urls[key]
    if where == "list":
        params = (
            {"zaak": http.get(url).json()["zaak"]} if key == "zaakinformatieobjecten" else {"pageSize": 2}
        )
        url = url.rsplit("/", 1)[0]
        response = http.get(url, params=params)
    else:
        response = http.get(url)
    validator.validate(response)  # the real reply is fine

    with pytest.raises(SpecMismatch):
        validator.validate(_broken(response, breakage))


def test_problem_without_code_fails(http: httpx.Client, validator: SpecValidator) -> None:
    response = http.get("zaken/api/v1/zaken/00000000-0000-4000-8000-000000000000")
    assert validator.validate_error(response) is True

    with pytest.raises(Exception):  # noqa: B017 - jsonschema's ValidationError or SpecMismatch
        validator.validate_error(_broken(response, _drop(("code",))))


def test_undeclared_status_fails(http: httpx.Client, world: World, validator: SpecValidator) -> None:
    response = http.get(world.urls["zaken"])

    with pytest.raises(SpecMismatch):
        validator.validate(_broken(response, lambda _: None, status=202))


def test_missing_required_header_fails(http: httpx.Client, world: World, validator: SpecValidator) -> None:
    response = http.get(world.urls["zaken"])
    headers = {
        k: v for k, v in response.headers.items() if k.lower() not in ("content-crs", "content-length")
    }
    without_crs = httpx.Response(200, headers=headers, content=response.content, request=response.request)

    with pytest.raises(SpecMismatch, match="Content-Crs"):
        validator.validate(without_crs)
