"""Typed errors. Each has a `code` that reaches the client as `errors[].extensions.code`.

graphql-core copies an original error's `extensions` onto the GraphQL error, so a registry failure on one
link becomes a null field with a located error, while the rest of the query still answers. Anything
untyped is masked (`should_mask`), so no stack trace or internal detail ever reaches a client.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

# Problem fields we pass on from a registry; never the request, never headers (tokens, BSNs).
_PROBLEM_FIELDS = ("type", "code", "title", "status", "detail", "instance", "invalidParams")


class GatewayError(Exception):
    code = "GATEWAY_ERROR"

    def __init__(self, message: str, *, registry: str | None = None) -> None:
        super().__init__(message)
        self.registry = registry

    @property
    def extensions(self) -> dict[str, Any]:
        extensions: dict[str, Any] = {"code": self.code}
        if self.registry is not None:
            extensions["registry"] = self.registry
        return extensions


class BadRequest(GatewayError):
    """The client asked for something that cannot be asked (bad cursor, bad argument combination)."""

    code = "BAD_REQUEST"


class UrlNotAllowed(GatewayError):
    """A URL (argument or backend data) outside every configured registry: never fetched."""

    code = "URL_NOT_ALLOWED"

    def __init__(self, url: str) -> None:
        super().__init__(f"{url!r} is not inside a configured registry")
        self.url = url


class UpstreamError(GatewayError):
    """A registry answered with an error, or with something that is not ZGW JSON."""

    code = "UPSTREAM_ERROR"

    def __init__(
        self,
        message: str,
        *,
        registry: str,
        status: int | None = None,
        problem: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, registry=registry)
        self.status = status
        self.problem = problem

    @property
    def retryable(self) -> bool:
        """Whether the same request may well succeed later: the registry failed to answer (a 5xx or 429, a
        timeout, no connection, an answer that is not ZGW JSON), rather than answered no (a 4xx)."""
        return self.status is None or self.status >= 500 or self.status == 429

    @property
    def extensions(self) -> dict[str, Any]:
        extensions = super().extensions
        extensions["retryable"] = self.retryable
        if self.status is not None:
            extensions["upstreamStatus"] = self.status
        if self.problem:
            extensions["problem"] = {k: self.problem[k] for k in _PROBLEM_FIELDS if k in self.problem}
        return extensions


class NotServed(UpstreamError):
    """A link into an API the registry is not configured with: nothing was asked, and asking again will not
    help (its code stays UPSTREAM_ERROR)."""

    @property
    def retryable(self) -> bool:
        return False


class NotFound(UpstreamError):
    code = "NOT_FOUND"

    @property
    def retryable(self) -> bool:
        return False


class Forbidden(UpstreamError):
    code = "FORBIDDEN"

    @property
    def retryable(self) -> bool:
        return False


class UpstreamBadRequest(UpstreamError):
    """The registry refused our request (400): a filter it does not know, a value it does not accept."""

    code = "BAD_REQUEST"

    @property
    def retryable(self) -> bool:
        return False


def refuses_expand(error: UpstreamBadRequest) -> bool:
    """Whether a registry's 400 is about the `expand` parameter: a Zaken API before 1.5 does not know it
    ("unknown-parameters", as vng-api-common refuses every parameter an operation does not list), and one
    may lack a path we ask for ("invalid_choice" on `expand`)."""
    params = (error.problem or {}).get("invalidParams")
    for param in params if isinstance(params, list) else ():
        if isinstance(param, dict) and (
            param.get("name") == "expand" or "expand" in str(param.get("reason", "")).split()
        ):
            return True
    return False


class UpstreamTimeout(UpstreamError):
    code = "UPSTREAM_TIMEOUT"


class UpstreamUnavailable(UpstreamError):
    """Not asked: the registry's collection failed too often lately (gateway/breaker.py)."""

    code = "UPSTREAM_UNAVAILABLE"


def should_mask(error: GraphQLError) -> bool:
    """MaskErrors predicate: hide every execution error that is not one of ours or graphql-core's own.

    Errors without a path arise before execution (parsing, validation, coercing variables and literals,
    a scalar refusing a value): graphql-core words them for the client, so they are shown.
    """
    original = error.original_error
    if original is None or error.path is None:
        return False
    return not isinstance(original, GatewayError | GraphQLError)
