"""Run a gateway in a background thread on a free loopback port: for tests, benchmarks and embedding."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from gateway.app import create_app
from gateway.settings import RegistrySettings, Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_serve(
    config: Path, port: int, workers: int, *, stderr: Any = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    """`zaakgraph serve --config <config> --port <port> --workers <workers>` as a subprocess (stdout dropped)."""
    command = ["serve", "--config", str(config), "--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", *command], stdout=subprocess.DEVNULL, stderr=stderr
    )


def wait_until_healthy(
    base_url: str, *, timeout_s: float = 30.0, process: subprocess.Popen[Any] | None = None
) -> None:
    """Poll `{base_url}/healthz` until it answers 200; RuntimeError after `timeout_s` or if `process` died."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(base_url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or (process is not None and process.poll() is not None):
            raise RuntimeError(f"the gateway at {base_url} did not start")
        time.sleep(0.1)


def subscribed(base_url: str) -> bool:
    """Whether every registry of the gateway at `base_url` has its Notificaties subscription (`/readyz`)."""
    report = httpx.get(base_url + "/readyz", timeout=5).json().get("notifications", {})
    return bool(report) and all(r.get("status") == "subscribed" for r in report.values())


def wait_until_subscribed(base_url: str, *, timeout_s: float = 30.0) -> None:
    """Poll until `subscribed(base_url)`; RuntimeError after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not subscribed(base_url):
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the gateway at {base_url} did not subscribe to its registries' notifications"
            )
        time.sleep(0.1)


@dataclass(frozen=True)
class Gateway:
    url: str  # http://127.0.0.1:PORT/graphql

    @property
    def base_url(self) -> str:
        return self.url.removesuffix("/graphql")

    def post(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return httpx.post(self.url, json=body, timeout=60, **kwargs)

    def query(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """The whole response body; the HTTP status must be 200."""
        response = self.post(query, variables, **kwargs)
        if response.status_code != 200:
            raise AssertionError(f"HTTP {response.status_code}: {response.text}")
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """`data` of a query that must answer without errors."""
        body = self.query(query, variables)
        if "errors" in body:
            raise AssertionError(f"errors: {body['errors']}")
        data: dict[str, Any] = body["data"]
        return data


@contextmanager
def run_gateway(
    registries: Sequence[RegistrySettings], *, uvloop: bool = False, **settings: Any
) -> Iterator[Gateway]:
    port = free_port()
    if any(r.notificaties_url for r in registries) and "public_url" not in settings:
        settings["public_url"] = f"http://127.0.0.1:{port}"  # where the registry's NRC reaches us
    app = create_app(Settings(registries=tuple(registries), **settings))
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        loop="uvloop" if uvloop else "asyncio",
        http="httptools",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the gateway did not start")
        time.sleep(0.02)
    try:
        yield Gateway(f"http://127.0.0.1:{port}/graphql")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
