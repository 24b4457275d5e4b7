"""The loopback-only admin API (/_admin/...): request log, latency, faults, clients, summary. No auth."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import orjson

from simulator.auth import Client, to_local
from simulator.faults import FaultConfig, FaultInjector
from simulator.http import Reply, Request
from simulator.kinds import VERTROUWELIJKHEID_RANK, Api
from simulator.latency import LatencyModel, make_latency
from simulator.notifications import Notifier
from simulator.registry import Registry, expand_enum
from simulator.requestlog import RequestLog


@dataclass(slots=True)
class Controls:
    """The mutable knobs of a running simulator."""

    latency: LatencyModel
    faults: FaultInjector
    log: RequestLog


def _json(status: int, data: Any) -> Reply:
    return Reply(status, orjson.dumps(data))


def _error(message: str) -> Reply:
    return _json(400, {"error": message})


def handle_admin(reg: Registry, controls: Controls, req: Request) -> Reply:
    path = req.path.rstrip("/")
    method = req.method
    try:
        body: Any = orjson.loads(req.body) if req.body else {}
    except orjson.JSONDecodeError:
        return _error("body is not JSON")
    if not isinstance(body, dict):
        return _error("body must be a JSON object")
    try:
        if path == "/_admin/requests":
            if method == "GET":
                return _json(200, controls.log.snapshot())
            if method == "DELETE":
                controls.log.clear()
                return _json(200, {"count": 0})
        elif path == "/_admin/latency":
            if method == "PUT":
                controls.latency = _latency_from_json(body)
                return _json(200, controls.latency.describe())
            if method == "GET":
                return _json(200, controls.latency.describe())
        elif path == "/_admin/faults":
            if method == "PUT":
                controls.faults.configure(FaultConfig.from_json(body))
                return _json(200, controls.faults.config.to_json())
            if method == "DELETE":
                controls.faults.configure(FaultConfig())
                return _json(200, controls.faults.config.to_json())
            if method == "GET":
                return _json(200, controls.faults.config.to_json())
        elif path == "/_admin/expand" and method == "PUT":
            # {"zaken": false}: a Zaken API from before 1.5, which has no `expand` (refused as an unknown
            # parameter, as vng-api-common refuses every parameter its operation does not list)
            zaken = body.get("zaken", True)
            if not isinstance(zaken, bool):
                raise ValueError("zaken must be true or false")
            reg.zaak_expand = expand_enum(reg.contract, Api.ZAKEN, "/zaken/{uuid}") if zaken else ()
            return _json(200, {"zaken": bool(reg.zaak_expand)})
        elif path == "/_admin/clients" and method == "POST":
            client = _client_from_json(body)
            reg.auth.add_client(client)
            return _json(201, {"client_id": client.client_id})
        elif path == "/_admin/summary" and method == "GET":
            return _json(200, summary(reg, req.base_url))
        else:
            return _json(404, {"error": "unknown admin endpoint"})
    except (ValueError, TypeError, KeyError) as exc:
        return _error(str(exc))
    return _json(405, {"error": f"{method} not allowed here"})


async def handle_notifications_admin(notifier: Notifier, req: Request) -> Reply:
    """GET (?wait=1[&timeout=s]: first wait until no delivery is pending), DELETE (clear the log), PUT (settings:
    deliver, max_retries, backoff_s, backoff_base, backoff_max_s, timeout_s, check_callback_auth)."""
    method = req.method
    if method == "GET":
        params = dict(req.query())
        if params.get("wait", "0") not in ("", "0", "false"):
            try:
                timeout_s = float(params.get("timeout", "20"))
            except ValueError:
                return _error("timeout must be a number of seconds")
            if not await notifier.wait_idle(timeout_s):
                return _json(504, {"error": "deliveries still pending", **notifier.snapshot(req.base_url)})
        return _json(200, notifier.snapshot(req.base_url))
    if method == "DELETE":
        notifier.clear()
        return _json(200, notifier.snapshot(req.base_url))
    if method == "PUT":
        try:
            body: Any = orjson.loads(req.body) if req.body else {}
        except orjson.JSONDecodeError:
            return _error("body is not JSON")
        if not isinstance(body, dict):
            return _error("body must be a JSON object")
        try:
            notifier.configure(body)
        except (ValueError, TypeError) as exc:
            return _error(str(exc))
        return _json(200, notifier.settings.to_json())
    return _json(405, {"error": f"{method} not allowed here"})


def _latency_from_json(body: dict[str, Any]) -> LatencyModel:
    """{fixed_ms, jitter_ms} or {profile: "openzaak", workers, service_ms: {kind: ms}, contention, jitter,
    seed}."""
    workers = body.get("workers")
    contention = body.get("contention")
    jitter = body.get("jitter")
    service_ms = body.get("service_ms") or {}
    if not isinstance(service_ms, dict):
        raise ValueError("service_ms must be an object of kind: ms")
    return make_latency(
        float(body.get("fixed_ms", 0) or 0),
        float(body.get("jitter_ms", 0) or 0),
        body.get("profile"),
        workers=None if workers is None else int(workers),
        service_ms={str(k): float(v) for k, v in service_ms.items()},
        contention=None if contention is None else float(contention),
        jitter=None if jitter is None else float(jitter),
        seed=int(body.get("seed", 0) or 0),
    )


def _client_from_json(body: dict[str, Any]) -> Client:
    client_id = body["client_id"]
    secret = body["secret"]
    if not isinstance(client_id, str) or not isinstance(secret, str) or not client_id:
        raise ValueError("client_id and secret must be strings")
    max_v = body.get("max_vertrouwelijkheidaanduiding")
    if max_v is not None and max_v not in VERTROUWELIJKHEID_RANK:
        raise ValueError(f"unknown vertrouwelijkheidaanduiding {max_v!r}")
    return Client(
        client_id=client_id,
        secret=secret,
        scopes=frozenset(body.get("scopes") or ()),
        zaaktypen=frozenset(to_local(u) for u in body.get("zaaktypen") or ()),
        informatieobjecttypen=frozenset(to_local(u) for u in body.get("informatieobjecttypen") or ()),
        besluittypen=frozenset(to_local(u) for u in body.get("besluittypen") or ()),
        max_vertrouwelijkheid=VERTROUWELIJKHEID_RANK[max_v] if max_v else len(VERTROUWELIJKHEID_RANK) - 1,
        heeft_alle_autorisaties=bool(body.get("heeft_alle_autorisaties", False)),
    )


def summary(reg: Registry, base_url: str) -> dict[str, Any]:
    store = reg.store
    per_bsn: Counter[str] = Counter()
    rollen = store["rollen"]
    for bsn, uuids in rollen.indexes["betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"].items():
        zaken = {rollen.records[u].parent for u in uuids if u in rollen.records}
        per_bsn[bsn] = len(zaken)
    return {
        "counts": store.counts(),
        "bsns": [{"bsn": bsn, "zaken": n} for bsn, n in per_bsn.most_common(10)],
        "base_url": base_url,
        "registry": reg.name,
    }
