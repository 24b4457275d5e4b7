from __future__ import annotations

import httpx

from simulator.testing import RunningSimulator


def _get(sim: RunningSimulator, path: str, **params: str) -> httpx.Response:
    return httpx.get(sim.url(path), headers=sim.headers(), params=params or None)


def test_paging_with_page_size_and_next_links(sim: RunningSimulator) -> None:
    first = _get(sim, "zaken/api/v1/zaken", pageSize="7").json()
    assert first["count"] == 50
    assert len(first["results"]) == 7
    assert first["previous"] is None
    assert first["next"] == sim.base_url + "zaken/api/v1/zaken?page=2&pageSize=7"
    second = httpx.get(first["next"], headers=sim.headers()).json()
    assert second["previous"] == sim.base_url + "zaken/api/v1/zaken?pageSize=7"
    assert {z["url"] for z in first["results"]}.isdisjoint({z["url"] for z in second["results"]})
    last = _get(sim, "zaken/api/v1/zaken", pageSize="7", page="8").json()
    assert len(last["results"]) == 1 and last["next"] is None
    beyond = _get(sim, "zaken/api/v1/zaken", pageSize="7", page="9")
    assert beyond.status_code == 404
    assert beyond.json()["detail"] == "Ongeldige pagina."


def test_default_page_is_100_and_max_500(sim: RunningSimulator) -> None:
    statussen = _get(sim, "zaken/api/v1/statussen").json()
    assert statussen["count"] > 100
    assert len(statussen["results"]) == 100
    big = _get(sim, "zaken/api/v1/statussen", pageSize="1000").json()
    assert len(big["results"]) == min(500, statussen["count"])


def test_plain_array_lists(sim: RunningSimulator) -> None:
    zaak = sim.get("zaken/api/v1/zaken")["results"][0]
    for path, params in [
        ("zaken/api/v1/zaakinformatieobjecten", {"zaak": zaak["url"]}),
        (f"zaken/api/v1/zaken/{zaak['uuid']}/zaakeigenschappen", {}),
        (f"zaken/api/v1/zaken/{zaak['uuid']}/besluiten", {}),
        (f"zaken/api/v1/zaken/{zaak['uuid']}/audittrail", {}),
        ("documenten/api/v1/objectinformatieobjecten", {"object": zaak["url"]}),
        ("documenten/api/v1/gebruiksrechten", {}),
        ("besluiten/api/v1/besluitinformatieobjecten", {}),
    ]:
        body = _get(sim, path, **params).json()
        assert isinstance(body, list), path
    zios = _get(sim, "zaken/api/v1/zaakinformatieobjecten", zaak=zaak["url"]).json()
    assert sorted(z["url"] for z in zios) == sorted(zaak["zaakinformatieobjecten"])
    eigenschappen = _get(sim, f"zaken/api/v1/zaken/{zaak['uuid']}/zaakeigenschappen").json()
    assert sorted(e["url"] for e in eigenschappen) == sorted(zaak["eigenschappen"])


def test_children_by_zaak_match_the_zaak_lists(sim: RunningSimulator) -> None:
    for zaak in sim.get("zaken/api/v1/zaken", pageSize=5)["results"]:
        rollen = sim.get("zaken/api/v1/rollen", zaak=zaak["url"])["results"]
        assert sorted(r["url"] for r in rollen) == sorted(zaak["rollen"])
        statussen = sim.get("zaken/api/v1/statussen", zaak=zaak["url"])["results"]
        assert zaak["status"] in [s["url"] for s in statussen]
        newest = [s for s in statussen if s["indicatieLaatstGezetteStatus"]]
        assert [s["url"] for s in newest] == [zaak["status"]]


def test_bsn_filter_matches_summary(sim: RunningSimulator) -> None:
    summary = sim.summary()
    top = summary["bsns"][0]
    assert top["bsn"] == sim.bsn()
    assert 20 <= top["zaken"] <= 40
    zaken = sim.get("zaken/api/v1/zaken", rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=sim.bsn())
    assert zaken["count"] == top["zaken"]
    for zaak in zaken["results"][:5]:
        rollen = sim.get("zaken/api/v1/rollen", zaak=zaak["url"])["results"]
        assert sim.bsn() in [r["betrokkeneIdentificatie"].get("inpBsn") for r in rollen]


