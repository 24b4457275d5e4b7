"""Peak RSS of the gateway (issue 8, scenario 4), and the served gateway the other scenarios measure.

`serve_gateway` runs ZaakGraph as it is deployed: the real CLI, `python -m gateway.cli serve --config ...
--workers N` (uvicorn with uvloop and httptools), as a subprocess with a settings TOML written for it (the
registry's secret by environment, not in the file). `ProcessTree` reads the CPU time and memory of that
process and of its children (the workers when N > 1) from /proc; `PeakRss` samples the tree's summed
VmRSS in a thread, and each process's own VmHWM, while a scenario runs.

This script runs both scenarios with memory as the figure: the analyst walk (benchmarks/analyst.py, the
20 ms / 32-worker registry) and the throughput load (benchmarks/throughput.py, 50 clients, one worker).
The scenarios print their own peak RSS too.

    .venv/bin/python -m benchmarks.memory [--size 7000] [--seconds 10]   (from the repo root)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.testing import free_port, wait_until_healthy, wait_until_subscribed

_CLOCK_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")
SECRET_ENV = "ZAAKGRAPH_BENCH_SECRET"
MIB = 1024 * 1024
TARGET_MIB = 300


# --- a process and its children, from /proc ---------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(p) for p in handle.read().split()]
        except OSError:
            continue
    return found


def _status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_s(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICK  # utime + stime


@dataclass(frozen=True, slots=True)
class ProcessTree:
    pid: int

    def pids(self) -> list[int]:
        result, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            result.append(pid)
            todo += _children(pid)
        return result

    def cpu_s(self) -> float:
        """utime + stime of every live process of the tree (none of them exits during a measurement)."""
        return sum(_cpu_s(pid) for pid in self.pids())

    def rss_bytes(self) -> int:
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/statm") as handle:
                    total += int(handle.read().split()[1]) * _PAGE
            except OSError:
                continue
        return total

    def hwm_bytes(self) -> dict[int, int]:
        """Each process's own peak RSS (VmHWM) so far."""
        return {pid: _status_kib(pid, "VmHWM:") * 1024 for pid in self.pids()}


@dataclass(slots=True)
class PeakRss:
    """Samples the tree's summed RSS every `interval_s` while a `with` block runs."""

    tree: ProcessTree
    interval_s: float = 0.05
    peak: int = 0
    samples: int = 0
    hwm: dict[int, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> PeakRss:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._sample()
        self.hwm = self.tree.hwm_bytes()

    def _sample(self) -> None:
        self.peak = max(self.peak, self.tree.rss_bytes())
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self._sample()

    def largest_mib(self) -> float:
        """The largest single process's VmHWM (with several uvicorn workers: one worker, or the supervisor)."""
        return max(self.hwm.values(), default=0) / MIB

    def peak_mib(self) -> float:
        """The larger of the sampled tree sum and the sum of each process's VmHWM (a sample can miss a spike;
        the VmHWM sum can overstate, the processes need not peak at once)."""
        return max(self.peak, sum(self.hwm.values())) / MIB


# --- ZaakGraph as `zaakgraph serve` runs it ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServedGateway:
    process: subprocess.Popen[bytes]
    url: str  # http://127.0.0.1:PORT/graphql
    tree: ProcessTree


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_toml(settings: dict[str, Any], registry: dict[str, Any]) -> str:
    lines = [f"{key} = {_toml(value)}" for key, value in settings.items()]
    lines.append("\n[[registries]]")
    lines += [f"{key} = {_toml(value)}" for key, value in registry.items()]
    return "\n".join(lines) + "\n"


@contextmanager
def serve_gateway(
    registry: dict[str, Any],
    secret: str,
    *,
    workers: int = 1,
    settings: dict[str, Any] | None = None,
    notifications: bool = False,
) -> Iterator[ServedGateway]:
    """`python -m gateway.cli serve --config <toml> --workers N` on a free port, until the block ends.

    `registry` is one `[[registries]]` table without its secret; `secret` reaches the gateway as SECRET_ENV.
    With `notifications`, the registry's Notificaties API is the simulator's own (below its `base_url`) and
    the block starts once the gateway's abonnement stands (docs/caching.md: the resource cache then serves
    warm queries without asking the registry).
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = dict(settings or {})
    registry = {**registry, "secret_env": SECRET_ENV}
    if notifications:
        settings["public_url"] = base
        registry["notificaties_url"] = registry["base_url"] + "notificaties/api/v1/"
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "zaakgraph.toml"
        config.write_text(settings_toml(settings, registry))
        command = [sys.executable, "-m", "gateway.cli", "serve", "--config", str(config),
                   "--port", str(port), "--workers", str(workers)]  # fmt: skip
        process = subprocess.Popen(command, env={**os.environ, SECRET_ENV: secret}, stdout=subprocess.DEVNULL)
        try:
            wait_until_healthy(base, timeout_s=60, process=process)
            if notifications:
                wait_until_subscribed(base)
            if workers > 1:  # every worker up: each must have answered before we measure
                deadline = time.monotonic() + 60
                tree = ProcessTree(process.pid)
                while len(tree.pids()) < workers + 1 and time.monotonic() < deadline:
                    time.sleep(0.1)
                time.sleep(1.0)
            yield ServedGateway(process, base + "/graphql", ProcessTree(process.pid))
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- scenario 4 ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=7000, help="simulator seed size for the analyst walk")
    parser.add_argument("--zaken", type=int, default=2000, help="zaken in the analyst walk")
    parser.add_argument("--seconds", type=float, default=10.0, help="throughput load duration")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--citizens", type=int, default=50)
    args = parser.parse_args()

    from benchmarks import analyst, throughput  # they import this module

    rows: list[tuple[str, PeakRss]] = []
    walk = analyst.memory_run(size=args.size, zaken=args.zaken)
    rows.append((f"analyst walk, {args.zaken} zaken, 20 ms / 32 workers", walk))
    for workers in (1, 2):
        load = throughput.memory_run(args.citizens, args.clients, args.seconds, workers=workers)
        rows.append(
            (f"portal load, {args.citizens} citizens, {args.clients} clients, {workers} worker(s)", load)
        )
    print(
        f"\n{'gateway during':<56} {'tree peak MiB':>13} {'largest process':>15} {'samples':>7} {'/ target':>8}"
    )
    for name, rss in rows:
        print(f"{name:<56} {rss.peak_mib():>13.1f} {rss.largest_mib():>15.1f} {rss.samples:>7} "
              f"{rss.peak_mib() / TARGET_MIB:>8.2f}")  # fmt: skip
    print(f"target: < {TARGET_MIB} MiB; tree: the served process and its children (the workers), summed")


if __name__ == "__main__":
    main()
