"""The simulator's Notificaties API and its notifications, over real HTTP with a real callback on loopback."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import pytest
import uvicorn

from simulator.testing import RunningSimulator, run_simulator

NRC = "notificaties/api/v1/"
AUTH = "Bearer callback-secret"
RSIN = "002220647"
TEST_MESSAGE = {
    "kanaal": "test", "hoofdObject": "http://some.hoofdobject.nl/", "resource": "some_resource",
    "resourceUrl": "http://some.resource.nl/", "actie": "create", "aanmaakdatum": "2019-01-01T12:00:00Z",
    "kenmerken": {},
}  # fmt: skip
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@dataclass(frozen=True)
class Received:
    path: str
    authorization: str | None
    content_type: str | None
    body: Any


@dataclass
class Receiver:
    """A callback server: records every POST; answers the statuses queued for its path first, then 204 when the
    Authorization header is AUTH and 401 otherwise (a callback that wants its token, as Open Notificaties
    checks)."""

    port: int = 0
    received: list[Received] = field(default_factory=list)
    answers: dict[str, list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/callback") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str = "/callback", *, test: bool = False) -> list[Received]:
        """What reached `path`: the notifications (or only the test notifications, with test=True)."""
        with self.lock:
            return [r for r in self.received if r.path == path and (r.body.get("kanaal") == "test") is test]

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
            self.answers.clear()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        auth = headers.get("authorization")
        with self.lock:
            self.received.append(
                Received(scope["path"], auth, headers.get("content-type"), orjson.loads(b"".join(chunks)))
            )
            queued = self.answers.get(scope["path"])
            status = queued.pop(0) if queued else (204 if auth == AUTH else 401)
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    app = Receiver()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "receiver did not start"
        time.sleep(0.01)
    app.port = server.servers[0].sockets[0].getsockname()[1]
    yield app
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def nrc_sim() -> Iterator[RunningSimulator]:
    with run_simulator(size=20, seed=4) as running:
        yield running


@pytest.fixture()
def nrc(nrc_sim: RunningSimulator, receiver: Receiver) -> Iterator[RunningSimulator]:
    """The module's simulator without abonnementen, with default delivery settings and an empty log."""
    for abonnement in nrc_sim.get(NRC + "abonnement"):
        assert nrc_sim.delete(abonnement["url"]).status_code == 204
    nrc_sim.set_notifications(deliver=True, max_retries=5, backoff_s=0.05, check_callback_auth=True)
    nrc_sim.wait_notifications()
    nrc_sim.clear_notifications()
    receiver.reset()
    yield nrc_sim


def _subscribe(sim: RunningSimulator, callback: str, *kanalen: tuple[str, dict[str, str]]) -> httpx.Response:
    body = {"callbackUrl": callback, "auth": AUTH, "kanalen": [{"naam": n, "filters": f} for n, f in kanalen]}
    return sim.request("POST", NRC + "abonnement", json=body)


def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def _zaaktype(sim: RunningSimulator, identificatie: str) -> dict[str, Any]:
    result: dict[str, Any] = sim.get("catalogi/api/v1/zaaktypen", identificatie=identificatie)["results"][0]
    return result


def _new_zaak(sim: RunningSimulator, zaaktype: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zaaktype["url"],
            "startdatum": "2026-01-05", **extra}  # fmt: skip
    return _created(sim.request("POST", "zaken/api/v1/zaken", json=body))


def _new_status(sim: RunningSimulator, zaak: dict[str, Any], zaaktype: dict[str, Any]) -> dict[str, Any]:
    first = min((sim.get(u) for u in zaaktype["statustypen"]), key=lambda s: s["volgnummer"])
    body = {"zaak": zaak["url"], "statustype": first["url"], "datumStatusGezet": "2026-01-05T10:00:00Z"}
    return _created(sim.request("POST", "zaken/api/v1/statussen", json=body))


