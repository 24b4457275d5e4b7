"""The resource kinds the simulator serves: which API, which URL, which parent, how they are authorised."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Api(StrEnum):
    ZAKEN = "zaken"
    DOCUMENTEN = "documenten"
    BESLUITEN = "besluiten"
    CATALOGI = "catalogi"


API_VERSIONS: dict[Api, str] = {
    Api.ZAKEN: "1.5.1",
    Api.DOCUMENTEN: "1.4.2",
    Api.BESLUITEN: "1.1.0",
    Api.CATALOGI: "1.3.1",
}

# Local URLs are stored host-independently as "~/<api>/api/v1/...": the request's Host is put in when a
# response is rendered (Open Zaak builds URLs from the request's Host).
LOCAL = "~/"


@dataclass(frozen=True, slots=True)
class Kind:
    key: str  # unique store key and request-log resource name
    api: Api
    segment: str  # URL collection segment
    spec_path: str  # the list path in the OpenAPI spec
    nested_under: str | None = None  # "zaken" when served as /zaken/{uuid}/<segment>
    paginated: bool = True
    parent_field: str | None = None  # field linking to the owning object (visibility, zaak= filters)
    indexes: tuple[str, ...] = ()  # top-level string fields with an exact-match index
    has_uuid_field: bool = False
    columns: tuple[str, ...] = ()  # fields kept as columns from the start (common filters and orderings)

    def local_url(self, uuid: str, parent_uuid: str | None = None) -> str:
        root = f"{LOCAL}{self.api.value}/api/v1/"
        if self.nested_under is not None:
            return f"{root}{self.nested_under}/{parent_uuid}/{self.segment}/{uuid}"
        return f"{root}{self.segment}/{uuid}"

    @property
    def detail_spec_path(self) -> str:
        return self.spec_path + "/{uuid}"


def _k(key: str, api: Api, segment: str | None = None, **kwargs: object) -> Kind:
    seg = segment or key
    spec_path = kwargs.pop("spec_path", None) or f"/{seg}"
    return Kind(key=key, api=api, segment=seg, spec_path=str(spec_path), **kwargs)  # type: ignore[arg-type]


KINDS: tuple[Kind, ...] = (
    _k("catalogussen", Api.CATALOGI),
    _k("zaaktypen", Api.CATALOGI, indexes=("catalogus", "identificatie")),
    _k("statustypen", Api.CATALOGI, parent_field="zaaktype", indexes=("zaaktype",)),
    _k("resultaattypen", Api.CATALOGI, parent_field="zaaktype", indexes=("zaaktype",)),
    _k("roltypen", Api.CATALOGI, parent_field="zaaktype", indexes=("zaaktype",)),
    _k("eigenschappen", Api.CATALOGI, parent_field="zaaktype", indexes=("zaaktype",)),
    _k("informatieobjecttypen", Api.CATALOGI, indexes=("catalogus",)),
    _k("besluittypen", Api.CATALOGI, indexes=("catalogus",)),
    _k("zaaktype-informatieobjecttypen", Api.CATALOGI, indexes=("zaaktype", "informatieobjecttype")),
    _k(
        "zaken",
        Api.ZAKEN,
        has_uuid_field=True,
        indexes=("zaaktype", "identificatie"),
        columns=("startdatum", "einddatum", "vertrouwelijkheidaanduiding"),
    ),
    # children whose Record.parent is set are found through Collection.children, not a field index
    _k("statussen", Api.ZAKEN, has_uuid_field=True, parent_field="zaak"),
    _k("resultaten", Api.ZAKEN, has_uuid_field=True, parent_field="zaak"),
    _k(
        "rollen",
        Api.ZAKEN,
        has_uuid_field=True,
        parent_field="zaak",
        indexes=(
            "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
            "betrokkeneIdentificatie__medewerker__identificatie",
            "betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer",
        ),
    ),
    _k("zaakobjecten", Api.ZAKEN, has_uuid_field=True, parent_field="zaak"),
    _k(
        "zaakinformatieobjecten",
        Api.ZAKEN,
        has_uuid_field=True,
        paginated=False,
        parent_field="zaak",
        indexes=("informatieobject",),
    ),
    _k(
        "zaakeigenschappen",
        Api.ZAKEN,
        spec_path="/zaken/{zaak_uuid}/zaakeigenschappen",
        nested_under="zaken",
        has_uuid_field=True,
        paginated=False,
        parent_field="zaak",
    ),
    _k(
        "zaakbesluiten",
        Api.ZAKEN,
        "besluiten",
        spec_path="/zaken/{zaak_uuid}/besluiten",
        nested_under="zaken",
        has_uuid_field=True,
        paginated=False,
        parent_field="zaak",
    ),
    _k("klantcontacten", Api.ZAKEN, has_uuid_field=True, parent_field="zaak"),
    _k(
        "zaken.audittrail",
        Api.ZAKEN,
        "audittrail",
        spec_path="/zaken/{zaak_uuid}/audittrail",
        nested_under="zaken",
        paginated=False,
        parent_field="hoofdObject",
    ),
    _k(
        "enkelvoudiginformatieobjecten",
        Api.DOCUMENTEN,
        indexes=("informatieobjecttype", "identificatie"),
        columns=("vertrouwelijkheidaanduiding",),
    ),
    _k(
        "objectinformatieobjecten",
        Api.DOCUMENTEN,
        paginated=False,
        parent_field="informatieobject",
        indexes=("object",),
    ),
    _k(
        "gebruiksrechten",
        Api.DOCUMENTEN,
        paginated=False,
        parent_field="informatieobject",
    ),
    _k(
        "documenten.audittrail",
        Api.DOCUMENTEN,
        "audittrail",
        # the spec names this parameter enkelvoudiginformatieobject_uuid (not uuid like the other audittrails)
        spec_path="/enkelvoudiginformatieobjecten/{enkelvoudiginformatieobject_uuid}/audittrail",
        nested_under="enkelvoudiginformatieobjecten",
        paginated=False,
        parent_field="hoofdObject",
    ),
    _k("besluiten", Api.BESLUITEN, indexes=("besluittype", "zaak", "identificatie")),
    _k(
        "besluitinformatieobjecten",
        Api.BESLUITEN,
        paginated=False,
        parent_field="besluit",
        indexes=("informatieobject",),
    ),
    _k(
        "besluiten.audittrail",
        Api.BESLUITEN,
        "audittrail",
        spec_path="/besluiten/{besluit_uuid}/audittrail",
        nested_under="besluiten",
        paginated=False,
        parent_field="hoofdObject",
    ),
)

KINDS_BY_KEY: dict[str, Kind] = {kind.key: kind for kind in KINDS}
# (api, first path segment) -> kind, for top-level collections
TOP_LEVEL: dict[tuple[Api, str], Kind] = {
    (kind.api, kind.segment): kind for kind in KINDS if kind.nested_under is None
}
# (api, parent segment, nested segment) -> kind
NESTED: dict[tuple[Api, str, str], Kind] = {
    (kind.api, kind.nested_under, kind.segment): kind for kind in KINDS if kind.nested_under is not None
}

VERTROUWELIJKHEID: tuple[str, ...] = (
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
)
VERTROUWELIJKHEID_RANK: dict[str, int] = {name: rank for rank, name in enumerate(VERTROUWELIJKHEID)}


def uuid_of(local_url: str) -> str:
    return local_url.rstrip("/").rsplit("/", 1)[-1]
