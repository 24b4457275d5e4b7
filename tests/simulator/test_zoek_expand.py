from __future__ import annotations

import httpx

from simulator.testing import RunningSimulator


def test_zoek_uuid_in_paged_with_post_next(sim: RunningSimulator) -> None:
    zaken = sim.get("zaken/api/v1/zaken")["results"]
    uuids = [z["uuid"] for z in zaken[:12]]
    body = {"uuid__in": uuids}
    first = httpx.post(
        sim.url("zaken/api/v1/zaken/_zoek?pageSize=5"), headers=sim.headers(), json=body
    ).json()
    assert first["count"] == 12
    assert first["next"] == sim.base_url + "zaken/api/v1/zaken/_zoek?page=2&pageSize=5"
    seen = [z["uuid"] for z in first["results"]]
    url = first["next"]
    while url:
        page = httpx.post(url, headers=sim.headers(), json=body).json()
        seen += [z["uuid"] for z in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(uuids)


def test_zoek_errors_and_besluiten_405(sim: RunningSimulator) -> None:
    empty = httpx.post(sim.url("zaken/api/v1/zaken/_zoek"), headers=sim.headers(), json={})
    assert empty.status_code == 400
    assert empty.json()["invalidParams"][0]["code"] == "empty_search_body"
    bad = httpx.post(sim.url("zaken/api/v1/zaken/_zoek"), headers=sim.headers(), json={"uuid__in": ["abc"]})
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["name"] == "uuid__in."
    besluiten = httpx.post(
        sim.url("besluiten/api/v1/besluiten/_zoek"), headers=sim.headers(), json={"zaak": "x"}
    )
    assert besluiten.status_code == 405


def test_zoek_zaaktype_in_and_expand_in_body(sim: RunningSimulator) -> None:
    zaaktypen = sim.get("catalogi/api/v1/zaaktypen")["results"]
    wanted = [z["url"] for z in zaaktypen if z["identificatie"] in ("MOR", "PARK-VERG")]
    response = httpx.post(
        sim.url("zaken/api/v1/zaken/_zoek"),
        headers=sim.headers(),
        json={"zaaktype__in": wanted, "expand": ["zaaktype"]},
    ).json()
    assert response["count"] > 0
    for zaak in response["results"]:
        assert zaak["zaaktype"] in wanted
        assert zaak["_expand"]["zaaktype"]["url"] == zaak["zaaktype"]


def test_documents_zoek(sim: RunningSimulator) -> None:
    eios = sim.get("documenten/api/v1/enkelvoudiginformatieobjecten", pageSize=3)["results"]
    uuids = [e["url"].rsplit("/", 1)[1] for e in eios]
    response = httpx.post(
        sim.url("documenten/api/v1/enkelvoudiginformatieobjecten/_zoek"),
        headers=sim.headers(),
        json={"uuid__in": uuids, "expand": "informatieobjecttype"},
    ).json()
    assert sorted(e["url"] for e in response["results"]) == sorted(e["url"] for e in eios)
    assert all(
        e["_expand"]["informatieobjecttype"]["url"] == e["informatieobjecttype"] for e in response["results"]
    )


def test_expand_on_detail_and_list(sim: RunningSimulator) -> None:
    zaak = sim.get("zaken/api/v1/zaken")["results"][0]
    assert zaak["_expand"] == {}
    expanded = sim.get(zaak["url"], expand="status,status.statustype,rollen,rollen.roltype,zaaktype")
    assert expanded["_expand"]["status"]["url"] == zaak["status"]
    assert (
        expanded["_expand"]["status"]["_expand"]["statustype"]["url"]
        == expanded["_expand"]["status"]["statustype"]
    )
    assert sorted(r["url"] for r in expanded["_expand"]["rollen"]) == sorted(zaak["rollen"])
    assert "_expand" not in expanded["_expand"]["zaaktype"]
    listed = sim.get("zaken/api/v1/zaken", expand="zaaktype", pageSize=3)["results"]
    assert all(z["_expand"]["zaaktype"]["url"] == z["zaaktype"] for z in listed)


def test_invalid_expands(sim: RunningSimulator) -> None:
    zaak = sim.get("zaken/api/v1/zaken")["results"][0]
    for value in ("foo", "status.statustype"):  # unknown, and a nested path without its parent
        response = httpx.get(zaak["url"], headers=sim.headers(), params={"expand": value})
        assert response.status_code == 400
        assert response.json()["invalidParams"][0]["code"] == "invalid_choice"
    buggy = httpx.get(
        zaak["url"], headers=sim.headers(), params={"expand": "eigenschappen,eigenschappen.eigenschap"}
    )
    assert buggy.status_code == 500
    besluit = sim.get("besluiten/api/v1/besluiten")["results"][0]
    assert httpx.get(besluit["url"], headers=sim.headers(), params={"expand": "zaak"}).status_code == 400


def test_document_download(sim: RunningSimulator) -> None:
    eio = sim.get("documenten/api/v1/enkelvoudiginformatieobjecten")["results"][0]
    content = httpx.get(eio["inhoud"], headers={"Authorization": f"Bearer {sim.token()}"})
    assert content.status_code == 200
    assert content.headers["content-type"] == "application/octet-stream"
    assert len(content.content) == eio["bestandsomvang"]
    as_json = httpx.get(
        eio["inhoud"], headers={"Authorization": f"Bearer {sim.token()}", "Accept": "application/json"}
    )
    assert as_json.status_code == 406
