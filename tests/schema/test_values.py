"""The generated types serve real Open Zaak responses as views: ZGW strings in, the same strings out."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import strawberry
from graphql import GraphQLObjectType, get_named_type
from strawberry.schema.config import StrawberryConfig

from resolvers.links import LINK
from resolvers.params import to_params
from resolvers.views import default_resolver_for
from schema import ALL_TYPES, build_schema
from schema.enums import Archiefnominatie, Vertrouwelijkheidaanduiding
from schema.filters import ZaakFilter, ZaakOrdering
from schema.node import Node
from schema.scalars import SCALAR_OVERRIDES
from schema.tables import RESOURCE_TYPES

CAPTURES = Path(__file__).resolve().parent.parent / "captures"
CAPTURED = {
    "zaak.json": "Zaak",
    "zaak_open_with_deelzaken.json": "Zaak",
    "status.json": "Status",
    "resultaat.json": "Resultaat",
    "rol_medewerker.json": "Rol",
    "rol_natuurlijk_persoon.json": "Rol",
    "zaakeigenschap.json": "ZaakEigenschap",
    "zaakinformatieobject.json": "ZaakInformatieObject",
    "enkelvoudiginformatieobject.json": "EnkelvoudigInformatieObject",
    "objectinformatieobjecten_list_for_eio.json": "ObjectInformatieObject",
    "besluit.json": "Besluit",
    "besluitinformatieobject.json": "BesluitInformatieObject",
    "catalogus.json": "Catalogus",
    "zaaktype.json": "ZaakType",
    "statustype.json": "StatusType",
    "resultaattype.json": "ResultaatType",
    "roltype.json": "RolType",
    "eigenschap.json": "Eigenschap",
    "informatieobjecttype.json": "InformatieObjectType",
    "besluittype.json": "BesluitType",
    "zaaktype_informatieobjecttypen_list.json": "ZaakTypeInformatieObjectType",
}

_views: list[Any] = []


@strawberry.type
class _Query:
    @strawberry.field
    def node(self) -> Node | None:
        return _views[0]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def view_schema() -> strawberry.Schema:
    """The real types and default resolver under a root that returns a prepared view."""
    return strawberry.Schema(
        query=_Query,
        types=list(RESOURCE_TYPES),
        config=StrawberryConfig(default_resolver=default_resolver_for(ALL_TYPES)),
        scalar_overrides=SCALAR_OVERRIDES,
    )


def _selection(type_: GraphQLObjectType) -> str:
    """Every field that is not a link (raw captures hold URLs there), embedded objects included."""
    parts = []
    for name, definition in type_.fields.items():
        strawberry_field = (definition.extensions or {}).get("strawberry-definition")
        if LINK in (getattr(strawberry_field, "metadata", None) or {}):
            continue
        target = get_named_type(definition.type)
        parts.append(f"{name} {{ {_selection(target)} }}" if isinstance(target, GraphQLObjectType) else name)
    return " ".join(parts)


def _run(schema: strawberry.Schema, view: dict[str, Any], query: str) -> Any:
    _views[:] = [view]
    result = schema.execute_sync(query)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data["node"]


@pytest.mark.parametrize(("capture", "type_name"), sorted(CAPTURED.items()))
def test_captured_resources_serve_unchanged(
    view_schema: strawberry.Schema, capture: str, type_name: str
) -> None:
    data = json.loads((CAPTURES / capture).read_text())
    resources = data["results"] if isinstance(data, dict) and "results" in data else data
    resources = resources if isinstance(resources, list) else [resources]
    type_ = view_schema._schema.get_type(type_name)
    assert isinstance(type_, GraphQLObjectType)
    for resource in resources:
        unknown = set(resource) - set(type_.fields) - {"_expand"}
        assert unknown == set(), f"{type_name} lacks {unknown}"
        view = {
            **resource,
            "@type": type_name,
            "uuid": resource.get("uuid", "filled-by-gateway"),
            "registry": {"name": "openzaak", "label": "Open Zaak 1.30"},
        }

        served = _run(
            view_schema, view, f"{{ node {{ __typename ... on {type_name} {{ {_selection(type_)} }} }} }}"
        )

        assert served["__typename"] == type_name
        for key, value in resource.items():
            if key in served and not isinstance(value, dict | list) and value != "":
                assert served[key] == value, key  # dates keep their Z, enums their ZGW value


def test_enums_dates_and_child_lists_from_plain_zgw_values(view_schema: strawberry.Schema) -> None:
    statussen = [{"@type": "Status", "url": f"s{i}", "uuid": str(i)} for i in range(3)]
    view = {
        "@type": "Zaak",
        "url": "https://zrc/zaken/1",
        "uuid": "1",
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        "archiefnominatie": "",
        "startdatum": "2024-01-02",
        "laatstGemuteerd": "2024-01-02T03:04:05Z",
        "zaaktype": {
            "@type": "ZaakType",
            "url": "https://ztc/zaaktypen/9",
            "uuid": "9",
            "omschrijving": "Kap",
        },
        "statussen": statussen,
    }
    query = """{ node { id ... on Zaak { vertrouwelijkheidaanduiding archiefnominatie startdatum laatstGemuteerd
        zaaktype { url omschrijving } statussen(first: 1, after: "s0") { url } } } }"""

    assert _run(view_schema, view, query) == {
        "id": "https://zrc/zaken/1",
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        "archiefnominatie": "leeg",
        "startdatum": "2024-01-02",
        "laatstGemuteerd": "2024-01-02T03:04:05Z",
        "zaaktype": {"url": "https://ztc/zaaktypen/9", "omschrijving": "Kap"},
        "statussen": [{"url": "s1"}],
    }


def test_big_sizes_pass(view_schema: strawberry.Schema) -> None:
    view = {"@type": "EnkelvoudigInformatieObject", "url": "u", "uuid": "1", "bestandsomvang": 5_000_000_000}

    served = _run(view_schema, view, "{ node { ... on EnkelvoudigInformatieObject { bestandsomvang } } }")

    assert served == {"bestandsomvang": 5_000_000_000}


def test_to_params_encodes_as_zgw_expects() -> None:
    zaak_filter = ZaakFilter(
        startdatum__gte=datetime.date(2024, 1, 31),
        einddatum__isnull=True,
        archiefnominatie__in=[Archiefnominatie.blijvend_bewaren, Archiefnominatie.vernietigen],
        maximaleVertrouwelijkheidaanduiding=Vertrouwelijkheidaanduiding.openbaar,
        rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn="111222333",
    )

    params = to_params(zaak_filter, [ZaakOrdering.startdatum_DESC, ZaakOrdering.identificatie_ASC])

    assert params == {
        "startdatum__gte": "2024-01-31",
        "einddatum__isnull": "true",
        "archiefnominatie__in": "blijvend_bewaren,vernietigen",
        "maximaleVertrouwelijkheidaanduiding": "openbaar",
        "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": "111222333",
        "ordering": "-startdatum,identificatie",
    }
    assert to_params(None, None) == {}


def test_date_filters_reject_non_iso_input() -> None:
    result = build_schema().execute_sync('{ zaken(filter: {startdatum: "31-01-2024"}) { totalCount } }')

    assert result.errors is not None
    assert "31-01-2024" in result.errors[0].message  # located and readable, not masked
    assert result.errors[0].path is None  # a request error, refused before any backend call
