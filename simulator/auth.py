"""JWT-ZGW authentication (HS256, one secret per client) and per-client autorisaties."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field

import jwt

from simulator.kinds import LOCAL, VERTROUWELIJKHEID_RANK, Api
from simulator.store import Record

MAX_TOKEN_AGE_S = 3600
_CACHE_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Client:
    client_id: str
    secret: str = field(repr=False)
    scopes: frozenset[str] = frozenset()
    zaaktypen: frozenset[str] = frozenset()  # local URLs
    informatieobjecttypen: frozenset[str] = frozenset()
    besluittypen: frozenset[str] = frozenset()
    max_vertrouwelijkheid: int = len(VERTROUWELIJKHEID_RANK) - 1
    heeft_alle_autorisaties: bool = False

    def may_use(self, api: Api, action: str = "lezen") -> bool:
        """Scope check: Open Zaak answers 403 when the client has no autorisatie for the component."""
        if self.heeft_alle_autorisaties:
            return True
        scope = (
            "catalogi.schrijven" if (api is Api.CATALOGI and action != "lezen") else f"{api.value}.{action}"
        )
        return scope in self.scopes

    def may_see(self, api: Api, record: Record) -> bool:
        """Whether this record is within the client's autorisaties (type and vertrouwelijkheid)."""
        if self.heeft_alle_autorisaties or api is Api.CATALOGI:
            return True
        types = {
            Api.ZAKEN: self.zaaktypen,
            Api.DOCUMENTEN: self.informatieobjecttypen,
            Api.BESLUITEN: self.besluittypen,
        }[api]
        if record.scope_type not in types:
            return False
        return api is Api.BESLUITEN or record.vertrouwelijkheid <= self.max_vertrouwelijkheid


class AuthError(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


NO_PERMISSION = "Je hebt geen toestemming om deze actie uit te voeren."


def to_local(url: str) -> str:
    """A client configuration URL in the store's host-independent form (any host counts, for tests)."""
    if url.startswith(LOCAL):
        return url
    scheme_end = url.find("://")
    if scheme_end == -1:
        return url
    path_start = url.find("/", scheme_end + 3)
    return LOCAL + url[path_start + 1 :] if path_start != -1 else url


class Authenticator:
    def __init__(self) -> None:
        self.clients: dict[str, Client] = {}
        self._verified: dict[str, tuple[str, float, str | None]] = {}  # token -> (client_id, iat, user_id)

    def add_client(self, client: Client) -> None:
        self.clients[client.client_id] = client
        self._verified.clear()

    def authenticate(self, authorization: str | None) -> Client:
        if not authorization or not authorization.startswith("Bearer "):
            raise AuthError("permission_denied", NO_PERMISSION)
        token = authorization[7:].strip()
        cached = self._verified.get(token)
        if cached is None:
            cached = self._verify(token)
            if len(self._verified) >= _CACHE_LIMIT:
                self._verified.clear()
            self._verified[token] = cached
        client_id, iat, _user = cached
        if time.time() - iat > MAX_TOKEN_AGE_S:
            raise AuthError("jwt-expired", "De JWT die gebruikt is voor dit verzoek is verlopen")
        client = self.clients.get(client_id)
        if client is None:
            raise AuthError("invalid-client-identifier", "Client identifier bestaat niet")
        return client

    def user_of(self, authorization: str | None) -> str | None:
        """The `user_id` claim of an already verified token (for the request log), or None."""
        if not authorization or not authorization.startswith("Bearer "):
            return None
        cached = self._verified.get(authorization[7:].strip())
        return cached[2] if cached is not None else None

    def _verify(self, token: str) -> tuple[str, float, str | None]:
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise AuthError(
                "jwt-decode-error",
                "Het JWT kon niet gedecodeerd worden. Mogelijks heb je een copy-paste fout gemaakt",
            ) from exc
        client_id = claims.get("client_id") or claims.get("iss")
        client = self.clients.get(str(client_id)) if client_id else None
        if client is None:
            raise AuthError("invalid-client-identifier", "Client identifier bestaat niet")
        try:
            _check_signature(token, client.secret)
        except jwt.PyJWTError as exc:
            raise AuthError("invalid-jwt-signature", "Client credentials zijn niet geldig") from exc
        iat = claims.get("iat")
        if not isinstance(iat, int | float):
            raise AuthError("jwt-missing-iat-claim", "Missing required iat claim")
        user = claims.get("user_id")
        return str(client_id), float(iat), str(user) if user else None


def _check_signature(token: str, secret: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # test clients use short secrets on purpose
        jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            options={"verify_exp": False, "verify_iat": False, "verify_aud": False, "verify_nbf": False},
        )


def make_token(client_id: str, secret: str, iat: float | None = None) -> str:
    issued = int(time.time() if iat is None else iat)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # short test secrets are fine here
        return jwt.encode(
            {
                "iss": client_id,
                "client_id": client_id,
                "iat": issued,
                "user_id": "simulator",
                "user_representation": "",
            },
            secret,
            algorithm="HS256",
        )
