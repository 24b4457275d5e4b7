"""Reading views: the dicts the planner hands to the executor.

A view is a ZGW resource dict (or a shallow copy with its selected links filled in). Fields have no
resolvers; Strawberry's default resolver is replaced by `default_resolver_for`, which reads the dict key
named like the GraphQL field. A link that failed to load holds the exception itself: graphql-core raises an
exception it finds as a field value, so the field becomes null with a located error and the rest answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from gateway.errors import BadRequest

View = dict[str, Any]
TYPE_KEY = "@type"  # the GraphQL type name of a resource view (Node.resolve_type, is_type_of)


def field_keys(types: Iterable[type]) -> dict[str, str]:
    """python field name -> view key (the GraphQL field name; `id` reads the resource URL)."""
    keys: dict[str, str] = {}
    for cls in types:
        definition = get_object_definition(cls, strict=True)
        for field in definition.fields:
            key = field.graphql_name or to_camel_case(field.python_name)
            if field.python_name == "id":
                key = "url"
            known = keys.setdefault(field.python_name, key)
            if known != key:
                raise ValueError(f"{field.python_name!r} is read as {known!r} and as {key!r}")
    return keys


def default_resolver_for(types: Iterable[type]) -> Callable[[Any, str], object]:
    keys = field_keys(types)

    def read(obj: Any, python_name: str) -> object:
        if type(obj) is dict:
            return obj.get(keys.get(python_name, python_name))
        return getattr(obj, python_name)

    return read


def slice_children(value: Any, first: int | None, after: str | None) -> list[Any] | None:
    """A preloaded child list, sliced: `first` items after the item whose url is `after`."""
    if isinstance(value, Exception):
        raise value
    if value is None:
        return None
    items: list[Any] = value
    if after is not None:
        for index, item in enumerate(items):
            if isinstance(item, dict) and item.get("url") == after:
                items = items[index + 1 :]
                break
        else:
            raise BadRequest(f"`after`: {after!r} is not the url of an item of this list")
    if first is not None:
        if first < 0:
            raise BadRequest("`first` must not be negative")
        items = items[:first]
    return items
