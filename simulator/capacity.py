"""A registry as a server: W workers, a FIFO queue in front, a service time per request by what it asks.

A real Open Zaak spends ~33 ms of CPU on every request whatever it asks, and runs few requests at once
(2 uWSGI processes on 2 cores), so a burst of requests queues: the cost of a page is mostly its number of
requests (shared research/real-registry-costs.md). Parameters and where each value comes from:
docs/openzaak-profile.md.

The core is a virtual schedule computed on arrival: a request goes to the worker that frees first (FIFO:
requests are served in arrival order), starts at max(arrival, that worker's free time) and holds it for its
service time. Its latency is that wait plus its service time. Sleeping to a computed end time means event
loop lateness never accumulates into the schedule, and the same arrivals under the same seed give the same
schedule.
"""

from __future__ import annotations

import heapq
import math
import random
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

# Service time in ms per request kind, fitted to Open Zaak 1.30 on a 2-core machine (the research note's
# first machine, the one of the 9.10 s naive page). A key "<kind>.<resource>" overrides "<kind>" for one
# resource (its request-log name). Per-unit keys (`*_item`, `expanded`, `download_kb`) are added on top.
OPENZAAK_SERVICE_MS: dict[str, float] = {
    "detail": 58.0,  # status, resultaat, catalogue types: fitted to naive 9.10 s / 159 requests
    "detail.zaken": 104.0,  # zaak detail, measured (tests/captures/README.md)
    "detail.enkelvoudiginformatieobjecten": 30.0,  # document detail, measured
    "list": 58.0,  # a filtered list page (zaakinformatieobjecten?zaak=, statussen?zaak=): as a detail
    "list.zaken": 152.0,  # list of 20: 172 ms, of 100: 253 ms (measured) -> 152 + 1 per item
    "list.besluiten": 30.0,  # besluiten?zaak=: light like Documenten; fitted to the expand plan's rounds 2-3
    "list_item": 1.0,  # per object in the page
    "search": 54.0,  # document _zoek of 19 uuids: 92 ms (measured) -> 54 + 2 per item
    "search.zaken": 124.0,  # zaken _zoek of 20 uuids: 144 ms (measured)
    "search_item": 2.0,  # per object found
    "expanded": 18.0,  # per expanded object: list of 20 192 -> 1963 ms with 95 objects; _zoek 92 -> 424 / 19
    "not_modified": 38.0,  # a 304 (measured)
    "download": 35.0,  # not measured: a document detail plus streaming
    "download_kb": 0.05,  # not measured: ~20 MB/s from storage
    "create": 180.0,  # not measured: a write with its validation queries
    "error": 25.0,  # a refused request (auth, validation) stops early
}

OPENZAAK_WORKERS = 2  # throughput flattens at ~2 in flight (capacity curve); 2 processes on 2 cores
OPENZAAK_CONTENTION = 1.4  # service time when every other worker is busy: latency at 2 in flight / at 1
OPENZAAK_JITTER = 0.08  # lognormal sigma: p95/median of single requests ~1.13 (details, 304s)
OPENZAAK_TAIL_RATE = 0.03  # a few requests take about twice as long (list p95 372 ms over a 172 ms median)
OPENZAAK_TAIL_FACTOR = 2.0

_PER_UNIT = frozenset({"list_item", "search_item", "expanded", "download_kb"})
_BASES = frozenset({"detail", "list", "search", "not_modified", "download", "create", "error"})


