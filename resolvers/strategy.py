"""The planner's choices per registry and query, by estimated wall time.

For a zaken list the options are: the plain page, then every link by its own requests (detail GETs, `?zaak=`
lists, `_zoek` for zaken and documents); or the page with some links inlined by `expand`, asked as one page
or as several smaller pages at once. For zaken and documents by URL: one `_zoek {uuid__in}`, or the uuids
split over several `_zoek`s (or detail GETs) at once. Each option becomes levels of requests, each request
with the service time the registry's cost model gives it, and a level takes `makespan` (gateway/costs.py):
its longest request, or its work divided by the registry's capacity. One expanded page is served by one
worker however many the registry has; split into as many pages as it has workers, the same work is served
side by side, and on a registry with many workers plain requests, each cheap, may be faster still.

How many targets a link has per parent, and how many requests a batch of catalogue targets costs (few: they
repeat, and the catalogue cache answers many), are learned from the queries answered (`learn`).

The plain plan (no expand, one `_zoek`) is kept unless another is estimated faster by both
`plan_min_gain` (a fraction) and `plan_min_gain_ms`: the model's figures are estimates, and a registry with
no latency to speak of gains nothing from a change.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from gateway.costs import CostModel, makespan
from gateway.errors import GatewayError, UpstreamBadRequest, refuses_expand
from gateway.registries import RegistryClient
from resolvers import expand, loaders
from resolvers.links import LinkKind

if TYPE_CHECKING:
    from gateway.settings import Settings
    from resolvers.context import Context
    from resolvers.planner import LinkPlan, Plan

SEARCHABLE = frozenset({"zaken", "enkelvoudiginformatieobjecten"})
EXPLORE_EVERY = 25  # lists of a registry between two tries of a plan the model did not choose
_SPLITS = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64)
Jobs = list[tuple[float, float]]  # (count, service ms) groups of one level


@dataclass(frozen=True, slots=True)
class ListChoice:
    expand: tuple[str, ...]  # the expand paths asked for (empty: a plain page)
    pages: int  # the window's items asked as about this many pages at once
    estimate_ms: float
    plain_ms: float
    explored: bool = False  # not the cheapest estimate: tried to learn what it costs now
    probe: tuple[str, ...] = ()  # paths to ask expanded for one zaak of the page, beside the plain plan
    cached: bool = False  # the cache holds this plan's window (or it was asked ahead), not the model's
    # where `cached`: the plan the model prefers (expand paths, pages), for the windows after this one
    preferred: tuple[tuple[str, ...], int] | None = None

    @property
    def next_plan(self) -> tuple[tuple[str, ...], int]:
        """The plan to ask the next window under: the model's, also where this window kept the cache's."""
        return self.preferred if self.preferred is not None else (self.expand, self.pages)

    @property
    def paths(self) -> str | None:
        return ",".join(self.expand) or None

    def describe(self, client: RegistryClient, resource: str) -> dict[str, Any]:
        strategy = "expand" if self.expand else "plain"
        return {
            "registry": client.name,
            "list": resource,
            "strategy": strategy,
            "expand": self.paths,
            "pages": self.pages,
            "estimatedMs": round(self.estimate_ms, 1),
            "plainEstimatedMs": round(self.plain_ms, 1),
            "explored": self.explored,
            "probe": ",".join(self.probe) or None,
            "cached": self.cached,
            "expandRefused": client.expand_refused,
            "capacity": round(client.costs.capacity, 1),
            "figures": client.costs.snapshot(),
        }


@dataclass(frozen=True, slots=True)
class SearchChoice:
    chunks: int  # one `_zoek` (1), several at once, or detail GETs (as many as uuids)
    estimate_ms: float
    single_ms: float

    def describe(self, client: RegistryClient, resource: str, count: int) -> dict[str, Any]:
        return {
            "registry": client.name,
            "resource": resource,
            "strategy": "_zoek" if self.chunks < count else "detail",
            "uuids": count,
            "requests": self.chunks,
            "estimatedMs": round(self.estimate_ms, 1),
            "singleEstimatedMs": round(self.single_ms, 1),
            "capacity": round(client.costs.capacity, 1),
        }


def _pays(settings: Settings, plain: float, other: float) -> bool:
    return other <= plain * (1 - settings.plan_min_gain) and plain - other >= settings.plan_min_gain_ms


def choose_search(
    settings: Settings, model: CostModel, resource: str, count: int, busy: int = 0
) -> SearchChoice:
    """How to fetch `count` zaken or documents by uuid from one registry, `busy` of whose workers are
    serving our other requests now: splitting only pays on workers that are free (more requests on busy
    ones cost the registry work and gain nothing)."""
    workers = max(model.capacity - busy, 1.0)
    single = _search_ms(model, resource, count, 1, workers)
    # A `_zoek` that finds more than a page answers it page by page, each `next` asked when the one before
    # has come: the same requests sent at once, each of at most a page of uuids, take one round.
    least = fewest_searches(count, model.page)
    plain = _search_ms(model, resource, count, least, workers)
    best = SearchChoice(least, plain, single)
    if count < 2 or not model.ready:
        return best
    for chunks in sorted({k for k in _SPLITS if least < k < count} | {count}):
        if chunks > workers:
            break
        ms = _search_ms(model, resource, count, chunks, workers)
        if ms < best.estimate_ms:
            best = SearchChoice(chunks, ms, single)
    return (
        best
        if best.chunks == least or _pays(settings, plain, best.estimate_ms)
        else SearchChoice(least, plain, single)
    )


def fewest_searches(count: int, page: int) -> int:
    """`_zoek` requests for `count` uuids sent at once, none of which pages (at least one), on a registry
    that answers `page` results a page."""
    return max(1, -(-count // page))


def search_jobs(model: CostModel, resource: str, count: float, chunks: int) -> Jobs:
    if count <= 0:
        return []
    if chunks >= count:
        return [(count, model.estimate("detail", resource))]
    size = count / chunks
    pages = math.ceil(size / model.page)  # a `_zoek` answers a page at a time: its pages come one by one
    return [(chunks, pages * model.estimate("search", resource, items=size / pages))]


def _search_ms(model: CostModel, resource: str, count: float, chunks: int, workers: float) -> float:
    return makespan(search_jobs(model, resource, count, chunks), workers, model.contention)


def choose_list(
    settings: Settings,
    client: RegistryClient,
    plan: Plan,
    resource: str,
    count: int,
    fresh: Callable[[ListChoice], bool] | None = None,
    ahead: tuple[tuple[str, ...], int] | None = None,
) -> ListChoice:
    """Expand (which paths) and page split for one registry's part of a list. `fresh` says whether the
    request's cache holds a plan's window fresh, or it was asked ahead: such a plan costs no request (or
    one already on its way), which no estimate beats. `ahead` is the plan (expand paths, pages) a window was
    asked ahead under, if one was."""
    model = client.costs
    use = False if client.expand_refused else client.config.use_expand
    found = expand.candidates(plan) if resource == "zaken" and use is not False else []
    if use is None and not model.ready:
        # Nothing known of this registry yet: the plain plan. What an inlined object costs can be asked
        # already (the probe), so that the model knows it by the time it is ready.
        paths = tuple(path for path, _ in found)
        if paths and model.probe_due():
            plain = _estimate(model, plan, resource, count, frozenset(), 1)
            return ListChoice((), 1, plain, plain, probe=paths)
        found = []
    key = (_signature(plan), resource, count, use, model.ready)
    memo = model.decisions.get(key)
    if memo is not None and memo[0] == model.epoch:
        remembered: tuple[ListChoice, ListChoice] = memo[1]
        choice, alternative = remembered
    else:
        plain = _estimate(model, plan, resource, count, frozenset(), 1)
        choice = alternative = ListChoice((), 1, plain, plain)
        if found:
            splittable = client.config.send_page_size  # pages of our size need `pageSize`
            splits = [k for k in _SPLITS if k <= count and k <= max(model.capacity, 1)] if splittable else [1]
            chosen = _backward(
                settings, model, plan, resource, count, [path for path, _ in found], splits, use is True
            )
            alternative = ListChoice(chosen.expand, chosen.pages, chosen.estimate_ms, plain)
            if use is True or _pays(settings, plain, chosen.estimate_ms):
                choice = alternative
        if memo is not None:
            # The figures moved: keep the plan chosen before unless the new one pays by the same margin as
            # leaving the plain plan must. Flipping between plans of about the same estimate gains nothing,
            # and costs the warm cache its hits (a page asked with other expand paths is another page).
            kept: ListChoice = memo[1][0]
            if (kept.expand, kept.pages) != (choice.expand, choice.pages):
                kept_ms = _estimate(model, plan, resource, count, frozenset(kept.expand), kept.pages)
                if not _pays(settings, kept_ms, choice.estimate_ms):
                    choice = replace(kept, estimate_ms=kept_ms, plain_ms=plain)
        if len(model.decisions) > 256:
            model.decisions.clear()
        model.decisions[key] = (model.epoch, (choice, alternative))
    if use is not False and fresh is not None:
        # A window the cache holds fresh (or asked ahead) costs no request: it is not the place to explore or
        # probe. And where the figures moved since it was cached or asked (the model became ready, a figure
        # crossed the margin, the capacity moved the split), the plan it was asked under still costs
        # nothing, where the model's would ask it all again.
        if fresh(choice):
            return choice
        others = [alternative, ListChoice((), 1, choice.plain_ms, choice.plain_ms)]
        if ahead is not None:
            others.insert(0, ListChoice(ahead[0], ahead[1], choice.estimate_ms, choice.plain_ms))
        for other in others:
            same = (other.expand, other.pages) == (choice.expand, choice.pages)
            allowed = use is None or bool(other.expand)  # `use_expand = true` keeps expanding
            if not same and allowed and fresh(other):
                return replace(other, cached=True, preferred=(choice.expand, choice.pages))
    # Now and then the best expand plan is asked even where the plain plan won: what an expanded answer costs
    # is only learned from one, and a figure that went wrong must be able to come right.
    model.choices += 1
    if use is None and alternative.expand and not choice.expand:
        if model.choices % EXPLORE_EVERY == 0:
            return replace(alternative, explored=True)
        if model.probe_due():
            return replace(choice, probe=alternative.expand)
    return choice


async def probe(ctx: Context, client: RegistryClient, zaak: str, paths: Sequence[str]) -> None:
    """One zaak asked again with `expand`, beside the plain plan, so the cost model sees what an inlined
    object costs this registry (`CostModel.probe_due`): one request, at most once a minute until answered.
    Its answer is not used (the plain plan loads the same links); a failure is no error of the query."""
    with contextlib.suppress(GatewayError):
        try:
            await client.request(
                "GET",
                zaak,
                params={"expand": ",".join(paths)},
                sink=ctx.record,
                deadline=ctx.deadline,
                principal=ctx.principal,
            )
        except UpstreamBadRequest as exc:
            if refuses_expand(exc):
                client.expand_refused = True  # a Zaken API before 1.5: no expand plan is tried
            raise


def _backward(
    settings: Settings,
    model: CostModel,
    plan: Plan,
    resource: str,
    count: int,
    paths: list[str],
    splits: Sequence[int],
    keep_all: bool,
) -> ListChoice:
    """Start from every path expanded; drop paths (with what hangs below them) while that is faster."""

    def best_split(chosen: tuple[str, ...]) -> ListChoice:
        options = [
            ListChoice(chosen, k, _estimate(model, plan, resource, count, frozenset(chosen), k), 0)
            for k in splits
        ]
        one, best = options[0], min(options, key=lambda option: option.estimate_ms)
        return best if _pays(settings, one.estimate_ms, best.estimate_ms) else one  # more pages must pay

    best = best_split(tuple(paths))
    if keep_all:
        return best
    improved = True
    while improved and best.expand:
        improved = False
        for path in best.expand:
            rest = tuple(p for p in best.expand if p != path and not p.startswith(path + "."))
            if not rest:
                continue
            option = best_split(rest)
            if option.estimate_ms < best.estimate_ms:
                best, improved = option, True
                break
    return best


def _signature(plan: Plan) -> str:
    """A plan's shape as a string (memo key): its type and links, recursively."""
    parts = [plan.type_name]
    for link_plan in plan.links:
        parts.append(f"{link_plan.key}{'*' if link_plan.stub else ''}({_signature(link_plan.plan)})")
    for embedded in plan.embedded:
        parts.append(f"{embedded.key}[{_signature(embedded.plan)}]")
    return ",".join(parts)