def _without_stamp(message: dict[str, Any]) -> dict[str, Any]:
    assert STAMP.match(message["aanmaakdatum"]), message["aanmaakdatum"]
    return {k: v for k, v in message.items() if k != "aanmaakdatum"}


def _zaak_kenmerken(zaak: dict[str, Any], zaaktype: dict[str, Any]) -> dict[str, str]:
    return {"bronorganisatie": zaak["bronorganisatie"], "zaaktype": zaak["zaaktype"],
            "zaaktype.catalogus": zaaktype["catalogus"],
            "vertrouwelijkheidaanduiding": zaak["vertrouwelijkheidaanduiding"]}  # fmt: skip


def test_kanalen_are_open_zaaks(nrc: RunningSimulator) -> None:
    kanalen = nrc.get(NRC + "kanaal")

    assert {k["naam"]: k["filters"] for k in kanalen} == {
        "zaken": ["bronorganisatie", "zaaktype", "zaaktype.catalogus", "vertrouwelijkheidaanduiding"],
        "documenten": ["bronorganisatie", "informatieobjecttype", "vertrouwelijkheidaanduiding",
                       "informatieobjecttype.catalogus"],
        "besluiten": ["verantwoordelijke_organisatie", "besluittype", "besluittype.catalogus"],
        "zaaktypen": ["catalogus"], "informatieobjecttypen": ["catalogus"], "besluittypen": ["catalogus"],
    }  # fmt: skip
    [zaken] = nrc.get(NRC + "kanaal", naam="zaken")
    assert nrc.get(zaken["url"]) == zaken
    assert nrc.get(NRC + "kanaal", naam="onbekend") == []
    assert nrc.request("GET", NRC + "kanaal/00000000-0000-4000-8000-999999999999").status_code == 404
    made = _created(nrc.request("POST", NRC + "kanaal", json={"naam": "test-kanaal", "filters": ["soort"]}))
    assert {k: made[k] for k in ("naam", "filters", "documentatieLink")} == {
        "naam": "test-kanaal",
        "filters": ["soort"],
        "documentatieLink": "",
    }
    again = nrc.request("POST", NRC + "kanaal", json={"naam": "test-kanaal"})
    assert again.status_code == 400
    assert [(p["name"], p["code"]) for p in again.json()["invalidParams"]] == [("naam", "unique")]
    assert httpx.get(nrc.url(NRC + "kanaal")).status_code == 403  # JWT-ZGW like the other APIs


def test_subscribing_posts_the_test_notification(nrc: RunningSimulator, receiver: Receiver) -> None:
    abonnement = _created(_subscribe(nrc, receiver.url(), ("zaken", {})))

    # first without Authorization (it must be refused), then with the abonnement's auth (it must be taken)
    assert [(r.authorization, r.content_type, r.body) for r in receiver.at(test=True)] == [
        (None, "application/json", TEST_MESSAGE), (AUTH, "application/json", TEST_MESSAGE),
    ]  # fmt: skip
    assert abonnement == {
        "url": abonnement["url"],
        "callbackUrl": receiver.url(),
        "kanalen": [{"filters": {}, "naam": "zaken"}],
        "sendCloudevents": False,
        "cloudeventFilters": [],
    }  # fmt: skip  (auth is write-only)
    assert nrc.get(abonnement["url"]) == abonnement
    assert nrc.get(NRC + "abonnement") == [abonnement]
    assert [c["status"] for c in nrc.notifications()["checks"]] == [401, 204]


