from __future__ import annotations

import base64
from typing import Any

import httpx

from simulator.testing import RunningSimulator

RSIN = "002220647"


def _post(sim: RunningSimulator, path: str, body: Any) -> httpx.Response:
    return httpx.post(sim.url(path), headers=sim.headers(), json=body)


def _params(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    return [(p["name"], p["code"]) for p in response.json()["invalidParams"]]


def _zaaktype(sim: RunningSimulator, identificatie: str) -> dict[str, Any]:
    result: dict[str, Any] = sim.get("catalogi/api/v1/zaaktypen", identificatie=identificatie)["results"][0]
    return result


def _new_zaak(sim: RunningSimulator, zaaktype: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zaaktype["url"],
            "startdatum": "2026-01-05", **extra}  # fmt: skip
    response = _post(sim, "zaken/api/v1/zaken", body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_zaak_validation_like_open_zaak(fresh: RunningSimulator) -> None:
    zaaktype = _zaaktype(fresh, "MOR")
    base = {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zaaktype["url"],
            "startdatum": "2026-01-05"}  # fmt: skip
    assert _params(_post(fresh, "zaken/api/v1/zaken", {})) == [
        ("bronorganisatie", "required"), ("zaaktype", "required"), ("verantwoordelijkeOrganisatie", "required"),
        ("startdatum", "required"),
    ]  # fmt: skip
    port = fresh.base_url.rstrip("/").rsplit(":", 1)[1]
    unknown = fresh.base_url + "catalogi/api/v1/zaaktypen/00000000-0000-4000-8000-000000000000"
    cases = [
        ({"zaaktype": "/catalogi/api/v1/zaaktypen/x"}, ("zaaktype", "bad-url")),
        ({"zaaktype": zaaktype["url"].replace("127.0.0.1", "localhost")}, ("zaaktype", "unknown-service")),
        ({"zaaktype": unknown}, ("zaaktype", "does_not_exist")),
        ({"bronorganisatie": "123456789"}, ("bronorganisatie", "invalid")),
        ({"startdatum": "2026-01-05T10:00:00Z"}, ("startdatum", "invalid")),
        ({"vertrouwelijkheidaanduiding": "supergeheim"}, ("vertrouwelijkheidaanduiding", "invalid_choice")),
    ]
    assert f"localhost:{port}" in cases[1][0]["zaaktype"]
    before = fresh.summary()["counts"]
    for change, expected in cases:
        assert _params(_post(fresh, "zaken/api/v1/zaken", {**base, **change})) == [expected], change
    assert fresh.summary()["counts"] == before  # rejected requests change nothing


def test_zaak_create_then_status_rol_resultaat_maintain_the_zaak(fresh: RunningSimulator) -> None:
    zaaktype = _zaaktype(fresh, "MOR")
    zaak = _new_zaak(fresh, zaaktype)
    assert zaak["identificatie"].startswith("ZAAK-2026-")
    assert zaak["vertrouwelijkheidaanduiding"] == zaaktype["vertrouwelijkheidaanduiding"]
    assert zaak["_expand"] == {} and zaak["status"] is None and zaak["rollen"] == []
    statustypen = sorted((fresh.get(u) for u in zaaktype["statustypen"]), key=lambda s: s["volgnummer"])
    first = _post(fresh, "zaken/api/v1/statussen", {"zaak": zaak["url"], "statustype": statustypen[0]["url"],
                                                    "datumStatusGezet": "2026-01-05T10:00:00Z"})  # fmt: skip
    assert first.status_code == 201, first.text
    assert fresh.get(zaak["url"])["status"] == first.json()["url"]
    # closing needs a resultaat first
    eind = {
        "zaak": zaak["url"],
        "statustype": statustypen[-1]["url"],
        "datumStatusGezet": "2026-01-09T10:00:00Z",
    }
    assert _params(_post(fresh, "zaken/api/v1/statussen", eind)) == [
        ("nonFieldErrors", "resultaat-does-not-exist")
    ]
    resultaattype = zaaktype["resultaattypen"][0]
    resultaat = _post(fresh, "zaken/api/v1/resultaten", {"zaak": zaak["url"], "resultaattype": resultaattype})
    assert resultaat.status_code == 201
    again = _post(fresh, "zaken/api/v1/resultaten", {"zaak": zaak["url"], "resultaattype": resultaattype})
    assert _params(again) == [("zaak", "unique")]
    closed = _post(fresh, "zaken/api/v1/statussen", eind)
    assert closed.status_code == 201
    now = fresh.get(zaak["url"])
    assert now["status"] == closed.json()["url"]
    assert now["resultaat"] == resultaat.json()["url"]
    assert now["einddatum"] == "2026-01-09"
    statussen = fresh.get("zaken/api/v1/statussen", zaak=zaak["url"])["results"]
    assert [s["indicatieLaatstGezetteStatus"] for s in statussen] == [False, True]
    other_type = _zaaktype(fresh, "PARK-VERG")
    mismatch = _post(fresh, "zaken/api/v1/statussen", {**eind, "statustype": other_type["statustypen"][0]})
    assert _params(mismatch) == [("nonFieldErrors", "zaaktype-mismatch")]


def test_rollen_rules_and_bsn_filter(fresh: RunningSimulator) -> None:
    zaaktype = _zaaktype(fresh, "MOR")
    zaak = _new_zaak(fresh, zaaktype)
    roltypen = {r["omschrijvingGeneriek"]: r for r in (fresh.get(u) for u in zaaktype["roltypen"])}
    rol = {"zaak": zaak["url"], "roltype": roltypen["initiator"]["url"], "betrokkeneType": "natuurlijk_persoon",
           "roltoelichting": "aanvrager"}  # fmt: skip
    assert _params(_post(fresh, "zaken/api/v1/rollen", rol)) == [("nonFieldErrors", "invalid-betrokkene")]
    bad_bsn = {**rol, "betrokkeneIdentificatie": {"inpBsn": "123456789"}}
    assert _params(_post(fresh, "zaken/api/v1/rollen", bad_bsn)) == [
        ("betrokkeneIdentificatie.inpBsn", "invalid")
    ]
    assert _params(_post(fresh, "zaken/api/v1/rollen", {**rol, "betrokkeneType": "persoon"})) == [
        ("betrokkeneType", "invalid_choice")
    ]
    bsn = "111222333"
    created = _post(fresh, "zaken/api/v1/rollen", {**rol, "betrokkeneIdentificatie": {"inpBsn": bsn}})
    assert created.status_code == 201, created.text
    assert created.json()["omschrijvingGeneriek"] == "initiator"
    second = _post(fresh, "zaken/api/v1/rollen", {**rol, "betrokkeneIdentificatie": {"inpBsn": "999993653"}})
    assert _params(second) == [("roltype", "max-occurences")]
    assert fresh.get(zaak["url"])["rollen"] == [created.json()["url"]]
    found = fresh.get("zaken/api/v1/zaken", rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=bsn)
    assert [z["url"] for z in found["results"]] == [zaak["url"]]


def test_document_zio_mirror_and_download(fresh: RunningSimulator) -> None:
    zaaktype = _zaaktype(fresh, "MOR")
    zaak = _new_zaak(fresh, zaaktype)
    iot = zaaktype["informatieobjecttypen"][0]
    body = {"bronorganisatie": RSIN, "creatiedatum": "2026-01-05", "titel": "Foto melding", "auteur": "Burger",
            "taal": "nld", "informatieobjecttype": iot, "inhoud": base64.b64encode(b"JPEG?").decode(),
            "bestandsnaam": "foto.jpg"}  # fmt: skip
    assert _params(
        _post(fresh, "documenten/api/v1/enkelvoudiginformatieobjecten", {**body, "taal": "nl"})
    ) == [("taal", "min_length")]
    assert _params(
        _post(fresh, "documenten/api/v1/enkelvoudiginformatieobjecten", {**body, "inhoud": "@@@"})
    ) == [("inhoud", "invalid-base64")]
    created = _post(fresh, "documenten/api/v1/enkelvoudiginformatieobjecten", body)
    assert created.status_code == 201, created.text
    eio = created.json()
    assert eio["bestandsomvang"] == 5
    download = httpx.get(eio["inhoud"], headers={"Authorization": f"Bearer {fresh.token()}"})
    assert download.content == b"JPEG?"
    zio = _post(
        fresh, "zaken/api/v1/zaakinformatieobjecten", {"zaak": zaak["url"], "informatieobject": eio["url"]}
    )
    assert zio.status_code == 201, zio.text
    duplicate = _post(
        fresh, "zaken/api/v1/zaakinformatieobjecten", {"zaak": zaak["url"], "informatieobject": eio["url"]}
    )
    assert _params(duplicate) == [("nonFieldErrors", "unique")]
    mirrors = fresh.get("documenten/api/v1/objectinformatieobjecten", informatieobject=eio["url"])
    assert [(m["object"], m["objectType"]) for m in mirrors] == [(zaak["url"], "zaak")]
    assert fresh.get(zaak["url"])["zaakinformatieobjecten"] == [zio.json()["url"]]
    other_iot = next(
        u
        for u in _zaaktype(fresh, "OMG-VERG")["informatieobjecttypen"]
        if u not in zaaktype["informatieobjecttypen"]
    )
    other_doc = _post(
        fresh, "documenten/api/v1/enkelvoudiginformatieobjecten", {**body, "informatieobjecttype": other_iot}
    ).json()
    wrong = _post(
        fresh,
        "zaken/api/v1/zaakinformatieobjecten",
        {"zaak": zaak["url"], "informatieobject": other_doc["url"]},
    )
    assert _params(wrong) == [("nonFieldErrors", "missing-zaaktype-informatieobjecttype-relation")]


def test_besluit_creates_zaakbesluit_and_bio_mirror(fresh: RunningSimulator) -> None:
    zaaktype = _zaaktype(fresh, "PARK-VERG")
    zaak = _new_zaak(fresh, zaaktype)
    besluittype = fresh.get(zaaktype["besluittypen"][0])
    body = {"verantwoordelijkeOrganisatie": RSIN, "besluittype": besluittype["url"], "zaak": zaak["url"],
            "datum": "2026-01-06", "ingangsdatum": "2026-01-06"}  # fmt: skip
    future = _post(fresh, "besluiten/api/v1/besluiten", {**body, "datum": "2099-01-01"})
    assert _params(future) == [("datum", "future_not_allowed")]
    mor = _new_zaak(fresh, _zaaktype(fresh, "MOR"))
    mismatch = _post(fresh, "besluiten/api/v1/besluiten", {**body, "zaak": mor["url"]})
    assert _params(mismatch) == [("nonFieldErrors", "zaaktype-mismatch")]
    besluit = _post(fresh, "besluiten/api/v1/besluiten", body)
    assert besluit.status_code == 201, besluit.text
    zaakbesluiten = fresh.get(f"zaken/api/v1/zaken/{zaak['uuid']}/besluiten")
    assert [zb["besluit"] for zb in zaakbesluiten] == [besluit.json()["url"]]
    assert [b["url"] for b in fresh.get("besluiten/api/v1/besluiten", zaak=zaak["url"])["results"]] == [
        besluit.json()["url"]
    ]
    iot = besluittype["informatieobjecttypen"][0]
    doc = _post(fresh, "documenten/api/v1/enkelvoudiginformatieobjecten", {
        "bronorganisatie": RSIN, "creatiedatum": "2026-01-06", "titel": "Besluit", "auteur": "Gemeente",
        "taal": "nld", "informatieobjecttype": iot,
    }).json()  # fmt: skip
    bio = _post(
        fresh,
        "besluiten/api/v1/besluitinformatieobjecten",
        {"besluit": besluit.json()["url"], "informatieobject": doc["url"]},
    )
    assert bio.status_code == 201, bio.text
    mirrors = fresh.get("documenten/api/v1/objectinformatieobjecten", object=besluit.json()["url"])
    assert [m["informatieobject"] for m in mirrors] == [doc["url"]]
    audit = fresh.get(besluit.json()["url"] + "/audittrail")
    assert [a["resource"] for a in audit] == ["besluit", "besluitinformatieobject"]


def test_deelzaak_rules(fresh: RunningSimulator) -> None:
    omg = _zaaktype(fresh, "OMG-VERG")
    advies = _zaaktype(fresh, "ADV-EXT")
    hoofd = _new_zaak(fresh, omg)
    deel = _new_zaak(fresh, advies, hoofdzaak=hoofd["url"])
    assert fresh.get(hoofd["url"])["deelzaken"] == [deel["url"]]
    body = {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "startdatum": "2026-01-05"}
    wrong_type = _post(
        fresh,
        "zaken/api/v1/zaken",
        {**body, "zaaktype": _zaaktype(fresh, "MOR")["url"], "hoofdzaak": hoofd["url"]},
    )
    assert _params(wrong_type) == [("hoofdzaak", "invalid-deelzaaktype")]
    nested = _post(fresh, "zaken/api/v1/zaken", {**body, "zaaktype": advies["url"], "hoofdzaak": deel["url"]})
    assert _params(nested) == [("hoofdzaak", "deelzaak-als-hoofdzaak")]


def test_create_needs_content_crs_and_scope(fresh: RunningSimulator) -> None:
    headers = {"Authorization": f"Bearer {fresh.token()}", "Accept-Crs": "EPSG:4326"}
    response = httpx.post(fresh.url("zaken/api/v1/zaken"), headers=headers, json={})
    assert response.status_code == 412
    fresh.add_client("reader", "reader-secret", scopes=["zaken.lezen"])
    reader = fresh.request(
        "POST",
        "zaken/api/v1/zaken",
        json={},
        headers={"Authorization": f"Bearer {fresh.token('reader', 'reader-secret')}"},
    )
    assert reader.status_code == 403


def test_zaak_status_is_the_newest_not_the_last_posted(fresh: RunningSimulator) -> None:
    zaaktype = _zaaktype(fresh, "OMG-VERG")
    zaak = _new_zaak(fresh, zaaktype)
    statustypen = sorted((fresh.get(u) for u in zaaktype["statustypen"]), key=lambda s: s["volgnummer"])
    later = _post(fresh, "zaken/api/v1/statussen", {"zaak": zaak["url"], "statustype": statustypen[1]["url"],
                                                    "datumStatusGezet": "2026-01-08T10:00:00Z"}).json()  # fmt: skip
    earlier = _post(fresh, "zaken/api/v1/statussen", {"zaak": zaak["url"], "statustype": statustypen[0]["url"],
                                                      "datumStatusGezet": "2026-01-05T10:00:00Z"}).json()  # fmt: skip
    assert fresh.get(zaak["url"])["status"] == later["url"]
    assert later["indicatieLaatstGezetteStatus"] is True
    assert earlier["indicatieLaatstGezetteStatus"] is False
