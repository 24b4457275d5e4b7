"""Registry clients and routing.

Every URL, from an argument or from backend data, goes to the registry and API whose root is its longest
prefix; a URL that no registry owns is never fetched (UrlNotAllowed). One client per registry lives as long
as the process; a gate (gateway/costs.py) caps the requests in flight to it so the gateway never floods a
registry.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson
import yarl

from gateway.auth import ZgwJwtAuth
from gateway.breaker import Breakers
from gateway.costs import CostModel, Gate, classify, concurrency_cap
from gateway.errors import (
    Forbidden,
    NotFound,
    UpstreamBadRequest,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnavailable,
    UrlNotAllowed,
)
from gateway.settings import RegistrySettings, Settings
from gateway.transport import Transport

Resource = dict[str, Any]  # one ZGW JSON object, as the registry sent it
# Zaken API: 412 without Accept-Crs, and writes/_zoek need Content-Crs (ZRC 1.5 geo headers).
_CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
_JSON = {"Accept": "application/json"}
_ROUTES_KEPT = 20_000  # URLs whose route is remembered (cleared, not evicted, when full: cheap and rare)
# Anything outside the characters a URL may carry as sent (RFC 3986): such a URL is quoted before it goes.
_UNQUOTED = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
_MAX_PAGES = 1000  # a registry whose `next` never ends must not hold a request forever
# The causal depth of the backend calls made in this context: 1 for what a query asks first, one more for each
# answer they had to wait on. The planner sets it per link it loads (resolvers/planner.py); a `next` page is
# one more than the page before it. The trace shows the deepest as the query's `hops`.
HOP: ContextVar[int] = ContextVar("zaakgraph_hop", default=1)
# How many hops of the query wait on the backend calls made in this context; the planner sets it per link it
# loads. Beyond the cap on requests in flight to a registry, the most urgent go first (gateway/costs.py,
# `Gate`). Unset: as urgent as any (a query's first requests). What is asked ahead for a walker's next request
# is ASKED_AHEAD, as a branch's last request (put last, the walk measured slower: its next request waits on
# the page asked ahead before anything else).
URGENCY: ContextVar[float] = ContextVar("zaakgraph_urgency", default=8.0)
ASKED_AHEAD = 0.0


@dataclass(frozen=True, slots=True)
class Call:
    """One backend request, for the debug trace (never with headers or bodies: tokens, BSNs)."""

    registry: str
    method: str
    url: str
    status: int | None
    started: float
    ms: float
    hop: int = 1  # its causal depth: 1 asked first, one more than the answer it waited on (HOP)


CallSink = Callable[[Call], None]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response's decoded body (None for a 304), its ETag, and its status."""

    data: Any
    etag: str | None
    status: int


@dataclass(frozen=True, slots=True)
class Page:
    count: int | None
    next: str | None
    results: list[Resource]


@dataclass(frozen=True, slots=True)
class Route:
    client: RegistryClient
    api: str
    resource: str  # the collection, as in the URL: "zaken", "zaakeigenschappen", "zaaktypen" ...
    is_object: bool  # the URL names one resource (collection/uuid), not a collection


def _target(url: str, params: Mapping[str, str] | None) -> yarl.URL:
    """The URL a request goes to, its parameters form-encoded onto it as httpx would. A registry's URLs (and
    ours) come encoded and go as they are; anything else (a URL a caller typed, with a space in it) is
    quoted first."""
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
    return yarl.URL(url, encoded=_UNQUOTED.search(url) is None)


