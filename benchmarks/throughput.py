"""Throughput (issue 8, scenario 3): the warm portal query for 50 citizens from 1, 10 and 50 clients.

50 citizens, each with the research note's portal page (20 zaken, 19 documents, 4 besluiten; built through
the simulator's create endpoints, benchmarks/citizen.py), behind ZaakGraph served as deployed: the real
CLI, `python -m gateway.cli serve --config ... --workers N` (uvicorn, uvloop, httptools), one process. The
registry is the simulator in plain latency mode (`--latency-ms` per request, independent delays: no
workers, no queue, so it has no capacity limit but its own CPU). Warm: every citizen is queried once
first (catalogue and whatever the gateway caches across requests), and each level runs `--warmup-s` before
its measured `--seconds`.

The load: closed loop, C concurrent clients in this process, each on its own keep-alive connection
(benchmarks/loadgen.py: a minimal HTTP/1.1 client on an `asyncio.Protocol`, each citizen's request bytes
built once; the load generator shares the machine's two cores with the gateway, and aiohttp's pool spent
about three times its CPU a query, a fifth of a core taken from two workers), client i asking citizens i,
i+C, i+2C ... one query after another; every answer is checked (no errors, the citizen's 20 zaken; an answer
byte for byte the same as that citizen's answer checked before passes without a parse).
A closed loop without think time holds C queries in flight, so its mean latency is C / (q/s): 50 clients at
250 q/s means 200 ms, and "250 q/s with p99 < 100 ms" cannot both hold there. So the notified 1-worker
gateway also gets open-loop levels: 50 clients each sending on a fixed schedule, `--rate` q/s in all (think
time between queries, as real users have), latency counted from the scheduled moment.
Per level: queries/s, latency p50/p95/p99, and CPU per query of the gateway (its process tree, utime +
stime from /proc), of this client process and of the simulator, so a reader can tell who was the
bottleneck; backend requests per warm query from the gateway's trace (`X-ZaakGraph-Trace: 1`). Then the
same load on 2 workers against 1 (ratio of q/s), and the gateway's peak RSS (scenario 4). Each configuration
twice: subscribed to the simulator's notifications (the resource cache serves a warm query; docs/caching.md)
and without (every object revalidated, every list fetched again).

Targets: >= 250 q/s at 50 clients with p99 < 100 ms on one worker; 2 workers >= 1.7 x one; RSS < 300 MiB.

    .venv/bin/python -m benchmarks.throughput [--seconds 10] [--clients 1 10 50] [--two-workers 50] [--notifications both]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson

from benchmarks import loadgen, stats
from benchmarks.citizen import PORTAL, Credentials, build_citizen
from benchmarks.memory import TARGET_MIB, PeakRss, ProcessTree, ServedGateway, serve_gateway
from benchmarks.portal import PORTAL_QUERY
from gateway.app import TRACE_HEADER
from gateway.transport import make_http_client
from simulator.testing import RunningSimulator, run_simulator

_JSON = {"content-type": "application/json"}
_TIMEOUT_S = 60.0  # per query


@dataclass(slots=True)
class Level:
    workers: int
    clients: int
    rate: float = 0.0  # offered queries/s over all clients (open loop); 0: closed loop, no think time
    queries: int = 0
    errors: int = 0
    elapsed_s: float = 0.0
    latencies: list[float] = field(default_factory=list)
    gateway_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    simulator_cpu_s: float = 0.0

    def qps(self) -> float:
        return self.queries / self.elapsed_s

    def per_query_ms(self, cpu_s: float) -> float:
        return cpu_s / self.queries * 1000


def build_citizens(sim: RunningSimulator, count: int, seed: int, threads: int = 4) -> list[str]:
    credentials = Credentials(sim.client_id, sim.secret)
    with ThreadPoolExecutor(threads) as pool:
        bsns = list(pool.map(lambda i: build_citizen(sim.base_url, credentials, PORTAL, seed=seed * 1000 + i),
                             range(count)))  # fmt: skip
    if len(set(bsns)) != count:
        raise SystemExit("two citizens got the same BSN")
    return bsns


def _bodies(bsns: list[str]) -> list[bytes]:
    return [orjson.dumps({"query": PORTAL_QUERY, "variables": {"bsn": bsn}}) for bsn in bsns]


def _check(content: bytes, zaken: int) -> bool:
    body = orjson.loads(content)
    return not body.get("errors") and len(body["data"]["zaken"]["nodes"]) == zaken


class Checked:
    """Every answer checked, cheaply: an answer byte for byte the same as one of that query's answers
    checked before (no errors, the citizen's zaken) passes; any other is parsed and checked in full. The
    load generator shares the machine's two cores with the gateway: a full parse of each ~20 KB answer
    would be CPU the two-worker gateway does not get."""

    def __init__(self) -> None:
        self._good: dict[int, bytes] = {}

    def __call__(self, k: int, content: bytes) -> bool:
        if self._good.get(k) == content:
            return True
        if not _check(content, PORTAL.zaken):
            return False
        self._good[k] = content
        return True


async def _client(client: loadgen.Client, requests: list[bytes], index: int, step: int, deadline: float,
                  level: Level | None, checked: Checked, interval: float = 0.0) -> None:  # fmt: skip
    """One client: queries one after another, or (interval > 0) one every `interval` seconds on a fixed
    schedule, its latency counted from the scheduled moment (a late answer delays the next: that wait counts).
    `requests` holds each citizen's whole HTTP request, built once (benchmarks/loadgen.py)."""
    k = index
    due = time.perf_counter() + interval * index / step
    while (now := time.perf_counter()) < deadline:
        if interval:
            if due > now:
                await asyncio.sleep(due - now)
            started, due = due, due + interval
        else:
            started = now
        which = k % len(requests)
        reply = await client.exchange(requests[which])
        took = time.perf_counter() - started
        k += step
        if level is None:
            continue
        if reply.status == 200 and checked(which, reply.body):
            level.latencies.append(took)
            level.queries += 1
        else:
            level.errors += 1


async def _load(gateway: ServedGateway, sim: RunningSimulator, bodies: list[bytes], level: Level,
                seconds: float, warmup_s: float) -> None:  # fmt: skip
    simulator = ProcessTree(sim.process.pid)
    target = loadgen.Target.parse(gateway.url)
    requests = [target.post(body) for body in bodies]
    c = level.clients
    clients = [loadgen.Client(target, _TIMEOUT_S) for _ in range(c)]  # one connection each, kept
    checked = Checked()
    try:
        warm = time.perf_counter() + warmup_s
        interval = c / level.rate if level.rate else 0.0
        await asyncio.gather(
            *(_client(clients[i], requests, i, c, warm, None, checked, interval) for i in range(c))
        )
        sim.reset_requests()  # keep the simulator's log small
        cpu = (gateway.tree.cpu_s(), time.process_time(), simulator.cpu_s())
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(
            *(_client(clients[i], requests, i, c, deadline, level, checked, interval) for i in range(c))
        )
        level.elapsed_s = time.perf_counter() - started
        level.gateway_cpu_s = gateway.tree.cpu_s() - cpu[0]
        level.client_cpu_s = time.process_time() - cpu[1]
        level.simulator_cpu_s = simulator.cpu_s() - cpu[2]
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


def warm_up(gateway: ServedGateway, bodies: list[bytes], passes: int) -> float:
    """Each citizen queried `passes` times, each pass on connections of its own: the kernel hands each new
    connection to a worker (gateway/supervisor.py), so over 12 passes a citizen misses one of two workers
    with a chance of 1 in 4,096. Returns the backend requests per query of a last, traced pass."""

    async def run() -> float:
        for _ in range(passes):
            async with make_http_client(64, 10.0, 120.0) as http:
                answers = await asyncio.gather(
                    *(http.post(gateway.url, content=b, headers=_JSON) for b in bodies)
                )
            if not all(a.status_code == 200 and _check(a.content, PORTAL.zaken) for a in answers):
                raise SystemExit("a warm-up query failed")
        async with make_http_client(64, 10.0, 120.0) as http:
            traced = [
                await http.post(gateway.url, content=b, headers={**_JSON, TRACE_HEADER: "1"}) for b in bodies
            ]
        counts = [
            orjson.loads(t.content).get("extensions", {}).get("backend", {}).get("requests") for t in traced
        ]
        known = [c for c in counts if isinstance(c, int)]
        return statistics.mean(known) if known else float("nan")

    return asyncio.run(run())


def _registry(sim: RunningSimulator) -> dict[str, Any]:
    return {"name": "bench", "base_url": sim.base_url, "client_id": sim.client_id, "send_page_size": True,
            "max_concurrency": 64}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Section:
    """One gateway process and the client counts run against it."""

    workers: int
    notifications: bool  # subscribed to the simulator's notifications: warm queries come from its cache
    clients: tuple[int, ...]
    rated: tuple[tuple[int, float], ...] = ()  # (clients, offered q/s) levels, open loop

    def label(self) -> str:
        return f"{self.workers} worker{'s' if self.workers > 1 else ''}, " + (
            "notifications" if self.notifications else "no notifications"
        )


@dataclass(slots=True)
class SectionResult:
    section: Section
    levels: list[Level]
    backend: float  # backend requests per warm query (trace)
    rss: PeakRss


@contextmanager
def warm_gateway(sim: RunningSimulator, bodies: list[bytes], workers: int, notifications: bool
                 ) -> Iterator[tuple[ServedGateway, float]]:  # fmt: skip
    passes = 1 if workers == 1 else 12  # new connections each pass, so that every worker sees every citizen
    with serve_gateway(_registry(sim), sim.secret, workers=workers, notifications=notifications) as gateway:
        yield gateway, warm_up(gateway, bodies, passes)


def run_section(sim: RunningSimulator, bodies: list[bytes], section: Section, seconds: float, warmup_s: float
                ) -> SectionResult:  # fmt: skip
    levels = []
    with (
        warm_gateway(sim, bodies, section.workers, section.notifications) as (gateway, backend),
        PeakRss(gateway.tree) as rss,
    ):
        for count, rate in [(c, 0.0) for c in section.clients] + list(section.rated):
            level = Level(section.workers, count, rate)
            asyncio.run(_load(gateway, sim, bodies, level, seconds, warmup_s))
            levels.append(level)
    return SectionResult(section, levels, backend, rss)


def report(results: list[SectionResult]) -> None:
    print(f"{'gateway':<28} {'clients':>12} {'queries':>8} {'errors':>6} {'q/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'gateway CPU ms/q':>16} {'client ms/q':>11} {'sim ms/q':>8} {'gw cores':>8}")  # fmt: skip
    for result in results:
        for lv in result.levels:
            ms = sorted(x * 1000 for x in lv.latencies)
            clients = f"{lv.clients} @ {lv.rate:g}/s" if lv.rate else str(lv.clients)
            print(f"{result.section.label():<28} {clients:>12} {lv.queries:>8} {lv.errors:>6} {lv.qps():>7.1f} "
                  f"{stats.percentile(ms, 50):>7.1f} {stats.percentile(ms, 95):>7.1f} "
                  f"{stats.percentile(ms, 99):>7.1f} {lv.per_query_ms(lv.gateway_cpu_s):>16.2f} "
                  f"{lv.per_query_ms(lv.client_cpu_s):>11.2f} {lv.per_query_ms(lv.simulator_cpu_s):>8.2f} "
                  f"{lv.gateway_cpu_s / lv.elapsed_s:>8.2f}")  # fmt: skip
    print()
    for result in results:
        rss = result.rss
        print(f"{result.section.label()}: {result.backend:.1f} backend requests per warm query (trace); peak "
              f"RSS {rss.peak_mib():.0f} MiB for the process tree, {rss.largest_mib():.0f} MiB its largest "
              f"process (target < {TARGET_MIB})")  # fmt: skip
    for notifications in (True, False):
        one = {lv.clients: lv for r in results if r.section.workers == 1 and r.section.notifications == notifications
               for lv in r.levels if not lv.rate}  # fmt: skip
        two = [lv for r in results if r.section.workers == 2 and r.section.notifications == notifications
               for lv in r.levels if not lv.rate]  # fmt: skip
        rated = [lv for r in results if r.section.workers == 1 and r.section.notifications == notifications
                 for lv in r.levels if lv.rate]  # fmt: skip
        name = "notifications" if notifications else "no notifications"
        for lv in (lv for lv in two if lv.clients in one):
            print(f"{name}: 2 workers / 1 at {lv.clients} clients: {lv.qps() / one[lv.clients].qps():.2f} x q/s "
                  f"(target >= 1.7)")  # fmt: skip
        if 50 in one:
            lv = one[50]
            p99 = stats.percentile(sorted(lv.latencies), 99) * 1000
            print(f"{name}: 1 worker, 50 clients, closed loop: {lv.qps():.0f} q/s (target >= 250: "
                  f"{lv.qps() / 250:.2f} of it), p99 {p99:.0f} ms (target < 100: {p99 / 100:.2f} of it)")  # fmt: skip
        for lv in rated:
            p99 = stats.percentile(sorted(lv.latencies), 99) * 1000
            print(f"{name}: 1 worker, {lv.clients} clients offering {lv.rate:g} q/s: {lv.qps():.0f} q/s answered, "
                  f"p99 {p99:.0f} ms (target < 100: {p99 / 100:.2f} of it)")  # fmt: skip


def memory_run(citizens: int, clients: int, seconds: float, *, workers: int = 1, seed: int = 1) -> PeakRss:
    """The load at `clients` clients (notifications on), with the gateway's RSS sampled (benchmarks/memory.py)."""
    with run_simulator(size=200, seed=seed) as sim:
        bodies = _bodies(build_citizens(sim, citizens, seed))
        sim.set_latency(fixed_ms=20)
        with warm_gateway(sim, bodies, workers, True) as (gateway, _), PeakRss(gateway.tree) as rss:
            asyncio.run(_load(gateway, sim, bodies, Level(workers, clients), seconds, 2.0))
    return rss


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--two-workers", type=int, nargs="*", default=[50], help="client counts on 2 workers")
    parser.add_argument("--notifications", choices=["on", "off", "both"], default="both",
                        help="the gateway subscribed to the registry's notifications (its resource cache serves "
                        "warm queries), not, or both")  # fmt: skip
    parser.add_argument("--rate", type=float, nargs="*", default=[200.0, 250.0],
                        help="open-loop levels on 1 worker: offered q/s over --rate-clients clients")  # fmt: skip
    parser.add_argument("--rate-clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per level")
    parser.add_argument("--warmup-s", type=float, default=3.0, help="unmeasured load before each level")
    parser.add_argument("--latency-ms", type=float, default=20.0, help="the simulator's delay per request")
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    modes = {"on": [True], "off": [False], "both": [True, False]}[args.notifications]
    rated = tuple((args.rate_clients, rate) for rate in args.rate)
    sections = [
        Section(w, n, tuple(c), rated if w == 1 and n else ())
        for n in modes
        for w, c in ((1, args.clients), (2, args.two_workers))
        if c
    ]
    started = time.perf_counter()
    with run_simulator(size=args.size, seed=args.seed) as sim:
        bodies = _bodies(build_citizens(sim, args.citizens, args.seed))
        setup = time.perf_counter() - started
        sim.set_latency(fixed_ms=args.latency_ms)
        results = [run_section(sim, bodies, s, args.seconds, args.warmup_s) for s in sections]
    print(f"portal query (20 zaken, 19 documents, 4 besluiten per citizen) for {args.citizens} citizens, warm; "
          f"simulator: {args.latency_ms:g} ms per request, independent delays; {args.seconds:g} s per level "
          f"after {args.warmup_s:g} s of warm-up; setup (simulator + citizens) {setup:.1f} s; "
          f"{os.cpu_count()} CPUs; {stats.code_state()}")  # fmt: skip
    report(results)
    print("CPU ms/q: CPU time over the measured window / queries answered; gw cores: the gateway tree's CPU "
          "seconds per second; client: this process (the load generator)")  # fmt: skip


if __name__ == "__main__":
    main()
