"""Injected faults: error statuses, hangs, dropped connections, broken bodies, slow bodies."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Fault(StrEnum):
    ERROR = "error"
    TIMEOUT = "timeout"
    RESET = "reset"
    TRUNCATE = "truncate"
    MALFORMED = "malformed"
    SLOW_BODY = "slow_body"


@dataclass(frozen=True, slots=True)
class FaultConfig:
    error_rate: float = 0.0
    statuses: tuple[int, ...] = (500, 502, 503)
    timeout_rate: float = 0.0
    reset_rate: float = 0.0
    truncate_rate: float = 0.0
    malformed_rate: float = 0.0
    slow_body_rate: float = 0.0
    path_regex: str | None = None
    seed: int = 0

    @staticmethod
    def from_json(data: dict[str, Any]) -> FaultConfig:
        rates = {}
        for name in (
            "error_rate",
            "timeout_rate",
            "reset_rate",
            "truncate_rate",
            "malformed_rate",
            "slow_body_rate",
        ):
            value = float(data.get(name, 0.0) or 0.0)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
            rates[name] = value
        statuses = tuple(int(s) for s in data.get("statuses") or (500, 502, 503))
        if not statuses or any(s < 400 or s > 599 for s in statuses):
            raise ValueError("statuses must be HTTP error statuses")
        regex = data.get("path_regex")
        if regex is not None:
            re.compile(regex)
        return FaultConfig(
            error_rate=rates["error_rate"],
            statuses=statuses,
            timeout_rate=rates["timeout_rate"],
            reset_rate=rates["reset_rate"],
            truncate_rate=rates["truncate_rate"],
            malformed_rate=rates["malformed_rate"],
            slow_body_rate=rates["slow_body_rate"],
            path_regex=regex,
            seed=int(data.get("seed", 0) or 0),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "error_rate": self.error_rate, "statuses": list(self.statuses), "timeout_rate": self.timeout_rate,
            "reset_rate": self.reset_rate, "truncate_rate": self.truncate_rate,
            "malformed_rate": self.malformed_rate, "slow_body_rate": self.slow_body_rate,
            "path_regex": self.path_regex, "seed": self.seed,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decision:
    fault: Fault
    status: int = 0


class FaultInjector:
    def __init__(self, config: FaultConfig | None = None) -> None:
        self.configure(config or FaultConfig())

    def configure(self, config: FaultConfig) -> None:
        self.config = config
        self._rng = random.Random(config.seed)
        self._regex = re.compile(config.path_regex) if config.path_regex else None
        self._active = any(
            (config.error_rate, config.timeout_rate, config.reset_rate, config.truncate_rate,
             config.malformed_rate, config.slow_body_rate)
        )  # fmt: skip

    def decide(self, path: str) -> Decision | None:
        if not self._active:
            return None
        if self._regex is not None and not self._regex.search(path):
            return None
        c = self.config
        roll = self._rng.random()
        for fault, rate in (
            (Fault.ERROR, c.error_rate), (Fault.TIMEOUT, c.timeout_rate), (Fault.RESET, c.reset_rate),
            (Fault.TRUNCATE, c.truncate_rate), (Fault.MALFORMED, c.malformed_rate),
            (Fault.SLOW_BODY, c.slow_body_rate),
        ):  # fmt: skip
            if roll < rate:
                status = self._rng.choice(c.statuses) if fault is Fault.ERROR else 0
                return Decision(fault, status)
            roll -= rate
        return None
