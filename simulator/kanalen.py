"""Open Zaak's notification kanalen and the message a write publishes on them.

Open Zaak 1.30 (src/openzaak/components/*/api/kanalen.py, viewsets with `notifications_kanaal`) publishes on six
kanalen; each message carries the kenmerken of the kanaal's main object (the zaak for a status, the document
for gebruiksrechten) as they are after the write. Catalogussen, statustypen, objectinformatieobjecten and the
other kinds without a kanaal publish nothing, as in Open Zaak."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from simulator.http import render
from simulator.store import Resource, Store


@dataclass(frozen=True, slots=True)
class KanaalDef:
    naam: str
    main_kind: str  # store key of the main resource
    # kenmerken as Open Zaak declares them (and registers them as the kanaal's filters): model paths, snake_case
    kenmerken: tuple[str, ...]


KANALEN: tuple[KanaalDef, ...] = (
    KanaalDef("zaken", "zaken", ("bronorganisatie", "zaaktype", "zaaktype.catalogus", "vertrouwelijkheidaanduiding")),
    KanaalDef(
        "documenten",
        "enkelvoudiginformatieobjecten",
        ("bronorganisatie", "informatieobjecttype", "vertrouwelijkheidaanduiding", "informatieobjecttype.catalogus"),
    ),
    KanaalDef("besluiten", "besluiten", ("verantwoordelijke_organisatie", "besluittype", "besluittype.catalogus")),
    KanaalDef("zaaktypen", "zaaktypen", ("catalogus",)),
    KanaalDef("informatieobjecttypen", "informatieobjecttypen", ("catalogus",)),
    KanaalDef("besluittypen", "besluittypen", ("catalogus",)),
)  # fmt: skip
KANALEN_BY_NAAM = {kanaal.naam: kanaal for kanaal in KANALEN}


@dataclass(frozen=True, slots=True)
class Publisher:
    """Which kanaal a kind publishes on, its resource name (the Django model name) and the field in its own
    body that points at the main object (None: the resource is the main object)."""

    kanaal: str
    resource: str
    main_field: str | None


PUBLISHERS: dict[str, Publisher] = {
    "zaken": Publisher("zaken", "zaak", None),
    "statussen": Publisher("zaken", "status", "zaak"),
    "resultaten": Publisher("zaken", "resultaat", "zaak"),
    "rollen": Publisher("zaken", "rol", "zaak"),
    "zaakobjecten": Publisher("zaken", "zaakobject", "zaak"),
    "zaakinformatieobjecten": Publisher("zaken", "zaakinformatieobject", "zaak"),
    "zaakeigenschappen": Publisher("zaken", "zaakeigenschap", "zaak"),
    "zaakbesluiten": Publisher("zaken", "zaakbesluit", "zaak"),
    "klantcontacten": Publisher("zaken", "klantcontact", "zaak"),
    "enkelvoudiginformatieobjecten": Publisher("documenten", "enkelvoudiginformatieobject", None),
    "gebruiksrechten": Publisher("documenten", "gebruiksrechten", "informatieobject"),
    "besluiten": Publisher("besluiten", "besluit", None),
    "besluitinformatieobjecten": Publisher("besluiten", "besluitinformatieobject", "besluit"),
    "zaaktypen": Publisher("zaaktypen", "zaaktype", None),
    "informatieobjecttypen": Publisher("informatieobjecttypen", "informatieobjecttype", None),
    "besluittypen": Publisher("besluittypen", "besluittype", None),
}


def snake(name: str) -> str:
    """djangorestframework-camel-case's underscoreize, for the names that occur here."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def camel(name: str) -> str:
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


def stamp(moment: datetime | None = None) -> str:
    """Open Notificaties forwards aanmaakdatum through Django's JSON encoder: milliseconds, "Z"."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _kenmerk(store: Store, main: Resource, path: str) -> str:
    """A kenmerk's value read like glom(obj, "zaaktype.catalogus"): follow stored references."""
    value: Any = main
    for part in path.split("."):
        if isinstance(value, str):
            found = store.find(value)
            value = found[1].decode() if found is not None else {}
        value = value.get(camel(part), "") if isinstance(value, dict) else ""
    return value if isinstance(value, str) else ("" if value is None else str(value))


def message(
    store: Store,
    kind_key: str,
    doc: Resource,
    actie: str,
    main: Resource | None = None,
    main_url: str = "",
) -> dict[str, Any] | None:
    """The notification a write of `doc` (stored form, "~/" URLs) publishes, or None (no kanaal).

    `main` is the main object when it is no longer in the store (a destroyed zaak); `main_url` the main
    object's URL where `doc` does not name it (a zaakbesluit, nested under its zaak)."""
    publisher = PUBLISHERS.get(kind_key)
    if publisher is None:
        return None
    kanaal = KANALEN_BY_NAAM[publisher.kanaal]
    if main is None:
        if publisher.main_field is None:
            main = doc
        else:
            found = store.find(str(doc.get(publisher.main_field) or main_url))
            if found is None:
                return None
            main = found[1].decode()
    return {
        "kanaal": kanaal.naam,
        "hoofdObject": main["url"],
        "resource": publisher.resource,
        "resourceUrl": doc["url"],
        "actie": actie,
        "aanmaakdatum": stamp(),
        "kenmerken": {camel(k): _kenmerk(store, main, k) for k in kanaal.kenmerken},
    }


def rendered(stored: dict[str, Any], base_url: str, catalogi_url: str) -> dict[str, Any]:
    """The message with the request's host in its URLs (Open Zaak builds them from the request)."""
    result: dict[str, Any] = orjson.loads(render(orjson.dumps(stored), base_url, catalogi_url))
    return result
