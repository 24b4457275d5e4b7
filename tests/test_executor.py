"""The fast execution context answers exactly as graphql-core's own executor does.

Every query runs twice over the same views: once through a schema with `FastExecutionContext`, once through
the same schema with Strawberry's stock execution context. The whole response (data, errors with messages,
locations, paths and extensions, key order included) must be byte-equal. Each case also asserts what the
stock answer looks like, so a case cannot silently stop covering what it names.

Two sources of views: hand-made ones (shaped like the planner's: ZGW JSON with "@type", links replaced by
their targets or by the exception that failed them) under a small root type that reuses the real generated
types, and the real schema's root resolvers against the simulator.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from functools import partial
from typing import Any

import orjson
import pytest
import strawberry
from graphql.pyutils import Undefined
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.http import process_result
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from gateway.cache import CatalogueCache
from gateway.errors import NotFound, UpstreamError, should_mask
from gateway.executor import FastExecutionContext
from gateway.registries import Registries
from gateway.settings import Settings
from resolvers.context import build_context
from resolvers.views import default_resolver_for
from schema import ALL_TYPES, TYPE_BY_RESOURCE, build_schema
from schema.enums import Archiefnominatie
from schema.node import Node
from schema.query import Query
from schema.scalars import SCALAR_OVERRIDES
from schema.tables import RESOURCE_TYPES
from schema.zaken import Zaak
from simulator.testing import RunningSimulator
from tests.support import Gateway, registry_for

Response = dict[str, Any]

# -- hand-made views -------------------------------------------------------------------------------------

ROOT = "http://registry.test/"
REGISTRY = {"name": "sim", "label": "Simulator"}
REGISTRY_NAME = {"name": "sim"}


def _resource(type_name: str, path: str, n: int, **fields: Any) -> dict[str, Any]:
    uuid = f"00000000-0000-4000-8000-{n:012d}"
    return {"@type": type_name, "url": f"{ROOT}{path}/{uuid}", "uuid": uuid, "registry": REGISTRY, **fields}


def _zaaktype(n: int) -> dict[str, Any]:
    return _resource("ZaakType", "catalogi/api/v1/zaaktypen", n, omschrijving=f"Zaaktype {n}")


def _document(n: int, **fields: Any) -> dict[str, Any]:
    document = {
        "titel": f"Document {n}",
        "formaat": "application/pdf",
        "bestandsomvang": 2**40 + n,  # BigInt: beyond 32 bits
        "versie": n,
        "indicatieGebruiksrecht": n % 2 == 0,
        "vertrouwelijkheidaanduiding": "openbaar",
        "trefwoorden": ["a", "b"],
        "creatiedatum": "2024-02-01",
        "informatieobjecttype": _resource(
            "InformatieObjectType", "catalogi/api/v1/informatieobjecttypen", 900 + n, omschrijving="Brief"
        ),
        **fields,
    }
    return _resource(
        "EnkelvoudigInformatieObject", "documenten/api/v1/enkelvoudiginformatieobjecten", n, **document
    )


def _zaak(n: int, **fields: Any) -> dict[str, Any]:
    zaak = {
        "identificatie": f"ZAAK-{n}",
        "omschrijving": f"Zaak {n}",
        "startdatum": f"2024-01-{n:02d}",
        "einddatum": None,
        "laatstGemuteerd": "2024-05-01T09:30:00Z",
        "archiefnominatie": "vernietigen",
        "vertrouwelijkheidaanduiding": "openbaar",
        "productenOfDiensten": ["https://pdc.test/1", "https://pdc.test/2"],
        "kenmerken": [{"kenmerk": "k1", "bron": "b1"}],
        "zaakgeometrie": {"type": "Point", "coordinates": [5.1, 52.1]},
        "zaaktype": _zaaktype(n),
        "status": _resource(
            "Status",
            "zaken/api/v1/statussen",
            100 + n,
            datumStatusGezet="2024-03-01T10:00:00Z",
            statustype=_resource(
                "StatusType", "catalogi/api/v1/statustypen", 200 + n, omschrijving="Ontvangen"
            ),
        ),
        "documenten": [_document(10 * n + 1), _document(10 * n + 2), _document(10 * n + 3)],
        "besluiten": [],
        "hoofdzaak": None,
        **fields,
    }
    return _resource("Zaak", "zaken/api/v1/zaken", n, **zaak)


@strawberry.type
class ViewQuery:
    """A root that hands out views from the root value; everything below it is the real generated types."""

    zaak: Zaak | None
    zaken: list[Zaak | None] | None
    strict_zaken: list[Zaak]
    label: str | None
    labels: list[str] | None
    number: int | None
    numbers: list[int | None] | None
    ratio: float | None
    flag: bool | None
    archiefnominatie: Archiefnominatie | None

    @strawberry.field
    def node(self, info: strawberry.Info, id: strawberry.ID) -> Node | None:
        found: Any = info.root_value["nodes"].get(id)
        return found

    @strawberry.field
    async def later(self, info: strawberry.Info) -> Zaak | None:
        await asyncio.sleep(0)
        found: Any = info.root_value["zaak"]
        return found


def _view_schema(execution_context_class: type | None, *, masked: bool = False) -> strawberry.Schema:
    return strawberry.Schema(
        query=ViewQuery,
        types=list(RESOURCE_TYPES),
        config=StrawberryConfig(default_resolver=default_resolver_for((*ALL_TYPES, ViewQuery))),
        scalar_overrides=SCALAR_OVERRIDES,
        extensions=[partial(MaskErrors, should_mask_error=should_mask)] if masked else [],
        execution_context_class=execution_context_class,
    )


class CountingStock(StrawberryGraphQLCoreExecutionContext):
    fields = 0

    def execute_field(self, *args: Any, **kwargs: Any) -> Any:
        CountingStock.fields += 1
        return super().execute_field(*args, **kwargs)


class CountingFast(FastExecutionContext):
    fields = 0  # fields that took graphql-core's own path

    def execute_field(self, *args: Any, **kwargs: Any) -> Any:
        CountingFast.fields += 1
        return super().execute_field(*args, **kwargs)


FAST = _view_schema(CountingFast)
STOCK = _view_schema(CountingStock)
MASKED = {"fast": _view_schema(FastExecutionContext, masked=True), "stock": _view_schema(None, masked=True)}


def _run(schema: strawberry.Schema, query: str, variables: dict[str, Any] | None, root: Any) -> Response:
    result = asyncio.run(schema.execute(query, variable_values=variables, root_value=root))
    return dict(process_result(result))


def compare(query: str, root: dict[str, Any], variables: dict[str, Any] | None = None) -> Response:
    """The stock response, after checking that the fast one is identical to it, byte for byte."""
    CountingFast.fields = CountingStock.fields = 0
    fast = _run(FAST, query, variables, root)
    stock = _run(STOCK, query, variables, root)
    assert orjson.dumps(fast) == orjson.dumps(stock), f"fast: {fast}\nstock: {stock}"
    return stock


def _root(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"zaak": None, "zaken": None, "strictZaken": [], "nodes": {}}
    return {**base, **fields}


def _paths(response: Response) -> list[list[str | int]]:
    return [error["path"] for error in response.get("errors") or []]


ZAAK_FIELDS = """
  __typename id url uuid identificatie omschrijving startdatum einddatum laatstGemuteerd
  archiefnominatie vertrouwelijkheidaanduiding productenOfDiensten zaakgeometrie
  registry { name label }
  kenmerken { kenmerk bron }
  zaaktype { __typename url omschrijving }
  status { datumStatusGezet statustype { omschrijving } }
  hoofdzaak { url }
  documenten { url titel formaat bestandsomvang versie indicatieGebruiksrecht vertrouwelijkheidaanduiding
               trefwoorden creatiedatum informatieobjecttype { omschrijving } }
  besluiten { url }
