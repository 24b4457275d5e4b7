from __future__ import annotations

import httpx

from simulator.testing import RunningSimulator


def test_etag_304_and_quirks(sim: RunningSimulator) -> None:
    zaak = sim.get("zaken/api/v1/zaken")["results"][0]
    first = httpx.get(zaak["url"], headers=sim.headers())
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) == 34
    again = httpx.get(zaak["url"], headers={**sim.headers(), "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert "content-type" not in again.headers
    weak = httpx.get(zaak["url"], headers={**sim.headers(), "If-None-Match": "W/" + etag})
    assert weak.status_code == 304
    unquoted = httpx.get(zaak["url"], headers={**sim.headers(), "If-None-Match": etag.strip('"')})
    assert unquoted.status_code == 200
    bogus = httpx.get(zaak["url"], headers={**sim.headers(), "If-None-Match": '"bogus"'})
    assert bogus.status_code == 200


def test_head_has_etag_and_no_body(sim: RunningSimulator) -> None:
    status = sim.get("zaken/api/v1/statussen")["results"][0]
    head = httpx.head(status["url"], headers=sim.headers())
    get = httpx.get(status["url"], headers=sim.headers())
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]


def test_lists_have_no_etag(sim: RunningSimulator) -> None:
    response = httpx.get(sim.url("zaken/api/v1/statussen"), headers=sim.headers())
    assert "etag" not in response.headers
