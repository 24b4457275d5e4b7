"""Running the simulator in the current event loop (uvicorn), e.g. next to the gateway in `zaakgraph demo`."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field

import uvicorn

from simulator.admin import Controls
from simulator.app import SimulatorApp
from simulator.auth import Authenticator, Client
from simulator.contract import Contract
from simulator.faults import FaultInjector
from simulator.latency import make_latency
from simulator.registry import Registry, build_registry
from simulator.requestlog import RequestLog
from simulator.seed import SeedSpec, build_store

DEFAULT_CLIENT_ID = "zaakgraph-simulator"
DEFAULT_SECRET = "zaakgraph-simulator-secret-not-for-production"


@dataclass(frozen=True, slots=True)
class SimulatorConfig:
    name: str = "Utrecht"
    seed: int = 1
    size: int = 50
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    latency_profile: str | None = None  # None or "openzaak"
    workers: int | None = None  # openzaak profile: workers (None: its default, 2)
    service_ms: tuple[tuple[str, float], ...] = ()  # openzaak profile: service time overrides (kind, ms)
    client_id: str = DEFAULT_CLIENT_ID
    secret: str = field(default=DEFAULT_SECRET, repr=False)
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port
    # The Catalogi API root of another registry whose catalogue this one's zaken point at (a shared
    # catalogue). That registry must be seeded with the same `name`: catalogues depend on the name only.
    catalogi_url: str = ""


def build_app(config: SimulatorConfig) -> tuple[SimulatorApp, Registry]:
    store = build_store(SeedSpec(seed=config.seed, size=config.size, registry=config.name))
    auth = Authenticator()
    auth.add_client(Client(config.client_id, config.secret, heeft_alle_autorisaties=True))
    registry = build_registry(config.name, store, Contract(), auth)
    controls = Controls(
        latency=make_latency(
            config.latency_ms,
            config.jitter_ms,
            config.latency_profile,
            workers=config.workers,
            service_ms=dict(config.service_ms),
            seed=config.seed,
        ),
        faults=FaultInjector(),
        log=RequestLog(),
    )
    return SimulatorApp(registry, controls, config.catalogi_url), registry


class SimulatorServer:
    def __init__(self, config: SimulatorConfig) -> None:
        self.config = config
        self.base_url: str | None = None
        self.app: SimulatorApp | None = None
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> str:
        """Seed, bind and serve; returns the base URL ("http://127.0.0.1:PORT/") once connections are accepted."""
        self.app, _ = build_app(self.config)
        sock = socket.socket(
            socket.AF_INET6 if ":" in self.config.host else socket.AF_INET, socket.SOCK_STREAM
        )
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.config.host, self.config.port))
        port = sock.getsockname()[1]
        uvicorn_config = uvicorn.Config(
            self.app,
            lifespan="off",
            log_level="critical",
            access_log=False,
            http="auto",
            timeout_keep_alive=30,
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(uvicorn_config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()
                raise RuntimeError("simulator server stopped during start-up")
            await asyncio.sleep(0.01)
        host = f"[{self.config.host}]" if ":" in self.config.host else self.config.host
        self.base_url = f"http://{host}:{port}/"
        return self.base_url

    async def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._task is not None:
            await self._task
        if self.app is not None:
            await self.app.registry.notifier.aclose()  # pending deliveries end with the server
        self._server = None
        self._task = None

    async def wait(self) -> None:
        if self._task is not None:
            await self._task
