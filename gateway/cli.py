"""`zaakgraph`: serve, demo, schema, check, simulator."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

import uvicorn

from gateway import supervisor
from gateway.settings import APIS, RegistrySettings, Settings, SettingsError, load_settings

DEMO_QUERIES = (
    (
        "A citizen's most recent zaken with status, documents and besluiten",
        """query Portal($bsn: String!) {
  zaken(filter: {rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn: $bsn},
        ordering: [startdatum_DESC], first: 5) {
    totalCount
    nodes {
      identificatie omschrijving startdatum
      zaaktype { omschrijving }
      status { datumStatusGezet statustype { omschrijving } }
      resultaat { resultaattype { omschrijving } }
      documenten { titel formaat bestandsomvang vertrouwelijkheidaanduiding
                   informatieobjecttype { omschrijving } }
      besluiten { datum besluittype { omschrijving } }
    }
  }
}""",
    ),
    (
        "The catalogue: zaaktypen with their statustypen",
        """{
  zaaktypen(first: 10) {
    nodes { identificatie omschrijving statustypen { volgnummer omschrijving } }
  }
}""",
    ),
    (
        "A case graph: hoofdzaken with their deelzaken and related zaken",
        """{
  zaken(first: 10) {
    nodes {
      identificatie
      hoofdzaak { identificatie }
      deelzaken { identificatie status { statustype { omschrijving } } }
      relevanteAndereZaken { aardRelatie zaak { identificatie } }
    }
  }
}""",
    ),
)


def _uvicorn_options() -> dict[str, Any]:
    # uvloop + httptools: about 0.1 ms of HTTP handling per request instead of 0.3 (research/graphql-exec-cpu.md)
    return {"loop": "uvloop", "http": "httptools", "access_log": False, "log_level": "warning"}


def _serve(args: argparse.Namespace) -> int:
    # Not gateway.app: the supervisor of `--workers N` should not hold Strawberry and the schema (25 MiB).
    from gateway.settings import CONFIG_ENV
    from gateway.workers import RUN_DIR_ENV

    try:
        settings = load_settings(Path(args.config))  # fail fast, plainly, before forking workers
        callback_secret = settings.resolve_callback_secret()
    except SettingsError as exc:
        print(f"zaakgraph: {exc}", file=sys.stderr)
        return 2
    os.environ[CONFIG_ENV] = str(Path(args.config).resolve())
    if args.workers > 1:
        # The workers share one subscription and pass notifications on (gateway/workers.py): one run
        # directory, and one callback secret that every worker accepts.
        os.environ[RUN_DIR_ENV] = tempfile.mkdtemp(prefix="zaakgraph-")
        if callback_secret is None:
            os.environ["ZAAKGRAPH_CALLBACK_SECRET"] = secrets.token_urlsafe(32)
    options = {
        "app": "gateway.app:app_from_env",
        "factory": True,
        "host": args.host,
        "port": args.port,
        **_uvicorn_options(),
    }
    if args.workers > 1 and supervisor.reuse_port_available():
        # Each worker on a listening socket of its own, so new connections spread over them
        # (gateway/supervisor.py); uvicorn's own supervisor shares one socket.
        if _port_in_use(args.host, args.port):
            return 2
        print(f"ZaakGraph on http://{args.host}:{args.port}/graphql", flush=True)
        return supervisor.Supervisor(options, args.workers).run()
    print(f"ZaakGraph on http://{args.host}:{args.port}/graphql", flush=True)
    uvicorn.run(**options, workers=args.workers)
    return 0


async def _demo(args: argparse.Namespace) -> int:
    from gateway.app import create_app
    from simulator.server import SimulatorConfig, SimulatorServer

    if _port_in_use(args.host, args.port):
        return 2
    simulator = SimulatorServer(SimulatorConfig(size=args.size, seed=args.seed, host="127.0.0.1", port=0))
    base_url = await simulator.start()
    registry = RegistrySettings(
        name="demo",
        label="Gemeente Demo (embedded registry)",
        base_url=base_url,
        client_id=simulator.config.client_id,
        secret=simulator.config.secret,
        send_page_size=True,
        notificaties_url=base_url + "notificaties/api/v1/",  # the embedded registry notifies on writes
    )
    callback_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    settings = Settings(registries=(registry,), public_url=f"http://{callback_host}:{args.port}")
    config = uvicorn.Config(create_app(settings), host=args.host, port=args.port, **_uvicorn_options())
    server = uvicorn.Server(config)
    graphiql = f"http://{args.host}:{args.port}/graphql"
    bsn = await asyncio.to_thread(_busiest_bsn, base_url)
    print(f"Embedded ZGW registry ({args.size} zaken) on {base_url}")
    print(f"ZaakGraph GraphiQL on {graphiql}\n")
    for title, query in DEMO_QUERIES:
        print(f"# {title}")
        print(query.replace("query Portal($bsn: String!) ", "").replace("$bsn", f'"{bsn}"') + "\n")
    sys.stdout.flush()
    try:
        await server.serve()
    finally:
        await simulator.stop()
    return 0


def _port_in_use(host: str, port: int) -> bool:
    """Whether something holds the port (then said on stderr)."""
    if not supervisor.port_taken(host, port):
        return False
    print(f"zaakgraph: port {port} on {host} is in use; pick another with --port", file=sys.stderr)
    return True


def _busiest_bsn(base_url: str) -> str:
    import httpx

    summary = httpx.get(base_url + "_admin/summary", timeout=10).json()
    bsns = summary.get("bsns") or [{"bsn": "999993653"}]
    return str(bsns[0]["bsn"])


def _schema(_: argparse.Namespace) -> int:
    from schema import build_schema

    print(build_schema().as_str())
    return 0


def _check(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(Path(args.config))
    except SettingsError as exc:
        print(f"settings: {exc}")
        return 2
    problems = asyncio.run(_check_registries(settings))
    for line in problems:
        print(line)
    return 1 if any(not line.endswith(": ok") for line in problems) else 0


async def _check_registries(settings: Settings) -> list[str]:
    from gateway.errors import GatewayError
    from gateway.registries import Registries

    try:
        registries = Registries.from_settings(settings)
    except SettingsError as exc:
        return [f"settings: {exc}"]
    probes = {
        "zaken": "zaken",
        "documenten": "enkelvoudiginformatieobjecten",
        "besluiten": "besluiten",
        "catalogi": "zaaktypen",
    }
    lines = []
    try:
        for client in registries.clients:
            for api in APIS:
                root = client.roots.get(api)
                if root is None:
                    continue
                try:
                    await client.request("GET", root + probes[api])
                    lines.append(f"{client.name} {api} {root}: ok")
                except GatewayError as exc:
                    lines.append(f"{client.name} {api} {root}: {exc.extensions['code']}: {exc}")
    finally:
        await registries.aclose()
    return lines


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zaakgraph", description="GraphQL over ZGW registries")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the gateway")
    serve.add_argument("--config", required=True, help="settings TOML file (docs/configuration.md)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)

    demo = commands.add_parser("demo", help="the embedded registry with seeded data and the gateway on it")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--size", type=int, default=200, help="number of zaken to seed")
    demo.add_argument("--seed", type=int, default=1)

    commands.add_parser("schema", help="print the GraphQL SDL")

    check = commands.add_parser("check", help="validate the settings and reach every registry")
    check.add_argument("--config", required=True)

    commands.add_parser("simulator", help="run the embedded ZGW registry (see `zaakgraph simulator --help`)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "simulator":
        from simulator.cli import main as simulator_main

        return simulator_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "demo":
        try:
            return asyncio.run(_demo(args))
        except KeyboardInterrupt:
            return 0
    if args.command == "schema":
        return _schema(args)
    status: int = _check(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
