"""The Notificaties component's state and delivery: kanalen, abonnementen, the notification log and one
delivery queue per abonnement (order per abonnement is kept; a failing delivery is retried with backoff
before the next one is sent, like Open Notificaties' scheduled retries)."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

import httpx

from simulator.kanalen import KANALEN, camel, snake

NRC_ROOT = "~/notificaties/api/v1/"
_LOG_LIMIT = 100_000

# What Open Notificaties posts to a callback when an abonnement is created or changed (src/nrc/api/validators.py)
TEST_MESSAGE: dict[str, Any] = {
    "kanaal": "test",
    "hoofdObject": "http://some.hoofdobject.nl/",
    "resource": "some_resource",
    "resourceUrl": "http://some.resource.nl/",
    "actie": "create",
    "aanmaakdatum": "2019-01-01T12:00:00Z",
    "kenmerken": {},
}


@dataclass(slots=True)
class Kanaal:
    uuid: str
    naam: str
    documentatie_link: str
    filters: list[str]

    def resource(self) -> dict[str, Any]:
        return {"url": f"{NRC_ROOT}kanaal/{self.uuid}", "naam": self.naam,
                "documentatieLink": self.documentatie_link, "filters": list(self.filters)}  # fmt: skip

    def filter_names_match(self, names: list[str]) -> bool:
        """Open Notificaties' Kanaal.match_filter_names: one set of names contains the other."""
        own = {snake(f) for f in self.filters}
        other = {snake(n) for n in names}
        return own <= other or own >= other


@dataclass(slots=True)
class Abonnement:
    uuid: str
    callback_url: str
    auth: str = field(repr=False)
    kanalen: list[tuple[str, dict[str, str]]]  # (kanaal naam, filters with camelCase keys)

    @property
    def url(self) -> str:
        return f"{NRC_ROOT}abonnement/{self.uuid}"

    def resource(self) -> dict[str, Any]:
        return {
            "url": self.url, "callbackUrl": self.callback_url,
            "kanalen": [{"filters": dict(filters), "naam": naam} for naam, filters in self.kanalen],
            "sendCloudevents": False, "cloudeventFilters": [],
        }  # fmt: skip

    def wants(self, message: dict[str, Any]) -> bool:
        """Open Notificaties' match_pattern: every filter the message has a kenmerk for must match ("*": any)."""
        kenmerken = message.get("kenmerken") or {}
        for naam, filters in self.kanalen:
            if naam != message.get("kanaal"):
                continue
            if all(value in ("*", kenmerken[key]) for key, value in filters.items() if key in kenmerken):
                return True
        return False


@dataclass(slots=True)
class Delivery:
    abonnement: str  # abonnement URL (stored form)
    callback_url: str
    attempts: int = 0
    statuses: list[int | None] = field(default_factory=list)  # None: no answer (connection error, timeout)
    errors: list[str] = field(default_factory=list)
    delivered: bool = False
    done: bool = False

    def to_json(self, base_url: str) -> dict[str, Any]:
        return {
            "abonnement": base_url + self.abonnement[2:], "callbackUrl": self.callback_url,
            "attempts": self.attempts, "statuses": list(self.statuses),
            "status": self.statuses[-1] if self.statuses else None, "errors": list(self.errors),
            "delivered": self.delivered, "done": self.done,
        }  # fmt: skip


@dataclass(slots=True)
class Published:
    id: int
    message: dict[str, Any]  # as delivered (absolute URLs)
    source: str  # "registry" (a write of the simulator) or "api" (POST /notificaties)
    dropped: bool  # published while delivery was off
    deliveries: list[Delivery] = field(default_factory=list)

    def to_json(self, base_url: str) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "dropped": self.dropped, "message": self.message,
                "deliveries": [d.to_json(base_url) for d in self.deliveries]}  # fmt: skip


@dataclass(slots=True)
class CallbackCheck:
    callback_url: str
    with_auth: bool
    status: int | None
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"callbackUrl": self.callback_url, "withAuth": self.with_auth, "status": self.status,
                "error": self.error}  # fmt: skip


@dataclass(slots=True)
class DeliverySettings:
    """Open Notificaties retries 7 times with backoff 25 s x 4^n (notifications-api-common defaults); the
    simulator keeps the shape but in tenths of a second so tests need not wait."""

    deliver: bool = True
    max_retries: int = 5
    backoff_s: float = 0.1
    backoff_base: float = 2.0
    backoff_max_s: float = 2.0
    timeout_s: float = 5.0
    # production Open Notificaties (TEST_CALLBACK_AUTH) first posts without Authorization and wants 401/403
    check_callback_auth: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"deliver": self.deliver, "max_retries": self.max_retries, "backoff_s": self.backoff_s,
                "backoff_base": self.backoff_base, "backoff_max_s": self.backoff_max_s,
                "timeout_s": self.timeout_s, "check_callback_auth": self.check_callback_auth}  # fmt: skip

    def backoff(self, retry: int) -> float:
        return float(min(self.backoff_max_s, self.backoff_s * self.backoff_base**retry))


