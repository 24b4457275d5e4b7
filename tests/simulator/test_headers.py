from __future__ import annotations

import httpx

from simulator.testing import RunningSimulator


def _auth(sim: RunningSimulator) -> dict[str, str]:
    return {"Authorization": f"Bearer {sim.token()}"}


def test_zaken_need_accept_crs(sim: RunningSimulator) -> None:
    missing = httpx.get(sim.url("zaken/api/v1/zaken"), headers=_auth(sim))
    assert missing.status_code == 412
    assert missing.json()["detail"] == "'Accept-Crs' header ontbreekt"
    wrong = httpx.get(sim.url("zaken/api/v1/zaken"), headers={**_auth(sim), "Accept-Crs": "EPSG:28992"})
    assert wrong.status_code == 406
    assert wrong.json()["detail"] == "CRS 'EPSG:28992' is niet ondersteund"
    ok = httpx.get(sim.url("zaken/api/v1/zaken"), headers={**_auth(sim), "Accept-Crs": "EPSG:4326"})
    assert ok.status_code == 200
    assert ok.headers["content-crs"] == "EPSG:4326"
    assert ok.headers["api-version"] == "1.5.1"


def test_other_zaken_api_resources_do_not_need_crs(sim: RunningSimulator) -> None:
    response = httpx.get(sim.url("zaken/api/v1/statussen"), headers=_auth(sim))
    assert response.status_code == 200
    assert "content-crs" not in response.headers


def test_zoek_needs_content_crs(sim: RunningSimulator) -> None:
    response = httpx.post(
        sim.url("zaken/api/v1/zaken/_zoek"),
        headers={**_auth(sim), "Accept-Crs": "EPSG:4326"},
        json={"uuid__in": []},
    )
    assert response.status_code == 412
    assert response.json()["detail"] == "'Content-Crs' header ontbreekt"


def test_api_version_per_api_and_on_errors(sim: RunningSimulator) -> None:
    versions = {"documenten": "1.4.2", "besluiten": "1.1.0", "catalogi": "1.3.1"}
    paths = {"documenten": "enkelvoudiginformatieobjecten", "besluiten": "besluiten", "catalogi": "zaaktypen"}
    for api, version in versions.items():
        response = httpx.get(sim.url(f"{api}/api/v1/{paths[api]}"), headers=_auth(sim))
        assert response.headers["api-version"] == version
        unauthorised = httpx.get(sim.url(f"{api}/api/v1/{paths[api]}"))
        assert unauthorised.status_code == 403
        assert unauthorised.headers["api-version"] == version


def test_problem_json_only_accept_is_406(sim: RunningSimulator) -> None:
    response = httpx.get(
        sim.url("catalogi/api/v1/zaaktypen"), headers={**_auth(sim), "Accept": "application/problem+json"}
    )
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json"


def test_not_a_uuid_zaak_is_500_like_open_zaak_and_404_elsewhere(sim: RunningSimulator) -> None:
    response = httpx.get(sim.url("zaken/api/v1/zaken/not-a-uuid"), headers=sim.headers())
    assert response.status_code == 500
    assert response.json()["code"] == "error"
    assert "Traceback" not in response.text
    other = httpx.get(sim.url("zaken/api/v1/statussen/not-a-uuid"), headers=sim.headers())
    assert other.status_code == 404


def test_unknown_path_404_and_wrong_method_405(sim: RunningSimulator) -> None:
    assert httpx.get(sim.url("zaken/api/v1/nope"), headers=sim.headers()).status_code == 404
    put = httpx.put(sim.url("zaken/api/v1/zaken"), headers=sim.headers(), json={})
    assert put.status_code == 405
    assert put.json()["detail"] == 'Methode "PUT" niet toegestaan.'


def test_urls_follow_the_host_header(sim: RunningSimulator) -> None:
    port = sim.base_url.rstrip("/").rsplit(":", 1)[1]
    response = httpx.get(f"http://localhost:{port}/catalogi/api/v1/catalogussen", headers=_auth(sim))
    catalogus = response.json()["results"][0]
    assert catalogus["url"].startswith(f"http://localhost:{port}/catalogi/api/v1/catalogussen/")
    assert all(u.startswith(f"http://localhost:{port}/") for u in catalogus["zaaktypen"])
