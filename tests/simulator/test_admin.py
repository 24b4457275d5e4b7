from __future__ import annotations

import threading
import time

import httpx

from simulator.testing import RunningSimulator


def test_request_log_fields_and_clear(sim: RunningSimulator) -> None:
    sim.reset_requests()
    zaak = sim.get("zaken/api/v1/zaken", pageSize=1)["results"][0]
    sim.get(zaak["url"])
    sim.get("catalogi/api/v1/zaaktypen")
    log = sim.requests()
    assert log["count"] == 3
    first = log["requests"][0]
    assert set(first) == {
        "id", "method", "path", "query", "status", "client_id", "start", "end", "duration_ms", "resource", "api",
        "queue_ms", "service_ms", "user_id",
    }  # fmt: skip
    assert first["path"] == "/zaken/api/v1/zaken"
    assert first["query"] == "pageSize=1"
    assert first["status"] == 200
    assert first["client_id"] == sim.client_id
    assert first["end"] >= first["start"]
    assert [(r["api"], r["resource"]) for r in log["requests"]] == [
        ("zaken", "zaken"), ("zaken", "zaken"), ("catalogi", "zaaktypen"),
    ]  # fmt: skip
    assert log["rounds"] == 3  # each started after the previous ended
    sim.reset_requests()
    assert sim.requests() == {"requests": [], "count": 0, "rounds": 0}


def test_rounds_count_concurrent_requests_once(sim: RunningSimulator) -> None:
    sim.set_latency(fixed_ms=150)
    try:
        sim.reset_requests()
        threads = [threading.Thread(target=sim.get, args=("catalogi/api/v1/zaaktypen",)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sim.get("catalogi/api/v1/catalogussen")
        log = sim.requests()
        assert log["count"] == 5
        assert log["rounds"] == 2
    finally:
        sim.set_latency()


def test_latency_is_added(sim: RunningSimulator) -> None:
    sim.set_latency(fixed_ms=200)
    try:
        started = time.monotonic()
        sim.get("catalogi/api/v1/catalogussen")
        assert time.monotonic() - started >= 0.2
    finally:
        sim.set_latency()
    started = time.monotonic()
    sim.get("catalogi/api/v1/catalogussen")
    assert time.monotonic() - started < 0.2


def test_openzaak_profile_makes_lists_slower_than_details(sim: RunningSimulator) -> None:
    sim.set_latency(profile="openzaak")
    try:
        zaak = sim.get("zaken/api/v1/zaken", pageSize=1)["results"][0]
        sim.reset_requests()
        sim.get(zaak["url"])
        sim.get("zaken/api/v1/zaken")
        detail, listing = sim.requests()["requests"]
        assert 90 <= detail["duration_ms"] < 200
        assert listing["duration_ms"] > detail["duration_ms"]  # 152 ms + 1 per item against 104 ms (+ jitter)
        assert listing["service_ms"] >= 150
    finally:
        sim.set_latency()


def test_admin_calls_are_not_logged_and_summary(sim: RunningSimulator) -> None:
    sim.reset_requests()
    summary = sim.summary()
    sim.requests()
    assert sim.requests()["count"] == 0
    assert summary["counts"]["zaken"] == 50
    assert summary["base_url"] == sim.base_url
    assert httpx.get(sim.url("_admin/nope")).status_code == 404


def test_log_records_failures_too(sim: RunningSimulator) -> None:
    sim.reset_requests()
    httpx.get(sim.url("zaken/api/v1/zaken"))
    entry = sim.requests()["requests"][0]
    assert entry["status"] == 403
    assert entry["client_id"] is None
