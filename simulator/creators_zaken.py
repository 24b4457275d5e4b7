"""Creators for the Zaken API, keeping the zaak's derived fields up to date like Open Zaak."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from simulator import documents
from simulator.auth import Client
from simulator.kinds import KINDS_BY_KEY, VERTROUWELIJKHEID_RANK, Api, uuid_of
from simulator.people import passes_11_test
from simulator.problems import InvalidParam, forbidden, invalid, invalid_field
from simulator.store import Record, Resource, Store
from simulator.writes import WriteContext

_MISMATCH = ("nonFieldErrors", "zaaktype-mismatch", "De referentie hoort niet bij het zaaktype van de zaak.")


# vng-api-common's audittrail actions and how they are shown
_ACTIES = {"create": ("Object aangemaakt", 201), "update": ("Object bijgewerkt", 200),
           "partial_update": ("Object deels bijgewerkt", 200), "destroy": ("Object verwijderd", 204)}  # fmt: skip


def audit(
    ctx: WriteContext, audit_key: str, hoofd: str, resource: str, doc: Resource, parent: Record | None,
    *, actie: str = "create", oud: Resource | None = None,
) -> None:  # fmt: skip
    bron = {"zaken.audittrail": "zrc", "documenten.audittrail": "drc", "besluiten.audittrail": "brc"}[
        audit_key
    ]
    weergave, resultaat = _ACTIES[actie]
    nieuw = None if actie == "destroy" else doc
    entry = {
        "uuid": ctx.new_uuid(), "bron": bron, "applicatieId": ctx.client.client_id,
        "applicatieWeergave": ctx.client.client_id, "gebruikersId": "", "gebruikersWeergave": "",
        "actie": actie, "actieWeergave": weergave, "resultaat": resultaat, "hoofdObject": hoofd,
        "resource": resource, "resourceUrl": doc["url"], "toelichting": "",
        "resourceWeergave": str(doc.get("identificatie") or doc["url"].rsplit("/", 1)[-1]),
        "aanmaakdatum": ctx.now.isoformat().replace("+00:00", "Z"), "wijzigingen": {"oud": oud, "nieuw": nieuw},
    }  # fmt: skip
    store = ctx.reg.store
    store.add(
        audit_key, entry, uuid=entry["uuid"], parent=uuid_of(hoofd),
        scope_type=parent.scope_type if parent else "", vertrouwelijkheid=parent.vertrouwelijkheid if parent else 0,
    )  # fmt: skip


def require_visible(client: Client, api: Api, record: Record) -> None:
    if not client.may_see(api, record):
        raise forbidden()


def _zaak_ref(ctx: WriteContext) -> tuple[Record, Resource] | None:
    found = ctx.ref("zaak", "zaken")
    return found


def _add_child(
    ctx: WriteContext, key: str, doc: Resource, zaak: Record, resource: str, list_field: str | None
) -> None:
    store = ctx.reg.store
    uuid = uuid_of(doc["url"])
    store.add(
        key,
        doc,
        uuid=uuid,
        parent=zaak.uuid,
        scope_type=zaak.scope_type,
        vertrouwelijkheid=zaak.vertrouwelijkheid,
    )
    if list_field is not None:
        store.update("zaken", zaak.uuid, lambda z: z[list_field].append(doc["url"]))
    _touch(store, zaak.uuid, ctx)
    audit(ctx, "zaken.audittrail", KINDS_BY_KEY["zaken"].local_url(zaak.uuid), resource, doc, zaak)


def _touch(store: Store, zaak_uuid: str, ctx: WriteContext) -> None:
    stamp = ctx.now.isoformat().replace("+00:00", "Z")
    store.update("zaken", zaak_uuid, lambda z: z.__setitem__("laatstGemuteerd", stamp))


def check_zaak_fields(ctx: WriteContext) -> None:
    """Open Zaak's field validators of a zaak shared by create and update: the relevanteAndereZaken
    references, the RSINs' 11-test and the geometry."""
    body = ctx.body
    for index, relevant in enumerate(body.get("relevanteAndereZaken") or []):
        ctx.ref(f"relevanteAndereZaken.{index}.url", "zaken", value=relevant.get("url"))
    for name in ("bronorganisatie", "verantwoordelijkeOrganisatie"):
        if isinstance(body.get(name), str) and not passes_11_test(body[name]):
            ctx.problems.append(InvalidParam(name, "invalid", "Onjuist RSIN nummer"))
    geometry = body.get("zaakgeometrie")
    if geometry is not None and not (
        isinstance(geometry, dict) and "type" in geometry and "coordinates" in geometry
    ):
        ctx.problems.append(InvalidParam("zaakgeometrie", "invalid", "Ongeldige geometrie."))


