"""Generate the Strawberry modules of `schema/` from the Open Zaak OpenAPI specs.

Run `python -m schema.codegen` (writes into schema/) or `python -m schema.codegen OUTDIR`. The output is
committed; tests/schema checks that it is up to date. Everything hand-chosen (which resources, their links,
names of clashing enums, descriptions the specs lack) lives in the tables below.
"""

from __future__ import annotations

import keyword
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from strawberry.utils.str_converters import to_camel_case

ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    "zaken": "zaken-1.5.1-openzaak.yaml",
    "documenten": "documenten-1.4.2-openzaak.yaml",
    "besluiten": "besluiten-1.1.0-openzaak.yaml",
    "catalogi": "catalogi-1.3.1-openzaak.yaml",
}
MODULE_BY_API = {
    "zaken": "zaken",
    "documenten": "documenten",
    "besluiten": "besluiten",
    "catalogi": "catalogi",
}


@dataclass(frozen=True)
class Resource:
    type_name: str
    api: str
    component: str  # the spec's response schema (a oneOf is merged: Rol, ZaakObject)
    collection: str | None  # as in ZGW URLs; None: no URL of its own (audittrail)
    description: str
    node: bool = True


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "Catalogus",
        "catalogi",
        "Catalogus",
        "catalogussen",
        "Een CATALOGUS: de verzameling typen (zaaktypen, informatieobjecttypen, besluittypen) van een domein.",
    ),
    Resource(
        "ZaakType",
        "catalogi",
        "ZaakType",
        "zaaktypen",
        "Een ZAAKTYPE: het geheel van karakteristieke eigenschappen van zaken van eenzelfde soort.",
    ),
    Resource(
        "StatusType",
        "catalogi",
        "StatusType",
        "statustypen",
        "Een STATUSTYPE: generieke aanduiding van de aard van een status van zaken van een ZAAKTYPE.",
    ),
    Resource(
        "ResultaatType",
        "catalogi",
        "ResultaatType",
        "resultaattypen",
        "Een RESULTAATTYPE: het soort resultaat dat zaken van een ZAAKTYPE kunnen hebben.",
    ),
    Resource(
        "RolType",
        "catalogi",
        "RolType",
        "roltypen",
        "Een ROLTYPE: generieke aanduiding van de aard van een rol die een betrokkene bij een zaak kan vervullen.",
    ),
    Resource(
        "Eigenschap",
        "catalogi",
        "Eigenschap",
        "eigenschappen",
        "Een EIGENSCHAP: een relevant kenmerk van zaken van een ZAAKTYPE.",
    ),
    Resource(
        "InformatieObjectType",
        "catalogi",
        "InformatieObjectType",
        "informatieobjecttypen",
        "Een INFORMATIEOBJECTTYPE: aanduiding van de aard van informatieobjecten.",
    ),
    Resource(
        "BesluitType",
        "catalogi",
        "BesluitType",
        "besluittypen",
        "Een BESLUITTYPE: generieke aanduiding van de aard van een besluit.",
    ),
    Resource(
        "ZaakTypeInformatieObjectType",
        "catalogi",
        "ZaakTypeInformatieObjectType",
        "zaaktype-informatieobjecttypen",
        "De relatie tussen een ZAAKTYPE en een INFORMATIEOBJECTTYPE (met volgnummer, richting en statustype).",
    ),
    Resource(
        "Zaak",
        "zaken",
        "Zaak",
        "zaken",
        "Een ZAAK: een samenhangende hoeveelheid werk met een welgedefinieerde aanleiding en een welgedefinieerd eindresultaat.",
    ),
    Resource(
        "Status",
        "zaken",
        "Status",
        "statussen",
        "Een STATUS: de aanduiding van de stand van zaken van een ZAAK op basis van een STATUSTYPE.",
    ),
    Resource("Resultaat", "zaken", "Resultaat", "resultaten", "Het RESULTAAT van een ZAAK."),
    Resource(
        "Rol",
        "zaken",
        "Rol",
        "rollen",
        "Een ROL: de betrokkenheid van een betrokkene (persoon, organisatie, medewerker) bij een ZAAK.",
    ),
    Resource(
        "ZaakObject",
        "zaken",
        "ZaakObject",
        "zaakobjecten",
        "Een ZAAKOBJECT: een object waarop een ZAAK betrekking heeft.",
    ),
    Resource(
        "ZaakInformatieObject",
        "zaken",
        "ZaakInformatieObject",
        "zaakinformatieobjecten",
        "De relatie tussen een ZAAK en een INFORMATIEOBJECT (document).",
    ),
    Resource(
        "ZaakEigenschap",
        "zaken",
        "ZaakEigenschap",
        "zaakeigenschappen",
        "Een ZAAKEIGENSCHAP: de waarde van een EIGENSCHAP voor een ZAAK.",
    ),
    Resource(
        "ZaakBesluit",
        "zaken",
        "ZaakBesluit",
        "besluiten",
        "De relatie tussen een ZAAK en een BESLUIT, zoals de Zaken API haar toont.",
    ),
    Resource("KlantContact", "zaken", "KlantContact", "klantcontacten", "Een KLANTCONTACT bij een ZAAK."),
    Resource(
        "AuditTrail",
        "zaken",
        "AuditTrail",
        None,
        "Een regel uit de audit trail van een ZAAK, INFORMATIEOBJECT of BESLUIT.",
        node=False,
    ),
    Resource(
        "EnkelvoudigInformatieObject",
        "documenten",
        "EnkelvoudigInformatieObject",
        "enkelvoudiginformatieobjecten",
        "Een (ENKELVOUDIG) INFORMATIEOBJECT: een document.",
    ),
    Resource(
        "ObjectInformatieObject",
        "documenten",
        "ObjectInformatieObject",
        "objectinformatieobjecten",
        "De relatie tussen een INFORMATIEOBJECT en een ZAAK of BESLUIT, zoals de Documenten API haar toont.",
    ),
    Resource(
        "Gebruiksrechten",
        "documenten",
        "Gebruiksrechten",
        "gebruiksrechten",
        "De GEBRUIKSRECHTEN van een INFORMATIEOBJECT.",
    ),
    Resource(
        "Besluit", "besluiten", "Besluit", "besluiten", "Een BESLUIT: een beslissing van een bestuursorgaan."
    ),
    Resource(
        "BesluitInformatieObject",
        "besluiten",
        "BesluitInformatieObject",
        "besluitinformatieobjecten",
        "De relatie tussen een BESLUIT en een INFORMATIEOBJECT.",
    ),
)
TYPE_MODULE = {r.type_name: MODULE_BY_API[r.api] for r in RESOURCES}


@dataclass(frozen=True)
class LinkField:
    name: str  # the GraphQL name; if the spec has an attribute of that name, the object replaces the URL
    target: str  # GraphQL type name
    recipe: str  # python source of the resolvers.links call
    description: str = ""  # default: the replaced attribute's spec description

    @property
    def many(self) -> bool:
        return not self.recipe.startswith("links.url(") or "then=links.urls(" in self.recipe


