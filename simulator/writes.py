"""Create (POST) handling: spec validation, reference checks, then the kind's creator (creators_*.py).

A creator validates everything first and only then changes the store, so a rejected request changes nothing."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from simulator import kanalen
from simulator.auth import Client
from simulator.http import Reply, Request, render
from simulator.kinds import KINDS_BY_KEY, LOCAL, Api, Kind
from simulator.nrc import publish_write
from simulator.problems import InvalidParam, forbidden, invalid, method_not_allowed
from simulator.registry import Registry
from simulator.routing import Route
from simulator.schema_check import check_body, flatten
from simulator.store import Record, Resource

_BAD_URL = 'Bad URL "{url}" - object could not be fetched. This *may* be because you have insufficient read permissions.'


@dataclass
class WriteContext:
    reg: Registry
    req: Request
    client: Client
    kind: Kind
    body: dict[str, Any]
    parent_uuid: str | None = None
    problems: list[InvalidParam] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        return datetime.now(UTC)

    def local(self, url: str) -> str:
        base = self.req.base_url
        return LOCAL + url[len(base) :] if url.startswith(base) else url

    def ref(
        self, name: str, key: str | tuple[str, ...], *, value: Any = None
    ) -> tuple[Record, Resource] | None:
        """Check that body[name] (or `value`) points at a stored resource of kind `key`; note a problem if not."""
        url = self.body.get(name) if value is None else value
        if url in (None, ""):
            return None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            self.problems.append(InvalidParam(name, "bad-url", "Voer een geldige URL in."))
            return None
        if not url.startswith(self.req.base_url):
            self.problems.append(
                InvalidParam(name, "unknown-service", "De service voor deze URL is niet bekend.")
            )
            return None
        found = self.reg.store.find(self.local(url))
        keys = (key,) if isinstance(key, str) else key
        if found is None or found[0].key not in keys:
            self.problems.append(InvalidParam(name, "does_not_exist", _BAD_URL.format(url=url)))
            return None
        return found[1], found[1].decode()

    def raise_problems(self) -> None:
        if self.problems:
            raise invalid(*self.problems)

    def new_uuid(self) -> str:
        return str(uuidlib.uuid4())

    def local_body(self, value: Any) -> Any:
        """The body with local absolute URLs turned into the stored host-independent form."""
        if isinstance(value, str):
            return self.local(value)
        if isinstance(value, list):
            return [self.local_body(v) for v in value]
        if isinstance(value, dict):
            return {k: self.local_body(v) for k, v in value.items()}
        return value

    def shaped(self, uuid: str) -> Resource:
        """A new resource: every response-schema field, from the body where given, else a neutral default."""
        operation = self.reg.contract.operation(self.kind.api, self.kind.spec_path, "post")
        schema = operation.response_schema if operation is not None else None
        resolve: Callable[[Any], Any] = lambda node: self.reg.contract.resolve(self.kind.api, node)  # noqa: E731
        flat = flatten(schema or {}, resolve, self.body)
        doc: Resource = {}
        for name, raw_prop in flat.get("properties", {}).items():
            prop = resolve(raw_prop)
            if name in self.body and not prop.get("readOnly"):
                doc[name] = self.local_body(self.body[name])
            else:
                doc[name] = _default(prop, resolve)
        doc["url"] = self.kind.local_url(uuid, self.parent_uuid)
        if "uuid" in doc or self.kind.has_uuid_field:
            doc["uuid"] = uuid
        return doc


def _default(prop: dict[str, Any], resolve: Callable[[Any], Any], depth: int = 0) -> Any:
    if "default" in prop:
        return prop["default"]
    kind = prop.get("type")
    if kind is None:
        for part in prop.get("allOf", []) + prop.get("oneOf", []):
            resolved = resolve(part)
            if isinstance(resolved, dict) and resolved.get("type"):
                kind = resolved["type"]
                break
    if kind == "array":
        return []
    if prop.get("nullable"):
        return None
    if kind == "string" and _format(prop, resolve) in ("date", "date-time"):
        # Open Zaak sends an unset date as null, never "" (beginObject/eindeObject in the captures)
        return None
    if kind == "object" and depth < 3:
        # an unset nested object is served with blank fields, e.g. broncatalogus {"url": "", "domein": "", ...}
        # in tests/captures/zaaktype.json
        properties = _properties(prop, resolve)
        if properties:
            return {name: _default(resolve(sub), resolve, depth + 1) for name, sub in properties.items()}
    return {"string": "", "boolean": False, "object": None}.get(str(kind))


def _format(prop: dict[str, Any], resolve: Callable[[Any], Any]) -> str | None:
    parts = [prop] + [resolve(part) for part in prop.get("allOf", [])]
    return next((str(part["format"]) for part in parts if isinstance(part, dict) and "format" in part), None)


def _properties(prop: dict[str, Any], resolve: Callable[[Any], Any]) -> dict[str, Any]:
    for part in [prop] + [resolve(part) for part in prop.get("allOf", [])]:
        if isinstance(part, dict) and isinstance(part.get("properties"), dict):
            found: dict[str, Any] = part["properties"]
            return found
    return {}


Creator = Callable[[WriteContext], Resource]


def _creators() -> dict[str, Creator]:
    from simulator.creators_other import CREATORS as OTHER
    from simulator.creators_zaken import CREATORS as ZAKEN

    return {**ZAKEN, **OTHER}


_SCOPE_ACTION = {Api.CATALOGI: "schrijven"}


def create(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    kind = route.kind
    assert kind is not None
    operation = reg.contract.operation(kind.api, kind.spec_path, "post")
    creator = _creators().get(kind.key)
    if operation is None or operation.body_schema is None or creator is None:
        raise method_not_allowed("POST")
    if not client.may_use(kind.api, _SCOPE_ACTION.get(kind.api, "aanmaken")):
        raise forbidden()
    try:
        body = orjson.loads(req.body or b"null")
    except orjson.JSONDecodeError:
        raise invalid(InvalidParam("nonFieldErrors", "parse_error", "JSON parse error")) from None
    if isinstance(body, dict) and route.parent_uuid is not None and "zaak" not in body:
        body["zaak"] = req.base_url + KINDS_BY_KEY["zaken"].local_url(route.parent_uuid)[len(LOCAL) :]
    problems = check_body(body, operation.body_schema, lambda node: reg.contract.resolve(kind.api, node))
    if problems:
        raise invalid(*problems)
    ctx = WriteContext(reg, req, client, kind, body, route.parent_uuid)
    doc = creator(ctx)
    main_url = ctx.local(str(body.get("zaak") or "")) if route.parent_uuid is not None else ""
    publish_write(reg, req, kanalen.message(reg.store, kind.key, doc, "create", main_url=main_url))
    rendered = render(orjson.dumps(doc), req.base_url, req.catalogi_url)
    return Reply(
        201,
        rendered,
        (("Location", render(b'"' + doc["url"].encode(), req.base_url, req.catalogi_url)[1:].decode()),),
    )