def create_zaak(ctx: WriteContext) -> Resource:
    body = ctx.body
    zaaktype = ctx.ref("zaaktype", "zaaktypen")
    hoofdzaak = ctx.ref("hoofdzaak", "zaken")
    check_zaak_fields(ctx)
    ctx.raise_problems()
    assert zaaktype is not None
    _zaaktype_record, zaaktype_doc = zaaktype
    if zaaktype_doc.get("concept"):
        raise invalid_field("zaaktype", "not-published", "De resource is niet gepubliceerd.")
    vertrouwelijkheid = body.get("vertrouwelijkheidaanduiding") or zaaktype_doc["vertrouwelijkheidaanduiding"]
    client = ctx.client
    if not client.heeft_alle_autorisaties and (
        zaaktype_doc["url"] not in client.zaaktypen
        or VERTROUWELIJKHEID_RANK[vertrouwelijkheid] > client.max_vertrouwelijkheid
    ):
        raise forbidden()
    if hoofdzaak is not None:
        hoofd_doc = hoofdzaak[1]
        if hoofd_doc.get("hoofdzaak"):
            raise invalid_field(
                "hoofdzaak", "deelzaak-als-hoofdzaak", "Deelzaken van deelzaken wordt niet ondersteund."
            )
        hoofd_type = ctx.reg.store.find(hoofd_doc["zaaktype"])
        if hoofd_type is None or zaaktype_doc["url"] not in hoofd_type[1].decode().get("deelzaaktypen", []):
            raise invalid_field(
                "hoofdzaak",
                "invalid-deelzaaktype",
                "Zaaktype niet vastgelegd in deelzaaktypen van hoofdzaak.zaaktype",
            )
    store = ctx.reg.store
    identificatie = body.get("identificatie") or ""
    zaken = store["zaken"]
    if identificatie:
        for uuid in zaken.lookup("identificatie", identificatie):
            if zaken.records[uuid].decode()["bronorganisatie"] == body["bronorganisatie"]:
                raise invalid_field(
                    "identificatie", "identificatie-niet-uniek",
                    f"Deze identificatie ({identificatie}) bestaat al voor deze bronorganisatie",
                )  # fmt: skip
    else:
        number = len(zaken) + 1
        while not identificatie or any(True for _ in zaken.lookup("identificatie", identificatie)):
            identificatie = f"ZAAK-{body['startdatum'][:4]}-{number:010d}"
            number += 1
    uuid = ctx.new_uuid()
    doc = ctx.shaped(uuid)
    doc.update(
        identificatie=identificatie, vertrouwelijkheidaanduiding=vertrouwelijkheid,
        registratiedatum=body.get("registratiedatum") or date.today().isoformat(), einddatum=None,
        laatstGemuteerd=ctx.now.isoformat().replace("+00:00", "Z"), deelzaken=[], eigenschappen=[], rollen=[],
        status=None, zaakinformatieobjecten=[], zaakobjecten=[], resultaat=None,
        archiefstatus=body.get("archiefstatus") or "nog_te_archiveren", _expand={},
    )  # fmt: skip
    doc.setdefault("betalingsindicatieWeergave", "")
    # Open Zaak always serves these groups as objects (tests/captures/zaak.json), never null
    if doc.get("opschorting") is None:
        doc["opschorting"] = {"indicatie": False, "eerdereOpschorting": False, "reden": ""}
    if doc.get("processobject") is None:
        doc["processobject"] = {"datumkenmerk": "", "identificatie": "", "objecttype": "", "registratie": ""}
    record = store.add(
        "zaken",
        doc,
        uuid=uuid,
        scope_type=zaaktype_doc["url"],
        vertrouwelijkheid=VERTROUWELIJKHEID_RANK[vertrouwelijkheid],
    )
    if hoofdzaak is not None:
        store.update("zaken", hoofdzaak[0].uuid, lambda z: z["deelzaken"].append(doc["url"]))
    audit(ctx, "zaken.audittrail", doc["url"], "zaak", doc, record)
    return doc


