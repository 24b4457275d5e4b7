"""How fast is the embedded ZGW simulator? A script, not a test: prints throughput, start-up time and memory.

    .venv/bin/python benchmarks/simulator_speed.py [--size 5000] [--big 100000] [--seconds 5] [--connections 32]

The simulator runs as a subprocess pinned to one core (taskset -c 0, when available) with no added latency;
this process drives it from another core with aiohttp over keep-alive connections, and reports its own CPU
so that one can see the client was not the bottleneck. Then a second simulator is seeded with --big zaken
to measure the seed load time (spawn until it accepts connections) and its peak RSS (VmHWM).

Targets: >= 2,000 detail GETs/s on one core; 100k zaken seeded in < 60 s and < 2 GiB."""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.auth import make_token  # noqa: E402

DETAIL_TARGET = 2000.0  # requests per second
SEED_TARGET_S = 60.0
RSS_TARGET = 2 * 1024**3
CRS = {"Accept-Crs": "EPSG:4326"}


@dataclass(frozen=True)
class Simulator:
    process: subprocess.Popen[bytes]
    base_url: str
    token: str
    ready_s: float  # spawn until the JSON line (seeded and accepting connections)

    def cpu_s(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def peak_rss(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(size: int, core: int | None) -> Simulator:
    command = [sys.executable, "-m", "simulator", "--port", "0", "--size", str(size), "--seed", "1", "--json"]
    if core is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(core), *command]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None
    line = process.stdout.readline()
    ready = time.perf_counter() - started
    if not line:
        raise RuntimeError(f"simulator exited during start-up (code {process.poll()})")
    facts = orjson.loads(line)
    return Simulator(process, facts["base_url"], make_token(facts["client_id"], facts["secret"]), ready)


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    seconds: float
    client_cpu_s: float
    server_cpu_s: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def per_core(self) -> float:
        """Requests per CPU-second of the server: its rate on one whole core, whatever else shares the host."""
        return self.requests / self.server_cpu_s if self.server_cpu_s else 0.0


async def _drive(
    session: aiohttp.ClientSession, urls: Sequence[str], headers: dict[str, str], status: int, seconds: float,
    connections: int,
) -> int:  # fmt: skip
    deadline = time.perf_counter() + seconds
    done = 0

    async def worker(offset: int) -> None:
        nonlocal done
        index = offset
        while time.perf_counter() < deadline:
            async with session.get(urls[index % len(urls)], headers=headers) as response:
                await response.read()
                if response.status != status:
                    raise RuntimeError(f"{urls[index % len(urls)]}: {response.status}, expected {status}")
            done += 1
            index += connections

    await asyncio.gather(*(worker(i) for i in range(connections)))
    return done


async def measure(
    sim: Simulator, name: str, urls: Sequence[str], seconds: float, connections: int,
    extra: dict[str, str] | None = None, status: int = 200,
) -> Result:  # fmt: skip
    headers = {"Authorization": f"Bearer {sim.token}", **CRS, **(extra or {})}
    connector = aiohttp.TCPConnector(limit=connections, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        await _drive(session, urls, headers, status, min(1.0, seconds / 4), connections)  # warm up
        cpu0, server0, wall0 = _own_cpu(), sim.cpu_s(), time.perf_counter()
        count = await _drive(session, urls, headers, status, seconds, connections)
        wall = time.perf_counter() - wall0
        return Result(name, count, wall, _own_cpu() - cpu0, sim.cpu_s() - server0)


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _get_json(session: aiohttp.ClientSession, sim: Simulator, path: str) -> object:
    headers = {"Authorization": f"Bearer {sim.token}", **CRS}
    async with session.get(sim.base_url + path, headers=headers) as response:
        response.raise_for_status()
        return orjson.loads(await response.read())


async def _urls(sim: Simulator) -> dict[str, list[str]]:
    async with aiohttp.ClientSession() as session:
        zaken = await _get_json(session, sim, "zaken/api/v1/zaken?pageSize=500")
        documenten = await _get_json(
            session, sim, "documenten/api/v1/enkelvoudiginformatieobjecten?pageSize=500"
        )
        zaaktypen = await _get_json(session, sim, "catalogi/api/v1/zaaktypen")
        assert isinstance(zaken, dict) and isinstance(documenten, dict) and isinstance(zaaktypen, dict)
        pages = max(1, zaken["count"] // 100)
        zaak_urls = [z["url"] for z in zaken["results"]]
        etags = []
        for url in zaak_urls[:50]:
            async with session.get(url, headers={"Authorization": f"Bearer {sim.token}", **CRS}) as response:
                etags.append(response.headers["ETag"])
    return {
        "zaak": zaak_urls,
        "document": [d["url"] for d in documenten["results"]],
        "zaaktype": [z["url"] for z in zaaktypen["results"]],
        "list": [f"{sim.base_url}zaken/api/v1/zaken?page={p}" for p in range(1, min(pages, 50) + 1)],
        "etag_url": zaak_urls[:1],
        "etag": etags[:1],
    }


async def throughput(size: int, seconds: float, connections: int) -> list[Result]:
    sim = start(size, core=0)
    try:
        urls = await _urls(sim)
        return [
            await measure(sim, "zaak detail", urls["zaak"], seconds, connections),
            await measure(sim, "document detail", urls["document"], seconds, connections),
            await measure(sim, "zaaktype detail", urls["zaaktype"], seconds, connections),
            await measure(sim, "zaken list page of 100", urls["list"], seconds, connections),
            await measure(
                sim,
                "zaak detail 304 (If-None-Match)",
                urls["etag_url"],
                seconds,
                connections,
                {"If-None-Match": urls["etag"][0]},
                status=304,
            ),
        ]
    finally:
        sim.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=5000, help="zaken seeded for the throughput runs")
    parser.add_argument("--big", type=int, default=100_000, help="zaken seeded for the load-time/RSS run")
    parser.add_argument("--seconds", type=float, default=5.0, help="measuring time per scenario")
    parser.add_argument("--connections", type=int, default=32, help="concurrent keep-alive connections")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {1})  # the client on another core than the server
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, server on core 0, client on core 1")
    print(
        f"throughput: --size {args.size}, {args.connections} keep-alive connections, {args.seconds:g} s each"
    )
    print(f"{'scenario':34} {'req/s':>7} {'ratio':>6} {'server CPU':>10} {'client CPU':>10} "
          f"{'req/CPU-s':>9} {'ratio':>6}")  # fmt: skip
    for result in asyncio.run(throughput(args.size, args.seconds, args.connections)):
        is_detail = "detail" in result.name and "304" not in result.name
        ratio = f"{result.rate / DETAIL_TARGET:.2f}" if is_detail else "-"
        core_ratio = f"{result.per_core / DETAIL_TARGET:.2f}" if is_detail else "-"
        print(f"{result.name:34} {result.rate:7,.0f} {ratio:>6} {result.server_cpu_s / result.seconds:10.0%} "
              f"{result.client_cpu_s / result.seconds:10.0%} {result.per_core:9,.0f} {core_ratio:>6}")  # fmt: skip
    print(f"ratio: against the target of {DETAIL_TARGET:,.0f} detail GETs/s; req/CPU-s: requests per CPU-second "
          "of the server process (its rate on one whole core)")  # fmt: skip
    if args.big:
        sim = start(args.big, core=0)
        try:
            rss = sim.peak_rss()
        finally:
            sim.stop()
        print(f"seed --size {args.big}: ready in {sim.ready_s:.1f} s (target < {SEED_TARGET_S:.0f} s, ratio "
              f"{sim.ready_s / SEED_TARGET_S:.2f}); peak RSS {rss / 1024**2:,.0f} MiB "
              f"(target < {RSS_TARGET / 1024**2:,.0f} MiB, ratio {rss / RSS_TARGET:.2f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
