"""The Notificaties API (Open Notificaties 1.x) at /notificaties/api/v1/: kanaal, abonnement, notificaties.

Async because creating or changing an abonnement first posts a test notification to its callback."""

from __future__ import annotations

import uuid as uuidlib
from datetime import datetime
from typing import Any

import orjson

from simulator.auth import AuthError, Client
from simulator.http import Reply, Request, render
from simulator.kanalen import camel, rendered, snake
from simulator.notifications import Abonnement, Kanaal, Notifier, camel_filters
from simulator.problems import (
    InvalidParam,
    ProblemError,
    forbidden,
    invalid,
    invalid_field,
    method_not_allowed,
    not_found,
    server_error,
)
from simulator.registry import Registry

NRC_PATH = "/notificaties/api/v1/"
NRC_VERSION = "1.0.0"
_API_HEADERS = (("API-version", NRC_VERSION),)
_CONSUME = "notificaties.consumeren"
_PUBLISH = "notificaties.publiceren"
_REQUIRED = "Dit veld is verplicht."
_BAD_URL = "Voer een geldige URL in."


def resource_of(path: str) -> str | None:
    """The request-log resource of an NRC path: "kanaal", "abonnement" or "notificaties"."""
    rest = path[len(NRC_PATH) :].strip("/").split("/")
    return rest[0] if rest and rest[0] in ("kanaal", "abonnement", "notificaties") else None


async def handle_nrc(reg: Registry, req: Request) -> tuple[Reply, Client | None]:
    client: Client | None = None
    try:
        rest = req.path[len(NRC_PATH) :].strip("/").split("/")
        if rest == ["schema", "openapi.yaml"]:
            return Reply(200, reg.contract.nrc_spec(), content_type="application/vnd.oai.openapi"), None
        try:
            client = reg.auth.authenticate(req.header("authorization"))
        except AuthError as exc:
            raise forbidden(exc.code, exc.detail) from None
        reply = await _dispatch(reg.notifier, req, client, rest)
    except ProblemError as problem:
        reply = problem.reply(req.base_url)
    except Exception:  # never a traceback on the wire
        reply = server_error().reply(req.base_url)
    return reply.with_headers(*_API_HEADERS), client


async def _dispatch(nrc: Notifier, req: Request, client: Client, rest: list[str]) -> Reply:
    method = req.method
    collection = rest[0]
    if len(rest) > 2 or collection not in ("kanaal", "abonnement", "notificaties"):
        raise not_found()
    if collection == "notificaties":
        if len(rest) != 1:
            raise not_found()
        if method != "POST":
            raise method_not_allowed(method)
        _require(client, _PUBLISH)
        return _publish(nrc, req)
    if collection == "kanaal":
        if len(rest) == 1 and method in ("GET", "HEAD"):
            _require(client, _PUBLISH, _CONSUME)
            return _kanaal_list(nrc, req)
        if len(rest) == 1 and method == "POST":
            _require(client, _PUBLISH)
            return _kanaal_create(nrc, req)
        if len(rest) == 2 and method in ("GET", "HEAD"):
            _require(client, _PUBLISH, _CONSUME)
            return _json(200, _find_kanaal(nrc, rest[1]).resource(), req)
        raise method_not_allowed(method)
    if len(rest) == 1:
        if method in ("GET", "HEAD"):
            _require(client, _PUBLISH, _CONSUME)
            return _json(200, [a.resource() for a in nrc.abonnementen.values()], req)
        if method == "POST":
            _require(client, _CONSUME)
            return await _abonnement_write(nrc, req, None)
        raise method_not_allowed(method)
    abonnement = _find_abonnement(nrc, rest[1])
    if method in ("GET", "HEAD"):
        _require(client, _PUBLISH, _CONSUME)
        return _json(200, abonnement.resource(), req)
    _require(client, _CONSUME)
    if method in ("PUT", "PATCH"):
        return await _abonnement_write(nrc, req, abonnement)
    if method == "DELETE":
        del nrc.abonnementen[abonnement.uuid]
        return Reply(204)
    raise method_not_allowed(method)


def _require(client: Client, *scopes: str) -> None:
    if not client.heeft_alle_autorisaties and not any(scope in client.scopes for scope in scopes):
        raise forbidden()


def _json(status: int, data: Any, req: Request) -> Reply:
    return Reply(status, render(orjson.dumps(data), req.base_url))


def _body(req: Request) -> dict[str, Any]:
    try:
        body = orjson.loads(req.body or b"null")
    except orjson.JSONDecodeError:
        raise invalid(InvalidParam("nonFieldErrors", "parse_error", "JSON parse error")) from None
    if not isinstance(body, dict):
        raise invalid_field(
            "nonFieldErrors", "invalid", "Ongeldige data. Verwacht een dictionary, kreeg een lijst."
        )
    return body


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://")) and len(value) > 10


