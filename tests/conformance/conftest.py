"""One simulator for the whole conformance suite, a spec validator bound to its URL, and one record of every
kind created through the API (so that lists which the seed leaves empty, such as klantcontacten and
audittrails of documents, have something to validate)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from simulator.testing import RunningSimulator, run_simulator
from tests.conformance.spec import SpecValidator

RSIN = "002220647"


@pytest.fixture(scope="session")
def sim() -> Iterator[RunningSimulator]:
    with run_simulator(size=50, seed=3) as running:
        yield running


@pytest.fixture(scope="session")
def validator(sim: RunningSimulator) -> SpecValidator:
    return SpecValidator(sim.base_url)


@pytest.fixture(scope="session")
def http(sim: RunningSimulator) -> Iterator[httpx.Client]:
    """Authorised, with the CRS headers Zaken needs; a fresh token per session is well within its hour."""
    with httpx.Client(base_url=sim.base_url, headers=sim.headers(), timeout=30) as client:
        yield client


@dataclass
class World:
    """URLs of records the suite made itself, by kind ("zaken", "zaakbesluiten", ...), plus POST answers."""

    urls: dict[str, str] = field(default_factory=dict)
    created: dict[str, httpx.Response] = field(default_factory=dict)

    def uuid(self, key: str) -> str:
        return self.urls[key].rstrip("/").rsplit("/", 1)[1]


def _post(http: httpx.Client, world: World, key: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(path, json=body)
    assert response.status_code == 201, f"{key}: {response.status_code} {response.text[:500]}"
    world.created[key] = response
    result: dict[str, Any] = response.json()
    world.urls[key] = result["url"]
    return result


def _first(http: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    response = http.get(path, params=params)
    response.raise_for_status()
    data = response.json()
    items: list[dict[str, Any]] = data["results"] if isinstance(data, dict) else data
    return items[0]


@pytest.fixture(scope="session")
def world(http: httpx.Client) -> World:
    w = World()
    zaaktype = _first(http, "catalogi/api/v1/zaaktypen", identificatie="PARK-VERG")
    catalogus = zaaktype["catalogus"]
    iot = zaaktype["informatieobjecttypen"][0]
    besluittype = http.get(zaaktype["besluittypen"][0]).json()
    eigenschap = http.get(zaaktype["eigenschappen"][0]).json()
    zaak = _post(http, w, "zaken", "zaken/api/v1/zaken", {
        "bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zaaktype["url"],
        "startdatum": "2026-01-05", "omschrijving": "Conformance",
        "kenmerken": [{"kenmerk": "EXT-1", "bron": "Conformance"}],
    })  # fmt: skip
    statustype = min((http.get(u).json() for u in zaaktype["statustypen"]), key=lambda s: s["volgnummer"])
    _post(http, w, "statussen", "zaken/api/v1/statussen", {
        "zaak": zaak["url"], "statustype": statustype["url"], "datumStatusGezet": "2026-01-05T10:00:00Z",
    })  # fmt: skip
    roltype = http.get(zaaktype["roltypen"][0]).json()
    _post(http, w, "rollen", "zaken/api/v1/rollen", {
        "zaak": zaak["url"], "roltype": roltype["url"], "betrokkeneType": "natuurlijk_persoon",
        "roltoelichting": "conformance", "betrokkeneIdentificatie": {"inpBsn": "111222333"},
    })  # fmt: skip
    _post(http, w, "resultaten", "zaken/api/v1/resultaten",
          {"zaak": zaak["url"], "resultaattype": zaaktype["resultaattypen"][0]})  # fmt: skip
    _post(http, w, "zaakobjecten", "zaken/api/v1/zaakobjecten", {
        "zaak": zaak["url"], "objectType": "adres", "relatieomschrijving": "Locatie",
        "objectIdentificatie": {"identificatie": "0344200000123456", "wplWoonplaatsNaam": "Utrecht",
                                "gorOpenbareRuimteNaam": "Domplein", "huisnummer": 1},
    })  # fmt: skip
    _post(http, w, "zaakeigenschappen", f"zaken/api/v1/zaken/{zaak['uuid']}/zaakeigenschappen",
          {"zaak": zaak["url"], "eigenschap": eigenschap["url"], "waarde": "AB-12-CD"})  # fmt: skip
    _post(http, w, "klantcontacten", "zaken/api/v1/klantcontacten",
          {"zaak": zaak["url"], "datumtijd": "2026-01-05T11:00:00Z", "kanaal": "telefoon"})  # fmt: skip
    document = _post(http, w, "enkelvoudiginformatieobjecten", "documenten/api/v1/enkelvoudiginformatieobjecten", {
        "bronorganisatie": RSIN, "creatiedatum": "2026-01-05", "titel": "Conformance", "auteur": "Gemeente",
        "taal": "nld", "informatieobjecttype": iot, "inhoud": base64.b64encode(b"conformance\n").decode(),
        "bestandsnaam": "conformance.txt", "formaat": "text/plain", "ontvangstdatum": "2026-01-04",
    })  # fmt: skip
    _post(http, w, "zaakinformatieobjecten", "zaken/api/v1/zaakinformatieobjecten",
          {"zaak": zaak["url"], "informatieobject": document["url"]})  # fmt: skip
    _post(http, w, "gebruiksrechten", "documenten/api/v1/gebruiksrechten", {
        "informatieobject": document["url"], "startdatum": "2026-01-05T00:00:00Z",
        "omschrijvingVoorwaarden": "Geen",
    })  # fmt: skip
    besluit = _post(http, w, "besluiten", "besluiten/api/v1/besluiten", {
        "verantwoordelijkeOrganisatie": RSIN, "besluittype": besluittype["url"], "zaak": zaak["url"],
        "datum": "2026-01-06", "ingangsdatum": "2026-01-06", "vervaldatum": "2027-01-06", "vervalreden": "tijdelijk",
        "publicatiedatum": "2026-01-07", "verzenddatum": "2026-01-07", "uiterlijkeReactiedatum": "2026-02-17",
    })  # fmt: skip
    besluit_doc = _post(http, w, "besluit_document", "documenten/api/v1/enkelvoudiginformatieobjecten", {
        "bronorganisatie": RSIN, "creatiedatum": "2026-01-06", "titel": "Besluit", "auteur": "Gemeente",
        "taal": "nld", "informatieobjecttype": besluittype["informatieobjecttypen"][0],
    })  # fmt: skip
    _post(http, w, "besluitinformatieobjecten", "besluiten/api/v1/besluitinformatieobjecten",
          {"besluit": besluit["url"], "informatieobject": besluit_doc["url"]})  # fmt: skip
    # Open Zaak makes the zaakbesluit and the objectinformatieobjecten itself (mirrors); create one more of
    # each through the API so that their POST is covered too.
    other_besluit = _post(http, w, "besluit_without_zaak", "besluiten/api/v1/besluiten", {
        "verantwoordelijkeOrganisatie": RSIN, "besluittype": besluittype["url"],
        "datum": "2026-01-06", "ingangsdatum": "2026-01-06",
    })  # fmt: skip
    _post(http, w, "zaakbesluiten", f"zaken/api/v1/zaken/{zaak['uuid']}/besluiten",
          {"besluit": other_besluit["url"]})  # fmt: skip
    _post(http, w, "objectinformatieobjecten", "documenten/api/v1/objectinformatieobjecten",
          {"informatieobject": besluit_doc["url"], "object": other_besluit["url"], "objectType": "besluit"})  # fmt: skip
    _post(http, w, "catalogussen", "catalogi/api/v1/catalogussen",
          {"domein": "CONF", "rsin": RSIN, "contactpersoonBeheerNaam": "Beheer"})  # fmt: skip
    new_zaaktype = _post(http, w, "zaaktypen", "catalogi/api/v1/zaaktypen", {
        "omschrijving": "Conformance", "vertrouwelijkheidaanduiding": "openbaar", "doel": "Testen",
        "aanleiding": "Test", "indicatieInternOfExtern": "intern", "handelingInitiator": "aanvragen",
        "onderwerp": "Test", "handelingBehandelaar": "behandelen", "doorlooptijd": "P10D",
        "opschortingEnAanhoudingMogelijk": False, "verlengingMogelijk": False, "publicatieIndicatie": False,
        "productenOfDiensten": [], "referentieproces": {"naam": "Test"}, "verantwoordelijke": RSIN,
        "gerelateerdeZaaktypen": [], "besluittypen": [], "catalogus": catalogus, "beginGeldigheid": "2026-01-01",
        "versiedatum": "2026-01-01", "identificatie": "CONF-1",
    })  # fmt: skip
    new_iot = _post(http, w, "informatieobjecttypen", "catalogi/api/v1/informatieobjecttypen", {
        "catalogus": catalogus, "omschrijving": "Conformance", "vertrouwelijkheidaanduiding": "openbaar",
        "beginGeldigheid": "2026-01-01", "informatieobjectcategorie": "Test",
    })  # fmt: skip
    _post(http, w, "besluittypen", "catalogi/api/v1/besluittypen", {
        "catalogus": catalogus, "publicatieIndicatie": False, "informatieobjecttypen": [],
        "beginGeldigheid": "2026-01-01",
    })  # fmt: skip
    _post(http, w, "zaaktype-informatieobjecttypen", "catalogi/api/v1/zaaktype-informatieobjecttypen", {
        "zaaktype": new_zaaktype["url"], "informatieobjecttype": new_iot["url"], "volgnummer": 1,
        "richting": "inkomend",
    })  # fmt: skip
    _post(http, w, "statustypen", "catalogi/api/v1/statustypen",
          {"zaaktype": new_zaaktype["url"], "omschrijving": "Ontvangen", "volgnummer": 1})  # fmt: skip
    _post(http, w, "roltypen", "catalogi/api/v1/roltypen",
          {"zaaktype": new_zaaktype["url"], "omschrijving": "Aanvrager", "omschrijvingGeneriek": "initiator"})  # fmt: skip
    _post(http, w, "resultaattypen", "catalogi/api/v1/resultaattypen", {
        "zaaktype": new_zaaktype["url"], "omschrijving": "Toegekend",
        "resultaattypeomschrijving": "https://selectielijst.openzaak.nl/api/v1/resultaattypeomschrijvingen/1",
        "selectielijstklasse": "https://selectielijst.openzaak.nl/api/v1/resultaten/1",
    })  # fmt: skip
    _post(http, w, "eigenschappen", "catalogi/api/v1/eigenschappen", {
        "zaaktype": new_zaaktype["url"], "naam": "kleur", "definitie": "Kleur",
        "specificatie": {"formaat": "tekst", "lengte": "20", "kardinaliteit": "1", "waardenverzameling": []},
    })  # fmt: skip
    return w