"""


def test_nested_objects_lists_enums_dates_take_the_fast_path() -> None:
    root = _root(zaak=_zaak(1), zaken=[_zaak(2), None, _zaak(3)])

    response = compare(f"{{ zaak {{ {ZAAK_FIELDS} }} zaken {{ {ZAAK_FIELDS} }} }}", root)

    assert "errors" not in response
    zaak = response["data"]["zaak"]
    assert zaak["archiefnominatie"] == "vernietigen"
    assert zaak["startdatum"] == "2024-01-01" and zaak["laatstGemuteerd"] == "2024-05-01T09:30:00Z"
    assert zaak["documenten"][0]["bestandsomvang"] == 2**40 + 11
    assert response["data"]["zaken"][1] is None
    # the fast run took graphql-core's path only for what needs it: the root fields, the child lists with
    # arguments (documenten, besluiten) and the custom scalars; the stock run for every field
    _run(FAST, f"{{ zaak {{ {ZAAK_FIELDS} }} }}", None, root)
    fast_fields = CountingFast.fields
    _run(STOCK, f"{{ zaak {{ {ZAAK_FIELDS} }} }}", None, root)
    assert CountingStock.fields > 3 * fast_fields, (CountingStock.fields, fast_fields)


def test_exception_in_a_link_position_is_a_located_error_with_its_extensions() -> None:
    failed = UpstreamError("registry 'sim' did not answer", registry="sim", status=503)
    root = _root(zaak=_zaak(1, zaaktype=failed, status=NotFound("gone", registry="sim", status=404)))

    response = compare(
        "{ zaak { url zaaktype { omschrijving } status { statustype { omschrijving } } } }", root
    )

    assert response["data"]["zaak"]["zaaktype"] is None
    assert _paths(response) == [["zaak", "zaaktype"], ["zaak", "status"]]
    assert response["errors"][0]["extensions"] == {
        "code": "UPSTREAM_ERROR",
        "registry": "sim",
        "retryable": True,
        "upstreamStatus": 503,
    }


def test_exception_inside_lists() -> None:
    failed = NotFound("document gone", registry="sim", status=404)
    root = _root(
        # [Zaak]: the item becomes null; [ZaakKenmerk!] and the child list [EnkelvoudigInformatieObject!]: the list
        zaken=[_zaak(1), UpstreamError("zaak failed", registry="sim"), _zaak(2, kenmerken=[failed])],
        zaak=_zaak(3, documenten=[_document(1), failed, _document(2)]),
    )

    response = compare(
        "{ zaken { url kenmerken { kenmerk } } zaak { url documenten { titel } besluiten { url } } }", root
    )

    assert _paths(response) == [["zaken", 1], ["zaken", 2, "kenmerken", 0], ["zaak", "documenten", 1]]
    assert response["data"]["zaken"][2]["kenmerken"] is None
    assert response["data"]["zaak"]["documenten"] is None


def test_non_null_violations_propagate_to_the_nearest_nullable_parent() -> None:
    no_url = _zaak(1)
    del no_url["url"]
    no_registry_name = _zaak(2, registry={"label": "x"})
    root = _root(
        zaak=_zaak(3, documenten=[_document(1), {**_document(2), "uuid": None}]),
        zaken=[no_url, _zaak(4, productenOfDiensten=["a", None, "b"]), no_registry_name],
    )

    response = compare(
        "{ zaak { documenten { uuid } } zaken { url productenOfDiensten registry { name } } }", root
    )

    assert _paths(response) == [
        ["zaak", "documenten", 1, "uuid"],
        ["zaken", 0, "url"],
        ["zaken", 1, "productenOfDiensten", 1],
        ["zaken", 2, "registry", "name"],
    ]
    assert response["data"]["zaak"]["documenten"] is None
    second = {"url": root["zaken"][1]["url"], "productenOfDiensten": None, "registry": REGISTRY_NAME}
    assert response["data"]["zaken"] == [None, second, None]


def test_a_violation_under_non_null_roots_nulls_the_whole_data() -> None:
    no_uuid = _zaak(2, uuid=None)

    response = compare("{ strictZaken { uuid } label }", _root(strictZaken=[_zaak(1), no_uuid], label="x"))

    assert response["data"] is None
    assert _paths(response) == [["strictZaken", 1, "uuid"]]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("label", 12),  # Int as String: coerced to "12"
        ("label", True),  # coerced to "true"
        ("label", ["x"]),  # refused
        ("labels", ("a", "b")),  # a tuple is an iterable: graphql-core's list path
        ("labels", "ab"),  # a str is not a list for GraphQL
        ("number", 2**31),  # beyond 32 bits
        ("number", 7.0),  # a whole float is coerced
        ("number", 7.5),
        ("number", True),
        ("number", "12"),
        ("numbers", [1, None, 2**40]),
        ("ratio", 3),  # an int for Float: coerced to 3.0
        ("ratio", float("nan")),
        ("flag", 1),
        ("flag", "yes"),
        ("archiefnominatie", "bogus"),
        ("archiefnominatie", Archiefnominatie.blijvend_bewaren),  # a member: Strawberry names it
        ("archiefnominatie", ""),  # ZGW's empty value is a member too (`leeg`)
    ],
)
def test_values_that_need_coercion_or_are_refused(field: str, value: Any) -> None:
    response = compare(f"{{ {field} }}", _root(**{field: value}))

    assert field in response["data"]


def test_graphql_undefined_in_a_view_is_null() -> None:
    root = _root(
        zaak=_zaak(1, verlenging=Undefined, kenmerken=[Undefined]), zaken=[_zaak(2, registry=Undefined)]
    )

    response = compare(
        "{ zaak { verlenging { reden } kenmerken { kenmerk } } zaken { registry { name } } }", root
    )

    assert response["data"]["zaak"] == {"verlenging": None, "kenmerken": None}
    assert _paths(response) == [["zaak", "kenmerken", 0], ["zaken", 0, "registry"]]


def test_custom_scalars_with_wrong_values() -> None:
    root = _root(zaak=_zaak(1, startdatum=20240101, laatstGemuteerd=None, zaakgeometrie=[1, "x"]))

    response = compare("{ zaak { startdatum laatstGemuteerd zaakgeometrie } }", root)

    assert _paths(response)[0] == ["zaak", "startdatum"]


def test_unknown_enum_value_inside_a_document_list() -> None:
    root = _root(zaak=_zaak(1, documenten=[_document(1, vertrouwelijkheidaanduiding="geheimzinnig")]))

    response = compare("{ zaak { documenten { vertrouwelijkheidaanduiding } } }", root)

    assert _paths(response) == [["zaak", "documenten", 0, "vertrouwelijkheidaanduiding"]]


def test_a_view_of_the_wrong_type_fails_is_type_of() -> None:
    root = _root(zaak=_zaak(1, zaaktype=_zaak(2), status="not a view"))

    response = compare("{ zaak { zaaktype { url } status { url } } }", root)

    assert _paths(response) == [["zaak", "zaaktype"], ["zaak", "status"]]


def test_fragments_aliases_directives_and_typename() -> None:
    query = """
    query Q($withDocs: Boolean!, $skipStatus: Boolean!) {
      first: zaak { ...Zaak }
      again: zaak { url, ident: identificatie, ... on Zaak { omschrijving __typename } }
      zaken { ...Zaak status @skip(if: $skipStatus) { __typename datumStatusGezet } }
    }
    fragment Zaak on Zaak {
      url
      kind: __typename
      zaaktype { ...on ZaakType { omschrijving } }
      documenten @include(if: $withDocs) { titel t2: titel }
      ... @include(if: $withDocs) { startdatum }
    }
    """
    root = _root(zaak=_zaak(1), zaken=[_zaak(2)])

    for with_docs in (True, False):
        response = compare(query, root, {"withDocs": with_docs, "skipStatus": not with_docs})
        assert ("documenten" in response["data"]["first"]) is with_docs
        assert ("status" in response["data"]["zaken"][0]) is with_docs


def test_node_resolves_the_interface_by_type_key() -> None:
    zaak, status = _zaak(1), _zaak(2)["status"]
    unknown = {**_zaak(3), "@type": "Bogus"}
    root = _root(nodes={zaak["url"]: zaak, status["url"]: status, "u": unknown})
    query = """
    query N($id: ID!) {
      node(id: $id) { __typename id url ... on Zaak { identificatie zaaktype { omschrijving } }
                      ... on Status { datumStatusGezet statustype { omschrijving } } }
    }
    """

    assert compare(query, root, {"id": zaak["url"]})["data"]["node"]["__typename"] == "Zaak"
    assert compare(query, root, {"id": status["url"]})["data"]["node"]["__typename"] == "Status"
    assert compare(query, root, {"id": "nothing"})["data"] == {"node": None}
    assert _paths(compare(query, root, {"id": "u"})) == [["node"]]


def test_child_lists_with_first_and_after() -> None:
    zaak = _zaak(1)
    second = zaak["documenten"][1]["url"]
    root = _root(zaak=zaak)

    page = compare(f'{{ zaak {{ documenten(first: 1, after: "{second}") {{ url titel }} }} }}', root)
    assert page["data"]["zaak"]["documenten"] == [
        {"url": zaak["documenten"][2]["url"], "titel": "Document 13"}
    ]
    bad = compare('{ zaak { url documenten(after: "nope") { url } } }', root)
    assert _paths(bad) == [["zaak", "documenten"]] and bad["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    negative = compare("{ zaak { documenten(first: -1) { url } } }", root)
    assert _paths(negative) == [["zaak", "documenten"]]


def test_child_lists_with_arguments_take_the_fast_path() -> None:
    zaak = _zaak(1)
    second = zaak["documenten"][1]["url"]
    root = _root(zaak=zaak)
    query = """query($first: Int, $after: String) { zaak {
        page: documenten(first: $first, after: $after) { url titel }
        all: documenten { url }
        two: documenten(first: 2) { titel }
    } }"""

    response = compare(query, root, {"first": 1, "after": second})
    fast_stock_fields = CountingFast.fields

    assert response["data"]["zaak"]["page"] == [{"url": zaak["documenten"][2]["url"], "titel": "Document 13"}]
    assert len(response["data"]["zaak"]["all"]) == len(zaak["documenten"])
    assert len(response["data"]["zaak"]["two"]) == 2
    assert fast_stock_fields == 0  # no field took graphql-core's path: the child lists neither
    unset = compare(query, root, {})  # variables left out: the whole list
    assert len(unset["data"]["zaak"]["page"]) == len(zaak["documenten"])


def test_dates_are_served_as_sent_or_by_the_scalar() -> None:
    query = "{ zaak { startdatum einddatum laatstGemuteerd } }"
    as_sent = compare(query, _root(zaak=_zaak(1)))
    fast_stock_fields = CountingFast.fields
    as_objects = compare(
        query,
        _root(
            zaak=_zaak(1, startdatum=datetime.date(2024, 1, 2), laatstGemuteerd=datetime.datetime(2024, 5, 1))
        ),
    )
    wrong = compare(query, _root(zaak=_zaak(1, startdatum=20240102)))

    assert as_sent["data"] == {
        "zaak": {"startdatum": "2024-01-01", "einddatum": None, "laatstGemuteerd": "2024-05-01T09:30:00Z"}
    }
    assert fast_stock_fields == 0  # ZGW's strings take the fast path
    assert as_objects["data"]["zaak"]["startdatum"] == "2024-01-02"  # anything else: the scalar's serialize
    assert _paths(wrong) == [["zaak", "startdatum"]]


def test_fast_fields_below_an_async_resolver() -> None:
    root = _root(zaak=_zaak(1, status=UpstreamError("status failed", registry="sim")))

    response = compare("{ later { url status { url } documenten { titel } } zaak { url } }", root)

    assert _paths(response) == [["later", "status"]]


def test_an_extension_with_a_resolve_hook_switches_the_fast_path_off() -> None:
    class Hook(SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            return _next(root, info, *args, **kwargs)

    schema = strawberry.Schema(
        query=ViewQuery,
        types=list(RESOURCE_TYPES),
        config=StrawberryConfig(default_resolver=default_resolver_for((*ALL_TYPES, ViewQuery))),
        scalar_overrides=SCALAR_OVERRIDES,
        extensions=[Hook],
        execution_context_class=CountingFast,
    )
    CountingFast.fields = 0

    response = _run(schema, "{ zaak { url identificatie } }", None, _root(zaak=_zaak(1)))

    assert response["data"] == {"zaak": {"url": _zaak(1)["url"], "identificatie": "ZAAK-1"}}
    assert CountingFast.fields == 3  # every field through graphql-core, so the hook sees every field


def test_with_mask_errors_as_served() -> None:
    no_url = _zaak(1)
    del no_url["url"]
    root = _root(
        zaken=[no_url, _zaak(2, zaaktype=UpstreamError("down", registry="sim"), kenmerken=[ValueError("x")])],
        label=["not", "a", "string"],
    )
    query = "{ zaken { url zaaktype { url } kenmerken { kenmerk } } label }"

    fast, stock = (_run(MASKED[name], query, None, root) for name in ("fast", "stock"))

    assert orjson.dumps(fast) == orjson.dumps(stock), f"fast: {fast}\nstock: {stock}"
    messages = [error["message"] for error in stock["errors"]]
    assert messages.count("Unexpected error.") == 2 and "down" in messages  # masked: the untyped ones


def test_build_schema_wires_the_fast_executor() -> None:
    assert build_schema().execution_context_class is FastExecutionContext


# -- the real schema against the simulator ----------------------------------------------------------------

PORTAL = """
query Portal($bsn: String!) {
  zaken(filter: {rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn: $bsn},
        ordering: [startdatum_DESC], first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    registries { registry { name } totalCount error }
    nodes {
      __typename id url identificatie omschrijving startdatum einddatum archiefnominatie productenOfDiensten
      zaaktype { omschrijving vertrouwelijkheidaanduiding }
      status { datumStatusGezet statustype { omschrijving isEindstatus volgnummer } }
      resultaat { resultaattype { omschrijving } }
      documenten { url titel formaat bestandsomvang vertrouwelijkheidaanduiding trefwoorden
                   informatieobjecttype { omschrijving } }
      besluiten { url datum besluittype { omschrijving } }
      rollen(first: 2) { betrokkeneType roltoelichting }
      kenmerken { kenmerk bron }
    }
  }
}
"""

EDGES = """
query Edges($after: String) {
  zaken(first: 5, after: $after) {
    edges { cursor node { ...Z } }
    pageInfo { hasNextPage endCursor }
  }
}
fragment Z on Zaak { url kind: __typename zaaktype { omschrijving } hoofdzaak { url identificatie } }
"""

NODE = """
query N($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Zaak { identificatie documenten(first: 2) { titel } status { statustype { omschrijving } } }
  }
}
"""


def _real_schema(execution_context_class: type | None) -> strawberry.Schema:
    """`build_schema()`'s schema with the execution context named here."""
    return strawberry.Schema(
        query=Query,
        types=list(RESOURCE_TYPES),
        config=StrawberryConfig(default_resolver=default_resolver_for(ALL_TYPES)),
        scalar_overrides=SCALAR_OVERRIDES,
        extensions=[partial(MaskErrors, should_mask_error=should_mask)],
        execution_context_class=execution_context_class,
    )


