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


@dataclass(frozen=True)
class Write:
    """An update, delete or lock operation on one resource, as the spec names it."""

    key: str  # the kind
    api: str
    spec_path: str
    method: str
    operation_id: str

    @property
    def id(self) -> str:
        return self.operation_id


WRITES: tuple[Write, ...] = (
    Write("zaken", "zaken", "/zaken/{uuid}", "put", "zaak_update"),
    Write("zaken", "zaken", "/zaken/{uuid}", "patch", "zaak_partial_update"),
    Write("zaken", "zaken", "/zaken/{uuid}", "delete", "zaak_delete"),
    Write("resultaten", "zaken", "/resultaten/{uuid}", "put", "resultaat_update"),
    Write("resultaten", "zaken", "/resultaten/{uuid}", "patch", "resultaat_partial_update"),
    Write("resultaten", "zaken", "/resultaten/{uuid}", "delete", "resultaat_delete"),
    Write("rollen", "zaken", "/rollen/{uuid}", "put", "rol_update"),
    Write("rollen", "zaken", "/rollen/{uuid}", "delete", "rol_delete"),
    Write("zaakobjecten", "zaken", "/zaakobjecten/{uuid}", "put", "zaakobject_update"),
    Write("zaakobjecten", "zaken", "/zaakobjecten/{uuid}", "patch", "zaakobject_partial_update"),
    Write("zaakobjecten", "zaken", "/zaakobjecten/{uuid}", "delete", "zaakobject_delete"),
    Write("zaakinformatieobjecten", "zaken", "/zaakinformatieobjecten/{uuid}", "put", "zaakinformatieobject_update"),
    Write("zaakinformatieobjecten", "zaken", "/zaakinformatieobjecten/{uuid}", "patch",
          "zaakinformatieobject_partial_update"),
    Write("zaakinformatieobjecten", "zaken", "/zaakinformatieobjecten/{uuid}", "delete", "zaakinformatieobject_delete"),
    Write("enkelvoudiginformatieobjecten", "documenten", "/enkelvoudiginformatieobjecten/{uuid}", "put",
          "enkelvoudiginformatieobject_update"),
    Write("enkelvoudiginformatieobjecten", "documenten", "/enkelvoudiginformatieobjecten/{uuid}", "patch",
          "enkelvoudiginformatieobject_partial_update"),
    Write("enkelvoudiginformatieobjecten", "documenten", "/enkelvoudiginformatieobjecten/{uuid}", "delete",
          "enkelvoudiginformatieobject_delete"),
    Write("enkelvoudiginformatieobjecten", "documenten", "/enkelvoudiginformatieobjecten/{uuid}/lock", "post",
          "enkelvoudiginformatieobject_lock"),
    Write("enkelvoudiginformatieobjecten", "documenten", "/enkelvoudiginformatieobjecten/{uuid}/unlock", "post",
          "enkelvoudiginformatieobject_unlock"),
    Write("besluiten", "besluiten", "/besluiten/{uuid}", "put", "besluit_update"),
    Write("besluiten", "besluiten", "/besluiten/{uuid}", "patch", "besluit_partial_update"),
    Write("besluiten", "besluiten", "/besluiten/{uuid}", "delete", "besluit_delete"),
    Write("besluitinformatieobjecten", "besluiten", "/besluitinformatieobjecten/{uuid}", "delete",
          "besluitinformatieobject_delete"),
)  # fmt: skip
# The writes on a detail path the specs define and the simulator does not serve yet (test_updates.py checks
# WRITES plus these against the spec files): zaakeigenschappen, zaakbesluiten, gebruiksrechten and
# objectinformatieobjecten; verzendingen, zaaknotities, zaakcontactmomenten, zaakverzoeken, bestandsdelen and the
# import endpoints are kinds the simulator does not have.
NOT_SERVED = ("zaakeigenschap", "zaakbesluit", "gebruiksrechten", "objectinformatieobject", "verzending",
              "zaaknotitie", "zaakcontactmoment", "zaakverzoek", "bestandsdeel", "enkelvoudiginformatieobject_import")  # fmt: skip
