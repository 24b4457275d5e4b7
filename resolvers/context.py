"""The per-request context: who asks, the registries, and one set of loaders for this request only."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Hashable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from aiodataloader import DataLoader
from graphql import GraphQLError

from gateway.cache import CatalogueCache, ResourceCache
from gateway.registries import Call, Registries
from gateway.settings import Settings
from resolvers import loaders


@dataclass(slots=True)
class Context:
    settings: Settings
    registries: Registries
    catalogue: CatalogueCache
    type_by_resource: Mapping[str, str]  # "zaken" -> "Zaak"
    cache: ResourceCache = field(default_factory=lambda: ResourceCache(0, 0))
    principal: str = ""  # the end user this request is for ("" when the portal names nobody)
    deadline: float = float("inf")  # event-loop time by which every backend call of this request ends
    calls: list[Call] = field(default_factory=list)  # every backend call of this request (debug trace)
    cache_hits: int = 0  # this request's catalogue cache lookups (debug trace)
    cache_misses: int = 0
    # This request's resource cache use (debug trace): served fresh, revalidated by a 304, not usable.
    resource_hits: int = 0
    resource_revalidated: int = 0
    resource_misses: int = 0
    prefetched: int = (
        0  # list pages, child lists and objects taken from a prefetch (gateway/cache.py, `Prefetched`)
    )
    prefetching: int = 0  # list pages of the next window this request had asked before anyone asks them
    # Errors beside a field's value: a registry that dropped out of a list that still answers.
    extra_errors: list[GraphQLError] = field(default_factory=list)
    # Values served from the resource cache because their registry failed (`stale_if_error_s`), as the
    # response's `extensions.stale` names them.
    stale: list[dict[str, Any]] = field(default_factory=list)
    # What the planner chose per registry, with its estimated cost (debug trace; resolvers/strategy.py).
    plans: list[dict[str, Any]] = field(default_factory=list)
    # What this request took from the caches without a loader (loaders.peek_*): one version per key.
    peeked: dict[Hashable, Any] = field(default_factory=dict)
    # Catalogue collections this request listed whole (resolvers/sweep.py), by (credentials' identity,
    # collection): their objects by uuid, for every batch of the request that wants one of them.
    swept: dict[Hashable, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _loaders: dict[Hashable, DataLoader[Any, Any]] = field(default_factory=dict)

    def record(self, call: Call) -> None:
        self.calls.append(call)

    def release(self) -> None:
        """Drop what this request loaded, once its answer is sent. The loaders' batch functions hold the
        context (a reference cycle), and so does graphql-core's execution state: without this, a request's
        whole graph of loaded resources waits for the cycle collector instead of going with the request."""
        self._loaders.clear()
        self.peeked.clear()
        self.swept.clear()
        self.calls.clear()
        self.plans.clear()
        self.extra_errors.clear()
        self.stale.clear()

    async def settle(self) -> None:
        """Wait for the lists of whole catalogue collections this request started and nobody waited for (one
        listed beside its details to learn its size, one listed ahead that the query did not need): each
        ends by the request's deadline, and none outlives the request."""
        pending = [listed for listed in self.swept.values() if not listed.done()]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    def remaining(self, cap: float) -> float:
        """Seconds left for a step that may take at most `cap`, within the request's deadline."""
        return max(min(cap, self.deadline - asyncio.get_running_loop().time()), 0.0)

    def resources(self, resource: str) -> DataLoader[Any, Any]:
        """Resources of one collection keyed by URL: each URL fetched once per request."""
        return self._loader(loaders.load_resources, resource)

    def children(self, resource: str, api: str, param: str) -> DataLoader[Any, Any]:
        """Child collections keyed by parent URL (`statussen?zaak=<url>`)."""
        return self._loader(loaders.load_children, resource, api, param)

    def nested(self, resource: str) -> DataLoader[Any, Any]:
        """Collections under the parent's own URL (`/zaken/{uuid}/zaakeigenschappen`)."""
        return self._loader(loaders.load_nested, resource)

    def _loader(
        self, batch: Callable[..., Coroutine[Any, Any, list[Any]]], *args: str
    ) -> DataLoader[Any, Any]:
        key = (batch, *args)
        loader = self._loaders.get(key)
        if loader is None:
            loader = DataLoader(partial(batch, self, *args))
            self._loaders[key] = loader
        return loader


def build_context(
    settings: Settings,
    registries: Registries,
    catalogue: CatalogueCache,
    type_by_resource: Mapping[str, str],
    cache: ResourceCache | None = None,
    principal: str = "",
) -> Context:
    deadline = asyncio.get_running_loop().time() + settings.request_timeout_s
    return Context(
        settings,
        registries,
        catalogue,
        type_by_resource,
        cache if cache is not None else ResourceCache(0, 0),
        principal,
        deadline,
    )