class Notifier:
    def __init__(self, kanaal_uuids: list[str] | None = None) -> None:
        uuids = kanaal_uuids or [f"00000000-0000-4000-8000-{i:012d}" for i in range(1, len(KANALEN) + 1)]
        self.kanalen: dict[str, Kanaal] = {
            # Open Zaak registers its kanalen with a link to its own kanaal documentation page
            k.naam: Kanaal(uuid, k.naam, f"~/ref/kanalen/#{k.naam}", list(k.kenmerken))
            for k, uuid in zip(KANALEN, uuids, strict=False)
        }
        self.abonnementen: dict[str, Abonnement] = {}  # uuid -> abonnement
        self.settings = DeliverySettings()
        self.published: list[Published] = []
        self.checks: list[CallbackCheck] = []
        self._ids = itertools.count(1)
        self._queues: dict[str, asyncio.Queue[tuple[Delivery, dict[str, Any], Abonnement]]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._pending = 0
        self._idle: asyncio.Event | None = None
        self._http: httpx.AsyncClient | None = None

    # -- publishing ------------------------------------------------------------------------------------------

    def publish(self, message: dict[str, Any], source: str) -> Published:
        """Log the message and queue one delivery per interested abonnement (nothing waits for them)."""
        entry = Published(next(self._ids), message, source, dropped=not self.settings.deliver)
        if len(self.published) >= _LOG_LIMIT:  # a long benchmark of creates must not grow without end
            del self.published[: _LOG_LIMIT // 10]
        self.published.append(entry)
        if entry.dropped:
            return entry
        for abonnement in self.abonnementen.values():
            if abonnement.wants(message):
                delivery = Delivery(abonnement.url, abonnement.callback_url)
                entry.deliveries.append(delivery)
                self._enqueue(abonnement, delivery, message)
        return entry

    def _enqueue(self, abonnement: Abonnement, delivery: Delivery, message: dict[str, Any]) -> None:
        queue = self._queues.get(abonnement.uuid)
        if queue is None:
            queue = self._queues[abonnement.uuid] = asyncio.Queue()
        self._pending += 1
        self._idle_event().clear()
        queue.put_nowait((delivery, message, abonnement))
        worker = self._workers.get(abonnement.uuid)
        if worker is None or worker.done():
            self._workers[abonnement.uuid] = asyncio.get_running_loop().create_task(self._work(queue))

    async def _work(self, queue: asyncio.Queue[tuple[Delivery, dict[str, Any], Abonnement]]) -> None:
        while not queue.empty():
            delivery, message, abonnement = queue.get_nowait()
            try:
                await self._deliver(delivery, message, abonnement)
            finally:
                delivery.done = True
                self._pending -= 1
                if self._pending == 0:
                    self._idle_event().set()

    async def _deliver(self, delivery: Delivery, message: dict[str, Any], abonnement: Abonnement) -> None:
        headers = {"Content-Type": "application/json"}
        if abonnement.auth:
            headers["Authorization"] = abonnement.auth
        for attempt in range(self.settings.max_retries + 1):
            if attempt:
                await asyncio.sleep(self.settings.backoff(attempt - 1))
            if abonnement.uuid not in self.abonnementen:
                delivery.errors.append("abonnement deleted")
                return
            delivery.attempts += 1
            status, error = await self._post(delivery.callback_url, message, headers)
            delivery.statuses.append(status)
            if status is not None and 200 <= status < 300:
                delivery.delivered = True
                return
            delivery.errors.append(error or f"status {status}")

    async def _post(self, url: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int | None, str]:
        try:
            response = await self._client().post(
                url, json=body, headers=headers, timeout=self.settings.timeout_s
            )
        except httpx.HTTPError as exc:
            return None, f"{type(exc).__name__}: {exc}"[:300]
        return response.status_code, ""

    # -- abonnement callback checks -----------------------------------------------------------------------

    async def check_callback(self, url: str, auth: str | None) -> int | None:
        """POST the test message (Authorization: auth, when given); the status, or None without an answer."""
        headers = {"Authorization": auth} if auth is not None else {}
        status, error = await self._post(url, TEST_MESSAGE, headers)
        self.checks.append(CallbackCheck(url, auth is not None, status, error))
        return status

    # -- waiting and admin -----------------------------------------------------------------------------------

    def _idle_event(self) -> asyncio.Event:
        if self._idle is None:
            self._idle = asyncio.Event()
            self._idle.set()
        return self._idle

    @property
    def pending(self) -> int:
        return self._pending

    async def wait_idle(self, timeout_s: float) -> bool:
        """True once no delivery is queued, being sent or waiting for a retry; False after the timeout."""
        if self._pending == 0:
            return True
        try:
            async with asyncio.timeout(timeout_s):
                await self._idle_event().wait()
        except TimeoutError:
            return False
        return True

    def snapshot(self, base_url: str) -> dict[str, Any]:
        return {
            "notifications": [p.to_json(base_url) for p in self.published], "count": len(self.published),
            "pending": self._pending, "checks": [c.to_json() for c in self.checks],
            "settings": self.settings.to_json(),
        }  # fmt: skip

    def clear(self) -> None:
        self.published.clear()
        self.checks.clear()

    def configure(self, body: dict[str, Any]) -> None:
        known = set(self.settings.to_json())
        unknown = sorted(set(body) - known)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(unknown)}")
        current = self.settings
        for name in ("deliver", "check_callback_auth"):
            if name in body:
                if not isinstance(body[name], bool):
                    raise ValueError(f"{name} must be true or false")
                setattr(current, name, body[name])
        if "max_retries" in body:
            current.max_retries = max(0, int(body["max_retries"]))
        for name in ("backoff_s", "backoff_base", "backoff_max_s", "timeout_s"):
            if name in body:
                value = float(body[name])
                if value < 0:
                    raise ValueError(f"{name} must not be negative")
                setattr(current, name, value)

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(trust_env=False)
        return self._http

    async def aclose(self) -> None:
        for worker in self._workers.values():
            worker.cancel()
        if self._http is not None:
            await self._http.aclose()
            self._http = None


def camel_filters(filters: dict[str, str]) -> dict[str, str]:
    """Abonnement filter keys as Open Notificaties serves them back (underscoreized, then camelized)."""
    return {camel(snake(key)): value for key, value in filters.items()}
