"""The planner: load the whole selection a level of links at a time, then hand out ready views.

`compile_plan` turns the selection below a field into a `Plan`: for one GraphQL object type, which link
fields are selected (with the plan of their targets) and which embedded objects hold selected links.
`resolve` then walks the plan over loaded resources. Every link of one level is requested in the same
event-loop tick, so the per-request DataLoaders batch and deduplicate across the whole level; the next
level starts when this one has arrived. The number of sequential backend rounds is the depth of the
selection in resource hops, not its width.

A link whose selection asks only for `url`/`id`/`uuid` is never fetched: the parent already has the URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from aiodataloader import DataLoader
from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from gateway.registries import HOP, URGENCY
from resolvers import loaders, strategy
from resolvers.links import LINK, Link, LinkKind
from resolvers.loaders import uuid_of
from resolvers.views import TYPE_KEY, View

if TYPE_CHECKING:
    from resolvers.context import Context

_BACKREF = "strawberry-definition"  # GraphQLCoreConverter.DEFINITION_BACKREF
_STUB_FIELDS = frozenset({"url", "id", "uuid", "__typename"})


@dataclass(slots=True)
class LinkPlan:
    key: str  # the GraphQL field name: where the loaded value goes in the parent's view
    link: Link
    plan: Plan  # what to do with each loaded target
    stub: bool  # only url/id/uuid selected: build it from the URL, fetch nothing


@dataclass(slots=True)
class EmbeddedPlan:
    key: str
    plan: Plan


@dataclass(slots=True)
class Plan:
    type_name: str
    links: list[LinkPlan] = field(default_factory=list)
    embedded: list[EmbeddedPlan] = field(default_factory=list)
    _depth: int = -1

    @property
    def empty(self) -> bool:
        return not self.links and not self.embedded

    @property
    def depth(self) -> int:
        """Hops of requests below an object of this plan: its longest chain of links still to load."""
        if self._depth < 0:
            deepest = max((embedded.plan.depth for embedded in self.embedded), default=0)
            for link_plan in self.links:
                if not link_plan.stub:
                    hops = 2 if link_plan.link.then is not None else 1
                    deepest = max(deepest, hops + link_plan.plan.depth)
            self._depth = deepest
        return self._depth


@dataclass(frozen=True, slots=True)
class Selection:
    """The part of a request the planner needs to read a selection."""

    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]  # coerced variable values


def collect(
    selection: Selection, type_: GraphQLObjectType, selection_sets: Iterable[SelectionSetNode]
) -> dict[str, list[FieldNode]]:
    """Field nodes by field name, for one concrete type: fragments applied, @skip/@include honoured."""
    fields: dict[str, list[FieldNode]] = {}
    interfaces = {i.name for i in type_.interfaces}

    def applies(condition: str | None) -> bool:
        return condition is None or condition == type_.name or condition in interfaces

    def visit(selection_set: SelectionSetNode, seen: set[str]) -> None:
        for node in selection_set.selections:
            if not _included(selection, node):
                continue
            if isinstance(node, FieldNode):
                fields.setdefault(node.name.value, []).append(node)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition.name.value if node.type_condition else None
                if applies(condition):
                    visit(node.selection_set, seen)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = selection.fragments.get(name)
                if fragment is None or name in seen or not applies(fragment.type_condition.name.value):
                    continue
                visit(fragment.selection_set, seen | {name})

    for selection_set in selection_sets:
        visit(selection_set, set())
    return fields


def _included(selection: Selection, node: Any) -> bool:
    """@skip / @include, as graphql-core applies them (their `if` is a Boolean literal or variable)."""
    for directive in node.directives or ():
        name = directive.name.value
        if name not in (GraphQLSkipDirective.name, GraphQLIncludeDirective.name):
            continue
        for argument in directive.arguments:
            if argument.name.value != "if":
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                flag = selection.variables.get(value.name.value) is True
            else:
                flag = isinstance(value, BooleanValueNode) and value.value
            if flag == (name == GraphQLSkipDirective.name):
                return False
    return True


def subselections(nodes: Sequence[FieldNode]) -> list[SelectionSetNode]:
    return [node.selection_set for node in nodes if node.selection_set is not None]


def compile_plan(
    selection: Selection, type_: GraphQLObjectType, selection_sets: Sequence[SelectionSetNode]
) -> Plan:
    plan = Plan(type_.name)
    for name, nodes in collect(selection, type_, selection_sets).items():
        definition = type_.fields.get(name)
        if definition is None:
            continue
        target = get_named_type(definition.type)
        if not isinstance(target, GraphQLObjectType | GraphQLInterfaceType):
            continue
        strawberry_field = (definition.extensions or {}).get(_BACKREF)
        link = getattr(strawberry_field, "metadata", {}).get(LINK) if strawberry_field is not None else None
        children = subselections(nodes)
        if not isinstance(target, GraphQLObjectType):
            continue  # an interface-typed field below the root: nothing of ours
        child_plan = compile_plan(selection, target, children)
        if isinstance(link, Link):
            selected = set(collect(selection, target, children))
            stub = (
                link.then is None and link.kind in (LinkKind.URL, LinkKind.URLS) and selected <= _STUB_FIELDS
            )
            plan.links.append(LinkPlan(name, link, child_plan, stub))
        elif not child_plan.empty:
            plan.embedded.append(EmbeddedPlan(name, child_plan))
    # The deepest branch first: its requests reach the registry's queue first (FIFO), so the longest chain
    # of hops is not kept waiting behind short branches of the same level.
    plan.links.sort(key=lambda link_plan: -_depth(link_plan))
    return plan


def _depth(link_plan: LinkPlan) -> int:
    """Backend hops a link and everything below it take."""
    if link_plan.stub:
        return 0
    below = max((_depth(child) for child in link_plan.plan.links), default=0)
    return 1 + (link_plan.link.then is not None) + below


# A load's value, and the causal depth of the backend call that fetched it (the hop of its parent when nothing
# was fetched: primed by expand, cached, or already loaded by another branch).
Deliver = Callable[[Any, int], None]
_T = TypeVar("_T")


class Run:
    """One walk of a plan.

    Pipelined (the default): each load's `deliver` runs as soon as its value arrives, so a branch moves on
    when its own parents are there. The DataLoaders still batch: one batch's values arrive together, so the
    loads their deliveries make fall in the same event-loop tick and form the next batch. Level-wise
    (`pipelining = false`): the loads of a level are awaited together before the next level starts.

    Every load carries its causal depth (`HOP`, gateway/registries.py): one more than the call that fetched
    its parent. The trace shows the deepest as the query's `hops`, which is what its rounds would be if the
    registry answered at once; the registry's own log can show more, as pipelined branches chain by timing.
    A batch's calls take the depth of the load that opened it (aiodataloader dispatches in the context of
    its first load): in a pipelined walk the loads of one tick come from answers of one depth.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.pipelined = ctx.settings.pipelining
        self.queue: list[tuple[asyncio.Future[Any], Deliver, int]] = []
        self.views: dict[tuple[str, int], View] = {}
        self.pending = 0
        self.idle: asyncio.Future[None] | None = None

    async def run(self) -> None:
        if self.pipelined:
            if self.pending:
                self.idle = asyncio.get_running_loop().create_future()
                await self.idle
            return
        while self.queue:
            level, self.queue = self.queue, []
            results = await asyncio.gather(*(future for future, _, _ in level), return_exceptions=True)
            for (_, deliver, at), result in zip(level, results, strict=True):
                deliver(result, at + 1)

    def enqueue(self, future: asyncio.Future[Any], deliver: Deliver, at: int) -> None:
        """Deliver a load's value when it arrives; `at`: the hop of the parent it was asked for."""
        if not self.pipelined:
            self.queue.append((future, deliver, at))
            return
        self.pending += 1
        if future.done():  # already loaded (primed by expand, or cached): move on in this same tick
            self._arrived(future, deliver, at)
        else:
            future.add_done_callback(lambda done: self._arrived(done, deliver, at + 1))

    def _arrived(self, future: asyncio.Future[Any], deliver: Deliver, hop: int) -> None:
        try:
            value: Any = future.result()
        except Exception as exc:  # a failed load: the executor raises it at its field
            value = exc
        try:
            deliver(value, hop)
        except Exception as exc:  # a bug: fail the resolver rather than hang it
            if self.idle is not None and not self.idle.done():
                self.idle.set_exception(exc)
        finally:
            self.pending -= 1
            if self.pending == 0 and self.idle is not None and not self.idle.done():
                self.idle.set_result(None)

    def view(self, resource: Any, plan: Plan, hop: int = 1) -> Any:
        """The view of one loaded resource for one plan (shared by every parent that links to it); `hop`: the
        causal depth of the call that fetched it."""
        if not isinstance(resource, dict):
            return resource  # an exception: the executor raises it at this field
        resource[TYPE_KEY] = plan.type_name  # constant per resource kind, so safe on shared dicts
        if plan.empty:
            return resource
        url = resource.get("url")
        key = (url if isinstance(url, str) else str(id(resource)), id(plan))
        view = self.views.get(key)
        if view is None:
            view = dict(resource)
            self.views[key] = view
            self.visit(view, plan, hop)
        return view

    def visit(self, view: View, plan: Plan, hop: int = 1) -> None:
        for embedded in plan.embedded:
            value = view.get(embedded.key)
            if isinstance(value, list):
                view[embedded.key] = [self._embedded(item, embedded.plan, hop) for item in value]
            elif isinstance(value, dict):
                view[embedded.key] = self._embedded(value, embedded.plan, hop)
        for link_plan in plan.links:
            self._follow(view, link_plan, hop)

    def _embedded(self, value: Any, plan: Plan, hop: int) -> Any:
        if not isinstance(value, dict):
            return value
        copy = dict(value)
        self.visit(copy, plan, hop)
        return copy

    def _follow(self, view: View, link_plan: LinkPlan, hop: int) -> None:
        key, plan = link_plan.key, link_plan.plan
        if link_plan.stub:
            view[key] = _stubs(view, link_plan.link, plan.type_name)
            return

        def deliver(value: Any, reached: int) -> None:
            if isinstance(value, list):
                view[key] = [self.view(item, plan, reached) for item in value]
            else:
                view[key] = self.view(value, plan, reached)

        self._load(link_plan.link, view, deliver, hop, plan.depth)

    def _load(self, link: Link, parent: View, deliver: Deliver, at: int, below: int) -> None:
        """Queue the loads of one link of one parent, which was fetched at hop `at` (its loads go one deeper);
        `deliver` gets the resource(s) or an exception, and the hop they were fetched at. `below`: hops of
        requests that wait on the targets (their urgency)."""
        if link.then is not None:
            then = link.then
            first = Link(
                link.kind, link.resource, link.api, link.source, link.param, None, link.many, link.where
            )
            self._load(
                first, parent, lambda value, hop: self._then(then, value, deliver, hop, below), at, below + 1
            )
            return
        ctx = self.ctx
        if link.kind is LinkKind.URL:
            target = parent.get(link.source or "")
            if not isinstance(target, str) or not target:
                deliver(None, at)
                return
            cached = loaders.peek_resource(ctx, target)
            if cached is not None:  # warm: move on now, no loader round
                deliver(cached, at)
                return
            loader = self._resources(link.resource)
            self.enqueue(_deeper(at, below, lambda: loader.load(target)), deliver, at)
        elif link.kind is LinkKind.URLS:
            targets = parent.get(link.source or "")
            if not isinstance(targets, list):
                deliver(None, at)
                return
            many = self._resources(link.resource)
            self._gather(
                _deeper(at, below, lambda: [many.load(t) for t in targets if isinstance(t, str)]),
                deliver,
                at,
            )
        else:
            owner = parent.get("url")
            if not isinstance(owner, str):
                deliver(None, at)
                return
            if link.kind is LinkKind.CHILDREN:
                children = ctx.children(link.resource, link.api, link.param or "")
            else:
                children = ctx.nested(link.resource)
            where = link.where
            if link.kind is LinkKind.CHILDREN:
                cached = loaders.peek_children(ctx, link.resource, link.api, link.param or "", owner)
                if cached is not None:  # warm: move on now, no loader round
                    found = cached if where is None else [i for i in cached if i.get(where[0]) == where[1]]
                    deliver(found, at)
                    return
            future = _deeper(at, below, lambda: children.load(owner))
            if where is None:
                self.enqueue(future, deliver, at)
            else:
                attribute, wanted = where
                self.enqueue(
                    future,
                    lambda value, hop: deliver(
                        value
                        if not isinstance(value, list)
                        else [item for item in value if item.get(attribute) == wanted],
                        hop,
                    ),
                    at,
                )

    def _then(self, then: Link, value: Any, deliver: Deliver, at: int, below: int) -> None:
        """Follow `then` on every loaded child (fetched at hop `at`); the field's value is the list of their
        targets."""
        if not isinstance(value, list):
            deliver(value, at)  # an exception or None
            return
        slots = _slots(len(value), lambda parts, hop: deliver([p for p in parts if p is not None], hop), at)
        for slot, child in zip(slots, value, strict=True):
            self._load(then, child, slot, at, below)

    def _gather(self, futures: list[asyncio.Future[Any]], deliver: Deliver, at: int) -> None:
        """Deliver a list once every future of it has arrived (still within the same level)."""
        for slot, future in zip(_slots(len(futures), deliver, at), futures, strict=True):
            self.enqueue(future, slot, at)

    def _resources(self, resource: str) -> DataLoader[Any, Any]:
        return by_url(self.ctx, resource)


