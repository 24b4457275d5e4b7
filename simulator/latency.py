"""Added latency per request. A seam: the app only sees `LatencyModel.delay(cost)`, so a later capacity
model (W workers, a FIFO queue, a service time per request kind) can replace the profiles here."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RequestCost:
    """What a request was, for a latency model: kind is one of the RequestKind strings below."""

    kind: str  # zaak_detail, document_detail, detail, list, search, not_modified, download, create, error
    items: int = 0  # results in the page / array
    expands: int = 0  # expand paths asked for


class LatencyModel(Protocol):
    async def delay(self, cost: RequestCost) -> None: ...

    def describe(self) -> dict[str, object]: ...


class NoLatency:
    async def delay(self, cost: RequestCost) -> None:
        return None

    def describe(self) -> dict[str, object]:
        return {"fixed_ms": 0.0, "jitter_ms": 0.0, "profile": None}


class FixedLatency:
    def __init__(self, fixed_ms: float, jitter_ms: float = 0.0, seed: int = 0) -> None:
        self.fixed_ms = fixed_ms
        self.jitter_ms = jitter_ms
        self._rng = random.Random(seed)

    async def delay(self, cost: RequestCost) -> None:
        ms = self.fixed_ms + (self._rng.uniform(0, self.jitter_ms) if self.jitter_ms else 0.0)
        if ms > 0:
            await asyncio.sleep(ms / 1000)

    def describe(self) -> dict[str, object]:
        return {"fixed_ms": self.fixed_ms, "jitter_ms": self.jitter_ms, "profile": None}


class OpenZaakProfile:
    """Medians measured on Open Zaak 1.30 (tests/captures/README.md), plus ±10% jitter.

    zaak detail 104 ms (+28 ms per expand path); document detail 30 ms; other details 40 ms; a 304 38 ms;
    a list page 152 ms + 1 ms per item (100 items: 253 ms) + 14 ms per item per expand path;
    _zoek 124 ms + 1 ms per item (+ expands as lists)."""

    def __init__(self, seed: int = 0, scale: float = 1.0) -> None:
        self.scale = scale
        self._rng = random.Random(seed)

    def service_ms(self, cost: RequestCost) -> float:
        kind = cost.kind
        if kind == "zaak_detail":
            return 104 + 28 * cost.expands
        if kind == "document_detail":
            return 30 + 10 * cost.expands
        if kind == "not_modified":
            return 38
        if kind == "list":
            return 152 + cost.items * (1 + 14 * cost.expands)
        if kind == "search":
            return 124 + cost.items * (1 + 14 * cost.expands)
        if kind == "download":
            return 45
        if kind == "create":
            return 180
        if kind == "error":
            return 25
        return 40

    async def delay(self, cost: RequestCost) -> None:
        ms = self.service_ms(cost) * self.scale * self._rng.uniform(0.9, 1.1)
        await asyncio.sleep(ms / 1000)

    def describe(self) -> dict[str, object]:
        return {"fixed_ms": 0.0, "jitter_ms": 0.0, "profile": "openzaak"}


def make_latency(fixed_ms: float = 0.0, jitter_ms: float = 0.0, profile: str | None = None) -> LatencyModel:
    if profile == "openzaak":
        return OpenZaakProfile()
    if profile is not None:
        raise ValueError(f"unknown latency profile {profile!r}")
    if fixed_ms <= 0 and jitter_ms <= 0:
        return NoLatency()
    return FixedLatency(fixed_ms, jitter_ms)
