"""Scalars that serve ZGW values as the registries send them.

Dates and date-times stay ISO strings end to end: parsing them into `date`/`datetime` per request only to
format them back costs CPU and loses ZGW's own notation (the trailing `Z`). Fields are annotated
`datetime.date` / `datetime.datetime` and mapped onto these scalars with `scalar_overrides`
(see `SCALAR_OVERRIDES`), so the SDL says `Date` / `DateTime`.

Bad input raises ValueError: graphql-core words it as a request error ("Expected value of type 'Date'"),
which has no path, so MaskErrors leaves it and the client sees BAD_USER_INPUT or GRAPHQL_VALIDATION_FAILED,
like any other badly typed value.
"""

from __future__ import annotations

import datetime
from typing import Any, NewType

import strawberry
from graphql import StringValueNode, ValueNode
from strawberry.scalars import JSON

from gateway.executor import STRINGS_AS_SENT

__all__ = ["JSON", "SCALAR_OVERRIDES", "BigInt", "Date", "DateTime"]


def _serialize_date(value: object) -> str:
    if isinstance(value, str):
        return value  # as the registry sent it
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"Date cannot represent {value!r}")


def _serialize_datetime(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(f"DateTime cannot represent {value!r}")


# The fast executor may serve a `str` value of these scalars as it is, without calling serialize.
setattr(_serialize_date, STRINGS_AS_SENT, True)
setattr(_serialize_datetime, STRINGS_AS_SENT, True)


def _parse_date(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"Date must be an ISO 8601 date string, not {value!r}")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    return value


def _parse_datetime(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"DateTime must be an ISO 8601 date-time string, not {value!r}")
    try:
        datetime.datetime.fromisoformat(value)  # Python 3.11 accepts the trailing Z
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date-time") from None
    if "T" not in value and " " not in value:
        raise ValueError(f"{value!r} is a date, not a date-time")
    return value


def _literal(parse: Any) -> Any:
    def parse_literal(node: ValueNode, _variables: dict[str, Any] | None = None) -> str:
        if not isinstance(node, StringValueNode):
            raise ValueError("expected a string literal")
        result: str = parse(node.value)
        return result

    return parse_literal


Date = strawberry.scalar(
    name="Date",
    description="A calendar date as ZGW sends it: ISO 8601 `YYYY-MM-DD`.",
    serialize=_serialize_date,
    parse_value=_parse_date,
    parse_literal=_literal(_parse_date),
)

DateTime = strawberry.scalar(
    name="DateTime",
    description="A date-time as ZGW sends it: ISO 8601, e.g. `2024-05-01T09:30:00Z`.",
    serialize=_serialize_datetime,
    parse_value=_parse_datetime,
    parse_literal=_literal(_parse_datetime),
)


def _serialize_bigint(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"BigInt cannot represent {value!r}")


def _parse_bigint(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise ValueError(f"BigInt must be an integer, not {value!r}")


# GraphQL `Int` is 32-bit; ZGW sizes (bestandsomvang) are not. A JSON number, exact up to 2^53 in clients.
BigInt = NewType("BigInt", int)  # annotate with this; SCALAR_OVERRIDES maps it onto the scalar

_BIG_INT = strawberry.scalar(
    name="BigInt",
    description="An integer that may exceed 32 bits (a size in bytes), served as a JSON number.",
    serialize=_serialize_bigint,
    parse_value=_parse_bigint,
)

SCALAR_OVERRIDES: dict[object, Any] = {datetime.date: Date, datetime.datetime: DateTime, BigInt: _BIG_INT}
