"""Selecting the records of a list request: spec-derived filters, indexes where they exist, autorisaties."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson

from simulator.auth import Client
from simulator.fields import field_values
from simulator.kinds import KINDS_BY_KEY, LOCAL, VERTROUWELIJKHEID_RANK, Api, Kind
from simulator.problems import invalid_field
from simulator.queryparams import NOT_FILTERS, parse_bool
from simulator.routing import kind_for_local_url
from simulator.store import Record, Resource, Store

LOOKUPS = frozenset({"in", "gt", "gte", "lt", "lte", "isnull", "icontains", "overlap"})
Predicate = Callable[[Resource], bool]
ValueTest = Callable[[list[Any]], bool]


@dataclass(frozen=True, slots=True)
class ColumnTest:
    """A filter on one field, answered from the collection's column for that field (no decoding)."""

    path: str
    test: ValueTest


# filter name -> field name where they differ
_FIELD_FOR: dict[tuple[str, str], str] = {
    ("informatieobjecttypen", "zaaktype"): "zaaktypen",
    ("zaken", "rol__machtiging"): "",
}
# free-text filters Open Zaak matches case-insensitively on a part
_ICONTAINS: dict[str, frozenset[str]] = {
    "zaken": frozenset({"omschrijving"}),
    "enkelvoudiginformatieobjecten": frozenset({"titel", "auteur", "beschrijving"}),
}
_HAS_CONCEPT = frozenset({"zaaktypen", "informatieobjecttypen", "besluittypen"})


def local_form(value: str, base_url: str) -> str:
    """A filter URL with exactly the request's host is local; any other host matches nothing local."""
    if value.startswith(base_url):
        return LOCAL + value[len(base_url) :]
    return value


@dataclass(frozen=True, slots=True)
class Selection:
    candidates: set[str] | None  # uuids allowed by index/relation filters (None: no restriction)
    predicates: tuple[Predicate, ...]  # checks on the decoded resource


def _split(name: str) -> tuple[str, str]:
    head, sep, last = name.rpartition("__")
    if sep and last in LOOKUPS:
        return head, last
    return name, "exact"


def _coerce(stored: Any, raw: str, base_url: str) -> Any:
    if isinstance(stored, bool):
        return parse_bool(raw)
    if isinstance(stored, int):
        try:
            return int(raw)
        except ValueError:
            return None
    return local_form(raw, base_url)


def value_test(lookup: str, raw: str, base_url: str) -> ValueTest:
    if lookup == "isnull":
        want_null = parse_bool(raw) is True
        return lambda values: all(v in (None, "") for v in values) == want_null
    if lookup in ("in", "overlap"):
        options = {local_form(v, base_url) for v in raw.split(",")}
        return lambda values: any(v in options for v in values)
    if lookup == "icontains":
        needle = raw.lower()
        return lambda values: any(isinstance(v, str) and needle in v.lower() for v in values)
    if lookup in ("gt", "gte", "lt", "lte"):
        compare: Callable[[Any, Any], bool] = {
            "gt": lambda a, b: a > b,
            "gte": lambda a, b: a >= b,
            "lt": lambda a, b: a < b,
            "lte": lambda a, b: a <= b,
        }[lookup]
        return lambda values: any(
            v is not None and type(v) is type(c := _coerce(v, raw, base_url)) and compare(v, c)
            for v in values
        )
    return lambda values: any(v == _coerce(v, raw, base_url) for v in values)


def field_predicate(path: str, lookup: str, raw: str, base_url: str) -> Predicate:
    test = value_test(lookup, raw, base_url)
    return lambda doc: test(field_values(doc, path))


