"""Batch functions behind the per-request DataLoaders.

Each returns one value per key, in key order; a key that failed gets its exception (aiodataloader raises it
from that key's `load` only), so one bad URL never fails its neighbours.

- Zaken and documents by URL: one `POST .../_zoek {uuid__in}` per registry (its `next` POSTed again with the
  same body); what the search does not return is asked for by detail GET, to learn why (404 or 403).
- Catalogue objects: several of one collection by one list of the whole collection where the cost model
  says that is cheaper (resolvers/sweep.py), the rest by detail.
- Everything else by URL: concurrent detail GETs, capped per registry by the client's gate.
- Published catalogue resources come from, and go to, the cross-request catalogue cache.
- Everything else comes from, and goes to, the request's principal's part of the resource cache: served
  while fresh, revalidated with If-None-Match when an ETag allows it, fetched again otherwise.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from gateway.cache import Entry
from gateway.errors import GatewayError, NotServed, UpstreamError
from gateway.registries import RegistryClient, Resource
from resolvers.sweep import SWEEPABLE, choose_sweep

if TYPE_CHECKING:
    from resolvers.context import Context

Result = Any  # a Resource, a list of Resources, or an Exception for that key
# Collections with a `_zoek` that takes uuid__in (Zaken 1.5, Documenten 1.4.2+).
_SEARCHABLE = {"zaken": "zaken/_zoek", "enkelvoudiginformatieobjecten": "enkelvoudiginformatieobjecten/_zoek"}


def uuid_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def normalise(resource: Resource, client: RegistryClient) -> Resource:
    """Make a resource as the schema reads it: its registry, and a `uuid` (DRC, BRC and ZTC objects have
    no `uuid` attribute; it is the last segment of their URL)."""
    if "uuid" not in resource and isinstance(resource.get("url"), str):
        resource["uuid"] = uuid_of(resource["url"])
    resource["registry"] = client.info
    return resource


async def load_resources(ctx: Context, resource: str, urls: Sequence[str]) -> list[Result]:
    results: dict[str, Result] = {}
    groups: dict[RegistryClient, list[str]] = defaultdict(list)
    stale: dict[str, Entry] = {}
    api_of: dict[str, str] = {}
    cache = ctx.cache
    sweepable = resource in SWEEPABLE
    for url in urls:
        try:
            route = ctx.registries.route(url)
        except GatewayError as exc:
            results[url] = exc
            continue
        client = route.client
        api_of[url] = route.api
        cached = peek_resource(ctx, url)
        if cached is not None:
            results[url] = cached
            continue
        if route.api == "catalogi":
            ctx.cache_misses += 1
        else:
            sweepable = False
        entry = cache.get(object_key(ctx, client, url))
        if entry is not None and entry.etag is not None:
            stale[url] = entry  # not fresh, but a 304 may keep it
        groups[client].append(url)
    if sweepable and groups:
        swept = await asyncio.gather(
            *(_sweep(ctx, client, resource, group, results) for client, group in groups.items())
        )
        groups = {client: rest for client, rest in zip(groups, swept, strict=True) if rest}
    await asyncio.gather(
        *(_load_group(ctx, client, resource, group, stale, results) for client, group in groups.items())
    )
    for url, value in results.items():
        if api_of.get(url) == "catalogi" and isinstance(value, dict) and ctx.catalogue.is_published(value):
            ctx.catalogue.put(ctx.registries.route(url).client.identity, url, value)
    return [results[url] for url in urls]


async def _sweep(
    ctx: Context, client: RegistryClient, resource: str, urls: list[str], results: dict[str, Result]
) -> list[str]:
    """Catalogue objects of one collection from one list of the whole collection, where the cost model says
    it pays (resolvers/sweep.py), or where this request listed it already; the URLs it did not give, to be
    asked by detail."""
    key = (client.identity, resource)
    listed = ctx.swept.get(key)
    if listed is None:
        listed = await _list_whole(ctx, client, resource, len(urls))
        if listed is None:
            return urls
    try:
        by_uuid = await asyncio.shield(listed)  # shared by every batch of the request that wants it
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise  # this request is being called off, not only the list
        return urls
    return _take(ctx, client, urls, by_uuid, results)


def _take(
    ctx: Context,
    client: RegistryClient,
    urls: list[str],
    by_uuid: dict[str, Resource],
    results: dict[str, Result],
) -> list[str]:
    """Those of `urls` an answer holds (normalised objects by uuid) go to `results` and this principal's part
    of the resource cache; the others are returned, to be asked by detail."""
    missing: list[str] = []
    for url in urls:
        found = by_uuid.get(uuid_of(url))
        if found is None:
            missing.append(url)
        else:
            ctx.resource_misses += 1
            results[url] = found
            ctx.cache.put_object(object_key(ctx, client, url), url, found, None, client.name)
    return missing


async def _list_whole(
    ctx: Context, client: RegistryClient, resource: str, wanted: int
) -> asyncio.Future[dict[str, Resource]] | None:
    """List the whole of one catalogue collection for this request, if the cost model says that beats
    `wanted` details: the list's objects by uuid, to come (None: ask by detail). A collection never listed
    that the model keeps to details is listed beside them once (a minute apart while that fails), to learn
    its size; the request's later batches take from it."""
    if wanted < 2 or not _may_list(client):
        return None
    # The other loads of this level were dispatched in the same turn of the event loop as this batch; a
    # batch starts its requests one turn later. Two turns, and they are in flight (client.in_flight) when
    # the list is weighed, whichever batch ran first.
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    key = (client.identity, resource)
    if key in ctx.swept:
        return ctx.swept[key]  # another batch of this request listed it meanwhile
    choice = choose_sweep(client.costs, resource, wanted, client.in_flight)
    ctx.plans.append(choice.describe(client.name, resource, wanted))
    if choice.sweep:
        return start_listing(ctx, client, resource)
    if choice.size is None and client.costs.size_probe_due(resource):
        start_listing(ctx, client, resource)
    return None


