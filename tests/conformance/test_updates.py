"""Updates, deletes and the document lock of every resource that has them, validated against the specs with
openapi-core: success, validation errors (ValidatieFout), 403 and 404 (Fout). The records are made here, so
the session's `world` stays as it is for the other modules."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from simulator.auth import make_token
from simulator.testing import RunningSimulator
from tests.conformance.conftest import RSIN
from tests.conformance.endpoints import NOT_SERVED, WRITES, ZAKEN_CRS, Write
from tests.conformance.spec import SpecValidator, body, raw_spec

MISSING = "00000000-0000-4000-8000-000000000000"


def _codes(response: httpx.Response) -> list[tuple[str, str]]:
    return [(p["name"], p["code"]) for p in body(response)["invalidParams"]]


@dataclass
class Records:
    zaaktype: dict[str, Any]
    zaak: dict[str, Any]
    document: dict[str, Any]
    zio: dict[str, Any]
    rol: dict[str, Any]
    resultaat: dict[str, Any]
    zaakobject: dict[str, Any]
    besluit: dict[str, Any]
    besluit_document: dict[str, Any]
    bio: dict[str, Any]

    def url(self, key: str) -> str:
        return {
            "zaken": self.zaak, "resultaten": self.resultaat, "rollen": self.rol, "zaakobjecten": self.zaakobject,
            "zaakinformatieobjecten": self.zio, "enkelvoudiginformatieobjecten": self.document,
            "besluiten": self.besluit, "besluitinformatieobjecten": self.bio,
        }[key]["url"]  # fmt: skip


@pytest.fixture(scope="module")
def records(http: httpx.Client) -> Records:
    def post(path: str, **payload: Any) -> dict[str, Any]:
        response = http.post(path, json=payload)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    zaaktype = http.get("catalogi/api/v1/zaaktypen", params={"identificatie": "PARK-VERG"}).json()["results"][
        0
    ]
    besluittype = http.get(zaaktype["besluittypen"][0]).json()
    zaak = post("zaken/api/v1/zaken", bronorganisatie=RSIN, verantwoordelijkeOrganisatie=RSIN,
                zaaktype=zaaktype["url"], startdatum="2026-01-05")  # fmt: skip

    def document(iot: str) -> dict[str, Any]:
        return post("documenten/api/v1/enkelvoudiginformatieobjecten", bronorganisatie=RSIN, creatiedatum="2026-01-05",
                    titel="Conformance", auteur="Gemeente", taal="nld", informatieobjecttype=iot,
                    inhoud=base64.b64encode(b"conformance\n").decode())  # fmt: skip

    doc = document(zaaktype["informatieobjecttypen"][0])
    roltype = next(r for r in (http.get(u).json() for u in zaaktype["roltypen"])
                   if r["omschrijvingGeneriek"] != "initiator")  # fmt: skip
    besluit = post("besluiten/api/v1/besluiten", verantwoordelijkeOrganisatie=RSIN, besluittype=besluittype["url"],
                   zaak=zaak["url"], datum="2026-01-06", ingangsdatum="2026-01-06")  # fmt: skip
    besluit_document = document(besluittype["informatieobjecttypen"][0])
    return Records(
        zaaktype=zaaktype, zaak=zaak, document=doc,
        zio=post("zaken/api/v1/zaakinformatieobjecten", zaak=zaak["url"], informatieobject=doc["url"]),
        rol=post("zaken/api/v1/rollen", zaak=zaak["url"], roltype=roltype["url"], roltoelichting="conformance",
                 betrokkeneType="natuurlijk_persoon", betrokkeneIdentificatie={"inpBsn": "111222333"}),
        resultaat=post("zaken/api/v1/resultaten", zaak=zaak["url"], resultaattype=zaaktype["resultaattypen"][0]),
        zaakobject=post("zaken/api/v1/zaakobjecten", zaak=zaak["url"], objectType="adres",
                        relatieomschrijving="Locatie", objectIdentificatie={
                            "identificatie": "0344200000123456", "wplWoonplaatsNaam": "Utrecht",
                            "gorOpenbareRuimteNaam": "Domplein", "huisnummer": 1}),
        besluit=besluit, besluit_document=besluit_document,
        bio=post("besluiten/api/v1/besluitinformatieobjecten", besluit=besluit["url"],
                 informatieobject=besluit_document["url"]),
    )  # fmt: skip


def test_writes_are_the_specs() -> None:
    """WRITES names every detail write of the spec files, by operationId, except the kinds not served."""
    in_specs = {
        (api, path, method, operation["operationId"])
        for api in ("zaken", "documenten", "besluiten")
        for path, operations in raw_spec(api)["paths"].items()
        if "{uuid}" in path
        for method, operation in operations.items()
        if method in ("put", "patch", "delete", "post") and not operation["operationId"].startswith(NOT_SERVED)
        and not operation["operationId"].startswith(("zaakafsluiten", "zaakbijwerken", "zaakopschorten",
                                                     "zaakverlengen"))  # convenience endpoints, not resources
    }  # fmt: skip
    assert {(w.api, w.spec_path, w.method, w.operation_id) for w in WRITES} == in_specs


def _ok(validator: SpecValidator, response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    validator.validate(response)
    return body(response) if response.content else {}


def _invalid(validator: SpecValidator, response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    assert validator.validate_error(response, "ValidatieFout") is True
    return _codes(response)


def test_document_lock_update_unlock(http: httpx.Client, validator: SpecValidator, records: Records) -> None:
    url = records.document["url"]
    assert _invalid(validator, http.patch(url, json={"titel": "x"})) == [("nonFieldErrors", "unlocked")]

    lock = _ok(validator, http.post(url + "/lock"))["lock"]

    assert _invalid(validator, http.post(url + "/lock")) == [("nonFieldErrors", "existing-lock")]
    assert _invalid(validator, http.patch(url, json={"titel": "x", "lock": "0" * 32})) == [
        ("nonFieldErrors", "incorrect-lock-id")
    ]
    assert ("lock", "required") in _invalid(validator, http.put(url, json={"titel": "x"}))
    patched = _ok(validator, http.patch(url, json={"titel": "Gewijzigd", "lock": lock}))
    assert patched["versie"] == 2
    put_body = {
        k: patched[k] for k in ("bronorganisatie", "creatiedatum", "auteur", "taal", "informatieobjecttype")
    }
    assert _ok(validator, http.put(url, json={**put_body, "titel": "Geheel", "lock": lock}))["versie"] == 3
    _ok(validator, http.post(url + "/unlock", json={"lock": lock}), 204)


def test_zaak_children_updates(http: httpx.Client, validator: SpecValidator, records: Records) -> None:
    zaak = records.zaak["url"]
    _ok(validator, http.patch(records.resultaat["url"], json={"toelichting": "Deels"}))
    _ok(validator, http.put(records.resultaat["url"], json={"zaak": zaak, "toelichting": "Geheel",
                                                            "resultaattype": records.resultaat["resultaattype"]}))  # fmt: skip
    other = next(u for u in records.zaaktype["resultaattypen"] if u != records.resultaat["resultaattype"])
    assert _invalid(validator, http.patch(records.resultaat["url"], json={"resultaattype": other})) == [
        ("resultaattype", "wijzigen-niet-toegelaten")
    ]
    rol = {k: records.rol[k] for k in ("zaak", "roltype", "betrokkeneType", "betrokkeneIdentificatie")}
    _ok(validator, http.put(records.rol["url"], json={**rol, "roltoelichting": "daarna"}))
    assert _invalid(validator, http.put(records.rol["url"], json={"roltoelichting": "x"}))[0] == (
        "zaak",
        "required",
    )
    _ok(validator, http.patch(records.zaakobject["url"], json={"relatieomschrijving": "Elders"}))
    zaakobject = {k: records.zaakobject[k] for k in ("zaak", "objectType", "objectIdentificatie")}
    _ok(validator, http.put(records.zaakobject["url"], json={**zaakobject, "relatieomschrijving": "Weer"}))
    assert _invalid(validator, http.patch(records.zaakobject["url"], json={"objectType": "pand"})) == [
        ("objectType", "wijzigen-niet-toegelaten")
    ]
    _ok(validator, http.patch(records.zio["url"], json={"titel": "Bijlage"}))
    _ok(validator, http.put(records.zio["url"], json={"zaak": zaak, "informatieobject": records.document["url"],
                                                      "titel": "Geheel"}))  # fmt: skip
    assert _invalid(validator, http.patch(records.zio["url"], json={"zaak": MISSING})) == [
        ("zaak", "bad-url")
    ]


def test_besluit_updates(http: httpx.Client, validator: SpecValidator, records: Records) -> None:
    url = records.besluit["url"]
    _ok(validator, http.patch(url, json={"toelichting": "Gewijzigd"}))
    put = {k: records.besluit[k] for k in ("verantwoordelijkeOrganisatie", "besluittype", "zaak", "datum",
                                           "ingangsdatum")}  # fmt: skip
    _ok(validator, http.put(url, json={**put, "toelichting": "Geheel"}))
    assert _invalid(validator, http.patch(url, json={"datum": "2099-01-01"})) == [
        ("datum", "future_not_allowed")
    ]


@pytest.mark.parametrize("write", [w for w in WRITES if w.method != "post"], ids=lambda w: w.id)
def test_not_found(http: httpx.Client, validator: SpecValidator, write: Write) -> None:
    response = http.request(write.method.upper(), f"{write.api}/api/v1{write.spec_path}".replace("{uuid}", MISSING),
                            json={})  # fmt: skip

    assert response.status_code == 404
    declared = validator.validate_error(response)
    # the spec leaves 404 out of the document's PUT and PATCH (drf-spectacular's quirk for the lock serializer)
    assert declared is ("404" in raw_spec(write.api)["paths"][write.spec_path][write.method]["responses"])


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.id)
def test_forbidden_without_scope(
    sim: RunningSimulator, validator: SpecValidator, records: Records, write: Write
) -> None:
    sim.add_client("conformance-reader", "reader-secret", heeft_alle_autorisaties=False,
                   scopes=["zaken.lezen", "documenten.lezen", "besluiten.lezen"])  # fmt: skip
    headers = {**ZAKEN_CRS, "Authorization": f"Bearer {make_token('conformance-reader', 'reader-secret')}"}
    url = records.url(write.key) + write.spec_path.split("{uuid}", 1)[1]

    response = httpx.request(write.method.upper(), url, headers=headers, json={})

    assert response.status_code == 403
    assert validator.validate_error(response) is True
    assert body(response)["code"] == "permission_denied"


def test_deletes(http: httpx.Client, validator: SpecValidator, records: Records) -> None:
    """Last in the module: every record goes, the document once nothing points at it any more."""
    refused = http.delete(records.document["url"])
    assert refused.status_code == 400
    assert validator.validate_error(refused, "ValidatieFout") is False  # Open Zaak's 400 is not in the spec
    assert _codes(refused) == [("nonFieldErrors", "pending-relations")]
    for key in ("zaakinformatieobjecten", "resultaten", "rollen", "zaakobjecten", "besluitinformatieobjecten",
                "besluiten", "enkelvoudiginformatieobjecten", "zaken"):  # fmt: skip
        url = records.url(key)
        _ok(validator, http.delete(url), 204)
        assert http.get(url).status_code == 404