def _url(source: str, resource: str, api: str) -> str:
    return f'links.url("{source}", "{resource}", "{api}")'


def _urls(source: str, resource: str, api: str) -> str:
    return f'links.urls("{source}", "{resource}", "{api}")'


def _children(
    resource: str, api: str, param: str, then: str = "", where: tuple[str, str] | None = None
) -> str:
    extra = f", then={then}" if then else ""
    extra += f', where=("{where[0]}", "{where[1]}")' if where else ""
    return f'links.children("{resource}", "{api}", "{param}"{extra})'


def _nested(resource: str, api: str) -> str:
    return f'links.nested("{resource}", "{api}")'


_ZAAK = _url("zaak", "zaken", "zaken")
_ZAAKTYPE = _url("zaaktype", "zaaktypen", "catalogi")
_CATALOGUS = _url("catalogus", "catalogussen", "catalogi")
_EIO = _url("informatieobject", "enkelvoudiginformatieobjecten", "documenten")

LINKS: dict[str, tuple[LinkField, ...]] = {
    "Zaak": (
        LinkField("zaaktype", "ZaakType", _ZAAKTYPE),
        LinkField(
            "status",
            "Status",
            _url("status", "statussen", "zaken"),
            "De huidige STATUS van de ZAAK (null als er nog geen status is).",
        ),
        LinkField(
            "statussen", "Status", _children("statussen", "zaken", "zaak"), "Alle STATUSsen van de ZAAK."
        ),
        LinkField(
            "resultaat",
            "Resultaat",
            _url("resultaat", "resultaten", "zaken"),
            "Het RESULTAAT van de ZAAK (null als er nog geen resultaat is).",
        ),
        LinkField("rollen", "Rol", _children("rollen", "zaken", "zaak"), "De ROLlen van de ZAAK."),
        LinkField(
            "zaakobjecten",
            "ZaakObject",
            _children("zaakobjecten", "zaken", "zaak"),
            "De ZAAKOBJECTen van de ZAAK.",
        ),
        LinkField(
            "eigenschappen",
            "ZaakEigenschap",
            _nested("zaakeigenschappen", "zaken"),
            "De ZAAKEIGENSCHAPpen van de ZAAK.",
        ),
        LinkField(
            "zaakinformatieobjecten",
            "ZaakInformatieObject",
            _children("zaakinformatieobjecten", "zaken", "zaak"),
            "De ZAAKINFORMATIEOBJECTen van de ZAAK (relaties met documenten).",
        ),
        LinkField(
            "documenten",
            "EnkelvoudigInformatieObject",
            _children("zaakinformatieobjecten", "zaken", "zaak", then=_EIO),
            "De documenten (ENKELVOUDIGe INFORMATIEOBJECTen) van de ZAAK.",
        ),
        LinkField(
            "besluiten",
            "Besluit",
            _children("besluiten", "besluiten", "zaak"),
            "De BESLUITen bij de ZAAK (uit de Besluiten API).",
        ),
        LinkField("hoofdzaak", "Zaak", _url("hoofdzaak", "zaken", "zaken")),
        LinkField("deelzaken", "Zaak", _urls("deelzaken", "zaken", "zaken"), "De deelzaken van de ZAAK."),
        LinkField(
            "klantcontacten",
            "KlantContact",
            _children("klantcontacten", "zaken", "zaak"),
            "De KLANTCONTACTen bij de ZAAK.",
        ),
        LinkField("audittrail", "AuditTrail", _nested("audittrail", "zaken"), "De audit trail van de ZAAK."),
        LinkField(
            "zaakbesluiten",
            "ZaakBesluit",
            _nested("besluiten", "zaken"),
            "De relaties met BESLUITen, zoals de Zaken API ze toont.",
        ),
    ),
    "Status": (
        LinkField("statustype", "StatusType", _url("statustype", "statustypen", "catalogi")),
        LinkField("gezetdoor", "Rol", _url("gezetdoor", "rollen", "zaken")),
        LinkField("zaak", "Zaak", _ZAAK),
    ),
    "Rol": (
        LinkField("roltype", "RolType", _url("roltype", "roltypen", "catalogi")),
        LinkField("zaak", "Zaak", _ZAAK),
    ),
    "Resultaat": (
        LinkField("resultaattype", "ResultaatType", _url("resultaattype", "resultaattypen", "catalogi")),
        LinkField("zaak", "Zaak", _ZAAK),
    ),
    "ZaakEigenschap": (
        LinkField("eigenschap", "Eigenschap", _url("eigenschap", "eigenschappen", "catalogi")),
        LinkField("zaak", "Zaak", _ZAAK),
    ),
    "ZaakObject": (LinkField("zaak", "Zaak", _ZAAK),),
    "ZaakInformatieObject": (
        LinkField("informatieobject", "EnkelvoudigInformatieObject", _EIO),
        LinkField("zaak", "Zaak", _ZAAK),
        LinkField("status", "Status", _url("status", "statussen", "zaken")),
    ),
    "KlantContact": (LinkField("zaak", "Zaak", _ZAAK),),
    "ZaakBesluit": (LinkField("besluit", "Besluit", _url("besluit", "besluiten", "besluiten")),),
    "EnkelvoudigInformatieObject": (
        LinkField(
            "informatieobjecttype",
            "InformatieObjectType",
            _url("informatieobjecttype", "informatieobjecttypen", "catalogi"),
        ),
        LinkField(
            "zaken",
            "Zaak",
            _children(
                "objectinformatieobjecten",
                "documenten",
                "informatieobject",
                then=_url("object", "zaken", "zaken"),
                where=("objectType", "zaak"),
            ),
            "De ZAAKen waaraan het document gekoppeld is.",
        ),
        LinkField(
            "besluiten",
            "Besluit",
            _children(
                "objectinformatieobjecten",
                "documenten",
                "informatieobject",
                then=_url("object", "besluiten", "besluiten"),
                where=("objectType", "besluit"),
            ),
            "De BESLUITen waaraan het document gekoppeld is.",
        ),
        LinkField(
            "objectinformatieobjecten",
            "ObjectInformatieObject",
            _children("objectinformatieobjecten", "documenten", "informatieobject"),
            "De OBJECTINFORMATIEOBJECTen van het document.",
        ),
        LinkField(
            "gebruiksrechten",
            "Gebruiksrechten",
            _children("gebruiksrechten", "documenten", "informatieobject"),
            "De GEBRUIKSRECHTEN van het document.",
        ),
        LinkField(
            "audittrail",
            "AuditTrail",
            _nested("audittrail", "documenten"),
            "De audit trail van het document.",
        ),
    ),
    "ObjectInformatieObject": (LinkField("informatieobject", "EnkelvoudigInformatieObject", _EIO),),
    "Gebruiksrechten": (LinkField("informatieobject", "EnkelvoudigInformatieObject", _EIO),),
    "Besluit": (
        LinkField("besluittype", "BesluitType", _url("besluittype", "besluittypen", "catalogi")),
        LinkField("zaak", "Zaak", _ZAAK),
        LinkField(
            "documenten",
            "EnkelvoudigInformatieObject",
            _children("besluitinformatieobjecten", "besluiten", "besluit", then=_EIO),
            "De documenten van het BESLUIT.",
        ),
        LinkField(
            "besluitinformatieobjecten",
            "BesluitInformatieObject",
            _children("besluitinformatieobjecten", "besluiten", "besluit"),
            "De BESLUITINFORMATIEOBJECTen van het BESLUIT.",
        ),
        LinkField(
            "audittrail", "AuditTrail", _nested("audittrail", "besluiten"), "De audit trail van het BESLUIT."
        ),
    ),
    "BesluitInformatieObject": (
        LinkField("besluit", "Besluit", _url("besluit", "besluiten", "besluiten")),
        LinkField("informatieobject", "EnkelvoudigInformatieObject", _EIO),
    ),
    "ZaakType": (
        LinkField("catalogus", "Catalogus", _CATALOGUS),
        LinkField("statustypen", "StatusType", _children("statustypen", "catalogi", "zaaktype")),
        LinkField("resultaattypen", "ResultaatType", _children("resultaattypen", "catalogi", "zaaktype")),
        LinkField("roltypen", "RolType", _children("roltypen", "catalogi", "zaaktype")),
        LinkField("eigenschappen", "Eigenschap", _children("eigenschappen", "catalogi", "zaaktype")),
        LinkField(
            "informatieobjecttypen",
            "InformatieObjectType",
            _children(
                "zaaktype-informatieobjecttypen",
                "catalogi",
                "zaaktype",
                then=_url("informatieobjecttype", "informatieobjecttypen", "catalogi"),
            ),
        ),
        LinkField("besluittypen", "BesluitType", _urls("besluittypen", "besluittypen", "catalogi")),
        LinkField("deelzaaktypen", "ZaakType", _urls("deelzaaktypen", "zaaktypen", "catalogi")),
    ),
    "StatusType": (LinkField("zaaktype", "ZaakType", _ZAAKTYPE),),
    "ResultaatType": (
        LinkField("zaaktype", "ZaakType", _ZAAKTYPE),
        LinkField("besluittypen", "BesluitType", _urls("besluittypen", "besluittypen", "catalogi")),
    ),
    "RolType": (LinkField("zaaktype", "ZaakType", _ZAAKTYPE),),
    "Eigenschap": (
        LinkField("zaaktype", "ZaakType", _ZAAKTYPE),
        LinkField("statustype", "StatusType", _url("statustype", "statustypen", "catalogi")),
    ),
    "Catalogus": (
        LinkField("zaaktypen", "ZaakType", _children("zaaktypen", "catalogi", "catalogus")),
        LinkField("besluittypen", "BesluitType", _children("besluittypen", "catalogi", "catalogus")),
        LinkField(
            "informatieobjecttypen",
            "InformatieObjectType",
            _children("informatieobjecttypen", "catalogi", "catalogus"),
        ),
    ),
    "BesluitType": (
        LinkField("catalogus", "Catalogus", _CATALOGUS),
        LinkField("zaaktypen", "ZaakType", _urls("zaaktypen", "zaaktypen", "catalogi")),
        LinkField(
            "informatieobjecttypen",
            "InformatieObjectType",
            _urls("informatieobjecttypen", "informatieobjecttypen", "catalogi"),
        ),
    ),
    "InformatieObjectType": (
        LinkField("catalogus", "Catalogus", _CATALOGUS),
        LinkField("zaaktypen", "ZaakType", _urls("zaaktypen", "zaaktypen", "catalogi")),
        LinkField("besluittypen", "BesluitType", _urls("besluittypen", "besluittypen", "catalogi")),
    ),
    "ZaakTypeInformatieObjectType": (
        LinkField("zaaktype", "ZaakType", _ZAAKTYPE),
        LinkField(
            "informatieobjecttype",
            "InformatieObjectType",
            _url("informatieobjecttype", "informatieobjecttypen", "catalogi"),
        ),
        LinkField("statustype", "StatusType", _url("statustype", "statustypen", "catalogi")),
    ),
}
EMBEDDED_LINKS: dict[str, tuple[LinkField, ...]] = {
    "RelevanteZaak": (
        LinkField("zaak", "Zaak", _url("url", "zaken", "zaken"), "De relevante andere ZAAK zelf."),
    ),
}

