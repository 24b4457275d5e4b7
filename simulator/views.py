"""Read handlers: detail (GET/HEAD with ETag), list, _zoek and download."""

from __future__ import annotations

import hashlib
import uuid as uuidlib
from typing import Any

import orjson

from simulator import documents
from simulator.auth import Client
from simulator.contract import Operation
from simulator.expand import Expander, ExpandTree, parse_expand
from simulator.filters import Selector
from simulator.http import Reply, Request, render
from simulator.kinds import KINDS_BY_KEY, Api, Kind
from simulator.paging import paginate
from simulator.problems import (
    InvalidParam,
    forbidden,
    invalid,
    method_not_allowed,
    not_found,
    server_error,
)
from simulator.queryparams import validate
from simulator.registry import Registry, expand_enum
from simulator.routing import Route
from simulator.store import Collection, Record


def is_uuid(value: str) -> bool:
    try:
        uuidlib.UUID(value)
    except ValueError:
        return False
    return True


def etag_of(rendered: bytes) -> str:
    return '"' + hashlib.md5(rendered, usedforsecurity=False).hexdigest() + '"'


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == etag or candidate == "*":
            return True
    return False


def _operation(reg: Registry, kind: Kind, path: str, method: str) -> Operation:
    operation = reg.contract.operation(kind.api, path, method)
    if operation is None:
        raise method_not_allowed(method.upper())
    return operation


def _expand_tree(reg: Registry, kind: Kind, raw: list[str]) -> ExpandTree:
    if not raw:
        return {}
    if kind.key == "zaken":
        allowed = reg.zaak_expand
        if not allowed:  # a Zaken API before 1.5 (admin /_admin/expand): no such parameter
            raise invalid(
                InvalidParam("nonFieldErrors", "unknown-parameters", "Onbekende query parameters: expand")
            )
    else:  # each kind's own enum: gebruiksrechten expand informatieobject(.informatieobjecttype)
        allowed = expand_enum(reg.contract, kind.api, _detail_path(kind))
    return parse_expand(raw, allowed)


def _with_expand(
    reg: Registry, client: Client, record: Record, tree: ExpandTree, expander: Expander | None
) -> bytes:
    if not tree:
        return record.json()
    doc = record.decode()
    doc["_expand"] = (expander or Expander(reg.store, client)).expand(doc, tree)
    return orjson.dumps(doc)


def _find(reg: Registry, route: Route, client: Client) -> Record:
    kind = route.kind
    assert kind is not None and route.uuid is not None
    if not is_uuid(route.uuid):
        if kind.key == "zaken":
            raise server_error()  # Open Zaak 1.30 crashes on a non-UUID zaak id
        raise not_found()
    if not client.may_use(kind.api):
        raise forbidden()
    record = reg.store[kind.key].get(route.uuid)
    if record is None or (route.parent_uuid is not None and record.parent != route.parent_uuid):
        raise not_found()
    if not client.may_see(kind.api, record):
        raise forbidden()
    return record


def find_record(reg: Registry, route: Route, client: Client) -> Record:
    """The record a detail route names, checked like a read (404, 403)."""
    return _find(reg, route, client)