def by_url(ctx: Context, resource: str) -> DataLoader[Any, Any]:
    """The request's loader of one collection by URL. Zaken and documents go through the search loader (one
    `_zoek`, or several at once where the registry's cost model says so, none of them paging), everything
    else through the request's loader; the root fields use the same, so a URL asked at the root and below
    it in one query is fetched once."""
    if resource in strategy.SEARCHABLE:
        return ctx._loader(strategy.load_searched, resource)
    return ctx.resources(resource)


def _deeper(at: int, below: int, load: Callable[[], _T]) -> _T:
    """Start loads one hop deeper than `at`, with `below` hops waiting on them: the calls they make carry
    that depth (`HOP`) and urgency (`URGENCY`; a DataLoader batch is dispatched in the context of its first
    load)."""
    hop, urgency = HOP.set(at + 1), URGENCY.set(float(below))
    try:
        return load()
    finally:
        URGENCY.reset(urgency)
        HOP.reset(hop)


def _slots(count: int, deliver: Deliver, at: int) -> list[Deliver]:
    """`count` callbacks; when each has been called once, `deliver` gets their values in order, and the
    deepest hop among them (`at` when there are none)."""
    if count == 0:
        deliver([], at)
        return []
    parts: list[Any] = [None] * count
    pending = count
    deepest = at

    def slot(index: int) -> Deliver:
        def done(result: Any, hop: int) -> None:
            nonlocal pending, deepest
            parts[index] = result
            deepest = max(deepest, hop)
            pending -= 1
            if pending == 0:
                deliver(parts, deepest)

        return done

    return [slot(index) for index in range(count)]


def _stubs(view: View, link: Link, type_name: str) -> Any:
    value = view.get(link.source or "")

    def stub(url: Any) -> Any:
        if not isinstance(url, str) or not url:
            return None
        return {"url": url, "uuid": uuid_of(url), TYPE_KEY: type_name}

    if link.kind is LinkKind.URLS:
        return [stub(u) for u in value] if isinstance(value, list) else None
    return stub(value)


async def resolve(ctx: Context, resources: Sequence[Any], plan: Plan) -> list[Any]:
    """Views of `resources` with every link of `plan` loaded (a `Run` started on all of them at once; a
    caller that gets its resources in parts can start one `Run` on each part as it arrives)."""
    run = Run(ctx)
    views = [run.view(resource, plan) for resource in resources]
    await run.run()
    return views
