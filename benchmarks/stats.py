"""The figures every benchmark prints: median and p95 of wall times."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from simulator.testing import RunningSimulator


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    """The nearest-rank 95th percentile (with 20-30 runs: the second-slowest or so)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def interleaved(
    registry: RunningSimulator, clients: Mapping[str, Callable[[], Any]], runs: int
) -> tuple[dict[str, list[float]], dict[str, tuple[int, int]]]:
    """Each client once per run, interleaved so drift hits them all alike: wall times per client, and the
    backend requests and sequential rounds of its last run, from the registry's own log."""
    walls: dict[str, list[float]] = {name: [] for name in clients}
    counts: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        for name, client in clients.items():
            registry.reset_requests()
            started = time.perf_counter()
            client()
            walls[name].append(time.perf_counter() - started)
            log = registry.requests()
            counts[name] = (log["count"], log["rounds"])
    return walls, counts


def percentile(ordered: Sequence[float], q: float) -> float:
    """The nearest-rank q-th percentile of values sorted ascending (q in 0..100)."""
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def code_state() -> str:
    """The commit measured, and which files of the gateway differ from it (the working tree is measured)."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False).stdout.rstrip()

    head = git("rev-parse", "--short", "HEAD").strip()
    changed = git("status", "--porcelain", "--", "gateway", "resolvers", "schema").splitlines()
    files = ", ".join(line[3:] for line in changed)
    return f"code: HEAD {head}" + (f" + uncommitted {files}" if files else "")