_LISTING: set[asyncio.Task[Any]] = set()  # lists of whole collections on their way (the loop's refs are weak)


def start_listing(ctx: Context, client: RegistryClient, resource: str) -> asyncio.Task[dict[str, Resource]]:
    """Ask one list of the whole of a catalogue collection for this request (`ctx.swept`): its objects by
    uuid, to come ({} where it fails: each detail then tells its own URL's fate). It learns the collection's
    size, and every published object of it goes to the catalogue cache; a whole collection in one page is
    marked there as listed (`listed_whole`)."""
    task = asyncio.ensure_future(_listing(ctx, client, resource))
    _LISTING.add(task)
    task.add_done_callback(_LISTING.discard)
    ctx.swept[(client.identity, resource)] = task
    return task


def may_list_ahead(client: RegistryClient) -> bool:
    """Whether a query may list catalogue collections of this registry ahead (`list_ahead`): allowed, the
    model ready, and some collection's size known (a cheap test first, for the warm path)."""
    return client.costs.has_sizes and _may_list(client)


def _may_list(client: RegistryClient) -> bool:
    """Whether catalogue collections of this registry may be listed whole at all: allowed by its settings,
    served by it, and its cost model ready to weigh it (20 answers, or figures given)."""
    return client.config.sweep_catalogue and "catalogi" in client.roots and client.costs.ready


def to_list_ahead(ctx: Context, client: RegistryClient, resources: Sequence[str]) -> list[str]:
    """Those of the catalogue collections a query will read that are worth listing before any of their URLs
    is known (`list_ahead`): each known to fit a page, not listed by this request, not held whole by the
    catalogue cache."""
    model = client.costs
    found = []
    for resource in resources:
        size = model.size(resource)
        if size is None or size > model.page or (client.identity, resource) in ctx.swept:
            continue
        if not listed_whole(ctx, client, resource):
            found.append(resource)
    return found


