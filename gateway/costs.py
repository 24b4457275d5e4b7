"""What a registry charges for a request, and how many requests it serves at once: learned as the gateway goes.

A real Open Zaak is a server with a few workers and a queue (shared research/real-registry-costs.md): every
request costs it a service time that depends on what it asks (a detail, a list page and its items, a `_zoek`
and the objects it finds, each object inlined by `expand`), and it serves about as many requests at once as
it has workers; the rest wait. So the time a level of requests takes is about its total service time divided
by the registry's capacity, or its longest request, whichever is larger. The planner compares its options
with that figure (`makespan`).

The figures start from defaults (what a real Open Zaak 1.30 charged, tests/captures/README.md) or the
registry's `service_ms` setting, and follow what the gateway observes (an EWMA per request kind and
resource): the latency of a request that did not wait is its service time. An answer far slower than the
fastest of its kind lately waited (in the registry's queue, or in our busy event loop) and teaches none.
The capacity is learned from the same observations: answers that hardly waited and were sent close together
were served side by side (the most seen in the last minute is a floor to it), and answers that waited show
how fast the registry's queue moves. A `capacity` setting pins it.

Beyond the cap on requests in flight to a registry, requests wait in the gateway and go most urgent first:
the one with the most hops of its query waiting on it (`Gate`).
Per-item and per-expanded-object figures stay at their defaults until requests that carry them are seen
(an expanded object is only learned from expanded requests).
"""

from __future__ import annotations

import asyncio
import bisect
import heapq
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Milliseconds per request kind; "<kind>.<resource>" overrides "<kind>" for one collection. Measured on Open
# Zaak 1.30 on a 2-core machine (tests/captures/README.md, shared research/real-registry-costs.md).
DEFAULT_SERVICE_MS: dict[str, float] = {
    "detail": 58.0,  # status, resultaat, catalogue types (about half a zaak detail)
    "detail.zaken": 104.0,
    "detail.enkelvoudiginformatieobjecten": 30.0,
    "list": 58.0,  # a filtered page (zaakinformatieobjecten?zaak=, besluiten?zaak=)
    "list.zaken": 152.0,  # a zaken page of 20: 172 ms, of 100: 253 ms
    "search": 54.0,  # a document _zoek of 19 uuids: 92 ms
    "search.zaken": 124.0,  # a zaken _zoek of 20 uuids: 144 ms
    "list_item": 1.0,  # per object in a page
    "search_item": 2.0,  # per object a _zoek finds
    "expanded": 18.0,  # per object inlined by expand: a list of 20 took 192 ms plain, 1,963 ms with 95
}
DEFAULT_CAPACITY = 4  # until observed: a small production Open Zaak (2 processes x 2 threads)
DEFAULT_CONTENTION = 1.4  # a request served beside busy workers is slower (latency at 2 in flight / at 1)
KINDS = ("detail", "list", "search")
_PER_UNIT = ("list_item", "search_item", "expanded")
READY_AFTER = 20  # observations before learned figures steer the plan
PROBE_EVERY_S = 60.0  # between probes of what an inlined object costs, until one has been answered
_RECENT = 32  # (objects, latency) points kept per collection to fit what one more object costs
# The lowest latency seen creeps up by this factor a second: a registry may get slower (twice as slow is
# believed within a minute). By time, not by answer: a walk that gets hundreds of answers a second would
# otherwise lift it within a page, and take waves of its own queue for requests served side by side.
_FASTEST_DRIFT_PER_S = 1.012
_ALPHA = 0.3  # weight of one observation in the running averages
_QUEUED = 2.2  # beyond this factor: it waited
_SIDE_BY_SIDE = 1.25  # within this factor it waited so little that it counts as served beside the others
_SERVED_KEPT = 1024  # requests that did not wait whose sending is remembered (to count them side by side)
_EACH_MIN_OBJECTS = 4  # inlined objects an answer needs to say what one costs (its own spread swamps fewer)
_FLOOR_KEPT_S = 60.0  # how long requests seen served side by side hold up the learned capacity
_FIT_SPREAD = 10  # objects between the smallest and largest answer before a per-object figure is fitted
SEARCH_PAGE = 100  # results per `_zoek` page by default (Open Zaak's page size): more come by POSTing `next`