def test_a_callback_that_fails_the_checks_is_refused(nrc: RunningSimulator, receiver: Receiver) -> None:
    receiver.answers["/broken"] = [401, 500]
    refused = _subscribe(nrc, receiver.url("/broken"), ("zaken", {}))
    receiver.answers["/open"] = [204]
    unguarded = _subscribe(nrc, receiver.url("/open"), ("zaken", {}))
    unknown = _subscribe(nrc, receiver.url(), ("onbekend", {}))
    bad_filter = _subscribe(nrc, receiver.url(), ("zaken", {"zaaktype": "*", "soort": "x"}))
    nobody = _subscribe(nrc, "http://127.0.0.1:9/nobody", ("zaken", {}))

    problems = [(r.status_code, r.json()["code"], [(p["name"], p["code"]) for p in r.json()["invalidParams"]])
                for r in (refused, unguarded, unknown, bad_filter, nobody)]  # fmt: skip
    assert problems == [
        (400, "invalid", [("nonFieldErrors", "invalid-callback-url")]),
        (400, "invalid", [("callbackUrl", "no-auth-on-callback-url")]),
        (400, "invalid", [("naam", "kanaal_naam")]),
        (400, "invalid", [("filters", "inconsistent-abonnement-filters")]),
        (400, "invalid", [("callbackUrl", "no-auth-on-callback-url")]),
    ]
    assert nrc.get(NRC + "abonnement") == []
    nrc.set_notifications(check_callback_auth=False)  # as Open Notificaties with TEST_CALLBACK_AUTH = False
    receiver.answers["/open"] = [204]
    _created(_subscribe(nrc, receiver.url("/open"), ("zaken", {})))


def test_status_create_is_delivered_with_auth_and_open_zaaks_body(
    nrc: RunningSimulator, receiver: Receiver
) -> None:
    zaaktype = _zaaktype(nrc, "PARK-VERG")
    zaak = _new_zaak(nrc, zaaktype)
    _created(_subscribe(nrc, receiver.url(), ("zaken", {})))

    status = _new_status(nrc, zaak, zaaktype)
    log = nrc.wait_notifications()

    [delivered] = receiver.at()
    assert (delivered.authorization, delivered.content_type) == (AUTH, "application/json")
    assert _without_stamp(delivered.body) == {
        "kanaal": "zaken", "hoofdObject": zaak["url"], "resource": "status", "resourceUrl": status["url"],
        "actie": "create", "kenmerken": _zaak_kenmerken(zaak, zaaktype),
    }  # fmt: skip
    [entry] = [n for n in log["notifications"] if n["message"]["resource"] == "status"]
    assert entry["message"] == delivered.body
    assert entry["deliveries"] == [{
        "abonnement": nrc.get(NRC + "abonnement")[0]["url"], "callbackUrl": receiver.url(), "attempts": 1,
        "statuses": [204], "status": 204, "errors": [], "delivered": True, "done": True,
    }]  # fmt: skip
    assert (entry["source"], entry["dropped"], log["pending"]) == ("registry", False, 0)


def test_creates_publish_on_their_kanaal_like_open_zaak(nrc: RunningSimulator) -> None:
    zaaktype = _zaaktype(nrc, "PARK-VERG")
    zaak = _new_zaak(nrc, zaaktype)
    iot = nrc.get(zaaktype["informatieobjecttypen"][0])
    document = _created(nrc.request("POST", "documenten/api/v1/enkelvoudiginformatieobjecten", json={
        "bronorganisatie": RSIN, "creatiedatum": "2026-01-05", "titel": "Brief", "auteur": "Gemeente",
        "taal": "nld", "informatieobjecttype": iot["url"],
    }))  # fmt: skip
    zio = _created(nrc.request("POST", "zaken/api/v1/zaakinformatieobjecten",
                               json={"zaak": zaak["url"], "informatieobject": document["url"]}))  # fmt: skip
    catalogus = _created(nrc.request("POST", "catalogi/api/v1/catalogussen",
                                     json={"domein": "NOTIF", "rsin": RSIN, "contactpersoonBeheerNaam": "B"}))  # fmt: skip

    messages = [_without_stamp(m) for m in nrc.messages()]

    assert (
        [(m["kanaal"], m["resource"], m["hoofdObject"], m["resourceUrl"]) for m in messages]
        == [
            ("zaken", "zaak", zaak["url"], zaak["url"]),
            ("documenten", "enkelvoudiginformatieobject", document["url"], document["url"]),
            ("zaken", "zaakinformatieobject", zaak["url"], zio["url"]),
        ]
    )  # the catalogus (no kanaal in Open Zaak) and the document's objectinformatieobject mirror publish nothing
    assert catalogus["url"] not in str(messages)
    assert messages[1]["kenmerken"] == {
        "bronorganisatie": RSIN, "informatieobjecttype": iot["url"], "vertrouwelijkheidaanduiding":
        document["vertrouwelijkheidaanduiding"], "informatieobjecttype.catalogus": iot["catalogus"],
    }  # fmt: skip


