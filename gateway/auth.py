"""Outgoing JWT-ZGW: an `httpx.Auth` that signs a short-lived HS256 token per registry client.

Open Zaak refuses a token whose `iat` is more than 3600 s old (403 jwt-expired), and clocks drift, so the
token is renewed every `renew_after_s` (default 300 s), long before that.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator

import httpx
import jwt


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
        self._token = ""
        self._minted_at = float("-inf")

    @property
    def identity(self) -> str:
        """Who we are to the registry: part of every cache key, never the secret."""
        return self._client_id

    def token(self) -> str:
        now = self._clock()
        if now - self._minted_at >= self._renew_after_s:
            self._token = mint_token(self._client_id, self._secret, now=now)
            self._minted_at = now
        return self._token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token()}"
        yield request