def zaak_and_type(ctx: WriteContext, type_field: str, type_key: str) -> tuple[Record, Resource, Resource]:
    zaak = _zaak_ref(ctx)
    typed = ctx.ref(type_field, type_key)
    ctx.raise_problems()
    assert zaak is not None and typed is not None
    require_visible(ctx.client, Api.ZAKEN, zaak[0])
    if typed[1].get("zaaktype") != zaak[1]["zaaktype"]:
        raise invalid(InvalidParam(*_MISMATCH))
    return zaak[0], zaak[1], typed[1]


def create_status(ctx: WriteContext) -> Resource:
    zaak, zaak_doc, statustype = zaak_and_type(ctx, "statustype", "statustypen")
    ctx.ref("gezetdoor", "rollen")
    ctx.raise_problems()
    gezet = ctx.body["datumStatusGezet"]
    moment = datetime.fromisoformat(gezet.replace("Z", "+00:00")) if "T" in gezet else None
    if moment is not None and moment.tzinfo is not None and moment > ctx.now:
        raise invalid_field("datumStatusGezet", "date-in-future", "Deze datum mag niet in de toekomst zijn")
    store = ctx.reg.store
    if statustype.get("isEindstatus"):
        if not zaak_doc.get("resultaat"):
            raise invalid_field("nonFieldErrors", "resultaat-does-not-exist", "Zaak has no resultaat.")
        for deelzaak in zaak_doc.get("deelzaken", []):
            found = store.find(deelzaak)
            if found is not None and found[1].decode().get("einddatum") is None:
                raise invalid_field(
                    "nonFieldErrors", "deelzaken-not-closed",
                    "Er zijn gerelateerde deelzaken die nog niet afgesloten zijn. Deze deelzaken moeten eerst "
                    "afgesloten worden voordat de zaak afgesloten kan worden.",
                )  # fmt: skip
    uuid = ctx.new_uuid()
    doc = ctx.shaped(uuid)
    doc.update(indicatieLaatstGezetteStatus=True, zaakinformatieobjecten=[])
    if "T" not in gezet:
        doc["datumStatusGezet"] = gezet + "T00:00:00Z"
    statussen = store["statussen"]
    siblings = [(uuid_, statussen.records[uuid_].decode()) for uuid_ in list(statussen.children(zaak.uuid))]
    # zaak.status is the status with the newest datumStatusGezet, not simply the last one posted
    newest = all(
        _moment(other["datumStatusGezet"]) <= _moment(doc["datumStatusGezet"]) for _, other in siblings
    )
    doc["indicatieLaatstGezetteStatus"] = newest
    _add_child(ctx, "statussen", doc, zaak, "status", None)
    if not newest:
        return doc
    for other_uuid, other in siblings:
        if other.get("indicatieLaatstGezetteStatus"):
            store.update(
                "statussen", other_uuid, lambda s: s.__setitem__("indicatieLaatstGezetteStatus", False)
            )
    einddatum = doc["datumStatusGezet"][:10] if statustype.get("isEindstatus") else None

    def apply(z: Resource) -> None:
        z["status"] = doc["url"]
        z["einddatum"] = einddatum
        if einddatum:
            z["startdatumBewaartermijn"] = einddatum

    store.update("zaken", zaak.uuid, apply)
    return doc


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def create_resultaat(ctx: WriteContext) -> Resource:
    zaak, zaak_doc, resultaattype = zaak_and_type(ctx, "resultaattype", "resultaattypen")
    if zaak_doc.get("resultaat"):
        raise invalid_field("zaak", "unique", "Er bestaat al een resultaat met eenzelfde zaak.")
    doc = ctx.shaped(ctx.new_uuid())
    _add_child(ctx, "resultaten", doc, zaak, "resultaat", None)
    nominatie = resultaattype.get("archiefnominatie") or None
    ctx.reg.store.update(
        "zaken", zaak.uuid, lambda z: z.update(resultaat=doc["url"], archiefnominatie=nominatie)
    )
    return doc