def test_filter_by_zaaktype_and_other_host_matches_nothing(sim: RunningSimulator) -> None:
    zaaktype = sim.get("catalogi/api/v1/zaaktypen", identificatie="MOR")["results"][0]
    zaken = sim.get("zaken/api/v1/zaken", zaaktype=zaaktype["url"])
    assert zaken["count"] > 0
    assert {z["zaaktype"] for z in zaken["results"]} == {zaaktype["url"]}
    port = sim.base_url.rstrip("/").rsplit(":", 1)[1]
    other_host = zaaktype["url"].replace("127.0.0.1", "localhost")
    assert f"localhost:{port}" in other_host
    assert sim.get("zaken/api/v1/zaken", zaaktype=other_host)["count"] == 0


def test_date_lookups_isnull_and_in(sim: RunningSimulator) -> None:
    everything = sim.get("zaken/api/v1/zaken")["results"]
    open_ = sim.get("zaken/api/v1/zaken", einddatum__isnull="true")["results"]
    assert [z["url"] for z in open_] == [z["url"] for z in everything if z["einddatum"] is None]
    later = sim.get("zaken/api/v1/zaken", startdatum__gte="2025-06-01")["results"]
    assert [z["url"] for z in later] == [z["url"] for z in everything if z["startdatum"] >= "2025-06-01"]
    wanted = {"openbaar", "geheim"}
    eios = sim.get("documenten/api/v1/enkelvoudiginformatieobjecten", pageSize=500)["results"]
    vertrouwelijk = sim.get(
        "documenten/api/v1/enkelvoudiginformatieobjecten", vertrouwelijkheidaanduiding="geheim", pageSize=500
    )["results"]
    assert [e["url"] for e in vertrouwelijk] == [
        e["url"] for e in eios if e["vertrouwelijkheidaanduiding"] == "geheim"
    ]
    assert wanted


def test_ordering(sim: RunningSimulator) -> None:
    zaken = sim.get("zaken/api/v1/zaken", ordering="-startdatum")["results"]
    dates = [z["startdatum"] for z in zaken]
    assert dates == sorted(dates, reverse=True)
    zaken = sim.get("zaken/api/v1/zaken", ordering="identificatie")["results"]
    idents = [z["identificatie"] for z in zaken]
    assert idents == sorted(idents)


def test_bad_query_parameters_are_400(sim: RunningSimulator) -> None:
    cases = {
        ("foo", "1"): ("nonFieldErrors", "unknown-parameters"),
        ("startdatum__gt", "notadate"): ("startdatum__gt", "invalid"),
        ("zaaktype", "abc"): ("zaaktype", "invalid"),
        ("ordering", "foo"): ("ordering", "invalid_choice"),
    }
    for (name, value), (param, code) in cases.items():
        response = _get(sim, "zaken/api/v1/zaken", **{name: value})
        assert response.status_code == 400, name
        assert response.json()["invalidParams"][0]["name"] == param
        assert response.json()["invalidParams"][0]["code"] == code


def test_catalogi_lists_and_filters(sim: RunningSimulator) -> None:
    zaaktype = sim.get("catalogi/api/v1/zaaktypen", identificatie="OMG-VERG")["results"][0]
    statustypen = sim.get("catalogi/api/v1/statustypen", zaaktype=zaaktype["url"])["results"]
    assert sorted(s["url"] for s in statustypen) == sorted(zaaktype["statustypen"])
    catalogus = sim.get("catalogi/api/v1/catalogussen")["results"][0]
    zaaktypen = sim.get("catalogi/api/v1/zaaktypen", catalogus=catalogus["url"])["results"]
    assert sorted(z["url"] for z in zaaktypen) == sorted(catalogus["zaaktypen"])
    assert sim.get("catalogi/api/v1/zaaktypen", status="concept")["count"] == 0
