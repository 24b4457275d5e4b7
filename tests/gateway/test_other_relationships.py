"""Links of documents, besluiten and the catalogue, both directions, compared with the registry's REST API."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import aliased, ask, data_of, everything, pick, rest
from tests.support import Gateway


def _one(gateway: Gateway, field: str, url: str, selection: str) -> Any:
    return ask(gateway, f'{{ x: {field}(url: "{url}") {{ url {selection} }} }}')


def _oios(simulator: RunningSimulator, document: dict[str, Any], object_type: str) -> list[dict[str, Any]]:
    oios = everything(
        simulator, "documenten/api/v1/objectinformatieobjecten", informatieobject=document["url"]
    )
    return [o for o in oios if o["objectType"] == object_type]


@pytest.fixture(scope="module")
def documents(simulator: RunningSimulator) -> list[dict[str, Any]]:
    """A document of a zaak and a document of a besluit."""
    oios = everything(simulator, "documenten/api/v1/objectinformatieobjecten")
    of_zaak = next(o for o in oios if o["objectType"] == "zaak")
    of_besluit = next(o for o in oios if o["objectType"] == "besluit")
    return [rest(simulator, of_zaak["informatieobject"]), rest(simulator, of_besluit["informatieobject"])]


@pytest.mark.parametrize("which", [0, 1], ids=["of-a-zaak", "of-a-besluit"])
def test_document_links(
    which: int, gateway: Gateway, simulator: RunningSimulator, documents: list[dict[str, Any]]
) -> None:
    document = documents[which]
    selection = """
        titel
        informatieobjecttype { url omschrijving }
        zaken { url identificatie }
        besluiten { url identificatie }
        objectinformatieobjecten { url object }
        gebruiksrechten { url }
    """

    body = _one(gateway, "document", document["url"], selection)

    oios = everything(
        simulator, "documenten/api/v1/objectinformatieobjecten", informatieobject=document["url"]
    )
    expected = {
        "url": document["url"],
        "titel": document["titel"],
        "informatieobjecttype": pick(
            rest(simulator, document["informatieobjecttype"]), "url", "omschrijving"
        ),
        "zaken": [
            pick(rest(simulator, o["object"]), "url", "identificatie")
            for o in _oios(simulator, document, "zaak")
        ],
        "besluiten": [
            pick(rest(simulator, o["object"]), "url", "identificatie")
            for o in _oios(simulator, document, "besluit")
        ],
        "objectinformatieobjecten": [pick(o, "url", "object") for o in oios],
        "gebruiksrechten": [
            pick(g, "url")
            for g in everything(
                simulator, "documenten/api/v1/gebruiksrechten", informatieobject=document["url"]
            )
        ],
    }
    assert body == {"data": {"x": expected}}
    assert expected["zaken"] if which == 0 else expected["besluiten"]


def test_besluit_links(gateway: Gateway, simulator: RunningSimulator) -> None:
    besluiten = everything(simulator, "besluiten/api/v1/besluiten")
    selection = """
        identificatie
        besluittype { url omschrijving }
        zaak { url identificatie }
        documenten { url titel }
        besluitinformatieobjecten { url informatieobject { url } besluit { url } }
    """
    query = (
        "{ "
        + " ".join(f'b{i}: besluit(url: "{b["url"]}") {{ url {selection} }}' for i, b in enumerate(besluiten))
        + " }"
    )

    body = ask(gateway, query)

    def expected(besluit: dict[str, Any]) -> dict[str, Any]:
        bios = everything(simulator, "besluiten/api/v1/besluitinformatieobjecten", besluit=besluit["url"])
        return {
            "url": besluit["url"],
            "identificatie": besluit["identificatie"],
            "besluittype": pick(rest(simulator, besluit["besluittype"]), "url", "omschrijving"),
            "zaak": pick(rest(simulator, besluit["zaak"]), "url", "identificatie")
            if besluit["zaak"]
            else None,
            "documenten": [pick(rest(simulator, b["informatieobject"]), "url", "titel") for b in bios],
            "besluitinformatieobjecten": [
                {
                    "url": b["url"],
                    "informatieobject": {"url": b["informatieobject"]},
                    "besluit": {"url": besluit["url"]},
                }
                for b in bios
            ],
        }

    assert body == {"data": {f"b{i}": expected(b) for i, b in enumerate(besluiten)}}
    assert besluiten and all(b["zaak"] for b in besluiten)


def test_zaaktype_links(gateway: Gateway, simulator: RunningSimulator) -> None:
    zaaktypen = everything(simulator, "catalogi/api/v1/zaaktypen")
    selection = """
        identificatie
        catalogus { url naam }
        statustypen { url omschrijving volgnummer }
        resultaattypen { url omschrijving }
        roltypen { url omschrijving }
        eigenschappen { url naam }
        informatieobjecttypen { url omschrijving }
        besluittypen { url omschrijving }
        deelzaaktypen { url identificatie }
    """
    query = aliased("zaaktype", [z["url"] for z in zaaktypen], f"url {selection}")

    body = ask(gateway, query)

    def children(resource: str, zaaktype: dict[str, Any], *fields: str) -> list[Any]:
        return [
            pick(c, "url", *fields)
            for c in everything(simulator, f"catalogi/api/v1/{resource}", zaaktype=zaaktype["url"])
        ]

    def expected(zaaktype: dict[str, Any]) -> dict[str, Any]:
        zits = everything(
            simulator, "catalogi/api/v1/zaaktype-informatieobjecttypen", zaaktype=zaaktype["url"]
        )
        return {
            "url": zaaktype["url"],
            "identificatie": zaaktype["identificatie"],
            "catalogus": pick(rest(simulator, zaaktype["catalogus"]), "url", "naam"),
            "statustypen": children("statustypen", zaaktype, "omschrijving", "volgnummer"),
            "resultaattypen": children("resultaattypen", zaaktype, "omschrijving"),
            "roltypen": children("roltypen", zaaktype, "omschrijving"),
            "eigenschappen": children("eigenschappen", zaaktype, "naam"),
            "informatieobjecttypen": [
                pick(rest(simulator, z["informatieobjecttype"]), "url", "omschrijving") for z in zits
            ],
            "besluittypen": [
                pick(rest(simulator, u), "url", "omschrijving") for u in zaaktype["besluittypen"]
            ],
            "deelzaaktypen": [
                pick(rest(simulator, u), "url", "identificatie") for u in zaaktype["deelzaaktypen"]
            ],
        }

    expected_data = {f"z{i}": expected(z) for i, z in enumerate(zaaktypen)}
    assert body == {"data": expected_data}
    for link in (
        "statustypen",
        "resultaattypen",
        "roltypen",
        "eigenschappen",
        "informatieobjecttypen",
        "besluittypen",
        "deelzaaktypen",
    ):
        assert any(z[link] for z in expected_data.values()), link


@pytest.mark.parametrize(
    "resource, field",
    [
        ("statustypen", "statustype"),
        ("resultaattypen", "resultaattype"),
        ("roltypen", "roltype"),
        ("eigenschappen", "eigenschap"),
    ],
)
def test_zaaktype_children_point_back_at_their_zaaktype(
    resource: str, field: str, gateway: Gateway, simulator: RunningSimulator
) -> None:
    items = everything(simulator, f"catalogi/api/v1/{resource}")
    query = (
        "{ "
        + " ".join(
            f'c{i}: {field}(url: "{c["url"]}") {{ url zaaktype {{ url identificatie }} }}'
            for i, c in enumerate(items)
        )
        + " }"
    )

    body = ask(gateway, query)

    assert body == {
        "data": {
            f"c{i}": {
                "url": c["url"],
                "zaaktype": pick(rest(simulator, c["zaaktype"]), "url", "identificatie"),
            }
            for i, c in enumerate(items)
        }
    }
    assert items


def test_informatieobjecttypen_and_besluittypen_point_back(
    gateway: Gateway, simulator: RunningSimulator
) -> None:
    iots = everything(simulator, "catalogi/api/v1/informatieobjecttypen")
    besluittypen = everything(simulator, "catalogi/api/v1/besluittypen")
    query = (
        "{ "
        + " ".join(
            f'i{i}: informatieobjecttype(url: "{t["url"]}") {{ url catalogus {{ url }} zaaktypen {{ url identificatie }} besluittypen {{ url omschrijving }} }}'
            for i, t in enumerate(iots)
        )
        + " "
        + " ".join(
            f'b{i}: besluittype(url: "{t["url"]}") {{ url catalogus {{ url }} zaaktypen {{ url identificatie }} informatieobjecttypen {{ url omschrijving }} }}'
            for i, t in enumerate(besluittypen)
        )
        + " }"
    )

    body = ask(gateway, query)

    def many(urls: list[str], field: str) -> list[Any]:
        return [pick(rest(simulator, u), "url", field) for u in urls]

    expected = {
        **{
            f"i{i}": {
                "url": t["url"],
                "catalogus": {"url": t["catalogus"]},
                "zaaktypen": many(t["zaaktypen"], "identificatie"),
                "besluittypen": many(t["besluittypen"], "omschrijving"),
            }
            for i, t in enumerate(iots)
        },
        **{
            f"b{i}": {
                "url": t["url"],
                "catalogus": {"url": t["catalogus"]},
                "zaaktypen": many(t["zaaktypen"], "identificatie"),
                "informatieobjecttypen": many(t["informatieobjecttypen"], "omschrijving"),
            }
            for i, t in enumerate(besluittypen)
        },
    }
    assert body == {"data": expected}
    assert any(t["besluittypen"] for t in iots) and any(t["zaaktypen"] for t in besluittypen)


def test_catalogus_lists_its_types(gateway: Gateway, simulator: RunningSimulator) -> None:
    catalogus = everything(simulator, "catalogi/api/v1/catalogussen")[0]

    data = data_of(
        gateway,
        "query($url: String!) { catalogus(url: $url) { url naam zaaktypen { url } besluittypen { url } informatieobjecttypen { url } } }",
        {"url": catalogus["url"]},
    )

    def of(resource: str) -> list[dict[str, str]]:
        return [
            pick(t, "url")
            for t in everything(simulator, f"catalogi/api/v1/{resource}", catalogus=catalogus["url"])
        ]  # type: ignore[misc]

    expected = {
        "url": catalogus["url"],
        "naam": catalogus["naam"],
        "zaaktypen": of("zaaktypen"),
        "besluittypen": of("besluittypen"),
        "informatieobjecttypen": of("informatieobjecttypen"),
    }
    assert data == {"catalogus": expected}
    assert expected["zaaktypen"] and expected["besluittypen"] and expected["informatieobjecttypen"]


def test_zaaktype_informatieobjecttype_links(gateway: Gateway, simulator: RunningSimulator) -> None:
    zit = everything(simulator, "catalogi/api/v1/zaaktype-informatieobjecttypen")[0]

    data = data_of(
        gateway,
        "query($url: String!) { zaaktypeInformatieobjecttype(url: $url) { url volgnummer zaaktype { url identificatie } informatieobjecttype { url omschrijving } } }",
        {"url": zit["url"]},
    )

    assert data == {
        "zaaktypeInformatieobjecttype": {
            "url": zit["url"],
            "volgnummer": zit["volgnummer"],
            "zaaktype": pick(rest(simulator, zit["zaaktype"]), "url", "identificatie"),
            "informatieobjecttype": pick(rest(simulator, zit["informatieobjecttype"]), "url", "omschrijving"),
        }
    }
