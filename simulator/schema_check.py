"""Checking a request body against the spec's request schema, with Open Zaak's error codes and texts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from simulator.problems import InvalidParam

Resolve = Callable[[Any], Any]

_REQUIRED = "Dit veld is verplicht."
_TYPE_NAMES = {"string": str, "boolean": bool, "object": dict, "array": list}


def flatten(schema: Any, resolve: Resolve, body: Any = None) -> dict[str, Any]:
    """One object schema: allOf merged, oneOf picked by its discriminator (or the first alternative)."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return {}
    if "oneOf" in schema and "discriminator" in schema:
        discriminator = schema["discriminator"]
        chosen = None
        if isinstance(body, dict):
            chosen = discriminator.get("mapping", {}).get(body.get(discriminator["propertyName"]))
        target = {"$ref": chosen} if chosen else schema["oneOf"][0]
        merged = flatten(target, resolve, body)
        return merged
    if "allOf" in schema:
        result: dict[str, Any] = {"properties": {}, "required": []}
        for part in schema["allOf"]:
            flat = flatten(part, resolve, body)
            result["properties"].update(flat.get("properties", {}))
            result["required"] += flat.get("required", [])
        for key, value in schema.items():
            if key not in ("allOf", "properties", "required"):
                result[key] = value
        result["properties"].update(schema.get("properties", {}))
        result["required"] += schema.get("required", [])
        return result
    return schema


def _enum_values(schema: dict[str, Any], resolve: Resolve) -> list[Any] | None:
    """Enums arrive as `enum`, `allOf: [XEnum]` or `oneOf: [XEnum, BlankEnum, NullEnum]`."""
    if "enum" in schema:
        return list(schema["enum"])
    for combinator in ("allOf", "oneOf", "anyOf"):
        if combinator in schema:
            values: list[Any] = []
            found = False
            for part in schema[combinator]:
                resolved = resolve(part)
                if isinstance(resolved, dict) and "enum" in resolved:
                    values += list(resolved["enum"])
                    found = True
            if found:
                return values
    return None


def _type_of(schema: dict[str, Any], resolve: Resolve) -> str | None:
    if "type" in schema:
        return str(schema["type"])
    for combinator in ("allOf", "oneOf"):
        for part in schema.get(combinator, []):
            resolved = resolve(part)
            if isinstance(resolved, dict) and "type" in resolved and "enum" not in resolved:
                return str(resolved["type"])
    return None


def check_body(body: Any, schema: Any, resolve: Resolve, *, partial: bool = False) -> list[InvalidParam]:
    if not isinstance(body, dict):
        return [
            InvalidParam(
                "nonFieldErrors", "invalid", "Ongeldige data. Verwacht een dictionary, kreeg een lijst."
            )
        ]
    flat = flatten(schema, resolve, body)
    if (
        partial
    ):  # DRF's partial update requires nothing; drf-spectacular's polymorphic Patched*Request schemas
        flat = {**flat, "required": []}  # point at the full request schemas, with their required fields
    return _check_object(body, flat, resolve, "")


def _check_object(
    body: dict[str, Any], schema: dict[str, Any], resolve: Resolve, prefix: str
) -> list[InvalidParam]:
    problems: list[InvalidParam] = []
    properties: dict[str, Any] = schema.get("properties", {})
    required = schema.get("required", [])
    for name in [n for n in properties if n in required] + [n for n in required if n not in properties]:
        prop = resolve(properties.get(name, {}))
        if isinstance(prop, dict) and prop.get("readOnly"):
            continue
        if name not in body or (body[name] is None and not prop.get("nullable")):
            problems.append(InvalidParam(prefix + name, "required", _REQUIRED))
    for name, value in body.items():
        if name not in properties:
            continue  # DRF ignores unknown fields
        prop = resolve(properties[name])
        if not isinstance(prop, dict) or prop.get("readOnly"):
            continue
        problems += _check_value(value, prop, resolve, prefix + name)
    return problems


def _check_value(value: Any, prop: dict[str, Any], resolve: Resolve, name: str) -> list[InvalidParam]:
    if value is None:
        if prop.get("nullable") or any(
            isinstance(resolve(p), dict) and None in resolve(p).get("enum", []) for p in prop.get("oneOf", [])
        ):
            return []
        return [InvalidParam(name, "null", "Dit veld mag niet leeg zijn.")]
    enum = _enum_values(prop, resolve)
    if enum is not None:
        if value not in enum:
            return [InvalidParam(name, "invalid_choice", f'"{value}" is een ongeldige keuze.')]
        return []
    kind = _type_of(prop, resolve)
    if kind in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [InvalidParam(name, "invalid", "Een geldig getal is vereist.")]
        return []
    if kind in _TYPE_NAMES and not isinstance(value, _TYPE_NAMES[kind]):
        return [InvalidParam(name, "invalid", "Ongeldig type.")]
    if kind == "string":
        return _check_string(value, prop, name)
    if kind == "array":
        items = resolve(prop.get("items", {}))
        problems: list[InvalidParam] = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                problems += _check_object(item, flatten(items, resolve, item), resolve, f"{name}.{index}.")
            elif isinstance(items, dict):
                problems += _check_value(item, items, resolve, f"{name}.{index}")
        return problems
    if isinstance(value, dict) and (kind == "object" or "allOf" in prop or "oneOf" in prop):
        flat = flatten(prop, resolve, value)
        if flat.get("properties"):
            return _check_object(value, flat, resolve, name + ".")
    return []


def _check_string(value: str, prop: dict[str, Any], name: str) -> list[InvalidParam]:
    max_length = prop.get("maxLength")
    if max_length is not None and len(value) > max_length:
        return [
            InvalidParam(
                name, "max_length", f"Zorg ervoor dat dit veld niet meer dan {max_length} karakters bevat."
            )
        ]
    min_length = prop.get("minLength")
    if min_length is not None and len(value) < min_length:
        return [
            InvalidParam(name, "min_length", f"Dit veld moet ten minste {min_length} karakters bevatten.")
        ]
    fmt = prop.get("format")
    if fmt == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return [
                InvalidParam(
                    name,
                    "invalid",
                    "Date heeft het verkeerde formaat, gebruik 1 van deze formaten: YYYY-MM-DD.",
                )
            ]
    elif fmt == "date-time":
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return [
                InvalidParam(
                    name,
                    "invalid",
                    "Datetime heeft een ongeldig formaat, gebruik 1 van de volgende formaten: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
                )
            ]
    elif fmt == "uri" and value and not value.startswith(("http://", "https://")):
        return [InvalidParam(name, "bad-url", "Voer een geldige URL in.")]
    return []
