"""The Notificaties API and the zaak's PUT, PATCH and DELETE, validated against their specs with openapi-core;
the notifications delivered, against the consumer spec (notificaties-consumer-1.0.0-rc1.yaml)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from functools import cache
from typing import Any

import httpx
import orjson
import pytest
import uvicorn
import yaml
from openapi_schema_validator import OAS30Validator, oas30_format_checker

from simulator.testing import RunningSimulator
from tests.conformance.conftest import RSIN, World
from tests.conformance.spec import SPEC_DIR, SpecValidator, body

NRC = "notificaties/api/v1/"
AUTH = "Bearer conformance-callback"


class Callback:
    """A callback on loopback that wants AUTH (401 without it) and keeps what it was sent."""

    def __init__(self) -> None:
        self.bodies: list[Any] = []
        self.port = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        authorized = dict(scope["headers"]).get(b"authorization") == AUTH.encode()
        if authorized:
            self.bodies.append(orjson.loads(b"".join(chunks)))
        await send({"type": "http.response.start", "status": 204 if authorized else 401, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@pytest.fixture(scope="module")
def callback() -> Iterator[Callback]:
    app = Callback()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "callback server did not start"
        time.sleep(0.01)
    app.port = server.servers[0].sockets[0].getsockname()[1]
    yield app
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def abonnement(http: httpx.Client, sim: RunningSimulator, callback: Callback) -> Iterator[httpx.Response]:
    """One abonnement on kanaal zaken for the module (deleted afterwards, so later writes deliver nothing)."""
    response = http.post(NRC + "abonnement", json={
        "callbackUrl": f"http://127.0.0.1:{callback.port}/notificaties", "auth": AUTH,
        "kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": RSIN}}],
    })  # fmt: skip
    assert response.status_code == 201, response.text
    yield response
    http.delete(response.json()["url"])
    sim.wait_notifications()


@cache
def _consumer_validator() -> OAS30Validator:
    spec = yaml.safe_load((SPEC_DIR / "notificaties-consumer-1.0.0-rc1.yaml").read_text())
    schema = {"$ref": "#/components/schemas/Notificatie", "components": spec["components"]}
    return OAS30Validator(schema, format_checker=oas30_format_checker)


def _new_zaak(http: httpx.Client, world: World) -> dict[str, Any]:
    zaaktype = http.get(world.urls["zaken"]).json()["zaaktype"]
    response = http.post("zaken/api/v1/zaken", json={
        "bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zaaktype,
        "startdatum": "2026-02-01", "omschrijving": "Conformance update",
    })  # fmt: skip
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_kanaal_list_detail_and_create(http: httpx.Client, validator: SpecValidator) -> None:
    listing = http.get(NRC + "kanaal")
    named = http.get(NRC + "kanaal", params={"naam": "zaken"})
    detail = http.get(body(named)[0]["url"])
    created = http.post(
        NRC + "kanaal", json={"naam": "conformance", "documentatieLink": "https://example.org/k"}
    )
    refused = http.post(NRC + "kanaal", json={})

    for response in (listing, named, detail, created):
        validator.validate(response)
    assert [r.status_code for r in (listing, named, detail, created)] == [200, 200, 200, 201]
    assert listing.headers["api-version"] == "1.0.0"
    assert refused.status_code == 400
    assert validator.validate_error(refused, "ValidatieFout") is True


def test_abonnement_endpoints(
    http: httpx.Client, validator: SpecValidator, abonnement: httpx.Response, callback: Callback
) -> None:
    url = abonnement.json()["url"]
    listing = http.get(NRC + "abonnement")
    detail = http.get(url)
    patched = http.patch(
        url, json={"auth": AUTH, "kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": RSIN}}]}
    )
    put = http.put(url, json={"callbackUrl": abonnement.json()["callbackUrl"], "auth": AUTH,
                              "kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": RSIN}}]})  # fmt: skip
    refused = http.post(NRC + "abonnement", json={"callbackUrl": "http://127.0.0.1:9/nobody", "auth": AUTH})
    missing = http.get(NRC + "abonnement/00000000-0000-4000-8000-000000000000")

    validator.validate(abonnement)
    for response in (listing, detail, patched, put):
        assert response.status_code == 200, response.text
        validator.validate(response)
    assert refused.status_code == 400
    assert validator.validate_error(refused, "ValidatieFout") is True
    assert missing.status_code == 404
    assert validator.validate_error(missing) is True
    for message in callback.bodies:  # the test notifications so far
        _consumer_validator().validate(message)


def test_publish_endpoint(http: httpx.Client, validator: SpecValidator) -> None:
    message = {"kanaal": "zaaktypen", "hoofdObject": "https://example.org/zaaktypen/1", "resource": "zaaktype",
               "resourceUrl": "https://example.org/zaaktypen/1", "actie": "update",
               "aanmaakdatum": "2026-01-05T10:00:00Z", "kenmerken": {"catalogus": "https://example.org/c/1"}}  # fmt: skip

    published = http.post(NRC + "notificaties", json=message)
    refused = http.post(NRC + "notificaties", json={**message, "kanaal": "onbekend"})

    assert published.status_code == 201
    validator.validate(published)
    assert refused.status_code == 400
    assert validator.validate_error(refused, "ValidatieFout") is True


def test_zaak_patch_put_delete(
    http: httpx.Client, sim: RunningSimulator, world: World, validator: SpecValidator,
    abonnement: httpx.Response, callback: Callback,
) -> None:  # fmt: skip
    zaak = _new_zaak(http, world)

    patched = http.patch(zaak["url"], json={"omschrijving": "Gewijzigd"})
    put = http.put(zaak["url"], json={
        "bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zaak["zaaktype"],
        "startdatum": "2026-02-02",
    })  # fmt: skip
    invalid = http.patch(zaak["url"], json={"startdatum": "morgen"})
    deleted = http.delete(zaak["url"])
    gone = http.delete(zaak["url"])
    sim.wait_notifications()

    for response in (patched, put):
        assert response.status_code == 200, response.text
        validator.validate(response)
    assert invalid.status_code == 400
    assert validator.validate_error(invalid, "ValidatieFout") is True
    assert deleted.status_code == 204
    validator.validate(deleted)
    assert gone.status_code == 404
    assert validator.validate_error(gone) is True
    delivered = [m for m in callback.bodies if m["hoofdObject"] == zaak["url"]]
    assert [m["actie"] for m in delivered] == ["create", "partial_update", "update", "destroy"]
    for message in delivered:
        _consumer_validator().validate(message)
