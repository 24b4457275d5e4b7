"""Test helper shared by every test suite: a real simulator in a subprocess, plus a few conveniences.

with run_simulator(size=50, seed=1) as sim:
    zaken = sim.get("zaken/api/v1/zaken", rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=sim.bsn())
    assert sim.requests()["count"] == 1
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from simulator.auth import make_token
from simulator.people import WELL_KNOWN_BSN

ZAKEN_HEADERS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}


@dataclass(frozen=True)
class RunningSimulator:
    base_url: str  # "http://127.0.0.1:PORT/"
    client_id: str
    secret: str = field(repr=False)
    process: subprocess.Popen[bytes] = field(repr=False)

    def url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return self.base_url + path_or_url.lstrip("/")

    def token(self, client_id: str | None = None, secret: str | None = None) -> str:
        return make_token(client_id or self.client_id, secret or self.secret)

    def headers(self, client_id: str | None = None, secret: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(client_id, secret)}", **ZAKEN_HEADERS}

    def get(self, path_or_url: str, **params: Any) -> Any:
        """GET with auth and CRS headers; returns the decoded JSON (raises for a non-2xx status)."""
        response = httpx.get(self.url(path_or_url), params=params or None, headers=self.headers(), timeout=30)
        response.raise_for_status()
        return response.json()

    def request(self, method: str, path_or_url: str, **kwargs: Any) -> httpx.Response:
        """Any request with auth and CRS headers (pass headers=... to add or override)."""
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        return httpx.request(method, self.url(path_or_url), headers=headers, timeout=30, **kwargs)

    def patch(self, path_or_url: str, body: dict[str, Any]) -> httpx.Response:
        """PATCH with auth and CRS headers (the answer as is, whatever its status)."""
        return self.request("PATCH", path_or_url, json=body)

    def put(self, path_or_url: str, body: dict[str, Any]) -> httpx.Response:
        return self.request("PUT", path_or_url, json=body)

    def delete(self, path_or_url: str) -> httpx.Response:
        return self.request("DELETE", path_or_url)

    def _admin(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> Any:
        response = httpx.request(
            method, self.url(f"_admin/{path}"), json=body, params=params, timeout=timeout
        )
        response.raise_for_status()
        return response.json()

    def notifications(self) -> dict[str, Any]:
        """{"notifications": [{"id", "source", "dropped", "message", "deliveries": [...]}], "count", "pending",
        "checks": [...], "settings": {...}}; see simulator/README.md, "Notificaties"."""
        result: dict[str, Any] = self._admin("GET", "notifications")
        return result

    def messages(self, kanaal: str | None = None) -> list[dict[str, Any]]:
        """The bodies of the notifications published so far (optionally on one kanaal), oldest first."""
        return [
            n["message"]
            for n in self.notifications()["notifications"]
            if kanaal is None or n["message"]["kanaal"] == kanaal
        ]

    def wait_notifications(self, timeout_s: float = 20.0) -> dict[str, Any]:
        """Wait until every queued delivery is done (delivered or out of retries); the log, as notifications()."""
        result: dict[str, Any] = self._admin(
            "GET", "notifications", params={"wait": "1", "timeout": str(timeout_s)}, timeout=timeout_s + 10
        )
        return result

    def clear_notifications(self) -> None:
        self._admin("DELETE", "notifications")

    def set_notifications(self, **settings: Any) -> dict[str, Any]:
        """deliver (False: publish into the log but deliver nothing), max_retries, backoff_s, backoff_base,
        backoff_max_s, timeout_s, check_callback_auth; returns all settings."""
        result: dict[str, Any] = self._admin("PUT", "notifications", settings)
        return result

    def requests(self) -> dict[str, Any]:
        """{"requests": [...], "count": n, "rounds": r}"""
        result: dict[str, Any] = self._admin("GET", "requests")
        return result

    def reset_requests(self) -> None:
        self._admin("DELETE", "requests")

    def requests_to(self, resource: str) -> int:
        return sum(1 for r in self.requests()["requests"] if r["resource"] == resource)

    def set_latency(
        self,
        fixed_ms: float = 0.0,
        jitter_ms: float = 0.0,
        profile: str | None = None,
        *,
        workers: int | None = None,
        service_ms: dict[str, float] | None = None,
        contention: float | None = None,
        jitter: float | None = None,
        seed: int = 0,
    ) -> dict[str, Any]:
        """Independent delays (fixed_ms, jitter_ms), or profile="openzaak" with its server settings."""
        body: dict[str, Any] = {
            "fixed_ms": fixed_ms,
            "jitter_ms": jitter_ms,
            "profile": profile,
            "seed": seed,
        }
        if workers is not None:
            body["workers"] = workers
        if service_ms:
            body["service_ms"] = service_ms
        if contention is not None:
            body["contention"] = contention
        if jitter is not None:
            body["jitter"] = jitter
        result: dict[str, Any] = self._admin("PUT", "latency", body)
        return result

    def set_faults(self, **faults: Any) -> None:
        """error_rate, statuses, timeout_rate, reset_rate, truncate_rate, malformed_rate, slow_body_rate,
        path_regex, seed."""
        self._admin("PUT", "faults", faults)

    def clear_faults(self) -> None:
        self._admin("DELETE", "faults")

    def set_expand(self, zaken: bool) -> None:
        """zaken=False: the Zaken API refuses `expand` as an unknown parameter (as one before 1.5 does)."""
        self._admin("PUT", "expand", {"zaken": zaken})

    def add_client(
        self,
        client_id: str,
        secret: str,
        *,
        scopes: Sequence[str] = (),
        zaaktypen: Sequence[str] = (),
        informatieobjecttypen: Sequence[str] = (),
        besluittypen: Sequence[str] = (),
        max_vertrouwelijkheidaanduiding: str | None = None,
        heeft_alle_autorisaties: bool = False,
    ) -> None:
        self._admin(
            "POST",
            "clients",
            {
                "client_id": client_id, "secret": secret, "scopes": list(scopes), "zaaktypen": list(zaaktypen),
                "informatieobjecttypen": list(informatieobjecttypen), "besluittypen": list(besluittypen),
                "max_vertrouwelijkheidaanduiding": max_vertrouwelijkheidaanduiding,
                "heeft_alle_autorisaties": heeft_alle_autorisaties,
            },
        )  # fmt: skip

    def summary(self) -> dict[str, Any]:
        result: dict[str, Any] = self._admin("GET", "summary")
        return result

    def bsn(self) -> str:
        """The well-known citizen with 20-40 zaken."""
        return WELL_KNOWN_BSN


@contextmanager
def run_simulator(
    *, size: int = 50, seed: int = 1, extra_args: Sequence[str] = (), startup_timeout_s: float = 120.0
) -> Iterator[RunningSimulator]:
    command = [sys.executable, "-m", "simulator", "--host", "127.0.0.1", "--port", "0", "--size", str(size),
               "--seed", str(seed), "--json", *extra_args]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=None)
    try:
        assert process.stdout is not None
        line = _read_line(process, startup_timeout_s)
        facts = orjson.loads(line)
        yield RunningSimulator(facts["base_url"], facts["client_id"], facts["secret"], process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _read_line(process: subprocess.Popen[bytes], timeout_s: float) -> bytes:
    import selectors

    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    try:
        if not selector.select(timeout_s):
            raise RuntimeError(f"simulator did not start within {timeout_s} s")
    finally:
        selector.close()
    line = process.stdout.readline()
    if not line:
        raise RuntimeError(f"simulator exited during start-up (code {process.poll()})")
    return line
