"""The openzaak profile is a server with a capacity: W workers, a FIFO queue, a service time per request kind.

Through HTTP against a real simulator; timings are read from the request log (queue_ms, service_ms) and
from the wall clock of a burst.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from simulator.capacity import count_expanded
from simulator.testing import RunningSimulator, run_simulator


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=20, seed=3) as running:
        yield running


@pytest.fixture()
def exact(registry: RunningSimulator) -> Iterator[RunningSimulator]:
    """The openzaak profile without jitter and without contention: service times as configured."""
    registry.set_latency(profile="openzaak", jitter=0, contention=1.0)
    registry.reset_requests()
    yield registry
    registry.set_latency()


def _burst(sim: RunningSimulator, urls: list[str]) -> float:
    """All at once, each on its own connection; returns the wall time of the whole burst."""

    async def run() -> float:
        limits = httpx.Limits(max_connections=len(urls))
        async with httpx.AsyncClient(headers=sim.headers(), limits=limits, timeout=30) as client:
            started = time.perf_counter()
            responses = await asyncio.gather(*(client.get(url) for url in urls))
            wall = time.perf_counter() - started
        assert [r.status_code for r in responses] == [200] * len(urls)
        return wall

    return asyncio.run(run())


def _zaaktype_urls(sim: RunningSimulator, count: int) -> list[str]:
    zaaktypen = sim.get("catalogi/api/v1/zaaktypen")["results"]
    return [zaaktypen[i % len(zaaktypen)]["url"] for i in range(count)]


@pytest.mark.parametrize("workers", [2, 3])
def test_the_queue_holds(registry: RunningSimulator, workers: int) -> None:
    service = 150.0
    registry.set_latency(profile="openzaak", workers=workers, service_ms={"detail": service}, jitter=0,
                         contention=1.0)  # fmt: skip
    try:
        urls = _zaaktype_urls(registry, 4 * workers)
        registry.reset_requests()
        wall = _burst(registry, urls)
        log = registry.requests()["requests"]
    finally:
        registry.set_latency()
    assert wall >= 4 * service / 1000
    assert wall < 4 * service / 1000 + 0.25  # about 4 service times, not one (independent delays) nor 4W
    assert [r["service_ms"] for r in log] == [service] * len(urls)
    arrivals = sorted(log, key=lambda r: r["start"])
    waits = [r["queue_ms"] for r in arrivals]
    served_from = [r["start"] * 1000 + r["queue_ms"] for r in arrivals]
    assert served_from == sorted(served_from)  # first come, first served
    assert max(waits) >= 3 * service - 5
    assert sum(1 for w in waits if w < service / 2) == workers  # the first W start at once
    assert max(r["duration_ms"] for r in log) >= 4 * service - 5


def test_more_workers_take_the_same_burst_at_once(registry: RunningSimulator) -> None:
    registry.set_latency(profile="openzaak", workers=16, service_ms={"detail": 150}, jitter=0, contention=1.0)
    try:
        urls = _zaaktype_urls(registry, 8)
        registry.reset_requests()
        wall = _burst(registry, urls)
        log = registry.requests()["requests"]
    finally:
        registry.set_latency()
    assert 0.15 <= wall < 0.15 + 0.2
    assert max(r["queue_ms"] for r in log) == 0


def test_independent_delays_do_not_queue(registry: RunningSimulator) -> None:
    registry.set_latency(fixed_ms=150)
    try:
        urls = _zaaktype_urls(registry, 8)
        registry.reset_requests()
        wall = _burst(registry, urls)
        log = registry.requests()["requests"]
    finally:
        registry.set_latency()
    assert wall < 2 * 0.15
    assert [(r["queue_ms"], r["service_ms"]) for r in log] == [(0.0, 150.0)] * 8


def test_request_log_records_queue_and_service_time(exact: RunningSimulator) -> None:
    zaaktype = _zaaktype_urls(exact, 1)[0]
    exact.reset_requests()
    exact.get(zaaktype)
    exact.get(zaaktype)
    first, second = exact.requests()["requests"]
    assert (first["queue_ms"], first["service_ms"]) == (0.0, 58.0)  # one after another: no queue
    assert (second["queue_ms"], second["service_ms"]) == (0.0, 58.0)
    assert first["duration_ms"] >= 57.0  # the loop's timers may wake a fraction of a ms early


def _service(sim: RunningSimulator, method: str, path: str, **kwargs: Any) -> float:
    sim.reset_requests()
    response = sim.request(method, path, **kwargs)
    assert response.status_code in (200, 304), response.text
    (entry,) = sim.requests()["requests"]
    service: float = entry["service_ms"]
    return service


def test_service_time_depends_on_what_is_asked(exact: RunningSimulator) -> None:
    zaken = exact.get("zaken/api/v1/zaken", pageSize=5)["results"]
    zaak = next(z for z in zaken if z["status"])
    documents = exact.get("documenten/api/v1/enkelvoudiginformatieobjecten", pageSize=3)["results"]
    assert _service(exact, "GET", zaak["zaaktype"]) == 58.0  # a catalogue detail
    assert _service(exact, "GET", zaak["url"]) == 104.0  # a zaak detail
    assert _service(exact, "GET", documents[0]["url"]) == 30.0  # a document detail
    assert _service(exact, "GET", "zaken/api/v1/zaken?pageSize=5") == 152.0 + 5  # by page size
    assert _service(exact, "GET", "zaken/api/v1/zaken?pageSize=10") == 152.0 + 10
    # each expanded object: zaaktype, status and its statustype
    assert _service(exact, "GET", zaak["url"] + "?expand=zaaktype,status,status.statustype") == 104.0 + 3 * 18
    # a list counts what it inlines as the reply holds it: each zaak's rollen, its status and statustype
    listed = "zaken/api/v1/zaken?pageSize=5&expand=rollen,status,status.statustype"
    inlined = count_expanded(exact.request("GET", listed).content)
    assert inlined > 5
    assert _service(exact, "GET", listed) == 152.0 + 5 + inlined * 18
    uuids = [d["url"].rsplit("/", 1)[1] for d in documents]
    search = "documenten/api/v1/enkelvoudiginformatieobjecten/_zoek"
    assert _service(exact, "POST", search, json={"uuid__in": uuids[:1]}) == 54.0 + 2
    assert _service(exact, "POST", search, json={"uuid__in": uuids}) == 54.0 + 2 * 3  # by number of uuids
    assert _service(exact, "POST", search + "?expand=informatieobjecttype", json={"uuid__in": uuids}) == (
        54.0 + 2 * 3 + 3 * 18
    )
    etag = exact.request("GET", zaak["zaaktype"]).headers["ETag"]
    assert _service(exact, "GET", zaak["zaaktype"], headers={"If-None-Match": etag}) == 38.0  # a 304


def test_service_times_and_workers_can_be_overridden(registry: RunningSimulator) -> None:
    described = registry.set_latency(profile="openzaak", workers=5, service_ms={"detail": 10, "list.zaken": 20},
                                     jitter=0, contention=1.0)  # fmt: skip
    try:
        assert described["workers"] == 5
        assert described["overrides"] == {"detail": 10.0, "list.zaken": 20.0}
        assert _service(registry, "GET", _zaaktype_urls(registry, 1)[0]) == 10.0
        assert _service(registry, "GET", "zaken/api/v1/zaken?pageSize=2") == 20.0 + 2
    finally:
        registry.set_latency()
    for bad in ({"profile": "openzaak", "workers": 0}, {"profile": "openzaak", "service_ms": {"bogus": 1}},
                {"workers": 4}, {"profile": "openzaak", "service_ms": {"detail": -1}}):  # fmt: skip
        response = httpx.put(registry.url("_admin/latency"), json=bad)
        assert response.status_code == 400, bad


def test_same_seed_same_service_times(registry: RunningSimulator) -> None:
    urls = _zaaktype_urls(registry, 6)

    def sequence(seed: int) -> list[float]:
        registry.set_latency(profile="openzaak", seed=seed, service_ms={"detail": 20})
        registry.reset_requests()
        for url in urls:
            registry.get(url)
        return [r["service_ms"] for r in registry.requests()["requests"]]

    try:
        first = sequence(5)
        assert sequence(5) == first
        assert sequence(6) != first
        assert len(set(first)) > 1  # jittered
    finally:
        registry.set_latency()


def test_cli_flags_set_the_profile() -> None:
    args = ["--workers", "3", "--service-ms", "detail=12", "--service-ms", "list.zaken=40"]
    with run_simulator(size=5, seed=4, extra_args=args) as sim:
        described = httpx.get(sim.url("_admin/latency")).json()
        assert (described["profile"], described["workers"]) == ("openzaak", 3)
        assert described["overrides"] == {"detail": 12.0, "list.zaken": 40.0}
        url = _zaaktype_urls(sim, 1)[0]
        sim.reset_requests()
        sim.get(url)
        (entry,) = sim.requests()["requests"]
        assert 12 * 0.6 < entry["service_ms"] < 12 * 2.5  # jittered around 12 ms


def test_service_file_sets_the_profile(tmp_path: Path) -> None:
    service_file = tmp_path / "service.toml"
    service_file.write_text('detail = 15\n"list.zaken" = 30\n[search]\nzaken = 60\n')
    with run_simulator(size=5, seed=4, extra_args=["--service-file", str(service_file)]) as sim:
        described = httpx.get(sim.url("_admin/latency")).json()
    assert (described["profile"], described["workers"]) == ("openzaak", 2)
    assert described["overrides"] == {"detail": 15.0, "list.zaken": 30.0, "search.zaken": 60.0}


def test_one_request_after_another_never_contends(registry: RunningSimulator) -> None:
    url = _zaaktype_urls(registry, 1)[0]
    registry.set_latency(profile="openzaak", jitter=0)  # contention 1.4 when the other worker is busy
    try:
        registry.reset_requests()
        for _ in range(10):
            registry.get(url)
        log = registry.requests()["requests"]
    finally:
        registry.set_latency()
    assert [(r["queue_ms"], r["service_ms"]) for r in log] == [(0.0, 58.0)] * 10
