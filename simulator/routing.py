"""Mapping a ZGW request path onto a resource kind and operation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simulator.kinds import LOCAL, NESTED, TOP_LEVEL, Api, Kind


class Op(StrEnum):
    LIST = "list"
    DETAIL = "detail"
    SEARCH = "search"
    DOWNLOAD = "download"
    SCHEMA = "schema"
    LOCK = "lock"  # POST /enkelvoudiginformatieobjecten/{uuid}/lock
    UNLOCK = "unlock"


@dataclass(frozen=True, slots=True)
class Route:
    api: Api
    op: Op
    kind: Kind | None  # None only for SCHEMA
    uuid: str | None = None
    parent_uuid: str | None = None


def _api(segment: str) -> Api | None:
    try:
        return Api(segment)
    except ValueError:
        return None


def api_of_path(path: str) -> Api | None:
    parts = path.strip("/").split("/")
    if len(parts) >= 3 and parts[1] == "api" and parts[2] == "v1":
        return _api(parts[0])
    return None


def route(path: str) -> Route | None:
    parts = path.strip("/").split("/")
    if len(parts) < 4 or parts[1] != "api" or parts[2] != "v1":
        return None
    api = _api(parts[0])
    if api is None:
        return None
    rest = parts[3:]
    if rest == ["schema", "openapi.yaml"]:
        return Route(api, Op.SCHEMA, None)
    top = TOP_LEVEL.get((api, rest[0]))
    if len(rest) == 1:
        return None if top is None else Route(api, Op.LIST, top)
    if len(rest) == 2:
        if top is None:
            return None
        if rest[1] == "_zoek":
            return Route(api, Op.SEARCH, top)
        return Route(api, Op.DETAIL, top, uuid=rest[1])
    if (
        len(rest) == 3
        and rest[2] == "download"
        and top is not None
        and top.key == "enkelvoudiginformatieobjecten"
    ):
        return Route(api, Op.DOWNLOAD, top, uuid=rest[1])
    if (
        len(rest) == 3
        and rest[2] in ("lock", "unlock")
        and top is not None
        and top.key == "enkelvoudiginformatieobjecten"
    ):
        return Route(api, Op(rest[2]), top, uuid=rest[1])
    nested = NESTED.get((api, rest[0], rest[2]))
    if nested is None or len(rest) > 4:
        return None
    if len(rest) == 3:
        return Route(api, Op.LIST, nested, parent_uuid=rest[1])
    return Route(api, Op.DETAIL, nested, uuid=rest[3], parent_uuid=rest[1])


def kind_for_local_url(local_url: str) -> tuple[Kind, str] | None:
    if not local_url.startswith(LOCAL):
        return None
    found = route("/" + local_url[len(LOCAL) :].split("?", 1)[0])
    if found is None or found.op is not Op.DETAIL or found.kind is None or found.uuid is None:
        return None
    return found.kind, found.uuid