@dataclass(frozen=True, slots=True)
class ServiceTimes:
    """Milliseconds per request kind; `of` adds the per-item, per-expanded-object and per-KB parts."""

    ms: Mapping[str, float] = field(default_factory=lambda: dict(OPENZAAK_SERVICE_MS))

    def with_overrides(self, overrides: Mapping[str, float]) -> ServiceTimes:
        for key, value in overrides.items():
            base = key.split(".", 1)[0]
            if base not in _BASES | _PER_UNIT or ("." in key and base in _PER_UNIT):
                raise ValueError(f"unknown service time {key!r}")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"service time {key!r} must be >= 0 ms")
        return ServiceTimes({**self.ms, **overrides})

    def base(self, kind: str, resource: str | None) -> float:
        if resource is not None and f"{kind}.{resource}" in self.ms:
            return self.ms[f"{kind}.{resource}"]
        return self.ms.get(kind, self.ms.get("detail", 0.0))

    def of(self, kind: str, resource: str | None, items: int, expanded: int, size: int) -> float:
        kind = {"zaak_detail": "detail", "document_detail": "detail"}.get(kind, kind)
        ms = self.base(kind, resource) + expanded * self.ms.get("expanded", 0.0)
        if kind == "list":
            ms += items * self.ms.get("list_item", 0.0)
        elif kind == "search":
            ms += items * self.ms.get("search_item", 0.0)
        elif kind == "download":
            ms += size / 1024 * self.ms.get("download_kb", 0.0)
        return ms


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a request lands in the schedule (seconds on the monotonic clock)."""

    start: float
    end: float
    queue_ms: float
    service_ms: float


class Capacity:
    """W workers behind one FIFO queue; deterministic for the same arrivals and seed."""

    def __init__(
        self,
        workers: int = OPENZAAK_WORKERS,
        contention: float = OPENZAAK_CONTENTION,
        jitter: float = OPENZAAK_JITTER,
        tail_rate: float = OPENZAAK_TAIL_RATE,
        tail_factor: float = OPENZAAK_TAIL_FACTOR,
        seed: int = 0,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be >= 1")
        if contention < 1:
            raise ValueError("contention must be >= 1")
        self.workers = workers
        self.contention = contention
        self.jitter = jitter
        self.tail_rate = tail_rate
        self.tail_factor = tail_factor
        self.seed = seed
        self._rng = random.Random(seed)
        self._free = [0.0] * workers  # min-heap of the times each worker frees up

    def admit(self, arrived: float, service_ms: float) -> Slot:
        """Book a request arriving at `arrived` (monotonic seconds) that asks `service_ms` of work."""
        free_at = heapq.heappop(self._free)
        start = max(arrived, free_at)
        # The others still busy when this one starts slow it down (shared cores, one database): from 1 alone
        # to `contention` with every other worker busy.
        busy = sum(1 for t in self._free if t > start)
        load = busy / (self.workers - 1) if self.workers > 1 else 0.0
        ms = service_ms * (1 + (self.contention - 1) * load) * self._noise()
        end = start + ms / 1000
        heapq.heappush(self._free, end)
        return Slot(start, end, (start - arrived) * 1000, ms)

    def _noise(self) -> float:
        factor = math.exp(self._rng.gauss(0.0, self.jitter)) if self.jitter > 0 else 1.0
        if self.tail_rate > 0 and self._rng.random() < self.tail_rate:
            factor *= self.tail_factor
        return factor


def count_expanded(body: bytes) -> int:
    """Objects inlined under `_expand` anywhere in a JSON reply (each costs the server a fetch)."""
    if b'"_expand":{"' not in body:
        return 0
    try:
        return _count(orjson.loads(body))
    except orjson.JSONDecodeError:
        return 0


def _count(value: Any) -> int:
    if isinstance(value, list):
        return sum(_count(item) for item in value)
    if not isinstance(value, dict):
        return 0
    total = 0
    expand = value.get("_expand")
    if isinstance(expand, dict):
        for inlined in expand.values():
            total += len(inlined) if isinstance(inlined, list) else 1 if isinstance(inlined, dict) else 0
            total += _count(inlined)
    for key, child in value.items():
        if key != "_expand" and isinstance(child, (list, dict)):
            total += _count(child)
    return total


def parse_overrides(pairs: Iterable[str]) -> dict[str, float]:
    """["detail=40", "list.zaken=120"] -> {"detail": 40.0, "list.zaken": 120.0}"""
    result: dict[str, float] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"expected kind=ms, got {pair!r}")
        try:
            result[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"expected kind=ms, got {pair!r}") from None
    return result


def load_overrides(path: Path) -> dict[str, float]:
    """A JSON or TOML file of {kind: ms}; a nested {"list": {"zaken": 120}} means "list.zaken"."""
    raw = path.read_bytes()
    data: Any = tomllib.loads(raw.decode()) if path.suffix == ".toml" else orjson.loads(raw)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected an object of kind: ms")
    result: dict[str, float] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            result.update({f"{key}.{resource}": float(ms) for resource, ms in value.items()})
        else:
            result[str(key)] = float(value)
    return result
