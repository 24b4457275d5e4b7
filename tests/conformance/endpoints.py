"""Every resource the simulator serves, with where its list lives and what its spec path is."""

from __future__ import annotations

from dataclasses import dataclass

from tests.conformance.conftest import World
from tests.conformance.spec import raw_spec


@dataclass(frozen=True)
class Endpoint:
    key: str  # the World key of a record we created ("zaken.audittrail": none, the first of the list)
    api: str
    spec_list: str  # list path as in the spec
    paginated: bool

    @property
    def id(self) -> str:
        return self.key

    @property
    def spec_detail(self) -> str:
        return self.spec_list + "/{uuid}"

    def list_path(self, world: World) -> str:
        path = (
            self.spec_list.replace("{zaak_uuid}", world.uuid("zaken"))
            .replace("{enkelvoudiginformatieobject_uuid}", world.uuid("enkelvoudiginformatieobjecten"))
            .replace("{besluit_uuid}", world.uuid("besluiten"))
        )
        return f"{self.api}/api/v1{path}"

    def spec_has(self, path: str, method: str) -> bool:
        return method in raw_spec(self.api)["paths"].get(path, {})

    @property
    def creatable(self) -> bool:
        return "audittrail" not in self.key


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("catalogussen", "catalogi", "/catalogussen", True),
    Endpoint("zaaktypen", "catalogi", "/zaaktypen", True),
    Endpoint("statustypen", "catalogi", "/statustypen", True),
    Endpoint("resultaattypen", "catalogi", "/resultaattypen", True),
    Endpoint("roltypen", "catalogi", "/roltypen", True),
    Endpoint("eigenschappen", "catalogi", "/eigenschappen", True),
    Endpoint("informatieobjecttypen", "catalogi", "/informatieobjecttypen", True),
    Endpoint("besluittypen", "catalogi", "/besluittypen", True),
    Endpoint("zaaktype-informatieobjecttypen", "catalogi", "/zaaktype-informatieobjecttypen", True),
    Endpoint("zaken", "zaken", "/zaken", True),
    Endpoint("statussen", "zaken", "/statussen", True),
    Endpoint("resultaten", "zaken", "/resultaten", True),
    Endpoint("rollen", "zaken", "/rollen", True),
    Endpoint("zaakobjecten", "zaken", "/zaakobjecten", True),
    Endpoint("klantcontacten", "zaken", "/klantcontacten", True),
    Endpoint("zaakinformatieobjecten", "zaken", "/zaakinformatieobjecten", False),
    Endpoint("zaakeigenschappen", "zaken", "/zaken/{zaak_uuid}/zaakeigenschappen", False),
    Endpoint("zaakbesluiten", "zaken", "/zaken/{zaak_uuid}/besluiten", False),
    Endpoint("zaken.audittrail", "zaken", "/zaken/{zaak_uuid}/audittrail", False),
    Endpoint("enkelvoudiginformatieobjecten", "documenten", "/enkelvoudiginformatieobjecten", True),
    Endpoint("objectinformatieobjecten", "documenten", "/objectinformatieobjecten", False),
    Endpoint("gebruiksrechten", "documenten", "/gebruiksrechten", False),
    Endpoint(
        "documenten.audittrail",
        "documenten",
        "/enkelvoudiginformatieobjecten/{enkelvoudiginformatieobject_uuid}/audittrail",
        False,
    ),
    Endpoint("besluiten", "besluiten", "/besluiten", True),
    Endpoint("besluitinformatieobjecten", "besluiten", "/besluitinformatieobjecten", False),
    Endpoint("besluiten.audittrail", "besluiten", "/besluiten/{besluit_uuid}/audittrail", False),
)
WITH_HEAD = tuple(e for e in ENDPOINTS if e.spec_has(e.spec_detail, "head"))
CREATABLE = tuple(e for e in ENDPOINTS if e.creatable)
ZAKEN_CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
