"""Seed data for the Catalogi API: one published catalogus with realistic Dutch zaaktypen."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from simulator.kinds import KINDS_BY_KEY, VERTROUWELIJKHEID_RANK
from simulator.store import Store

RSIN = "002220647"
BEGIN = "2024-01-01"


@dataclass(frozen=True, slots=True)
class ZaaktypeDef:
    identificatie: str
    omschrijving: str
    onderwerp: str
    vertrouwelijkheid: str
    doorlooptijd_days: int
    extern: bool
    trefwoorden: tuple[str, ...]
    statustypen: tuple[str, ...]
    resultaattypen: tuple[tuple[str, str, str], ...]  # omschrijving, generiek, archiefnominatie
    eigenschappen: tuple[tuple[str, str], ...]  # naam, formaat
    informatieobjecttypen: tuple[str, ...]
    besluittypen: tuple[str, ...] = ()
    deelzaaktypen: tuple[str, ...] = ()
    weight: int = 10


_ROLTYPEN = (("Aanvrager", "initiator"), ("Behandelaar", "behandelaar"), ("Belanghebbende", "belanghebbende"))

IOT_DEFS: dict[str, tuple[str, str]] = {  # omschrijving -> (vertrouwelijkheid, categorie)
    "Aanvraagformulier": ("zaakvertrouwelijk", "Aanvraag"),
    "Bijlage": ("beperkt_openbaar", "Bijlage"),
    "Besluitbrief": ("openbaar", "Besluit"),
    "Foto": ("openbaar", "Bijlage"),
    "Bouwtekening": ("intern", "Bijlage"),
    "Adviesrapport": ("vertrouwelijk", "Rapport"),
    "Medisch advies": ("geheim", "Rapport"),
    "Correspondentie": ("confidentieel", "Brief"),
}

BESLUITTYPE_DEFS: dict[str, tuple[str, ...]] = {  # omschrijving -> informatieobjecttypen
    "Vergunningsbesluit": ("Besluitbrief", "Bouwtekening"),
    "Subsidiebesluit": ("Besluitbrief",),
    "Beslissing op bezwaar": ("Besluitbrief", "Correspondentie"),
}

ZAAKTYPE_DEFS: tuple[ZaaktypeDef, ...] = (
    ZaaktypeDef(
        "PARK-VERG",
        "Aanvraag parkeervergunning",
        "Parkeren",
        "beperkt_openbaar",
        28,
        True,
        ("parkeren",),
        ("Aanvraag ontvangen", "In behandeling", "Besluit genomen", "Afgehandeld"),
        (("Verleend", "Verleend", "vernietigen"), ("Geweigerd", "Geweigerd", "vernietigen")),
        (("kenteken", "tekst"), ("vergunningzone", "tekst")),
        ("Aanvraagformulier", "Bijlage", "Besluitbrief"),
        ("Vergunningsbesluit",),
        weight=30,
    ),
    ZaaktypeDef(
        "MOR",
        "Melding openbare ruimte",
        "Openbare ruimte",
        "openbaar",
        14,
        True,
        ("melding", "openbare ruimte"),
        ("Melding ontvangen", "Ingepland", "Afgehandeld"),
        (("Opgelost", "Afgehandeld", "vernietigen"), ("Niet opgelost", "Afgebroken", "vernietigen")),
        (("categorie", "tekst"),),
        ("Foto", "Correspondentie"),
        weight=35,
    ),
    ZaaktypeDef(
        "OMG-VERG",
        "Aanvraag omgevingsvergunning",
        "Omgevingsvergunning",
        "zaakvertrouwelijk",
        56,
        True,
        ("vergunning",),
        (
            "Aanvraag ontvangen",
            "Ontvankelijkheid beoordeeld",
            "In behandeling",
            "Besluit genomen",
            "Afgehandeld",
        ),
        (
            ("Vergunning verleend", "Verleend", "blijvend_bewaren"),
            ("Vergunning geweigerd", "Geweigerd", "vernietigen"),
            ("Aanvraag ingetrokken", "Ingetrokken", "vernietigen"),
        ),
        (("bouwkosten", "getal"), ("perceel", "tekst")),
        ("Aanvraagformulier", "Bouwtekening", "Besluitbrief", "Adviesrapport"),
        ("Vergunningsbesluit",),
        deelzaaktypen=("ADV-EXT",),
        weight=15,
    ),
    ZaaktypeDef(
        "ADV-EXT",
        "Extern advies",
        "Advies",
        "zaakvertrouwelijk",
        21,
        False,
        ("advies",),
        ("Adviesvraag ontvangen", "Advies uitgebracht"),
        (("Advies uitgebracht", "Afgehandeld", "vernietigen"),),
        (),
        ("Adviesrapport",),
        weight=0,
    ),
    ZaaktypeDef(
        "SUB-AANVR",
        "Subsidieaanvraag",
        "Subsidie",
        "vertrouwelijk",
        56,
        True,
        ("subsidie",),
        ("Aanvraag ontvangen", "In behandeling", "Afgehandeld"),
        (("Toegekend", "Toegekend", "blijvend_bewaren"), ("Afgewezen", "Afgewezen", "vernietigen")),
        (("bedrag", "getal"),),
        ("Aanvraagformulier", "Bijlage", "Besluitbrief"),
        ("Subsidiebesluit",),
        weight=10,
    ),
    ZaaktypeDef(
        "WMO-MAAT",
        "Aanvraag Wmo-maatwerkvoorziening",
        "Zorg",
        "geheim",
        42,
        True,
        ("wmo", "zorg"),
        ("Melding ontvangen", "Gesprek gevoerd", "Onderzoek afgerond", "Afgehandeld"),
        (("Toegekend", "Toegekend", "vernietigen"), ("Afgewezen", "Afgewezen", "vernietigen")),
        (("voorziening", "tekst"),),
        ("Aanvraagformulier", "Medisch advies", "Besluitbrief"),
        ("Beslissing op bezwaar",),
        weight=8,
    ),
    ZaaktypeDef(
        "BEZW",
        "Behandelen bezwaarschrift",
        "Bezwaar",
        "intern",
        84,
        True,
        ("bezwaar",),
        ("Bezwaar ontvangen", "Hoorzitting gehouden", "Afgehandeld"),
        (("Gegrond", "Gegrond", "blijvend_bewaren"), ("Ongegrond", "Ongegrond", "blijvend_bewaren")),
        (),
        ("Correspondentie", "Besluitbrief"),
        ("Beslissing op bezwaar",),
        weight=5,
    ),
    ZaaktypeDef(
        "EVN-VERG",
        "Aanvraag evenementenvergunning",
        "Evenementen",
        "beperkt_openbaar",
        56,
        True,
        ("evenement", "vergunning"),
        ("Aanvraag ontvangen", "In behandeling", "Afgehandeld"),
        (("Verleend", "Verleend", "vernietigen"), ("Geweigerd", "Geweigerd", "vernietigen")),
        (("bezoekersaantal", "getal"),),
        ("Aanvraagformulier", "Bijlage", "Besluitbrief"),
        ("Vergunningsbesluit",),
        weight=7,
    ),
)


@dataclass(slots=True)
class ZaaktypeInfo:
    """Local URLs of one seeded zaaktype and its parts, for the zaken seeder."""

    definition: ZaaktypeDef
    url: str
    statustypen: list[str] = field(default_factory=list)
    resultaattypen: list[str] = field(default_factory=list)
    roltypen: dict[str, tuple[str, str]] = field(default_factory=dict)  # generiek -> (url, omschrijving)
    eigenschappen: list[tuple[str, str, str]] = field(default_factory=list)  # url, naam, formaat
    informatieobjecttypen: list[str] = field(default_factory=list)
    besluittypen: list[str] = field(default_factory=list)
    deelzaaktypen: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SeededCatalog:
    catalogus: str
    zaaktypen: dict[str, ZaaktypeInfo]  # identificatie -> info
    iots: dict[str, str]  # omschrijving -> url
    iot_vertrouwelijkheid: dict[str, str]  # url -> aanduiding
    besluittypen: dict[str, str]  # omschrijving -> url


def new_uuid(rng: random.Random) -> str:
    """A version-4 UUID from the seeded generator (formatted by hand: uuid.UUID is slow at 1.5M calls)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def _url(key: str, uuid: str) -> str:
    return KINDS_BY_KEY[key].local_url(uuid)


