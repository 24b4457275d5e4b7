"""The hand-chosen part of the generator: which resources, their links, names and descriptions.

Everything the specs cannot say (the links between APIs, names of clashing enums, descriptions they lack)
is data here; `schema.codegen.model` reads the specs, `schema.codegen.render` writes the modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
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
    "BestandsDeel": "Een deel van de inhoud van een INFORMATIEOBJECT dat in delen geüpload wordt.",
    "EigenschapSpecificatie": "De specificatie van de waarden van een EIGENSCHAP.",
    "SubVerblijfBuitenland": "Een verblijfsadres in het buitenland.",
    "VerblijfsAdres": "Een verblijfsadres in Nederland.",
    "Wijzigingen": "De wijzigingen van een audit trail regel: het object vóór en na de actie.",
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
SERIALIZER_DOCSTRINGS = (
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


TYPE_API = {r.type_name: r.api for r in RESOURCES}
