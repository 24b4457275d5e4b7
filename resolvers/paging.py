"""Relay paging over ZGW list endpoints of one or more registries.

ZGW lists are offset pages (`?page=N`, 100 per page on Open Zaak) with no stable cursor. Our cursor is the
position reached in every registry's list, so paging forward is exact across registries: each page fans out
to every registry from its own position, and the already-ordered results are merged k-way by the query's
`ordering` (ties go to the registry named first). Each registry still pages at its own page size; only the
pages `first` needs are fetched, and `next` is followed rather than page arithmetic trusted.

A registry that fails drops out of that page (its position does not move) with an error naming it, while the
others answer.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar
from urllib.parse import urlencode

import orjson

from gateway.cache import PREFETCH_PAGE_WEIGHT
from gateway.errors import (
    BadRequest,
    Forbidden,
    GatewayError,
    NotFound,
    UpstreamBadRequest,
    UpstreamTimeout,
    refuses_expand,
)
from gateway.registries import ASKED_AHEAD, URGENCY, Page, RegistryClient, Resource
from resolvers.loaders import children_key, normalise, object_key_of, served_stale, take_prefetched, uuid_of

if TYPE_CHECKING:
    from gateway.cache import ResourceCache
    from resolvers.context import Context

DEFAULT_FIRST = 20
_PREFIX = b"zg2:"
_P = ParamSpec("_P")
_R = TypeVar("_R")

Positions = dict[str, int]  # registry name -> items of its list already passed


@dataclass(slots=True)
class Part:
    """What one registry contributed to a page."""

    client: RegistryClient
    items: list[Resource] = field(default_factory=list)
    total: int | None = None
    more: bool = False  # the registry has items past `items`
    error: GatewayError | None = None
    deadline: float = float("inf")  # event-loop time by which this registry's part of the window ends


@dataclass(frozen=True, slots=True)
class Window:
    items: list[Resource]
    cursors: list[str]  # one per item: the positions right after it
    total: int
    has_more: bool
    parts: list[Part]


def encode_cursor(positions: Positions) -> str:
    return base64.urlsafe_b64encode(_PREFIX + orjson.dumps(positions, option=orjson.OPT_SORT_KEYS)).decode()


def decode_cursor(cursor: str) -> Positions:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode())
        if not raw.startswith(_PREFIX):
            raise ValueError(cursor)
        positions = orjson.loads(raw[len(_PREFIX) :])
    except (ValueError, binascii.Error, orjson.JSONDecodeError):
        raise BadRequest(f"{cursor!r} is not a cursor of this list") from None
    if not isinstance(positions, dict) or not all(
        isinstance(k, str) and type(v) is int and v >= 0 for k, v in positions.items()
    ):
        raise BadRequest(f"{cursor!r} is not a cursor of this list")
    return positions


def limit(first: int | None, maximum: int) -> int:
    if first is None:
        return DEFAULT_FIRST
    if first < 0 or first > maximum:
        raise BadRequest(f"`first` must be between 0 and {maximum}")
    return first


def _ordering(params: Mapping[str, str]) -> list[tuple[str, bool]]:
    """ZGW `ordering=-startdatum,identificatie` as (attribute, descending) pairs."""
    text = params.get("ordering", "")
    return [(term.lstrip("-"), term.startswith("-")) for term in text.split(",") if term.strip("-")]


def _before(a: Resource, b: Resource, ordering: list[tuple[str, bool]]) -> bool:
    """Whether `a` comes strictly before `b` (nulls last ascending and first descending, as PostgreSQL does)."""
    for name, descending in ordering:
        x, y = a.get(name), b.get(name)
        if x == y:
            continue
        if x is None or y is None:
            return (x is None) == descending
        if not isinstance(x, type(y)):
            x, y = str(x), str(y)
        return bool(x > y) if descending else bool(x < y)
    return False


def merge(
    parts: Sequence[list[Resource]], ordering: list[tuple[str, bool]], count: int
) -> list[tuple[int, Resource]]:
    """k-way merge of already-ordered lists: (list index, item), ties to the lower index; at most `count`."""
    heads = [0] * len(parts)
    merged: list[tuple[int, Resource]] = []
    while len(merged) < count:
        best = -1
        for index, part in enumerate(parts):
            if heads[index] >= len(part):
                continue
            if best < 0 or _before(part[heads[index]], parts[best][heads[best]], ordering):
                best = index
        if best < 0:
            break
        merged.append((best, parts[best][heads[best]]))
        heads[best] += 1
    return merged


Report = Callable[[int, list[Resource]], None]  # items of a registry's window as they come, from this index


class _Settle:
    """Which items of a window merged over several registries are certain to be in it, as their pages come.

    An item's place in the merged window is its index in its own registry's list plus the items of every
    other registry that come before it. That count is known once the other registry has answered all of its
    window, or has already sent an item that does not come before it (its list is ordered). An item whose
    place is known to be within `count` is handed on at once, so its links load while slower registries are
    still answering; the rest wait for the merge. (Without an `ordering`, ties go to the registry named
    first: its items are handed on as they come, the next registry's once the first has answered.)
    """

    def __init__(
        self,
        clients: Sequence[RegistryClient],
        ordering: list[tuple[str, bool]],
        count: int,
        on_page: Callable[[RegistryClient, list[Resource]], None],
    ) -> None:
        self._clients = clients
        self._ordering = ordering
        self._count = count
        self._on_page = on_page
        self._known: list[dict[int, Resource]] = [{} for _ in clients]
        self._prefix = [0] * len(clients)  # items known from the start of each list, without a gap
        self._done = [False] * len(clients)
        self._handed: list[set[int]] = [set() for _ in clients]

    def reporter(self, index: int) -> Report:
        def arrived(start: int, items: list[Resource]) -> None:
            known = self._known[index]
            for position, item in enumerate(items, start):
                if position < self._count:  # beyond `count` of its own list, never in the window
                    known[position] = item
            while self._prefix[index] in known:
                self._prefix[index] += 1
            self._settle()

        return arrived

    def finished(self, index: int, failed: bool) -> None:
        """A registry has answered all it will: a failed one contributes nothing."""
        self._done[index] = True
        if failed:
            self._known[index], self._prefix[index] = {}, 0
        self._settle()

    def _settle(self) -> None:
        for index, client in enumerate(self._clients):
            handed = self._handed[index]
            pointers = [0] * len(self._clients)  # per other registry: its items before the current one
            ready: list[Resource] = []
            for position in sorted(self._known[index]):
                item = self._known[index][position]
                place: int | None = position
                for other in range(len(self._clients)):
                    if other == index or place is None:
                        continue
                    if not self._ordering and other > index:
                        continue  # all ties: none of a registry named later comes first
                    pointers[other] = before = self._count_before(other, item, other < index, pointers[other])
                    if before == self._prefix[other] and not self._done[other]:
                        place = None  # every item it has sent comes first: more of it may too
                    else:
                        place += before
                if place is None or place >= self._count:
                    break  # a later item of this list comes no earlier
                if position not in handed:
                    handed.add(position)
                    ready.append(item)
            if ready:
                self._on_page(client, ready)

    def _count_before(self, other: int, item: Resource, first: bool, start: int) -> int:
        """How many of the prefix of registry `other` come before `item` (ties: the registry named first),
        counting on from `start` (the count for an earlier item of the same list)."""
        known, prefix, before = self._known[other], self._prefix[other], start
        while before < prefix:
            candidate = known[before]
            if _before(candidate, item, self._ordering) or (
                first and not _before(item, candidate, self._ordering)
            ):
                before += 1
            else:
                break
        return before


async def window(
    ctx: Context,
    registries: Sequence[tuple[RegistryClient, str]],
    resource: str,
    params: Mapping[str, str],
    positions: Positions,
    count: int,
    expand: str | Mapping[str, str] | None = None,
    split: Mapping[str, int] | None = None,
    on_page: Callable[[RegistryClient, list[Resource]], None] | None = None,
) -> Window:
    """`count` items after `positions`, merged over `registries` (each: its client and API root).

    `expand`: the paths sent to the registries whose settings say `use_expand`, or the planner's paths per
    registry name. `split`: per registry name, in about how many smaller pages to fetch the window's items at once
    (the planner's choice for a registry that serves several requests side by side). `on_page` gets the
    items of each page as it arrives, so their links can load while the other pages are served; over
    several registries, the items as soon as they are certain to be in the merged window (`_Settle`).
    """
    parts = [Part(client) for client, _ in registries]
    settle = None
    if on_page is not None and len(parts) > 1:
        settle = _Settle([part.client for part in parts], _ordering(params), count, on_page)

    def reporter(index: int, client: RegistryClient) -> Report | None:
        if settle is not None:
            return settle.reporter(index)
        if on_page is None:
            return None
        return lambda start, items: on_page(client, items[: max(count - start, 0)])

    async def fill(index: int, part: Part, root: str) -> None:
        await _fill(
            ctx,
            part,
            root + resource,
            params,
            positions.get(part.client.name, 0),
            count,
            _expand_for(part.client, expand),
            (split or {}).get(part.client.name, 1),
            reporter(index, part.client),
        )
        if settle is not None:
            settle.finished(index, part.error is not None)

    await asyncio.gather(
        *(
            fill(index, part, root)
            for index, (part, (_, root)) in enumerate(zip(parts, registries, strict=True))
        )
    )
    answering = [part for part in parts if part.error is None]
    merged = merge([part.items for part in answering], _ordering(params), count)
    moved = dict(positions)
    cursors = []
    for index, _item in merged:
        name = answering[index].client.name
        moved[name] = moved.get(name, 0) + 1
        cursors.append(encode_cursor(moved))
    taken = {name: moved.get(name, 0) - positions.get(name, 0) for name in moved}
    has_more = any(part.more or len(part.items) > taken.get(part.client.name, 0) for part in answering)
    for part in answering:
        if part.total is None:  # a bare array, or a registry that sent no count: what we saw
            part.total = positions.get(part.client.name, 0) + len(part.items)
    total = sum(part.total or 0 for part in answering)
    return Window([item for _, item in merged], cursors, total, has_more, parts)


async def _fill(
    ctx: Context,
    part: Part,
    url: str,
    params: Mapping[str, str],
    offset: int,
    count: int,
    expand: str | None,
    split: int = 1,
    report: Report | None = None,
) -> None:
    """Up to `count` items of one registry's list from `offset`, within that registry's deadline; `report`
    gets each page's items as it comes, with their index in the window."""
    client = part.client
    if expand is not None:
        params = {**params, "expand": expand}
    remaining = ctx.remaining(client.config.timeout_s)
    part.deadline = asyncio.get_running_loop().time() + remaining
    try:
        # Each page's request ends by the part's deadline itself, as an UpstreamTimeout of the page (which
        # `stale_if_error_s` may answer from the cache); this outer bound is the backstop.
        async with asyncio.timeout(remaining + _BACKSTOP_S):
            try:
                if _is_split(client, count, split):
                    await _split_pages(ctx, part, url, params, offset, count, split, report)
                else:
                    await _pages(ctx, part, url, params, offset, count, report)
            except (Forbidden, UpstreamBadRequest) as exc:
                if "expand" not in params:
                    raise
                if isinstance(exc, UpstreamBadRequest):
                    if not refuses_expand(exc):
                        raise
                    # A Zaken API before 1.5 has no `expand` (or not this path): not asked again.
                    client.expand_refused = True
                # Open Zaak refuses the whole request when one expanded object is not ours to read:
                # ask again without expand, and let each link answer for itself.
                part.items.clear()
                await _pages(
                    ctx, part, url, {k: v for k, v in params.items() if k != "expand"}, offset, count, report
                )
    except TimeoutError:
        part.error = UpstreamTimeout(f"registry {client.name!r} passed its deadline", registry=client.name)
    except GatewayError as exc:
        part.error = exc
    if part.error is not None:
        part.items = []


async def _pages(
    ctx: Context,
    part: Part,
    url: str,
    params: Mapping[str, str],
    offset: int,
    count: int,
    report: Report | None = None,
) -> None:
    client = part.client
    size = _page_size(client, offset, count)
    page_number = offset // size + 1
    skip = offset % size
    while True:
        query = dict(params)
        if page_number > 1:
            query["page"] = str(page_number)
        query.update(_size(client, size))
        try:
            page = await _page(ctx, client, url, query, part.deadline)
        except NotFound:
            if page_number == 1:
                raise
            part.more = False
            if part.total is None:  # a cursor past the end: the total is still the registry's count
                first = await _page(ctx, client, url, {**params, **_size(client, size)}, part.deadline)
                part.total = first.count
            break  # past the end: a registry answers 404 for a page beyond the last
        if page.count is not None:
            part.total = page.count
        start = len(part.items)
        part.items.extend(page.results[skip:])
        if report is not None:
            report(start, part.items[start:])
        skip = 0
        part.more = page.next is not None
        if len(part.items) >= count or not part.more:
            break
        page_number += 1


def _expand_for(client: RegistryClient, expand: str | Mapping[str, str] | None) -> str | None:
    if client.expand_refused:
        return None
    if isinstance(expand, str):
        return expand if client.config.use_expand else None
    return None if expand is None else expand.get(client.name)


async def _split_pages(
    ctx: Context,
    part: Part,
    url: str,
    params: Mapping[str, str],
    offset: int,
    count: int,
    split: int,
    report: Report | None,
) -> None:
    """`count` items from `offset` as about `split` smaller pages asked at once (`pageSize` + `page`). Page
    numbers count from the list's start, so the page size must divide the offset: it is the smallest one
    at least `count / split` that does."""
    client = part.client
    size = _split_size(offset, count, split)
    queries = window_queries(client, params, offset, count, None, split)

    async def one(number: int, query: Mapping[str, str]) -> Page:
        page = await _page(ctx, client, url, query, part.deadline)
        if report is not None:
            report((number - 1) * size, page.results)
        return page

    pages = await asyncio.gather(*(one(n, q) for n, q in enumerate(queries, 1)), return_exceptions=True)
    for number, page in enumerate(pages, 1):
        if isinstance(page, NotFound) and number > 1:
            part.more = False  # past the end
            break
        if isinstance(page, BaseException):
            raise page
        if page.count is not None:
            part.total = page.count
        part.items.extend(page.results)
        part.more = page.next is not None
        if not part.more:
            break


def _page_size(client: RegistryClient, offset: int, count: int) -> int:
    if client.config.send_page_size and count and offset % count == 0:
        return min(count, 500)  # Open Zaak's pageSize: ask exactly what is needed
    return client.config.page_size


def _is_split(client: RegistryClient, count: int, split: int) -> bool:
    """Whether a window is asked as several pages at once (page sizes of our own need `pageSize`)."""
    return split > 1 and count > 1 and client.config.send_page_size


def _split_size(offset: int, count: int, split: int) -> int:
    """Page numbers count from the list's start, so a split page's size must divide the offset: the
    smallest size at least `count / split` that does."""
    size = -(-count // split)
    while offset % size:
        size += 1
    return size


def _page_key(ctx: Context, client: RegistryClient, url: str, query: Mapping[str, str]) -> tuple[Any, ...]:
    return ("page", client.identity, ctx.principal, url, tuple(sorted(query.items())))


def window_queries(
    client: RegistryClient,
    params: Mapping[str, str],
    offset: int,
    count: int,
    expand: str | None,
    split: int,
) -> list[dict[str, str]]:
    """The queries of the pages `_fill` asks at once for a window: the split pages, or the first page (a
    window that is not split may need its `next` too, which is only known from the first)."""
    query = dict(params)
    if expand is not None:
        query["expand"] = expand
    if _is_split(client, count, split):
        size = _split_size(offset, count, split)
        first = offset // size + 1
        return [
            {**query, **({"page": str(n)} if n > 1 else {}), "pageSize": str(size)}
            for n in range(first, first + -(-count // size))
        ]
    size = _page_size(client, offset, count)
    if offset // size:
        query["page"] = str(offset // size + 1)
    query.update(_size(client, size))
    return [query]


def fresh(
    ctx: Context,
    client: RegistryClient,
    url: str,
    params: Mapping[str, str],
    offset: int,
    count: int,
    expand: str | None,
    split: int,
) -> bool:
    """Whether the first page `_fill` would ask for this window is fresh in the request's cache, or was
    asked ahead for this request (`prefetch`)."""
    query = window_queries(client, params, offset, count, expand, split)[0]
    return ctx.cache.holds(_page_key(ctx, client, url, query))


def _asked_ahead(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `function` with the urgency `ASKED_AHEAD`: the tasks it starts keep it (they copy its context)."""

    @functools.wraps(function)
    def asked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        token = URGENCY.set(ASKED_AHEAD)
        try:
            return function(*args, **kwargs)
        finally:
            URGENCY.reset(token)

    return asked


@_asked_ahead
def prefetch(
    ctx: Context,
    registries: Sequence[tuple[RegistryClient, str]],
    resource: str,
    params: Mapping[str, str],
    positions: Positions,
    count: int,
    plans: Mapping[str, tuple[str | None, int]],
    window: Window,
    below: Callable[[str | None], tuple[Sequence[tuple[str, str, str]], Sequence[Searched]]] | None = None,
) -> int:
    """Start asking the pages of the window after `window`, for a client that walks the list page by page:
    they are served while it reads this one, and its next request takes them (`_page`). Only where the
    registry has more, and has no more than `PREFETCH_ROUNDS` rounds of its workers' work of ours in flight
    (requests sent before are served before: a registry takes its queue in order).

    `plans` are, per registry, the expand paths and split the next windows are asked under; a window whose
    pages were asked before keeps the plan they were asked under. `below(expand)` gives the child
    lists (resource, api, parameter) the query loads for each item by its own request under that expand,
    and the documents or zaken it loads by URL from what a page itself holds (its items' inlined
    zaakinformatieobjecten): both are asked as each page comes (the lists per item, the objects by `_zoek`),
    where all that is asked ahead is at most `PREFETCH_ROUNDS` rounds of the registry's workers.

    With one registry, the pages of the window after the next are asked too, pages only: when the client
    asks for the next window, what hangs below its pages goes to the registry at once, not a list page's
    round trip later, behind the registry's queue of this window's (with several registries, where that
    window starts in each is not known before the next is merged). Returns how many pages were asked.

    All of it is asked with the urgency `ASKED_AHEAD` (beyond the cap on requests in flight to the registry,
    a query's requests with hops below them go first)."""
    store = ctx.cache.prefetched
    if not store.enabled or not window.items:
        return 0
    moved = decode_cursor(window.cursors[-1])
    now = asyncio.get_running_loop().time()
    started = 0
    for part, (client, root) in zip(window.parts, registries, strict=True):
        name = client.name
        offset = moved.get(name, 0)
        if part.error is not None or not (part.more or len(part.items) > offset - positions.get(name, 0)):
            continue
        url = root + resource
        preferred = plans.get(name, (None, 1))
        asked: tuple[str | None, int] | None = store.plan_of(
            _window_key(ctx, client, url, params, offset, count)
        )
        expand_for, split_for = asked if asked is not None else preferred
        queries = window_queries(client, params, offset, count, expand_for, split_for)
        rounds = PREFETCH_ROUNDS * client.costs.capacity
        if client.in_flight + len(queries) > rounds:
            continue  # the registry has more than a few rounds of ours to serve already
        lists, targets = below(expand_for) if below is not None else ((), ())
        if len(queries) + count * len(lists) > rounds:
            lists = targets = ()  # more than a few rounds of the registry's workers: the pages only
        store.planned(_window_key(ctx, client, url, params, offset, count), (expand_for, split_for))
        deadline = now + client.config.timeout_s
        ahead = Ahead(ctx.cache, client, ctx.principal, deadline, lists, targets)
        for query in queries:
            key = _page_key(ctx, client, url, query)
            pending = store.peek(key)
            if pending is not None:
                ahead.follow(pending)  # asked a window earlier, its pages only: what hangs below them now
                continue
            if ctx.cache.holds(key):
                continue
            store.start(key, name, ahead.page(url, query), weight=page_weight(query))
            started += 1
        beyond = offset + count
        if len(registries) > 1 or (part.total is not None and beyond >= part.total):
            continue
        expand_for, split_for = preferred
        queries = window_queries(client, params, beyond, count, expand_for, split_for)
        if client.in_flight + len(queries) > rounds:
            continue
        store.planned(_window_key(ctx, client, url, params, beyond, count), preferred)
        pages_only = Ahead(ctx.cache, client, ctx.principal, deadline, (), ())
        for query in queries:
            key = _page_key(ctx, client, url, query)
            if not ctx.cache.holds(key):
                store.start(key, name, pages_only.page(url, query), weight=page_weight(query))
                started += 1
    return started


def page_weight(query: Mapping[str, str]) -> int:
    """What a page asked ahead weighs in what `Prefetched` keeps: a page of 100 zaken (expanded, about a
    megabyte) `PREFETCH_PAGE_WEIGHT`, a smaller page in proportion (a window split into small pages weighs
    what it holds, not its number of requests)."""
    size = query.get("pageSize", "100")
    items = int(size) if size.isdigit() else 100
    return max(1, -(-PREFETCH_PAGE_WEIGHT * items // 100))


_BACKSTOP_S = 0.25  # past a part's deadline, what a window's own bound allows its last request to end
PREFETCH_ROUNDS = 4  # what is asked ahead for a walker: at most this many rounds of the registry's workers


@dataclass(frozen=True, slots=True)
class Searched:
    """Objects of a collection with a `_zoek` (documents, zaken) that a query loads by URL from what a list
    page holds: the URL(s) in attribute `source` of each item, or of each child the page inlines under
    `_expand[inlined]` (a zaak's zaakinformatieobjecten, their `informatieobject`)."""

    resource: str  # enkelvoudiginformatieobjecten, zaken
    api: str  # documenten, zaken
    source: str
    inlined: str | None = None


@dataclass(frozen=True, slots=True)
class Ahead:
    """What one prefetch asks: a page of the next window, then its items' child lists and the objects its
    items name (`searched`)."""

    cache: ResourceCache
    client: RegistryClient
    principal: str
    deadline: float
    children: Sequence[tuple[str, str, str]]
    searched: Sequence[Searched] = ()

    async def page(self, url: str, query: Mapping[str, str]) -> Page:
        client = self.client
        page = await client.page(url, query, deadline=self.deadline, principal=self.principal)
        page = Page(page.count, page.next, [normalise(item, client) for item in page.results])
        self.below(page.results)
        return page

    def follow(self, page: asyncio.Task[Any]) -> None:
        """Ask what hangs below a page asked ahead before (`below`), once it has come."""
        if not self.children and not self.searched:
            return

        def arrived(task: asyncio.Task[Any]) -> None:
            if not task.cancelled() and task.exception() is None:
                self.below(task.result().results)

        if page.done():
            arrived(page)
        else:
            page.add_done_callback(arrived)

    def below(self, items: Sequence[Resource]) -> None:
        """Ask the child lists of a page's items, and the objects they name; what is held already is not
        asked again."""
        client, store = self.client, self.cache.prefetched
        for resource, api, param in self.children:
            root = client.roots.get(api)
            if root is None:
                continue
            for item in items:
                parent = item.get("url")
                if not isinstance(parent, str):
                    continue
                key = children_key(client, self.principal, resource, param, parent)
                if self.cache.holds(key):
                    continue
                store.start(key, client.name, self.children_of(root + resource, param, parent), weight=1)
        for searched in self.searched:
            self._search(searched, items)

    def _search(self, searched: Searched, items: Sequence[Resource]) -> None:
        """Ask the objects `items` name (`searched`) by `_zoek`, at most a page of uuids to a request (none
        of them pages), all at once; each object is kept under the key its request will look for it by
        (`loaders.take_searched`). Only this registry's, and only what the cache does not hold already."""
        client, store = self.client, self.cache.prefetched
        root = client.roots.get(searched.api)
        if root is None:
            return
        prefix = root + searched.resource + "/"
        keys: dict[str, tuple[Any, ...]] = {}
        for item in items:
            holders = [item] if searched.inlined is None else _inlined(item, searched.inlined)
            for holder in holders:
                value = holder.get(searched.source)
                for url in value if isinstance(value, list) else (value,):
                    if not isinstance(url, str) or not url.startswith(prefix) or url in keys:
                        continue
                    key = object_key_of(client, self.principal, url)
                    if not self.cache.holds(key):
                        keys[url] = key
        urls = list(keys)
        size = max(client.costs.page, 1)
        for start in range(0, len(urls), size):
            chunk = urls[start : start + size]
            found = self.found(prefix.removesuffix("/") + "/_zoek", chunk)
            store.start_shared([keys[url] for url in chunk], client.name, found)

    async def found(self, url: str, urls: Sequence[str]) -> dict[str, Resource]:
        """What one `_zoek {uuid__in}` finds of `urls`, by uuid."""
        client = self.client
        items = await client.search(
            url, {"uuid__in": [uuid_of(u) for u in urls]}, deadline=self.deadline, principal=self.principal
        )
        return {
            str(item.get("uuid") or uuid_of(str(item.get("url", "")))): normalise(item, client)
            for item in items
        }

    async def children_of(self, url: str, param: str, parent: str) -> list[Resource]:
        found = await self.client.all(url, {param: parent}, deadline=self.deadline, principal=self.principal)
        return [normalise(item, self.client) for item in found]


def _inlined(item: Resource, attribute: str) -> list[Resource]:
    expanded = item.get("_expand")
    value = expanded.get(attribute) if isinstance(expanded, dict) else None
    return [child for child in value if isinstance(child, dict)] if isinstance(value, list) else []


def asked_ahead(
    ctx: Context, client: RegistryClient, url: str, params: Mapping[str, str], offset: int, count: int
) -> tuple[tuple[str, ...], int] | None:
    """The plan (expand paths, pages) under which this window was asked ahead, if it was."""
    found = ctx.cache.prefetched.plan_of(_window_key(ctx, client, url, params, offset, count))
    if found is None:
        return None
    paths, pages = found
    return (tuple(paths.split(",")) if paths else ()), pages


def _window_key(
    ctx: Context, client: RegistryClient, url: str, params: Mapping[str, str], offset: int, count: int
) -> tuple[Any, ...]:
    return ("window", client.identity, ctx.principal, url, tuple(sorted(params.items())), offset, count)


async def _page(
    ctx: Context, client: RegistryClient, url: str, query: Mapping[str, str], deadline: float
) -> Page:
    """One page of a list, from the cache while it is fresh (live notifications drop it when it changes);
    asked of the registry by `deadline` at the latest (and by the request's)."""
    key = _page_key(ctx, client, url, query)
    cache = ctx.cache
    entry = cache.get(key)
    if entry is not None and cache.fresh(entry):
        ctx.resource_hits += 1
        page: Page = entry.value
        return page
    ctx.resource_misses += 1
    taken = await take_prefetched(ctx, key)
    if taken is not None:
        page = taken
    else:
        try:
            page = await client.page(
                url, query, sink=ctx.record, deadline=min(deadline, ctx.deadline), principal=ctx.principal
            )
        except GatewayError as exc:
            kept: Page | None = served_stale(ctx, key, f"{url}?{urlencode(query)}", exc)
            if kept is None:
                raise
            return kept  # as it was: not stored again, so its age stays its own
        page = Page(page.count, page.next, [normalise(item, client) for item in page.results])
    cache.put_list(key, ctx.registries.route(url).api, page, client.name)
    return page


def _size(client: RegistryClient, size: int) -> dict[str, str]:
    return {"pageSize": str(size)} if client.config.send_page_size else {}


def per_registry(window: Window) -> list[dict[str, Any]]:
    """The connection's per-registry breakdown."""
    return [
        {
            "registry": part.client.info,
            "totalCount": None if part.error else part.total,
            "error": None if part.error is None else part.error.extensions["code"],
        }
        for part in window.parts
    ]
