"""One ZGW request to one reply: routing, headers Open Zaak checks, auth, then the handler."""

from __future__ import annotations

from simulator import document_updates, updates, views, writes, zaak_updates
from simulator.auth import AuthError, Client
from simulator.expand import ServerBugError
from simulator.http import Reply, Request
from simulator.kinds import API_VERSIONS, Api
from simulator.problems import (
    ProblemError,
    forbidden,
    method_not_allowed,
    not_acceptable,
    not_found,
    precondition_failed,
    server_error,
)
from simulator.registry import Registry
from simulator.routing import Op, Route, api_of_path, route

_CRS = "EPSG:4326"
_HTML_500 = b"<!doctype html><html><head><title>Server Error (500)</title></head><body><h1>Server Error (500)</h1></body></html>"


def _needs_crs(found: Route, method: str) -> bool:
    return (
        found.kind is not None
        and found.kind.key == "zaken"
        and found.op in (Op.LIST, Op.DETAIL, Op.SEARCH)
        and method != "DELETE"  # a 204 has no geometry to negotiate
    )


def _check_crs(req: Request, found: Route) -> None:
    accept_crs = req.header("accept-crs")
    if accept_crs is None:
        raise precondition_failed("Accept-Crs")
    if accept_crs != _CRS:
        raise not_acceptable(f"CRS '{accept_crs}' is niet ondersteund")
    if req.method in ("POST", "PUT", "PATCH"):
        content_crs = req.header("content-crs")
        if content_crs is None:
            raise precondition_failed("Content-Crs")
        if content_crs != _CRS:
            raise not_acceptable(f"CRS '{content_crs}' is niet ondersteund")


def _reject_problem_only_accept(req: Request) -> None:
    accept = req.header("accept")
    if accept is not None and accept.strip() == "application/problem+json":
        raise not_acceptable()


def handle(reg: Registry, req: Request) -> tuple[Reply, Client | None, Route | None]:
    """The reply (with API-version / Content-Crs headers), who asked, and what was asked."""
    api = api_of_path(req.path)
    found = route(req.path)
    headers: tuple[tuple[str, str], ...] = ()
    if api is not None:
        headers = (("API-version", API_VERSIONS[api]),)
    if found is not None and _needs_crs(found, req.method):
        headers += (("Content-Crs", _CRS),)
    client: Client | None = None
    try:
        if found is None:
            raise not_found()
        if found.op is Op.SCHEMA:
            return views.schema(reg, found.api).with_headers(*headers), None, found
        if found.op is not Op.DOWNLOAD:
            _reject_problem_only_accept(req)
        try:
            client = reg.auth.authenticate(req.header("authorization"))
        except AuthError as exc:
            raise forbidden(exc.code, exc.detail) from None
        if _needs_crs(found, req.method):
            _check_crs(req, found)
        reply = _dispatch(reg, req, found, client)
    except ProblemError as problem:
        reply = problem.reply(req.base_url)
    except ServerBugError:
        reply = Reply(500, _HTML_500, content_type="text/html; charset=utf-8")
    except Exception:  # never a traceback on the wire
        reply = server_error().reply(req.base_url)
    return reply.with_headers(*headers), client, found


def _dispatch(reg: Registry, req: Request, found: Route, client: Client) -> Reply:
    method = req.method
    if method in ("GET", "HEAD"):
        if found.op is Op.DETAIL:
            return views.detail(reg, req, found, client)
        if found.op is Op.LIST:
            return views.listing(reg, req, found, client)
        if found.op is Op.DOWNLOAD:
            return views.download(reg, req, found, client)
        raise method_not_allowed(method)
    if method == "POST":
        if found.op is Op.SEARCH:
            return views.search(reg, req, found, client)
        if found.op is Op.LIST:
            return writes.create(reg, req, found, client)
        if found.op is Op.LOCK:
            return document_updates.lock(reg, req, found, client)
        if found.op is Op.UNLOCK:
            return document_updates.unlock(reg, req, found, client)
    if found.op is Op.DETAIL and found.kind is not None and method in ("PUT", "PATCH", "DELETE"):
        key = found.kind.key
        if key == "zaken":
            if method == "DELETE":
                return zaak_updates.destroy_zaak(reg, req, found, client)
            return zaak_updates.update_zaak(reg, req, found, client)
        if key == document_updates.KEY:
            if method == "DELETE":
                return document_updates.destroy(reg, req, found, client)
            return document_updates.update(reg, req, found, client)
        if updates.handles(found.kind):
            if method == "DELETE":
                return updates.destroy(reg, req, found, client)
            return updates.update(reg, req, found, client)
    raise method_not_allowed(method)


def api_name(path: str) -> Api | None:
    return api_of_path(path)
