"""Outgoing JWT-ZGW: an `httpx.Auth` that signs a short-lived HS256 token per registry client.

Open Zaak refuses a token whose `iat` is more than 3600 s old (403 jwt-expired), and clocks drift, so the
token is renewed every `renew_after_s` (default 300 s), long before that. A request made for an end user
(the principal named by the portal) carries their id in the `user_id` claim, so the registry's audittrail
records who asked; such tokens are kept per user, a bounded few.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator

import httpx
import jwt
from cachetools import LRUCache


def mint_token(client_id: str, secret: str, *, now: float | None = None, user_id: str = "") -> str:
    issued = int(time.time() if now is None else now)
    claims = {
        "iss": client_id,
        "client_id": client_id,
        "iat": issued,
        "user_id": user_id,
        "user_representation": user_id,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


class ZgwJwtAuth(httpx.Auth):
    """Adds `Authorization: Bearer <jwt>`; the token is reused until it is `renew_after_s` old."""

    def __init__(
        self,
        client_id: str,
        secret: str,
        *,
        renew_after_s: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client_id = client_id
        self._secret = secret
        self._renew_after_s = renew_after_s
        self._clock = clock
        self._tokens: LRUCache[str, tuple[str, float]] = LRUCache(maxsize=1024)  # user_id -> (token, minted)

    @property
    def identity(self) -> str:
        """Who we are to the registry: part of every cache key, never the secret."""
        return self._client_id

    def token(self, user_id: str = "") -> str:
        now = self._clock()
        found = self._tokens.get(user_id)
        if found is not None and now - found[1] < self._renew_after_s:
            return found[0]
        token = mint_token(self._client_id, self._secret, now=now, user_id=user_id)
        self._tokens[user_id] = (token, now)
        return token

    def header(self, user_id: str = "") -> str:
        """The Authorization header value for a request made for `user_id` ("" for the gateway itself)."""
        return f"Bearer {self.token(user_id)}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self.header()
        yield request
