"""The GraphQL schema: Strawberry types for the ZGW resources, resolver-free below the root.

Links are plain attributes carrying their loading recipe (`resolvers.links`); the planner fills them in, and
`resolvers.views.default_resolver_for` reads every field from the view dicts.
"""

from __future__ import annotations

from functools import partial

import strawberry
from strawberry.extensions import MaskErrors, ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from gateway.errors import should_mask
from gateway.executor import FastExecutionContext
from resolvers.views import default_resolver_for
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