def _valid_uuid(value: str) -> bool:
    try:
        uuidlib.UUID(value)
    except ValueError:
        return False
    return True


# -- kanaal ----------------------------------------------------------------------------------------------------


def _kanaal_list(nrc: Notifier, req: Request) -> Reply:
    params = req.query()
    unknown = sorted({k for k, _ in params} - {"naam"})
    if unknown:
        raise invalid_field(
            "nonFieldErrors", "unknown-parameters", f"Onbekende parameters: {', '.join(unknown)}"
        )
    naam = dict(params).get("naam")
    kanalen = [k for k in nrc.kanalen.values() if naam is None or k.naam == naam]
    return _json(200, [k.resource() for k in kanalen], req)


def _find_kanaal(nrc: Notifier, uuid: str) -> Kanaal:
    for kanaal in nrc.kanalen.values():
        if kanaal.uuid == uuid:
            return kanaal
    raise not_found()


def _kanaal_create(nrc: Notifier, req: Request) -> Reply:
    body = _body(req)
    problems: list[InvalidParam] = []
    naam = body.get("naam")
    if not isinstance(naam, str) or not naam:
        problems.append(InvalidParam("naam", "required", _REQUIRED))
    elif len(naam) > 50:
        problems.append(
            InvalidParam("naam", "max_length", "Zorg ervoor dat dit veld niet meer dan 50 karakters bevat.")
        )
    elif naam in nrc.kanalen:
        problems.append(InvalidParam("naam", "unique", "kanaal met deze naam bestaat al."))
    link = body.get("documentatieLink", "")
    if link not in ("", None) and not _is_url(link):
        problems.append(InvalidParam("documentatieLink", "invalid", _BAD_URL))
    filters = body.get("filters", [])
    if not isinstance(filters, list) or not all(isinstance(f, str) for f in filters):
        problems.append(InvalidParam("filters", "invalid", "Ongeldig type."))
    if problems:
        raise invalid(*problems)
    assert isinstance(naam, str)
    kanaal = Kanaal(str(uuidlib.uuid4()), naam, str(link or ""), list(filters))
    nrc.kanalen[naam] = kanaal
    reply = _json(201, kanaal.resource(), req)
    return reply.with_headers(("Location", req.base_url + kanaal.resource()["url"][2:]))


# -- abonnement ------------------------------------------------------------------------------------------------


def _find_abonnement(nrc: Notifier, uuid: str) -> Abonnement:
    abonnement = nrc.abonnementen.get(uuid) if _valid_uuid(uuid) else None
    if abonnement is None:
        raise not_found()
    return abonnement


def _kanalen_field(body: dict[str, Any], problems: list[InvalidParam]) -> list[tuple[str, dict[str, str]]]:
    raw = body.get("kanalen", [])
    if not isinstance(raw, list):
        problems.append(
            InvalidParam("kanalen", "not_a_list", "Verwachtte een lijst met items, kreeg type dict.")
        )
        return []
    groups: list[tuple[str, dict[str, str]]] = []
    for index, group in enumerate(raw):
        if not isinstance(group, dict):
            problems.append(InvalidParam(f"kanalen.{index}.nonFieldErrors", "invalid", "Ongeldige data."))
            continue
        naam = group.get("naam")
        if not isinstance(naam, str) or not naam:
            problems.append(InvalidParam(f"kanalen.{index}.naam", "required", _REQUIRED))
            continue
        filters = group.get("filters", {})
        if not isinstance(filters, dict) or not all(isinstance(v, str) for v in filters.values()):
            problems.append(InvalidParam(f"kanalen.{index}.filters", "invalid", "Ongeldig type."))
            continue
        groups.append((naam, camel_filters(filters)))
    return groups