def seed_catalogi(store: Store, rng: random.Random, registry: str) -> SeededCatalog:
    cat_uuid = new_uuid(rng)
    catalogus = _url("catalogussen", cat_uuid)
    iots = {name: _url("informatieobjecttypen", new_uuid(rng)) for name in IOT_DEFS}
    besluittypen = {name: _url("besluittypen", new_uuid(rng)) for name in BESLUITTYPE_DEFS}
    infos = {d.identificatie: ZaaktypeInfo(d, _url("zaaktypen", new_uuid(rng))) for d in ZAAKTYPE_DEFS}
    for info in infos.values():
        _seed_zaaktype_parts(store, rng, info, catalogus, iots, besluittypen, infos)
    for info in infos.values():
        _add(store, "zaaktypen", _zaaktype_doc(info, catalogus, registry))
    for name, url in iots.items():
        zaaktypen = [i.url for i in infos.values() if name in i.definition.informatieobjecttypen]
        bts = [besluittypen[b] for b, names in BESLUITTYPE_DEFS.items() if name in names]
        _add(store, "informatieobjecttypen", _iot_doc(url, catalogus, name, zaaktypen, bts))
    for name, url in besluittypen.items():
        zaaktypen = [i.url for i in infos.values() if name in i.definition.besluittypen]
        _add(store, "besluittypen", _besluittype_doc(url, catalogus, name, zaaktypen, iots))
    _add(
        store,
        "catalogussen",
        {
            "url": catalogus,
            "domein": registry[:5].upper() or "DEMO",
            "rsin": RSIN,
            "contactpersoonBeheerNaam": "Team Zaakgericht Werken",
            "contactpersoonBeheerTelefoonnummer": "",
            "contactpersoonBeheerEmailadres": "zgw@example.org",
            "zaaktypen": [i.url for i in infos.values()],
            "besluittypen": list(besluittypen.values()),
            "informatieobjecttypen": list(iots.values()),
            "naam": f"Catalogus {registry}",
            "versie": "1",
            "begindatumVersie": BEGIN,
        },
    )
    vertrouwelijkheid = {url: IOT_DEFS[name][0] for name, url in iots.items()}
    return SeededCatalog(catalogus, infos, iots, vertrouwelijkheid, besluittypen)