# oneOf variants whose differing attribute is merged into one embedded type (all fields nullable)
MERGED_EMBEDDED = {
    ("Rol", "betrokkeneIdentificatie"): "BetrokkeneIdentificatie",
}
# descriptions the specs leave out (a GraphiQL user should still learn what a field is)
FIELD_DESCRIPTIONS = {
    ("Rol", "betrokkeneIdentificatie"): (
        "De identificatie van de betrokkene. Welke velden gevuld zijn hangt af van `betrokkeneType`"
        " (natuurlijk_persoon, niet_natuurlijk_persoon, vestiging, organisatorische_eenheid, medewerker)."
    ),
    ("ZaakObject", "objectIdentificatie"): (
        "De identificatie van het object, als JSON: de vorm hangt af van `objectType` (adres, pand, ...)."
    ),
    ("ZaakEigenschap", "zaak"): "De ZAAK waarvoor deze eigenschap een waarde heeft.",
    ("ZaakEigenschap", "waarde"): "De waarde van de EIGENSCHAP voor deze ZAAK, als tekst.",
    (
        "Eigenschap",
        "specificatie",
    ): "De specificatie (formaat, lengte, waardenverzameling) van de EIGENSCHAP.",
    ("AuditTrail", "wijzigingen"): "Het object vóór (`oud`) en na (`nieuw`) de actie.",
    (
        "EnkelvoudigInformatieObject",
        "bestandsdelen",
    ): "De bestandsdelen, als de inhoud in delen geüpload wordt.",
    (
        "ZaakInformatieObject",
        "aardRelatieWeergave",
    ): "De aard van de relatie tussen ZAAK en INFORMATIEOBJECT.",
    ("Besluit", "vervalredenWeergave"): "Omschrijving bij `vervalreden`.",
    ("BetrokkeneIdentificatie", "voorvoegselGeslachtsnaam"): "Voorvoegsel bij de geslachtsnaam.",
    (
        "BetrokkeneIdentificatie",
        "geboortedatum",
    ): "Geboortedatum, als tekst (ZGW staat onvolledige datums toe).",
    ("BetrokkeneIdentificatie", "verblijfsadres"): "Het verblijfsadres.",
    ("BetrokkeneIdentificatie", "subVerblijfBuitenland"): "Het verblijfsadres in het buitenland.",
    ("VerblijfsAdres", "wplWoonplaatsNaam"): "Woonplaatsnaam.",
    ("VerblijfsAdres", "aoaPostcode"): "Postcode.",
    ("VerblijfsAdres", "aoaHuisnummer"): "Huisnummer.",
    ("VerblijfsAdres", "aoaHuisletter"): "Huisletter.",
    ("VerblijfsAdres", "aoaHuisnummertoevoeging"): "Huisnummertoevoeging.",
    ("VerblijfsAdres", "inpLocatiebeschrijving"): "Locatiebeschrijving.",
    ("SubVerblijfBuitenland", "subAdresBuitenland_1"): "Adresregel 1 van het buitenlandse adres.",
    ("SubVerblijfBuitenland", "subAdresBuitenland_2"): "Adresregel 2 van het buitenlandse adres.",
    ("SubVerblijfBuitenland", "subAdresBuitenland_3"): "Adresregel 3 van het buitenlandse adres.",
}
TYPE_DESCRIPTIONS = {
    "BetrokkeneIdentificatie": (
        "De identificatie van een betrokkene bij een ROL: de velden van alle varianten van de Open Zaak"
        " specificatie (natuurlijk persoon, niet-natuurlijk persoon, vestiging, organisatorische eenheid,"
        " medewerker) samen, alle optioneel; `Rol.betrokkeneType` zegt welke variant het is."
    ),
}
# attributes served as JSON: GeoJSON, free-form, or a oneOf over ~30 object kinds (ZaakObject)
JSON_ATTRIBUTES = {
    ("ZaakObject", "objectIdentificatie"),
    ("Rol", "authenticatieContext"),  # DigiD and eHerkenning contexts differ in every field's type
}
JSON_COMPONENTS = {"GeoJSONGeometry", "Geometry"}
# "enums" of display texts ("Hoort bij, omgekeerd: kent"): no valid GraphQL names, so served as String
STRING_ENUMS = {"AardRelatieWeergaveEnum"}
BIG_INTEGERS = {"bestandsomvang"}  # sizes in bytes: beyond GraphQL Int's 32 bits
# the same component enum name with other values in another API
ENUM_RENAMES = {
    ("zaken", "AardRelatieEnum"): "AardRelatie",
    ("catalogi", "AardRelatieEnum"): "AardRelatieZaaktypen",
    ("documenten", "AardRelatieEnum"): "AardRelatieVerzending",
    ("zaken", "ObjectTypeEnum"): "ZaakObjectObjectType",
    ("documenten", "ObjectTypeEnum"): "ObjectInformatieObjectObjectType",
    ("zaken", "StatusEnum"): "ZaakNotitieStatus",
    ("documenten", "StatusEnum"): "InformatieObjectStatus",
    (
        "catalogi",
        "OmschrijvingGeneriekEnum",
    ): "RolOmschrijvingGeneriek",  # clashes with the embedded OmschrijvingGeneriek
}
_SERIALIZER_DOCSTRINGS = (
    "Set gegevensgroepdata",
    "Adds nested create",
    "A type of `ModelSerializer`",
    "Serializer",
    "Represent a",
)


