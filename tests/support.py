"""Test support: run the gateway on a free loopback port and talk to it over HTTP, like a client does."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn

from gateway.app import create_app
from gateway.settings import RegistrySettings, Settings
from simulator.testing import RunningSimulator


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


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


@dataclass(frozen=True)
class Gateway:
    url: str  # .../graphql

    def post(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return httpx.post(self.url, json=body, timeout=30, **kwargs)

    def query(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """The whole response body; the HTTP status must be 200."""
        response = self.post(query, variables, **kwargs)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """`data` of a query that must answer without errors."""
        body = self.query(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@contextmanager
def start_gateway(registries: Sequence[RegistrySettings], **settings: Any) -> Iterator[Gateway]:
    port = free_port()
    app = create_app(Settings(registries=tuple(registries), **settings))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
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


def rounds(requests: list[dict[str, Any]]) -> int:
    """Sequential rounds in a request log: the longest chain of requests each starting after the last ended."""
    ordered = sorted(requests, key=lambda r: r["start"])
    depth: list[int] = []
    for i, request in enumerate(ordered):
        before = [depth[j] for j in range(i) if ordered[j]["end"] <= request["start"]]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)