def _estimate(
    model: CostModel, plan: Plan, resource: str, count: int, expanded: frozenset[str], pages: int
) -> float:
    """Estimated wall time in ms of the list and every selected link below it."""
    levels: dict[int, Jobs] = defaultdict(list)
    inlined = _place(model, plan, float(count), 0, levels, expanded, "")
    size = count / pages
    page_ms = model.estimate("list", resource, items=size, expanded=inlined / pages)
    total = makespan([(pages, page_ms)], model.capacity, model.contention)
    for level in sorted(levels):
        total += makespan(levels[level], model.capacity, model.contention)
    return total


def _place(
    model: CostModel,
    plan: Plan,
    parents: float,
    level: int,
    levels: dict[int, Jobs],
    expanded: frozenset[str],
    parent_path: str | None,
) -> float:
    """Put the requests of `plan`'s links below `parents` objects (available at `level`) into `levels`;
    returns how many objects `expanded` inlines into the list page instead."""
    inlined = 0.0
    for embedded in plan.embedded:
        inlined += _place(model, embedded.plan, parents, level, levels, frozenset(), None)
    for link_plan in plan.links:
        if link_plan.stub or parents <= 0:
            continue
        targets = parents * model.shape(f"{plan.type_name}.{link_plan.key}", 1.0)
        path = _expand_path(parent_path, link_plan)
        if path is not None and path in expanded:
            inlined += targets
            below = level
            if link_plan.link.then is not None:  # the links are inlined; their targets still load
                levels[level + 1].extend(
                    _url_jobs(model, link_plan.link.then.resource, link_plan.link.then.api, targets)
                )
                below = level + 1
            inlined += _place(
                model, link_plan.plan, targets, below, levels, expanded, path if below == level else None
            )
            continue
        below = level + 1
        link = link_plan.link
        if link.kind in (LinkKind.URL, LinkKind.URLS):
            levels[below].extend(_url_jobs(model, link.resource, link.api, targets))
        else:
            levels[below].append((parents, model.estimate("list", link.resource, items=targets / parents)))
        if link.then is not None:
            below += 1
            levels[below].extend(_url_jobs(model, link.then.resource, link.then.api, targets))
        inlined += _place(model, link_plan.plan, targets, below, levels, frozenset(), None)
    return inlined


