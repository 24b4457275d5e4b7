"""Create (POST) handlers."""

from __future__ import annotations

from simulator.auth import Client
from simulator.http import Reply, Request
from simulator.problems import method_not_allowed
from simulator.registry import Registry
from simulator.routing import Route


def create(reg: Registry, req: Request, route: Route, client: Client) -> Reply:
    raise method_not_allowed("POST")
