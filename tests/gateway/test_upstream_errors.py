"""What a client sees when the registry says no, breaks, hangs or is gone: typed errors on the fields that
failed, the rest of the answer intact, and never a 500 or a traceback."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gateway.testing import free_port
from simulator.testing import RunningSimulator
from tests.gateway.helpers import ask, codes, data_of, everything, rest
from tests.support import Gateway, registry_for, run_gateway

ZAKEN = "zaken/api/v1/zaken"
SHORT_TIMEOUT_S = 0.5


def test_unknown_zaak_uuid_is_null_with_not_found(gateway: Gateway, clean: RunningSimulator) -> None:
    missing = str(uuid.uuid4())

    body = ask(gateway, f'{{ zaak(uuid: "{missing}") {{ url identificatie }} }}')

    assert body["data"] == {"zaak": None}
    [error] = body["errors"]
    assert error["path"] == ["zaak"]
    assert {k: error["extensions"][k] for k in ("code", "registry", "upstreamStatus")} == {
        "code": "NOT_FOUND",
        "registry": "sim",
        "upstreamStatus": 404,
    }
    assert [(r["path"], r["status"]) for r in clean.requests()["requests"]] == [(f"/{ZAKEN}/{missing}", 404)]


def test_unknown_document_url_is_null_with_not_found_and_the_rest_answers(
    gateway: Gateway, simulator: RunningSimulator
) -> None:
    zaak = rest(simulator, ZAKEN)["results"][0]
    missing = simulator.url(f"documenten/api/v1/enkelvoudiginformatieobjecten/{uuid.uuid4()}")

    body = ask(
        gateway,
        f'{{ gone: document(url: "{missing}") {{ titel }} here: zaak(url: "{zaak["url"]}") {{ identificatie }} }}',
    )

    assert body["data"] == {"gone": None, "here": {"identificatie": zaak["identificatie"]}}
    assert codes(body) == [(("gone",), "NOT_FOUND")]


def test_a_url_with_characters_a_url_cannot_carry_is_quoted_and_not_found(
    gateway: Gateway, clean: RunningSimulator
) -> None:
    typed = clean.url("zaken/api/v1/statussen/niet bestaand é")

    body = ask(gateway, f'{{ status(url: "{typed}") {{ url }} }}')

    assert body["data"] == {"status": None}
    assert codes(body) == [(("status",), "NOT_FOUND")]
    # it reached the registry quoted, which read the path back as it was typed
    [request] = clean.requests()["requests"]
    assert (request["path"], request["status"]) == ("/zaken/api/v1/statussen/niet bestaand é", 404)


@pytest.mark.parametrize(
    "make_url",
    [
        lambda s: f"https://zaken.elders.example/zaken/api/v1/zaken/{uuid.uuid4()}",
        lambda s: s.base_url.replace("127.0.0.1", "localhost") + f"zaken/api/v1/zaken/{uuid.uuid4()}",
        lambda s: s.base_url.rstrip("/") + "0/zaken/api/v1/zaken/" + str(uuid.uuid4()),
        lambda s: s.base_url + "zaken/api/v1/zaken/../../../_admin/requests",
    ],
    ids=["other-host", "same-server-other-name", "other-port", "dot-dot-out-of-the-api"],
)
def test_zaak_url_outside_the_registries_is_never_fetched(
    make_url: Any, gateway: Gateway, clean: RunningSimulator
) -> None:
    url = make_url(clean)

    body = ask(
        gateway,
        "query($url: String!, $id: ID!) { zaak(url: $url) { url } node(id: $id) { url } }",
        {"url": url, "id": url},
    )

    assert body["data"] == {"zaak": None, "node": None}
    assert codes(body) == [(("node",), "URL_NOT_ALLOWED"), (("zaak",), "URL_NOT_ALLOWED")]
    assert clean.requests()["count"] == 0


# -- a client that may see only some zaaktypen ---------------------------------------------------------------

RESTRICTED_ID = "gateway-tests-restricted"
RESTRICTED_SECRET = "restricted-secret-for-the-gateway-tests"


@pytest.fixture(scope="module")
def allowed_zaaktype(simulator: RunningSimulator) -> str:
    """The zaaktype of the first zaak: the only one the restricted client may see."""
    zaaktype: str = rest(simulator, ZAKEN)["results"][0]["zaaktype"]
    simulator.add_client(
        RESTRICTED_ID,
        RESTRICTED_SECRET,
        scopes=["zaken.lezen", "documenten.lezen", "besluiten.lezen", "catalogi.lezen"],
        zaaktypen=[zaaktype],
        max_vertrouwelijkheidaanduiding="zeer_geheim",
    )
    return zaaktype


@pytest.fixture(scope="module")
def restricted(simulator: RunningSimulator, allowed_zaaktype: str) -> Iterator[Gateway]:
    registry = registry_for(simulator, client_id=RESTRICTED_ID, secret=RESTRICTED_SECRET)
    with run_gateway([registry]) as running:
        yield running


def _as_restricted(simulator: RunningSimulator, path: str) -> dict[str, Any]:
    response = httpx.get(simulator.url(path), headers=simulator.headers(RESTRICTED_ID, RESTRICTED_SECRET))
    response.raise_for_status()
    result: dict[str, Any] = response.json()
    return result


def test_restricted_client_gets_forbidden_for_a_zaak_outside_its_zaaktypen(
    restricted: Gateway, simulator: RunningSimulator, allowed_zaaktype: str
) -> None:
    every = everything(simulator, ZAKEN)
    allowed = next(z for z in every if z["zaaktype"] == allowed_zaaktype)
    forbidden = next(z for z in every if z["zaaktype"] != allowed_zaaktype)

    body = ask(
        restricted,
        "query($a: String!, $f: String!) { a: zaak(url: $a) { identificatie } f: zaak(url: $f) { identificatie } }",
        {"a": allowed["url"], "f": forbidden["url"]},
    )

    assert body["data"] == {"a": {"identificatie": allowed["identificatie"]}, "f": None}
    [error] = body["errors"]
    assert (error["path"], error["extensions"]["code"], error["extensions"]["registry"]) == (
        ["f"],
        "FORBIDDEN",
        "sim",
    )


def test_restricted_client_sees_a_shorter_list_without_errors(
    restricted: Gateway, gateway: Gateway, simulator: RunningSimulator, allowed_zaaktype: str
) -> None:
    query = "{ zaken(first: 500) { totalCount nodes { url zaaktype { url } } } }"

    mine = data_of(restricted, query)
    everyone = data_of(gateway, query)

    registry = _as_restricted(simulator, ZAKEN)
    assert mine == {
        "zaken": {
            "totalCount": registry["count"],
            "nodes": [{"url": z["url"], "zaaktype": {"url": allowed_zaaktype}} for z in registry["results"]],
        }
    }
    assert 0 < mine["zaken"]["totalCount"] < everyone["zaken"]["totalCount"]


# -- the registry breaks ---------------------------------------------------------------------------------------


def test_upstream_500_on_zaaktypen_nulls_only_the_zaaktypen(
    uncached: Gateway, clean: RunningSimulator
) -> None:
    clean.set_faults(error_rate=1, statuses=[500], path_regex="zaaktypen")

    body = ask(
        uncached,
        "{ zaken(first: 6) { totalCount nodes { identificatie zaaktype { omschrijving } status { url } } } }",
    )

    registry = rest(clean, ZAKEN)
    first = registry["results"][:6]
    assert body["data"] == {
        "zaken": {
            "totalCount": registry["count"],
            "nodes": [
                {"identificatie": z["identificatie"], "zaaktype": None, "status": {"url": z["status"]}}
                for z in first
            ],
        }
    }
    assert [
        (e["path"], e["extensions"]["code"], e["extensions"]["upstreamStatus"], e["extensions"]["registry"])
        for e in body["errors"]
    ] == [(["zaken", "nodes", i, "zaaktype"], "UPSTREAM_ERROR", 500, "sim") for i in range(6)]
    failed = {r["path"] for r in clean.requests()["requests"] if r["resource"] == "zaaktypen"}
    assert failed == {"/" + z["zaaktype"][len(clean.base_url) :] for z in first}


def test_a_failing_zaken_list_is_an_upstream_error_not_an_empty_success(
    gateway: Gateway, clean: RunningSimulator
) -> None:
    clean.set_faults(error_rate=1, statuses=[503], path_regex="zaken/api/v1/zaken$")

    body = ask(gateway, "{ zaken(first: 3) { nodes { url } } }")

    assert body["data"] == {"zaken": None}  # null with the error, never an empty success
    assert [
        (e["path"], e["extensions"]["code"], e["extensions"].get("upstreamStatus")) for e in body["errors"]
    ] == [(["zaken"], "UPSTREAM_ERROR", 503)]


@pytest.mark.parametrize("fault", ["malformed_rate", "truncate_rate", "reset_rate"])
def test_broken_bodies_are_upstream_errors(fault: str, uncached: Gateway, clean: RunningSimulator) -> None:
    zaak = rest(clean, ZAKEN)["results"][0]
    clean.set_faults(**{fault: 1, "path_regex": "statussen|zaaktypen"})

    body = ask(
        uncached,
        f'{{ zaak(url: "{zaak["url"]}") {{ identificatie zaaktype {{ url omschrijving }} statussen {{ url }} }} }}',
    )

    assert body["data"] == {
        "zaak": {"identificatie": zaak["identificatie"], "zaaktype": None, "statussen": None}
    }
    assert codes(body) == [
        (("zaak", "statussen"), "UPSTREAM_ERROR"),
        (("zaak", "zaaktype"), "UPSTREAM_ERROR"),
    ]
    assert {e["extensions"]["registry"] for e in body["errors"]} == {"sim"}


@pytest.fixture(scope="module")
def impatient(simulator: RunningSimulator) -> Iterator[Gateway]:
    with run_gateway(
        [registry_for(simulator, timeout_s=SHORT_TIMEOUT_S)], catalogue_cache_ttl_s=0
    ) as running:
        yield running


def test_a_hanging_registry_path_times_out_within_the_timeout(
    impatient: Gateway, clean: RunningSimulator
) -> None:
    zaak = rest(clean, ZAKEN)["results"][0]
    clean.set_faults(timeout_rate=1, path_regex="zaaktypen")

    started = time.monotonic()
    body = ask(impatient, f'{{ zaak(url: "{zaak["url"]}") {{ identificatie zaaktype {{ omschrijving }} }} }}')
    elapsed = time.monotonic() - started

    assert body["data"] == {"zaak": {"identificatie": zaak["identificatie"], "zaaktype": None}}
    assert [(e["path"], e["extensions"]["code"], e["extensions"]["registry"]) for e in body["errors"]] == [
        (["zaak", "zaaktype"], "UPSTREAM_TIMEOUT", "sim")
    ]
    assert SHORT_TIMEOUT_S * 0.9 <= elapsed < SHORT_TIMEOUT_S + 1.0


def test_a_hanging_root_list_times_out_too(impatient: Gateway, clean: RunningSimulator) -> None:
    clean.set_faults(timeout_rate=1, path_regex="zaken/api/v1/zaken$")

    started = time.monotonic()
    body = ask(impatient, "{ zaken(first: 2) { nodes { url } } }")

    assert time.monotonic() - started < SHORT_TIMEOUT_S + 1.0
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [(["zaken"], "UPSTREAM_TIMEOUT")]
    assert body["data"] == {"zaken": None}  # null with the error, never an empty success


# -- the registry is gone ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def orphaned(simulator: RunningSimulator) -> Iterator[Gateway]:
    """A gateway whose registry listens nowhere (a port nothing is bound to)."""
    registry = registry_for(simulator, name="gone", base_url=f"http://127.0.0.1:{free_port()}/")
    with run_gateway([registry]) as running:
        yield running


def test_a_stopped_registry_is_an_upstream_error(orphaned: Gateway) -> None:
    body = ask(
        orphaned, f'{{ zaak(uuid: "{uuid.uuid4()}") {{ url }} zaken(first: 1) {{ nodes {{ url }} }} }}'
    )

    assert body["data"] == {"zaak": None, "zaken": None}
    assert sorted(
        (tuple(e["path"]), e["extensions"]["code"], e["extensions"]["registry"]) for e in body["errors"]
    ) == [
        (("zaak",), "UPSTREAM_ERROR", "gone"),
        (("zaken",), "UPSTREAM_ERROR", "gone"),
    ]


def test_readyz_fails_while_healthz_passes_when_the_registry_is_gone(
    orphaned: Gateway, gateway: Gateway
) -> None:
    def get(gw: Gateway, path: str) -> httpx.Response:
        return httpx.get(gw.url.removesuffix("/graphql") + path, timeout=30)

    ready, healthy = get(orphaned, "/readyz"), get(orphaned, "/healthz")
    good_ready, good_healthy = get(gateway, "/readyz"), get(gateway, "/healthz")

    assert (ready.status_code, healthy.status_code) == (503, 200)
    assert (good_ready.status_code, good_healthy.status_code) == (200, 200)
    assert ready.json()["status"] == "not ready" and ready.json()["registries"]["gone"].startswith(
        "UPSTREAM_ERROR"
    )
    assert good_ready.json() == {"status": "ready", "registries": {"sim": "ok"}}
    assert "Traceback" not in ready.text


def test_a_metadata_service_url_is_refused_while_the_rest_answers(
    gateway: Gateway, clean: RunningSimulator
) -> None:
    zaak = rest(clean, ZAKEN)["results"][0]
    clean.reset_requests()

    body = ask(
        gateway,
        f'{{ zaak(url: "{zaak["url"]}") {{ identificatie }} node(id: "http://169.254.169.254/latest/meta-data") {{ url }} }}',
    )

    assert body["data"] == {"zaak": {"identificatie": zaak["identificatie"]}, "node": None}
    assert codes(body) == [(("node",), "URL_NOT_ALLOWED")]
    assert [r["resource"] for r in clean.requests()["requests"]] == ["zaken"]


# -- a client without the Catalogi scope, and the whole request's deadline ------------------------------------


@pytest.fixture(scope="module")
def no_catalogi(simulator: RunningSimulator) -> Iterator[Gateway]:
    """May read every zaak, but the Catalogi API says 403 to it."""
    zaaktypen = [t["url"] for t in everything(simulator, "catalogi/api/v1/zaaktypen")]
    simulator.add_client(
        "gateway-tests-no-catalogi",
        "no-catalogi-secret-for-the-gateway-tests",
        scopes=["zaken.lezen"],
        zaaktypen=zaaktypen,
        max_vertrouwelijkheidaanduiding="zeer_geheim",
    )
    registry = registry_for(
        simulator, client_id="gateway-tests-no-catalogi", secret="no-catalogi-secret-for-the-gateway-tests"
    )
    with run_gateway([registry]) as running:
        yield running


def test_a_link_the_client_may_not_read_is_forbidden_and_the_rest_answers(
    no_catalogi: Gateway, simulator: RunningSimulator
) -> None:
    zaken = rest(simulator, ZAKEN)["results"][:3]

    body = ask(
        no_catalogi,
        "{ zaken(first: 3) { nodes { identificatie zaaktype { omschrijving } status { url } } } }",
    )

    assert body["data"] == {
        "zaken": {
            "nodes": [
                {"identificatie": z["identificatie"], "zaaktype": None, "status": {"url": z["status"]}}
                for z in zaken
            ]
        }
    }
    assert [
        (e["path"], e["extensions"]["code"], e["extensions"]["upstreamStatus"]) for e in body["errors"]
    ] == [(["zaken", "nodes", i, "zaaktype"], "FORBIDDEN", 403) for i in range(3)]


@pytest.fixture(scope="module")
def hurried(simulator: RunningSimulator) -> Iterator[Gateway]:
    """Patient with each registry call (10 s), but the whole request must be done in half a second."""
    with run_gateway(
        [registry_for(simulator, timeout_s=10.0)], request_timeout_s=SHORT_TIMEOUT_S, catalogue_cache_ttl_s=0
    ) as running:
        yield running


def test_the_request_deadline_bounds_a_hanging_backend_call(
    hurried: Gateway, clean: RunningSimulator
) -> None:
    zaak = rest(clean, ZAKEN)["results"][0]
    clean.set_faults(timeout_rate=1, path_regex="statussen")

    started = time.monotonic()
    body = ask(hurried, f'{{ zaak(url: "{zaak["url"]}") {{ identificatie statussen {{ url }} }} }}')
    elapsed = time.monotonic() - started

    assert elapsed < SHORT_TIMEOUT_S + 1.0
    assert body["data"] == {"zaak": {"identificatie": zaak["identificatie"], "statussen": None}}
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["zaak", "statussen"], "UPSTREAM_TIMEOUT")
    ]


# -- what an error may carry -----------------------------------------------------------------------------------


def test_a_filter_value_the_registry_refuses_is_a_bad_request_with_its_problem(
    gateway: Gateway, clean: RunningSimulator
) -> None:
    refused = httpx.get(
        clean.url(ZAKEN), params={"zaaktype": "not-a-url"}, headers=clean.headers(), timeout=30
    )
    assert refused.status_code == 400
    clean.reset_requests()

    body = ask(gateway, '{ zaken(first: 5, filter: {zaaktype: "not-a-url"}) { nodes { url } } }')

    [error] = body["errors"]
    assert (error["path"], error["extensions"]["code"], error["extensions"]["upstreamStatus"]) == (
        ["zaken"],
        "BAD_REQUEST",
        400,
    )
    problem = {k: v for k, v in refused.json().items() if k != "instance"}
    assert {k: v for k, v in error["extensions"]["problem"].items() if k != "instance"} == problem
    assert body["data"] == {"zaken": None}  # null with the error, never an empty success
    assert [r["status"] for r in clean.requests()["requests"]] == [400]


def test_no_bsn_token_or_secret_in_any_answer(gateway: Gateway, clean: RunningSimulator) -> None:
    bsn = clean.summary()["bsns"][0]["bsn"]
    token = clean.token()
    clean.set_faults(error_rate=1, statuses=[500, 502, 503], path_regex="zaken/api/v1/(zaken|rollen)$")
    query = """query($bsn: String!) {
        failing: zaken(filter: {rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn: $bsn}) { nodes { url } }
        zaak(uuid: "00000000-0000-4000-8000-000000000002") { url }
    }"""

    response = _traced_post(gateway, query, {"bsn": bsn})

    _assert_no_secrets(response.text, bsn, token, clean.secret)
    assert sorted(e["extensions"]["code"] for e in response.json()["errors"]) == [
        "NOT_FOUND",
        "UPSTREAM_ERROR",
    ]


def _traced_post(gateway: Gateway, query: str, variables: dict[str, Any]) -> httpx.Response:
    response = gateway.post(query, variables, headers={"X-ZaakGraph-Trace": "1"})
    assert response.status_code == 200
    return response


def _assert_no_secrets(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text
    assert "Bearer" not in text and "Authorization" not in text


@pytest.mark.parametrize("fault", ["malformed_rate", "truncate_rate", "reset_rate"])
def test_a_broken_root_list_is_an_upstream_error(
    fault: str, gateway: Gateway, clean: RunningSimulator
) -> None:
    clean.set_faults(**{fault: 1, "path_regex": "zaken/api/v1/zaken$"})

    body = ask(gateway, "{ zaken(first: 3) { nodes { url } } }")

    assert body["data"] == {"zaken": None}  # null with the error, never an empty success
    assert [(e["path"], e["extensions"]["code"], e["extensions"]["registry"]) for e in body["errors"]] == [
        (["zaken"], "UPSTREAM_ERROR", "sim")
    ]


def test_restricted_client_gets_forbidden_for_documents_it_may_not_read(
    restricted: Gateway, simulator: RunningSimulator, allowed_zaaktype: str
) -> None:
    """The client may read the zaak, not its documents (no informatieobjecttypen): the link fails, the zaak answers."""
    zaak = next(
        z
        for z in everything(simulator, ZAKEN)
        if z["zaaktype"] == allowed_zaaktype and z["zaakinformatieobjecten"]
    )

    body = ask(
        restricted,
        f'{{ zaak(url: "{zaak["url"]}") {{ identificatie zaakinformatieobjecten {{ url }} documenten {{ titel }} }} }}',
    )

    zios = everything(simulator, "zaken/api/v1/zaakinformatieobjecten", zaak=zaak["url"])
    assert body["data"] == {
        "zaak": {
            "identificatie": zaak["identificatie"],
            "zaakinformatieobjecten": [{"url": z["url"]} for z in zios],
            "documenten": None,
        }
    }
    assert {(tuple(e["path"][:2]), e["extensions"]["code"]) for e in body["errors"]} == {
        (("zaak", "documenten"), "FORBIDDEN")
    }


def test_a_link_into_an_api_the_registry_is_not_configured_with_is_no_retryable_error(
    clean: RunningSimulator,
) -> None:
    # A registry configured with its Zaken and Catalogi APIs only: a zaak's besluiten live in a Besluiten API
    # it has none of. Nothing is asked for them, and asking again would not help.
    registry = registry_for(
        clean,
        base_url=None,
        zaken_url=clean.base_url + "zaken/api/v1/",
        catalogi_url=clean.base_url + "catalogi/api/v1/",
    )
    with run_gateway([registry]) as gateway:
        body = ask(gateway, "{ zaken(first: 2) { nodes { identificatie besluiten { datum } } } }")

    nodes = body["data"]["zaken"]["nodes"]
    assert len(nodes) == 2 and all(node["identificatie"] for node in nodes)
    errors = [e for e in body["errors"] if e["path"][-1] == "besluiten"]
    assert len(errors) == 2
    for error in errors:
        assert "has no besluiten API" in error["message"]
        assert (error["extensions"]["code"], error["extensions"]["retryable"]) == ("UPSTREAM_ERROR", False)
