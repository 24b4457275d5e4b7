"""Lock, unlock, PUT, PATCH and DELETE of enkelvoudiginformatieobjecten, like Open Zaak 1.30's
EnkelvoudigInformatieObjectViewSet (src/openzaak/components/documenten/api/viewsets.py and serializers.py).

A document is changed only while locked, and only with its lock: POST .../lock hands out the lock (a uuid4 hex)
and sets `locked`, an update must carry it, POST .../unlock (with the lock, or with scope
documenten.geforceerd-unlock) releases it. Every update is a new version: `versie` goes up by one, with a new
`beginRegistratie` and `inhoud` link. Lock and unlock publish nothing (Open Zaak's notification mixins wrap
only create, update and destroy)."""

from __future__ import annotations

import uuid as uuidlib

import orjson

from simulator import documents, kanalen
from simulator.auth import Client
from simulator.creators_other import check_document
from simulator.creators_zaken import audit
from simulator.http import Reply, Request, render
from simulator.kinds import VERTROUWELIJKHEID_RANK, Api
from simulator.nrc import publish_write
from simulator.problems import forbidden, invalid_field
from simulator.registry import Registry
from simulator.routing import Route
from simulator.store import Record, Resource, Store
from simulator.updates import as_it_would_be, operation_for, parse_body
from simulator.views import find_record
from simulator.writes import WriteContext

KEY = "enkelvoudiginformatieobjecten"
_CHILDREN = ("objectinformatieobjecten", "gebruiksrechten")  # visible exactly when their document is
_WRONG_LOCK = ("nonFieldErrors", "incorrect-lock-id", "Lock id is not correct")