async def _abonnement_write(nrc: Notifier, req: Request, current: Abonnement | None) -> Reply:
    """Create (current None), update (PUT) or partial_update (PATCH), validated in Open Notificaties' order:
    fields (the callback must refuse an unauthenticated post), the test notification with `auth`, then the
    kanalen and their filters."""
    body = _body(req)
    partial = req.method == "PATCH"
    problems: list[InvalidParam] = []
    callback = body.get("callbackUrl")
    auth = body.get("auth")
    if callback is None and not partial:
        problems.append(InvalidParam("callbackUrl", "required", _REQUIRED))
    elif callback is not None and not _is_url(callback):
        problems.append(InvalidParam("callbackUrl", "invalid", _BAD_URL))
    if auth is None and not partial:
        problems.append(InvalidParam("auth", "required", _REQUIRED))
    elif auth is not None and not isinstance(auth, str):
        problems.append(InvalidParam("auth", "invalid", "Ongeldig type."))
    groups = _kanalen_field(body, problems)
    if problems:
        raise invalid(*problems)
    if callback is not None and nrc.settings.check_callback_auth:
        status = await nrc.check_callback(callback, None)
        if status not in (401, 403):
            raise invalid_field(
                "callbackUrl",
                "no-auth-on-callback-url",
                "De opgegeven callback URL is niet beveiligd met autorisatie.",
            )
    url = callback if callback is not None else current.callback_url if current else ""
    # a PATCH without auth sends the test notification without Authorization (Open Notificaties does too)
    status = await nrc.check_callback(url, auth)
    if status is None or not 200 <= status <= 209:
        raise invalid_field(
            "nonFieldErrors",
            "invalid-callback-url",
            "De opgegeven callback URL kan geen notificaties ontvangen.",
        )
    for naam, filters in groups:
        kanaal = nrc.kanalen.get(naam)
        if kanaal is None:
            raise invalid_field("naam", "kanaal_naam", "Kanaal met deze naam bestaat niet.")
        if filters and not kanaal.filter_names_match(list(filters)):
            raise invalid_field(
                "filters",
                "inconsistent-abonnement-filters",
                "abonnement filters aren't consistent with kanaal filters",
            )
    if current is None:
        abonnement = Abonnement(str(uuidlib.uuid4()), url, str(auth), groups)
        nrc.abonnementen[abonnement.uuid] = abonnement
        reply = _json(201, abonnement.resource(), req)
        return reply.with_headers(("Location", req.base_url + abonnement.url[2:]))
    current.callback_url = url
    if auth is not None:
        current.auth = auth
    if "kanalen" in body or not partial:  # Open Notificaties replaces the kanalen on every update
        current.kanalen = groups
    return _json(200, current.resource(), req)


# -- notificaties ----------------------------------------------------------------------------------------------

_MESSAGE_FIELDS = (
    ("kanaal", 50),
    ("hoofdObject", None),
    ("resource", 100),
    ("resourceUrl", None),
    ("actie", 100),
)


def _publish(nrc: Notifier, req: Request) -> Reply:
    body = _body(req)
    problems: list[InvalidParam] = []
    for name, max_length in _MESSAGE_FIELDS:
        value = body.get(name)
        if value in (None, ""):
            problems.append(InvalidParam(name, "required", _REQUIRED))
        elif not isinstance(value, str):
            problems.append(InvalidParam(name, "invalid", "Ongeldig type."))
        elif max_length is None and not _is_url(value):
            problems.append(InvalidParam(name, "invalid", _BAD_URL))
        elif max_length is not None and len(value) > max_length:
            problems.append(
                InvalidParam(
                    name,
                    "max_length",
                    f"Zorg ervoor dat dit veld niet meer dan {max_length} karakters bevat.",
                )
            )
    aanmaakdatum = body.get("aanmaakdatum")
    if aanmaakdatum in (None, ""):
        problems.append(InvalidParam("aanmaakdatum", "required", _REQUIRED))
    elif not isinstance(aanmaakdatum, str) or not _is_datetime(aanmaakdatum):
        problems.append(InvalidParam("aanmaakdatum", "invalid", "Datetime heeft een ongeldig formaat."))
    kenmerken = body.get("kenmerken", {})
    if not isinstance(kenmerken, dict) or not all(isinstance(v, str) for v in kenmerken.values()):
        problems.append(InvalidParam("kenmerken", "invalid", "Ongeldig type."))
    if problems:
        raise invalid(*problems)
    kanaal = nrc.kanalen.get(body["kanaal"])
    if kanaal is None:
        raise invalid_field("kanaal", "message_kanaal", "Kanaal met deze naam bestaat niet.")
    if not kanaal.filter_names_match(list(kenmerken)):
        raise invalid_field(
            "kenmerken", "kenmerken_inconsistent", "Kenmerken aren't consistent with kanaal filters"
        )
    message = {name: body[name] for name, _ in _MESSAGE_FIELDS}
    if isinstance(body.get("source"), str):
        message["source"] = body["source"]
    message["aanmaakdatum"] = aanmaakdatum
    message["kenmerken"] = {_camel_key(k): v for k, v in kenmerken.items()}
    nrc.publish(message, "api")
    return _json(201, message, req)


def _camel_key(key: str) -> str:
    return camel(snake(key))


def _is_datetime(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def publish_write(reg: Registry, req: Request, message: dict[str, Any] | None) -> None:
    """Publish what a write of the registry itself produced (stored form, made absolute for this request)."""
    if message is not None:
        reg.notifier.publish(rendered(message, req.base_url, req.catalogi_url), "registry")
