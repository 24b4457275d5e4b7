"""Notificaties: keep a subscription per registry, receive notifications, drop what they name.

For each registry with a `notificaties_url`, a background task registers one abonnement on the kanalen
zaken, documenten, besluiten, zaaktypen, informatieobjecttypen and besluittypen (those the NRC has), with
`{public_url}/notificaties` as callbackUrl and a bearer token only this process knows. The NRC checks the
callback with a test notification before it accepts (Open Notificaties does), so the first attempt waits for
the server to be up, and failures are retried with backoff. Old abonnementen with our callbackUrl are
removed first, so a restart leaves no duplicates; at shutdown ours is deleted.

While a registry's subscription stands, its cached resources are served until a notification names them
(`ResourceCache.set_live`). The subscription is checked every `notificaties_check_s`; when it is gone or the
NRC cannot be reached, notifications may have been lost, so the registry's cache is dropped and it goes back
to revalidating until it is subscribed again.

A notification drops the objects at its `resourceUrl` and `hoofdObject`, every list of the APIs its kanaal
can change, and on `destroy` everything held from that registry (a destroyed zaak takes its statussen, rollen
... with it, and they are not notified one by one).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.auth import ZgwJwtAuth
from gateway.cache import CatalogueCache, ResourceCache
from gateway.errors import UrlNotAllowed
from gateway.registries import Registries
from gateway.settings import Settings
from gateway.transport import make_http_client
from gateway.workers import Siblings

log = logging.getLogger("zaakgraph.notifications")

KANALEN = ("zaken", "documenten", "besluiten", "zaaktypen", "informatieobjecttypen", "besluittypen")
CALLBACK_PATH = "/notificaties"
# The APIs whose lists a notification on a kanaal can change. A zaakinformatieobject (kanaal zaken) or a
# besluitinformatieobject (besluiten) is mirrored as an objectinformatieobject in the Documenten API, and a
# besluit shows under its zaak (/zaken/{uuid}/besluiten).
_LISTS_CHANGED: Mapping[str, tuple[str, ...]] = {
    "zaken": ("zaken", "documenten"),
    "documenten": ("documenten",),
    "besluiten": ("besluiten", "documenten", "zaken"),
    "zaaktypen": ("catalogi",),
    "informatieobjecttypen": ("catalogi",),
    "besluittypen": ("catalogi",),
}
_CATALOGUE_KANALEN = frozenset({"zaaktypen", "informatieobjecttypen", "besluittypen"})
_FIRST_ATTEMPT_S = 0.5  # the server must be listening before the NRC's test notification arrives
_MAX_BACKOFF_S = 60.0


class SubscriptionRefused(Exception):
    """The NRC did not take our abonnement; the message says why."""


@dataclass(slots=True)
class Subscription:
    """Our abonnement at one Notificaties API, for every registry that publishes there."""

    registries: list[str]  # the first one's credentials are used
    nrc: str  # root of the Notificaties API, ending in '/'
    abonnement: str | None = None  # its URL, once the NRC took it
    kanalen: list[str] = field(default_factory=list)
    problem: str = "not yet subscribed"

    def report(self) -> dict[str, Any]:
        if self.abonnement is not None:
            return {"status": "subscribed", "kanalen": self.kanalen}
        return {"status": "not subscribed", "reason": self.problem}


class Notifications:
    """The subscriptions of every registry that has a Notificaties API, and the callback endpoint."""

    def __init__(
        self,
        settings: Settings,
        registries: Registries,
        cache: ResourceCache,
        catalogue: CatalogueCache,
        run_dir: Path | None = None,
    ) -> None:
        self.settings = settings
        self.registries = registries
        self.cache = cache
        self.catalogue = catalogue
        self.token = settings.resolve_callback_secret() or secrets.token_urlsafe(32)
        self.callback_url = f"{settings.public_url}{CALLBACK_PATH}" if settings.public_url else None
        # One abonnement per Notificaties API: registries that publish to the same NRC share it (with one
        # callbackUrl, a second abonnement there would replace the first).
        self.subscriptions: dict[str, Subscription] = {}
        self.nrc_of: dict[str, str] = {}  # registry name -> its NRC
        for r in settings.registries:
            if r.notificaties_url is not None:
                self.subscriptions.setdefault(r.notificaties_url, Subscription([], r.notificaties_url))
                self.subscriptions[r.notificaties_url].registries.append(r.name)
                self.nrc_of[r.name] = r.notificaties_url
        # With several workers (gateway/workers.py) one keeps the subscriptions and all share notifications.
        self.siblings = Siblings(run_dir, self._hear) if run_dir is not None else None
        self._live: dict[str, bool] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._clients: dict[str, tuple[httpx.AsyncClient, ZgwJwtAuth]] = {}

    # -- lifecycle ------------------------------------------------------------------------------------

    async def start(self) -> None:
        for config in self.settings.registries:
            nrc = config.notificaties_url
            if nrc is not None and nrc not in self._clients:
                http = make_http_client(4, config.connect_timeout_s, config.timeout_s)
                client_id = config.notificaties_client_id or config.client_id
                auth = ZgwJwtAuth(client_id, config.resolve_notificaties_secret())
                self._clients[nrc] = (http, auth)
        if self.siblings is not None:
            await self.siblings.start()
            for registry, live in self.siblings.read_state().items():
                if registry in self.nrc_of:
                    self.cache.set_live(registry, live)
        if self.subscriptions:
            self._tasks.append(asyncio.create_task(self._lead()))

    async def _lead(self) -> None:
        """Keep the subscriptions, once this worker has the lead (at once when it is the only one)."""
        while self.siblings is not None and not self.siblings.try_lead():
            await asyncio.sleep(self.settings.notificaties_check_s)
        await asyncio.gather(*(self._keep(s) for s in self.subscriptions.values()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):  # shutdown goes on regardless
                await task
        for subscription in self.subscriptions.values():
            if subscription.abonnement is not None:
                with contextlib.suppress(httpx.HTTPError, TimeoutError):
                    async with asyncio.timeout(3):
                        await self._call(subscription, "DELETE", subscription.abonnement)
                self._set_live(subscription, False)
        for http, _ in self._clients.values():
            await http.aclose()
        if self.siblings is not None:
            self.siblings.close()

    def _set_live(self, subscription: Subscription, live: bool) -> None:
        for registry in subscription.registries:
            self.cache.set_live(registry, live)
            if self.siblings is not None and self.siblings.leading and self._live.get(registry) != live:
                self._live[registry] = live
                self.siblings.write_state(self._live)
                self.siblings.send({"live": {registry: live}})

    def _hear(self, message: dict[str, Any]) -> None:
        """A message from a sibling worker: a notification it received, or a change of live state."""
        notification = message.get("notification")
        if notification is not None and not _invalid(notification):
            self.apply(notification)
        live = message.get("live")
        if isinstance(live, dict):
            for registry, state in live.items():
                if registry in self.nrc_of:
                    self.cache.set_live(registry, state is True)

    async def _keep(self, subscription: Subscription) -> None:
        """Subscribe, then check the subscription stands; renew it when it does not."""
        backoff = _FIRST_ATTEMPT_S
        await asyncio.sleep(_FIRST_ATTEMPT_S)
        while True:
            try:
                if subscription.abonnement is None:
                    await self._subscribe(subscription)
                    self._set_live(subscription, True)
                    backoff = _FIRST_ATTEMPT_S
                await asyncio.sleep(self.settings.notificaties_check_s)
                assert subscription.abonnement is not None
                response = await self._call(subscription, "GET", subscription.abonnement)
                if response.status_code == 404:
                    raise SubscriptionRefused("the abonnement is gone")
                if response.status_code >= 400:
                    raise SubscriptionRefused(f"checking the abonnement: HTTP {response.status_code}")
            except Exception as exc:  # an NRC that answers oddly must not end the task: retry later
                reason = str(exc) or type(exc).__name__
                if subscription.abonnement is not None or subscription.problem != reason:
                    log.warning("notifications from %s not subscribed: %s", subscription.nrc, reason)
                subscription.abonnement = None
                subscription.problem = reason
                self._set_live(subscription, False)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF_S)

    async def _subscribe(self, subscription: Subscription) -> None:
        assert self.callback_url is not None  # Settings require public_url with a notificaties_url
        nrc = subscription.nrc
        known = await self._all(subscription, nrc + "kanaal")
        kanalen = [k for k in KANALEN if any(item.get("naam") == k for item in known)]
        if not kanalen:
            raise SubscriptionRefused("the Notificaties API has none of our kanalen")
        for item in await self._all(subscription, nrc + "abonnement"):
            if item.get("callbackUrl") == self.callback_url and isinstance(item.get("url"), str):
                await self._call(subscription, "DELETE", item["url"])  # an earlier run's, or another worker's
        body = {
            "callbackUrl": self.callback_url,
            "auth": f"Bearer {self.token}",
            "kanalen": [{"naam": naam, "filters": {}} for naam in kanalen],
        }
        response = await self._call(subscription, "POST", nrc + "abonnement", body)
        if response.status_code != 201:
            raise SubscriptionRefused(
                f"the NRC refused the abonnement: HTTP {response.status_code} {_detail(response)}"
            )
        created = orjson.loads(response.content)
        subscription.abonnement = str(created["url"])
        subscription.kanalen = kanalen
        subscription.problem = ""
        log.info("subscribed at %s to %s", subscription.nrc, ", ".join(kanalen))

    async def _all(self, subscription: Subscription, url: str) -> list[dict[str, Any]]:
        """A Notificaties list: a bare array (Open Notificaties) or pages."""
        items: list[dict[str, Any]] = []
        next_url: str | None = url
        while next_url is not None:
            response = await self._call(subscription, "GET", next_url)
            if response.status_code != 200:
                raise SubscriptionRefused(f"GET {next_url}: HTTP {response.status_code}")
            data = orjson.loads(response.content)
            if isinstance(data, list):
                return [item for item in data if isinstance(item, dict)]
            items.extend(item for item in data.get("results", []) if isinstance(item, dict))
            nxt = data.get("next")
            next_url = nxt if isinstance(nxt, str) and nxt.startswith(subscription.nrc) else None
        return items

    async def _call(
        self, subscription: Subscription, method: str, url: str, body: Any = None
    ) -> httpx.Response:
        http, auth = self._clients[subscription.nrc]
        headers = {"Authorization": auth.header(), "Accept": "application/json"}
        content = None
        if body is not None:
            content = orjson.dumps(body)
            headers["Content-Type"] = "application/json"
        return await http.request(method, url, content=content, headers=headers)

    # -- receiving ------------------------------------------------------------------------------------

    async def receive(self, request: Request) -> Response:
        """POST /notificaties: the webhook of the Notificaties consumer spec (204, or a problem)."""
        header = request.headers.get("authorization")
        if header is None:
            return _problem(401, "not_authenticated", "The Authorization header is missing.", request)
        if not hmac.compare_digest(header.encode(), f"Bearer {self.token}".encode()):
            return _problem(403, "permission_denied", "The token is not ours.", request)
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return _problem(400, "parse_error", "The body is not JSON.", request)
        invalid = _invalid(body)
        if invalid:
            return _problem(400, "invalid", "The notification is not valid.", request, invalid)
        self.apply(body)
        if self.siblings is not None:
            self.siblings.send({"notification": body})
        return Response(status_code=204)

    def apply(self, notification: Mapping[str, Any]) -> int:
        """Drop what a notification names; returns how many entries went."""
        kanaal = str(notification["kanaal"])
        urls = [url for url in (notification["resourceUrl"], notification.get("hoofdObject")) if url]
        registries: set[str] = set()
        for url in urls:
            try:
                registries.add(self.registries.route(str(url)).client.name)
            except UrlNotAllowed:
                continue  # not a registry of ours (the NRC's test notification, another municipality)
        dropped = 0
        for url in urls:
            dropped += self.cache.drop_url(str(url))
            if kanaal in _CATALOGUE_KANALEN:  # only these can name a catalogue resource (a scan: rare)
                dropped += self.catalogue.drop(str(url))
        for name in registries:
            if notification.get("actie") == "destroy":
                dropped += self.cache.drop_registry(name)
                continue
            for api in _LISTS_CHANGED.get(kanaal, ()):
                dropped += self.cache.drop_lists(name, api)
        return dropped

    def report(self) -> dict[str, Any]:
        if self.siblings is None or self.siblings.leading:
            return {name: self.subscriptions[nrc].report() for name, nrc in self.nrc_of.items()}
        return {
            name: {
                "status": "subscribed" if self.cache.is_live(name) else "not subscribed",
                "by": "a sibling worker",
            }
            for name in self.nrc_of
        }


_REQUIRED = ("kanaal", "hoofdObject", "resource", "resourceUrl", "actie", "aanmaakdatum")


def _invalid(body: Any) -> list[dict[str, str]]:
    if not isinstance(body, dict):
        return [{"name": "nonFieldErrors", "code": "invalid", "reason": "A notification is a JSON object."}]
    return [
        {"name": name, "code": "required", "reason": "Dit veld is vereist."}
        for name in _REQUIRED
        if not isinstance(body.get(name), str) or not body[name]
    ]


def _problem(
    status: int, code: str, detail: str, request: Request, invalid: list[dict[str, str]] | None = None
) -> Response:
    body: dict[str, Any] = {
        "type": f"about:blank#{code}",
        "code": code,
        "title": detail,
        "status": status,
        "detail": detail,
        "instance": f"urn:uuid:{secrets.token_hex(16)}",
    }
    if invalid is not None:
        body["invalid-params"] = invalid
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _detail(response: httpx.Response) -> str:
    try:
        data = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return ""
    return str(data.get("detail", "")) if isinstance(data, dict) else ""
