"""Validating simulator responses against the Open Zaak OpenAPI specs in simulator/specs/ with openapi-core.

The spec files are never changed: each is loaded, patched in memory (our server URL added; the external
catalogi-api `$ref`s used only inside `_expand` replaced by a plain object so nothing is fetched) and turned
into an `OpenAPI` object once per session."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import orjson
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_schema_validator import OAS30Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from tests.conformance.deviations import relax

SPEC_DIR = Path(__file__).resolve().parents[2] / "simulator" / "specs"
SPEC_FILES = {
    "zaken": "zaken-1.5.1-openzaak.yaml",
    "documenten": "documenten-1.4.2-openzaak.yaml",
    "besluiten": "besluiten-1.1.0-openzaak.yaml",
    "catalogi": "catalogi-1.3.1-openzaak.yaml",
    "notificaties": "notificaties-1.0.0-opennotificaties.yaml",
}
# Open Zaak serves problem bodies as application/json; the specs declare application/problem+json
# (tests/captures/README.md, "Error bodies carry the problem fields ... served as application/json").
PROBLEM_JSON = "application/problem+json"


@cache
def raw_spec(api: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec: dict[str, Any] = yaml.load((SPEC_DIR / SPEC_FILES[api]).read_bytes(), Loader=loader)
    return spec


def _without_external_refs(node: Any) -> Any:
    """The `_expand` schemas point at the catalogi-api on GitHub; never fetch them (no network in tests)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return {"type": "object"}
        return {key: _without_external_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_without_external_refs(item) for item in node]
    return node


def _nullable_refs(node: Any) -> Any:
    """`{allOf: [{$ref}], nullable: true}` is drf-spectacular's way to say "this object or null" (Open Zaak
    sends null, e.g. `verlenging` in tests/captures/zaak.json), but OAS 3.0.3 lets `nullable` act only next to
    `type`, so openapi-schema-validator refuses the null inside the allOf. Say the same thing in a form it
    understands: anyOf the object or null."""
    if isinstance(node, dict):
        node = {key: _nullable_refs(value) for key, value in node.items()}
        all_of = node.get("allOf")
        if (
            node.get("nullable") is True
            and "type" not in node
            and isinstance(all_of, list)
            and len(all_of) == 1
        ):
            rest = {key: value for key, value in node.items() if key not in ("allOf", "nullable")}
            return {**rest, "anyOf": [all_of[0], {"nullable": True, "enum": [None]}]}
        return node
    if isinstance(node, list):
        return [_nullable_refs(item) for item in node]
    return node


def patched_spec(api: str, base_url: str) -> dict[str, Any]:
    spec = _nullable_refs(_without_external_refs(copy.deepcopy(raw_spec(api))))
    assert isinstance(spec, dict)
    relax(spec, api)
    spec["servers"] = [{"url": f"{base_url}{api}/api/v1"}, *spec.get("servers", [])]
    return spec


@dataclass(frozen=True)
class SpecRequest:
    """openapi-core's Request protocol for one request we sent to the simulator."""

    host_url: str
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters = field(default_factory=RequestParameters)


@dataclass(frozen=True)
class SpecResponse:
    status_code: int
    data: bytes | None
    content_type: str
    headers: Headers


def as_spec_request(request: httpx.Request) -> SpecRequest:
    url = request.url
    query = ImmutableMultiDict(list(url.params.multi_items()))
    headers = Headers(list(request.headers.items()))
    return SpecRequest(
        host_url=f"{url.scheme}://{url.netloc.decode()}",
        path=url.path,
        method=request.method.lower(),
        body=request.content or None,
        content_type=request.headers.get("content-type", "application/json"),
        parameters=RequestParameters(query=query, header=headers),
    )


def as_spec_response(response: httpx.Response, content_type: str | None = None) -> SpecResponse:
    return SpecResponse(
        status_code=response.status_code,
        data=response.content,
        content_type=content_type or response.headers.get("content-type", ""),
        headers=Headers(list(response.headers.items())),
    )


class SpecValidator:
    """One OpenAPI object per API, with our server URL; validates whole responses."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        config = Config(extra_media_type_deserializers={PROBLEM_JSON: _json})
        self.apis = {api: OpenAPI.from_dict(patched_spec(api, base_url), config=config) for api in SPEC_FILES}

    def api_of(self, response: httpx.Response) -> str:
        path = str(response.request.url)[len(self.base_url) :]
        return path.split("/", 1)[0]

    def validate(self, response: httpx.Response) -> None:
        """Status, headers and body as the spec says (raises openapi-core's errors otherwise).

        An error body served as application/json is validated as the spec's problem+json (the documented
        Open Zaak deviation), and the deviation itself is asserted."""
        content_type = response.headers.get("content-type", "")
        if response.status_code >= 400 and response.request.method != "HEAD":
            assert content_type == "application/json", (
                f"Open Zaak serves errors as application/json, got {content_type!r}"
            )
            content_type = PROBLEM_JSON
        api = self.apis[self.api_of(response)]
        try:
            api.validate_response(as_spec_request(response.request), as_spec_response(response, content_type))
        except OpenAPIError as exc:
            raise SpecMismatch(_describe(exc)) from exc

    def validate_error(self, response: httpx.Response, schema_name: str = "Fout") -> bool:
        """An error reply: problem fields valid against Fout/ValidatieFout (always), its status in the body, and
        served as application/json (Open Zaak's documented deviation). Returns whether the spec declares this
        status for this operation (then openapi-core validated the whole response as well)."""
        assert response.headers.get("content-type") == "application/json", response.headers.get(
            "content-type"
        )
        problem = body(response)
        self.validate_schema(self.api_of(response), schema_name, problem)
        assert problem["status"] == response.status_code
        try:
            self.validate(response)
        except SpecMismatch as exc:
            if isinstance(exc.__cause__, ResponseNotFound | PathNotFound | OperationNotFound):
                return False
            raise
        return True

    def validate_schema(self, api: str, schema_name: str, instance: Any) -> None:
        """One body against one components/schemas entry (for statuses the spec does not declare)."""
        validator = _schema_validator(api, schema_name)
        validator.validate(instance)


@cache
def _schema_validator(api: str, schema_name: str) -> OAS30Validator:
    components = patched_spec(api, "")["components"]
    return OAS30Validator({"$ref": f"#/components/schemas/{schema_name}", "components": components})


class SpecMismatch(AssertionError):
    """A response the spec does not allow; the message lists each schema error with its place."""


def _json(data: bytes | str) -> Any:
    return orjson.loads(data)


def _describe(exc: BaseException) -> str:
    lines = [f"{type(exc).__name__}: {str(exc)[:200]}"]
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for error in getattr(current, "schema_errors", ()) or ():
            lines.extend(_schema_error_lines(error))
        for nested in (current.__cause__, current.__context__):
            if nested is not None:
                pending.append(nested)
    return "\n".join(dict.fromkeys(lines))


def _schema_error_lines(error: Any) -> list[str]:
    place = "/".join(str(part) for part in getattr(error, "absolute_path", ()))
    lines = [f"  at /{place}: {str(getattr(error, 'message', error))[:160]}"]
    for sub in getattr(error, "context", None) or ():
        lines.extend("  " + line for line in _schema_error_lines(sub))
    return lines[:40]


def body(response: httpx.Response) -> Any:
    return orjson.loads(response.content)