def test_zaak_patch_put_and_delete(nrc: RunningSimulator, receiver: Receiver) -> None:
    zaaktype = _zaaktype(nrc, "MOR")
    zaak = _new_zaak(nrc, zaaktype, omschrijving="Eerst")
    status = _new_status(nrc, zaak, zaaktype)
    _created(_subscribe(nrc, receiver.url(), ("zaken", {})))
    before = nrc.request("GET", zaak["url"])

    patched = nrc.patch(zaak["url"], {"omschrijving": "Gewijzigd", "vertrouwelijkheidaanduiding": "geheim"})
    assert patched.status_code == 200, patched.text
    assert patched.headers["content-crs"] == "EPSG:4326"
    after = nrc.get(zaak["url"])
    assert patched.json() == after
    changed = {"omschrijving": "Gewijzigd", "vertrouwelijkheidaanduiding": "geheim"}
    assert {**before.json(), **changed, "laatstGemuteerd": after["laatstGemuteerd"]} == after
    assert after["laatstGemuteerd"] > before.json()["laatstGemuteerd"]
    assert nrc.request("GET", zaak["url"]).headers["etag"] != before.headers["etag"]
    put_body = {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "zaaktype": zaaktype["url"],
                "startdatum": "2026-01-06"}  # fmt: skip
    assert nrc.put(zaak["url"], put_body).json()["startdatum"] == "2026-01-06"
    trail = nrc.get(zaak["url"] + "/audittrail")
    assert [(e["actie"], e["resultaat"]) for e in trail if e["resource"] == "zaak"] == [
        ("create", 201),
        ("partial_update", 200),
        ("update", 200),
    ]
    deleted = nrc.delete(zaak["url"])
    nrc.wait_notifications()

    assert (deleted.status_code, deleted.content, "content-type" in deleted.headers) == (204, b"", False)
    assert nrc.request("GET", zaak["url"]).status_code == 404
    assert nrc.request("GET", status["url"]).status_code == 404  # the children went with it
    bodies = [_without_stamp(r.body) for r in receiver.at()]
    geheim = {**_zaak_kenmerken(zaak, zaaktype), "vertrouwelijkheidaanduiding": "geheim"}
    assert bodies == [
        {"kanaal": "zaken", "hoofdObject": zaak["url"], "resource": "zaak", "resourceUrl": zaak["url"],
         "actie": actie, "kenmerken": geheim}
        for actie in ("partial_update", "update", "destroy")
    ]  # fmt: skip
    assert all(r.authorization == AUTH for r in receiver.at())


def test_zaak_update_validation(nrc: RunningSimulator) -> None:
    zaaktype = _zaaktype(nrc, "MOR")
    zaak = _new_zaak(nrc, zaaktype)
    other = _zaaktype(nrc, "PARK-VERG")
    nrc.clear_notifications()

    def problems(response: httpx.Response) -> list[tuple[str, str]]:
        assert response.status_code == 400, response.text
        return [(p["name"], p["code"]) for p in response.json()["invalidParams"]]

    assert problems(nrc.put(zaak["url"], {"omschrijving": "x"})) == [
        ("bronorganisatie", "required"), ("zaaktype", "required"), ("verantwoordelijkeOrganisatie", "required"),
        ("startdatum", "required"),
    ]  # fmt: skip
    assert problems(nrc.patch(zaak["url"], {"zaaktype": other["url"]})) == [
        ("zaaktype", "wijzigen-niet-toegelaten")
    ]
    assert problems(nrc.patch(zaak["url"], {"identificatie": "ANDERS"})) == [
        ("identificatie", "wijzigen-niet-toegelaten")
    ]
    assert problems(nrc.patch(zaak["url"], {"startdatum": "morgen"})) == [("startdatum", "invalid")]
    no_crs = httpx.patch(
        zaak["url"], json={"omschrijving": "x"}, headers={"Authorization": nrc.headers()["Authorization"]}
    )
    assert no_crs.status_code == 412
    nrc.add_client("alleen-lezen", "alleen-lezen-secret", scopes=["zaken.lezen"], zaaktypen=[zaaktype["url"]])
    reader = {**nrc.headers("alleen-lezen", "alleen-lezen-secret")}
    assert httpx.patch(zaak["url"], json={"omschrijving": "x"}, headers=reader).status_code == 403
    assert httpx.delete(zaak["url"], headers=reader).status_code == 403
    assert httpx.get(nrc.url(NRC + "abonnement"), headers=reader).status_code == 403  # no notificaties scope
    assert nrc.messages() == []  # a refused write publishes nothing


