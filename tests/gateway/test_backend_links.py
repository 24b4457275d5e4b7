"""Links in the registry's own data are followed only inside the configured registries, and the ways the
gateway finds many objects at once (`_zoek`, `expand`) give the same answer as one by one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import ask, codes, data_of, everything, pick, rest
from tests.support import Gateway, registry_for, run_gateway

ZAKEN = "zaken/api/v1/zaken"


@pytest.fixture(scope="module")
def zaken_only(simulator: RunningSimulator) -> Iterator[Gateway]:
    """A gateway that knows only this registry's Zaken API: its catalogue and documents are outside."""
    registry = registry_for(simulator, base_url=None, zaken_url=simulator.base_url + "zaken/api/v1/")
    with run_gateway([registry], catalogue_cache_ttl_s=0) as running:
        yield running


def test_links_in_backend_data_outside_the_registries_are_not_followed(
    zaken_only: Gateway, clean: RunningSimulator
) -> None:
    zaken = everything(clean, ZAKEN)[:3]
    clean.reset_requests()

    body = ask(
        zaken_only,
        "{ zaken(first: 3) { nodes { identificatie zaaktype { omschrijving } documenten { titel } } } }",
    )

    assert body["data"] == {
        "zaken": {
            "nodes": [
                {"identificatie": z["identificatie"], "zaaktype": None, "documenten": None} for z in zaken
            ]
        }
    }
    assert {(e["path"][3], e["extensions"]["code"]) for e in body["errors"]} == {
        ("zaaktype", "URL_NOT_ALLOWED"),
        ("documenten", "URL_NOT_ALLOWED"),
    }
    assert {r["api"] for r in clean.requests()["requests"]} == {"zaken"}


def test_a_link_outside_the_registries_still_gives_its_url(
    zaken_only: Gateway, clean: RunningSimulator
) -> None:
    zaken = everything(clean, ZAKEN)[:3]
    clean.reset_requests()

    data = data_of(zaken_only, "{ zaken(first: 3) { nodes { zaaktype { url } } } }")

    assert data == {"zaken": {"nodes": [{"zaaktype": {"url": z["zaaktype"]}} for z in zaken]}}
    assert [r["resource"] for r in clean.requests()["requests"]] == ["zaken"]


def _aliased(urls: list[str]) -> str:
    return "{ " + " ".join(f'z{i}: zaak(url: "{u}") {{ identificatie }}' for i, u in enumerate(urls)) + " }"


def test_a_zaak_the_zoek_does_not_return_is_asked_for_on_its_own(
    gateway: Gateway, clean: RunningSimulator
) -> None:
    zaken = rest(clean, ZAKEN)["results"][:3]
    missing = zaken[0]["url"].rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000001"
    clean.reset_requests()

    body = ask(gateway, _aliased([z["url"] for z in zaken] + [missing]))

    assert body["data"] == {
        **{f"z{i}": {"identificatie": z["identificatie"]} for i, z in enumerate(zaken)},
        "z3": None,
    }
    assert codes(body) == [(("z3",), "NOT_FOUND")]
    assert [(r["method"], r["path"], r["status"]) for r in clean.requests()["requests"]] == [
        ("POST", f"/{ZAKEN}/_zoek", 200),
        ("GET", "/" + missing[len(clean.base_url) :], 404),
    ]


def test_when_the_zoek_fails_each_zaak_is_asked_for_on_its_own(
    gateway: Gateway, clean: RunningSimulator
) -> None:
    zaken = rest(clean, ZAKEN)["results"][:4]
    clean.set_faults(error_rate=1, statuses=[500], path_regex="_zoek")
    clean.reset_requests()

    data = data_of(gateway, _aliased([z["url"] for z in zaken]))

    assert data == {f"z{i}": {"identificatie": z["identificatie"]} for i, z in enumerate(zaken)}
    log = [(r["method"], r["path"], r["status"]) for r in clean.requests()["requests"]]
    assert log[0] == ("POST", f"/{ZAKEN}/_zoek", 500)
    assert sorted(log[1:]) == sorted(("GET", "/" + z["url"][len(clean.base_url) :], 200) for z in zaken)


@pytest.fixture(scope="module")
def expanding(simulator: RunningSimulator) -> Iterator[Gateway]:
    with run_gateway([registry_for(simulator, use_expand=True)], catalogue_cache_ttl_s=0) as running:
        yield running


RICH = """query($bsn: String!) { zaken(first: 25, filter: {rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn: $bsn}) {
    totalCount
    nodes {
        identificatie
        zaaktype { url omschrijving catalogus { naam } }
        status { url statustype { omschrijving } }
        resultaat { toelichting resultaattype { omschrijving } }
        rollen { omschrijving betrokkeneIdentificatie { inpBsn } }
        documenten { titel informatieobjecttype { omschrijving } }
    }
} }"""


def test_expand_gives_the_same_answer_with_fewer_requests(
    expanding: Gateway, uncached: Gateway, clean: RunningSimulator
) -> None:
    variables = {"bsn": clean.bsn()}

    plain = data_of(uncached, RICH, variables)
    plain_requests = clean.requests()["count"]
    clean.reset_requests()
    expanded = data_of(expanding, RICH, variables)
    expanded_requests = clean.requests()["count"]

    assert expanded == plain
    assert expanded_requests < plain_requests
    zaken = everything(clean, ZAKEN, rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=clean.bsn())
    assert [pick(n, "identificatie") for n in plain["zaken"]["nodes"]] == [
        pick(z, "identificatie") for z in zaken[:25]
    ]
    assert any(n["resultaat"] for n in plain["zaken"]["nodes"]) and any(
        n["documenten"] for n in plain["zaken"]["nodes"]
    )


def test_expand_with_a_failing_catalogue_still_answers_the_zaken(
    expanding: Gateway, clean: RunningSimulator
) -> None:
    zaken: list[dict[str, Any]] = rest(clean, ZAKEN)["results"][:5]
    omschrijvingen = [rest(clean, z["zaaktype"])["omschrijving"] for z in zaken]
    clean.set_faults(error_rate=1, statuses=[500], path_regex="zaaktypen")

    body = ask(
        expanding, "{ zaken(first: 5) { nodes { identificatie status { url } zaaktype { omschrijving } } } }"
    )

    assert [n["identificatie"] for n in body["data"]["zaken"]["nodes"]] == [z["identificatie"] for z in zaken]
    assert [n["status"] for n in body["data"]["zaken"]["nodes"]] == [{"url": z["status"]} for z in zaken]
    zaaktypen = [n["zaaktype"] for n in body["data"]["zaken"]["nodes"]]
    failed = {tuple(e["path"]) for e in body.get("errors", [])}
    for i, zaaktype in enumerate(zaaktypen):  # either expand brought it along, or it failed on its own
        assert (zaaktype is None) == (("zaken", "nodes", i, "zaaktype") in failed)
        if zaaktype is not None:
            assert zaaktype == {"omschrijving": omschrijvingen[i]}
