"""The Relay `Node` interface every ZGW resource type implements.

The planner puts the GraphQL type name of every resource view under `"@type"`, so resolving the concrete
type is a dict lookup, never an isinstance walk over the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import strawberry

from gateway.executor import ARGUMENTS_APPLY
from resolvers.links import LINK
from resolvers.views import TYPE_KEY as TYPE_KEY  # re-exported: the generated modules read it here
from resolvers.views import slice_children

_F = TypeVar("_F", bound=Callable[..., Any])


@strawberry.type(description="A ZGW registry behind this gateway (configured in its settings).")
class Registry:
    name: str = strawberry.field(
        description="The registry's short name, as in errors' `extensions.registry`."
    )
    label: str = strawberry.field(description="The registry's label, e.g. the municipality.")


@strawberry.type(description="What one registry contributed to a list.")
class RegistryCount:
    registry: Registry = strawberry.field(description="The registry.")
    total_count: int | None = strawberry.field(
        description="The number of matching resources in this registry; null when it dropped out."
    )
    error: str | None = strawberry.field(
        description="Why the registry dropped out of this page (an error code), or null."
    )


@strawberry.interface(description="A ZGW resource, identified by its URL.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="The global id: the resource URL (so `node(id:)` can route it to its registry)."
    )
    url: str = strawberry.field(
        description="URL-referentie naar dit object. Dit is de unieke identificatie en locatie van dit object."
    )
    uuid: str = strawberry.field(description="Unieke resource identifier (UUID4).")
    registry: Registry = strawberry.field(description="The registry this resource came from.")

    @classmethod
    def resolve_type(cls, obj: Any, info: Any, abstract_type: Any) -> str | None:
        if isinstance(obj, dict):
            name = obj.get(TYPE_KEY)
            return name if isinstance(name, str) else None
        return None


def resolver_field(
    *, description: str, name: str | None = None, metadata: Mapping[str, object] | None = None
) -> Callable[[_F], _F]:
    """`@strawberry.field(...)` for a method, typed: strawberry's overload returns Any (strict mypy).

    A child list (a LINK field with `first`/`after`) also tells the fast executor what its resolver does."""
    if metadata is not None and LINK in metadata:
        metadata = {**metadata, ARGUMENTS_APPLY: _slice}
    decorator: Callable[[_F], _F] = strawberry.field(name=name, description=description, metadata=metadata)
    return decorator


def _slice(value: Any, arguments: dict[str, Any]) -> Any:
    """What `resolvers.root.child_list` does with a preloaded list."""
    return slice_children(value, arguments.get("first"), arguments.get("after"))