@dataclass(frozen=True)
class Connection:
    field: str
    type_name: str
    path: str
    description: str


CONNECTIONS = (
    Connection("zaken", "Zaak", "/zaken", "ZAAKen, gefilterd en gepagineerd zoals de Zaken API het toelaat."),
    Connection(
        "documenten",
        "EnkelvoudigInformatieObject",
        "/enkelvoudiginformatieobjecten",
        "Documenten (ENKELVOUDIGe INFORMATIEOBJECTen).",
    ),
    Connection("besluiten", "Besluit", "/besluiten", "BESLUITen."),
    Connection("catalogussen", "Catalogus", "/catalogussen", "CATALOGUSsen."),
    Connection("zaaktypen", "ZaakType", "/zaaktypen", "ZAAKTYPEn."),
    Connection(
        "informatieobjecttypen", "InformatieObjectType", "/informatieobjecttypen", "INFORMATIEOBJECTTYPEn."
    ),
    Connection("besluittypen", "BesluitType", "/besluittypen", "BESLUITTYPEn."),
)
SINGLE_FIELDS = {  # root field -> type; by URL or UUID
    "zaak": "Zaak", "status": "Status", "resultaat": "Resultaat", "rol": "Rol", "zaakobject": "ZaakObject",
    "zaakinformatieobject": "ZaakInformatieObject", "zaakeigenschap": "ZaakEigenschap", "klantcontact": "KlantContact",
    "document": "EnkelvoudigInformatieObject", "objectinformatieobject": "ObjectInformatieObject",
    "gebruiksrechten": "Gebruiksrechten", "besluit": "Besluit", "besluitinformatieobject": "BesluitInformatieObject",
    "catalogus": "Catalogus", "zaaktype": "ZaakType", "statustype": "StatusType", "resultaattype": "ResultaatType",
    "roltype": "RolType", "eigenschap": "Eigenschap", "informatieobjecttype": "InformatieObjectType",
    "besluittype": "BesluitType", "zaaktypeInformatieobjecttype": "ZaakTypeInformatieObjectType",
}  # fmt: skip
URL_ONLY = {"zaakeigenschap"}  # nested under /zaken/{uuid}/: a UUID alone does not locate it
FILTER_SKIP = {"page", "pageSize", "expand", "ordering", "fields"}
FILTER_ENUM_NAMES = {  # filter parameters with an inline code list that no component names
    "rol__machtiging": "Machtiging",
    "rol__machtiging__loa": "LevelOfAssurance",
    "status": "Publicatiestatus",  # Catalogi: alles / concept / definitief
}


# ---------------------------------------------------------------------------------------------- model


@dataclass
class Field:
    python: str
    graphql: str
    annotation: str
    description: str
    link: LinkField | None = None


@dataclass
class TypeDef:
    name: str
    description: str
    fields: list[Field] = field(default_factory=list)


@dataclass
class EnumDef:
    name: str
    description: str
    members: list[tuple[str, str, str]]  # (python name, value, description)


def _snake(key: str) -> str:
    value = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()
    value = re.sub(r"[^0-9a-z_]", "_", value)
    value = re.sub(r"_+", "_", value).strip("_") or "field"
    if value[0].isdigit():
        value = "f_" + value
    if keyword.iskeyword(value) or value == "id":
        value += "_"
    return value


def _names(key: str) -> tuple[str, str | None]:
    """(python attribute name, explicit GraphQL name or None when auto camel-casing gives the key)."""
    python = _snake(key)
    return python, (None if to_camel_case(python) == key else key)


def _doc(text: str | None) -> str:
    return (text or "").strip()


def _member_name(value: str, taken: set[str]) -> str:
    name = "leeg" if value == "" else re.sub(r"\W+", "_", value).strip("_")
    if not name or name[0].isdigit():
        name = "v_" + name
    if name in ("true", "false", "null") or keyword.iskeyword(name):
        name += "_"
    base, counter = name, 2
    while name in taken:
        name, counter = f"{base}_{counter}", counter + 1
    taken.add(name)
    return name


def _member_docs(description: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2).strip() for m in re.finditer(r"^\* `([^`]*)`(?: -|:) (.+)$", description, re.M)
    }


