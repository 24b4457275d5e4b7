"""Creators for the Documenten, Besluiten and Catalogi APIs (with the mirrors the standards require)."""

from __future__ import annotations

import base64
import binascii
from datetime import date

from simulator import documents
from simulator.creators_zaken import audit, zaakbesluit_for
from simulator.kinds import KINDS_BY_KEY, VERTROUWELIJKHEID_RANK
from simulator.problems import InvalidParam, forbidden, invalid, invalid_field
from simulator.store import Record, Resource
from simulator.writes import Creator, WriteContext

_VERVALREDEN = {
    "tijdelijk": "Besluit met tijdelijke werking",
    "ingetrokken_overheid": "Besluit ingetrokken door overheid",
    "ingetrokken_belanghebbende": "Besluit ingetrokken o.v.v. belanghebbende",
}


def _stamp(ctx: WriteContext) -> str:
    return ctx.now.isoformat().replace("+00:00", "Z")


def check_document(ctx: WriteContext) -> tuple[Resource, bytes | None, str]:
    """Open Zaak's document validators (create and update) and the client's autorisatie for the result: the
    informatieobjecttype, the decoded inhoud (None when not given) and the vertrouwelijkheidaanduiding."""
    body = ctx.body
    iot = ctx.ref("informatieobjecttype", "informatieobjecttypen")
    content: bytes | None = None
    if body.get("inhoud") not in (None, ""):
        try:
            content = base64.b64decode(str(body["inhoud"]), validate=True)
        except (binascii.Error, ValueError):
            ctx.problems.append(InvalidParam("inhoud", "invalid-base64", "Only base64 data is allowed"))
    ctx.raise_problems()
    assert iot is not None
    vertrouwelijkheid = body.get("vertrouwelijkheidaanduiding") or iot[1]["vertrouwelijkheidaanduiding"]
    client = ctx.client
    if not client.heeft_alle_autorisaties and (
        iot[1]["url"] not in client.informatieobjecttypen
        or VERTROUWELIJKHEID_RANK[vertrouwelijkheid] > client.max_vertrouwelijkheid
    ):
        raise forbidden()
    return iot[1], content, vertrouwelijkheid


def create_document(ctx: WriteContext) -> Resource:
    body = ctx.body
    _iot, content, vertrouwelijkheid = check_document(ctx)
    store = ctx.reg.store
    uuid = ctx.new_uuid()
    doc = ctx.shaped(uuid)
    identificatie = (
        body.get("identificatie")
        or f"DOCUMENT-{date.today().year}-{len(store['enkelvoudiginformatieobjecten']) + 1:010d}"
    )
    doc.update(
        identificatie=identificatie, vertrouwelijkheidaanduiding=vertrouwelijkheid, versie=1,
        beginRegistratie=_stamp(ctx), inhoud=f"{doc['url']}/download?versie=1", locked=False, bestandsdelen=[],
        _expand={},
    )  # fmt: skip
    documents.store_document(store, doc, content)
    record = store["enkelvoudiginformatieobjecten"].get(uuid)
    audit(ctx, "documenten.audittrail", doc["url"], "enkelvoudiginformatieobject", doc, record)
    return doc


def create_oio(ctx: WriteContext) -> Resource:
    eio = ctx.ref("informatieobject", "enkelvoudiginformatieobjecten")
    target = "besluiten" if ctx.body.get("objectType") == "besluit" else "zaken"
    ctx.ref("object", target)
    ctx.raise_problems()
    assert eio is not None
    uuid = ctx.new_uuid()
    doc = ctx.shaped(uuid)
    documents.store_child(ctx.reg.store, "objectinformatieobjecten", doc, uuid)
    return doc


def create_gebruiksrecht(ctx: WriteContext) -> Resource:
    eio = ctx.ref("informatieobject", "enkelvoudiginformatieobjecten")
    ctx.raise_problems()
    assert eio is not None
    uuid = ctx.new_uuid()
    doc = ctx.shaped(uuid)
    store = ctx.reg.store
    documents.store_child(store, "gebruiksrechten", doc, uuid)
    store.update(
        "enkelvoudiginformatieobjecten", eio[0].uuid, lambda e: e.__setitem__("indicatieGebruiksrecht", True)
    )
    return doc


def check_besluit(ctx: WriteContext) -> tuple[tuple[Record, Resource], tuple[Record, Resource] | None]:
    """Open Zaak's besluit validators (create and update) and the client's autorisatie for the besluittype:
    the besluittype and the zaak (None without one)."""
    body = ctx.body
    besluittype = ctx.ref("besluittype", "besluittypen")
    zaak = ctx.ref("zaak", "zaken")
    ctx.raise_problems()
    assert besluittype is not None
    if body["datum"] > date.today().isoformat():
        raise invalid_field("datum", "future_not_allowed", "Deze waarde mag niet in de toekomst liggen.")
    store = ctx.reg.store
    if zaak is not None:
        zaaktype = store.find(zaak[1]["zaaktype"])
        if zaaktype is None or besluittype[1]["url"] not in zaaktype[1].decode().get("besluittypen", []):
            raise invalid(
                InvalidParam(
                    "nonFieldErrors",
                    "zaaktype-mismatch",
                    "De referentie hoort niet bij het zaaktype van de zaak.",
                )
            )
    client = ctx.client
    if not client.heeft_alle_autorisaties and besluittype[1]["url"] not in client.besluittypen:
        raise forbidden()
    return besluittype, zaak