@dataclass(frozen=True, slots=True)
class Observation:
    """One answered backend request, as the cost model reads it."""

    kind: str  # detail, list, search
    resource: str  # the collection: zaken, statussen, enkelvoudiginformatieobjecten ...
    items: int  # objects in a page or a _zoek answer
    expanded: int  # objects inlined under `_expand`


def classify(
    method: str, url: str, params: Mapping[str, str] | None, body: Any, data: Any
) -> Observation | None:
    """What kind of request this was, from its method, URL and answer (None: nothing to learn from)."""
    route = _route(method, url)
    if route is None:
        return None
    kind, resource = route
    expanding = bool(params and "expand" in params) or (isinstance(body, dict) and "expand" in body)
    items = 0
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        items = len(data["results"])
    elif isinstance(data, list):
        items = len(data)
    return Observation(kind, resource, items, count_expanded(data) if expanding else 0)


def _route(method: str, url: str) -> tuple[str, str] | None:
    """(kind, collection) of a request by its method and URL: a `_zoek`, a detail or a list."""
    path = urlsplit(url).path.rstrip("/").split("/")
    if len(path) < 2:
        return None
    last = path[-1]
    if method == "POST" and last == "_zoek":
        return "search", path[-2]
    if method != "GET":
        return None
    if _is_uuid(last):
        return "detail", path[-2]
    return "list", last


def _is_uuid(text: str) -> bool:
    return len(text) == 36 and text.count("-") == 4


def count_expanded(value: Any) -> int:
    """Objects inlined under `_expand` anywhere in an answer (each cost the registry a fetch)."""
    if isinstance(value, list):
        return sum(count_expanded(item) for item in value)
    if not isinstance(value, dict):
        return 0
    total = 0
    expand = value.get("_expand")
    if isinstance(expand, dict):
        for inlined in expand.values():
            total += len(inlined) if isinstance(inlined, list) else 1 if isinstance(inlined, dict) else 0
            total += count_expanded(inlined)
    results = value.get("results")
    if isinstance(results, list):
        total += count_expanded(results)
    return total


def makespan(jobs: Sequence[tuple[float, float]], workers: float, contention: float) -> float:
    """Milliseconds a registry with `workers` takes for jobs sent at once: (count, service ms) groups.

    The longest job, or the total work shared by the workers, whichever is larger; every job is slowed by
    `contention` in proportion to how many workers are busy beside it (1 alone, `contention` all busy).
    """
    count = sum(n for n, _ in jobs)
    if count <= 0:
        return 0.0
    work = sum(n * ms for n, ms in jobs)
    longest = max(ms for n, ms in jobs if n > 0)
    w = max(workers, 1.0)
    busy = min(count, w)
    slowdown = 1.0 + (contention - 1.0) * ((busy - 1) / (w - 1) if w > 1 else 0.0)
    return max(longest, work / w) * slowdown