class Selector:
    def __init__(self, store: Store, base_url: str) -> None:
        self.store = store
        self.base_url = base_url

    def select(
        self,
        kind: Kind,
        filters: list[tuple[str, str]],
        client: Client,
        parent_uuid: str | None = None,
    ) -> list[Record]:
        collection = self.store[kind.key]
        if (
            parent_uuid is None
            and client.heeft_alle_autorisaties
            and kind.key not in _HAS_CONCEPT
            and all(name in NOT_FILTERS for name, _ in filters)
        ):
            return list(collection.records.values())  # the common unfiltered page: no per-record work
        candidates: set[str] | None = None
        predicates: list[Predicate] = []
        column_tests: list[ColumnTest] = []
        ordered_source: Iterable[str] | None = None
        if parent_uuid is not None:
            ordered_source = list(self.store[kind.key].children(parent_uuid))
        seen_status = False
        for name, raw in filters:
            if name in NOT_FILTERS:
                continue
            if name == "status" and kind.api is Api.CATALOGI:
                seen_status = True
            restrict = self._restriction(kind, name, raw)
            if restrict is not None:
                candidates = restrict if candidates is None else candidates & restrict
                continue
            check = self._predicate(kind, name, raw)
            if isinstance(check, ColumnTest):
                column_tests.append(check)
            else:
                predicates.append(check)
        if kind.key in _HAS_CONCEPT and not seen_status:
            column_tests.append(ColumnTest("concept", lambda values: values == [False]))
        columns = [(collection.column(t.path), t.test) for t in column_tests]
        if ordered_source is None and candidates is not None and len(candidates) < len(collection) // 4:
            records_ = collection.records
            ordered_source = sorted((u for u in candidates if u in records_), key=lambda u: records_[u].seq)
        uuids: Iterable[str] = ordered_source if ordered_source is not None else collection.records.keys()
        out: list[Record] = []
        records = collection.records
        api = kind.api
        for uuid in uuids:
            if candidates is not None and uuid not in candidates:
                continue
            record = records.get(uuid)
            if record is None or not client.may_see(api, record):
                continue
            if columns and not all(test(column.get(uuid, _NONE)) for column, test in columns):
                continue
            if predicates:
                doc = record.decode()
                if not all(p(doc) for p in predicates):
                    continue
            out.append(record)
        return out

    def _restriction(self, kind: Kind, name: str, raw: str) -> set[str] | None:
        """Filters answered from an index or another collection, as a set of uuids (None: not such a filter)."""
        if name == "uuid__in":
            return set(raw.split(","))
        path, lookup = _split(name)
        if lookup == "exact" and path == kind.parent_field and path not in kind.indexes:
            found = kind_for_local_url(local_form(raw, self.base_url))
            return set(self.store[kind.key].children(found[1])) if found is not None else set()
        if lookup == "exact" and path in kind.indexes:
            return set(self.store[kind.key].lookup(path, local_form(raw, self.base_url)))
        if kind.key == "zaken" and name.startswith("rol__"):
            rollen = self.select(KINDS_BY_KEY["rollen"], [(name[5:], raw)], _ALL)
            return {r.parent for r in rollen if r.parent is not None}
        if kind.key == "enkelvoudiginformatieobjecten" and name.startswith("objectinformatieobjecten__"):
            oios = self.select(KINDS_BY_KEY["objectinformatieobjecten"], [(name[26:], raw)], _ALL)
            return {r.parent for r in oios if r.parent is not None}
        return None

    def _predicate(self, kind: Kind, name: str, raw: str) -> Predicate | ColumnTest:
        base = self.base_url
        if kind.api is Api.CATALOGI and name == "status":
            if raw == "alles":
                return lambda doc: True
            want_concept = raw == "concept"
            return ColumnTest("concept", lambda values: bool(values and values[0]) == want_concept)
        if name in ("datumGeldigheid", "datum_geldigheid"):
            return lambda doc: (
                (doc.get("beginGeldigheid") or "0000") <= raw <= (doc.get("eindeGeldigheid") or "9999")
            )
        if kind.key == "zaken":
            special = self._zaak_predicate(name, raw)
            if special is not None:
                return special
        if kind.key == "enkelvoudiginformatieobjecten" and name == "trefwoorden":
            wanted = set(raw.split(","))
            return lambda doc: wanted <= set(doc.get("trefwoorden") or [])
        if name == "rol__machtiging" or name == "machtiging":
            wanted_value = "" if raw == "eigen" else raw
            return lambda doc: doc.get("indicatieMachtiging", "") == wanted_value
        if name in ("machtiging__loa", "rol__machtiging__loa"):
            return lambda doc: False  # no seeded rol has an authenticatieContext
        path, lookup = _split(name)
        path = _FIELD_FOR.get((kind.key, path), path)
        if lookup == "exact" and path in _ICONTAINS.get(kind.key, frozenset()):
            lookup = "icontains"
        return ColumnTest(path, value_test(lookup, raw, base))

    def _zaak_predicate(self, name: str, raw: str) -> Predicate | ColumnTest | None:
        store = self.store
        if name == "maximaleVertrouwelijkheidaanduiding":
            limit = VERTROUWELIJKHEID_RANK.get(raw, 0)
            return ColumnTest(
                "vertrouwelijkheidaanduiding",
                lambda values: bool(values) and VERTROUWELIJKHEID_RANK.get(values[0], 0) <= limit,
            )
        if name in ("status__statustype", "resultaat__resultaattype", "zaaktype__omschrijving"):
            link, _, field = name.partition("__")
            wanted = local_form(raw, self.base_url)

            def linked(doc: Resource) -> bool:
                target = doc.get(link)
                found = store.find(target) if isinstance(target, str) else None
                if found is None:
                    return False
                value = found[1].decode().get(field)
                if field == "omschrijving":
                    return isinstance(value, str) and wanted.lower() in value.lower()
                return bool(value == wanted)

            return linked
        if name == "zaaktype__not_in":
            excluded = {local_form(v, self.base_url) for v in raw.split(",")}
            return lambda doc: doc.get("zaaktype") not in excluded
        if name == "zaakgeometrie":
            return within_predicate(raw)
        if name == "kenmerk":
            bron, _, kenmerk = raw.partition(":")
            return lambda doc: any(
                k.get("bron") == bron and k.get("kenmerk") == kenmerk for k in doc["kenmerken"]
            )
        if name == "kenmerk__bron":
            return lambda doc: any(k.get("bron") == raw for k in doc["kenmerken"])
        return None


def within_predicate(raw: str) -> Predicate:
    """`zaakgeometrie.within` of _zoek: points inside a GeoJSON polygon (ray casting, outer ring only)."""
    try:
        spec = orjson.loads(raw)
        ring = spec["within"]["coordinates"][0]
    except (orjson.JSONDecodeError, KeyError, IndexError, TypeError):
        raise invalid_field("zaakgeometrie", "invalid", "Ongeldige geometrie.") from None

    def inside(doc: Resource) -> bool:
        geometry = doc.get("zaakgeometrie")
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            return False
        x, y = geometry["coordinates"][:2]
        hit = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                hit = not hit
        return hit

    return inside


_NONE: list[Any] = []
_ALL = Client("__internal__", "", heeft_alle_autorisaties=True)
