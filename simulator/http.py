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
    # Where this registry's catalogue lives when it is another registry's (a shared, national catalogue):
    # stored catalogue references render under it, and filter values under it mean the local ones.
    catalogi_url: str = ""

    def query(self) -> list[tuple[str, str]]:
        pairs = parse_qsl(self.query_string, keep_blank_values=True)
        if self.catalogi_url:
            local = self.base_url + CATALOGI_PATH
            pairs = [(k, v.replace(self.catalogi_url, local)) for k, v in pairs]
        return pairs

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


CATALOGI_PATH = "catalogi/api/v1/"


def render(body: bytes, base_url: str, catalogi_url: str = "") -> bytes:
    """Put the request's scheme and host into the stored host-independent URLs ("~/..."); catalogue
    references go under `catalogi_url` when the catalogue is another registry's."""
    if catalogi_url:
        body = body.replace(b'"~/' + CATALOGI_PATH.encode(), b'"' + catalogi_url.encode())
    return body.replace(b'"~/', b'"' + base_url.encode())
