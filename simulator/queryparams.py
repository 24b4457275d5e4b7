"""Validating query parameters against the spec like Open Zaak (unknown names and bad values give 400)."""

from __future__ import annotations

from datetime import date, datetime

from simulator.contract import Operation, Param
from simulator.problems import InvalidParam, invalid

_TRUE = {"true", "True", "1"}
_FALSE = {"false", "False", "0"}
NOT_FILTERS = frozenset({"page", "pageSize", "ordering", "expand"})


def parse_bool(value: str) -> bool | None:
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def _check(param: Param, value: str) -> InvalidParam | None:
    name = param.name
    if param.type == "boolean":
        return (
            None
            if parse_bool(value) is not None
            else InvalidParam(name, "invalid", "Kies een geldige waarde.")
        )
    if param.type == "integer":
        try:
            int(value)
        except ValueError:
            return InvalidParam(name, "invalid", "Vul een geldig getal in.")
        return None
    if param.type == "array":
        if param.enum is None:
            return None
        for item in value.split(","):
            if item not in param.enum:
                return InvalidParam(
                    name, "invalid_choice", f"Selecteer een geldige keuze. {item} is geen beschikbare keuze."
                )
        return None
    if param.enum is not None and value not in param.enum:
        return InvalidParam(
            name, "invalid_choice", f"Selecteer een geldige keuze. {value} is geen beschikbare keuze."
        )
    if param.format == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return InvalidParam(name, "invalid", "Voer een geldige datum in.")
    elif param.format == "date-time":
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return InvalidParam(name, "invalid", "Voer een geldige datum/tijd in.")
    elif param.format == "uri" and not value.startswith(("http://", "https://")):
        return InvalidParam(name, "invalid", "Voer een geldige URL in.")
    return None


def validate(
    operation: Operation, pairs: list[tuple[str, str]], also_allowed: frozenset[str] = frozenset()
) -> None:
    unknown = sorted({name for name, _ in pairs if name not in operation.params and name not in also_allowed})
    if unknown:
        raise invalid(
            InvalidParam(
                "nonFieldErrors", "unknown-parameters", f"Onbekende query parameters: {', '.join(unknown)}"
            )
        )
    problems = []
    for name, value in pairs:
        param = operation.params.get(name)
        if param is None or name in ("page", "pageSize"):
            continue
        problem = _check(param, value)
        if problem is not None:
            problems.append(problem)
    if problems:
        raise invalid(*problems)
