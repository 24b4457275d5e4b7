"""What the OpenAPI specs in simulator/specs/ say: query parameters, paging, request bodies.

Loaded once at start-up (never per request)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from simulator.kinds import Api

SPEC_DIR = Path(__file__).parent / "specs"
SPEC_FILES: dict[Api, str] = {
    Api.ZAKEN: "zaken-1.5.1-openzaak.yaml",
    Api.DOCUMENTEN: "documenten-1.4.2-openzaak.yaml",
    Api.BESLUITEN: "besluiten-1.1.0-openzaak.yaml",
    Api.CATALOGI: "catalogi-1.3.1-openzaak.yaml",
}
NRC_SPEC_FILE = "notificaties-1.0.0-opennotificaties.yaml"


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str  # string, integer, boolean, array, number
    format: str | None
    enum: tuple[str, ...] | None  # for arrays: the items' enum
    is_url: bool = False  # "URL-referentie ...": the spec sometimes types these as integer (a generator bug)


@dataclass(frozen=True, slots=True)
class Operation:
    params: dict[str, Param]
    paginated: bool
    body_schema: dict[str, Any] | None  # resolved request body schema (POST)
    response_schema: dict[str, Any] | None = None  # the 201 body of a POST


def _loader() -> type[yaml.SafeLoader]:
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


class Contract:
    def __init__(self) -> None:
        self.specs: dict[Api, dict[str, Any]] = {}
        self.raw: dict[Api, bytes] = {}
        for api, name in SPEC_FILES.items():
            text = (SPEC_DIR / name).read_bytes()
            self.raw[api] = text
            self.specs[api] = yaml.load(text, Loader=_loader())
        self._ops: dict[tuple[Api, str, str], Operation | None] = {}

    def operation(self, api: Api, path: str, method: str) -> Operation | None:
        key = (api, path, method)
        if key not in self._ops:
            self._ops[key] = self._build(api, path, method)
        return self._ops[key]

    def _build(self, api: Api, path: str, method: str) -> Operation | None:
        spec = self.specs[api]
        operation = spec.get("paths", {}).get(path, {}).get(method)
        if operation is None:
            return None
        params: dict[str, Param] = {}
        for raw in operation.get("parameters", []):
            raw = self.resolve(api, raw)
            if raw.get("in") != "query":
                continue
            schema = self.resolve(api, raw.get("schema", {}))
            items = self.resolve(api, schema.get("items", {})) if schema.get("type") == "array" else {}
            enum = items.get("enum") if items else schema.get("enum")
            description = str(raw.get("description", ""))
            is_url = schema.get("format") == "uri" or description.startswith("URL-referentie")
            params[raw["name"]] = Param(
                raw["name"],
                "string" if is_url else str(schema.get("type", "string")),
                "uri" if is_url else schema.get("format"),
                tuple(enum) if enum else None,
                is_url,
            )
        paginated = False
        ok = operation.get("responses", {}).get("200", {})
        content = ok.get("content", {}).get("application/json", {}).get("schema")
        if content is not None:
            resolved = self.resolve(api, content)
            paginated = "results" in resolved.get("properties", {})
        body_schema = None
        body = operation.get("requestBody")
        if body is not None:
            body_content = self.resolve(api, body).get("content", {})
            media: dict[str, Any] = body_content.get("application/json") or next(
                iter(body_content.values()), {}
            )
            if "schema" in media:
                body_schema = self.resolve(api, media["schema"])
        response_schema = None
        created = operation.get("responses", {}).get("201", {})
        created_content = created.get("content", {}).get("application/json", {}).get("schema")
        if created_content is not None:
            response_schema = self.resolve(api, created_content)
        return Operation(params, paginated, body_schema, response_schema)

    def resolve(self, api: Api, node: Any) -> Any:
        """Follow a local $ref (one level at a time, as often as needed)."""
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return {}
            target: Any = self.specs[api]
            for part in ref[2:].split("/"):
                target = target[part]
            node = target
        return node

    def nrc_spec(self) -> bytes:
        """The Notificaties API spec, served as is (read when asked: no request path needs it parsed)."""
        return (SPEC_DIR / NRC_SPEC_FILE).read_bytes()

    def schema(self, api: Api, name: str) -> dict[str, Any]:
        result: dict[str, Any] = self.specs[api]["components"]["schemas"][name]
        return result