def test_filters_pick_the_abonnementen(nrc: RunningSimulator, receiver: Receiver) -> None:
    park = _zaaktype(nrc, "PARK-VERG")
    mor = _zaaktype(nrc, "MOR")
    _created(_subscribe(nrc, receiver.url("/park"), ("zaken", {"zaaktype": park["url"]})))
    _created(_subscribe(nrc, receiver.url("/geheim"), ("zaken", {"vertrouwelijkheidaanduiding": "geheim",
                                                                  "bronorganisatie": "*"})))  # fmt: skip
    _created(_subscribe(nrc, receiver.url("/documenten"), ("documenten", {})))
    _created(_subscribe(nrc, receiver.url("/beide"), ("documenten", {}), ("zaken", {"zaaktype": mor["url"]})))

    park_zaak = _new_zaak(nrc, park)
    geheim_zaak = _new_zaak(nrc, mor, vertrouwelijkheidaanduiding="geheim")
    nrc.wait_notifications()

    def reached(path: str) -> list[str]:
        return [r.body["resourceUrl"] for r in receiver.at(path)]

    assert reached("/park") == [park_zaak["url"]]
    assert reached("/geheim") == [geheim_zaak["url"]]
    assert reached("/documenten") == []
    assert reached("/beide") == [geheim_zaak["url"]]


def test_failed_deliveries_are_retried_in_order(nrc: RunningSimulator, receiver: Receiver) -> None:
    zaaktype = _zaaktype(nrc, "PARK-VERG")
    zaak = _new_zaak(nrc, zaaktype)
    _created(_subscribe(nrc, receiver.url(), ("zaken", {})))
    receiver.answers["/callback"] = [500, 503]

    statussen = [_new_status(nrc, zaak, zaaktype)["url"] for _ in range(3)]
    log = nrc.wait_notifications()

    urls = [r.body["resourceUrl"] for r in receiver.at()]
    assert urls == [statussen[0]] * 3 + statussen[1:]  # the first is retried before the next goes out
    assert [(d["attempts"], d["statuses"], d["delivered"]) for n in log["notifications"] for d in n["deliveries"]] == [
        (3, [500, 503, 204], True), (1, [204], True), (1, [204], True)
    ]  # fmt: skip

    nrc.set_notifications(max_retries=1)
    receiver.answers["/callback"] = [500, 500]
    _new_status(nrc, zaak, zaaktype)
    [last] = nrc.wait_notifications()["notifications"][-1]["deliveries"]
    assert (last["attempts"], last["statuses"], last["delivered"], last["done"]) == (
        2,
        [500, 500],
        False,
        True,
    )


