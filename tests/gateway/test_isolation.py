"""Concurrent requests stay apart: each gets its own data, its own trace and its own errors."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from simulator.testing import RunningSimulator
from tests.gateway.helpers import ask, everything, rest
from tests.support import Gateway

QUERY = """query($url: String!) { zaak(url: $url) {
    url identificatie zaaktype { url } statussen { url zaak { url } } rollen { url }
} }"""


def test_concurrent_requests_get_their_own_answers_and_traces(
    uncached: Gateway, clean: RunningSimulator
) -> None:
    zaken = everything(clean, "zaken/api/v1/zaken")[:16]
    expected = {
        z["url"]: {
            "url": z["url"],
            "identificatie": z["identificatie"],
            "zaaktype": {"url": z["zaaktype"]},
            "statussen": [
                {"url": s["url"], "zaak": {"url": z["url"]}}
                for s in everything(clean, "zaken/api/v1/statussen", zaak=z["url"])
            ],
            "rollen": [{"url": r["url"]} for r in everything(clean, "zaken/api/v1/rollen", zaak=z["url"])],
        }
        for z in zaken
    }

    clean.set_latency(fixed_ms=10, jitter_ms=10)  # so that the requests overlap

    def one(url: str) -> dict[str, Any]:
        return ask(uncached, QUERY, {"url": url}, headers={"X-ZaakGraph-Trace": "1"})

    with ThreadPoolExecutor(max_workers=16) as pool:
        bodies = list(pool.map(one, [z["url"] for z in zaken] * 2))

    for zaak, body in zip([z["url"] for z in zaken] * 2, bodies, strict=True):
        assert body["data"] == {"zaak": expected[zaak]}
        traced = sorted(c["url"] for c in body["extensions"]["backend"]["calls"])
        # this request's calls, and only those: its zaak, and the two child lists filtered on it
        assert traced == sorted([zaak, clean.url("zaken/api/v1/statussen"), clean.url("zaken/api/v1/rollen")])


def test_an_error_in_one_request_does_not_leak_into_another(
    gateway: Gateway, simulator: RunningSimulator
) -> None:
    zaak = rest(simulator, "zaken/api/v1/zaken")["results"][0]
    missing = zaak["url"].rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"

    def one(url: str) -> dict[str, Any]:
        return ask(gateway, "query($url: String!) { zaak(url: $url) { identificatie } }", {"url": url})

    with ThreadPoolExecutor(max_workers=8) as pool:
        bodies = list(pool.map(one, [zaak["url"], missing] * 8))

    for i, body in enumerate(bodies):
        if i % 2 == 0:
            assert body == {"data": {"zaak": {"identificatie": zaak["identificatie"]}}}
        else:
            assert body["data"] == {"zaak": None}
            assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]
