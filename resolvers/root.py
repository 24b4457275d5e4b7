"""Root resolvers: the entry points that schema/query.py calls.

Each loads its root resources, then lets the planner load every selected link below them, and returns
plain views; nothing below the root has a resolver of its own.
"""

from __future__ import annotations

import asyncio
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLObjectType, SelectionSetNode, get_named_type

from gateway.errors import BadRequest, GatewayError, NotFound
from gateway.registries import Call, RegistryClient, Resource
from resolvers import expand, loaders, paging, planner, strategy
from resolvers.context import Context
from resolvers.links import Link, LinkKind
from resolvers.sweep import SWEEPABLE
from resolvers.views import View, slice_children

RawInfo = Any  # graphql-core's GraphQLResolveInfo (generic only under type checking)

Info = strawberry.Info[Context, None]


def _selection(raw: RawInfo) -> planner.Selection:
    variables = raw.variable_values  # graphql-core 3.3: VariableValues; a plain dict through Strawberry
    coerced = getattr(variables, "coerced", variables)
    return planner.Selection(raw.schema, raw.fragments, coerced if isinstance(coerced, dict) else {})


def _plan_below(raw: RawInfo, type_name: str, path: Sequence[str] = ()) -> planner.Plan:
    """The plan for objects of `type_name` found at `path` below the current field."""
    selection = _selection(raw)
    sets: list[SelectionSetNode] = planner.subselections(raw.field_nodes)
    type_: Any = get_named_type(raw.return_type)
    for name in path:
        if not isinstance(type_, GraphQLObjectType):
            return planner.Plan(type_name)
        fields = planner.collect(selection, type_, sets)
        sets = planner.subselections(fields.get(name, []))
        definition = type_.fields[name]
        type_ = get_named_type(definition.type)
    target = raw.schema.get_type(type_name)
    if not isinstance(target, GraphQLObjectType):
        return planner.Plan(type_name)
    return planner.compile_plan(selection, target, sets)


def _node_type(raw: RawInfo) -> str:
    connection = get_named_type(raw.return_type)
    assert isinstance(connection, GraphQLObjectType)
    name: str = get_named_type(connection.fields["nodes"].type).name
    return name


