from __future__ import annotations

import time

import httpx

from simulator.auth import make_token
from simulator.testing import ZAKEN_HEADERS, RunningSimulator


def _get(sim: RunningSimulator, path: str, token: str | None, **params: str) -> httpx.Response:
    headers = dict(ZAKEN_HEADERS)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.get(sim.url(path), headers=headers, params=params or None)


def test_no_token_is_403_permission_denied(sim: RunningSimulator) -> None:
    response = _get(sim, "zaken/api/v1/zaken", None)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["code"] == "permission_denied"
    assert set(body) == {"type", "code", "title", "status", "detail", "instance"}
    assert body["type"] == sim.base_url + "ref/fouten/PermissionDenied/"


def test_wrong_secret_expired_unknown_client_and_garbage(sim: RunningSimulator) -> None:
    cases = {
        "invalid-jwt-signature": make_token(sim.client_id, "wrong-secret"),
        "jwt-expired": make_token(sim.client_id, sim.secret, iat=time.time() - 7200),
        "invalid-client-identifier": make_token("nobody", "whatever"),
        "jwt-decode-error": "not.a.jwt",
    }
    for code, token in cases.items():
        response = _get(sim, "zaken/api/v1/zaken", token)
        assert response.status_code == 403, code
        assert response.json()["code"] == code


def test_valid_token_reads(sim: RunningSimulator) -> None:
    assert _get(sim, "zaken/api/v1/zaken", sim.token()).status_code == 200


def _zaaktype_urls(sim: RunningSimulator) -> dict[str, str]:
    return {z["identificatie"]: z["url"] for z in sim.get("catalogi/api/v1/zaaktypen")["results"]}


def test_restricted_client_sees_only_its_zaaktypen(sim: RunningSimulator) -> None:
    zaaktypen = _zaaktype_urls(sim)
    sim.add_client(
        "mor-only", "mor-secret", scopes=["zaken.lezen", "catalogi.lezen"], zaaktypen=[zaaktypen["MOR"]],
        max_vertrouwelijkheidaanduiding="zeer_geheim",
    )  # fmt: skip
    token = make_token("mor-only", "mor-secret")
    all_zaken = sim.get("zaken/api/v1/zaken")["results"]
    mine = _get(sim, "zaken/api/v1/zaken", token).json()
    expected = [z["url"] for z in all_zaken if z["zaaktype"] == zaaktypen["MOR"]]
    assert [z["url"] for z in mine["results"]] == expected
    assert mine["count"] == len(expected) > 0
    other = next(z for z in all_zaken if z["zaaktype"] != zaaktypen["MOR"])
    forbidden = _get(sim, other["url"], token)
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "permission_denied"
    own = next(z for z in all_zaken if z["zaaktype"] == zaaktypen["MOR"])
    assert _get(sim, own["url"], token).status_code == 200
    # sub-resources follow their zaak
    statussen = _get(sim, "zaken/api/v1/statussen", token).json()
    assert {s["zaak"] for s in statussen["results"]} <= set(expected)


def test_vertrouwelijkheid_ceiling(sim: RunningSimulator) -> None:
    zaaktypen = _zaaktype_urls(sim)
    sim.add_client(
        "openbaar-only", "s3cret", scopes=["zaken.lezen"], zaaktypen=list(zaaktypen.values()),
        max_vertrouwelijkheidaanduiding="openbaar",
    )  # fmt: skip
    token = make_token("openbaar-only", "s3cret")
    seen = _get(sim, "zaken/api/v1/zaken", token).json()["results"]
    assert seen
    assert {z["vertrouwelijkheidaanduiding"] for z in seen} == {"openbaar"}


def test_client_without_scope_gets_403_on_list(sim: RunningSimulator) -> None:
    sim.add_client("nothing", "nothing-secret")
    token = make_token("nothing", "nothing-secret")
    assert _get(sim, "zaken/api/v1/zaken", token).status_code == 403
    assert _get(sim, "catalogi/api/v1/zaaktypen", token).status_code == 403


def test_expand_of_something_forbidden_is_403(sim: RunningSimulator) -> None:
    zaaktypen = _zaaktype_urls(sim)
    sim.add_client(
        "no-catalogi", "no-catalogi-secret", scopes=["zaken.lezen"], zaaktypen=list(zaaktypen.values())
    )
    token = make_token("no-catalogi", "no-catalogi-secret")
    zaak = sim.get("zaken/api/v1/zaken")["results"][0]
    assert _get(sim, zaak["url"], token).status_code == 200
    assert _get(sim, zaak["url"], token, expand="zaaktype").status_code == 403


def test_documents_and_besluiten_follow_their_types(sim: RunningSimulator) -> None:
    iots = {i["omschrijving"]: i["url"] for i in sim.get("catalogi/api/v1/informatieobjecttypen")["results"]}
    besluittypen = sim.get("catalogi/api/v1/besluittypen")["results"]
    sim.add_client(
        "docs-openbaar", "docs-secret", scopes=["documenten.lezen", "besluiten.lezen"],
        informatieobjecttypen=list(iots.values()), besluittypen=[besluittypen[0]["url"]],
        max_vertrouwelijkheidaanduiding="beperkt_openbaar",
    )  # fmt: skip
    token = make_token("docs-openbaar", "docs-secret")
    everything = sim.get("documenten/api/v1/enkelvoudiginformatieobjecten", pageSize=500)["results"]
    seen = _get(sim, "documenten/api/v1/enkelvoudiginformatieobjecten", token, pageSize="500").json()[
        "results"
    ]
    allowed = {"openbaar", "beperkt_openbaar"}
    assert [e["url"] for e in seen] == [
        e["url"] for e in everything if e["vertrouwelijkheidaanduiding"] in allowed
    ]
    secret = next(e for e in everything if e["vertrouwelijkheidaanduiding"] not in allowed)
    assert _get(sim, secret["url"], token).status_code == 403
    assert _get(sim, secret["inhoud"], token).status_code == 403
    besluiten = sim.get("besluiten/api/v1/besluiten")["results"]
    mine = _get(sim, "besluiten/api/v1/besluiten", token).json()["results"]
    assert [b["url"] for b in mine] == [
        b["url"] for b in besluiten if b["besluittype"] == besluittypen[0]["url"]
    ]


def test_token_without_iat_is_refused_and_future_iat_accepted(sim: RunningSimulator) -> None:
    import jwt

    no_iat = jwt.encode({"iss": sim.client_id, "client_id": sim.client_id}, sim.secret, algorithm="HS256")
    response = _get(sim, "catalogi/api/v1/zaaktypen", no_iat)
    assert response.status_code == 403
    assert response.json()["code"] == "jwt-missing-iat-claim"
    future = make_token(sim.client_id, sim.secret, iat=time.time() + 600)
    assert _get(sim, "catalogi/api/v1/zaaktypen", future).status_code == 200
