"""Facts about the printed SDL that clients and the planner rely on."""

from __future__ import annotations

import re

import pytest
from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema, get_named_type

from resolvers.links import LINK, Link, LinkKind
from schema import API_BY_RESOURCE, TYPE_BY_RESOURCE, build_schema
from schema.tables import RESOURCE_TYPES

RESOURCE_NAMES = sorted(TYPE_BY_RESOURCE.values())


@pytest.fixture(scope="module")
def sdl() -> str:
    return build_schema().as_str()


@pytest.fixture(scope="module")
def graphql_schema() -> GraphQLSchema:
    return build_schema()._schema


def _block(sdl: str, header: str) -> str:
    match = re.search(rf"^{re.escape(header)}\b[^{{]*\{{(.*?)^\}}", sdl, re.S | re.M)
    assert match is not None, f"{header} is not in the SDL"
    return match.group(1)


def _fields(sdl: str, header: str) -> dict[str, str]:
    """name -> the rest of the line (arguments and type), descriptions left out."""
    body = re.sub(r'"""(?:.|\n)*?"""', "", _block(sdl, header))
    body = re.sub(r'"[^"\n]*"', "", body)
    fields = {}
    for line in body.splitlines():
        match = re.match(r"\s+(\w+)(.*)$", line)
        if match:
            fields[match.group(1)] = match.group(2).strip()
    return fields


def test_every_resource_type_implements_node(sdl: str) -> None:
    headers = set(re.findall(r"^type (\w+) implements Node\b", sdl, re.M))

    assert headers == {*RESOURCE_NAMES, "ZaakBesluit"}  # ZaakBesluit lives below /zaken/{uuid}/besluiten
    assert len(RESOURCE_NAMES) == 22


def test_node_interface_has_non_null_id_url_uuid(sdl: str) -> None:
    assert _fields(sdl, "interface Node") == {
        "id": ": ID!",
        "url": ": String!",
        "uuid": ": String!",
        "registry": ": Registry!",
    }


def test_zaak_links_are_objects_not_urls(sdl: str) -> None:
    zaak = _fields(sdl, "type Zaak")

    assert zaak["zaaktype"] == ": ZaakType"
    assert zaak["status"] == ": Status"
    assert zaak["hoofdzaak"] == ": Zaak"
    assert zaak["statussen"] == "(first: Int = null, after: String = null): [Status!]"
    assert zaak["documenten"] == "(first: Int = null, after: String = null): [EnkelvoudigInformatieObject!]"
    assert zaak["eigenschappen"] == "(first: Int = null, after: String = null): [ZaakEigenschap!]"


def test_dates_are_date_scalars(sdl: str) -> None:
    zaak = _fields(sdl, "type Zaak")

    assert re.search(r"^scalar Date$", sdl, re.M)
    assert re.search(r"^scalar DateTime$", sdl, re.M)
    assert zaak["startdatum"] == ": Date"
    assert zaak["laatstGemuteerd"] == ": DateTime"


def test_zaken_connection_takes_the_zgw_filters(sdl: str) -> None:
    query = _fields(sdl, "type Query")
    zaak_filter = _fields(sdl, "input ZaakFilter")

    assert query["zaken"] == (
        "(filter: ZaakFilter = null, ordering: [ZaakOrdering!] = null, first: Int = null, after: String = null,"
        " registries: [String!] = null): ZaakConnection"
    )
    assert zaak_filter["rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"] == ": String = null"
    assert zaak_filter["startdatum__gte"] == ": Date = null"
    assert zaak_filter["einddatum__isnull"] == ": Boolean = null"
    assert zaak_filter["archiefnominatie__in"] == ": [Archiefnominatie!] = null"
    assert "page" not in zaak_filter and "expand" not in zaak_filter and "ordering" not in zaak_filter


def test_connection_shape(sdl: str) -> None:
    assert _fields(sdl, "type ZaakConnection") == {
        "edges": ": [ZaakEdge!]!",
        "nodes": ": [Zaak!]!",
        "pageInfo": ": PageInfo!",
        "totalCount": ": Int!",
        "registries": ": [RegistryCount!]!",
    }
    assert _fields(sdl, "type ZaakEdge") == {"cursor": ": String!", "node": ": Zaak!"}


