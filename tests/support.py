"""Test support: the gateway settings for a simulator (rounds come from the simulator's own log)."""

from __future__ import annotations

from typing import Any

from gateway.settings import RegistrySettings
from gateway.testing import Gateway, run_gateway
from simulator.testing import RunningSimulator

__all__ = ["Gateway", "registry_for", "run_gateway"]


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
