"""Seed data for the Zaken, Documenten and Besluiten APIs, written straight into the store (bulk path)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from simulator import documents
from simulator.kinds import KINDS_BY_KEY, VERTROUWELIJKHEID, VERTROUWELIJKHEID_RANK
from simulator.people import (
    WELL_KNOWN_BSN,
    Company,
    Employee,
    Person,
    make_company,
    make_employees,
    make_person,
)
from simulator.seed_catalogi import RSIN, SeededCatalog, ZaaktypeInfo, new_uuid
from simulator.store import Store

_FIRST_DAY = date(2024, 1, 1).toordinal()
_LAST_DAY = date(2026, 11, 15).toordinal()


def _url(key: str, uuid: str, parent: str | None = None) -> str:
    return KINDS_BY_KEY[key].local_url(uuid, parent)


@dataclass(slots=True)
class _Zaak:
    uuid: str
    url: str
    info: ZaaktypeInfo
    vertrouwelijkheid: str
    doc: dict[str, Any] = field(default_factory=dict)


class ZakenSeeder:
    def __init__(self, store: Store, rng: random.Random, catalog: SeededCatalog, size: int) -> None:
        self.store = store
        self.rng = rng
        self.catalog = catalog
        self.size = size
        used: set[str] = {WELL_KNOWN_BSN}
        self.well_known = make_person(rng, used, bsn=WELL_KNOWN_BSN)
        self.people = [make_person(rng, used) for _ in range(max(20, size // 2))]
        # most citizens have one or two zaken; a small group of frequent ones has around ten
        self.frequent = self.people[: max(3, size // 80)]
        self.companies = [make_company(rng, used) for _ in range(max(5, size // 50))]
        self.employees = make_employees(rng, 12)
        main = [i for i in catalog.zaaktypen.values() if i.definition.weight > 0]
        self.main_types = main
        self.weights = [i.definition.weight for i in main]
        self.zaak_number = 0
        self.doc_number = 0
        self.besluit_number = 0
        self.created: list[_Zaak] = []
        well_known_count = 20 if size < 75 else 30
        self.well_known_slots = set(
            rng.sample(range(int(size * 0.9)), min(well_known_count, int(size * 0.9)))
        )

    def run(self) -> None:
        index = 0
        while len(self.created) < self.size:
            info = self.rng.choices(self.main_types, self.weights)[0]
            hoofd = self._zaak(info, index, hoofdzaak=None)
            index += 1
            if info.deelzaaktypen and len(self.created) < self.size and self.rng.random() < 0.3:
                deel_info = next(i for i in self.catalog.zaaktypen.values() if i.url == info.deelzaaktypen[0])
                self._zaak(deel_info, -1, hoofdzaak=hoofd)

    # -- one zaak and everything hanging off it ---------------------------------------------------------
    def _zaak(self, info: ZaaktypeInfo, index: int, hoofdzaak: _Zaak | None) -> _Zaak:
        rng = self.rng
        d = info.definition
        uuid = new_uuid(rng)
        url = _url("zaken", uuid)
        if hoofdzaak is not None:
            start = date.fromisoformat(hoofdzaak.doc["startdatum"]).toordinal() + rng.randint(1, 10)
        else:
            start = rng.randint(_FIRST_DAY, _LAST_DAY)
        vertrouwelijkheid = d.vertrouwelijkheid if rng.random() < 0.8 else rng.choice(VERTROUWELIJKHEID)
        zaak = _Zaak(uuid, url, info, vertrouwelijkheid)
        closed = rng.random() < 0.5 and start + d.doorlooptijd_days < _LAST_DAY
        n_status = len(info.statustypen) if closed else rng.randint(1, max(1, len(info.statustypen) - 1))
        status_days = sorted(rng.randint(start, start + d.doorlooptijd_days) for _ in range(n_status))
        status_days[0] = start
        statussen = [
            self._status(zaak, info.statustypen[i], day, i == n_status - 1)
            for i, day in enumerate(status_days)
        ]
        einddatum = _iso(status_days[-1]) if closed else None
        resultaat, nominatie = self._resultaat(zaak) if closed else (None, None)
        rollen = [self._initiator(zaak, index, start), self._behandelaar(zaak, start)]
        eigenschappen = [self._zaakeigenschap(zaak, e) for e in info.eigenschappen]
        zaakobjecten = [self._zaakobject(zaak)] if rng.random() < 0.5 else []
        zios = [self._document_for_zaak(zaak, start) for _ in range(rng.choice((1, 1, 2, 3)))]
        relevant: list[dict[str, str]] = []
        if self.created and rng.random() < 0.03:
            other = rng.choice(self.created)
            relevant.append(
                {"url": other.url, "aardRelatie": rng.choice(("vervolg", "onderwerp", "bijdrage"))}
            )
        self.zaak_number += 1
        year = date.fromordinal(start).year
        archiefactiedatum = None
        if closed and nominatie == "vernietigen":
            archiefactiedatum = f"{int(einddatum[:4]) + 10}{einddatum[4:]}" if einddatum else None
        zaak.doc = {
            "url": url, "uuid": uuid, "identificatie": f"ZAAK-{year}-{self.zaak_number:010d}",
            "bronorganisatie": RSIN, "omschrijving": f"{d.omschrijving} {rng.choice(_PLAATSEN)}",
            "toelichting": "", "zaaktype": info.url, "registratiedatum": _iso(start),
            "verantwoordelijkeOrganisatie": RSIN, "startdatum": _iso(start), "einddatum": einddatum,
            "einddatumGepland": _iso(start + d.doorlooptijd_days),
            "uiterlijkeEinddatumAfdoening": _iso(start + d.doorlooptijd_days + 14), "publicatiedatum": None,
            "laatstGemuteerd": f"{_iso(status_days[-1])}T12:00:00Z", "laatstGeopend": None,
            "communicatiekanaal": "", "communicatiekanaalNaam": "", "productenOfDiensten": [],
            "vertrouwelijkheidaanduiding": vertrouwelijkheid, "betalingsindicatie": "",
            "betalingsindicatieWeergave": "", "laatsteBetaaldatum": None,
            "zaakgeometrie": {"type": "Point", "coordinates": [round(5.05 + rng.random() * 0.12, 6),
                                                               round(52.05 + rng.random() * 0.07, 6)]},
            "verlenging": None, "opschorting": {"indicatie": False, "eerdereOpschorting": False, "reden": ""},
            "selectielijstklasse": "", "hoofdzaak": hoofdzaak.url if hoofdzaak else None, "deelzaken": [],
            "relevanteAndereZaken": relevant, "gerelateerdeZaken": [], "eigenschappen": eigenschappen,
            "rollen": rollen, "status": statussen[-1], "zaakinformatieobjecten": zios,
            "zaakobjecten": zaakobjecten, "kenmerken": [], "archiefnominatie": nominatie,
            "archiefstatus": "nog_te_archiveren", "archiefactiedatum": archiefactiedatum, "resultaat": resultaat,
            "opdrachtgevendeOrganisatie": "", "processobjectaard": "", "startdatumBewaartermijn": einddatum,
            "processobject": {"datumkenmerk": "", "identificatie": "", "objecttype": "", "registratie": ""},
            "_expand": {},
        }  # fmt: skip
        if closed and info.besluittypen and rng.random() < 0.6:
            self._besluit(zaak, status_days[-1])
        self.store.add(
            "zaken", zaak.doc, uuid=uuid, scope_type=info.url,
            vertrouwelijkheid=VERTROUWELIJKHEID_RANK[vertrouwelijkheid],
        )  # fmt: skip
        self._audit(zaak, "zaken", url, "zaak", zaak.doc["identificatie"], start)
        if hoofdzaak is not None:
            self.store.update("zaken", hoofdzaak.uuid, lambda doc: doc["deelzaken"].append(url))
        self.created.append(zaak)
        return zaak

    def _child(self, zaak: _Zaak, key: str, doc: dict[str, Any], uuid: str) -> str:
        self.store.add(
            key, doc, uuid=uuid, parent=zaak.uuid, scope_type=zaak.info.url,
            vertrouwelijkheid=VERTROUWELIJKHEID_RANK[zaak.vertrouwelijkheid],
        )  # fmt: skip
        return str(doc.get("url", ""))

    def _status(self, zaak: _Zaak, statustype: str, day: int, last: bool) -> str:
        uuid = new_uuid(self.rng)
        doc = {
            "url": _url("statussen", uuid), "uuid": uuid, "zaak": zaak.url, "statustype": statustype,
            "datumStatusGezet": f"{_iso(day)}T{self.rng.randint(8, 17):02d}:{self.rng.randint(0, 59):02d}:00Z",
            "statustoelichting": "", "indicatieLaatstGezetteStatus": last, "gezetdoor": None,
            "zaakinformatieobjecten": [],
        }  # fmt: skip
        return self._child(zaak, "statussen", doc, uuid)

    def _resultaat(self, zaak: _Zaak) -> tuple[str, str]:
        uuid = new_uuid(self.rng)
        index = self.rng.randrange(len(zaak.info.resultaattypen))
        resultaattype = zaak.info.resultaattypen[index]
        omschrijving, _, nominatie = zaak.info.definition.resultaattypen[index]
        doc = {"url": _url("resultaten", uuid), "uuid": uuid, "zaak": zaak.url, "resultaattype": resultaattype,
               "toelichting": f"Resultaat: {omschrijving}"}  # fmt: skip
        return self._child(zaak, "resultaten", doc, uuid), nominatie

    def _rol(self, zaak: _Zaak, generiek: str, betrokkene_type: str, ident: dict[str, Any], day: int,
             contact: dict[str, str]) -> str:  # fmt: skip
        uuid = new_uuid(self.rng)
        roltype, omschrijving = zaak.info.roltypen[generiek]
        doc: dict[str, Any] = {
            "url": _url("rollen", uuid), "uuid": uuid, "zaak": zaak.url, "betrokkene": "",
            "betrokkeneType": betrokkene_type, "afwijkendeNaamBetrokkene": "", "roltype": roltype,
            "omschrijving": omschrijving, "omschrijvingGeneriek": generiek, "roltoelichting": omschrijving,
            "registratiedatum": f"{_iso(day)}T09:00:00Z", "indicatieMachtiging": "", "contactpersoonRol": contact,
            "statussen": [], "beginGeldigheid": None, "eindeGeldigheid": None, "betrokkeneIdentificatie": ident,
        }  # fmt: skip
        if betrokkene_type in ("natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging"):
            doc["authenticatieContext"] = None
        return self._child(zaak, "rollen", doc, uuid)

    def _initiator(self, zaak: _Zaak, index: int, day: int) -> str:
        rng = self.rng
        if index in self.well_known_slots and zaak.info.definition.extern:
            return self._person_rol(zaak, self.well_known, day)
        if rng.random() < 0.15:
            return self._company_rol(zaak, rng.choice(self.companies), day)
        person = rng.choice(self.frequent) if rng.random() < 0.15 else rng.choice(self.people)
        return self._person_rol(zaak, person, day)

    def _person_rol(self, zaak: _Zaak, p: Person, day: int) -> str:
        ident = {
            "inpBsn": p.bsn, "anpIdentificatie": "", "inpA_nummer": "", "geslachtsnaam": p.achternaam,
            "voorvoegselGeslachtsnaam": p.voorvoegsel, "voorletters": p.voornaam[0], "voornamen": p.voornaam,
            "geslachtsaanduiding": p.geslacht, "geboortedatum": p.geboortedatum,
            "verblijfsadres": {
                "aoaIdentificatie": f"0344200000{p.huisnummer:06d}", "wplWoonplaatsNaam": "Utrecht",
                "gorOpenbareRuimteNaam": p.straat, "aoaPostcode": p.postcode, "aoaHuisnummer": p.huisnummer,
                "aoaHuisletter": "", "aoaHuisnummertoevoeging": "", "inpLocatiebeschrijving": "",
            },
            "subVerblijfBuitenland": None,
        }  # fmt: skip
        naam = f"{p.voornaam} {p.voorvoegsel + ' ' if p.voorvoegsel else ''}{p.achternaam}"
        contact = {"emailadres": f"{p.voornaam.lower()}@example.org", "functie": "", "telefoonnummer": "0612345678",
                   "naam": naam}  # fmt: skip
        return self._rol(zaak, "initiator", "natuurlijk_persoon", ident, day, contact)

    def _company_rol(self, zaak: _Zaak, c: Company, day: int) -> str:
        ident = {
            "innNnpId": c.rsin, "annIdentificatie": "", "kvkNummer": c.kvk, "vestigingsNummer": "",
            "statutaireNaam": c.naam, "innRechtsvorm": "", "bezoekadres": "", "subVerblijfBuitenland": None,
        }  # fmt: skip
        contact = {"emailadres": "info@example.org", "functie": "Directeur", "telefoonnummer": "0301234567",
                   "naam": c.naam}  # fmt: skip
        return self._rol(zaak, "initiator", "niet_natuurlijk_persoon", ident, day, contact)

    def _behandelaar(self, zaak: _Zaak, day: int) -> str:
        e: Employee = self.rng.choice(self.employees)
        ident = {"identificatie": e.identificatie, "achternaam": e.achternaam, "voorletters": e.voorletters,
                 "voorvoegselAchternaam": e.voorvoegsel}  # fmt: skip
        contact = {"emailadres": "", "functie": "", "telefoonnummer": "", "naam": ""}
        return self._rol(zaak, "behandelaar", "medewerker", ident, day, contact)

    def _zaakeigenschap(self, zaak: _Zaak, eigenschap: tuple[str, str, str]) -> str:
        url, naam, formaat = eigenschap
        uuid = new_uuid(self.rng)
        waarde = str(self.rng.randint(100, 250000)) if formaat == "getal" else self.rng.choice(_WAARDEN)
        doc = {"url": _url("zaakeigenschappen", uuid, zaak.uuid), "uuid": uuid, "zaak": zaak.url,
               "eigenschap": url, "naam": naam, "waarde": waarde}  # fmt: skip
        return self._child(zaak, "zaakeigenschappen", doc, uuid)

    def _zaakobject(self, zaak: _Zaak) -> str:
        uuid = new_uuid(self.rng)
        doc = {
            "url": _url("zaakobjecten", uuid), "uuid": uuid, "zaak": zaak.url,
            "object": f"https://bag.basisregistraties.overheid.nl/api/v1/nummeraanduidingen/0344200000{self.rng.randrange(10**6):06d}",
            "zaakobjecttype": None, "objectType": "adres", "objectTypeOverige": "",
            "objectTypeOverigeDefinitie": None, "relatieomschrijving": "Locatie",
        }  # fmt: skip
        return self._child(zaak, "zaakobjecten", doc, uuid)

    def _document_for_zaak(self, zaak: _Zaak, day: int) -> str:
        iot = self.rng.choice(zaak.info.informatieobjecttypen)
        eio = self._document(iot, day, f"bij {zaak.info.definition.omschrijving.lower()}")
        uuid = new_uuid(self.rng)
        doc = {
            "url": _url("zaakinformatieobjecten", uuid), "uuid": uuid, "informatieobject": eio, "zaak": zaak.url,
            "aardRelatieWeergave": "Hoort bij, omgekeerd: kent", "titel": "", "beschrijving": "",
            "registratiedatum": f"{_iso(day)}T10:00:00Z", "vernietigingsdatum": None, "status": None,
        }  # fmt: skip
        self._oio(eio, zaak.url, "zaak")
        return self._child(zaak, "zaakinformatieobjecten", doc, uuid)

    def _document(self, iot: str, day: int, context: str) -> str:
        rng = self.rng
        default = self.catalog.iot_vertrouwelijkheid[iot]
        vertrouwelijkheid = default if rng.random() < 0.7 else rng.choice(VERTROUWELIJKHEID)
        self.doc_number += 1
        uuid = new_uuid(rng)
        iot_name = next(name for name, url in self.catalog.iots.items() if url == iot)
        titel = f"{iot_name} {self.doc_number}"
        doc = documents.new_document(
            uuid=uuid, identificatie=f"DOCUMENT-{date.fromordinal(day).year}-{self.doc_number:010d}",
            bronorganisatie=RSIN, creatiedatum=_iso(day), titel=titel, vertrouwelijkheid=vertrouwelijkheid,
            auteur="Gemeente", iot=iot, beschrijving=f"{iot_name} {context}", registratie=f"{_iso(day)}T10:00:00Z",
            trefwoorden=[iot_name.lower()],
        )  # fmt: skip
        documents.store_document(self.store, doc, documents.sample_content(doc), keep=False)
        return str(doc["url"])

    def _oio(self, eio: str, obj: str, object_type: str) -> None:
        uuid = new_uuid(self.rng)
        doc = {"url": _url("objectinformatieobjecten", uuid), "informatieobject": eio, "object": obj,
               "objectType": object_type}  # fmt: skip
        documents.store_child(self.store, "objectinformatieobjecten", doc, uuid)

    def _besluit(self, zaak: _Zaak, day: int) -> None:
        rng = self.rng
        besluittype = rng.choice(zaak.info.besluittypen)
        uuid = new_uuid(rng)
        self.besluit_number += 1
        url = _url("besluiten", uuid)
        doc = {
            "url": url, "identificatie": f"BESLUIT-{date.fromordinal(day).year}-{self.besluit_number:010d}",
            "verantwoordelijkeOrganisatie": RSIN, "besluittype": besluittype, "zaak": zaak.url, "datum": _iso(day),
            "toelichting": "", "bestuursorgaan": "College van B&W", "ingangsdatum": _iso(day + 1),
            "vervaldatum": None, "vervalreden": "", "vervalredenWeergave": "", "publicatiedatum": None,
            "verzenddatum": _iso(day + 1), "uiterlijkeReactiedatum": _iso(day + 43),
        }  # fmt: skip
        self.store.add("besluiten", doc, uuid=uuid, scope_type=besluittype)
        brief = self.catalog.iots["Besluitbrief"]
        eio = self._document(brief, day, f"bij besluit {doc['identificatie']}")
        bio_uuid = new_uuid(rng)
        bio = {"url": _url("besluitinformatieobjecten", bio_uuid), "informatieobject": eio, "besluit": url}
        self.store.add("besluitinformatieobjecten", bio, uuid=bio_uuid, parent=uuid, scope_type=besluittype)
        self._oio(eio, url, "besluit")
        zb_uuid = new_uuid(rng)
        zb = {"url": _url("zaakbesluiten", zb_uuid, zaak.uuid), "uuid": zb_uuid, "besluit": url}
        self._child(zaak, "zaakbesluiten", zb, zb_uuid)

    def _audit(self, zaak: _Zaak, api: str, url: str, resource: str, weergave: str, day: int) -> None:
        uuid = new_uuid(self.rng)
        doc = {
            "uuid": uuid, "bron": "zrc", "applicatieId": "seed", "applicatieWeergave": "Seed",
            "gebruikersId": "", "gebruikersWeergave": "", "actie": "create", "actieWeergave": "Object aangemaakt",
            "resultaat": 201, "hoofdObject": url, "resource": resource, "resourceUrl": url, "toelichting": "",
            "resourceWeergave": weergave, "aanmaakdatum": f"{_iso(day)}T09:00:00Z",
            "wijzigingen": {"oud": None, "nieuw": {"identificatie": weergave}},
        }  # fmt: skip
        self._child(zaak, "zaken.audittrail", doc, uuid)


_PLAATSEN = (
    "Vredenburg",
    "Oudegracht",
    "Neude",
    "Lombok",
    "Leidsche Rijn",
    "Overvecht",
    "Wittevrouwen",
    "Zuilen",
)
_WAARDEN = ("ja", "nee", "zone A", "zone B", "Kanaleneiland", "Oost")


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()