class RegistryClient:
    def __init__(self, config: RegistrySettings, http: Transport, auth: ZgwJwtAuth) -> None:
        self.config = config
        self.name = config.name
        self.roots = config.api_roots()
        self.identity = f"{config.name}:{auth.identity}"  # part of cache keys: whose view of the data
        self._http = http
        self._auth = auth
        # What the registry charges and how many requests it serves at once, learned from our own requests;
        # the in-flight cap follows its capacity unless max_concurrency is set.
        self.costs = CostModel(
            config.service_ms,
            capacity=config.capacity,
            contention=config.contention,
            learn=config.learn_costs,
            page=config.page_size,
        )
        self._gate = Gate(concurrency_cap(config.max_concurrency, self.costs))
        self.breakers = Breakers(config.breaker_failures, config.breaker_cooldown_s)
        # Set once the registry refused `expand` (a Zaken API before 1.5): its lists are asked plain from then on.
        self.expand_refused = False
        self.info = {"name": config.name, "label": config.label}  # what `registry { name label }` shows

    async def aclose(self) -> None:
        await self._http.aclose()

    def _collection(self, url: str) -> str:
        """The collection a URL of this registry is in (`statussen` for .../statussen/{uuid} or
        .../statussen?zaak=...), prefixed by its API: what one breaker covers."""
        for api, root in self.roots.items():
            if url.startswith(root):
                return api + ":" + url[len(root) :].split("?", 1)[0].split("/", 1)[0]
        return url.split("?", 1)[0]

    @property
    def in_flight(self) -> int:
        """Our requests to this registry that are being sent or answered now, or wait to be sent."""
        return self._gate.active + self._gate.waiting

    def _headers(self, url: str) -> dict[str, str]:
        zaken_root = self.roots.get("zaken")
        if zaken_root is not None and url.startswith(zaken_root):
            return {**_JSON, **_CRS}
        return _JSON

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        sink: CallSink | None = None,
        deadline: float | None = None,
        principal: str = "",
    ) -> Any:
        """One request; returns decoded JSON or raises a typed GatewayError.

        `deadline` (event-loop time) is the whole GraphQL request's: no backend call outlives it.
        `principal` is the end user the request is made for ("" for the gateway itself).
        """
        return (
            await self._exchange(
                method, url, params=params, body=body, sink=sink, deadline=deadline, principal=principal
            )
        ).data

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        sink: CallSink | None = None,
        deadline: float | None = None,
        principal: str = "",
    ) -> Fetched:
        """A detail GET that can revalidate: with `etag`, a 304 comes back as `Fetched(None, etag)`."""
        extra = {"If-None-Match": etag} if etag else None
        fetched = await self._exchange(
            "GET", url, headers=extra, sink=sink, deadline=deadline, principal=principal
        )
        if fetched.data is None and fetched.status == 304:
            return Fetched(None, etag, 304)
        if not isinstance(fetched.data, dict):
            raise UpstreamError(f"registry {self.name!r} sent no object for {url}", registry=self.name)
        return fetched

    async def _exchange(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        sink: CallSink | None = None,
        deadline: float | None = None,
        principal: str = "",
    ) -> Fetched:
        sent = {**self._headers(url), "Authorization": self._auth.header(principal)}
        if headers:
            sent.update(headers)
        content = None
        if body is not None:
            content = orjson.dumps(body)
            sent["Content-Type"] = "application/json"
        collection = self._collection(url)
        wait = self.breakers.admit(collection)
        if wait is not None:
            raise UpstreamUnavailable(
                f"registry {self.name!r}: {collection} failed {self.breakers.failures} times in a row; "
                f"asked again in {wait:.1f} s",
                registry=self.name,
            )
        started = time.perf_counter()
        status: int | None = None
        outcome: bool | None = None  # for the breaker: an answer, an outage, or neither
        timeout = self.config.timeout_s
        if deadline is not None:
            timeout = min(timeout, max(deadline - asyncio.get_running_loop().time(), 0.0))
        gate = self._gate
        try:
            async with asyncio.timeout(timeout):
                await gate.acquire(URGENCY.get(), lambda: self.costs.guess(method, url, params, body))
                try:
                    in_flight, sent_at = gate.active, time.perf_counter()
                    # Straight to the transport: no httpx layers (gateway/transport.py says why).
                    answer = await self._http.exchange(method, _target(url, params), sent, content)
                finally:
                    gate.release()
                status = answer.status
                payload = answer.content
                served_ms = (time.perf_counter() - sent_at) * 1000
            outcome = status < 500 and status != 429
        except (TimeoutError, httpx.TimeoutException) as exc:
            if timeout >= self.config.timeout_s:
                outcome = False  # the registry had all its time (else the time was the query's)
            raise UpstreamTimeout(
                f"registry {self.name!r} did not answer within {timeout:.3g} s", registry=self.name
            ) from exc
        except httpx.HTTPError as exc:
            outcome = False
            raise UpstreamError(
                f"registry {self.name!r} is unreachable ({type(exc).__name__})", registry=self.name
            ) from exc
        finally:
            self.breakers.record(collection, outcome)
            if sink is not None:
                ms = (time.perf_counter() - started) * 1000
                sink(Call(self.name, method, url, status, started, ms, HOP.get()))
        etag = answer.headers.get("etag")
        if status == 304:
            return Fetched(None, etag, 304)
        data = self._decode(status, payload)
        self._observe(method, url, params, body, data, served_ms, in_flight, sent_at)
        return Fetched(data, etag, status)

    def _observe(
        self,
        method: str,
        url: str,
        params: Any,
        body: Any,
        data: Any,
        ms: float,
        in_flight: int,
        sent: float,
    ) -> None:
        """Teach the cost model what this request cost; the in-flight cap follows the learned capacity."""
        seen = classify(method, url, params, body, data)
        if seen is not None:
            self.costs.observe(seen, ms, in_flight, sent)
            self._gate.set_limit(concurrency_cap(self.config.max_concurrency, self.costs))

    def _decode(self, status: int, payload: bytes) -> Any:
        try:
            data = orjson.loads(payload) if payload else None
        except orjson.JSONDecodeError:
            data = None
            if status < 400:
                raise UpstreamError(
                    f"registry {self.name!r} sent a body that is not JSON", registry=self.name, status=status
                ) from None
        if status < 300:
            return data
        problem = data if isinstance(data, dict) else None
        detail = f": {problem['detail']}" if problem and isinstance(problem.get("detail"), str) else ""
        error_class: type[UpstreamError] = UpstreamError
        if status == 404:
            error_class = NotFound
        elif status in (401, 403):
            error_class = Forbidden
        elif status == 400:
            error_class = UpstreamBadRequest
        raise error_class(
            f"registry {self.name!r} answered {status}{detail}",
            registry=self.name,
            status=status,
            problem=problem,
        )

    async def get(
        self, url: str, *, sink: CallSink | None = None, deadline: float | None = None, principal: str = ""
    ) -> Resource:
        data = (await self.fetch(url, sink=sink, deadline=deadline, principal=principal)).data
        assert isinstance(data, dict)  # fetch without an etag never answers 304
        return data

    async def page(
        self,
        url: str,
        params: Mapping[str, str] | None,
        *,
        sink: CallSink | None = None,
        deadline: float | None = None,
        principal: str = "",
    ) -> Page:
        data = await self.request(
            "GET", url, params=params, sink=sink, deadline=deadline, principal=principal
        )
        return self._page(data)

    async def all(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        *,
        sink: CallSink | None = None,
        deadline: float | None = None,
        principal: str = "",
    ) -> list[Resource]:
        """Every item of a list: a bare array, or pages walked by `next` (never by `count`)."""
        data = await self.request(
            "GET", url, params=params, sink=sink, deadline=deadline, principal=principal
        )
        if isinstance(data, list):
            return data
        return await self._rest(
            self._page(data),
            lambda more: self.request("GET", more, sink=sink, deadline=deadline, principal=principal),
        )

    async def search(
        self,
        url: str,
        body: Mapping[str, Any],
        *,
        sink: CallSink | None = None,
        deadline: float | None = None,
        principal: str = "",
    ) -> list[Resource]:
        """POST a `_zoek`; its `next` is POSTed again with the same body."""

        def post(target: str) -> Awaitable[Any]:
            return self.request("POST", target, body=body, sink=sink, deadline=deadline, principal=principal)

        return await self._rest(self._page(await post(url)), post)

    async def _rest(self, page: Page, fetch: Callable[[str], Awaitable[Any]]) -> list[Resource]:
        """`page`'s items and those of every page its `next` leads to (each fetched one hop deeper)."""
        items = list(page.results)
        token = HOP.set(HOP.get())
        try:
            for _ in range(_MAX_PAGES):
                if page.next is None:
                    return items
                HOP.set(HOP.get() + 1)
                page = self._page(await fetch(self._own(page.next)))
                items.extend(page.results)
        finally:
            HOP.reset(token)
        raise UpstreamError(f"registry {self.name!r} sent more than {_MAX_PAGES} pages", registry=self.name)

    def _own(self, url: str) -> str:
        """A `next` link is followed only inside this registry."""
        if not any(url.startswith(root) for root in self.roots.values()):
            raise UrlNotAllowed(url)
        return url

    def _page(self, data: Any) -> Page:
        if isinstance(data, list):
            return Page(len(data), None, data)
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise UpstreamError(
                f"registry {self.name!r} sent a list that is not paginated JSON", registry=self.name
            )
        count = data.get("count")
        nxt = data.get("next")
        return Page(
            count if isinstance(count, int) else None, nxt if isinstance(nxt, str) else None, data["results"]
        )


