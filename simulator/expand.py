"""Open Zaak's `expand`: related resources inlined under `_expand` (Zaken API zaken, and documents)."""

from __future__ import annotations

from typing import Any

from simulator.auth import Client
from simulator.problems import InvalidParam, forbidden, invalid
from simulator.store import Resource, Store

ExpandTree = dict[str, "ExpandTree"]


class ServerBugError(Exception):
    """Open Zaak answers some expands with an HTML 500 page; we do the same."""


_BUGGY = frozenset({"eigenschappen.eigenschap"})


def parse_expand(raw_values: list[str], allowed: tuple[str, ...]) -> ExpandTree:
    """Validate against the spec enum; a nested path needs its parent listed too."""
    paths = [p.strip() for raw in raw_values for p in raw.split(",") if p.strip()]
    chosen = set(paths)
    for path in paths:
        parent = path.rpartition(".")[0]
        if path not in allowed or (parent and parent not in chosen):
            raise invalid(
                InvalidParam(
                    "expand",
                    "invalid_choice",
                    f"Selecteer een geldige keuze. {path} is geen beschikbare keuze.",
                )
            )
    if chosen & _BUGGY:
        raise ServerBugError("expand")
    tree: ExpandTree = {}
    for path in sorted(chosen):
        node = tree
        for part in path.split("."):
            node = node.setdefault(part, {})
    return tree


class Expander:
    def __init__(self, store: Store, client: Client) -> None:
        self.store = store
        self.client = client
        self._cache: dict[str, Resource | None] = {}
        self.inlined = 0  # objects inlined so far, nested ones too: what the reply's cost is counted by

    def expand(self, doc: Resource, tree: ExpandTree) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for field, children in tree.items():
            value = doc.get(field)
            if isinstance(value, list):
                items = [self._one(v, children) for v in value if isinstance(v, str)]
                result[field] = [item for item in items if item is not None]
            elif isinstance(value, str) and value:
                item = self._one(value, children)
                if item is not None:
                    result[field] = item
        return result

    def _one(self, url: str, children: ExpandTree) -> Resource | None:
        if url not in self._cache:
            self._cache[url] = self._load(url)
        base = self._cache[url]
        if base is None:
            return None
        self.inlined += 1
        item = dict(base)
        if children:
            item["_expand"] = self.expand(item, children)
        return item

    def _load(self, url: str) -> Resource | None:
        found = self.store.find(url)
        if found is None:
            return None  # another host or gone: Open Zaak leaves it out
        kind, record = found
        if not self.client.may_use(kind.api) or not self.client.may_see(kind.api, record):
            raise forbidden()
        doc = record.decode()
        doc.pop("_expand", None)
        return doc