REAL_SCHEMAS = {"fast": _real_schema(FastExecutionContext), "stock": _real_schema(None)}


def _real(settings: Settings, query: str, variables: dict[str, Any]) -> dict[str, Response]:
    async def run() -> dict[str, Response]:
        registries = Registries.from_settings(settings)
        try:
            responses = {}
            for name, schema in REAL_SCHEMAS.items():
                context = build_context(settings, registries, CatalogueCache(0, 0), dict(TYPE_BY_RESOURCE))
                result = await schema.execute(query, variable_values=variables, context_value=context)
                response = dict(process_result(result))
                if context.extra_errors:
                    response["extra"] = [e.formatted for e in context.extra_errors]
                responses[name] = response
            return responses
        finally:
            await registries.aclose()

    return asyncio.run(run())


@pytest.fixture
def settings(clean: RunningSimulator) -> Iterator[Settings]:
    # One plan for both executors: links by their own requests (a probe or an expanded page in one run and
    # not the other would inline what the injected faults fail in the other). No breaker: the second run
    # must ask the registry as the first did (an open breaker would fail its requests at once).
    yield Settings(registries=(registry_for(clean, use_expand=False, breaker_failures=0),))


def _without_problem_instances(response: Response) -> Response:
    """The simulator gives every problem response a fresh `instance` urn: not the executor's doing."""
    for error in response.get("errors") or []:
        problem = error.get("extensions", {}).get("problem")
        if problem is not None:
            problem.pop("instance", None)
    return response