class Registries:
    """All registry clients, and the routing of URLs to them."""

    def __init__(self, clients: Sequence[RegistryClient]) -> None:
        self.clients = tuple(clients)
        self.by_name = {c.name: c for c in clients}
        roots = [(root, client, api) for client in clients for api, root in client.roots.items()]
        self._roots = sorted(roots, key=lambda item: len(item[0]), reverse=True)
        self._routes: dict[str, Route] = {}  # a URL's route never changes: worked out once per URL

    @classmethod
    def from_settings(cls, settings: Settings) -> Registries:
        clients = []
        for config in settings.registries:
            http = Transport(config.max_concurrency or 512, config.connect_timeout_s)
            auth = ZgwJwtAuth(config.client_id, config.resolve_secret())
            clients.append(RegistryClient(config, http, auth))
        return cls(clients)

    async def aclose(self) -> None:
        await asyncio.gather(*(c.aclose() for c in self.clients))

    def route(self, url: str) -> Route:
        """The registry, API and collection of a URL; UrlNotAllowed when no registry owns it."""
        found = self._routes.get(url)
        if found is not None:
            return found
        found = self._route(url)
        if len(self._routes) >= _ROUTES_KEPT:
            self._routes.clear()
        self._routes[url] = found
        return found

    def _route(self, url: str) -> Route:
        for root, client, api in self._roots:
            if url.startswith(root):
                rest = url[len(root) :].split("?", 1)[0].strip("/")
                parts = rest.split("/")
                if not parts[0] or ".." in parts:
                    break
                resource = parts[2] if len(parts) >= 3 else parts[0]
                return Route(client, api, resource, len(parts) in (2, 4))
        raise UrlNotAllowed(url)

    def with_api(self, api: str, names: Iterable[str] | None = None) -> list[tuple[RegistryClient, str]]:
        """The registries (optionally only those named) that serve `api`, with that API's root.

        Registries that share one API root (two municipalities on one national catalogue) are asked once,
        through the first of them in the settings, as URL routing does.
        """
        wanted = None if names is None else set(names)
        seen: set[str] = set()
        found = []
        for client in self.clients:
            root = client.roots.get(api)
            if root is None or root in seen or (wanted is not None and client.name not in wanted):
                continue
            seen.add(root)
            found.append((self.route_root(root), root))
        return found

    def route_root(self, root: str) -> RegistryClient:
        """The client that owns an API root (the first registry in the settings that declares it)."""
        for known, client, _ in self._roots:
            if known == root:
                return client
        raise UrlNotAllowed(root)