def _add(store: Store, key: str, doc: dict[str, Any]) -> None:
    uuid = doc["url"].rsplit("/", 1)[-1]
    vertrouwelijk = VERTROUWELIJKHEID_RANK.get(str(doc.get("vertrouwelijkheidaanduiding", "")), 0)
    store.add(key, doc, uuid=uuid, scope_type=doc.get("zaaktype", ""), vertrouwelijkheid=vertrouwelijk)


def _geldigheid() -> dict[str, Any]:
    return {"beginGeldigheid": None, "eindeGeldigheid": None, "beginObject": None, "eindeObject": None}


def _seed_zaaktype_parts(
    store: Store,
    rng: random.Random,
    info: ZaaktypeInfo,
    catalogus: str,
    iots: dict[str, str],
    besluittypen: dict[str, str],
    infos: dict[str, ZaaktypeInfo],
) -> None:
    d = info.definition
    common = {"zaaktype": info.url, "zaaktypeIdentificatie": d.identificatie}
    for number, omschrijving in enumerate(d.statustypen, start=1):
        url = _url("statustypen", new_uuid(rng))
        info.statustypen.append(url)
        _add(store, "statustypen", {
            "url": url, "omschrijving": omschrijving, "omschrijvingGeneriek": omschrijving,
            "statustekst": f"Uw zaak heeft status '{omschrijving}'", **common, "volgnummer": number,
            "isEindstatus": number == len(d.statustypen), "informeren": True, "doorlooptijd": None,
            "toelichting": "", "checklistitemStatustype": [], "catalogus": catalogus, "eigenschappen": [],
            "zaakobjecttypen": [], **_geldigheid(),
        })  # fmt: skip
    for omschrijving, generiek, nominatie in d.resultaattypen:
        url = _url("resultaattypen", new_uuid(rng))
        info.resultaattypen.append(url)
        _add(store, "resultaattypen", {
            "url": url, **common, "omschrijving": omschrijving,
            "resultaattypeomschrijving": "https://selectielijst.openzaak.nl/api/v1/resultaattypeomschrijvingen/"
            "ce8cf476-0b59-496f-8eee-957a7c6e2506",
            "omschrijvingGeneriek": generiek,
            "selectielijstklasse": "https://selectielijst.openzaak.nl/api/v1/resultaten/"
            "afa30940-855b-4a7e-aa21-9e15a8078814",
            "toelichting": f"Resultaat {omschrijving}", "archiefnominatie": nominatie,
            "archiefactietermijn": "P10Y" if nominatie == "vernietigen" else None,
            "brondatumArchiefprocedure": {
                "afleidingswijze": "afgehandeld", "datumkenmerk": "", "einddatumBekend": False,
                "objecttype": "", "registratie": "", "procestermijn": None,
            },
            "procesobjectaard": "", "indicatieSpecifiek": None, "procestermijn": None, "catalogus": catalogus,
            "besluittypen": [], "besluittypeOmschrijving": [], "informatieobjecttypen": [],
            "informatieobjecttypeOmschrijving": [], **_geldigheid(),
        })  # fmt: skip
    for omschrijving, generiek in _ROLTYPEN:
        url = _url("roltypen", new_uuid(rng))
        info.roltypen[generiek] = (url, omschrijving)
        _add(store, "roltypen", {
            "url": url, **common, "omschrijving": omschrijving, "omschrijvingGeneriek": generiek,
            "catalogus": catalogus, **_geldigheid(),
        })  # fmt: skip
    for naam, formaat in d.eigenschappen:
        url = _url("eigenschappen", new_uuid(rng))
        info.eigenschappen.append((url, naam, formaat))
        _add(store, "eigenschappen", {
            "url": url, "naam": naam, "definitie": f"Eigenschap {naam}",
            "specificatie": {
                "groep": "", "formaat": formaat, "lengte": "12" if formaat == "getal" else "100",
                "kardinaliteit": "1", "waardenverzameling": [],
            },
            "toelichting": "", **common, "catalogus": catalogus, "statustype": None, **_geldigheid(),
        })  # fmt: skip
    for number, name in enumerate(d.informatieobjecttypen, start=1):
        info.informatieobjecttypen.append(iots[name])
        url = _url("zaaktype-informatieobjecttypen", new_uuid(rng))
        _add(store, "zaaktype-informatieobjecttypen", {
            "url": url, "zaaktype": info.url, "zaaktypeIdentificatie": d.identificatie, "catalogus": catalogus,
            "informatieobjecttype": iots[name],
            "volgnummer": number, "richting": "inkomend" if name in ("Aanvraagformulier", "Foto") else "uitgaand",
            "statustype": None,
        })  # fmt: skip
    info.besluittypen.extend(besluittypen[name] for name in d.besluittypen)
    info.deelzaaktypen.extend(infos[ident].url for ident in d.deelzaaktypen)


