"""Filter inputs and ordering of a root connection, encoded as ZGW query parameters."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from enum import Enum
from typing import Any

from strawberry.types.base import get_object_definition


def _encode(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(_encode(item) for item in value)  # ZGW `__in` and `ordering`: comma-separated
    return str(value)  # dates arrive as the ISO strings the client sent (schema.scalars)


def to_params(filter: object | None, ordering: Sequence[Enum] | None) -> dict[str, str]:
    """ZGW query parameters: every set filter field under its ZGW name, then `ordering`.

    None means "not given" and is left out; booleans are `true`/`false`, enums their ZGW value.
    """
    params: dict[str, str] = {}
    if filter is not None:
        definition = get_object_definition(filter, strict=True)
        for field in definition.fields:
            value = getattr(filter, field.python_name)
            if value is None:
                continue
            params[field.graphql_name or field.python_name] = _encode(value)
    if ordering:
        params["ordering"] = _encode(list(ordering))
    return params
