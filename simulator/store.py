"""In-memory storage: each resource kept as compact JSON bytes (host-independent URLs) plus a few indexes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import orjson

from simulator.codec import pack, unpack
from simulator.fields import field_values
from simulator.kinds import KINDS, Kind

Resource = dict[str, Any]
_MAX_COLUMNS = 8  # per collection (~10 MB each at 100k zaken); the oldest goes first


@dataclass(frozen=True, slots=True)
class Record:
    uuid: str
    body: bytes  # orjson of the resource, local URLs as "~/...", maybe deflated (codec.py): use json()
    parent: str | None  # uuid of the owning zaak / document / besluit
    scope_type: str  # local URL of the zaaktype / informatieobjecttype / besluittype governing access
    vertrouwelijkheid: int  # rank in VERTROUWELIJKHEID_RANK (0 where the resource has none)
    seq: int = 0  # creation order, the default list order

    def json(self) -> bytes:
        return unpack(self.body)

    def decode(self) -> Resource:
        result: Resource = orjson.loads(unpack(self.body))
        return result


def compact_json(doc: Resource) -> bytes:
    # orjson hands back bytes with a 4 KiB allocation; copying to an exact-size object saves ~90% memory
    body = orjson.dumps(doc)
    packed = pack(body)
    return packed if packed is not body else bytes(memoryview(body))


class Collection:
    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.records: dict[str, Record] = {}
        # value -> uuids; lists, not dicts: a few hundred thousand tiny dicts cost hundreds of MB
        self.indexes: dict[str, dict[str, list[str]]] = {name: {} for name in kind.indexes}
        self.by_parent: dict[str, list[str]] = {}  # parent uuid -> child uuids, in creation order
        # field path -> uuid -> values: built on the first filter/ordering on that field, then kept current,
        # so repeated scans of 100k zaken need not decode every resource
        self.columns: dict[str, dict[str, list[Any]]] = {path: {} for path in kind.columns}

    def __len__(self) -> int:
        return len(self.records)

    def get(self, uuid: str) -> Record | None:
        return self.records.get(uuid)

    def add(self, record: Record, doc: Resource) -> None:
        self.records[record.uuid] = record
        if record.parent is not None:
            self.by_parent.setdefault(record.parent, []).append(record.uuid)
        self._index(record.uuid, doc)
        for path, column in self.columns.items():
            column[record.uuid] = field_values(doc, path)

    def column(self, path: str) -> dict[str, list[Any]]:
        column = self.columns.get(path)
        if column is None:
            if len(self.columns) >= _MAX_COLUMNS:
                del self.columns[next(iter(self.columns))]
            column = {uuid: field_values(record.decode(), path) for uuid, record in self.records.items()}
            self.columns[path] = column
        return column

    def children(self, parent_uuid: str) -> Iterable[str]:
        return self.by_parent.get(parent_uuid, ())

    def replace(self, record: Record, old: Resource, new: Resource) -> None:
        self._unindex(record.uuid, old)
        self.records[record.uuid] = record
        self._index(record.uuid, new)
        for path, column in self.columns.items():
            column[record.uuid] = field_values(new, path)

    def remove(self, uuid: str) -> None:
        record = self.records.pop(uuid, None)
        for column in self.columns.values():
            column.pop(uuid, None)
        if record is not None:
            siblings = self.by_parent.get(record.parent or "", [])
            if uuid in siblings:
                siblings.remove(uuid)
            self._unindex(uuid, record.decode())

    def lookup(self, index: str, value: str) -> Iterable[str]:
        return self.indexes[index].get(value, ())

    def _index(self, uuid: str, doc: Resource) -> None:
        for name, table in self.indexes.items():
            for value in field_values(doc, name):
                if isinstance(value, str):
                    bucket = table.setdefault(value, [])
                    if not bucket or bucket[-1] != uuid:
                        bucket.append(uuid)

    def _unindex(self, uuid: str, doc: Resource) -> None:
        for name, table in self.indexes.items():
            for value in field_values(doc, name):
                if isinstance(value, str) and uuid in table.get(value, ()):
                    table[value].remove(uuid)


class Store:
    def __init__(self) -> None:
        self.collections: dict[str, Collection] = {kind.key: Collection(kind) for kind in KINDS}
        self.contents: dict[str, bytes] = {}
        self._seq = 0  # document uuid -> the bytes its /download serves
        self.locks: dict[str, str] = {}  # document uuid -> its lock (never served: only `locked` is)

    def __getitem__(self, key: str) -> Collection:
        return self.collections[key]

    def add(
        self,
        key: str,
        doc: Resource,
        *,
        uuid: str,
        parent: str | None = None,
        scope_type: str = "",
        vertrouwelijkheid: int = 0,
    ) -> Record:
        self._seq += 1
        record = Record(uuid, compact_json(doc), parent, scope_type, vertrouwelijkheid, self._seq)
        self.collections[key].add(record, doc)
        return record

    def update(self, key: str, uuid: str, change: Callable[[Resource], None]) -> Record:
        """Apply `change` to a decoded copy of the resource and store the result."""
        collection = self.collections[key]
        record = collection.records[uuid]
        old = record.decode()
        new = record.decode()
        change(new)
        updated = replace(record, body=compact_json(new))
        collection.replace(updated, old, new)
        return updated

    def restamp(self, key: str, uuid: str, vertrouwelijkheid: int, scope_type: str | None = None) -> None:
        """Change the access stamp of a record (its body stays as it is)."""
        collection = self.collections[key]
        record = collection.records[uuid]
        scope = record.scope_type if scope_type is None else scope_type
        collection.records[uuid] = replace(record, vertrouwelijkheid=vertrouwelijkheid, scope_type=scope)

    def find(self, local_url: str) -> tuple[Kind, Record] | None:
        """The stored resource with this local URL ("~/zaken/api/v1/zaken/<uuid>")."""
        from simulator.routing import kind_for_local_url  # local import: routing imports kinds only

        match = kind_for_local_url(local_url)
        if match is None:
            return None
        kind, uuid = match
        record = self.collections[kind.key].get(uuid)
        return None if record is None else (kind, record)

    def counts(self) -> dict[str, int]:
        return {key: len(collection) for key, collection in self.collections.items()}

    def iter_records(self, key: str) -> Iterator[Record]:
        return iter(self.collections[key].records.values())