def test_deliver_false_drops_notifications(nrc: RunningSimulator, receiver: Receiver) -> None:
    zaaktype = _zaaktype(nrc, "PARK-VERG")
    _created(_subscribe(nrc, receiver.url(), ("zaken", {})))
    assert nrc.set_notifications(deliver=False)["deliver"] is False

    lost = _new_zaak(nrc, zaaktype)
    nrc.set_notifications(deliver=True)
    kept = _new_zaak(nrc, zaaktype)
    log = nrc.wait_notifications()

    assert [
        (n["message"]["resourceUrl"], n["dropped"], len(n["deliveries"])) for n in log["notifications"]
    ] == [(lost["url"], True, 0), (kept["url"], False, 1)]
    assert [r.body["resourceUrl"] for r in receiver.at()] == [kept["url"]]


def test_deleting_the_abonnement_stops_delivery(nrc: RunningSimulator, receiver: Receiver) -> None:
    zaaktype = _zaaktype(nrc, "PARK-VERG")
    abonnement = _created(_subscribe(nrc, receiver.url(), ("zaken", {})))
    first = _new_zaak(nrc, zaaktype)
    nrc.wait_notifications()

    assert nrc.delete(abonnement["url"]).status_code == 204
    assert nrc.request("GET", abonnement["url"]).status_code == 404
    _new_zaak(nrc, zaaktype)
    log = nrc.wait_notifications()

    assert [r.body["resourceUrl"] for r in receiver.at()] == [first["url"]]
    assert [len(n["deliveries"]) for n in log["notifications"]] == [1, 0]


def test_publishing_through_the_api(nrc: RunningSimulator, receiver: Receiver) -> None:
    _created(_subscribe(nrc, receiver.url(), ("zaaktypen", {"catalogus": "http://example.org/catalogus/1"})))
    message = {"kanaal": "zaaktypen", "hoofdObject": "http://example.org/zaaktype/1", "resource": "zaaktype",
               "resourceUrl": "http://example.org/zaaktype/1", "actie": "update",
               "aanmaakdatum": "2026-01-05T10:00:00Z", "kenmerken": {"catalogus": "http://example.org/catalogus/1"}}  # fmt: skip

    published = nrc.request("POST", NRC + "notificaties", json=message)
    unknown = nrc.request("POST", NRC + "notificaties", json={**message, "kanaal": "onbekend"})
    incomplete = nrc.request("POST", NRC + "notificaties", json={"kanaal": "zaaktypen"})
    nrc.wait_notifications()

    assert (published.status_code, published.json()) == (201, message)
    assert [(p["name"], p["code"]) for p in unknown.json()["invalidParams"]] == [("kanaal", "message_kanaal")]
    assert sorted(p["name"] for p in incomplete.json()["invalidParams"]) == [
        "aanmaakdatum",
        "actie",
        "hoofdObject",
        "resource",
        "resourceUrl",
    ]
    assert [r.body for r in receiver.at()] == [message]


def test_changing_an_abonnement_checks_the_callback_again(nrc: RunningSimulator, receiver: Receiver) -> None:
    abonnement = _created(_subscribe(nrc, receiver.url("/old"), ("zaken", {})))
    receiver.reset()
    receiver.answers["/new"] = [401, 500]

    refused = nrc.request("PATCH", abonnement["url"], json={"callbackUrl": receiver.url("/new")})
    moved = nrc.request("PATCH", abonnement["url"], json={"callbackUrl": receiver.url("/new"), "auth": AUTH})
    zaak = _new_zaak(nrc, _zaaktype(nrc, "PARK-VERG"))
    nrc.wait_notifications()

    assert refused.status_code == 400
    assert [p["code"] for p in refused.json()["invalidParams"]] == ["invalid-callback-url"]
    assert moved.status_code == 200, moved.text
    assert moved.json() == {**abonnement, "callbackUrl": receiver.url("/new")}  # PATCH keeps the kanalen
    assert [(r.authorization, r.body["kanaal"]) for r in receiver.received] == [
        (None, "test"),
        (None, "test"),
        (None, "test"),
        (AUTH, "test"),
        (AUTH, "zaken"),
    ]  # each change: without auth (must be refused), then with the auth given (none on the first PATCH)
    assert receiver.at("/new")[0].body["resourceUrl"] == zaak["url"]
    assert receiver.at("/old") == []
