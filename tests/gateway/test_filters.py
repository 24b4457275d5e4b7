"""List filters and ordering: the gateway's answer equals the registry's own answer to the same ZGW query.

Filter input fields carry the ZGW parameter names, so each case is one dict: sent as the GraphQL `filter`
variable, and (list values comma-joined) as query parameters to the registry. Each case must select some,
not all, of the list, so a filter that is silently dropped fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import data_of, everything, rest
from tests.support import Gateway

Case = Callable[[RunningSimulator], dict[str, Any]]


def _rest(filter: dict[str, Any]) -> dict[str, str]:
    def encode(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return ",".join(encode(v) for v in value)
        return str(value)

    return {name: encode(value) for name, value in filter.items()}


def _zaken(simulator: RunningSimulator) -> list[dict[str, Any]]:
    return everything(simulator, "zaken/api/v1/zaken")


def _median_start(simulator: RunningSimulator) -> str:
    starts = sorted(z["startdatum"] for z in _zaken(simulator))
    return starts[len(starts) // 2]


ZAAK_FILTERS: dict[str, Case] = {
    "bsn": lambda s: {"rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": s.bsn()},
    "zaaktype": lambda s: {"zaaktype": _zaken(s)[0]["zaaktype"]},
    "startdatum__gte": lambda s: {"startdatum__gte": _median_start(s)},
    "startdatum__lt": lambda s: {"startdatum__lt": _median_start(s)},
    "startdatum range": lambda s: {"startdatum__gte": "2025-01-01", "startdatum__lt": "2026-01-01"},
    "einddatum__isnull true": lambda s: {"einddatum__isnull": True},
    "einddatum__isnull false": lambda s: {"einddatum__isnull": False},
    "archiefnominatie__in": lambda s: {"archiefnominatie__in": ["vernietigen"]},
    "archiefnominatie": lambda s: {"archiefnominatie": "blijvend_bewaren"},
    "identificatie": lambda s: {"identificatie": _zaken(s)[3]["identificatie"]},
    "maximaleVertrouwelijkheidaanduiding": lambda s: {"maximaleVertrouwelijkheidaanduiding": "openbaar"},
    "rol__betrokkeneType": lambda s: {"rol__betrokkeneType": "niet_natuurlijk_persoon"},
    "rol__omschrijvingGeneriek and bsn": lambda s: {
        "rol__omschrijvingGeneriek": "initiator",
        "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": s.summary()["bsns"][1]["bsn"],
    },
    "status__statustype": lambda s: {"status__statustype": rest(s, _zaken(s)[1]["status"])["statustype"]},
    "resultaat__resultaattype": lambda s: {
        "resultaat__resultaattype": rest(s, next(z for z in _zaken(s) if z["resultaat"])["resultaat"])[
            "resultaattype"
        ]
    },
    "registratiedatum__gt": lambda s: {"registratiedatum__gt": _median_start(s)},
}


@pytest.mark.parametrize("case", list(ZAAK_FILTERS))
def test_zaken_filter_matches_the_registry(case: str, gateway: Gateway, simulator: RunningSimulator) -> None:
    filter = ZAAK_FILTERS[case](simulator)

    data = data_of(
        gateway,
        "query($filter: ZaakFilter) { zaken(filter: $filter, first: 500) { totalCount nodes { url identificatie } } }",
        {"filter": filter},
    )

    registry = everything(simulator, "zaken/api/v1/zaken", **_rest(filter))
    assert data == {
        "zaken": {
            "totalCount": len(registry),
            "nodes": [{"url": z["url"], "identificatie": z["identificatie"]} for z in registry],
        }
    }
    assert 0 < len(registry) < len(_zaken(simulator))


def test_bsn_filter_finds_the_citizen_with_most_zaken(gateway: Gateway, simulator: RunningSimulator) -> None:
    top = simulator.summary()["bsns"][0]

    data = data_of(
        gateway,
        "query($bsn: String!) { zaken(filter: {rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn: $bsn}, first: 100) { totalCount nodes { rollen { betrokkeneIdentificatie { inpBsn } } } } }",
        {"bsn": top["bsn"]},
    )

    assert data["zaken"]["totalCount"] == top["zaken"]
    assert len(data["zaken"]["nodes"]) == top["zaken"]
    for zaak in data["zaken"]["nodes"]:
        assert {"betrokkeneIdentificatie": {"inpBsn": top["bsn"]}} in zaak["rollen"]


ORDERINGS = [
    (["startdatum_ASC"], "startdatum"),
    (["startdatum_DESC"], "-startdatum"),
    (["identificatie_DESC"], "-identificatie"),
    (["einddatum_ASC", "identificatie_ASC"], "einddatum,identificatie"),
    (["registratiedatum_DESC", "identificatie_DESC"], "-registratiedatum,-identificatie"),
]


@pytest.mark.parametrize("ordering, zgw", ORDERINGS, ids=[z for _, z in ORDERINGS])
def test_zaken_ordering_matches_the_registry(
    ordering: list[str], zgw: str, gateway: Gateway, simulator: RunningSimulator
) -> None:
    data = data_of(
        gateway,
        "query($ordering: [ZaakOrdering!]) { zaken(ordering: $ordering, first: 100) { nodes { url } } }",
        {"ordering": ordering},
    )

    registry = [z["url"] for z in everything(simulator, "zaken/api/v1/zaken", ordering=zgw)]
    assert [n["url"] for n in data["zaken"]["nodes"]] == registry
    assert registry != [z["url"] for z in _zaken(simulator)]


def test_ascending_and_descending_are_each_others_reverse_on_a_unique_key(gateway: Gateway) -> None:
    data = data_of(
        gateway,
        "{ up: zaken(ordering: [identificatie_ASC], first: 100) { nodes { identificatie } }"
        "  down: zaken(ordering: [identificatie_DESC], first: 100) { nodes { identificatie } } }",
    )

    up = [n["identificatie"] for n in data["up"]["nodes"]]
    down = [n["identificatie"] for n in data["down"]["nodes"]]
    assert up == sorted(up) and down == up[::-1] and len(set(up)) == len(up) > 1


def _first(path: str, field: str, index: int = 0) -> Callable[[RunningSimulator], Any]:
    return lambda s: everything(s, path)[index][field]


OTHER_FILTERS: list[tuple[str, str, str, Callable[[RunningSimulator], dict[str, Any]]]] = [
    ("documenten", "EnkelvoudigInformatieObjectFilter", "documenten/api/v1/enkelvoudiginformatieobjecten",
     lambda s: {"informatieobjecttype": _first("catalogi/api/v1/informatieobjecttypen", "url")(s)}),
    ("documenten", "EnkelvoudigInformatieObjectFilter", "documenten/api/v1/enkelvoudiginformatieobjecten",
     lambda s: {"vertrouwelijkheidaanduiding": "openbaar"}),
    ("documenten", "EnkelvoudigInformatieObjectFilter", "documenten/api/v1/enkelvoudiginformatieobjecten",
     lambda s: {"creatiedatum__gte": "2025-06-01", "creatiedatum__lte": "2026-03-01"}),
    ("documenten", "EnkelvoudigInformatieObjectFilter", "documenten/api/v1/enkelvoudiginformatieobjecten",
     lambda s: {"trefwoorden__overlap": ["foto", "bijlage"]}),
    ("documenten", "EnkelvoudigInformatieObjectFilter", "documenten/api/v1/enkelvoudiginformatieobjecten",
     lambda s: {"titel": _first("documenten/api/v1/enkelvoudiginformatieobjecten", "titel", 5)(s)}),
    ("besluiten", "BesluitFilter", "besluiten/api/v1/besluiten",
     lambda s: {"zaak": _first("besluiten/api/v1/besluiten", "zaak")(s)}),
    ("besluiten", "BesluitFilter", "besluiten/api/v1/besluiten",
     lambda s: {"besluittype": next(t["url"] for t in everything(s, "catalogi/api/v1/besluittypen")
                                    if t["url"] != _first("besluiten/api/v1/besluiten", "besluittype")(s))}),
    ("besluiten", "BesluitFilter", "besluiten/api/v1/besluiten",
     lambda s: {"identificatie": _first("besluiten/api/v1/besluiten", "identificatie", 2)(s)}),
    ("zaaktypen", "ZaakTypeFilter", "catalogi/api/v1/zaaktypen", lambda s: {"identificatie": "MOR"}),
    ("zaaktypen", "ZaakTypeFilter", "catalogi/api/v1/zaaktypen", lambda s: {"omschrijving__icontains": "VERGUNNING"}),
    ("informatieobjecttypen", "InformatieObjectTypeFilter", "catalogi/api/v1/informatieobjecttypen",
     lambda s: {"omschrijving": _first("catalogi/api/v1/informatieobjecttypen", "omschrijving", 2)(s)}),
    ("besluittypen", "BesluitTypeFilter", "catalogi/api/v1/besluittypen",
     lambda s: {"zaaktypen": _first("catalogi/api/v1/besluittypen", "zaaktypen")(s)[0]}),
]  # fmt: skip


@pytest.mark.parametrize(
    "field, input_type, path, case",
    OTHER_FILTERS,
    ids=[f"{f}-{i}" for i, (f, *_) in enumerate(OTHER_FILTERS)],
)
def test_other_list_filters_match_the_registry(
    field: str, input_type: str, path: str, case: Case, gateway: Gateway, simulator: RunningSimulator
) -> None:
    filter = case(simulator)

    data = data_of(
        gateway,
        f"query($filter: {input_type}) {{ {field}(filter: $filter, first: 500) {{ totalCount nodes {{ url }} }} }}",
        {"filter": filter},
    )

    registry = everything(simulator, path, **_rest(filter))
    assert data == {field: {"totalCount": len(registry), "nodes": [{"url": r["url"]} for r in registry]}}
    assert registry != everything(simulator, path)  # the filter selects something else than the whole list


def test_catalogussen_filter_matches_the_registry(gateway: Gateway, simulator: RunningSimulator) -> None:
    catalogus = everything(simulator, "catalogi/api/v1/catalogussen")[0]

    data = data_of(
        gateway,
        "query($domein: String!, $rsin: String!) { hit: catalogussen(filter: {domein: $domein}) { nodes { url naam } }"
        " miss: catalogussen(filter: {rsin: $rsin}) { totalCount nodes { url } } }",
        {"domein": catalogus["domein"], "rsin": "000000000"},
    )

    assert data == {
        "hit": {
            "nodes": [
                {"url": c["url"], "naam": c["naam"]}
                for c in everything(simulator, "catalogi/api/v1/catalogussen", domein=catalogus["domein"])
            ]
        },
        "miss": {"totalCount": 0, "nodes": []},
    }
    assert data["hit"]["nodes"]


@pytest.mark.parametrize("ordering, zgw", [("titel_DESC", "-titel"), ("creatiedatum_ASC", "creatiedatum")])
def test_documenten_ordering_matches_the_registry(
    ordering: str, zgw: str, gateway: Gateway, simulator: RunningSimulator
) -> None:
    data = data_of(gateway, f"{{ documenten(ordering: [{ordering}], first: 500) {{ nodes {{ url }} }} }}")

    registry = [
        d["url"]
        for d in everything(simulator, "documenten/api/v1/enkelvoudiginformatieobjecten", ordering=zgw)
    ]
    assert [n["url"] for n in data["documenten"]["nodes"]] == registry
    assert registry != [
        d["url"] for d in everything(simulator, "documenten/api/v1/enkelvoudiginformatieobjecten")
    ]