class Generator:
    def __init__(self, spec_dir: Path) -> None:
        self.specs = {api: yaml.safe_load((spec_dir / name).read_text()) for api, name in SPECS.items()}
        self.enums: dict[str, EnumDef] = {}
        self.enum_by_values: dict[tuple[str, frozenset[str]], str] = {}  # (api, values) -> enum name
        self.embedded: dict[str, TypeDef] = {}
        self.embedded_order: list[str] = []
        self.types: dict[str, TypeDef] = {}
        self.warnings: list[str] = []
        self._collect_enums()

    # -- specs
    def component(self, api: str, name: str) -> dict[str, Any]:
        found: dict[str, Any] = self.specs[api]["components"]["schemas"][name]
        return found

    def _ref(self, schema: dict[str, Any]) -> str | None:
        ref = schema.get("$ref")
        return ref.rsplit("/", 1)[-1] if isinstance(ref, str) and ref.startswith("#/") else None

    def properties(self, api: str, schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The properties of a schema, with allOf flattened."""
        ref = self._ref(schema)
        if ref:
            return self.properties(api, self.component(api, ref))
        props: dict[str, dict[str, Any]] = {}
        for part in schema.get("allOf", []):
            props.update(self.properties(api, part))
        props.update(schema.get("properties", {}))
        return props

    # -- enums
    def _collect_enums(self) -> None:
        for api, spec in self.specs.items():
            for name, schema in spec["components"]["schemas"].items():
                if "enum" not in schema or name in ("BlankEnum", "NullEnum"):
                    continue
                values = [v for v in schema["enum"] if isinstance(v, str)]
                gql = ENUM_RENAMES.get((api, name), name.removesuffix("Enum"))
                gql = gql[0].upper() + gql[1:]
                self._add_enum(gql, _doc(schema.get("description")), values)
                self.enum_by_values[(api, frozenset(values))] = gql
                self.enum_by_values.setdefault(("*", frozenset(values)), gql)

    def _add_enum(self, name: str, description: str, values: list[str], blank: bool = True) -> None:
        known = self.enums.get(name)
        if known is not None:
            if {m[1] for m in known.members} - {""} != set(values) - {""}:
                raise ValueError(f"enum {name} has two value sets: add it to ENUM_RENAMES")
            return
        docs = _member_docs(description)
        taken: set[str] = set()
        members = [(_member_name(v, taken), v, docs.get(v, "")) for v in values]
        # registries send "" where the spec allows blank (BlankEnum) and in old data where it does not
        if blank and "" not in values:
            members.append((_member_name("", taken), "", "Leeg: de registratie gaf een lege waarde."))
        summary = description.split("\n\n")[0] if description and not description.startswith("*") else ""
        self.enums[name] = EnumDef(name, summary or f"Codelijst {name} (ZGW).", members)

    def enum_for(
        self, api: str, values: Iterable[Any], fallback_name: str, description: str, blank: bool = True
    ) -> str:
        key = frozenset(v for v in values if isinstance(v, str) and v != "")
        for scope in (api, "*"):
            for (s, vals), name in self.enum_by_values.items():
                if s == scope and vals - {""} == key:
                    return name
        name = fallback_name
        while name in self.enums or name in self.embedded or name in TYPE_MODULE:
            name += "Waarde"
        self._add_enum(name, description, sorted(key), blank)
        self.enum_by_values[("*", key)] = name
        return name

    # -- types
    def annotation(self, api: str, owner: str, key: str, schema: dict[str, Any]) -> str:
        if (owner, key) in JSON_ATTRIBUTES:
            return "JSON"
        refs: list[str | None] = [self._ref(schema)] if "$ref" in schema else []
        for combinator in ("allOf", "oneOf", "anyOf"):
            refs += [self._ref(part) for part in schema.get(combinator, [])]
        named = [r for r in refs if r is not None and r not in ("BlankEnum", "NullEnum")]
        if named:
            ref = named[0]
            target = self.component(api, ref)
            if ref in STRING_ENUMS:
                return "str"
            if "enum" in target:
                return self.enum_for(
                    api, target["enum"], ref.removesuffix("Enum"), _doc(target.get("description"))
                )
            if ref in JSON_COMPONENTS or not self.properties(api, target):
                return "JSON"
            return self.embedded_type(api, ref, _doc(schema.get("description")))
        kind = schema.get("type")
        if "enum" in schema:
            return self.enum_for(
                api, schema["enum"], key[0].upper() + key[1:], _doc(schema.get("description"))
            )
        if kind == "string":
            return {"date": "datetime.date", "date-time": "datetime.datetime"}.get(
                schema.get("format", ""), "str"
            )
        if kind == "integer":
            return "BigInt" if key in BIG_INTEGERS or schema.get("format") == "int64" else "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "array":
            return f"list[{self.annotation(api, owner, key, schema.get('items', {}))}]"
        return "JSON"  # free-form objects (wijzigingen.oud / nieuw)

    def embedded_type(self, api: str, component: str, used_as: str) -> str:
        name = component[0].upper() + component[1:]
        if name in self.embedded:
            return name
        schema = self.component(api, component)
        description = _doc(schema.get("description"))
        if not description or description.startswith(_SERIALIZER_DOCSTRINGS):
            description = used_as or f"{name} (ZGW)."
        typedef = TypeDef(name, description)
        self.embedded[name] = typedef  # before the fields: recursion
        typedef.fields = self.fields(api, name, self.properties(api, schema), EMBEDDED_LINKS.get(name, ()))
        self.embedded_order.append(name)
        return name

    def merged_type(self, api: str, name: str, components: list[str], used_as: str) -> str:
        if name in self.embedded:
            return name
        typedef = TypeDef(name, TYPE_DESCRIPTIONS.get(name) or used_as)
        self.embedded[name] = typedef
        props: dict[str, dict[str, Any]] = {}
        for component in components:
            for key, schema in self.properties(api, self.component(api, component)).items():
                if key in props and self.annotation(api, name, key, props[key]) != self.annotation(
                    api, name, key, schema
                ):
                    self.warnings.append(f"{name}.{key}: variants disagree on the type; the first is used")
                    continue
                props.setdefault(key, schema)
        typedef.fields = self.fields(api, name, props, ())
        self.embedded_order.append(name)
        return name

    def fields(
        self, api: str, owner: str, props: dict[str, dict[str, Any]], links: Iterable[LinkField]
    ) -> list[Field]:
        by_name = {link.name: link for link in links}
        result: list[Field] = []
        for key, schema in props.items():
            if key == "_expand" or (owner in TYPE_MODULE and self._node(owner) and key in ("url", "uuid")):
                continue
            python, graphql = _names(key)
            description = (
                FIELD_DESCRIPTIONS.get((owner, key))
                or _doc(schema.get("description"))
                or _doc(schema.get("title"))
                or f"`{key}` (de specificatie beschrijft dit attribuut niet)."
            )
            link = by_name.pop(key, None)
            if link is not None:
                result.append(
                    Field(python, graphql or key, link.target, link.description or description, link)
                )
                continue
            result.append(
                Field(python, graphql or key, self.annotation(api, owner, key, schema), description)
            )
        for link in by_name.values():  # links the spec has no attribute for
            python, graphql = _names(link.name)
            result.append(Field(python, graphql or link.name, link.target, link.description, link))
        return result

    def _node(self, type_name: str) -> bool:
        return next(r.node for r in RESOURCES if r.type_name == type_name)

    def resource(self, resource: Resource) -> TypeDef:
        api = resource.api
        schema = self.component(api, resource.component)
        if "oneOf" in schema:  # Rol, ZaakObject: one type with the union of the variants' attributes
            props: dict[str, dict[str, Any]] = {}
            variants: dict[str, list[str]] = {}
            for variant in schema["oneOf"]:
                for key, sub in self.properties(api, variant).items():
                    ref = self._ref(sub) or next(
                        (self._ref(p) for p in sub.get("allOf", []) if self._ref(p)), None
                    )
                    if ref:
                        variants.setdefault(key, [])
                        if ref not in variants[key]:
                            variants[key].append(ref)
                    props.setdefault(key, sub)
            fields = self.fields(api, resource.type_name, props, LINKS.get(resource.type_name, ()))
            for f in fields:
                merged = MERGED_EMBEDDED.get((resource.type_name, f.graphql))
                if merged:
                    f.annotation = self.merged_type(api, merged, variants[f.graphql], f.description)
        else:
            fields = self.fields(
                api, resource.type_name, self.properties(api, schema), LINKS.get(resource.type_name, ())
            )
        typedef = TypeDef(resource.type_name, resource.description, fields)
        self.types[resource.type_name] = typedef
        return typedef

    # -- filters
    def list_parameters(self, connection: Connection) -> list[dict[str, Any]]:
        api = TYPE_API[connection.type_name]
        operation = self.specs[api]["paths"][connection.path]["get"]
        return [p for p in operation.get("parameters", []) if p.get("in") == "query"]

    def filter_fields(self, connection: Connection) -> list[Field]:
        api = TYPE_API[connection.type_name]
        params = {p["name"]: p for p in self.list_parameters(connection)}
        result: list[Field] = []
        for name, param in params.items():
            if name in FILTER_SKIP:
                continue
            schema = param.get("schema", {})
            description = _doc(param.get("description"))
            base = params.get(name.rsplit("__", 1)[0], {}).get("schema", {})
            if schema.get("type") == "array":
                items = schema.get("items", {})
                source = items if "enum" in items else base if "enum" in base else {}
                if source:
                    stem = name.rsplit("__", 1)[0].rsplit("__", 1)[-1]
                    inner = self.enum_for(
                        api, source["enum"], stem[0].upper() + stem[1:] + "Filter", description, blank=False
                    )
                else:
                    inner = "str"
                annotation = f"list[{inner}]"
            elif "enum" in schema:
                stem = name.rsplit("__", 1)[-1]
                fallback = FILTER_ENUM_NAMES.get(name, stem[0].upper() + stem[1:] + "Filter")
                annotation = self.enum_for(api, schema["enum"], fallback, description, blank=False)
            elif schema.get("type") == "integer" and "URL" in description:
                annotation = "str"  # Open Zaak documents URL filters (catalogus) as integer; they take URLs
            else:
                annotation = self.annotation(api, connection.type_name + "Filter", name, schema)
            if annotation == "BigInt":
                annotation = "int"
            result.append(Field(name, name, annotation, description))
        return result

    def ordering(self, connection: Connection) -> EnumDef | None:
        param = next((p for p in self.list_parameters(connection) if p["name"] == "ordering"), None)
        if param is None:
            return None
        values: list[str] = param["schema"]["items"]["enum"]
        taken: set[str] = set()
        ordered = sorted(values, key=lambda v: (v.lstrip("-"), v.startswith("-")))
        members = [
            (_member_name(f"{v.lstrip('-')}_{'DESC' if v.startswith('-') else 'ASC'}", taken), v, "")
            for v in ordered
        ]
        description = (
            f"Sortering van {connection.field} (`ordering` van de ZGW API): ASC oplopend, DESC aflopend."
        )
        return EnumDef(f"{connection.type_name}Ordering", description, members)


TYPE_API = {r.type_name: r.api for r in RESOURCES}

# ---------------------------------------------------------------------------------------------- output

HEADER = '"""{doc}\n\nGenerated by `python -m schema.codegen` from the Open Zaak OpenAPI specs: do not edit by hand."""\n\n'


def _q(text: str) -> str:
    return repr(text)


def _field_source(f: Field, module: str, owner_is_embedded: bool) -> list[str]:
    name_arg = f"name={_q(f.graphql)}, " if to_camel_case(f.python) != f.graphql else ""
    link = f.link
    if link is None:
        annotation = f.annotation
        return [
            f"    {f.python}: {annotation} | None = strawberry.field({name_arg}description={_q(f.description)})"
        ]
    target = _ref_type(link.target, module)
    meta = f"metadata={{LINK: {link.recipe}}}"
    if link.many:
        return [
            f"    @resolver_field({name_arg}description={_q(f.description)}, {meta})",
            f"    def {f.python}(",
            "        self, info: Info, first: int | None = None, after: str | None = None",
            f"    ) -> list[{target}] | None:",
            "        return child_list(self, info, first, after)",
        ]
    return [
        f"    {f.python}: {target} | None = strawberry.field({name_arg}description={_q(f.description)}, {meta})"
    ]


def _ref_type(type_name: str, module: str) -> str:
    target_module = TYPE_MODULE.get(type_name, "embedded")
    if target_module == module:
        return type_name
    return f'Annotated["{type_name}", strawberry.lazy("schema.{target_module}")]'


def _type_source(t: TypeDef, module: str, node: bool) -> list[str]:
    lines = ["", ""]
    if node:
        lines.append(f"@strawberry.type(description={_q(t.description)})")
        lines.append(f"class {t.name}(Node):")
    else:
        lines.append(f"@strawberry.type(description={_q(t.description)})")
        lines.append(f"class {t.name}:")
    for f in t.fields:
        lines += _field_source(f, module, not node)
    if node or t.name in TYPE_MODULE:
        lines += [
            "",
            "    @classmethod",
            "    def is_type_of(cls, obj: Any, info: Any) -> bool:",
            f'        return isinstance(obj, dict) and obj.get(TYPE_KEY) == "{t.name}"',
        ]
    if not t.fields and not node:
        lines.append("    pass")
    return lines


def _imports(types: list[TypeDef], module: str, node: bool) -> list[str]:
    annotations = " ".join(f.annotation for t in types for f in t.fields)
    has_links = any(f.link for t in types for f in t.fields)
    many = any(f.link and f.link.many for t in types for f in t.fields)
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotations))
    lines = ["from __future__ import annotations", ""]
    if "datetime" in words:
        lines.append("import datetime")
    typing_names = (
        ["Annotated"]
        if has_links
        and any(
            TYPE_MODULE.get(f.annotation, "embedded") != module for t in types for f in t.fields if f.link
        )
        else []
    )
    typing_names += ["TYPE_CHECKING"] if has_links else []
    typing_names += (
        ["Any"] if (node or module != "embedded" or any(t.name in TYPE_MODULE for t in types)) else []
    )
    if typing_names:
        lines.append(f"from typing import {', '.join(sorted(typing_names))}")
    lines += ["", "import strawberry", ""]
    if has_links:
        # `links.url(...)`: a class attribute named `url` would shadow a bare `url` in the class body
        lines += ["from resolvers import links", "from resolvers.links import LINK"]
    if many:
        lines.append("from resolvers.root import Info, child_list")
    enum_names = sorted(n for n in words if n in _ENUM_NAMES)
    if enum_names:
        lines.append(f"from schema.enums import {', '.join(enum_names)}")
    local_embedded = {t.name for t in types}
    embedded_names = sorted(
        n for n in words if n in _EMBEDDED_NAMES and n not in local_embedded and module != "embedded"
    )
    if embedded_names:
        lines.append(f"from schema.embedded import {', '.join(embedded_names)}")
    if node or module != "embedded":
        lines.append("from schema.node import TYPE_KEY, Node, resolver_field")
    scalars = sorted(n for n in ("JSON", "BigInt") if n in words)
    if scalars:
        lines.append(f"from schema.scalars import {', '.join(scalars)}")
    lazy_targets: dict[str, set[str]] = {}
    for t in types:
        for f in t.fields:
            if f.link and TYPE_MODULE.get(f.link.target, "embedded") != module:
                lazy_targets.setdefault(TYPE_MODULE.get(f.link.target, "embedded"), set()).add(f.link.target)
    if lazy_targets:
        lines += ["", "if TYPE_CHECKING:"]
        for target_module, names in sorted(lazy_targets.items()):
            lines.append(f"    from schema.{target_module} import {', '.join(sorted(names))}")
    elif has_links:
        lines[lines.index(f"from typing import {', '.join(sorted(typing_names))}")] = (
            f"from typing import {', '.join(sorted(set(typing_names) - {'TYPE_CHECKING'}))}"
        )
    return lines


_ENUM_NAMES: set[str] = set()
_EMBEDDED_NAMES: set[str] = set()


def _module(doc: str, types: list[TypeDef], module: str, node: bool) -> str:
    lines = _imports(types, module, node)
    for t in types:
        lines += _type_source(t, module, node and t.name in TYPE_MODULE and _is_node(t.name))
    return HEADER.format(doc=doc) + "\n".join(lines) + "\n"


def _is_node(type_name: str) -> bool:
    return next((r.node for r in RESOURCES if r.type_name == type_name), False)


def _enums_module(enums: Iterable[EnumDef]) -> str:
    lines = ["from __future__ import annotations", "", "from enum import Enum", "", "import strawberry"]
    for e in enums:
        lines += ["", "", f"@strawberry.enum(description={_q(e.description)})", f"class {e.name}(Enum):"]
        for python, value, description in e.members:
            if description:
                lines.append(
                    f"    {python} = strawberry.enum_value({_q(value)}, description={_q(description)})"
                )
            else:
                lines.append(f"    {python} = {_q(value)}")
    return (
        HEADER.format(doc="ZGW code lists as GraphQL enums: member values are the ZGW strings.")
        + "\n".join(lines)
        + "\n"
    )


def _filters_module(gen: Generator) -> str:
    blocks: list[str] = []
    words: set[str] = set()
    orderings: list[EnumDef] = []
    for connection in CONNECTIONS:
        fields = gen.filter_fields(connection)
        name = f"{connection.type_name}Filter"
        description = f"Filters van `{connection.path}`: de ZGW query-parameters, met hun eigen namen."
        blocks += ["", "", f"@strawberry.input(description={_q(description)})", f"class {name}:"]
        for f in fields:
            words |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", f.annotation))
            blocks.append(
                f"    {f.python}: {f.annotation} | None = strawberry.field(default=None, name={_q(f.graphql)}, description={_q(f.description)})"
            )
        ordering = gen.ordering(connection)
        if ordering is not None:
            orderings.append(ordering)
    lines = ["from __future__ import annotations", ""]
    if "datetime" in words:
        lines.append("import datetime")
    lines.append("from enum import Enum")
    lines += ["", "import strawberry", ""]
    enum_names = sorted(n for n in words if n in gen.enums)
    if enum_names:
        lines.append(f"from schema.enums import {', '.join(enum_names)}")
    for e in orderings:
        lines += ["", "", f"@strawberry.enum(description={_q(e.description)})", f"class {e.name}(Enum):"]
        lines += [f"    {python} = {_q(value)}" for python, value, _ in e.members]
    lines += blocks
    return (
        HEADER.format(doc="Filter inputs and ordering enums of the root connections.")
        + "\n".join(lines)
        + "\n"
    )


def _query_module(gen: Generator) -> str:
    orderings = {c.field: gen.ordering(c) is not None for c in CONNECTIONS}
    lines = [
        "from __future__ import annotations",
        "",
        "from typing import cast",
        "",
        "import strawberry",
        "",
        "from resolvers.params import to_params",
        "from resolvers.root import Info, get_node, get_resource, list_resources",
    ]
    filter_names = sorted(
        [f"{c.type_name}Filter" for c in CONNECTIONS]
        + [f"{c.type_name}Ordering" for c in CONNECTIONS if orderings[c.field]]
    )
    lines.append(f"from schema.filters import {', '.join(filter_names)}")
    lines.append("from schema.node import Node, resolver_field")
    for module in ("besluiten", "catalogi", "documenten", "zaken"):
        names = sorted(
            {
                t
                for t in [*SINGLE_FIELDS.values(), *(c.type_name for c in CONNECTIONS)]
                if TYPE_MODULE[t] == module
            }
        )
        lines.append(f"from schema.{module} import {', '.join(names)}")
    lines += [
        "",
        "",
        '@strawberry.type(description="Relay paging information of a connection.")',
        "class PageInfo:",
        '    has_next_page: bool = strawberry.field(description="Whether more items follow `endCursor`.")',
        '    has_previous_page: bool = strawberry.field(description="Whether items precede `startCursor`.")',
        '    start_cursor: str | None = strawberry.field(description="The cursor of the first edge.")',
        '    end_cursor: str | None = strawberry.field(description="The cursor of the last edge: pass it as `after`.")',
    ]
    for c in CONNECTIONS:
        t = c.type_name
        lines += [
            "",
            "",
            f'@strawberry.type(description="One {t} in a connection, with its cursor.")',
            f"class {t}Edge:",
            '    cursor: str = strawberry.field(description="Pass as `after` to continue after this edge.")',
            f'    node: {t} = strawberry.field(description="The {t}.")',
            "",
            "",
            f'@strawberry.type(description="A page of {t} resources.")',
            f"class {t}Connection:",
            f'    edges: list[{t}Edge] = strawberry.field(description="The edges of this page.")',
            f'    nodes: list[{t}] = strawberry.field(description="The {t} resources of this page (the edges\' nodes).")',
            '    page_info: PageInfo = strawberry.field(description="Paging information.")',
            '    total_count: int = strawberry.field(description="The number of matching resources (ZGW `count`).")',
        ]
    lines += [
        "",
        "",
        '@strawberry.type(description="ZaakGraph: the ZGW registries (Zaken, Documenten, Besluiten, Catalogi) as one graph.")',
        "class Query:",
    ]
    lines += [
        '    @resolver_field(description="Any ZGW resource by its id (its URL).")',
        "    async def node(self, info: Info, id: strawberry.ID) -> Node | None:",
        "        return cast(Node | None, await get_node(info, id))",
    ]
    resources = {r.type_name: r for r in RESOURCES}
    for name, t in SINGLE_FIELDS.items():
        r = resources[t]
        python = _snake(name)
        if name in URL_ONLY:
            args = "url: str"
            call = f'get_resource(info, "{r.collection}", "{r.api}", url, None)'
            doc = f"One {t} by its URL (it lives below its parent: there is no lookup by UUID)."
        else:
            args = "url: str | None = None, uuid: strawberry.ID | None = None"
            call = f'get_resource(info, "{r.collection}", "{r.api}", url, uuid)'
            doc = f"One {t} by `url` or `uuid` (give exactly one)."
        lines += [
            "",
            f"    @resolver_field(description={_q(doc)})",
            f"    async def {python}(self, info: Info, {args}) -> {t} | None:",
            f"        return cast({t} | None, await {call})",
        ]
    for c in CONNECTIONS:
        r = resources[c.type_name]
        t = c.type_name
        ordering_arg = f"        ordering: list[{t}Ordering] | None = None,\n" if orderings[c.field] else ""
        lines += [
            "",
            f"    @resolver_field(description={_q(c.description)})",
            f"    async def {c.field}(",
            "        self,",
            "        info: Info,",
            f"        filter: {t}Filter | None = None,",
            *([ordering_arg.rstrip("\n")] if ordering_arg else []),
            "        first: int | None = None,",
            "        after: str | None = None,",
            f"    ) -> {t}Connection:",
            f"        params = to_params(filter, {'ordering' if orderings[c.field] else 'None'})",
            f'        return cast({t}Connection, await list_resources(info, "{r.collection}", "{r.api}", params, first, after))',
        ]
    lines += ["", "", "CONNECTION_TYPES: tuple[type, ...] = ("]
    lines += [f"    {c.type_name}Connection,\n    {c.type_name}Edge," for c in CONNECTIONS]
    lines += ["    PageInfo,", ")"]
    return HEADER.format(doc="The root Query and the Relay connection types.") + "\n".join(lines) + "\n"


def _tables_module(gen: Generator) -> str:
    lines = ["from __future__ import annotations", ""]
    for module in ("besluiten", "catalogi", "documenten", "embedded", "zaken"):
        names = (
            sorted(gen.embedded_order)
            if module == "embedded"
            else sorted(t for t, m in TYPE_MODULE.items() if m == module)
        )
        lines.append(f"from schema.{module} import (\n" + "".join(f"    {n},\n" for n in names) + ")")
    lines += ["", "RESOURCE_TYPES: tuple[type, ...] = ("]
    lines += [f"    {r.type_name}," for r in RESOURCES]
    lines += [")", "EMBEDDED_TYPES: tuple[type, ...] = ("]
    lines += [f"    {n}," for n in sorted(gen.embedded_order)]
    lines += [
        ")",
        "",
        "# collection name in ZGW URLs -> GraphQL type (audittrail: no URL of its own, not a Node)",
    ]
    lines.append("TYPE_BY_RESOURCE: dict[str, str] = {")
    lines += [
        f'    "{r.collection}": "{r.type_name}",'
        for r in RESOURCES
        if r.collection and r.type_name != "ZaakBesluit"
    ]
    lines += ["}", "API_BY_RESOURCE: dict[str, str] = {"]
    lines += [
        f'    "{r.collection}": "{r.api}",'
        for r in RESOURCES
        if r.collection and r.type_name != "ZaakBesluit"
    ]
    lines += ["}"]
    return (
        HEADER.format(doc="Which GraphQL type and API serve each ZGW collection.") + "\n".join(lines) + "\n"
    )


def generate(spec_dir: Path) -> tuple[dict[str, str], list[str]]:
    gen = Generator(spec_dir)
    for resource in RESOURCES:
        gen.resource(resource)
    # filters first: they may add enums that are not components
    filters = _filters_module(gen)
    _ENUM_NAMES.clear()
    _ENUM_NAMES.update(gen.enums)
    _EMBEDDED_NAMES.clear()
    _EMBEDDED_NAMES.update(gen.embedded)
    clash = set(gen.enums) & (set(gen.embedded) | set(TYPE_MODULE))
    if clash:
        raise ValueError(f"enum names clash with types: {sorted(clash)}: add them to ENUM_RENAMES")
    used = {
        word
        for typedef in [*gen.types.values(), *gen.embedded.values()]
        for f in typedef.fields
        for word in re.findall(r"\w+", f.annotation)
    } | set(re.findall(r"\w+", filters))
    files = {
        "enums.py": _enums_module(
            sorted((e for e in gen.enums.values() if e.name in used), key=lambda e: e.name)
        ),
        "embedded.py": _module(
            "Embedded ZGW objects (no URL of their own): opschorting, kenmerken, betrokkeneIdentificatie ...",
            [gen.embedded[n] for n in sorted(gen.embedded_order)],
            "embedded",
            False,
        ),
        "filters.py": filters,
        "query.py": _query_module(gen),
        "tables.py": _tables_module(gen),
    }
    titles = {
        "zaken": "Zaken API",
        "documenten": "Documenten API",
        "besluiten": "Besluiten API",
        "catalogi": "Catalogi API",
    }
    for module, title in titles.items():
        types = [gen.types[r.type_name] for r in RESOURCES if TYPE_MODULE[r.type_name] == module]
        files[f"{module}.py"] = _module(f"Resources of the {title} (Open Zaak).", types, module, True)
    return files, gen.warnings


def _format(directory: Path, names: Iterable[str]) -> None:
    ruff = Path(sys.executable).parent / "ruff"
    paths = [str(directory / n) for n in names]
    subprocess.run(
        [str(ruff), "check", "--fix", "--quiet", "--config", str(ROOT / "pyproject.toml"), *paths],
        check=False,
    )
    subprocess.run(
        [str(ruff), "format", "--quiet", "--config", str(ROOT / "pyproject.toml"), *paths], check=True
    )


def write(out_dir: Path, spec_dir: Path = ROOT / "simulator" / "specs") -> list[str]:
    files, warnings = generate(spec_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text)
    _format(out_dir, files)
    return warnings


GENERATED = (
    "enums.py",
    "embedded.py",
    "filters.py",
    "query.py",
    "tables.py",
    "zaken.py",
    "documenten.py",
    "besluiten.py",
    "catalogi.py",
)


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else Path(__file__).resolve().parent
    for warning in write(out_dir):
        print("warning:", warning, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
