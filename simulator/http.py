"""The plain request/reply values the handlers work with (no framework: the hot path stays short)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    query_string: str
    headers: dict[str, str]  # lower-case names
    base_url: str  # "http://host:port/" from the request's scheme and Host
    body: bytes = b""

    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query_string, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "application/json"
    extra: dict[str, str] = field(default_factory=dict)  # request-log annotations, never sent

    def with_headers(self, *headers: tuple[str, str]) -> Reply:
        return Reply(self.status, self.body, self.headers + headers, self.content_type, self.extra)


def render(body: bytes, base_url: str) -> bytes:
    """Put the request's scheme and host into the stored host-independent URLs ("~/...")."""
    return body.replace(b'"~/', b'"' + base_url.encode())