def _zaaktype_doc(info: ZaaktypeInfo, catalogus: str, registry: str) -> dict[str, Any]:
    d = info.definition
    return {
        "url": info.url, "identificatie": d.identificatie, "omschrijving": d.omschrijving,
        "omschrijvingGeneriek": d.omschrijving, "vertrouwelijkheidaanduiding": d.vertrouwelijkheid,
        "doel": f"Afhandelen van {d.omschrijving.lower()}", "aanleiding": f"Er komt een {d.onderwerp.lower()} binnen",
        "toelichting": "", "indicatieInternOfExtern": "extern" if d.extern else "intern",
        "handelingInitiator": "Indienen", "onderwerp": d.onderwerp, "handelingBehandelaar": "Behandelen",
        "doorlooptijd": f"P{d.doorlooptijd_days}D", "servicenorm": None,
        "opschortingEnAanhoudingMogelijk": True, "verlengingMogelijk": True, "verlengingstermijn": "P14D",
        "trefwoorden": list(d.trefwoorden), "publicatieIndicatie": False, "publicatietekst": "",
        "verantwoordingsrelatie": [], "productenOfDiensten": [f"https://example.org/producten/{d.identificatie.lower()}"],
        "selectielijstProcestype": "https://selectielijst.openzaak.nl/api/v1/procestypen/"
        "aa8aa2fd-b9c6-4e34-9a6c-58a677f60ea0",
        "referentieproces": {"naam": d.omschrijving, "link": ""}, "concept": False,
        "verantwoordelijke": f"Gemeente {registry}",
        "broncatalogus": {"url": "", "domein": "", "rsin": ""},
        "bronzaaktype": {"url": "", "identificatie": "", "omschrijving": ""},
        "beginGeldigheid": BEGIN, "eindeGeldigheid": None, "versiedatum": BEGIN, "beginObject": BEGIN,
        "eindeObject": None, "catalogus": catalogus, "statustypen": info.statustypen,
        "resultaattypen": info.resultaattypen, "eigenschappen": [e[0] for e in info.eigenschappen],
        "informatieobjecttypen": info.informatieobjecttypen,
        "roltypen": [url for url, _ in info.roltypen.values()], "besluittypen": info.besluittypen,
        "deelzaaktypen": info.deelzaaktypen, "gerelateerdeZaaktypen": [], "zaakobjecttypen": [],
    }  # fmt: skip


