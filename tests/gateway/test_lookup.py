"""One object by url, by uuid and by Relay `node(id:)`, and what is refused before anything is fetched."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import ask, codes, data_of, everything, pick, rest
from tests.support import Gateway

NODE_QUERY = """
query($id: ID!) {
  node(id: $id) {
    __typename id url uuid
    ... on Zaak { identificatie zaaktype { url } }
    ... on Status { datumStatusGezet zaak { url } }
    ... on Rol { omschrijving roltype { url } }
    ... on EnkelvoudigInformatieObject { titel informatieobjecttype { url } }
    ... on Besluit { identificatie besluittype { url } }
    ... on ZaakType { identificatie catalogus { url } }
    ... on StatusType { omschrijving volgnummer }
    ... on Catalogus { naam }
  }
}
"""

# type name -> (registry list, the fields the fragment above selects, links as {field: attribute})
NODE_TYPES: dict[str, tuple[str, tuple[str, ...], dict[str, str]]] = {
    "Zaak": ("zaken/api/v1/zaken", ("identificatie",), {"zaaktype": "zaaktype"}),
    "Status": ("zaken/api/v1/statussen", ("datumStatusGezet",), {"zaak": "zaak"}),
    "Rol": ("zaken/api/v1/rollen", ("omschrijving",), {"roltype": "roltype"}),
    "EnkelvoudigInformatieObject": (
        "documenten/api/v1/enkelvoudiginformatieobjecten",
        ("titel",),
        {"informatieobjecttype": "informatieobjecttype"},
    ),
    "Besluit": ("besluiten/api/v1/besluiten", ("identificatie",), {"besluittype": "besluittype"}),
    "ZaakType": ("catalogi/api/v1/zaaktypen", ("identificatie",), {"catalogus": "catalogus"}),
    "StatusType": ("catalogi/api/v1/statustypen", ("omschrijving", "volgnummer"), {}),
    "Catalogus": ("catalogi/api/v1/catalogussen", ("naam",), {}),
}


def _uuid(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("type_name", list(NODE_TYPES))
def test_node_by_id_resolves_each_type(type_name: str, gateway: Gateway, simulator: RunningSimulator) -> None:
    path, fields, links = NODE_TYPES[type_name]
    resource = rest(simulator, path)["results"][-1]

    data = data_of(gateway, NODE_QUERY, {"id": resource["url"]})

    expected: dict[str, Any] = {
        "__typename": type_name,
        "id": resource["url"],
        "url": resource["url"],
        "uuid": _uuid(resource["url"]),
        **pick(resource, *fields),  # type: ignore[dict-item]
        **{field: {"url": resource[attribute]} for field, attribute in links.items()},
    }
    assert data == {"node": expected}


def test_zaak_by_url_and_by_uuid_agree_with_the_registry(
    gateway: Gateway, simulator: RunningSimulator
) -> None:
    zaak = everything(simulator, "zaken/api/v1/zaken")[7]
    selection = "url uuid identificatie omschrijving startdatum einddatum zaaktype { url identificatie }"

    data = data_of(
        gateway,
        f"query($url: String!, $uuid: ID!) {{ byUrl: zaak(url: $url) {{ {selection} }} byUuid: zaak(uuid: $uuid) {{ {selection} }} }}",
        {"url": zaak["url"], "uuid": zaak["uuid"]},
    )

    expected = {
        **pick(zaak, "url", "uuid", "identificatie", "omschrijving", "startdatum", "einddatum"),  # type: ignore[dict-item]
        "zaaktype": pick(rest(simulator, zaak["zaaktype"]), "url", "identificatie"),
    }
    assert data == {"byUrl": expected, "byUuid": expected}


@pytest.mark.parametrize(
    "field, path, fields",
    [
        ("document", "documenten/api/v1/enkelvoudiginformatieobjecten", ("url", "titel", "identificatie")),
        ("besluit", "besluiten/api/v1/besluiten", ("url", "identificatie", "datum")),
        ("zaaktype", "catalogi/api/v1/zaaktypen", ("url", "identificatie", "omschrijving")),
        ("rol", "zaken/api/v1/rollen", ("url", "omschrijving", "roltoelichting")),
        ("informatieobjecttype", "catalogi/api/v1/informatieobjecttypen", ("url", "omschrijving")),
    ],
)
def test_one_object_by_uuid(
    field: str, path: str, fields: tuple[str, ...], gateway: Gateway, simulator: RunningSimulator
) -> None:
    resource = rest(simulator, path)["results"][1]

    data = data_of(gateway, f'{{ {field}(uuid: "{_uuid(resource["url"])}") {{ {" ".join(fields)} }} }}')

    assert data == {field: pick(resource, *fields)}


def test_zaakeigenschap_by_url(gateway: Gateway, simulator: RunningSimulator) -> None:
    zaak = next(z for z in everything(simulator, "zaken/api/v1/zaken") if z["eigenschappen"])
    eigenschap = rest(simulator, zaak["eigenschappen"][0])

    data = data_of(
        gateway,
        "query($url: String!) { zaakeigenschap(url: $url) { url naam waarde zaak { url } eigenschap { url } } }",
        {"url": eigenschap["url"]},
    )

    assert data == {
        "zaakeigenschap": {
            **pick(eigenschap, "url", "naam", "waarde"),  # type: ignore[dict-item]
            "zaak": {"url": zaak["url"]},
            "eigenschap": {"url": eigenschap["eigenschap"]},
        }
    }


@pytest.mark.parametrize(
    "arguments",
    ["", 'url: "{url}", uuid: "{uuid}"', 'uuid: "not-a-uuid"', 'url: "{status}"'],
    ids=["neither", "both", "bad-uuid", "url-of-another-type"],
)
def test_a_wrong_lookup_is_a_bad_request_and_fetches_nothing(
    arguments: str, gateway: Gateway, clean: RunningSimulator
) -> None:
    zaak = rest(clean, "zaken/api/v1/zaken")["results"][0]
    argument_text = arguments.format(url=zaak["url"], uuid=zaak["uuid"], status=zaak["status"])
    query = f"{{ zaak({argument_text}) {{ url }} }}" if argument_text else "{ zaak { url } }"
    clean.reset_requests()

    body = ask(gateway, query)

    assert body["data"] == {"zaak": None}
    assert codes(body) == [(("zaak",), "BAD_REQUEST")]
    assert clean.requests()["count"] == 0


ROOT_FIELDS = [
    ("status", "Status", "zaken/api/v1/statussen"),
    ("resultaat", "Resultaat", "zaken/api/v1/resultaten"),
    ("rol", "Rol", "zaken/api/v1/rollen"),
    ("zaakobject", "ZaakObject", "zaken/api/v1/zaakobjecten"),
    ("zaakinformatieobject", "ZaakInformatieObject", "zaken/api/v1/zaakinformatieobjecten"),
    ("objectinformatieobject", "ObjectInformatieObject", "documenten/api/v1/objectinformatieobjecten"),
    ("besluitinformatieobject", "BesluitInformatieObject", "besluiten/api/v1/besluitinformatieobjecten"),
    ("catalogus", "Catalogus", "catalogi/api/v1/catalogussen"),
    ("statustype", "StatusType", "catalogi/api/v1/statustypen"),
    ("resultaattype", "ResultaatType", "catalogi/api/v1/resultaattypen"),
    ("roltype", "RolType", "catalogi/api/v1/roltypen"),
    ("eigenschap", "Eigenschap", "catalogi/api/v1/eigenschappen"),
    ("besluittype", "BesluitType", "catalogi/api/v1/besluittypen"),
    (
        "zaaktypeInformatieobjecttype",
        "ZaakTypeInformatieObjectType",
        "catalogi/api/v1/zaaktype-informatieobjecttypen",
    ),
]


@pytest.mark.parametrize("field, type_name, path", ROOT_FIELDS, ids=[f for f, _, _ in ROOT_FIELDS])
def test_every_object_by_uuid_by_url_and_as_node(
    field: str, type_name: str, path: str, gateway: Gateway, simulator: RunningSimulator
) -> None:
    resource = everything(simulator, path)[-1]
    uuid = _uuid(resource["url"])

    data = data_of(
        gateway,
        f"query($url: String!, $uuid: ID!, $id: ID!) {{ byUrl: {field}(url: $url) {{ __typename id uuid }} byUuid: {field}(uuid: $uuid) {{ url }} node(id: $id) {{ __typename url }} }}",
        {"url": resource["url"], "uuid": uuid, "id": resource["url"]},
    )

    assert data == {
        "byUrl": {"__typename": type_name, "id": resource["url"], "uuid": uuid},
        "byUuid": {"url": resource["url"]},
        "node": {"__typename": type_name, "url": resource["url"]},
    }
