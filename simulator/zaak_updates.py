"""PUT, PATCH and DELETE of /zaken/{uuid}, like Open Zaak's ZaakViewSet update, partial_update and destroy.

An update changes only the fields it is given (DRF's update; PUT merely needs the required ones), keeps the
record's access stamp in line with vertrouwelijkheidaanduiding, writes the audittrail and publishes on kanaal
zaken. A destroy removes the zaak with everything hanging off it, as the database cascade does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from simulator import kanalen
from simulator.auth import Client
from simulator.creators_zaken import audit, check_zaak_fields
from simulator.http import Reply, Request, render
from simulator.kinds import KINDS_BY_KEY, VERTROUWELIJKHEID_RANK, Api
from simulator.nrc import publish_write
from simulator.problems import InvalidParam, forbidden, invalid, invalid_field, method_not_allowed
from simulator.registry import Registry
from simulator.routing import Route
from simulator.schema_check import check_body, flatten
from simulator.store import Record, Resource, Store
from simulator.views import find_record
from simulator.writes import WriteContext

ZAAK_CHILDREN = (
    "statussen", "resultaten", "rollen", "zaakobjecten", "zaakinformatieobjecten", "zaakeigenschappen",
    "zaakbesluiten", "klantcontacten",
)  # fmt: skip
_IMMUTABLE = ("wijzigen-niet-toegelaten", "Dit veld mag niet gewijzigd worden.")
_BETALINGSINDICATIE = {
    "": "",
    "nvt": "Er is geen sprake van te betalen, met de zaak gemoeide, kosten.",
    "nog_niet": "De met de zaak gemoeide kosten zijn (nog) niet betaald.",
    "gedeeltelijk": "De met de zaak gemoeide kosten zijn gedeeltelijk betaald.",
    "geheel": "De met de zaak gemoeide kosten zijn geheel betaald.",
}


def update_zaak(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    partial = req.method == "PATCH"
    actie = "partial_update" if partial else "update"
    operation = reg.contract.operation(Api.ZAKEN, "/zaken/{uuid}", req.method.lower())
    if operation is None or operation.body_schema is None:
        raise method_not_allowed(req.method)
    if not client.may_use(Api.ZAKEN, "bijwerken"):
        raise forbidden()
    record = find_record(reg, route, client)
    old = record.decode()
    try:
        body = orjson.loads(req.body or b"null")
    except orjson.JSONDecodeError:
        raise invalid(InvalidParam("nonFieldErrors", "parse_error", "JSON parse error")) from None
    resolve: Callable[[Any], Any] = lambda node: reg.contract.resolve(Api.ZAKEN, node)  # noqa: E731
    problems = check_body(body, operation.body_schema, resolve)
    if problems:
        raise invalid(*problems)
    ctx = WriteContext(reg, req, client, KINDS_BY_KEY["zaken"], body)
    zaaktype_doc = _check_references(ctx, old)
    if old.get("einddatum") and not client.may_use(Api.ZAKEN, "geforceerd-bijwerken"):
        raise forbidden(detail="Modifying a closed case with current scope is forbidden")
    vertrouwelijkheid = body.get("vertrouwelijkheidaanduiding") or (
        old["vertrouwelijkheidaanduiding"] if "vertrouwelijkheidaanduiding" not in body
        else zaaktype_doc["vertrouwelijkheidaanduiding"]
    )  # fmt: skip
    rank = VERTROUWELIJKHEID_RANK[vertrouwelijkheid]
    if not client.heeft_alle_autorisaties and rank > client.max_vertrouwelijkheid:
        raise forbidden()
    writable = flatten(operation.body_schema, resolve, body).get("properties", {})
    changes = {name: ctx.local_body(value) for name, value in body.items() if name in writable}
    changes["vertrouwelijkheidaanduiding"] = vertrouwelijkheid
    if "betalingsindicatie" in changes:
        changes["betalingsindicatieWeergave"] = _BETALINGSINDICATIE.get(
            changes["betalingsindicatie"] or "", ""
        )
    changes["laatstGemuteerd"] = ctx.now.isoformat().replace("+00:00", "Z")
    store = reg.store
    new_hoofdzaak, old_hoofdzaak = changes.get("hoofdzaak", old.get("hoofdzaak")), old.get("hoofdzaak")
    updated = store.update("zaken", record.uuid, lambda z: z.update(changes))
    if rank != record.vertrouwelijkheid:
        _restamp(store, record.uuid, rank)
    if new_hoofdzaak != old_hoofdzaak:
        _move_deelzaak(store, old["url"], old_hoofdzaak, new_hoofdzaak)
    new = updated.decode()
    audit(ctx, "zaken.audittrail", new["url"], "zaak", new, updated, actie=actie, oud=old)
    publish_write(reg, req, kanalen.message(store, "zaken", new, actie))
    return Reply(200, render(orjson.dumps(new), req.base_url, req.catalogi_url))


def _check_references(ctx: WriteContext, old: Resource) -> Resource:
    """Open Zaak's field validators for an update; the zaaktype (the zaak's own unless given)."""
    body = ctx.body
    if "identificatie" in body and body["identificatie"] != old["identificatie"]:
        ctx.problems.append(InvalidParam("identificatie", *_IMMUTABLE))
    zaaktype = ctx.ref("zaaktype", "zaaktypen") if "zaaktype" in body else None
    if zaaktype is not None and zaaktype[1]["url"] != old["zaaktype"]:
        ctx.problems.append(InvalidParam("zaaktype", *_IMMUTABLE))
    hoofdzaak = ctx.ref("hoofdzaak", "zaken")
    check_zaak_fields(ctx)
    ctx.raise_problems()
    found = ctx.reg.store.find(old["zaaktype"])
    zaaktype_doc = found[1].decode() if found is not None else {"vertrouwelijkheidaanduiding": "openbaar"}
    if hoofdzaak is not None:
        hoofd_doc = hoofdzaak[1]
        if hoofd_doc["url"] == old["url"]:
            raise invalid_field("hoofdzaak", "self-forbidden", "Een zaak kan niet zijn eigen hoofdzaak zijn.")
        if hoofd_doc.get("hoofdzaak"):
            raise invalid_field(
                "hoofdzaak", "deelzaak-als-hoofdzaak", "Deelzaken van deelzaken wordt niet ondersteund."
            )
        hoofd_type = ctx.reg.store.find(hoofd_doc["zaaktype"])
        if hoofd_type is None or old["zaaktype"] not in hoofd_type[1].decode().get("deelzaaktypen", []):
            raise invalid_field(
                "hoofdzaak",
                "invalid-deelzaaktype",
                "Zaaktype niet vastgelegd in deelzaaktypen van hoofdzaak.zaaktype",
            )
    return zaaktype_doc


def _restamp(store: Store, zaak_uuid: str, rank: int) -> None:
    """The zaak and its children are visible up to the zaak's vertrouwelijkheidaanduiding (zrc-006)."""
    store.restamp("zaken", zaak_uuid, rank)
    for key in (*ZAAK_CHILDREN, "zaken.audittrail"):
        for child in list(store[key].children(zaak_uuid)):
            store.restamp(key, child, rank)