def detail(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    kind = route.kind
    assert kind is not None
    pairs = req.query()
    validate(_operation(reg, kind, _detail_path(kind), "get"), pairs)
    record = _find(reg, route, client)
    plain = render(record.json(), req.base_url, req.catalogi_url)
    etag = etag_of(plain)
    headers = (("ETag", etag),)
    if _etag_matches(req.header("if-none-match"), etag):
        return Reply(304, b"", headers)
    tree = _expand_tree(reg, kind, [v for k, v in pairs if k == "expand"])
    if not tree:
        return Reply(200, plain, headers, extra={"expanded": "0"})
    expander = Expander(reg.store, client)
    body = render(_with_expand(reg, client, record, tree, expander), req.base_url, req.catalogi_url)
    return Reply(200, body, headers, extra={"expanded": str(expander.inlined)})


def _detail_path(kind: Kind) -> str:
    if kind.nested_under is not None:
        return kind.spec_path + "/{uuid}"
    return kind.detail_spec_path


_ORDER_NULLS = ""


def _order(records: list[Record], ordering: list[str], collection: Collection) -> list[Record]:
    if not ordering:
        return records
    ordered = list(records)
    for field in reversed(ordering):
        descending = field.startswith("-")
        column = collection.column(field.lstrip("-"))

        def key(record: Record, column: dict[str, list[Any]] = column) -> tuple[bool, Any]:
            values = column.get(record.uuid)
            value = values[0] if values else None
            return (value is None, value if value is not None else _ORDER_NULLS)

        ordered.sort(key=key, reverse=descending)
    return ordered


def _list_body(
    reg: Registry, req: Request, kind: Kind, client: Client, records: list[Record], pairs: list[tuple[str, str]],
    paginated: bool, tree: ExpandTree,
) -> Reply:  # fmt: skip
    expander = Expander(reg.store, client) if tree else None
    if not paginated:
        parts = [_with_expand(reg, client, r, tree, expander) for r in records]
        body = render(b"[" + b",".join(parts) + b"]", req.base_url, req.catalogi_url)
        return Reply(200, body, extra={"items": str(len(parts)), "expanded": _inlined(expander)})
    params = dict(pairs)
    page = paginate(len(records), params.get("page"), params.get("pageSize"), req.base_url + req.path.lstrip("/"),
                    req.query_string)  # fmt: skip
    parts = [_with_expand(reg, client, r, tree, expander) for r in records[page.start : page.stop]]
    envelope = b'{"count":%d,"next":%s,"previous":%s,"results":[' % (
        len(records), orjson.dumps(page.next_url), orjson.dumps(page.previous_url)
    )  # fmt: skip
    body = render(envelope + b",".join(parts) + b"]}", req.base_url, req.catalogi_url)
    return Reply(200, body, extra={"items": str(len(parts)), "expanded": _inlined(expander)})


def _inlined(expander: Expander | None) -> str:
    """The objects a reply inlined (request-log annotation): what its cost is counted by, without reading
    the reply back (simulator/latency.py `cost_of`)."""
    return "0" if expander is None else str(expander.inlined)


def listing(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    kind = route.kind
    assert kind is not None
    pairs = req.query()
    operation = _operation(reg, kind, kind.spec_path, "get")
    validate(operation, pairs)
    if not client.may_use(kind.api):
        raise forbidden()
    if route.parent_uuid is not None:
        parent = KINDS_BY_KEY[kind.nested_under or "zaken"]
        parent_route = Route(route.api, route.op, parent, uuid=route.parent_uuid)
        _find(reg, parent_route, client)
    tree = _expand_tree(reg, kind, [v for k, v in pairs if k == "expand"])
    records = Selector(reg.store, req.base_url).select(kind, pairs, client, route.parent_uuid)
    ordering = [o for k, v in pairs if k == "ordering" for o in v.split(",") if o]
    records = _order(records, ordering, reg.store[kind.key])
    return _list_body(reg, req, kind, client, records, pairs, operation.paginated, tree)


def search(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    kind = route.kind
    assert kind is not None
    operation = _operation(reg, kind, kind.spec_path + "/_zoek", "post")
    pairs = req.query()
    validate(operation, pairs)
    if not client.may_use(kind.api):
        raise forbidden()
    try:
        body = orjson.loads(req.body or b"{}")
    except orjson.JSONDecodeError:
        raise invalid(InvalidParam("nonFieldErrors", "parse_error", "JSON parse error")) from None
    if not isinstance(body, dict) or not body:
        raise invalid(InvalidParam("nonFieldErrors", "empty_search_body", "Je moet zoekparameters opgeven"))
    filters, ordering, expand = _search_filters(reg, kind, body, operation)
    expand += [v for k, v in pairs if k == "expand"]
    tree = _expand_tree(reg, kind, expand)
    records = Selector(reg.store, req.base_url).select(kind, filters, client)
    records = _order(records, ordering, reg.store[kind.key])
    return _list_body(reg, req, kind, client, records, pairs, True, tree)


def _search_filters(
    reg: Registry, kind: Kind, body: dict[str, Any], operation: Operation
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    schema = operation.body_schema or {}
    allowed = set(schema.get("properties", {}))
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise invalid(
            InvalidParam(
                "nonFieldErrors", "unknown-parameters", f"Onbekende parameters: {', '.join(unknown)}"
            )
        )
    filters: list[tuple[str, str]] = []
    ordering: list[str] = []
    expand: list[str] = []
    for name, value in body.items():
        if value is None:
            continue
        if name == "uuid__in":
            if not isinstance(value, list) or not all(isinstance(v, str) and is_uuid(v) for v in value):
                raise invalid(InvalidParam("uuid__in.", "invalid", "Must be a valid UUID."))
            filters.append(("uuid__in", ",".join(value)))
        elif name == "ordering":
            ordering = list(value) if isinstance(value, list) else str(value).split(",")
        elif name == "expand":
            expand = [",".join(value)] if isinstance(value, list) else [str(value)]
        elif name == "zaakgeometrie":
            filters.append(("zaakgeometrie", orjson.dumps(value).decode()))
        elif isinstance(value, list):
            filters.append((name, ",".join(str(v) for v in value)))
        elif isinstance(value, bool):
            filters.append((name, "true" if value else "false"))
        else:
            filters.append((name, str(value)))
    return filters, ordering, expand


def download(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    kind = route.kind
    assert kind is not None
    validate(_operation(reg, kind, "/enkelvoudiginformatieobjecten/{uuid}/download", "get"), req.query())
    accept = req.header("accept") or "*/*"
    if "application/octet-stream" not in accept and "*/*" not in accept and "application/*" not in accept:
        return Reply(406, b"application/octet-stream", content_type="application/octet-stream")
    record = _find(reg, route, client)
    content = documents.content_of(reg.store, record.uuid)
    if content is None:
        raise not_found()
    return Reply(
        200,
        content,
        (
            ("ETag", etag_of(content)),
            ("Content-Disposition", f'attachment; filename="{record.uuid}.bin"'),
        ),
        content_type="application/octet-stream",
    )


def schema(reg: Registry, api: Api) -> Reply:
    return Reply(200, reg.contract.raw[api], content_type="application/vnd.oai.openapi")
