"""The planner reads the whole selection ahead of execution: fragments, directives and aliases must load
exactly what the query asks, no more and no less, and answer like the plain query."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import ask, codes, data_of, everything, pick, rest
from tests.support import Gateway

PLAIN = """query($url: String!) { zaak(url: $url) {
    identificatie
    zaaktype { omschrijving catalogus { naam } }
    status { statustype { omschrijving } }
    rollen { roltype { omschrijving } }
} }"""


@pytest.fixture(scope="module")
def zaak(simulator: RunningSimulator) -> dict[str, Any]:
    found: dict[str, Any] = next(z for z in everything(simulator, "zaken/api/v1/zaken") if z["resultaat"])
    return found


@pytest.fixture(scope="module")
def plain(gateway: Gateway, zaak: dict[str, Any], simulator: RunningSimulator) -> dict[str, Any]:
    data = data_of(gateway, PLAIN, {"url": zaak["url"]})
    zaaktype = rest(simulator, zaak["zaaktype"])
    assert data["zaak"]["identificatie"] == zaak["identificatie"]
    assert data["zaak"]["zaaktype"] == {
        "omschrijving": zaaktype["omschrijving"],
        "catalogus": {"naam": rest(simulator, zaaktype["catalogus"])["naam"]},
    }
    return data


@pytest.mark.parametrize(
    "query",
    [
        """query($url: String!) { zaak(url: $url) { ...Z } }
           fragment Z on Zaak { identificatie zaaktype { ...T } status { ...S } rollen { ...R } }
           fragment T on ZaakType { omschrijving catalogus { naam } }
           fragment S on Status { statustype { omschrijving } }
           fragment R on Rol { roltype { omschrijving } }""",
        """query($url: String!) { zaak(url: $url) {
             ... on Zaak { identificatie zaaktype { ... on ZaakType { omschrijving } } }
             ... { status { ... on Status { statustype { omschrijving } } } rollen { roltype { omschrijving } } }
             zaaktype { catalogus { ... on Node { url } ... on Catalogus { naam } } }
           } }""",
        """query($url: String!) { zaak(url: $url) {
             identificatie zaaktype { omschrijving } zaaktype { catalogus { naam } }
             status { statustype { omschrijving } } rollen { roltype { omschrijving } }
           } }""",
    ],
    ids=["named-fragments", "inline-fragments", "repeated-fields"],
)
def test_fragments_load_what_they_select(
    query: str, gateway: Gateway, zaak: dict[str, Any], plain: dict[str, Any], simulator: RunningSimulator
) -> None:
    data = data_of(gateway, query, {"url": zaak["url"]})

    expected = plain["zaak"]
    if "on Node" in query:
        expected = {
            **expected,
            "zaaktype": {
                **expected["zaaktype"],
                "catalogus": {
                    "url": rest(simulator, zaak["zaaktype"])["catalogus"],
                    **expected["zaaktype"]["catalogus"],
                },
            },
        }
    assert data == {"zaak": expected}


def test_aliases_of_one_link_with_different_selections(
    gateway: Gateway, zaak: dict[str, Any], simulator: RunningSimulator
) -> None:
    data = data_of(
        gateway,
        """query($url: String!) { zaak(url: $url) {
            a: zaaktype { url } b: zaaktype { omschrijving } status: zaaktype { identificatie }
            zaaktype: status { url }
        } }""",
        {"url": zaak["url"]},
    )

    zaaktype = rest(simulator, zaak["zaaktype"])
    assert data == {
        "zaak": {
            "a": {"url": zaaktype["url"]},
            "b": {"omschrijving": zaaktype["omschrijving"]},
            "status": {"identificatie": zaaktype["identificatie"]},
            "zaaktype": {"url": zaak["status"]},
        }
    }


def test_typename_inside_links(gateway: Gateway, zaak: dict[str, Any]) -> None:
    data = data_of(
        gateway,
        "query($url: String!) { zaak(url: $url) { __typename zaaktype { __typename } status { __typename statustype { __typename } } resultaat { __typename resultaattype { __typename } } rollen { __typename } } }",
        {"url": zaak["url"]},
    )

    assert data["zaak"] == {
        "__typename": "Zaak",
        "zaaktype": {"__typename": "ZaakType"},
        "status": {"__typename": "Status", "statustype": {"__typename": "StatusType"}},
        "resultaat": {"__typename": "Resultaat", "resultaattype": {"__typename": "ResultaatType"}},
        "rollen": [{"__typename": "Rol"}] * len(zaak["rollen"]),
    }


def test_skip_and_include_with_literals_fetch_only_what_remains(
    gateway: Gateway, zaak: dict[str, Any], clean: RunningSimulator
) -> None:
    body = ask(
        gateway,
        "query($url: String!) { zaak(url: $url) { identificatie status @skip(if: true) { statustype { omschrijving } } rollen @include(if: false) { url } resultaat @include(if: true) { toelichting } } }",
        {"url": zaak["url"]},
    )

    assert body == {
        "data": {
            "zaak": {
                "identificatie": zaak["identificatie"],
                "resultaat": {"toelichting": rest(clean, zaak["resultaat"])["toelichting"]},
            }
        }
    }


def test_skip_and_include_with_variables(
    gateway: Gateway, zaak: dict[str, Any], clean: RunningSimulator
) -> None:
    query = """query($url: String!, $yes: Boolean!, $no: Boolean!) { zaak(url: $url) {
        identificatie
        status @skip(if: $yes) { statustype { omschrijving } }
        rollen @include(if: $no) { url }
        resultaat @include(if: $yes) { toelichting }
    } }"""

    body = ask(gateway, query, {"url": zaak["url"], "yes": True, "no": False})

    log = [r["resource"] for r in clean.requests()["requests"]]
    resultaat = rest(clean, zaak["resultaat"])
    assert body == {
        "data": {
            "zaak": {
                "identificatie": zaak["identificatie"],
                "resultaat": {"toelichting": resultaat["toelichting"]},
            }
        }
    }
    assert sorted(log) == ["resultaten", "zaken"]


@pytest.mark.parametrize(
    "field, argument, path",
    [
        ("zaak", "url", "zaken/api/v1/zaken"),
        ("zaaktype", "url", "catalogi/api/v1/zaaktypen"),
        ("document", "url", "documenten/api/v1/enkelvoudiginformatieobjecten"),
        ("node", "id", "zaken/api/v1/zaken"),
        ("node", "id", "besluiten/api/v1/besluiten"),
    ],
)
def test_a_collection_url_is_not_an_object(
    field: str, argument: str, path: str, gateway: Gateway, clean: RunningSimulator
) -> None:
    body = ask(gateway, f'{{ x: {field}({argument}: "{clean.url(path)}") {{ url }} }}')

    assert body["data"] == {"x": None}
    assert codes(body) == [(("x",), "BAD_REQUEST")]
    assert clean.requests()["count"] == 0


def test_node_of_a_nested_resource(gateway: Gateway, simulator: RunningSimulator) -> None:
    zaak = next(z for z in everything(simulator, "zaken/api/v1/zaken") if z["eigenschappen"])
    eigenschap = rest(simulator, zaak["eigenschappen"][0])

    data = data_of(
        gateway,
        "query($id: ID!) { node(id: $id) { __typename id ... on ZaakEigenschap { naam waarde zaak { url } } } }",
        {"id": eigenschap["url"]},
    )

    assert data == {
        "node": {
            "__typename": "ZaakEigenschap",
            "id": eigenschap["url"],
            **pick(eigenschap, "naam", "waarde"),
            "zaak": {"url": zaak["url"]},
        }
    }  # type: ignore[dict-item]