def _move_deelzaak(store: Store, url: str, old_hoofdzaak: str | None, new_hoofdzaak: str | None) -> None:
    if old_hoofdzaak:
        found = store.find(old_hoofdzaak)
        if found is not None:
            store.update(
                "zaken",
                found[1].uuid,
                lambda z: z["deelzaken"].remove(url) if url in z["deelzaken"] else None,
            )
    if new_hoofdzaak:
        found = store.find(new_hoofdzaak)
        if found is not None:
            store.update("zaken", found[1].uuid, lambda z: z["deelzaken"].append(url))


def destroy_zaak(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    if not client.may_use(Api.ZAKEN, "verwijderen"):
        raise forbidden()
    record = find_record(reg, route, client)
    doc = record.decode()
    store = reg.store
    if any(True for _ in store["besluiten"].lookup("zaak", doc["url"])):
        raise invalid_field(
            "nonFieldErrors", "related-besluiten",
            "Zaak has related Besluit(en), these relations should be deleted before deleting the Zaak",
        )  # fmt: skip
    message = kanalen.message(store, "zaken", doc, "destroy")  # the kenmerken of the zaak as it was
    _delete(store, record, doc)
    ctx = WriteContext(reg, req, client, KINDS_BY_KEY["zaken"], {})
    audit(ctx, "zaken.audittrail", doc["url"], "zaak", doc, record, actie="destroy", oud=doc)
    publish_write(reg, req, message)
    return Reply(204)


def _delete(store: Store, record: Record, doc: Resource) -> None:
    """The zaak, its deelzaken (cascade), its children and the documents' mirrors of its zaakinformatieobjecten.
    The audittrail stays, as in Open Zaak (it is keyed by URL, not by foreign key)."""
    for deelzaak in doc.get("deelzaken", []):
        found = store.find(deelzaak)
        if found is not None:
            _delete(store, found[1], found[1].decode())
    for key in ZAAK_CHILDREN:
        collection = store[key]
        for child in list(collection.children(record.uuid)):
            collection.remove(child)
    mirrors = store["objectinformatieobjecten"]
    for uuid in list(mirrors.lookup("object", doc["url"])):
        mirrors.remove(uuid)
    hoofdzaak = doc.get("hoofdzaak")
    if hoofdzaak:
        _move_deelzaak(store, doc["url"], hoofdzaak, None)
    store["zaken"].remove(record.uuid)