def lock(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    if not client.may_use(Api.DOCUMENTEN, "lock"):
        raise forbidden()
    record = find_record(reg, route, client)
    store = reg.store
    if store.locks.get(record.uuid):
        raise invalid_field("nonFieldErrors", "existing-lock", "The document is already locked")
    value = uuidlib.uuid4().hex
    store.locks[record.uuid] = value
    store.update(KEY, record.uuid, lambda doc: doc.__setitem__("locked", True))
    return Reply(200, orjson.dumps({"lock": value}))


def unlock(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    forced = client.may_use(Api.DOCUMENTEN, "geforceerd-unlock")
    if not (forced or client.may_use(Api.DOCUMENTEN, "lock")):
        raise forbidden()
    record = find_record(reg, route, client)
    try:
        body = orjson.loads(req.body or b"{}")
    except orjson.JSONDecodeError:
        raise invalid_field("nonFieldErrors", "parse_error", "JSON parse error") from None
    given = body.get("lock", "") if isinstance(body, dict) else ""
    store = reg.store
    # an unlocked document "unlocks" without a lock, as in Open Zaak ("" == "")
    if not forced and given != store.locks.get(record.uuid, ""):
        raise invalid_field(*_WRONG_LOCK)
    store.locks.pop(record.uuid, None)
    store.update(KEY, record.uuid, lambda doc: doc.__setitem__("locked", False))
    return Reply(204)


def update(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    kind = route.kind
    assert kind is not None
    operation = operation_for(reg, req, kind)
    if not client.may_use(Api.DOCUMENTEN, "bijwerken"):
        raise forbidden()
    record = find_record(reg, route, client)
    body, writable = parse_body(reg, req, kind, operation)
    old = record.decode()
    would_be = as_it_would_be(req, record, body)
    if "inhoud" not in body:  # the stored inhoud is the download link, not base64 content
        would_be.pop("inhoud", None)
    ctx = WriteContext(reg, req, client, kind, would_be)
    _iot, content, vertrouwelijkheid = check_document(ctx)
    store = reg.store
    current = store.locks.get(record.uuid, "")
    if not current:
        raise invalid_field("nonFieldErrors", "unlocked", "Unlocked document can't be modified")
    if "lock" not in body:  # PUT: the request schema requires it already
        raise invalid_field("nonFieldErrors", "missing-lock-id", "Lock id must be provided")
    if body["lock"] != current:
        raise invalid_field(*_WRONG_LOCK)
    # The spec lists "status NIET definitief" among the checks, but Open Zaak does not refuse an update of a
    # definitief document (its StatusValidator only ties status to ontvangstdatum), so neither does this.
    _keep_content(store, record.uuid, old, content)
    versie = int(old["versie"]) + 1
    changes = {
        name: ctx.local_body(value) for name, value in body.items() if name in writable and name != "lock"
    }
    changes.update(
        vertrouwelijkheidaanduiding=vertrouwelijkheid, versie=versie,
        beginRegistratie=ctx.now.isoformat().replace("+00:00", "Z"), inhoud=f"{old['url']}/download?versie={versie}",
    )  # fmt: skip
    if content is not None:
        changes["bestandsomvang"] = len(content)
    elif old.get("inhoud") is None:
        changes["inhoud"] = None
    updated = store.update(KEY, record.uuid, lambda doc: doc.update(changes))
    new = updated.decode()
    _restamp(store, updated, new)
    actie = "partial_update" if req.method == "PATCH" else "update"
    _audit(ctx, new, updated, actie, old)
    publish_write(reg, req, kanalen.message(store, KEY, new, actie))
    return Reply(200, render(orjson.dumps(new), req.base_url, req.catalogi_url))


def _keep_content(store: Store, uuid: str, old: Resource, content: bytes | None) -> None:
    """New bytes replace the old; without, the new version keeps the old version's bytes (a seeded document's
    are derived from its titel, so pin them before the titel changes)."""
    if content is not None:
        store.contents[uuid] = content
    elif uuid not in store.contents and old.get("inhoud") is not None:
        store.contents[uuid] = documents.sample_content(old)


def _restamp(store: Store, record: Record, doc: Resource) -> None:
    """A new informatieobjecttype or vertrouwelijkheidaanduiding moves the document and its children."""
    rank = VERTROUWELIJKHEID_RANK[doc["vertrouwelijkheidaanduiding"]]
    scope = doc["informatieobjecttype"]
    if (rank, scope) == (record.vertrouwelijkheid, record.scope_type):
        return
    store.restamp(KEY, record.uuid, rank, scope)
    for key in _CHILDREN:
        for child in list(store[key].children(record.uuid)):
            store.restamp(key, child, rank, scope)


def _audit(ctx: WriteContext, doc: Resource, record: Record, actie: str, old: Resource) -> None:
    audit(
        ctx,
        "documenten.audittrail",
        doc["url"],
        "enkelvoudiginformatieobject",
        doc,
        record,
        actie=actie,
        oud=old,
    )


def destroy(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    if not client.may_use(Api.DOCUMENTEN, "verwijderen"):
        raise forbidden()
    record = find_record(reg, route, client)
    doc = record.decode()
    store = reg.store
    # The spec: "alleen mogelijk als er geen OBJECTINFORMATIEOBJECTen relateerd zijn"; Open Zaak checks the
    # zaak's and besluit's relations (EnkelvoudigInformatieObject.has_references) and answers 400, a status
    # the spec does not declare for DELETE.
    if any(True for _ in store["zaakinformatieobjecten"].lookup("informatieobject", doc["url"])) or any(
        True for _ in store["besluitinformatieobjecten"].lookup("informatieobject", doc["url"])
    ):
        raise invalid_field(
            "nonFieldErrors", "pending-relations",
            "All relations to the document must be destroyed before destroying the document",
        )  # fmt: skip
    if store.locks.get(record.uuid):
        raise invalid_field("nonFieldErrors", "destroy-locked", "Locked objects cannot be destroyed")
    message = kanalen.message(store, KEY, doc, "destroy")
    for key in _CHILDREN:
        collection = store[key]
        for child in list(collection.children(record.uuid)):
            collection.remove(child)
    store.contents.pop(record.uuid, None)
    store[KEY].remove(record.uuid)
    # the audittrail stays, as for a zaak (Open Zaak keys it by URL, not by foreign key)
    assert route.kind is not None
    ctx = WriteContext(reg, req, client, route.kind, {})
    _audit(ctx, doc, record, "destroy", doc)
    publish_write(reg, req, message)
    return Reply(204)
