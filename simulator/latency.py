"""How long a request takes. A seam: the app only sees `LatencyModel.delay(cost, arrived)`.

Two kinds of model: independent delays (`--latency-ms`, every request its own, for tests that want a fixed
round trip), and the `openzaak` profile, a server with a few workers and a queue (simulator/capacity.py),
where concurrent requests wait for each other as they do on a real Open Zaak.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from simulator.capacity import (
    OPENZAAK_CONTENTION,
    OPENZAAK_JITTER,
    OPENZAAK_TAIL_RATE,
    OPENZAAK_WORKERS,
    Capacity,
    ServiceTimes,
    count_expanded,
)
from simulator.http import Reply, Request
from simulator.routing import Op, Route


@dataclass(frozen=True, slots=True)
class RequestCost:
    """What a request asked, for a latency model."""

    kind: str  # zaak_detail, document_detail, detail, list, search, not_modified, download, create, error
    items: int = 0  # results in the page / array
    expands: int = 0  # expand paths asked for
    resource: str | None = None  # request-log resource name ("zaken", "statussen", ...)
    expanded: int = 0  # objects inlined under _expand
    size: int = 0  # bytes of a download


@dataclass(frozen=True, slots=True)
class Served:
    """What the request log records of a delay: waiting for a worker, then being worked on."""

    queue_ms: float = 0.0
    service_ms: float = 0.0


class LatencyModel(Protocol):
    async def delay(self, cost: RequestCost, arrived: float | None = None) -> Served:
        """Wait as long as the request takes; `arrived` is when it came in (time.monotonic())."""
        ...

    def describe(self) -> dict[str, object]: ...


class NoLatency:
    async def delay(self, cost: RequestCost, arrived: float | None = None) -> Served:
        return Served()

    def describe(self) -> dict[str, object]:
        return {"fixed_ms": 0.0, "jitter_ms": 0.0, "profile": None}


class FixedLatency:
    """Every request its own independent delay: no capacity, no queue."""

    def __init__(self, fixed_ms: float, jitter_ms: float = 0.0, seed: int = 0) -> None:
        self.fixed_ms = fixed_ms
        self.jitter_ms = jitter_ms
        self._rng = random.Random(seed)

    async def delay(self, cost: RequestCost, arrived: float | None = None) -> Served:
        ms = self.fixed_ms + (self._rng.uniform(0, self.jitter_ms) if self.jitter_ms else 0.0)
        if ms > 0:
            await asyncio.sleep(ms / 1000)
        return Served(0.0, ms)

    def describe(self) -> dict[str, object]:
        return {"fixed_ms": self.fixed_ms, "jitter_ms": self.jitter_ms, "profile": None}


class OpenZaakProfile:
    """A loaded Open Zaak: W workers, a FIFO queue, a service time by what the request asks."""

    def __init__(
        self,
        workers: int = OPENZAAK_WORKERS,
        service: ServiceTimes | None = None,
        contention: float = OPENZAAK_CONTENTION,
        jitter: float = OPENZAAK_JITTER,
        seed: int = 0,
        overrides: Mapping[str, float] | None = None,
    ) -> None:
        self.overrides = dict(overrides or {})
        self.service = (service or ServiceTimes()).with_overrides(self.overrides)
        tail_rate = OPENZAAK_TAIL_RATE if jitter > 0 else 0.0  # jitter 0: exact service times (tests)
        self.capacity = Capacity(workers, contention, jitter, tail_rate, seed=seed)

    def service_ms(self, cost: RequestCost) -> float:
        return self.service.of(cost.kind, cost.resource, cost.items, cost.expanded, cost.size)

    async def delay(self, cost: RequestCost, arrived: float | None = None) -> Served:
        now = time.monotonic()
        slot = self.capacity.admit(now if arrived is None else arrived, self.service_ms(cost))
        # The simulator's own handling time since arrival counts as part of the service time. The loop's timers
        # may wake a little early: never answer before the scheduled end, or the next request of a sequential
        # client would find this worker still busy.
        while (wait := slot.end - time.monotonic()) > 0:
            await asyncio.sleep(wait)
        return Served(round(slot.queue_ms, 3), round(slot.service_ms, 3))

    def describe(self) -> dict[str, object]:
        return {
            "fixed_ms": 0.0,
            "jitter_ms": 0.0,
            "profile": "openzaak",
            "workers": self.capacity.workers,
            "contention": self.capacity.contention,
            "jitter": self.capacity.jitter,
            "seed": self.capacity.seed,
            "service_ms": dict(self.service.ms),
            "overrides": dict(self.overrides),
        }


def make_latency(
    fixed_ms: float = 0.0,
    jitter_ms: float = 0.0,
    profile: str | None = None,
    *,
    workers: int | None = None,
    service_ms: Mapping[str, float] | None = None,
    contention: float | None = None,
    jitter: float | None = None,
    seed: int = 0,
) -> LatencyModel:
    if profile == "openzaak":
        return OpenZaakProfile(
            workers=OPENZAAK_WORKERS if workers is None else workers,
            contention=OPENZAAK_CONTENTION if contention is None else contention,
            jitter=OPENZAAK_JITTER if jitter is None else jitter,
            seed=seed,
            overrides=service_ms,
        )
    if profile is not None:
        raise ValueError(f"unknown latency profile {profile!r}")
    if workers is not None or service_ms or contention is not None or jitter is not None:
        raise ValueError("workers, service_ms, contention and jitter need profile 'openzaak'")
    if fixed_ms <= 0 and jitter_ms <= 0:
        return NoLatency()
    return FixedLatency(fixed_ms, jitter_ms, seed)


def cost_of(req: Request, reply: Reply, found: Route | None) -> RequestCost:
    """What a handled request asked of the registry, read from the request, its route and its reply."""
    expands = (
        sum(len(v.split(",")) for k, v in req.query() if k == "expand") if "expand" in req.query_string else 0
    )
    if reply.status == 304:
        return RequestCost("not_modified")
    if reply.status >= 400 or found is None or found.kind is None:
        return RequestCost("error")
    key = found.kind.key
    if req.method == "POST" and found.op is Op.LIST:
        return RequestCost("create", resource=key)
    if found.op is Op.DOWNLOAD:
        return RequestCost("download", resource=key, size=len(reply.body))
    counted = reply.extra.get("expanded")  # the views count what they inline; other replies are read back
    expanded = int(counted) if counted is not None else count_expanded(reply.body)
    if found.op is Op.DETAIL:
        kind = {"zaken": "zaak_detail", "enkelvoudiginformatieobjecten": "document_detail"}.get(key, "detail")
        return RequestCost(kind, expands=expands, resource=key, expanded=expanded)
    items = int(reply.extra.get("items", "0"))
    kind = "search" if found.op is Op.SEARCH else "list"
    return RequestCost(kind, items=items, expands=expands, resource=key, expanded=expanded)
