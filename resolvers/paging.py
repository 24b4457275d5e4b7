"""Relay paging over ZGW list endpoints.

ZGW lists are offset pages (`?page=N`, 100 per page on Open Zaak) with no stable cursor; our cursor is the
opaque, base64-encoded offset of an item. Only the pages that `first` needs are fetched, and `next` is
followed rather than page arithmetic trusted past what a page said.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gateway.errors import BadRequest, NotFound
from gateway.registries import RegistryClient, Resource

if TYPE_CHECKING:
    from resolvers.context import Context

DEFAULT_FIRST = 20
_PREFIX = "zg1:"


@dataclass(frozen=True, slots=True)
class Window:
    items: list[Resource]
    total: int
    has_more: bool


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(cursor)
        offset = int(text[len(_PREFIX) :])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest(f"{cursor!r} is not a cursor of this list") from None
    if offset < 0:
        raise BadRequest(f"{cursor!r} is not a cursor of this list")
    return offset


def limit(first: int | None, maximum: int) -> int:
    if first is None:
        return DEFAULT_FIRST
    if first < 0 or first > maximum:
        raise BadRequest(f"`first` must be between 0 and {maximum}")
    return first


async def window(
    ctx: Context,
    registries: Sequence[tuple[RegistryClient, str]],
    resource: str,
    params: Mapping[str, str],
    offset: int,
    count: int,
) -> Window:
    """`count` items from `offset` of one registry's list. (Merging several registries: a later issue.)"""
    client, root = registries[0]
    return await _window(ctx, client, root + resource, params, offset, count)


async def _window(
    ctx: Context, client: RegistryClient, url: str, params: Mapping[str, str], offset: int, count: int
) -> Window:
    size = client.config.page_size
    if client.config.send_page_size and count and offset % count == 0:
        size = min(count, 500)  # Open Zaak's pageSize: ask exactly what is needed
    page_number = offset // size + 1
    skip = offset % size
    items: list[Resource] = []
    total: int | None = None
    more = False
    while True:
        query = dict(params)
        if page_number > 1:
            query["page"] = str(page_number)
        if client.config.send_page_size:
            query["pageSize"] = str(size)
        try:
            page = await client.page(url, query, sink=ctx.record)
        except NotFound:
            if page_number == 1:
                raise
            break  # past the end: a registry answers 404 for a page beyond the last
        total = page.count if page.count is not None else total
        items.extend(page.results[skip:])
        skip = 0
        more = page.next is not None
        if len(items) >= count or not more:
            break
        page_number += 1
    has_more = len(items) > count or more
    if total is None:
        total = offset + len(items)
    for item in items:
        if "uuid" not in item and isinstance(item.get("url"), str):
            item["uuid"] = item["url"].rstrip("/").rsplit("/", 1)[-1]
    return Window(items[:count], total, has_more)