def _iot_doc(url: str, catalogus: str, name: str, zaaktypen: list[str], bts: list[str]) -> dict[str, Any]:
    vertrouwelijkheid, categorie = IOT_DEFS[name]
    return {
        "url": url, "catalogus": catalogus, "omschrijving": name, "vertrouwelijkheidaanduiding": vertrouwelijkheid,
        "beginGeldigheid": BEGIN, "eindeGeldigheid": None, "concept": False, "besluittypen": bts,
        "informatieobjectcategorie": categorie, "trefwoord": [name.lower()],
        "omschrijvingGeneriek": {
            "informatieobjecttypeOmschrijvingGeneriek": name,
            "definitieInformatieobjecttypeOmschrijvingGeneriek": f"Generiek {name}",
            "herkomstInformatieobjecttypeOmschrijvingGeneriek": "ZGW",
            "hierarchieInformatieobjecttypeOmschrijvingGeneriek": "1",
            "opmerkingInformatieobjecttypeOmschrijvingGeneriek": "",
        },
        "zaaktypen": zaaktypen, "beginObject": BEGIN, "eindeObject": None,
    }  # fmt: skip


def _besluittype_doc(
    url: str, catalogus: str, name: str, zaaktypen: list[str], iots: dict[str, str]
) -> dict[str, Any]:
    return {
        "url": url, "catalogus": catalogus, "zaaktypen": zaaktypen, "omschrijving": name,
        "omschrijvingGeneriek": name, "besluitcategorie": "Beschikking", "reactietermijn": "P42D",
        "publicatieIndicatie": True, "publicatietekst": f"Publicatie {name.lower()}", "publicatietermijn": "P14D",
        "toelichting": "", "informatieobjecttypen": [iots[n] for n in BESLUITTYPE_DEFS[name]],
        "beginGeldigheid": BEGIN, "eindeGeldigheid": None, "concept": False, "resultaattypen": [],
        "resultaattypenOmschrijving": [], "vastgelegdIn": ["Besluitbrief"], "beginObject": BEGIN, "eindeObject": None,
    }  # fmt: skip