async def list_ahead(ctx: Context, client: RegistryClient, resources: Sequence[str]) -> None:
    """List now the catalogue collections (`to_list_ahead`) a query will read below its first hop: a list of
    a small collection costs about one detail, and its objects are there when the query reaches them (a
    hop or two later). Only on workers the registry has free beside our requests in flight, so the query's
    own first requests are never queued behind them."""
    await asyncio.sleep(0)  # the query's first requests (its list pages) go first: they are in flight after
    await asyncio.sleep(0)
    free = client.costs.capacity - client.in_flight
    for resource in resources:
        if free < 1:
            return
        if (client.identity, resource) in ctx.swept:
            continue
        ctx.plans.append({"registry": client.name, "resource": resource, "strategy": "list ahead",
                          "collectionSize": client.costs.size(resource)})  # fmt: skip
        start_listing(ctx, client, resource)
        free -= 1


def listed_whole(ctx: Context, client: RegistryClient, resource: str) -> bool:
    """Whether the catalogue cache holds the whole of a collection from a list of it (within its TTL)."""
    return ctx.catalogue.get(client.identity, ("listed", resource)) is not None


async def _listing(ctx: Context, client: RegistryClient, resource: str) -> dict[str, Resource]:
    by_uuid: dict[str, Resource] = {}
    params = {"status": "alles"}
    if client.config.send_page_size:
        params["pageSize"] = str(client.costs.page)  # the page the cost model counts with
    try:
        page = await client.page(
            client.roots["catalogi"] + resource,
            params,
            sink=ctx.record,
            deadline=ctx.deadline,
            principal=ctx.principal,
        )
    except GatewayError:
        return by_uuid
    client.costs.sized(resource, page.count if page.count is not None else len(page.results))
    published = True
    for item in page.results:
        url = item.get("url") if isinstance(item, dict) else None
        if isinstance(url, str):
            by_uuid[uuid_of(url)] = normalise(item, client)
            if ctx.catalogue.is_published(item):
                ctx.catalogue.put(client.identity, url, item)
            else:
                published = False
    if page.next is None and published:
        ctx.catalogue.put(client.identity, ("listed", resource), True)
    return by_uuid


def peek_resource(ctx: Context, url: str) -> Any:
    """The resource at `url` if a cache can give it now, without a request (None otherwise).

    The planner asks this first so a warm query moves on synchronously: no DataLoader future, no batch."""
    found = ctx.peeked.get(url)
    if found is not None:
        return found
    try:
        route = ctx.registries.route(url)
    except GatewayError:
        return None  # the loader reports it
    client = route.client
    if route.api == "catalogi":
        found = ctx.catalogue.get(client.identity, url)
        if found is not None:
            ctx.cache_hits += 1
    if found is None:
        entry = ctx.cache.get(object_key(ctx, client, url))
        if entry is None or not ctx.cache.fresh(entry):
            return None
        ctx.resource_hits += 1
        found = entry.value
    ctx.peeked[url] = found  # one version of a URL per request, whatever happens to the cache meanwhile
    return found


def peek_children(ctx: Context, resource: str, api: str, param: str, parent: str) -> Any:
    """A child list a cache can give now (None otherwise), as `load_children` would return it."""
    key = ("children", resource, param, parent)
    found = ctx.peeked.get(key)
    if found is not None:
        return found
    try:
        client = ctx.registries.route(parent).client
    except GatewayError:
        return None
    if api == "catalogi":
        found = ctx.catalogue.get(client.identity, (resource, param, parent))
        if found is not None:
            ctx.cache_hits += 1
    if found is None:
        entry = ctx.cache.get(children_key(client, ctx.principal, resource, param, parent))
        if entry is None or not ctx.cache.fresh(entry):
            return None
        ctx.resource_hits += 1
        found = entry.value
    ctx.peeked[key] = found
    return found


def children_key(
    client: RegistryClient, principal: str, resource: str, param: str, parent: str
) -> tuple[str, ...]:
    return ("children", client.identity, principal, resource, param, parent)


