"""Caches that outlive a request. Made by the app's lifespan, never at import.

Only the published catalogue is cached across requests: a published zaaktype, statustype ... is immutable
(ZTC historiemodel: a change is a new version with a new URL). Every key starts with the identity of the
credentials that fetched the value (registry name + client_id), so a caller never sees what was fetched
with someone else's rights.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from cachetools import TTLCache


class CatalogueCache:
    def __init__(self, max_entries: int, ttl_s: float) -> None:
        self._enabled = max_entries > 0 and ttl_s > 0
        self._entries: TTLCache[Hashable, Any] = TTLCache(maxsize=max(max_entries, 1), ttl=max(ttl_s, 0.001))

    def get(self, identity: str, key: Hashable) -> Any | None:
        if not self._enabled:
            return None
        return self._entries.get((identity, key))

    def put(self, identity: str, key: Hashable, value: Any) -> None:
        if self._enabled:
            self._entries[(identity, key)] = value

    @staticmethod
    def is_published(resource: dict[str, Any]) -> bool:
        """Only published (non-concept) catalogue resources are immutable; concepts may still change."""
        return resource.get("concept") is not True

    def clear(self) -> None:
        self._entries.clear()
