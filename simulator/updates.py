"""PUT, PATCH and DELETE of a zaak's resultaten, rollen, zaakobjecten and zaakinformatieobjecten and of besluiten
and besluitinformatieobjecten, like Open Zaak 1.30's viewsets (src/openzaak/components/{zaken,besluiten}/api/).

Which methods a kind has comes from the spec (rollen: PUT and DELETE; besluitinformatieobjecten: DELETE only).
An update checks the body against the operation's request schema, refuses changes to the fields Open Zaak
keeps immutable, runs the creator's checks on the resource as it would be (the stored fields, overlaid with
the body, as DRF validates an instance), changes only the fields given, writes the audittrail and publishes
as Open Zaak's notification mixins do. The ETag follows the body (views.etag_of)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from simulator import kanalen
from simulator.auth import Client
from simulator.contract import Operation
from simulator.creators_other import check_besluit
from simulator.creators_zaken import (
    audit,
    check_rol,
    check_zaakinformatieobject,
    zaak_and_type,
    zaakbesluit_for,
)
from simulator.http import Reply, Request, render
from simulator.kinds import Api, Kind
from simulator.nrc import publish_write
from simulator.problems import InvalidParam, forbidden, invalid, method_not_allowed
from simulator.registry import Registry
from simulator.routing import Route
from simulator.schema_check import check_body, flatten
from simulator.store import Record, Resource, Store
from simulator.views import find_record
from simulator.writes import WriteContext

IMMUTABLE = ("wijzigen-niet-toegelaten", "Dit veld mag niet gewijzigd worden.")
_ZAAK_CLOSED = "You are not allowed to modify closed zaak data."  # Open Zaak's ZaakClosed (a 403)
_VERVALREDEN = {
    "tijdelijk": "Besluit met tijdelijke werking",
    "ingetrokken_overheid": "Besluit ingetrokken door overheid",
    "ingetrokken_belanghebbende": "Besluit ingetrokken o.v.v. belanghebbende",
}

Check = Callable[[WriteContext, Record], None]


@dataclass(frozen=True, slots=True)
class Rule:
    """How Open Zaak's viewset for one kind updates and destroys."""

    update_scopes: tuple[str, ...]  # any one of these actions will do (Open Zaak's `scope | scope`)
    destroy_scopes: tuple[str, ...]
    immutable: tuple[str, ...]  # IsImmutableValidator / LooseFkIsImmutableValidator fields
    check: Check
    audit_update: bool = True  # AuditTrailViewsetMixin; zaakobjecten have only the create/destroy mixins
    notify_update: bool = True
    notify_destroy: bool = True
    zaak_list: str | None = None  # the zaak field listing these children


def _check_resultaat(ctx: WriteContext, record: Record) -> None:
    zaak_and_type(ctx, "resultaattype", "resultaattypen")


def _check_rol(ctx: WriteContext, record: Record) -> None:
    check_rol(ctx, own_uuid=record.uuid)


def _check_zaakobject(ctx: WriteContext, record: Record) -> None:
    ctx.ref("zaak", "zaken")
    ctx.raise_problems()


def _check_zio(ctx: WriteContext, record: Record) -> None:
    check_zaakinformatieobject(ctx, own_uuid=record.uuid)


def _check_besluit(ctx: WriteContext, record: Record) -> None:
    check_besluit(ctx)


def _no_check(ctx: WriteContext, record: Record) -> None:
    return None


_BIJWERKEN = ("bijwerken", "geforceerd-bijwerken")
# Open Zaak lets a rol or resultaat move to another zaak (its `zaak` is not immutable there); the simulator
# refuses that as if it were, rather than move a child between zaken.
RULES: dict[str, Rule] = {
    "resultaten": Rule(_BIJWERKEN, _BIJWERKEN, ("zaak", "resultaattype"), _check_resultaat),
    "rollen": Rule(_BIJWERKEN, _BIJWERKEN, ("zaak", "roltype"), _check_rol, zaak_list="rollen"),
    "zaakobjecten": Rule(
        _BIJWERKEN, (*_BIJWERKEN, "verwijderen"), ("zaak", "object", "objectType"), _check_zaakobject,
        audit_update=False, zaak_list="zaakobjecten",
    ),
    # Open Zaak publishes only the create of a zaakinformatieobject: "Reference implementation and standard
    # only publish notifications for ZIO create" (open-zaak commit 3550a0a3, NotificationCreateMixin).
    "zaakinformatieobjecten": Rule(
        _BIJWERKEN, (*_BIJWERKEN, "verwijderen"), ("zaak", "informatieobject"), _check_zio,
        notify_update=False, notify_destroy=False, zaak_list="zaakinformatieobjecten",
    ),
    "besluiten": Rule(
        ("bijwerken",), ("verwijderen",), ("besluittype", "identificatie", "verantwoordelijkeOrganisatie"),
        _check_besluit,
    ),
    "besluitinformatieobjecten": Rule((), ("verwijderen",), ("besluit", "informatieobject"), _no_check),
}  # fmt: skip
_AUDIT = {
    Api.ZAKEN: "zaken.audittrail",
    Api.BESLUITEN: "besluiten.audittrail",
    Api.DOCUMENTEN: "documenten.audittrail",
}


