"""Shape and storage of enkelvoudiginformatieobjecten and their children (content kept for /download)."""

from __future__ import annotations

from typing import Any

from simulator.kinds import KINDS_BY_KEY, VERTROUWELIJKHEID_RANK, uuid_of
from simulator.store import Store


def new_document(
    *,
    uuid: str,
    identificatie: str,
    bronorganisatie: str,
    creatiedatum: str,
    titel: str,
    vertrouwelijkheid: str,
    auteur: str,
    iot: str,
    beschrijving: str,
    registratie: str,
    trefwoorden: list[str],
    size: int = 0,
    formaat: str = "text/plain",
    taal: str = "nld",
    status: str = "definitief",
    bestandsnaam: str | None = None,
) -> dict[str, Any]:
    url = KINDS_BY_KEY["enkelvoudiginformatieobjecten"].local_url(uuid)
    return {
        "url": url, "identificatie": identificatie, "bronorganisatie": bronorganisatie,
        "creatiedatum": creatiedatum, "titel": titel, "vertrouwelijkheidaanduiding": vertrouwelijkheid,
        "auteur": auteur, "status": status, "formaat": formaat, "taal": taal, "versie": 1,
        "beginRegistratie": registratie,
        "bestandsnaam": bestandsnaam if bestandsnaam is not None else titel.lower().replace(" ", "_") + ".txt",
        "inhoud": f"{url}/download?versie=1", "bestandsomvang": size, "link": "", "beschrijving": beschrijving,
        "ontvangstdatum": None, "verzenddatum": None, "indicatieGebruiksrecht": False, "verschijningsvorm": "",
        "ondertekening": None, "integriteit": None, "informatieobjecttype": iot, "locked": False,
        "bestandsdelen": [], "trefwoorden": trefwoorden, "_expand": {},
    }  # fmt: skip


def sample_content(doc: dict[str, Any]) -> bytes:
    """Seeded documents' bytes, derived from the document (not stored: saves memory at 100k zaken)."""
    return (
        f"{doc['titel']}\n\n{doc['beschrijving']}.\nGemeente Demo, afdeling Dienstverlening.\n"
        "Dit is een gegenereerd testdocument zonder echte persoonsgegevens.\n"
    ).encode()


def content_of(store: Store, uuid: str) -> bytes | None:
    stored = store.contents.get(uuid)
    if stored is not None:
        return stored
    record = store["enkelvoudiginformatieobjecten"].get(uuid)
    if record is None:
        return None
    doc = record.decode()
    if doc.get("inhoud") is None:
        return None
    return sample_content(doc)


def store_document(store: Store, doc: dict[str, Any], content: bytes | None, *, keep: bool = True) -> None:
    """keep=False: the content is sample_content(doc) and is rebuilt on download."""
    uuid = uuid_of(doc["url"])
    if content is not None:
        doc["bestandsomvang"] = len(content)
        if keep:
            store.contents[uuid] = content
    else:
        doc["bestandsomvang"] = None
        doc["inhoud"] = None
    store.add(
        "enkelvoudiginformatieobjecten", doc, uuid=uuid, scope_type=doc["informatieobjecttype"],
        vertrouwelijkheid=VERTROUWELIJKHEID_RANK[doc["vertrouwelijkheidaanduiding"]],
    )  # fmt: skip


def store_child(store: Store, key: str, doc: dict[str, Any], uuid: str) -> None:
    """An objectinformatieobject or gebruiksrecht: visible exactly when its document is."""
    eio_uuid = uuid_of(doc["informatieobject"])
    eio = store["enkelvoudiginformatieobjecten"].get(eio_uuid)
    scope, rank = (eio.scope_type, eio.vertrouwelijkheid) if eio else ("", 0)
    store.add(key, doc, uuid=uuid, parent=eio_uuid, scope_type=scope, vertrouwelijkheid=rank)