def _url_jobs(model: CostModel, resource: str, api: str, targets: float) -> Jobs:
    if targets <= 0:
        return []
    if resource in SEARCHABLE:
        least = fewest_searches(math.ceil(targets), model.page)
        chunks = [least] + [k for k in (2, 4, 8, 16, 32) if least < k <= max(model.capacity, 1)]
        return min(
            (search_jobs(model, resource, targets, k) for k in chunks),
            key=lambda jobs: makespan(jobs, model.capacity, model.contention),
        )
    ratio = model.shape(f"@{resource}", 0.5 if api == "catalogi" else 1.0)
    requests = targets * ratio
    return [(requests, model.estimate("detail", resource))] if requests > 0 else []


def learn(
    model: CostModel, plan: Plan, views: Sequence[Any], requests: dict[str, int], expanded: Iterable[str]
) -> None:
    """Teach `model` the shape of what a query found: targets per parent of each link, and for catalogue
    and other detail targets how many requests they cost (`requests`: per collection, this query's)."""
    targets: dict[str, float] = defaultdict(float)
    primed: set[str] = set()
    _learn(model, plan, [v for v in views if isinstance(v, dict)], targets, set(expanded), "", primed, 0)
    for resource, count in targets.items():
        if resource in SEARCHABLE or resource in primed or count <= 0:
            continue
        model.learn_shape(f"@{resource}", requests.get(resource, 0) / count)