class CostModel:
    """One registry's figures: service time per request kind, capacity, and the shape of its data.

    Shared by every request to the registry (one per process); observations arrive from the request path.
    """

    def __init__(
        self,
        service_ms: Mapping[str, float] | None = None,
        *,
        capacity: int | None = None,
        contention: float = DEFAULT_CONTENTION,
        learn: bool = True,
        page: int = SEARCH_PAGE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.page = page  # results per page of this registry's lists and `_zoek` answers
        self._ms: dict[str, float] = {**DEFAULT_SERVICE_MS, **(service_ms or {})}
        self._given_ms = frozenset(service_ms or ())
        self._pinned_capacity = capacity
        self._given = bool(service_ms) or capacity is not None or not learn
        self._capacity = float(capacity or DEFAULT_CAPACITY)
        self.contention = contention
        self.learn = learn
        self._shape: dict[
            str, float
        ] = {}  # "Zaak.status" -> targets per parent; "@zaaktypen" -> requests/target
        self._lock = (
            threading.Lock()
        )  # observations come from one event loop; the lock is for readers elsewhere
        self.observed = 0  # how many observations were learned from (the trace shows it)
        self.version = 0  # moves when a figure has moved by more than a fifth
        self.choices = 0  # plan choices made for this registry (the planner explores now and then)
        self.seen = 0  # answers observed
        self._learned: dict[str, int] = {}  # observations learned per "<kind>.<resource>"
        # (when, how many) of ours were served side by side lately, largest first: a floor to the capacity
        self._floors: deque[tuple[float, float]] = deque()
        self._clock = clock
        # lowest latency per "<kind>.<resource>", and when it was last moved (it creeps up with time)
        self._fastest: dict[str, tuple[float, float]] = {}
        self._counted: dict[str, int] = {}  # answers seen per "<kind>.<resource>"
        self.decisions: dict[
            Any, tuple[tuple[int, int, int], Any]
        ] = {}  # memoised plan choices: key -> (epoch, choice)
        self._served: list[float] = []  # when recent requests that did not wait were sent, in order
        self._sized: dict[str, deque[tuple[float, float]]] = {}  # (objects, ms) of answers that did not wait
        self._fitted: set[str] = set()  # per-object figures fitted from answers of different sizes
        self._eaches: deque[float] = deque(maxlen=_RECENT)  # recent per-object figures of expanded answers
        # answers with inlined objects learned from (the figure is a default until then)
        self.expanded_seen = 0
        self._probed_at: float | None = None
        self._sizes: dict[str, int] = {}  # objects in a whole catalogue collection, from its list's `count`
        self._size_probed: dict[str, float] = {}  # when a collection was last listed only to learn its size

    @property
    def capacity(self) -> float:
        """How many requests the registry serves at once (pinned by the setting, or learned)."""
        return float(self._pinned_capacity) if self._pinned_capacity else self._capacity

    def guess(self, method: str, url: str, params: Mapping[str, str] | None, body: Any) -> float:
        """Service time of a request about to be sent, in ms, from what it asks (for the order of a queue:
        the objects of a page or `_zoek` are taken to be as many as it asks for)."""
        route = _route(method, url)
        if route is None:
            return self.base("detail", None)
        kind, resource = route
        items = 0.0
        expanded = 0.0
        if kind == "search" and isinstance(body, dict):
            uuids = body.get("uuid__in")
            items = float(len(uuids)) if isinstance(uuids, list) else float(self.page)
            expand = body.get("expand")
        elif kind == "list" and params:
            size = params.get("pageSize", "")
            items = float(size) if size.isdigit() else 0.0
            expand = params.get("expand")
        else:
            expand = None
        if isinstance(expand, str) and expand:
            expanded = items * (expand.count(",") + 1)
        return self.estimate(kind, resource, items, expanded)

    @property
    def ready(self) -> bool:
        """Whether the figures say something about this registry: given in the settings, or learned from
        enough of its answers. Until then the planner keeps the plain plan."""
        return self._given or self.seen >= READY_AFTER

    def probe_due(self) -> bool:
        """Whether to ask one expanded object beside a plain plan: what an inlined object costs this registry
        is not known yet (the default is Open Zaak's, which a registry may be far from), and no probe was
        sent in the last minute (one that failed is tried again later)."""
        if not self.learn or "expanded" in self._given_ms or self.expanded_seen:
            return False
        now = time.monotonic()
        if self._probed_at is not None and now - self._probed_at < PROBE_EVERY_S:
            return False
        self._probed_at = now
        return True

    @property
    def epoch(self) -> tuple[int, int, int]:
        """Changes when a memoised choice should be made again: when a figure or the capacity has moved, and
        every 10 s while figures are learned."""
        return (int(time.monotonic() // 10) if self.learn else 0, self.version, round(self.capacity))

    def base(self, kind: str, resource: str | None) -> float:
        if resource is not None:
            specific = self._ms.get(f"{kind}.{resource}")
            if specific is not None:
                return specific
        return self._ms.get(kind, self._ms["detail"])

    def estimate(self, kind: str, resource: str | None, items: float = 0.0, expanded: float = 0.0) -> float:
        """Service time of one request, in ms."""
        ms = self.base(kind, resource) + expanded * self._ms["expanded"]
        if kind == "list":
            ms += items * self._ms["list_item"]
        elif kind == "search":
            ms += items * self._ms["search_item"]
        return ms

    def observe(self, seen: Observation, ms: float, in_flight: int, sent: float | None = None) -> None:
        """One answered request: `ms` its latency, `in_flight` our requests to this registry when it was sent
        (itself included), `sent` when (time.perf_counter(); now minus `ms` if not given)."""
        self.seen += 1
        if not self.learn:
            return
        sent = time.perf_counter() - ms / 1000 if sent is None else sent
        key = f"{seen.kind}.{seen.resource}"
        expected = self.estimate(seen.kind, seen.resource, seen.items, seen.expanded)
        ratio = ms / expected if expected > 0 else 1.0
        trusted = False  # a figure of this registry's own tells a queued request from a slow one
        # Queueing only ever adds to a latency: against the lowest latency of its kind seen lately (about
        # its service time), an answer that waited stands out even where the learned figure has drifted up
        # (answers to a burst all come back late when the registry or our event loop is busy with the rest
        # of it, and a figure learned from bursts alone takes that for service time).
        service = expected
        waited = False  # it took far longer than the fastest answer of its kind: it waited somewhere
        if not seen.expanded:
            normalised = ms - self.estimate(seen.kind, None, seen.items) + self.base(seen.kind, None)
            now = self._clock()
            lowest = self._fastest.get(key)
            fastest = (
                normalised
                if lowest is None
                else min(lowest[0] * _FASTEST_DRIFT_PER_S ** max(now - lowest[1], 0.0), normalised)
            )
            self._fastest[key] = (fastest, now)
            seen_of_key = self._counted[key] = self._counted.get(key, 0) + 1
            # (A fastest latency at or below zero says the per-object figure is off, not the latency.)
            if seen_of_key >= 3 and fastest > 0:
                # The first of a burst is served at once: the fastest of a few answers is a service time
                # of this registry's, even where none came back alone.
                service = min(fastest, expected)
                ratio = max(ratio, ms / service)
                waited = ratio > _SIDE_BY_SIDE * self.contention
                trusted = True
            else:
                trusted = key in self._learned
        if self._pinned_capacity is None and trusted and in_flight > 1:
            if ratio <= _SIDE_BY_SIDE * self.contention**0.5:
                # It hardly waited: its service began within a quarter of a service time of its sending,
                # beyond the slowdown of workers busy beside it. Not the whole of `contention` as the
                # allowance for that slowdown: an answer that waited a whole service time in the queue comes
                # back at 1 + s times the fastest, s the registry's share of the fastest latency (the rest is
                # our own round trip), and on a fast registry (20 ms behind 8 ms of ours) that is within
                # `contention` (1.4) of it; counting such answers would take a queue for workers. The square
                # root keeps them apart while our round trip is less than the registry's service time.
                # Answers like it that were sent within 0.4 service times of each other were therefore served
                # side by side. (How many of ours were in flight when it was sent says little: a registry does
                # not take its queue in the order we sent it. When it came back says little too: a busy event
                # loop reads answers late, in bunches.) Strict on purpose: overcounting would split work over
                # workers the registry does not have.
                together = self._together(sent, 0.2 * min(ms, service))
                self._seen_together(float(together))
                if together > self._capacity:
                    self._capacity += 0.5 * (together - self._capacity)
            elif ratio >= _QUEUED:
                # Queued behind ours: with W workers all busy (each slowed by contention), the n-th request
                # waits about n / W service times.
                # A latency stretched by our own busy event loop reads as a queue too, so this never goes
                # below what the registry was lately seen to serve side by side.
                workers = in_flight * service * self.contention / ms
                floor = self._recent_floor()
                self._capacity = max(1.0, floor, self._capacity + _ALPHA * (workers - self._capacity))
        # The latency is the service time when the request cannot have queued behind ours (no more in flight
        # than the registry was lately seen to serve at once) and did not take far longer than the fastest of
        # its kind (then it waited, in the registry's queue or in our busy event loop, whatever the count
        # says). A request with nothing else of ours in flight is taken as it is (a registry that got slower
        # shows it there first); a latency below the estimate always shows the estimate is too high.
        bound = self._recent_floor() if self._pinned_capacity is None else self.capacity
        alone = in_flight <= 1 or (in_flight <= bound and not waited)
        if not alone and ratio >= 1.0:
            return
        per_unit = 0.0
        if seen.kind == "list":
            per_unit = seen.items * self._ms["list_item"]
        elif seen.kind == "search":
            per_unit = seen.items * self._ms["search_item"]
        # A request that was alone and far from the estimate replaces it (the registry changed, or it was
        # never seen): averaging would take many queries to get there.
        alpha = 1.0 if alone and not 0.5 <= ratio <= 2.0 else _ALPHA
        with self._lock:
            self.observed += 1
            if seen.expanded:
                self.expanded_seen += 1
                base = self.base(seen.kind, seen.resource)
                each = max(ms - base - per_unit, 0.0) / seen.expanded
                # Waiting in the registry's queue only adds to a latency, and an expanded page is often sent
                # beside many others (a page split over the workers): a low figure of the recent ones is the
                # cost. Not the lowest: the page's own spread, divided over one or two objects, makes figures
                # near zero. Answers with few objects are only learned from while no other has been seen.
                if seen.expanded >= _EACH_MIN_OBJECTS or not self._eaches:
                    self._eaches.append(each)
                ordered = sorted(self._eaches)
                each = ordered[len(ordered) // 4]
                if self.expanded_seen == 1 and alone:
                    alpha = 1.0  # the first answer of its kind replaces the default
                self._set("expanded", self._ms["expanded"] + alpha * (each - self._ms["expanded"]))
                return
            if seen.kind in ("list", "search"):
                item = f"{seen.kind}_item"
                if alone and self._fit_per_item(seen.kind, key, seen.items, ms):
                    per_unit = seen.items * self._ms[item]
                elif per_unit > 0 and ms < expected and item not in self._fitted | self._given_ms:
                    # Faster than the figures say, and nothing yet tells the request from its objects: both
                    # shrink in proportion (all of the difference taken from the request's own figure would
                    # leave it near zero where the per-object default alone explains the latency, and make
                    # every split of a page look free).
                    scale = ms / expected
                    self._set(item, self._ms[item] + alpha * (self._ms[item] * scale - self._ms[item]))
                    per_unit *= scale
            base = max(ms - per_unit, 0.1)
            self._learned[key] = self._learned.get(key, 0) + 1
            # The kind's own figure stands for the collections without one of their own: a collection with
            # its own default (zaken pages, zaak and document details) does not move it.
            for name in (key,) if key in DEFAULT_SERVICE_MS else (key, seen.kind):
                known = self._ms.get(name)
                self._set(name, base if known is None else known + alpha * (base - known))

    def _seen_together(self, count: float) -> None:
        """Remember that `count` requests were served side by side."""
        floors = self._floors
        self._recent_floor()
        while floors and floors[-1][1] <= count:
            floors.pop()  # a monotonic queue: the oldest kept is the largest
        floors.append((self._clock(), count))

    def _recent_floor(self) -> float:
        """The most requests seen served side by side in the last `_FLOOR_KEPT_S` (at least 1): a registry
        that lost workers stops showing them, and the floor goes with them."""
        floors = self._floors
        oldest = self._clock() - _FLOOR_KEPT_S
        while floors and floors[0][0] < oldest:
            floors.popleft()
        return max(floors[0][1], 1.0) if floors else 1.0

    def _together(self, sent: float, half_window_ms: float) -> int:
        """Record a request that did not wait, sent at `sent`; how many such requests were sent within
        `half_window_ms` of it (itself included)."""
        served = self._served
        bisect.insort(served, sent)
        if len(served) > _SERVED_KEPT:
            del served[: len(served) - _SERVED_KEPT]  # the oldest sent
        half = half_window_ms / 1000
        return bisect.bisect_right(served, sent + half) - bisect.bisect_left(served, sent - half)

    def _fit_per_item(self, kind: str, key: str, items: int, ms: float) -> bool:
        """Learn what one more object in a page or a `_zoek` answer costs: the slope of latency over objects
        in recent answers of one collection that did not wait, once their sizes differ enough to show it
        (True: fitted)."""
        points = self._sized.setdefault(key, deque(maxlen=_RECENT))
        points.append((float(items), ms))
        if len(points) < 8:
            return False
        xs = [x for x, _ in points]
        if max(xs) - min(xs) < _FIT_SPREAD:
            return False
        mean_x = sum(xs) / len(xs)
        mean_y = sum(y for _, y in points) / len(points)
        spread = sum((x - mean_x) ** 2 for x in xs)
        slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
        name = f"{kind}_item"
        self._set(name, max(slope, 0.0))  # a fit of up to `_RECENT` answers: smoothed already
        self._fitted.add(name)
        return True

    def _set(self, key: str, ms: float) -> None:
        known = self._ms.get(key)
        if known is None or abs(ms - known) > 0.2 * known:
            self.version += 1  # a figure moved: memoised choices are made again
        self._ms[key] = ms

    def size(self, collection: str) -> int | None:
        """How many objects a whole (catalogue) collection of this registry holds, as its list last said
        (None: never listed)."""
        return self._sizes.get(collection)

    def sized(self, collection: str, count: int) -> None:
        self._sizes[collection] = count

    @property
    def has_sizes(self) -> bool:
        return bool(self._sizes)

    def size_probe_due(self, collection: str) -> bool:
        """Whether to list a collection whose size is not known, beside details, to learn it: once, and a
        minute apart while no list of it has answered."""
        if not self.learn or collection in self._sizes:
            return False
        now = self._clock()
        last = self._size_probed.get(collection)
        if last is not None and now - last < PROBE_EVERY_S:
            return False
        self._size_probed[collection] = now
        return True

    def shape(self, key: str, default: float) -> float:
        """A learned figure of the registry's data: targets per parent of a link, requests per target."""
        return self._shape.get(key, default)

    def learn_shape(self, key: str, value: float) -> None:
        if not self.learn:
            return
        known = self._shape.get(key)
        self._shape[key] = value if known is None else known + _ALPHA * (value - known)

    def snapshot(self) -> dict[str, Any]:
        """The figures as they stand (the trace shows them beside the plan)."""
        return {
            "capacity": round(self.capacity, 1),
            "serviceMs": {k: round(v, 1) for k, v in sorted(self._ms.items())},
            "observed": self.observed,
            "seen": self.seen,
        }


AUTO_CAP_MIN = 32  # a registry's queue holds this many of ours (uWSGI's default listen backlog is 100)
AUTO_CAP_FACTOR = 8


def concurrency_cap(max_concurrency: int | None, model: CostModel) -> int:
    """Requests in flight to a registry at once: the setting, or 8 times its capacity (at least 32)."""
    if max_concurrency is not None:
        return max_concurrency
    return max(AUTO_CAP_MIN, round(AUTO_CAP_FACTOR * model.capacity))


HOP_MS = 1000.0  # in the gateway's queue a request goes ahead of those up to this long before it per hop of
# the query waiting on it (its urgency), and of those up to its own service time before it (longest first)


class Gate:
    """The requests in flight to one registry, at most `limit` (the cap; it can move, as it follows the
    registry's learned capacity). Beyond it, requests wait here and are let go by urgency, the hops of
    their query that wait on each, then by service time, longest first, tempered by age: none is passed by
    one that came more than `HOP_MS` per hop of urgency later. A registry serves its own queue in the order
    it came; the gateway's is the one it can order: a documents' `_zoek` whose types come next goes before
    twenty `besluiten?zaak=` lists that end their branches."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active = 0  # requests in flight now
        self.waiting = 0  # requests waiting here now
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._count = 0

    async def acquire(self, urgency: float, service_ms: Callable[[], float]) -> None:
        """Take a slot; `urgency`: hops of the query that wait on this request (below 0: less urgent than any);
        `service_ms` gives its estimated service time (only asked when it has to wait)."""
        if not self.waiting and self.active < self.limit:
            self.active += 1
            return
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._count += 1
        heapq.heappush(
            self._heap, (loop.time() * 1000 - urgency * HOP_MS - service_ms(), self._count, waiter)
        )
        self.waiting += 1
        try:
            await waiter  # the slot was taken for us when we were woken
        except asyncio.CancelledError:
            if waiter.cancelled():
                self.waiting -= 1  # still in the heap: skipped when it comes up
            else:
                self.release()  # woken and cancelled at once: the slot goes to the next
            raise

    def release(self) -> None:
        self.active -= 1
        self._wake()

    def set_limit(self, limit: int) -> None:
        self.limit = limit
        self._wake()

    def _wake(self) -> None:
        heap = self._heap
        while heap and self.active < self.limit:
            waiter = heapq.heappop(heap)[2]
            if not waiter.done():
                self.waiting -= 1
                self.active += 1
                waiter.set_result(None)
