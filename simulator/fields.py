"""Reading a (possibly nested) field of a stored resource by a filter-style path (`a__b__c`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn: the middle part names the betrokkeneType,
# it is not a key in the JSON.
DISCRIMINATORS: dict[str, str] = {
    "natuurlijkPersoon": "natuurlijk_persoon",
    "nietNatuurlijkPersoon": "niet_natuurlijk_persoon",
    "vestiging": "vestiging",
    "medewerker": "medewerker",
    "organisatorischeEenheid": "organisatorische_eenheid",
}

# snake_case spellings in the Catalogi 1.3.1 spec for camelCase fields
ALIASES: dict[str, str] = {
    "zaaktype_identificatie": "zaaktypeIdentificatie",
    "datum_geldigheid": "datumGeldigheid",
}

_MISSING: list[Any] = []


@lru_cache(maxsize=1024)
def _parse(path: str) -> tuple[tuple[str, ...], str | None]:
    """The JSON keys of a filter path, and the betrokkeneType it implies (if any)."""
    parts = [ALIASES.get(part, part) for part in path.split("__")]
    if len(parts) >= 3 and parts[0] == "betrokkeneIdentificatie" and parts[1] in DISCRIMINATORS:
        return (parts[0], *parts[2:]), DISCRIMINATORS[parts[1]]
    return tuple(parts), None


def field_values(doc: dict[str, Any], path: str) -> list[Any]:
    """All values at `path` (a `__`-joined field path); empty when the path does not exist."""
    parts, betrokkene_type = _parse(path)
    if betrokkene_type is not None and doc.get("betrokkeneType") != betrokkene_type:
        return _MISSING
    if len(parts) == 1:  # the common case, kept cheap: it runs for every index on every stored resource
        if parts[0] not in doc:
            return _MISSING
        value = doc[parts[0]]
        return list(value) if isinstance(value, list) else [value]
    current: list[Any] = [doc]
    for part in parts:
        found: list[Any] = []
        for value in current:
            if isinstance(value, dict) and part in value:
                item = value[part]
                if isinstance(item, list) and item and isinstance(item[0], dict):
                    found.extend(item)
                else:
                    found.append(item)
        if not found:
            return _MISSING
        current = found
    out: list[Any] = []
    for value in current:
        if isinstance(value, list):
            out.extend(value)
        else:
            out.append(value)
    return out


def first_value(doc: dict[str, Any], path: str) -> Any:
    values = field_values(doc, path)
    return values[0] if values else None