def _compare_real(settings: Settings, query: str, variables: dict[str, Any]) -> Response:
    responses = _real(settings, query, variables)
    fast, stock = (_without_problem_instances(responses[name]) for name in ("fast", "stock"))
    assert orjson.dumps(fast) == orjson.dumps(stock), f"fast: {fast}\nstock: {stock}"
    return stock


def test_real_portal_query(settings: Settings, simulator: RunningSimulator) -> None:
    response = _compare_real(settings, PORTAL, {"bsn": simulator.bsn()})

    nodes = response["data"]["zaken"]["nodes"]
    assert len(nodes) >= 10 and "errors" not in response
    assert any(node["documenten"] for node in nodes) and any(node["status"] for node in nodes)


def test_real_paging_edges_and_node(settings: Settings) -> None:
    page = _compare_real(settings, EDGES, {"after": None})
    cursor = page["data"]["zaken"]["pageInfo"]["endCursor"]
    _compare_real(settings, EDGES, {"after": cursor})
    zaak_url = page["data"]["zaken"]["edges"][0]["node"]["url"]

    node = _compare_real(settings, NODE, {"id": zaak_url})

    assert node["data"]["node"]["__typename"] == "Zaak"


def test_real_failing_links_are_errors_at_their_fields(settings: Settings, clean: RunningSimulator) -> None:
    clean.set_faults(error_rate=1.0, statuses=[503], path_regex="statustypen|informatieobjecttypen", seed=1)

    response = _compare_real(settings, PORTAL, {"bsn": clean.bsn()})

    paths = _paths(response)
    assert paths and all(path[-1] in ("statustype", "informatieobjecttype") for path in paths)
    assert response["data"]["zaken"]["nodes"]


def test_real_gateway_over_http_answers_as_the_stock_executor(
    gateway: Gateway, settings: Settings, simulator: RunningSimulator
) -> None:
    body = gateway.query(PORTAL, {"bsn": simulator.bsn()})

    stock = _real(settings, PORTAL, {"bsn": simulator.bsn()})["stock"]

    assert body["data"] == stock["data"]
