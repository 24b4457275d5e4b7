"""Error replies with Open Zaak's problem fields, served as application/json like the real server."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass

import orjson

from simulator.http import Reply


@dataclass(frozen=True, slots=True)
class InvalidParam:
    name: str
    code: str
    reason: str


class ProblemError(Exception):
    """Raised anywhere in a handler; turned into a problem reply."""

    def __init__(
        self,
        status: int,
        kind: str,
        code: str,
        title: str,
        detail: str,
        invalid_params: tuple[InvalidParam, ...] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.code = code
        self.title = title
        self.detail = detail
        self.invalid_params = invalid_params

    def reply(self, base_url: str, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
        body: dict[str, object] = {
            "type": f"{base_url}ref/fouten/{self.kind}/",
            "code": self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": f"urn:uuid:{uuidlib.uuid4()}",
        }
        if self.invalid_params is not None:
            body["invalidParams"] = [
                {"name": p.name, "code": p.code, "reason": p.reason} for p in self.invalid_params
            ]
        return Reply(self.status, orjson.dumps(body), headers)


NO_PERMISSION = "Je hebt geen toestemming om deze actie uit te voeren."


def forbidden(code: str = "permission_denied", detail: str = NO_PERMISSION) -> ProblemError:
    return ProblemError(403, "PermissionDenied", code, NO_PERMISSION, detail)


def not_found(detail: str = "Niet gevonden.") -> ProblemError:
    return ProblemError(404, "NotFound", "not_found", "Niet gevonden.", detail)


def invalid(*params: InvalidParam) -> ProblemError:
    return ProblemError(400, "ValidationError", "invalid", "Ongeldige invoer.", "Ongeldige invoer.", params)


def invalid_field(name: str, code: str, reason: str) -> ProblemError:
    return invalid(InvalidParam(name, code, reason))


def method_not_allowed(method: str) -> ProblemError:
    return ProblemError(
        405, "MethodNotAllowed", "method_not_allowed", 'Methode "{method}" niet toegestaan.',
        f'Methode "{method}" niet toegestaan.',
    )  # fmt: skip


def not_acceptable(detail: str = "Kan niet voldoen aan de opgegeven Accept header.") -> ProblemError:
    return ProblemError(
        406, "NotAcceptable", "not_acceptable", "Kan niet voldoen aan de opgegeven Accept header.", detail
    )


def precondition_failed(header: str) -> ProblemError:
    return ProblemError(
        412,
        "PreconditionFailed",
        "precondition_failed",
        "Voorwaarde is niet vervuld",
        f"'{header}' header ontbreekt",
    )


def unsupported_media_type(media: str) -> ProblemError:
    return ProblemError(
        415, "UnsupportedMediaType", "unsupported_media_type", 'Ongeldige media type "{media_type}" in aanvraag.',
        f'Ongeldige media type "{media}" in aanvraag.',
    )  # fmt: skip


def server_error() -> ProblemError:
    return ProblemError(
        500, "APIException", "error", "Er is een serverfout opgetreden.", "Internal Server Error"
    )
