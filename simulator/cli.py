"""`python -m simulator` / `zaakgraph simulator`: start a seeded ZGW registry and say where it is."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import orjson

from simulator.capacity import load_overrides, parse_overrides
from simulator.latency import make_latency
from simulator.people import WELL_KNOWN_BSN
from simulator.server import DEFAULT_CLIENT_ID, DEFAULT_SECRET, SimulatorConfig, SimulatorServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="simulator", description="Embedded ZGW registry (Open Zaak 1.30 on the wire)"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--size", type=int, default=50, help="number of zaken to seed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--registry", default="Utrecht", help="registry name (part of the seed)")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--jitter-ms", type=float, default=0.0)
    parser.add_argument(
        "--latency-profile",
        choices=["openzaak"],
        default=None,
        help="openzaak: a loaded Open Zaak (workers, a queue, a service time per request kind)",
    )
    parser.add_argument("--workers", type=int, default=None, help="openzaak profile: workers (default 2)")
    parser.add_argument(
        "--service-ms",
        action="append",
        default=[],
        metavar="KIND=MS",
        help="openzaak profile: override a service time (repeatable), e.g. detail=40 list.zaken=120",
    )
    parser.add_argument(
        "--service-file",
        default=None,
        help="openzaak profile: service time overrides from a JSON or TOML file",
    )
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--secret", default=DEFAULT_SECRET)
    parser.add_argument(
        "--catalogi-url",
        default="",
        help="Catalogi API root of another simulator, seeded with the same --registry, whose catalogue this "
        "registry's zaken point at (a shared catalogue)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line once accepting connections")
    return parser


def config_from_args(args: argparse.Namespace) -> SimulatorConfig:
    return SimulatorConfig(
        name=args.registry,
        seed=args.seed,
        size=args.size,
        latency_ms=args.latency_ms,
        jitter_ms=args.jitter_ms,
        latency_profile=args.latency_profile,
        workers=args.workers,
        service_ms=tuple(_service_overrides(args).items()),
        client_id=args.client_id,
        secret=args.secret,
        host=args.host,
        port=args.port,
        catalogi_url=args.catalogi_url,
    )


def _service_overrides(args: argparse.Namespace) -> dict[str, float]:
    overrides = load_overrides(Path(args.service_file)) if args.service_file else {}
    return {**overrides, **parse_overrides(args.service_ms)}


async def _serve(config: SimulatorConfig, as_json: bool) -> None:
    server = SimulatorServer(config)
    base_url = await server.start()
    facts = {"base_url": base_url, "client_id": config.client_id, "secret": config.secret}
    if as_json:
        sys.stdout.write(orjson.dumps(facts).decode() + "\n")
    else:
        sys.stdout.write(
            f"ZGW simulator '{config.name}' (seed {config.seed}, {config.size} zaken) at {base_url}\n"
            f"  APIs:      {base_url}zaken/api/v1/  documenten/  besluiten/  catalogi/  notificaties/\n"
            f"  client_id: {config.client_id}\n  secret:    {config.secret}\n"
            f"  admin:     {base_url}_admin/requests, _admin/summary, _admin/notifications\n"
            f"  well-known BSN: {WELL_KNOWN_BSN}\n"
        )
    sys.stdout.flush()
    await server.wait()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.size < 0:
        sys.stderr.write("--size must be >= 0\n")
        return 2
    capacity_flags = args.workers is not None or args.service_ms or args.service_file
    if capacity_flags and (args.latency_ms > 0 or args.jitter_ms > 0):
        sys.stderr.write(
            "--workers/--service-ms model a server; --latency-ms/--jitter-ms are independent delays\n"
        )
        return 2
    if capacity_flags and args.latency_profile is None:
        args.latency_profile = "openzaak"  # workers and service times are the openzaak profile's settings
    try:
        config = config_from_args(args)
        make_latency(args.latency_ms, args.jitter_ms, config.latency_profile, workers=config.workers,
                     service_ms=dict(config.service_ms))  # fmt: skip
    except (ValueError, OSError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    try:
        import uvloop

        runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
    except ImportError:  # pragma: no cover - uvicorn[standard] brings uvloop
        runner = asyncio.Runner()
    try:
        with runner:
            runner.run(_serve(config, args.json))
    except KeyboardInterrupt:
        pass
    return 0