def check_rol(ctx: WriteContext, own_uuid: str | None = None) -> tuple[Record, Resource]:
    """Open Zaak's rol validators (create and update): a betrokkene, a valid BSN, the roltype of the zaak's
    zaaktype and at most one initiator (not counting the rol being updated). The zaak record and the roltype."""
    body = ctx.body
    ident = body.get("betrokkeneIdentificatie")
    if not body.get("betrokkene") and not ident:
        raise invalid_field(
            "nonFieldErrors", "invalid-betrokkene", "betrokkene or betrokkeneIdentificatie must be provided"
        )
    bsn = ident.get("inpBsn") if isinstance(ident, dict) else None
    if body.get("betrokkeneType") == "natuurlijk_persoon" and bsn and not passes_11_test(bsn):
        raise invalid_field("betrokkeneIdentificatie.inpBsn", "invalid", "Onjuist BSN nummer")
    zaak, _, roltype = zaak_and_type(ctx, "roltype", "roltypen")
    if roltype.get("omschrijvingGeneriek") == "initiator":
        rollen = ctx.reg.store["rollen"]
        for other in rollen.children(zaak.uuid):
            if (
                other != own_uuid
                and rollen.records[other].decode().get("omschrijvingGeneriek") == "initiator"
            ):
                raise invalid_field("roltype", "max-occurences", "De waarde `initiator` komt al 1 keer voor")
    return zaak, roltype


def create_rol(ctx: WriteContext) -> Resource:
    zaak, roltype = check_rol(ctx)
    doc = ctx.shaped(ctx.new_uuid())
    doc.update(
        omschrijving=roltype["omschrijving"], omschrijvingGeneriek=roltype["omschrijvingGeneriek"], statussen=[],
        registratiedatum=ctx.now.isoformat().replace("+00:00", "Z"),
    )  # fmt: skip
    _add_child(ctx, "rollen", doc, zaak, "rol", "rollen")
    return doc


def create_zaakobject(ctx: WriteContext) -> Resource:
    zaak = _zaak_ref(ctx)
    ctx.raise_problems()
    assert zaak is not None
    require_visible(ctx.client, Api.ZAKEN, zaak[0])
    doc = ctx.shaped(ctx.new_uuid())
    _add_child(ctx, "zaakobjecten", doc, zaak[0], "zaakobject", "zaakobjecten")
    return doc


def check_zaakinformatieobject(
    ctx: WriteContext, own_uuid: str | None = None
) -> tuple[Record, Resource, Resource]:
    """Open Zaak's zaakinformatieobject validators (create and update): the zaak and document exist, the pair is
    unique (not counting the relation being updated) and the informatieobjecttype belongs to the zaaktype.
    The zaak record, the zaak and the document."""
    zaak = _zaak_ref(ctx)
    eio = ctx.ref("informatieobject", "enkelvoudiginformatieobjecten")
    ctx.raise_problems()
    assert zaak is not None and eio is not None
    zaak_record, zaak_doc = zaak
    require_visible(ctx.client, Api.ZAKEN, zaak_record)
    store = ctx.reg.store
    zios = store["zaakinformatieobjecten"]
    if any(
        u != own_uuid and zios.records[u].decode()["zaak"] == zaak_doc["url"]
        for u in zios.lookup("informatieobject", eio[1]["url"])
    ):
        raise invalid_field(
            "nonFieldErrors", "unique", "De velden zaak, informatieobject moeten een unieke set zijn."
        )
    zaaktype = store.find(zaak_doc["zaaktype"])
    if zaaktype is None or eio[1]["informatieobjecttype"] not in zaaktype[1].decode().get(
        "informatieobjecttypen", []
    ):
        raise invalid_field(
            "nonFieldErrors", "missing-zaaktype-informatieobjecttype-relation",
            "Het informatieobjecttype hoort niet bij het zaaktype van de zaak.",
        )  # fmt: skip
    return zaak_record, zaak_doc, eio[1]