def operation_for(reg: Registry, req: Request, kind: Kind) -> Operation:
    """The spec's operation for this method on a detail path; 405 when the spec has none."""
    operation = reg.contract.operation(kind.api, kind.detail_spec_path, req.method.lower())
    if operation is None or (req.method != "DELETE" and operation.body_schema is None):
        raise method_not_allowed(req.method)
    return operation


def parse_body(
    reg: Registry, req: Request, kind: Kind, operation: Operation
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON body of a PUT/PATCH checked against the operation's request schema, and the schema's writable
    properties."""
    try:
        body = orjson.loads(req.body or b"null")
    except orjson.JSONDecodeError:
        raise invalid(InvalidParam("nonFieldErrors", "parse_error", "JSON parse error")) from None
    resolve: Callable[[Any], Any] = lambda node: reg.contract.resolve(kind.api, node)  # noqa: E731
    problems = check_body(body, operation.body_schema, resolve, partial=req.method == "PATCH")
    if problems:
        raise invalid(*problems)
    writable: dict[str, Any] = flatten(operation.body_schema, resolve, body).get("properties", {})
    return body, writable


def as_it_would_be(req: Request, record: Record, body: dict[str, Any]) -> dict[str, Any]:
    """The stored resource (absolute URLs, as a client sends them) overlaid with the body: what DRF's
    object-level validators see on an update."""
    current: dict[str, Any] = orjson.loads(render(record.json(), req.base_url))
    return {**current, **body}


def immutable_problems(
    ctx: WriteContext, body: dict[str, Any], old: Resource, names: tuple[str, ...]
) -> None:
    for name in names:
        if name in body and ctx.local_body(body[name]) != old.get(name):
            ctx.problems.append(InvalidParam(name, *IMMUTABLE))


def _require_scope(client: Client, api: Api, actions: tuple[str, ...]) -> None:
    if not any(client.may_use(api, action) for action in actions):
        raise forbidden()


def _zaak_of(store: Store, doc: Resource) -> tuple[Kind, Record] | None:
    zaak_url = doc.get("zaak")
    return store.find(zaak_url) if isinstance(zaak_url, str) and zaak_url else None


def _check_zaak_open(store: Store, client: Client, doc: Resource) -> None:
    """Open Zaak's ClosedZaakMixin (zaak children and besluiten): a closed zaak needs zaken.geforceerd-bijwerken."""
    found = _zaak_of(store, doc)
    if found is None or not found[1].decode().get("einddatum"):
        return
    if not (client.may_use(Api.ZAKEN, "geforceerd-bijwerken") and client.may_see(Api.ZAKEN, found[1])):
        raise forbidden(detail=_ZAAK_CLOSED)


def update(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    kind = route.kind
    assert kind is not None
    rule = RULES[kind.key]
    operation = operation_for(reg, req, kind)
    _require_scope(client, kind.api, rule.update_scopes)  # DRF: permissions, then the object, then the body
    record = find_record(reg, route, client)
    body, writable = parse_body(reg, req, kind, operation)
    old = record.decode()
    actie = "partial_update" if req.method == "PATCH" else "update"
    ctx = WriteContext(reg, req, client, kind, as_it_would_be(req, record, body))
    immutable_problems(ctx, body, old, rule.immutable)
    ctx.raise_problems()
    rule.check(ctx, record)
    store = reg.store
    _check_zaak_open(store, client, old)
    changes = {name: ctx.local_body(value) for name, value in body.items() if name in writable}
    if kind.key == "besluiten":
        _before_besluit_update(ctx, old, changes)
    updated = store.update(kind.key, record.uuid, lambda doc: doc.update(changes))
    new = updated.decode()
    _audit(ctx, kind, new, record, actie, old, rule.audit_update)
    if rule.notify_update:
        publish_write(reg, req, kanalen.message(store, kind.key, new, actie))
    return Reply(200, render(orjson.dumps(new), req.base_url, req.catalogi_url))


def _before_besluit_update(ctx: WriteContext, old: Resource, changes: dict[str, Any]) -> None:
    """The derived vervalredenWeergave, and the zaakbesluit following the besluit's zaak (brc-006)."""
    if "vervalreden" in changes:
        changes["vervalredenWeergave"] = _VERVALREDEN.get(changes["vervalreden"] or "", "")
    new_zaak = changes.get("zaak", old.get("zaak")) or ""
    if new_zaak != (old.get("zaak") or ""):
        _remove_zaakbesluit(ctx.reg.store, old)
        if new_zaak:
            zaakbesluit_for(ctx, new_zaak, old["url"])


def _audit(
    ctx: WriteContext,
    kind: Kind,
    doc: Resource,
    record: Record,
    actie: str,
    old: Resource,
    wanted: bool = True,
) -> None:
    if not wanted:
        return
    publisher = kanalen.PUBLISHERS[kind.key]
    hoofd = doc["url"] if publisher.main_field is None else doc[publisher.main_field]
    found = ctx.reg.store.find(hoofd)
    parent = found[1] if found is not None else record
    audit(ctx, _AUDIT[kind.api], hoofd, publisher.resource, doc, parent, actie=actie, oud=old)


def destroy(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    kind = route.kind
    assert kind is not None
    rule = RULES[kind.key]
    operation_for(reg, req, kind)
    _require_scope(client, kind.api, rule.destroy_scopes)
    record = find_record(reg, route, client)
    doc = record.decode()
    store = reg.store
    _check_zaak_open(store, client, doc)
    message = kanalen.message(store, kind.key, doc, "destroy") if rule.notify_destroy else None
    _remove(store, kind.key, record, doc, rule)
    ctx = WriteContext(reg, req, client, kind, {})
    _audit(ctx, kind, doc, record, "destroy", doc)
    publish_write(reg, req, message)
    return Reply(204)


def _remove(store: Store, key: str, record: Record, doc: Resource, rule: Rule) -> None:
    """The record and whatever points back at it: the zaak's list or resultaat, the documents' mirror
    (objectinformatieobject) of a zaak's or besluit's relation, a besluit's relations and zaakbesluit."""
    found = _zaak_of(store, doc)
    if found is not None and key == "resultaten":
        store.update("zaken", found[1].uuid, lambda z: z.__setitem__("resultaat", None))
    if found is not None and rule.zaak_list is not None:
        field = rule.zaak_list
        store.update(
            "zaken", found[1].uuid, lambda z: z[field].remove(doc["url"]) if doc["url"] in z[field] else None
        )
    if key == "zaakinformatieobjecten":
        _remove_mirror(store, doc["informatieobject"], doc["zaak"])
    if key == "besluitinformatieobjecten":
        _remove_mirror(store, doc["informatieobject"], doc["besluit"])
    if key == "besluiten":
        _remove_zaakbesluit(store, doc)
        relations = store["besluitinformatieobjecten"]
        for uuid in list(relations.children(record.uuid)):
            relation = relations.records[uuid].decode()
            _remove_mirror(store, relation["informatieobject"], doc["url"])
            relations.remove(uuid)
    store[key].remove(record.uuid)


def _remove_mirror(store: Store, informatieobject: str, target: str) -> None:
    mirrors = store["objectinformatieobjecten"]
    for uuid in list(mirrors.lookup("object", target)):
        if mirrors.records[uuid].decode()["informatieobject"] == informatieobject:
            mirrors.remove(uuid)


def _remove_zaakbesluit(store: Store, besluit: Resource) -> None:
    found = _zaak_of(store, besluit)
    if found is None:
        return
    zaakbesluiten = store["zaakbesluiten"]
    for uuid in list(zaakbesluiten.children(found[1].uuid)):
        if zaakbesluiten.records[uuid].decode().get("besluit") == besluit["url"]:
            zaakbesluiten.remove(uuid)


def handles(kind: Kind | None) -> bool:
    return kind is not None and kind.key in RULES