async def list_resources(
    info: Info,
    resource: str,
    api: str,
    params: Mapping[str, str],
    first: int | None,
    after: str | None,
    registries: Sequence[str] | None = None,
) -> View:
    """A Relay connection view over a ZGW list endpoint of every (or every named) registry.

    `params` are ZGW query parameters, already encoded as strings (filters and `ordering`). Returns
    {"edges": [{"cursor", "node"}], "nodes": [...], "pageInfo": {hasNextPage, hasPreviousPage, startCursor,
    endCursor}, "totalCount": int, "registries": [{registry, totalCount, error}]}, with every node's selected
    links loaded. A registry that fails drops out with an error naming it; the others answer.
    """
    ctx = info.context
    raw = info._raw_info
    count = paging.limit(first, ctx.settings.max_page_size)
    positions = paging.decode_cursor(after) if after is not None else {}
    if registries is not None:
        unknown = sorted(set(registries) - set(ctx.registries.by_name))
        if unknown:
            raise BadRequest(f"unknown registries: {', '.join(unknown)}")
        if not registries:
            raise BadRequest("`registries: []` names no registry; leave it out to ask them all")
    targets = ctx.registries.with_api(api, registries)
    if not targets:
        raise BadRequest(f"no configured registry serves the {api} API")
    node_type = _node_type(raw)
    plan = _plan_below(raw, node_type, ("edges", "node"))
    nodes_plan = _plan_below(raw, node_type, ("nodes",))
    merged = planner.Plan(node_type, plan.links + nodes_plan.links, plan.embedded + nodes_plan.embedded)

    # Per registry, the plan the cost model estimates fastest: expand (which paths), and in how many pages
    # the window's items are asked at once.
    def choose(client: RegistryClient, root: str) -> strategy.ListChoice:
        offset = positions.get(client.name, 0)

        def fresh(choice: strategy.ListChoice) -> bool:
            return paging.fresh(
                ctx, client, root + resource, params, offset, count, choice.paths, choice.pages
            )

        ahead = paging.asked_ahead(ctx, client, root + resource, params, offset, count)
        return strategy.choose_list(ctx.settings, client, merged, resource, count, fresh, ahead)

    choices = {client.name: choose(client, root) for client, root in targets}
    for client, _ in targets:
        ctx.plans.append(choices[client.name].describe(client, resource))
    expands = {name: choice.paths for name, choice in choices.items() if choice.paths is not None}
    splits = {name: choice.pages for name, choice in choices.items()}
    # The planner starts on each split page as it arrives: its links load while the other pages are served.
    run = planner.Run(ctx)
    started: set[int] = set()
    calls_before = len(ctx.calls)

    def on_page(client: RegistryClient, items: list[Resource]) -> None:
        if client.name in expands:
            expand.prime(ctx, client, items)
        for item in items:
            started.add(id(item))
            run.view(item, merged)

    # The small catalogue collections the plan reads below the first hop (not inlined by expand) are listed
    # beside the window's pages where the registry has workers free for them (loaders.list_ahead).
    ahead = [
        (client, wanted)
        for client, _ in targets
        if loaders.may_list_ahead(client)
        and (wanted := loaders.to_list_ahead(ctx, client, _catalogue(merged, choices[client.name].expand)))
    ]
    asked = paging.window(ctx, targets, resource, params, positions, count, expands, splits, on_page)
    if ahead:
        listings = asyncio.gather(*(loaders.list_ahead(ctx, client, wanted) for client, wanted in ahead))
        window = await asked
        await listings  # done long before the window: each only starts its lists
    else:
        window = await asked

    # The next window is asked under the plan the model prefers, also where this one kept the plan its
    # cached (or asked-ahead) window had: else a walk that began under one plan would keep it to the end.
    # With it go the child lists each item loads by a request of its own (not inlined by that expand), and the
    # documents and zaken its pages name (`below`).
    next_plans = {name: choice.next_plan for name, choice in choices.items()}
    plans = {name: (",".join(paths) or None, pages) for name, (paths, pages) in next_plans.items()}

    def below(expanded: str | None) -> tuple[list[tuple[str, str, str]], list[paging.Searched]]:
        return _child_lists(merged, expanded), _searched(merged, expanded)

    def prefetch() -> None:
        # A client that pages on: its next window is asked while it reads this one, where the registry has
        # workers to spare beyond those in flight, and its next request takes it. Tried as soon as the
        # window is here, and again once its links are (they may have filled the registry before).
        if after is not None:
            ctx.prefetching += paging.prefetch(
                ctx, targets, resource, params, positions, count, plans, window, below
            )

    prefetch()
    for part in window.parts:
        if part.client.name in expands:
            expand.prime(ctx, part.client, [item for item in part.items if id(item) not in started])
    failed = [part.error for part in window.parts if part.error is not None]
    if failed and len(failed) == len(window.parts):
        raise failed[0]  # nobody answered: the list is null with the error, not an empty list
    for part in window.parts:
        if part.error is not None:
            ctx.extra_errors.append(
                GraphQLError(
                    f"{part.client.name}: {part.error}",
                    path=raw.path.as_list(),
                    original_error=part.error,
                    extensions=part.error.extensions,
                )
            )
    views = [run.view(item, merged) for item in window.items]
    probes = [
        strategy.probe(ctx, part.client, part.items[0]["url"], choices[part.client.name].probe)
        for part in window.parts
        if choices[part.client.name].probe and part.items and isinstance(part.items[0].get("url"), str)
    ]
    if probes:
        await asyncio.gather(run.run(), *probes)
    else:
        await run.run()
    prefetch()
    _learn(ctx, merged, views, ctx.calls[calls_before:], choices)
    edges = [{"cursor": cursor, "node": view} for cursor, view in zip(window.cursors, views, strict=True)]
    return {
        "edges": edges,
        "nodes": views,
        "totalCount": window.total,
        "registries": paging.per_registry(window),
        "pageInfo": {
            "hasNextPage": window.has_more,
            "hasPreviousPage": any(positions.values()),
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


def _catalogue(plan: planner.Plan, expanded: Sequence[str]) -> list[str]:
    """The catalogue collections (those a list can give whole) that a zaken plan reads by URL below its
    items, apart from the links the `expanded` paths inline."""
    inlined = {id(link_plan) for path, link_plan in expand.candidates(plan) if path in expanded}
    found: list[str] = []

    def walk(below: planner.Plan) -> None:
        for link_plan in below.links:
            if link_plan.stub:
                continue
            for link in (link_plan.link, link_plan.link.then):
                if (
                    id(link_plan) not in inlined  # its targets come inlined; what they link to does not
                    and link is not None
                    and link.api == "catalogi"
                    and link.kind in (LinkKind.URL, LinkKind.URLS)
                    and link.resource in SWEEPABLE
                    and link.resource not in found
                ):
                    found.append(link.resource)
            walk(link_plan.plan)
        for embedded in below.embedded:
            walk(embedded.plan)

    walk(plan)
    return found


def _child_lists(plan: planner.Plan, expanded: str | None) -> list[tuple[str, str, str]]:
    """The child lists (`?zaak=` and the like) a plan loads for each of its items by their own requests."""
    inlined = set(expanded.split(",")) if expanded else set()
    found = []
    for link_plan in plan.links:
        link = link_plan.link
        if link.kind is not LinkKind.CHILDREN or link_plan.stub or link.param is None:
            continue
        if expand.top_path(link_plan) in inlined:
            continue
        spec = (link.resource, link.api, link.param)
        if spec not in found:
            found.append(spec)
    return found


def _searched(plan: planner.Plan, expanded: str | None) -> list[paging.Searched]:
    """The documents and zaken a plan loads by URL from what its items' page holds: their own links, and the
    links of the children `expanded` inlines (a zaak's zaakinformatieobjecten, their informatieobject)."""
    inlined = set(expanded.split(",")) if expanded else set()
    found: list[paging.Searched] = []

    def add(link: Link, holder: str | None) -> None:
        if (
            link.kind in (LinkKind.URL, LinkKind.URLS)
            and link.source
            and link.resource in strategy.SEARCHABLE
        ):
            spec = paging.Searched(link.resource, link.api, link.source, holder)
            if spec not in found:
                found.append(spec)

    for link_plan in plan.links:
        link = link_plan.link
        if link_plan.stub:
            continue
        if link.kind is not LinkKind.CHILDREN:
            if link.then is None:
                add(link, None)
            continue
        attribute = expand.top_path(link_plan)
        if attribute is None or attribute not in inlined:
            continue
        if link.then is not None:
            add(link.then, attribute)
        for child in link_plan.plan.links:
            if not child.stub and child.link.then is None:
                add(child.link, attribute)
    return found


def _learn(
    ctx: Context, plan: planner.Plan, views: list[Any], calls: Sequence[Call], choices: Mapping[str, Any]
) -> None:
    """Teach each registry's cost model the shape of what this list found (targets per link, requests
    per catalogue target)."""
    requests: dict[str, dict[str, int]] = {}
    for call in calls:
        if call.method != "GET" or call.status != 200:
            continue
        try:
            route = ctx.registries.route(call.url)
        except GatewayError:
            continue
        if route.is_object:
            per = requests.setdefault(call.registry, {})
            per[route.resource] = per.get(route.resource, 0) + 1
    for name, choice in choices.items():
        client = ctx.registries.by_name[name]
        strategy.learn(client.costs, plan, views, requests.get(name, {}), choice.expand)


def _resource_url(ctx: Context, resource: str, api: str, url: str | None, uuid: str | None) -> str:
    if (url is None) == (uuid is None):
        raise BadRequest("give exactly one of `url` and `uuid`")
    if url is not None:
        route = ctx.registries.route(url)  # URL_NOT_ALLOWED outside the registries
        if route.resource != resource or not route.is_object:
            raise BadRequest(f"{url!r} is not the URL of one of the {resource}")
        return url
    assert uuid is not None
    try:
        uuid_module.UUID(uuid)
    except ValueError:
        raise BadRequest(f"{uuid!r} is not a UUID") from None
    registries = ctx.registries.with_api(api)
    if not registries:
        raise BadRequest(f"no configured registry serves the {api} API")
    if resource in ("zaakeigenschappen", "audittrail"):
        raise BadRequest(f"{resource} live below their parent: ask by `url`")
    _, root = registries[0]
    return f"{root}{resource}/{uuid}"


async def _load_one(ctx: Context, resource: str, url: str) -> Resource:
    value = await planner.by_url(ctx, resource).load(url)
    if not isinstance(value, dict):
        raise NotFound(f"{url} was not found", registry=ctx.registries.route(url).client.name)
    return value


async def get_resource(info: Info, resource: str, api: str, url: str | None, uuid: str | None) -> View | None:
    """One resource by URL or by UUID, with its selected links loaded."""
    ctx = info.context
    target = _resource_url(ctx, resource, api, url, uuid)
    if uuid is not None and len(ctx.registries.with_api(api)) > 1:
        target = await _find_by_uuid(ctx, resource, api, uuid)
    found = await _load_one(ctx, resource, target)
    raw = info._raw_info
    plan = _plan_below(raw, get_named_type(raw.return_type).name)
    views = await planner.resolve(ctx, [found], plan)
    return views[0]  # type: ignore[no-any-return]


async def _find_by_uuid(ctx: Context, resource: str, api: str, uuid: str) -> str:
    """With several registries a UUID may live in any of them: ask all at once, take the one that has it."""
    candidates = [f"{root}{resource}/{uuid}" for _, root in ctx.registries.with_api(api)]
    loader = planner.by_url(ctx, resource)
    results = await asyncio.gather(*(loader.load(c) for c in candidates), return_exceptions=True)
    for candidate, value in zip(candidates, results, strict=True):
        if isinstance(value, dict):
            return candidate
    return candidates[0]


async def get_node(info: Info, id: str) -> View | None:
    """Relay `node(id:)`: the id is the resource URL."""
    ctx = info.context
    route = ctx.registries.route(id)
    type_name = ctx.type_by_resource.get(route.resource)
    if type_name is None or not route.is_object:
        raise BadRequest(f"{id!r} is not the URL of a resource this gateway knows")
    found = await _load_one(ctx, route.resource, id)
    plan = _plan_below(info._raw_info, type_name)
    views = await planner.resolve(ctx, [found], plan)
    return views[0]  # type: ignore[no-any-return]


def child_list(root: Any, info: Info, first: int | None, after: str | None) -> list[Any] | None:
    """A preloaded child list, sliced: `first` items after the item whose url is `after`."""
    value = root.get(info._raw_info.field_name) if isinstance(root, dict) else None
    return slice_children(value, first, after)
