"""Comparing the shape of a simulator reply with a captured Open Zaak reply: keys (recursively), JSON value
types where the capture is not null, and URL shapes with host and UUIDs replaced by placeholders."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

CAPTURE_BASE = "http://127.0.0.1:8000/"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


_PAGE_SIZE = re.compile(r"(?<=[?&])pageSize=\d+&?|[?&]pageSize=\d+$")
SOFT = "~"  # prefix of a difference in data, not in shape: used to rank candidates, never asserted


def url_shape(url: str, base: str) -> str:
    """'http://127.0.0.1:8000/zaken/api/v1/zaken/<uuid>' -> '<base>zaken/api/v1/zaken/<uuid>'.

    A pageSize query parameter is dropped: our session seed has 50 zaken where the capture had 206, so our
    paging links are compared at pageSize=10 with Open Zaak's at its default of 100."""
    if url.startswith(base):
        url = "<base>" + url[len(base) :]
    return _PAGE_SIZE.sub("", _UUID.sub("<uuid>", url)).rstrip("?&")


def problems(captured: Any, ours: Any, base: str, path: str = "$", lenient_nulls: bool = False) -> list[str]:
    """What differs in shape; [] when `ours` looks like `captured`. Entries starting with SOFT are differences
    in data (an empty list where the capture has items; with lenient_nulls, a null where it has a value)."""
    if captured is None:
        return []
    if ours is None and lenient_nulls:
        return [f"{SOFT}{path}: null where Open Zaak has {json_type(captured)}"]
    if json_type(ours) != json_type(captured):
        return [f"{path}: {json_type(ours)} where Open Zaak has {json_type(captured)}"]
    if isinstance(captured, dict):
        found = []
        missing, extra = sorted(captured.keys() - ours.keys()), sorted(ours.keys() - captured.keys())
        if missing:
            found.append(f"{path}: missing keys {missing}")
        if extra:
            found.append(f"{path}: extra keys {extra}")
        for key in captured.keys() & ours.keys():
            found += problems(captured[key], ours[key], base, f"{path}.{key}", lenient_nulls)
        return found
    if isinstance(captured, list):
        if captured and not ours:
            return [f"{SOFT}{path}: empty where Open Zaak has items"]
        found = []
        for index, item in enumerate(captured):  # each captured item against the most alike of ours
            found += best(item, ours, base, f"{path}[{index}]", lenient_nulls)[1]
        return found
    if (
        isinstance(captured, str)
        and captured.startswith(CAPTURE_BASE)
        and url_shape(captured, CAPTURE_BASE) != url_shape(ours, base)
    ):
        return [
            f"{path}: URL {url_shape(ours, base)!r} where Open Zaak has {url_shape(captured, CAPTURE_BASE)!r}"
        ]
    return []


def best(
    captured: Any, candidates: Sequence[Any], base: str, path: str = "$", lenient_nulls: bool = False
) -> tuple[Any, list[str]]:
    """The candidate most like the capture (fewest shape differences, then fewest data differences)."""
    assert candidates, f"{path}: nothing to compare with"
    scored = []
    for index, candidate in enumerate(candidates):
        found = problems(captured, candidate, base, path, lenient_nulls)
        hard = sum(1 for p in found if not p.startswith(SOFT))
        scored.append(((hard, len(found) - hard, index), found))
    (_, _, index), found = min(scored, key=lambda pair: pair[0])
    return candidates[index], found


def shape_problems(found: list[str]) -> list[str]:
    return [p for p in found if not p.startswith(SOFT)]


def expand_of(document: dict[str, Any]) -> str:
    """The expand parameter that produced a captured `_expand` ("status,status.statustype,...")."""
    paths: list[str] = []

    def walk(expanded: dict[str, Any], prefix: str) -> None:
        for name, value in expanded.items():
            paths.append(prefix + name)
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, dict) and child.get("_expand"):
                    walk(child["_expand"], f"{prefix}{name}.")

    walk(document.get("_expand") or {}, "")
    return ",".join(dict.fromkeys(paths))
