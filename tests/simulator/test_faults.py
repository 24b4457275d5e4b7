from __future__ import annotations

import httpx
import pytest

from simulator.testing import RunningSimulator


def test_error_rate_one_gives_configured_statuses(fresh: RunningSimulator) -> None:
    fresh.set_faults(error_rate=1.0, statuses=[503], seed=1)
    response = httpx.get(fresh.url("catalogi/api/v1/zaaktypen"), headers=fresh.headers())
    assert response.status_code == 503
    assert response.json()["status"] == 503
    fresh.clear_faults()
    assert httpx.get(fresh.url("catalogi/api/v1/zaaktypen"), headers=fresh.headers()).status_code == 200


def test_path_regex_limits_faults(fresh: RunningSimulator) -> None:
    fresh.set_faults(error_rate=1.0, statuses=[500], path_regex="/statussen")
    assert httpx.get(fresh.url("zaken/api/v1/statussen"), headers=fresh.headers()).status_code == 500
    assert httpx.get(fresh.url("zaken/api/v1/rollen"), headers=fresh.headers()).status_code == 200
    fresh.clear_faults()


def test_error_share_is_roughly_the_rate(fresh: RunningSimulator) -> None:
    fresh.set_faults(error_rate=0.5, seed=7)
    statuses = [
        httpx.get(fresh.url("catalogi/api/v1/catalogussen"), headers=fresh.headers()).status_code
        for _ in range(60)
    ]
    fresh.clear_faults()
    failures = sum(1 for s in statuses if s >= 500)
    assert 15 <= failures <= 45
    assert set(statuses) <= {200, 500, 502, 503}


def test_malformed_truncated_reset_and_timeout(fresh: RunningSimulator) -> None:
    url = fresh.url("catalogi/api/v1/zaaktypen")
    fresh.set_faults(malformed_rate=1.0)
    response = httpx.get(url, headers=fresh.headers())
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    fresh.set_faults(truncate_rate=1.0)
    with pytest.raises(httpx.TransportError):
        httpx.get(url, headers=fresh.headers())
    fresh.set_faults(reset_rate=1.0)
    with pytest.raises(httpx.TransportError):
        httpx.get(url, headers=fresh.headers())
    fresh.set_faults(timeout_rate=1.0)
    with pytest.raises(httpx.TimeoutException):
        httpx.get(url, headers=fresh.headers(), timeout=0.5)
    fresh.clear_faults()
    assert httpx.get(url, headers=fresh.headers()).status_code == 200


def test_slow_body_still_arrives_whole(fresh: RunningSimulator) -> None:
    url = fresh.url("catalogi/api/v1/catalogussen")
    expected = httpx.get(url, headers=fresh.headers()).json()
    fresh.set_faults(slow_body_rate=1.0)
    response = httpx.get(url, headers=fresh.headers(), timeout=10)
    fresh.clear_faults()
    assert response.json() == expected
    assert response.elapsed.total_seconds() >= 0.5


def test_bad_fault_config_is_rejected(fresh: RunningSimulator) -> None:
    response = httpx.put(fresh.url("_admin/faults"), json={"error_rate": 2})
    assert response.status_code == 400


def test_injected_error_on_a_write_stores_nothing(fresh: RunningSimulator) -> None:
    zaaktype = fresh.get("catalogi/api/v1/zaaktypen", identificatie="MOR")["results"][0]
    before = fresh.summary()["counts"]
    fresh.set_faults(error_rate=1.0, statuses=[502], path_regex="/zaken$")
    body = {"bronorganisatie": "002220647", "verantwoordelijkeOrganisatie": "002220647",
            "zaaktype": zaaktype["url"], "startdatum": "2026-01-05"}  # fmt: skip
    response = fresh.request("POST", "zaken/api/v1/zaken", json=body)
    fresh.clear_faults()
    assert response.status_code == 502
    assert response.headers["api-version"] == "1.5.1"
    assert fresh.summary()["counts"] == before