def _learn(
    model: CostModel,
    plan: Plan,
    views: list[dict[str, Any]],
    targets: dict[str, float],
    expanded: set[str],
    parent_path: str | None,
    primed: set[str],
    depth: int,
) -> None:
    if not views or depth > 8:
        return
    for link_plan in plan.links:
        if link_plan.stub:
            continue
        found: list[dict[str, Any]] = []
        for view in views:
            value = view.get(link_plan.key)
            if isinstance(value, list):
                found.extend(item for item in value if isinstance(item, dict))
            elif isinstance(value, dict):
                found.append(value)
        model.learn_shape(f"{plan.type_name}.{link_plan.key}", len(found) / len(views))
        link = link_plan.link
        final = link.then if link.then is not None else link
        path = _expand_path(parent_path, link_plan)
        is_expanded = path is not None and path in expanded
        if is_expanded and link.then is None:
            primed.add(final.resource)
        if final.kind in (LinkKind.URL, LinkKind.URLS):
            targets[final.resource] += len(found)
        _learn(
            model, link_plan.plan, found, targets, expanded, path if is_expanded else None, primed, depth + 1
        )


async def load_searched(ctx: Context, resource: str, urls: Sequence[str]) -> list[Any]:
    """Zaken or documents by URL (a DataLoader batch): per registry one `_zoek {uuid__in}`, or the uuids
    split over several requests at once where the cost model estimates that faster. Each part goes through
    the request's own batch function (`loaders.load_resources`: caches, 404/403 per URL). What a prefetch
    asked ahead for this request (the objects a walker's next window names) is taken first."""
    taken = await loaders.take_searched(ctx, urls)
    if taken:
        rest = [url for url in urls if url not in taken]
        found = dict(zip(rest, await _searched(ctx, resource, rest), strict=True)) if rest else {}
        return [taken[url] if url in taken else found[url] for url in urls]
    return await _searched(ctx, resource, urls)