async def take_prefetched(ctx: Context, key: Hashable) -> Any:
    """What a prefetch asked under `key` (resolvers/paging.py, `prefetch`), once it has come (None: nothing
    was asked, or it failed, and the request asks for itself: its own error is the one to report)."""
    pending = ctx.cache.prefetched.take(key)
    if pending is None:
        return None
    try:
        value = await pending
    except GatewayError:
        return None
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise  # this request is being called off (its deadline), not only the prefetch
        return None  # the prefetch was called off: a notification changed the registry's lists
    ctx.prefetched += 1
    return value


def served_stale(ctx: Context, key: Hashable, what: str, exc: GatewayError) -> Any:
    """What the resource cache holds under `key` (this caller's), to stand in for an answer its registry
    failed to give, if the settings allow it (`stale_if_error_s`); recorded for the response's
    `extensions.stale`. None: there is nothing to serve, and the error stands. Only where the registry failed
    to answer (`UpstreamError.retryable`: a 5xx or 429, a timeout, no connection, an open breaker), never
    where it answered no (a 4xx)."""
    if not (isinstance(exc, UpstreamError) and exc.retryable):
        return None
    found = ctx.cache.stale(key)
    if found is None:
        return None
    entry, age = found
    ctx.stale.append(
        {"registry": entry.registry, "url": what, "ageS": round(age, 1), "code": exc.extensions["code"]}
    )
    return entry.value


def object_key(ctx: Context, client: RegistryClient, url: str) -> tuple[str, ...]:
    return object_key_of(client, ctx.principal, url)


def object_key_of(client: RegistryClient, principal: str, url: str) -> tuple[str, ...]:
    return ("object", client.identity, principal, url)


async def take_searched(ctx: Context, urls: Sequence[str]) -> dict[str, Resource]:
    """Those of `urls` a prefetch found by `_zoek` (resolvers/paging.py, `Ahead`), once its answer has come,
    by URL; each taken once. What it did not find, or a prefetch that failed, is left for the request to
    ask itself: its own answer tells why (404, 403)."""
    store = ctx.cache.prefetched
    if not store.enabled:
        return {}
    wanted: dict[str, tuple[RegistryClient, asyncio.Task[Any]]] = {}
    for url in urls:
        try:
            client = ctx.registries.route(url).client
        except GatewayError:
            continue  # the loader reports it
        task = store.take(object_key(ctx, client, url))
        if task is not None:
            wanted[url] = (client, task)
    if not wanted:
        return {}
    tasks = list({id(task): task for _, task in wanted.values()}.values())
    answers = dict(zip(map(id, tasks), await asyncio.gather(*tasks, return_exceptions=True), strict=True))
    found: dict[str, Resource] = {}
    for url, (client, task) in wanted.items():
        answer = answers[id(task)]
        item = answer.get(uuid_of(url)) if isinstance(answer, dict) else None  # else failed or called off
        if item is None:
            continue
        ctx.resource_misses += 1
        ctx.prefetched += 1
        found[url] = item
        ctx.cache.put_object(object_key(ctx, client, url), url, item, None, client.name)
    return found


