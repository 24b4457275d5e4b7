"""Test support: the gateway settings for a simulator, and reading the simulator's request log."""

from __future__ import annotations

from typing import Any

from gateway.settings import RegistrySettings
from gateway.testing import Gateway, run_gateway
from simulator.testing import RunningSimulator

__all__ = ["Gateway", "registry_for", "rounds", "run_gateway"]


def registry_for(simulator: RunningSimulator, name: str = "sim", **overrides: Any) -> RegistrySettings:
    fields: dict[str, Any] = {
        "name": name,
        "label": f"Simulator {name}",
        "base_url": simulator.base_url,
        "client_id": simulator.client_id,
        "secret": simulator.secret,
        "timeout_s": 2.0,
    }
    fields.update(overrides)
    return RegistrySettings(**fields)


def rounds(requests: list[dict[str, Any]]) -> int:
    """Sequential rounds in a request log: the longest chain of requests each starting after the last ended."""
    ordered = sorted(requests, key=lambda r: r["start"])
    depth: list[int] = []
    for i, request in enumerate(ordered):
        before = [depth[j] for j in range(i) if ordered[j]["end"] <= request["start"]]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)
