"""Root resolvers: the entry points that schema/query.py calls. (Interface fixed; bodies being written.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry

Info = strawberry.Info[Any, Any]
View = dict[str, Any]


async def list_resources(
    info: Info,
    resource: str,
    api: str,
    params: Mapping[str, str],
    first: int | None,
    after: str | None,
) -> View:
    """A Relay connection view over a ZGW list endpoint.

    `params` are ZGW query parameters, already encoded as strings (filters and `ordering`). Returns
    {"edges": [{"cursor", "node"}], "nodes": [...], "pageInfo": {hasNextPage, hasPreviousPage, startCursor,
    endCursor}, "totalCount": int}, with every node's selected links loaded.
    """
    raise NotImplementedError


async def get_resource(info: Info, resource: str, api: str, url: str | None, uuid: str | None) -> View | None:
    """One resource by URL or by UUID, with its selected links loaded; None when it does not exist."""
    raise NotImplementedError


async def get_node(info: Info, id: str) -> View | None:
    """Relay `node(id:)`: the id is the resource URL."""
    raise NotImplementedError


def child_list(root: Any, info: Info, first: int | None, after: str | None) -> list[Any] | None:
    """A preloaded child list, sliced: `first` items after the item whose url is `after`."""
    raise NotImplementedError


def read_field(obj: Any, python_name: str) -> object:
    """Strawberry's default resolver: views are dicts keyed by GraphQL field name."""
    return getattr(obj, python_name)
