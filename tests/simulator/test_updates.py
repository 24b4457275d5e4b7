"""Updates and deletes beyond zaken, over real HTTP: documents (with their lock), resultaten, rollen, zaakobjecten,
zaakinformatieobjecten, besluiten and besluitinformatieobjecten; shape, ETag, notification, refusals and a
store that stays consistent after a delete."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from simulator.testing import RunningSimulator, run_simulator

RSIN = "002220647"
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
EIO = "documenten/api/v1/enkelvoudiginformatieobjecten"


@pytest.fixture(scope="module")
def module_sim() -> Iterator[RunningSimulator]:
    with run_simulator(size=20, seed=6) as running:
        yield running


@pytest.fixture()
def sim(module_sim: RunningSimulator) -> RunningSimulator:
    module_sim.clear_notifications()
    return module_sim


def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _problems(response: httpx.Response, status: int = 400) -> list[tuple[str, str]]:
    assert response.status_code == status, response.text
    return [(p["name"], p["code"]) for p in response.json().get("invalidParams", [])]


def _etag(sim: RunningSimulator, url: str) -> str:
    return sim.request("GET", url).headers["etag"]


def _one_message(sim: RunningSimulator) -> dict[str, Any]:
    [message] = sim.messages()
    assert STAMP.match(message.pop("aanmaakdatum"))
    sim.clear_notifications()
    return message


class World:
    """A zaak of PARK-VERG with a document, its zaakinformatieobject, a rol, a resultaat, a zaakobject and a
    besluit with a besluitinformatieobject, all made through the API."""

    def __init__(self, sim: RunningSimulator) -> None:
        self.sim = sim
        self.zaaktype = sim.get("catalogi/api/v1/zaaktypen", identificatie="PARK-VERG")["results"][0]
        self.zaak = self.post("zaken/api/v1/zaken", bronorganisatie=RSIN, verantwoordelijkeOrganisatie=RSIN,
                              zaaktype=self.zaaktype["url"], startdatum="2026-01-05")  # fmt: skip
        self.document = self.new_document()
        self.zio = self.post("zaken/api/v1/zaakinformatieobjecten", zaak=self.zaak["url"],
                             informatieobject=self.document["url"])  # fmt: skip
        roltype = next(
            r for r in map(sim.get, self.zaaktype["roltypen"]) if r["omschrijvingGeneriek"] != "initiator"
        )
        self.rol = self.post("zaken/api/v1/rollen", zaak=self.zaak["url"], roltype=roltype["url"],
                             betrokkeneType="natuurlijk_persoon", roltoelichting="eerst",
                             betrokkeneIdentificatie={"inpBsn": "111222333"})  # fmt: skip
        self.resultaat = self.post("zaken/api/v1/resultaten", zaak=self.zaak["url"],
                                   resultaattype=self.zaaktype["resultaattypen"][0])  # fmt: skip
        self.zaakobject = self.post("zaken/api/v1/zaakobjecten", zaak=self.zaak["url"], objectType="adres",
                                    relatieomschrijving="Locatie", objectIdentificatie={
                                        "identificatie": "0344200000123456", "wplWoonplaatsNaam": "Utrecht",
                                        "gorOpenbareRuimteNaam": "Domplein", "huisnummer": 1})  # fmt: skip
        self.besluittype = sim.get(self.zaaktype["besluittypen"][0])
        self.besluit = self.post("besluiten/api/v1/besluiten", verantwoordelijkeOrganisatie=RSIN,
                                 besluittype=self.besluittype["url"], zaak=self.zaak["url"], datum="2026-01-06",
                                 ingangsdatum="2026-01-06")  # fmt: skip
        self.besluit_document = self.new_document(self.besluittype["informatieobjecttypen"][0])
        self.bio = self.post("besluiten/api/v1/besluitinformatieobjecten", besluit=self.besluit["url"],
                             informatieobject=self.besluit_document["url"])  # fmt: skip
        sim.clear_notifications()

    def post(self, path: str, **body: Any) -> dict[str, Any]:
        return _created(self.sim.request("POST", path, json=body))

    def new_document(self, iot: str | None = None) -> dict[str, Any]:
        return self.post(EIO, bronorganisatie=RSIN, creatiedatum="2026-01-05", titel="Brief", auteur="Gemeente",
                         taal="nld", informatieobjecttype=iot or self.zaaktype["informatieobjecttypen"][0],
                         inhoud=base64.b64encode(b"Eerste versie\n").decode())  # fmt: skip

    def zaak_kenmerken(self) -> dict[str, str]:
        return {"bronorganisatie": RSIN, "zaaktype": self.zaaktype["url"],
                "zaaktype.catalogus": self.zaaktype["catalogus"],
                "vertrouwelijkheidaanduiding": self.zaak["vertrouwelijkheidaanduiding"]}  # fmt: skip

    def document_kenmerken(self, document: dict[str, Any]) -> dict[str, str]:
        iot = self.sim.get(document["informatieobjecttype"])
        return {"bronorganisatie": RSIN, "informatieobjecttype": iot["url"],
                "vertrouwelijkheidaanduiding": document["vertrouwelijkheidaanduiding"],
                "informatieobjecttype.catalogus": iot["catalogus"]}  # fmt: skip

    def besluit_kenmerken(self) -> dict[str, str]:
        return {"verantwoordelijkeOrganisatie": RSIN, "besluittype": self.besluittype["url"],
                "besluittype.catalogus": self.besluittype["catalogus"]}  # fmt: skip

    def zaak_message(self, resource: str, url: str, actie: str) -> dict[str, Any]:
        return {"kanaal": "zaken", "hoofdObject": self.zaak["url"], "resource": resource, "resourceUrl": url,
                "actie": actie, "kenmerken": self.zaak_kenmerken()}  # fmt: skip

    def limited(self, name: str, scopes: list[str], **types: list[str]) -> dict[str, str]:
        """Headers of a client with these scopes (and the world's types unless given)."""
        autorisaties = {"zaaktypen": [self.zaaktype["url"]], "informatieobjecttypen":
                        self.zaaktype["informatieobjecttypen"] + self.besluittype["informatieobjecttypen"],
                        "besluittypen": [self.besluittype["url"]], **types}  # fmt: skip
        self.sim.add_client(name, name + "-secret", scopes=scopes, max_vertrouwelijkheidaanduiding="zeer_geheim",
                            **autorisaties)  # fmt: skip
        return self.sim.headers(name, name + "-secret")


@pytest.fixture()
def world(sim: RunningSimulator) -> World:
    return World(sim)


def _gone(sim: RunningSimulator, url: str, listing: str, **params: str) -> None:
    assert sim.request("GET", url).status_code == 404
    data = sim.get(listing, **params)
    items = data["results"] if isinstance(data, dict) else data
    assert url not in [item["url"] for item in items]


# -- documents ---------------------------------------------------------------------------------------------


def test_document_lock_update_and_unlock(sim: RunningSimulator, world: World) -> None:
    url = world.document["url"]
    assert _problems(sim.patch(url, {"titel": "Nee"})) == [("nonFieldErrors", "unlocked")]
    before = _etag(sim, url)

    lock = _ok(sim.request("POST", url + "/lock"))

    assert list(lock) == ["lock"] and re.fullmatch(r"[0-9a-f]{32}", lock["lock"])
    assert sim.get(url)["locked"] is True
    assert _problems(sim.request("POST", url + "/lock")) == [("nonFieldErrors", "existing-lock")]
    assert _problems(sim.patch(url, {"titel": "Nee"})) == [("nonFieldErrors", "missing-lock-id")]
    assert _problems(sim.patch(url, {"titel": "Nee", "lock": "0" * 32})) == [
        ("nonFieldErrors", "incorrect-lock-id")
    ]
    assert _problems(sim.put(url, {"titel": "Nee"}))[-1] == ("lock", "required")
    assert sim.messages() == []  # refusals and the lock itself publish nothing
    locked_etag = _etag(sim, url)

    patched = _ok(sim.patch(url, {"titel": "Nieuwe titel", "lock": lock["lock"]}))

    assert patched == sim.get(url)
    assert (patched["titel"], patched["versie"], patched["locked"]) == ("Nieuwe titel", 2, True)
    assert patched["inhoud"] == url + "/download?versie=2"
    # a new version keeps the bytes
    assert sim.request("GET", url + "/download").content == b"Eerste versie\n"
    assert len({before, locked_etag, _etag(sim, url)}) == 3
    assert _one_message(sim) == {
        "kanaal": "documenten", "hoofdObject": url, "resource": "enkelvoudiginformatieobject", "resourceUrl": url,
        "actie": "partial_update", "kenmerken": world.document_kenmerken(patched),
    }  # fmt: skip
    put_body = {
        k: patched[k] for k in ("bronorganisatie", "creatiedatum", "auteur", "taal", "informatieobjecttype")
    }
    put = _ok(sim.put(url, {**put_body, "titel": "Geheel", "vertrouwelijkheidaanduiding": "geheim",
                            "lock": lock["lock"]}))  # fmt: skip
    assert (put["titel"], put["versie"], put["vertrouwelijkheidaanduiding"]) == ("Geheel", 3, "geheim")
    assert _one_message(sim)["actie"] == "update"
    assert [e["actie"] for e in sim.get(url + "/audittrail")] == ["create", "partial_update", "update"]

    # a client without documenten.geforceerd-unlock needs the lock to unlock
    headers = world.limited("documenten-lock", ["documenten.lezen", "documenten.lock"])
    wrong = httpx.post(url + "/unlock", headers=headers, json={"lock": "0" * 32})
    assert _problems(wrong) == [("nonFieldErrors", "incorrect-lock-id")]
    unlocked = httpx.post(url + "/unlock", headers=headers, json={"lock": lock["lock"]})
    assert (unlocked.status_code, unlocked.content) == (204, b"")
    assert sim.get(url)["locked"] is False
    assert _problems(sim.patch(url, {"titel": "Weer", "lock": lock["lock"]})) == [
        ("nonFieldErrors", "unlocked")
    ]
    assert sim.messages() == []


def test_document_update_refusals(sim: RunningSimulator, world: World) -> None:
    url = world.document["url"]
    lock = _ok(sim.request("POST", url + "/lock"))["lock"]
    assert _problems(sim.patch(url, {"taal": "nl", "lock": lock})) == [("taal", "min_length")]
    assert _problems(sim.patch(url, {"inhoud": "!!", "lock": lock})) == [("inhoud", "invalid-base64")]
    assert _problems(sim.patch(url, {"informatieobjecttype": "http://elders.nl/iot/1", "lock": lock})) == [
        ("informatieobjecttype", "unknown-service")
    ]
    reader = world.limited("documenten-lezen", ["documenten.lezen", "documenten.lock"])
    other_type = world.limited("documenten-ander-type", ["documenten.lezen", "documenten.bijwerken",
                                                         "documenten.verwijderen"], informatieobjecttypen=[])  # fmt: skip
    for headers in (reader, other_type):
        assert httpx.patch(url, headers=headers, json={"titel": "x", "lock": lock}).status_code == 403
        assert httpx.delete(url, headers=headers).status_code == 403
    assert httpx.post(url + "/lock", headers=other_type).status_code == 403
    assert sim.get(url)["versie"] == 1
    assert sim.messages() == []


def test_document_delete_is_refused_while_referenced(sim: RunningSimulator, world: World) -> None:
    url = world.document["url"]
    assert _problems(sim.delete(url)) == [("nonFieldErrors", "pending-relations")]
    assert _problems(sim.delete(world.besluit_document["url"])) == [("nonFieldErrors", "pending-relations")]
    assert sim.delete(world.zio["url"]).status_code == 204
    lock = _ok(sim.request("POST", url + "/lock"))["lock"]
    assert _problems(sim.delete(url)) == [("nonFieldErrors", "destroy-locked")]
    assert sim.request("POST", url + "/unlock", json={"lock": lock}).status_code == 204
    assert sim.messages() == []  # a zaakinformatieobject's delete publishes nothing in Open Zaak
    identificatie = world.document["identificatie"]

    deleted = sim.delete(url)

    assert (deleted.status_code, deleted.content) == (204, b"")
    _gone(sim, url, EIO, identificatie=identificatie)
    assert sim.request("GET", url + "/download").status_code == 404
    zoek = sim.request("POST", EIO + "/_zoek", json={"uuid__in": [world.document["uuid"] if "uuid" in world.document
                                                                  else url.rsplit("/", 1)[1]]})  # fmt: skip
    assert _ok(zoek)["results"] == []
    assert sim.get("documenten/api/v1/objectinformatieobjecten", object=world.zaak["url"]) == []
    assert _one_message(sim) == {
        "kanaal": "documenten", "hoofdObject": url, "resource": "enkelvoudiginformatieobject", "resourceUrl": url,
        "actie": "destroy", "kenmerken": world.document_kenmerken(world.document),
    }  # fmt: skip


# -- zaak children -----------------------------------------------------------------------------------------


def test_resultaat_put_patch_delete(sim: RunningSimulator, world: World) -> None:
    url = world.resultaat["url"]
    before = _etag(sim, url)

    patched = _ok(sim.patch(url, {"toelichting": "Deels"}))

    assert patched == {**world.resultaat, "toelichting": "Deels"} == sim.get(url)
    assert _etag(sim, url) != before
    assert _one_message(sim) == world.zaak_message("resultaat", url, "partial_update")
    put = _ok(sim.put(url, {"zaak": world.zaak["url"], "resultaattype": world.resultaat["resultaattype"],
                            "toelichting": "Geheel"}))  # fmt: skip
    assert put["toelichting"] == "Geheel"
    assert _one_message(sim) == world.zaak_message("resultaat", url, "update")
    other = next(u for u in world.zaaktype["resultaattypen"] if u != world.resultaat["resultaattype"])
    assert _problems(sim.patch(url, {"resultaattype": other})) == [
        ("resultaattype", "wijzigen-niet-toegelaten")
    ]
    assert _problems(sim.put(url, {"toelichting": "x"})) == [
        ("zaak", "required"),
        ("resultaattype", "required"),
    ]

    assert sim.delete(url).status_code == 204

    _gone(sim, url, "zaken/api/v1/resultaten", zaak=world.zaak["url"])
    assert sim.get(world.zaak["url"])["resultaat"] is None
    assert _one_message(sim) == world.zaak_message("resultaat", url, "destroy")
    trail = [(e["resource"], e["actie"]) for e in sim.get(world.zaak["url"] + "/audittrail")]
    assert trail[-3:] == [("resultaat", "partial_update"), ("resultaat", "update"), ("resultaat", "destroy")]


def test_rol_put_and_delete(sim: RunningSimulator, world: World) -> None:
    url = world.rol["url"]
    before = _etag(sim, url)
    assert sim.patch(url, {"roltoelichting": "x"}).status_code == 405  # the spec has no rol_partial_update
    body = {k: world.rol[k] for k in ("zaak", "roltype", "betrokkeneType", "betrokkeneIdentificatie")}

    put = _ok(sim.put(url, {**body, "roltoelichting": "daarna"}))

    assert put == {**world.rol, "roltoelichting": "daarna"} == sim.get(url)
    assert _etag(sim, url) != before
    assert _one_message(sim) == world.zaak_message("rol", url, "update")
    invalid_bsn = {**body, "roltoelichting": "x", "betrokkeneIdentificatie": {"inpBsn": "123456789"}}
    assert _problems(sim.put(url, invalid_bsn)) == [("betrokkeneIdentificatie.inpBsn", "invalid")]
    other = next(u for u in world.zaaktype["roltypen"] if u != world.rol["roltype"])
    assert _problems(sim.put(url, {**body, "roltoelichting": "x", "roltype": other})) == [
        ("roltype", "wijzigen-niet-toegelaten")
    ]

    assert sim.delete(url).status_code == 204

    _gone(sim, url, "zaken/api/v1/rollen", zaak=world.zaak["url"])
    assert url not in sim.get(world.zaak["url"])["rollen"]
    assert _one_message(sim) == world.zaak_message("rol", url, "destroy")


def test_zaakobject_put_patch_delete(sim: RunningSimulator, world: World) -> None:
    url = world.zaakobject["url"]
    before = _etag(sim, url)

    patched = _ok(sim.patch(url, {"relatieomschrijving": "Andere locatie"}))

    assert patched == {**world.zaakobject, "relatieomschrijving": "Andere locatie"} == sim.get(url)
    assert _etag(sim, url) != before
    assert _one_message(sim) == world.zaak_message("zaakobject", url, "partial_update")
    body = {k: world.zaakobject[k] for k in ("zaak", "objectType", "objectIdentificatie")}
    assert _ok(sim.put(url, {**body, "relatieomschrijving": "Weer"}))["relatieomschrijving"] == "Weer"
    assert _one_message(sim) == world.zaak_message("zaakobject", url, "update")
    assert _problems(sim.patch(url, {"objectType": "pand"})) == [("objectType", "wijzigen-niet-toegelaten")]

    assert sim.delete(url).status_code == 204

    _gone(sim, url, "zaken/api/v1/zaakobjecten", zaak=world.zaak["url"])
    assert url not in sim.get(world.zaak["url"])["zaakobjecten"]
    assert _one_message(sim) == world.zaak_message("zaakobject", url, "destroy")


def test_zaakinformatieobject_put_patch_delete(sim: RunningSimulator, world: World) -> None:
    url = world.zio["url"]
    before = _etag(sim, url)

    patched = _ok(sim.patch(url, {"titel": "Bijlage", "beschrijving": "Gewijzigd"}))

    assert patched == {**world.zio, "titel": "Bijlage", "beschrijving": "Gewijzigd"} == sim.get(url)
    assert _etag(sim, url) != before
    body = {"zaak": world.zaak["url"], "informatieobject": world.document["url"]}
    assert _ok(sim.put(url, {**body, "titel": "Geheel"}))["titel"] == "Geheel"
    other = world.new_document()
    assert _problems(sim.patch(url, {"informatieobject": other["url"]})) == [
        ("informatieobject", "wijzigen-niet-toegelaten")
    ]
    # Open Zaak publishes a zaakinformatieobject's create only (the standard's choice, open-zaak 3550a0a3)
    assert [m["resource"] for m in sim.messages()] == ["enkelvoudiginformatieobject"]
    sim.clear_notifications()

    assert sim.delete(url).status_code == 204

    _gone(sim, url, "zaken/api/v1/zaakinformatieobjecten", zaak=world.zaak["url"])
    assert url not in sim.get(world.zaak["url"])["zaakinformatieobjecten"]
    mirrors = sim.get("documenten/api/v1/objectinformatieobjecten", informatieobject=world.document["url"])
    assert mirrors == []  # the Documenten API's mirror went with it
    assert sim.messages() == []
    trail = [(e["resource"], e["actie"]) for e in sim.get(world.zaak["url"] + "/audittrail")]
    assert trail[-3:] == [("zaakinformatieobject", a) for a in ("partial_update", "update", "destroy")]


def test_zaak_children_refusals(sim: RunningSimulator, world: World) -> None:
    reader = world.limited("zaken-lezen", ["zaken.lezen"])
    other_type = world.limited("zaken-ander-type", ["zaken.lezen", "zaken.bijwerken", "zaken.verwijderen"],
                               zaaktypen=[])  # fmt: skip
    for headers in (reader, other_type):
        for resource in (world.resultaat, world.zaakobject, world.zio):
            assert httpx.patch(resource["url"], headers=headers, json={}).status_code == 403
            assert httpx.delete(resource["url"], headers=headers).status_code == 403
        assert httpx.delete(world.rol["url"], headers=headers).status_code == 403
    # a closed zaak's children need zaken.geforceerd-bijwerken (Open Zaak's ClosedZaakMixin)
    bijwerker = world.limited("zaken-bijwerken", ["zaken.lezen", "zaken.bijwerken"])
    statustypen = sorted(map(sim.get, world.zaaktype["statustypen"]), key=lambda s: s["volgnummer"])
    world.post("zaken/api/v1/statussen", zaak=world.zaak["url"], statustype=statustypen[-1]["url"],
               datumStatusGezet="2026-01-07T10:00:00Z")  # fmt: skip
    assert sim.get(world.zaak["url"])["einddatum"] is not None
    closed = httpx.patch(world.resultaat["url"], headers=bijwerker, json={"toelichting": "x"})
    assert (
        closed.status_code == 403
        and closed.json()["detail"] == "You are not allowed to modify closed zaak data."
    )
    assert httpx.delete(world.rol["url"], headers=bijwerker).status_code == 403
    assert [m["resource"] for m in sim.messages()] == ["status"]
    assert sim.get(world.resultaat["url"]) == world.resultaat


# -- besluiten ---------------------------------------------------------------------------------------------


def test_besluit_put_patch_delete(sim: RunningSimulator, world: World) -> None:
    url = world.besluit["url"]
    before = _etag(sim, url)
    message = {"kanaal": "besluiten", "hoofdObject": url, "resource": "besluit", "resourceUrl": url,
               "kenmerken": world.besluit_kenmerken()}  # fmt: skip

    patched = _ok(sim.patch(url, {"toelichting": "Gewijzigd", "vervalreden": "tijdelijk"}))

    assert patched == {**world.besluit, "toelichting": "Gewijzigd", "vervalreden": "tijdelijk",
                       "vervalredenWeergave": "Besluit met tijdelijke werking"} == sim.get(url)  # fmt: skip
    assert _etag(sim, url) != before
    assert _one_message(sim) == {**message, "actie": "partial_update"}
    body = {
        k: world.besluit[k] for k in ("verantwoordelijkeOrganisatie", "besluittype", "datum", "ingangsdatum")
    }
    put = _ok(sim.put(url, {**body, "zaak": "", "toelichting": "Zonder zaak"}))
    assert (put["zaak"], put["toelichting"]) == ("", "Zonder zaak")
    assert sim.get(world.zaak["url"] + "/besluiten") == []  # the zaakbesluit follows the besluit's zaak
    assert _one_message(sim) == {**message, "actie": "update"}
    _ok(sim.patch(url, {"zaak": world.zaak["url"]}))
    assert [b["besluit"] for b in sim.get(world.zaak["url"] + "/besluiten")] == [url]
    sim.clear_notifications()
    assert _problems(sim.patch(url, {"identificatie": "ANDERS"})) == [
        ("identificatie", "wijzigen-niet-toegelaten")
    ]
    assert _problems(sim.patch(url, {"datum": "2099-01-01"})) == [("datum", "future_not_allowed")]
    assert _problems(sim.put(url, {"toelichting": "x"}))[0] == ("verantwoordelijkeOrganisatie", "required")
    reader = world.limited("besluiten-lezen", ["besluiten.lezen"])
    other_type = world.limited("besluiten-ander-type", ["besluiten.lezen", "besluiten.bijwerken",
                                                        "besluiten.verwijderen"], besluittypen=[])  # fmt: skip
    for headers in (reader, other_type):
        assert httpx.patch(url, headers=headers, json={"toelichting": "x"}).status_code == 403
        assert httpx.delete(url, headers=headers).status_code == 403
        assert httpx.delete(world.bio["url"], headers=headers).status_code == 403
    assert sim.messages() == []

    assert sim.delete(url).status_code == 204

    _gone(sim, url, "besluiten/api/v1/besluiten", besluittype=world.besluittype["url"])
    assert sim.request("GET", world.bio["url"]).status_code == 404  # its relations went with it
    assert sim.get(world.zaak["url"] + "/besluiten") == []
    assert sim.get("documenten/api/v1/objectinformatieobjecten", object=url) == []
    assert _one_message(sim) == {**message, "actie": "destroy"}
    assert sim.delete(world.besluit_document["url"]).status_code == 204  # no longer referenced


def test_besluitinformatieobject_delete(sim: RunningSimulator, world: World) -> None:
    url = world.bio["url"]
    assert sim.put(url, {}).status_code == 405  # DELETE is the only write the spec has

    assert sim.delete(url).status_code == 204

    _gone(sim, url, "besluiten/api/v1/besluitinformatieobjecten", besluit=world.besluit["url"])
    assert sim.get("documenten/api/v1/objectinformatieobjecten", object=world.besluit["url"]) == []
    assert _one_message(sim) == {
        "kanaal": "besluiten", "hoofdObject": world.besluit["url"], "resource": "besluitinformatieobject",
        "resourceUrl": url, "actie": "destroy", "kenmerken": world.besluit_kenmerken(),
    }  # fmt: skip
    trail = sim.get(world.besluit["url"] + "/audittrail")
    assert [(e["resource"], e["actie"]) for e in trail][-1] == ("besluitinformatieobject", "destroy")