async def _searched(ctx: Context, resource: str, urls: Sequence[str]) -> list[Any]:
    groups: dict[RegistryClient | None, list[str]] = defaultdict(list)
    for url in urls:
        try:
            groups[ctx.registries.route(url).client].append(url)
        except GatewayError:
            groups[None].append(url)  # load_resources gives it its URL_NOT_ALLOWED
    chunks: list[list[str]] = []
    if len(urls) > 1:
        # The other loads of this level were dispatched in the same turn of the event loop as this batch;
        # a batch starts its requests one turn later. Two turns, and they are in flight (client.in_flight)
        # when the split is chosen, whichever batch ran first.
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    for client, group in groups.items():
        if client is None or len(group) < 2:
            chunks.append(group)
            continue
        choice = choose_search(ctx.settings, client.costs, resource, len(group), client.in_flight)
        ctx.plans.append(choice.describe(client, resource, len(group)))
        size = -(-len(group) // choice.chunks)
        chunks.extend(group[i : i + size] for i in range(0, len(group), size))
    if len(chunks) == 1:
        return await loaders.load_resources(ctx, resource, urls)
    parts = await asyncio.gather(*(loaders.load_resources(ctx, resource, chunk) for chunk in chunks))
    found = {
        url: value
        for chunk, values in zip(chunks, parts, strict=True)
        for url, value in zip(chunk, values, strict=True)
    }
    shared = ctx.resources(resource)
    for url, value in found.items():
        if isinstance(value, dict):
            shared.prime(url, value)
    return [found[url] for url in urls]


def _expand_path(parent_path: str | None, link_plan: LinkPlan) -> str | None:
    """The `expand` path of a link below `parent_path` ("": the zaak itself; None: not expandable)."""
    if parent_path == "":
        return expand.top_path(link_plan)
    return expand.nested_path(parent_path, link_plan) if parent_path else None
