"""Page-number pagination like Open Zaak (DRF): 100 per page, `pageSize` up to 500, past the end is 404."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from simulator.problems import not_found

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class Page:
    start: int
    stop: int
    next_url: str | None
    previous_url: str | None


def page_size(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return DEFAULT_PAGE_SIZE if size <= 0 else min(size, MAX_PAGE_SIZE)


def _with_page(url: str, query_string: str, page: int | None) -> str:
    # DRF's replace_query_param / remove_query_param: keys sorted, values kept
    query = parse_qs(query_string, keep_blank_values=True)
    query.pop("page", None)
    if page is not None:
        query["page"] = [str(page)]
    encoded = urlencode(sorted(query.items()), doseq=True)
    return f"{url}?{encoded}" if encoded else url


def paginate(count: int, raw_page: str | None, raw_size: str | None, url: str, query_string: str) -> Page:
    size = page_size(raw_size)
    try:
        number = 1 if raw_page is None else int(raw_page)
    except ValueError:
        raise not_found("Ongeldige pagina.") from None
    last = max(1, -(-count // size))
    if number < 1 or number > last:
        raise not_found("Ongeldige pagina.")
    start = (number - 1) * size
    stop = min(start + size, count)
    next_url = _with_page(url, query_string, number + 1) if number < last else None
    previous_url = None
    if number > 1:
        previous_url = _with_page(url, query_string, number - 1 if number > 2 else None)
    return Page(start, stop, next_url, previous_url)