def test_code_lists_are_enums_with_zgw_values(sdl: str) -> None:
    members = set(_fields(sdl, "enum Vertrouwelijkheidaanduiding"))
    ordering = set(_fields(sdl, "enum ZaakOrdering"))

    assert {"openbaar", "beperkt_openbaar", "zeer_geheim", "leeg"} <= members
    assert {"startdatum_ASC", "startdatum_DESC"} <= ordering
    assert _fields(sdl, "type Zaak")["vertrouwelijkheidaanduiding"] == ": Vertrouwelijkheidaanduiding"


def test_rol_has_one_merged_betrokkene_identificatie(sdl: str) -> None:
    identificatie = _fields(sdl, "type BetrokkeneIdentificatie")

    assert _fields(sdl, "type Rol")["betrokkeneIdentificatie"] == ": BetrokkeneIdentificatie"
    assert {"inpBsn", "inpA_nummer", "geslachtsnaam", "kvkNummer", "identificatie", "achternaam"} <= set(
        identificatie
    )


def test_big_integers_do_not_use_int(sdl: str) -> None:
    assert _fields(sdl, "type EnkelvoudigInformatieObject")["bestandsomvang"] == ": BigInt"


def test_every_type_and_field_has_a_description(graphql_schema: GraphQLSchema) -> None:
    missing = []
    for name in [*RESOURCE_NAMES, "Query", "BetrokkeneIdentificatie", "RelevanteZaak"]:
        type_ = graphql_schema.get_type(name)
        assert isinstance(type_, GraphQLObjectType)
        if not type_.description:
            missing.append(name)
        missing += [
            f"{name}.{field}" for field, definition in type_.fields.items() if not definition.description
        ]

    assert missing == []


def test_link_fields_carry_their_recipe(graphql_schema: GraphQLSchema) -> None:
    def link(type_name: str, field: str) -> Link:
        type_ = graphql_schema.get_type(type_name)
        assert isinstance(type_, GraphQLObjectType)
        strawberry_field = (type_.fields[field].extensions or {}).get("strawberry-definition")
        value = strawberry_field.metadata[LINK]
        assert isinstance(value, Link)
        return value

    documenten = link("Zaak", "documenten")
    zaken = link("EnkelvoudigInformatieObject", "zaken")

    assert link("Zaak", "zaaktype") == Link(LinkKind.URL, "zaaktypen", "catalogi", source="zaaktype")
    assert (documenten.kind, documenten.resource, documenten.param) == (
        LinkKind.CHILDREN,
        "zaakinformatieobjecten",
        "zaak",
    )
    assert documenten.then is not None and documenten.then.resource == "enkelvoudiginformatieobjecten"
    assert zaken.where == ("objectType", "zaak")
    assert link("RelevanteZaak", "zaak").source == "url"


def test_link_targets_are_resource_types(graphql_schema: GraphQLSchema) -> None:
    wrong = []
    for type_ in graphql_schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, definition in type_.fields.items():
            strawberry_field = (definition.extensions or {}).get("strawberry-definition")
            metadata = getattr(strawberry_field, "metadata", None) or {}
            target = get_named_type(definition.type)
            if LINK in metadata and not (
                isinstance(target, GraphQLObjectType)
                and target.name in (*RESOURCE_NAMES, "AuditTrail", "ZaakBesluit")
            ):
                wrong.append(f"{type_.name}.{name}")

    assert wrong == []


def test_tables_cover_every_node_type(graphql_schema: GraphQLSchema) -> None:
    node = graphql_schema.get_type("Node")
    assert isinstance(node, GraphQLInterfaceType)
    implementations = {t.name for t in graphql_schema.get_possible_types(node)}

    assert implementations == set(TYPE_BY_RESOURCE.values()) | {"ZaakBesluit"}
    assert set(API_BY_RESOURCE) == set(TYPE_BY_RESOURCE)
    assert TYPE_BY_RESOURCE["zaken"] == "Zaak"
    assert TYPE_BY_RESOURCE["zaaktype-informatieobjecttypen"] == "ZaakTypeInformatieObjectType"
    assert API_BY_RESOURCE["enkelvoudiginformatieobjecten"] == "documenten"
    assert len(RESOURCE_TYPES) == 24  # 22 in the tables, ZaakBesluit (nested) and AuditTrail (not a Node)