async def _load_group(
    ctx: Context,
    client: RegistryClient,
    resource: str,
    urls: list[str],
    stale: dict[str, Entry],
    results: dict[str, Result],
) -> None:
    search_path = _SEARCHABLE.get(resource)
    missing = urls
    cache = ctx.cache
    if search_path is not None and len(urls) > 1:
        # One search fetches them all again: cheaper than revalidating each (ZGW has no batched 304).
        api = "zaken" if resource == "zaken" else "documenten"
        try:
            found = await client.search(
                client.roots[api] + search_path,
                {"uuid__in": [uuid_of(u) for u in urls]},
                sink=ctx.record,
                deadline=ctx.deadline,
                principal=ctx.principal,
            )
        except GatewayError:
            found = []  # fall back to detail GETs: they tell each URL's own fate
        by_uuid = {
            str(item.get("uuid") or uuid_of(str(item.get("url", "")))): normalise(item, client)
            for item in found
        }
        missing = _take(ctx, client, urls, by_uuid, results)

    async def one(url: str) -> None:
        entry = stale.get(url)
        try:
            fetched = await client.fetch(
                url,
                etag=entry.etag if entry is not None else None,
                sink=ctx.record,
                deadline=ctx.deadline,
                principal=ctx.principal,
            )
        except GatewayError as exc:
            kept = served_stale(ctx, object_key(ctx, client, url), url, exc)
            results[url] = exc if kept is None else kept
            return
        key = object_key(ctx, client, url)
        if fetched.data is None and entry is not None:  # 304: what we hold is still current
            ctx.resource_revalidated += 1
            cache.touch(key, entry)
            results[url] = entry.value
            return
        ctx.resource_misses += 1
        results[url] = normalise(fetched.data, client)
        cache.put_object(key, url, results[url], fetched.etag, client.name)

    await asyncio.gather(*(one(url) for url in missing))


async def load_children(
    ctx: Context, resource: str, api: str, param: str, parent_urls: Sequence[str]
) -> list[Result]:
    """`GET {api root}{resource}?{param}={parent}` for each parent, every page, in the parent's registry."""

    async def one(parent: str) -> Result:
        try:
            client = ctx.registries.route(parent).client
            root = client.roots.get(api)
            if root is None:
                raise NotServed(f"registry {client.name!r} has no {api} API", registry=client.name)
            hit = peek_children(ctx, resource, api, param, parent)
            if hit is not None:
                return hit
            if api == "catalogi":
                ctx.cache_misses += 1
            ctx.resource_misses += 1
            cache_key = (resource, param, parent)
            key = children_key(client, ctx.principal, resource, param, parent)
            items = await take_prefetched(ctx, key)
            if items is None:
                try:
                    found = await client.all(
                        root + resource,
                        {param: parent},
                        sink=ctx.record,
                        deadline=ctx.deadline,
                        principal=ctx.principal,
                    )
                except GatewayError as exc:
                    kept = served_stale(ctx, key, f"{root}{resource}?{urlencode({param: parent})}", exc)
                    if kept is None:
                        raise
                    return kept  # as it was: not stored again, so its age stays its own
                items = [normalise(item, client) for item in found]
            if api == "catalogi" and all(ctx.catalogue.is_published(item) for item in items):
                ctx.catalogue.put(client.identity, cache_key, items)
            ctx.cache.put_list(key, api, items, client.name)
            return items
        except GatewayError as exc:
            return exc

    return list(await asyncio.gather(*(one(parent) for parent in parent_urls)))


async def load_nested(ctx: Context, resource: str, parent_urls: Sequence[str]) -> list[Result]:
    """`GET {parent}/{resource}`: bare arrays under a resource (zaakeigenschappen, audittrail)."""

    async def one(parent: str) -> Result:
        try:
            route = ctx.registries.route(parent)
            client = route.client
            key = ("nested", client.identity, ctx.principal, resource, parent)
            hit = _fresh(ctx, key)
            if hit is not None:
                return hit
            url = parent.rstrip("/") + "/" + resource
            try:
                found = await client.all(url, sink=ctx.record, deadline=ctx.deadline, principal=ctx.principal)
            except GatewayError as exc:
                kept = served_stale(ctx, key, url, exc)
                if kept is None:
                    raise
                return kept
            items = [normalise(item, client) for item in found]
            ctx.cache.put_list(key, route.api, items, client.name)
            return items
        except GatewayError as exc:
            return exc

    return list(await asyncio.gather(*(one(parent) for parent in parent_urls)))


def _fresh(ctx: Context, key: tuple[str, ...]) -> Any:
    """A list this request may take from the cache (None: ask the registry); counted for the trace."""
    entry = ctx.cache.get(key)
    if entry is not None and ctx.cache.fresh(entry):
        ctx.resource_hits += 1
        return entry.value
    ctx.resource_misses += 1
    return None
