"""The GraphQL schema: Strawberry types for the ZGW resources, resolver-free below the root.

Links are plain attributes carrying their loading recipe (`resolvers.links`); the planner fills them in, and
`resolvers.views.default_resolver_for` reads every field from the view dicts.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import MISSING
from functools import partial
from typing import Any

import strawberry
from strawberry.extensions import MaskErrors, ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types.base import StrawberryContainer, StrawberryObjectDefinition

from gateway.errors import should_mask
from gateway.executor import FastExecutionContext
from resolvers.views import default_resolver_for
from schema import filters
from schema.node import Node, Registry, RegistryCount
from schema.query import CONNECTION_TYPES, Query
from schema.scalars import SCALAR_OVERRIDES
from schema.tables import API_BY_RESOURCE, EMBEDDED_TYPES, RESOURCE_TYPES, TYPE_BY_RESOURCE

__all__ = ["ALL_TYPES", "API_BY_RESOURCE", "TYPE_BY_RESOURCE", "build_schema"]

ALL_TYPES: tuple[type, ...] = (
    Node,
    Registry,
    RegistryCount,
    *RESOURCE_TYPES,
    *EMBEDDED_TYPES,
    *CONNECTION_TYPES,
)


def _flat_input(names: dict[str, str], unset: dict[str, None]) -> Any:
    """A `from_input` for a flat filter input: graphql-core has coerced every value already (enum members,
    parsed scalars), so the instance is built in one call instead of Strawberry's walk over every field of
    the type with a name conversion each (some 0.4 ms per query for the zaken filter's 100 fields)."""

    def from_input(type_: type, value: Mapping[str, Any], _context: Any) -> Any:
        return type_(
            **{names[key]: list(item) if isinstance(item, list) else item for key, item in value.items()}
        )

    return from_input


def _nests_input(type_: Any) -> bool:
    while isinstance(type_, StrawberryContainer):
        type_ = type_.of_type
    definition = getattr(type_, "__strawberry_definition__", None)
    return isinstance(definition, StrawberryObjectDefinition)


def _fast_filters() -> None:
    for _, cls in inspect.getmembers(filters, inspect.isclass):
        definition = getattr(cls, "__strawberry_definition__", None)
        if not isinstance(definition, StrawberryObjectDefinition) or not definition.is_input:
            continue
        if any(_nests_input(field.type) for field in definition.fields):
            continue  # a nested input: Strawberry's own conversion
        names = {field.graphql_name or field.python_name: field.python_name for field in definition.fields}
        # as Strawberry does: a field without a default is None when the input leaves it out
        unset = {
            field.python_name: None
            for field in definition.fields
            if field.default_value is MISSING and field.default_factory is MISSING
        }
        definition.from_input = _flat_input(names, unset)


_fast_filters()


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        types=list(RESOURCE_TYPES),  # every Node implementation, reachable or not, for `node(id:)`
        config=StrawberryConfig(default_resolver=default_resolver_for(ALL_TYPES)),
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=FastExecutionContext,  # resolver-less fields read directly (gateway/executor.py)
        # factories, not instances: strawberry shares an instance between concurrent requests (its
        # execution_context would be overwritten); the parse and validation LRUs are module-level anyway
        extensions=[
            partial(ParserCache, maxsize=256),
            partial(ValidationCache, maxsize=256),
            partial(MaskErrors, should_mask_error=should_mask),
        ],
    )