def create_zaakinformatieobject(ctx: WriteContext) -> Resource:
    zaak_record, zaak_doc, eio_doc = check_zaakinformatieobject(ctx)
    store = ctx.reg.store
    doc = ctx.shaped(ctx.new_uuid())
    doc.update(
        aardRelatieWeergave="Hoort bij, omgekeerd: kent",
        registratiedatum=ctx.now.isoformat().replace("+00:00", "Z"),
    )
    if not doc.get("titel"):
        doc["titel"] = eio_doc.get("titel", "")
    _add_child(
        ctx, "zaakinformatieobjecten", doc, zaak_record, "zaakinformatieobject", "zaakinformatieobjecten"
    )
    mirror = {"url": KINDS_BY_KEY["objectinformatieobjecten"].local_url(oio_uuid := ctx.new_uuid()),
              "informatieobject": eio_doc["url"], "object": zaak_doc["url"], "objectType": "zaak"}  # fmt: skip
    documents.store_child(store, "objectinformatieobjecten", mirror, oio_uuid)
    return doc


def create_zaakeigenschap(ctx: WriteContext) -> Resource:
    zaak, _, eigenschap = zaak_and_type(ctx, "eigenschap", "eigenschappen")
    doc = ctx.shaped(ctx.new_uuid())
    doc["naam"] = eigenschap["naam"]
    _add_child(ctx, "zaakeigenschappen", doc, zaak, "zaakeigenschap", "eigenschappen")
    return doc


def create_zaakbesluit(ctx: WriteContext) -> Resource:
    zaak = _zaak_ref(ctx)
    ctx.ref("besluit", "besluiten")
    ctx.raise_problems()
    assert zaak is not None
    require_visible(ctx.client, Api.ZAKEN, zaak[0])
    doc = ctx.shaped(ctx.new_uuid())
    doc.pop("zaak", None)
    _add_child(ctx, "zaakbesluiten", doc, zaak[0], "zaakbesluit", None)
    return doc


def create_klantcontact(ctx: WriteContext) -> Resource:
    zaak = _zaak_ref(ctx)
    ctx.raise_problems()
    assert zaak is not None
    require_visible(ctx.client, Api.ZAKEN, zaak[0])
    doc = ctx.shaped(ctx.new_uuid())
    if not doc.get("identificatie"):
        doc["identificatie"] = f"KC{len(ctx.reg.store['klantcontacten']) + 1:012d}"
    _add_child(ctx, "klantcontacten", doc, zaak[0], "klantcontact", None)
    return doc


def zaakbesluit_for(ctx: WriteContext, zaak_url: str, besluit_url: str) -> None:
    """brc-006: a besluit with a zaak gets its /zaken/{uuid}/besluiten entry."""
    store = ctx.reg.store
    found = store.find(zaak_url)
    if found is None:
        return
    zaak = found[1]
    uuid = ctx.new_uuid()
    doc: dict[str, Any] = {"url": KINDS_BY_KEY["zaakbesluiten"].local_url(uuid, zaak.uuid), "uuid": uuid,
                           "besluit": besluit_url}  # fmt: skip
    store.add("zaakbesluiten", doc, uuid=uuid, parent=zaak.uuid, scope_type=zaak.scope_type,
              vertrouwelijkheid=zaak.vertrouwelijkheid)  # fmt: skip


CREATORS = {
    "zaken": create_zaak,
    "statussen": create_status,
    "resultaten": create_resultaat,
    "rollen": create_rol,
    "zaakobjecten": create_zaakobject,
    "zaakinformatieobjecten": create_zaakinformatieobject,
    "zaakeigenschappen": create_zaakeigenschap,
    "zaakbesluiten": create_zaakbesluit,
    "klantcontacten": create_klantcontact,
}