def create_besluit(ctx: WriteContext) -> Resource:
    besluittype, zaak = check_besluit(ctx)
    store = ctx.reg.store
    uuid = ctx.new_uuid()
    doc = ctx.shaped(uuid)
    if not doc.get("identificatie"):
        doc["identificatie"] = f"BESLUIT-{date.today().year}-{len(store['besluiten']) + 1:010d}"
    doc["vervalredenWeergave"] = _VERVALREDEN.get(doc.get("vervalreden") or "", "")
    record = store.add("besluiten", doc, uuid=uuid, scope_type=besluittype[1]["url"])
    if zaak is not None:
        zaakbesluit_for(ctx, zaak[1]["url"], doc["url"])
    audit(ctx, "besluiten.audittrail", doc["url"], "besluit", doc, record)
    return doc


def create_bio(ctx: WriteContext) -> Resource:
    eio = ctx.ref("informatieobject", "enkelvoudiginformatieobjecten")
    besluit = ctx.ref("besluit", "besluiten")
    ctx.raise_problems()
    assert eio is not None and besluit is not None
    store = ctx.reg.store
    besluittype = store.find(besluit[1]["besluittype"])
    if besluittype is None or eio[1]["informatieobjecttype"] not in besluittype[1].decode().get(
        "informatieobjecttypen", []
    ):
        raise invalid_field(
            "nonFieldErrors", "missing-besluittype-informatieobjecttype-relation",
            "Het informatieobjecttype hoort niet bij het besluittype van de besluit.",
        )  # fmt: skip
    uuid = ctx.new_uuid()
    doc = ctx.shaped(uuid)
    store.add(
        "besluitinformatieobjecten", doc, uuid=uuid, parent=besluit[0].uuid, scope_type=besluit[0].scope_type
    )
    oio_uuid = ctx.new_uuid()
    mirror = {"url": KINDS_BY_KEY["objectinformatieobjecten"].local_url(oio_uuid), "informatieobject": eio[1]["url"],
              "object": besluit[1]["url"], "objectType": "besluit"}  # fmt: skip
    documents.store_child(store, "objectinformatieobjecten", mirror, oio_uuid)
    audit(ctx, "besluiten.audittrail", besluit[1]["url"], "besluitinformatieobject", doc, besluit[0])
    return doc


# -- Catalogi ------------------------------------------------------------------------------------------------


def _catalogus_child(list_field: str) -> Creator:
    def create(ctx: WriteContext) -> Resource:
        catalogus = ctx.ref("catalogus", "catalogussen")
        ctx.raise_problems()
        assert catalogus is not None
        uuid = ctx.new_uuid()
        doc = ctx.shaped(uuid)
        doc["concept"] = True  # Open Zaak creates types as concept; publishing is a separate call
        for name in ("zaaktypen", "informatieobjecttypen", "besluittypen", "statustypen", "resultaattypen",
                     "roltypen", "eigenschappen", "zaakobjecttypen"):  # fmt: skip
            if name in doc and name not in ctx.body:
                doc[name] = []
        store = ctx.reg.store
        store.add(ctx.kind.key, doc, uuid=uuid)
        store.update("catalogussen", catalogus[0].uuid, lambda c: c[list_field].append(doc["url"]))
        return doc

    return create


def _zaaktype_child(list_field: str) -> Creator:
    def create(ctx: WriteContext) -> Resource:
        zaaktype = ctx.ref("zaaktype", "zaaktypen")
        ctx.raise_problems()
        assert zaaktype is not None
        uuid = ctx.new_uuid()
        doc = ctx.shaped(uuid)
        doc.update(zaaktypeIdentificatie=zaaktype[1]["identificatie"], catalogus=zaaktype[1]["catalogus"])
        store = ctx.reg.store
        store.add(ctx.kind.key, doc, uuid=uuid, scope_type=zaaktype[1]["url"])
        store.update("zaaktypen", zaaktype[0].uuid, lambda z: z[list_field].append(doc["url"]))
        return doc

    return create


def create_catalogus(ctx: WriteContext) -> Resource:
    uuid = ctx.new_uuid()
    doc = ctx.shaped(uuid)
    doc.update(zaaktypen=[], besluittypen=[], informatieobjecttypen=[])
    ctx.reg.store.add("catalogussen", doc, uuid=uuid)
    return doc


def create_zit(ctx: WriteContext) -> Resource:
    zaaktype = ctx.ref("zaaktype", "zaaktypen")
    iot = ctx.ref("informatieobjecttype", "informatieobjecttypen")
    ctx.raise_problems()
    assert zaaktype is not None and iot is not None
    uuid = ctx.new_uuid()
    doc = ctx.shaped(uuid)
    doc["catalogus"] = zaaktype[1]["catalogus"]
    store = ctx.reg.store
    store.add("zaaktype-informatieobjecttypen", doc, uuid=uuid)
    store.update("zaaktypen", zaaktype[0].uuid, lambda z: z["informatieobjecttypen"].append(iot[1]["url"]))
    store.update("informatieobjecttypen", iot[0].uuid, lambda i: i["zaaktypen"].append(zaaktype[1]["url"]))
    return doc


CREATORS = {
    "enkelvoudiginformatieobjecten": create_document,
    "objectinformatieobjecten": create_oio,
    "gebruiksrechten": create_gebruiksrecht,
    "besluiten": create_besluit,
    "besluitinformatieobjecten": create_bio,
    "catalogussen": create_catalogus,
    "zaaktypen": _catalogus_child("zaaktypen"),
    "informatieobjecttypen": _catalogus_child("informatieobjecttypen"),
    "besluittypen": _catalogus_child("besluittypen"),
    "statustypen": _zaaktype_child("statustypen"),
    "resultaattypen": _zaaktype_child("resultaattypen"),
    "roltypen": _zaaktype_child("roltypen"),
    "eigenschappen": _zaaktype_child("eigenschappen"),
    "zaaktype-informatieobjecttypen": create_zit,
}
