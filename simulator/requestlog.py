"""The request log the admin API exposes, with the number of sequential backend rounds."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    id: int
    method: str
    path: str
    query: str
    status: int
    client_id: str | None
    start: float  # seconds since server start (monotonic)
    end: float
    duration_ms: float
    resource: str | None
    api: str | None
    queue_ms: float = 0.0  # waiting for a worker of the latency model (openzaak profile)
    service_ms: float = 0.0  # being worked on (the delay a --latency-ms model adds)
    user_id: str | None = None  # the JWT's user_id claim: the end user a client says it asks for


class RequestLog:
    def __init__(self, limit: int = 200_000) -> None:
        self.entries: list[LoggedRequest] = []
        self.limit = limit
        self._next_id = 1

    def next_id(self) -> int:
        value = self._next_id
        self._next_id += 1
        return value

    def add(self, entry: LoggedRequest) -> None:
        if len(self.entries) >= self.limit:
            del self.entries[: self.limit // 10]
        self.entries.append(entry)

    def clear(self) -> None:
        self.entries.clear()

    def snapshot(self) -> dict[str, Any]:
        entries = list(self.entries)
        return {"requests": [asdict(e) for e in entries], "count": len(entries), "rounds": rounds(entries)}


def rounds(entries: list[LoggedRequest]) -> int:
    """Length of the longest chain of requests each starting after the previous one ended."""
    by_start = sorted(entries, key=lambda e: e.start)
    by_end = sorted(entries, key=lambda e: e.end)
    chain: dict[int, int] = {}
    best_finished = 0
    cursor = 0
    longest = 0
    for entry in by_start:
        while cursor < len(by_end) and by_end[cursor].end <= entry.start:
            best_finished = max(best_finished, chain.get(by_end[cursor].id, 0))
            cursor += 1
        chain[entry.id] = best_finished + 1
        longest = max(longest, chain[entry.id])
    return longest
