"""The GraphQL-over-HTTP surface: parse and validation errors, bad variables, bodies that are not GraphQL
requests, GET queries and GraphiQL. Every answer is JSON (or GraphiQL's HTML), never a 500 or a traceback."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import ask, assert_safe, data_of, rest
from tests.support import Gateway


def _only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None
    [error] = body["errors"]
    assert isinstance(error["message"], str) and error["message"]
    return error


@pytest.mark.parametrize(
    "query, variables, code",
    [
        ("{ zaken { ", None, "GRAPHQL_PARSE_FAILED"),
        ("{ zaken(first: 1) { totalCount } } }", None, "GRAPHQL_PARSE_FAILED"),
        ("{ zaken { nodes { url nope } } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("{ zaak }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("{ zaken(ordering: [nope]) { totalCount } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("{ zaken(filter: {nope: 1}) { totalCount } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ('{ zaken(first: "seven") { totalCount } }', None, "GRAPHQL_VALIDATION_FAILED"),
        ("mutation { zaak { url } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($first: Int) { zaken(first: $first) { totalCount } }", {"first": "seven"}, "BAD_USER_INPUT"),
        ("query($url: String!) { zaak(url: $url) { url } }", {}, "BAD_USER_INPUT"),
        ("query($o: [ZaakOrdering!]) { zaken(ordering: $o) { totalCount } }", {"o": ["startdatum"]}, "BAD_USER_INPUT"),
    ],
    ids=[
        "unclosed", "extra-brace", "unknown-field", "missing-selection", "unknown-enum", "unknown-filter",
        "string-for-int", "no-mutations", "variable-wrong-type", "variable-missing",
        "variable-bad-enum",
    ],
)  # fmt: skip
def test_a_bad_query_is_refused_with_its_code_before_any_backend_call(
    query: str, variables: dict[str, Any] | None, code: str, gateway: Gateway, clean: RunningSimulator
) -> None:
    body = ask(gateway, query, variables)

    assert _only_error(body)["extensions"]["code"] == code
    assert clean.requests()["count"] == 0


@pytest.mark.parametrize(
    "query, variables, code",
    [
        (
            "query($f: ZaakFilter) { zaken(filter: $f) { totalCount } }",
            {"f": {"startdatum__gte": "gisteren"}},
            "BAD_USER_INPUT",
        ),
        (
            "query($d: Date) { zaken(filter: {startdatum__gte: $d}) { totalCount } }",
            {"d": "gisteren"},
            "BAD_USER_INPUT",
        ),
        (
            '{ zaken(filter: {startdatum__gte: "gisteren"}) { totalCount } }',
            None,
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ],
    ids=["filter-variable", "date-variable", "date-literal"],
)
def test_a_bad_date_is_refused_like_any_other_bad_value(
    query: str, variables: dict[str, Any] | None, code: str, gateway: Gateway, clean: RunningSimulator
) -> None:
    body = ask(gateway, query, variables)

    assert _only_error(body)["extensions"]["code"] == code
    assert clean.requests()["count"] == 0


@pytest.mark.parametrize(
    "content, content_type",
    [
        (b"not json", "application/json"),
        (b'{"query": "{ __typename }"', "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"{}", "application/json"),
        (b'{"query": 5}', "application/json"),
        (b'{"query": "{ __typename }", "variables": "x"}', "application/json"),
        (b'[{"query": "{ __typename }"}]', "application/json"),
        (b'{"query": "query A { __typename }", "operationName": "B"}', "application/json"),
        (b"{ __typename }", "text/plain"),
    ],
    ids=[
        "not-json", "cut-off-json", "not-utf8", "no-query", "query-not-string", "variables-not-object", "batch",
        "unknown-operation", "unsupported-content-type",
    ],
)  # fmt: skip
def test_a_body_that_is_not_a_graphql_request_gets_a_json_400(
    content: bytes, content_type: str, gateway: Gateway, clean: RunningSimulator
) -> None:
    response = httpx.post(gateway.url, content=content, headers={"Content-Type": content_type}, timeout=30)

    assert_safe(response)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert _only_error(response.json())["extensions"]["code"] == "BAD_REQUEST"
    assert clean.requests()["count"] == 0


def test_several_operations_without_an_operation_name_are_refused(
    gateway: Gateway, clean: RunningSimulator
) -> None:
    response = gateway.post("query A { __typename } query B { zaken(first: 1) { totalCount } }")

    assert_safe(response)
    error = _only_error(response.json())
    assert error["extensions"]["code"] in ("BAD_REQUEST", "GRAPHQL_VALIDATION_FAILED")
    assert clean.requests()["count"] == 0


def test_the_operation_name_picks_the_operation(gateway: Gateway, simulator: RunningSimulator) -> None:
    response = httpx.post(
        gateway.url,
        json={
            "query": "query A { __typename } query B { zaken(first: 1) { totalCount } }",
            "operationName": "B",
        },
        timeout=30,
    )

    assert response.json() == {
        "data": {"zaken": {"totalCount": rest(simulator, "zaken/api/v1/zaken")["count"]}}
    }


def test_a_get_query_answers_like_a_post(gateway: Gateway, simulator: RunningSimulator) -> None:
    query = "query($n: Int) { zaken(first: $n) { totalCount nodes { url } } }"

    response = httpx.get(
        gateway.url,
        params={"query": query, "variables": '{"n": 3}'},
        headers={"Accept": "application/json"},
        timeout=30,
    )

    registry = rest(simulator, "zaken/api/v1/zaken")
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "zaken": {
                "totalCount": registry["count"],
                "nodes": [{"url": z["url"]} for z in registry["results"][:3]],
            }
        }
    }
    assert response.json() == ask(gateway, query, {"n": 3})


def test_a_get_with_a_syntax_error_is_a_parse_error(gateway: Gateway) -> None:
    response = httpx.get(
        gateway.url, params={"query": "{ zaken { "}, headers={"Accept": "application/json"}, timeout=30
    )

    assert_safe(response)
    assert _only_error(response.json())["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_a_browser_gets_graphiql(gateway: Gateway) -> None:
    response = httpx.get(gateway.url, headers={"Accept": "text/html"}, timeout=30)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


def test_introspection_names_the_root_fields(gateway: Gateway) -> None:
    data = data_of(gateway, '{ __type(name: "Query") { fields { name } } }')

    names = {f["name"] for f in data["__type"]["fields"]}
    assert {"node", "zaak", "zaken", "documenten", "besluiten", "catalogussen", "zaaktypen"} <= names


def test_an_unsupported_method_is_refused_without_a_traceback(gateway: Gateway) -> None:
    response = httpx.put(gateway.url, json={"query": "{ __typename }"}, timeout=30)

    assert_safe(response)
    assert response.status_code == 405


def test_a_get_with_variables_that_are_not_json_gets_a_json_400(
    gateway: Gateway, clean: RunningSimulator
) -> None:
    response = httpx.get(
        gateway.url,
        params={"query": "query($n: Int) { zaken(first: $n) { totalCount } }", "variables": "{nope"},
        headers={"Accept": "application/json"},
        timeout=30,
    )

    assert_safe(response)
    assert response.status_code == 400
    assert _only_error(response.json())["extensions"]["code"] == "BAD_REQUEST"
    assert clean.requests()["count"] == 0
