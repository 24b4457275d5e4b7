"""Caches that outlive a request. Made by the app's lifespan, never at import.

- `CatalogueCache`: the published catalogue, process-wide with a TTL. A published zaaktype, statustype ...
  is immutable (ZTC historiemodel: a change is a new version with a new URL).
- `ResourceCache`: every other resource and list, kept for the principal it was fetched for and dropped
  when the registry's notifications name it (see gateway/notifications.py).
- `Prefetched`: list pages and child lists asked before a client asks them (the next window of a list it
  walks), each handed once to that principal's next request, for a few seconds.

Every key starts with the identity of the credentials that fetched the value (registry name + client_id), so
a caller never sees what was fetched with someone else's rights.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
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

    def drop(self, url: str) -> int:
        """Drop every entry that is, or lists, the resource at `url` (a catalogue notification)."""
        doomed = []
        for key, value in list(self._entries.items()):
            assert isinstance(key, tuple)  # (identity, key), see put
            what = key[1]
            if (
                what == url
                or (isinstance(what, tuple) and url in what)
                or (
                    isinstance(value, list)
                    and any(isinstance(v, dict) and v.get("url") == url for v in value)
                )
            ):
                doomed.append(key)
        for key in doomed:
            self._entries.pop(key, None)
        return len(doomed)


@dataclass(slots=True)
class Entry:
    value: Any  # a Resource, or the items of a list
    etag: str | None  # for If-None-Match (objects only; ZGW lists carry no ETag)
    stored: float  # clock time it was fetched or last revalidated
    registry: str
    size: int  # estimated bytes


# CPython keeps a decoded ZGW resource in about 2-2.5 times its JSON size (tracemalloc over the captures).
_BYTES_PER_JSON_BYTE = 2.5
_INDEX_BYTES = 200  # the keys and index entries of one cached value


def _size(value: Any) -> int:
    return int(len(orjson.dumps(value)) * _BYTES_PER_JSON_BYTE) + _INDEX_BYTES


# What is asked ahead and kept at once, per process, in child lists' worth: an expanded page of 100 zaken is
# about a megabyte (a page counts as `PREFETCH_PAGE_WEIGHT`), a zaak's statussen a few kilobytes (one). Beyond
# it the oldest go (their requests were wasted).
PREFETCH_PAGE_WEIGHT = 64
PREFETCH_KEPT = 64 * PREFETCH_PAGE_WEIGHT


class Prefetched:
    """List pages asked before anyone asks for them: the next window of a client that walks a list page by
    page, and the child lists of its zaken, asked while the client still reads the window before
    (resolvers/paging.py, `prefetch`).

    Each is handed to the first request that asks for it within `ttl_s`, and is gone then: it is the
    registry's answer of a few seconds before, as if the request had come a little earlier. Keys are the
    resource cache's (credentials' identity, principal, URL and query, or child list), so what was asked
    ahead for one user is only ever taken by that user's requests. A notification that changes a
    registry's lists drops what was asked of it; what nobody takes is dropped after `ttl_s`.
    """

    def __init__(self, ttl_s: float, kept: int = PREFETCH_KEPT, clock: Callable[[], float] = time.monotonic):
        self.ttl_s = ttl_s
        self._pending: TTLCache[Hashable, tuple[str, asyncio.Task[Any], int]] = TTLCache(
            maxsize=kept, ttl=max(ttl_s, 0.001), timer=clock, getsizeof=lambda entry: entry[2]
        )
        self._running: set[asyncio.Task[Any]] = set()  # the loop keeps only weak references to tasks
        # the plan each window was asked ahead under, so that its request can keep it
        self._plans: TTLCache[Hashable, Any] = TTLCache(maxsize=256, ttl=max(ttl_s, 0.001), timer=clock)

    @property
    def enabled(self) -> bool:
        return self.ttl_s > 0

    def __contains__(self, key: Hashable) -> bool:
        return key in self._pending

    def start(
        self,
        key: Hashable,
        registry: str,
        fetch: Coroutine[Any, Any, Any],
        weight: int = PREFETCH_PAGE_WEIGHT,
    ) -> None:
        """Ask now (`fetch`) for the request that will want it under `key`."""
        task = asyncio.ensure_future(fetch)
        self._running.add(task)
        task.add_done_callback(self._done)
        self._pending[key] = (registry, task, weight)

    def start_shared(
        self, keys: Sequence[Hashable], registry: str, fetch: Coroutine[Any, Any, Any], weight: int = 1
    ) -> None:
        """Ask now (`fetch`, one request or a few) for what several keys will be wanted under: the objects
        one `_zoek` finds. Each key is taken once, by the request that wants it, and gets the whole answer
        (what the fetch returns: for a search, its objects by URL)."""
        task = asyncio.ensure_future(fetch)
        self._running.add(task)
        task.add_done_callback(self._done)
        for key in keys:
            self._pending[key] = (registry, task, weight)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._running.discard(task)
        if not task.cancelled():
            task.exception()  # a prefetch nobody took may have failed: no error of anyone's

    def planned(self, window: Hashable, plan: Any) -> None:
        """Remember the plan a window is asked ahead under."""
        self._plans[window] = plan

    def plan_of(self, window: Hashable) -> Any:
        return self._plans.get(window)

    def peek(self, key: Hashable) -> asyncio.Task[Any] | None:
        """What was asked under `key`, left for the request that takes it (None: nothing was)."""
        found = self._pending.get(key)
        return None if found is None else found[1]

    def take(self, key: Hashable) -> asyncio.Task[Any] | None:
        """What was asked under `key`, answered or still on its way (None: nothing was); taken once."""
        found = self._pending.pop(key, None)
        return None if found is None else found[1]

    def drop_registry(self, registry: str) -> None:
        for key, (name, task, _) in list(self._pending.items()):
            if name == registry:
                self._pending.pop(key, None)
                task.cancel()

    def close(self) -> None:
        for task in list(self._running):
            task.cancel()
        self._pending.clear()
        self._plans.clear()


class ResourceCache:
    """Registry resources and lists across requests, keyed by whose view they are.

    Every key starts with the credentials' identity and the principal (end user) the data was fetched for,
    so no caller ever sees what was fetched for another. How long an entry may be served without asking the
    registry depends on whether the registry's notifications reach us (`set_live`): while they do, an entry
    is served until a notification names it (or for `ttl_s`, the safety net for lost notifications); while
    they do not, an object is revalidated with If-None-Match once it is `revalidate_after_s` old, and a list
    is fetched again. Entries never outlive `ttl_s`.
    """

    def __init__(
        self,
        max_mb: float,
        ttl_s: float,
        revalidate_after_s: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        prefetch_ttl_s: float = 0.0,
        stale_if_error_s: float = 0.0,
    ) -> None:
        self.prefetched = Prefetched(prefetch_ttl_s, clock=clock)
        self.enabled = max_mb > 0 and ttl_s > 0
        self.ttl_s = ttl_s
        self.revalidate_after_s = revalidate_after_s
        self.stale_if_error_s = stale_if_error_s
        self._clock = clock
        self._max_bytes = max(int(max_mb * 2**20), 1)
        # Least recently used entries go first when the bytes run out; expired ones before them.
        self._entries: TTLCache[Hashable, Entry] = TTLCache(
            maxsize=self._max_bytes, ttl=max(ttl_s, 0.001), timer=clock, getsizeof=lambda entry: entry.size
        )
        self._live: set[str] = set()
        # Indexes for invalidation; they may name evicted keys, and are rebuilt when they grow too big.
        self._by_url: dict[str, set[Hashable]] = defaultdict(set)
        self._lists: dict[tuple[str, str], set[Hashable]] = defaultdict(set)
        self._by_registry: dict[str, set[Hashable]] = defaultdict(set)
        self._indexed = 0

    # -- reading and writing --------------------------------------------------------------------------

    def get(self, key: Hashable) -> Entry | None:
        if not self.enabled:
            return None
        return self._entries.get(key)

    def holds(self, key: Hashable) -> bool:
        """Whether a request could have `key` without asking: fresh here, or asked ahead (`prefetched`)."""
        if key in self.prefetched:
            return True
        entry = self.get(key)
        return entry is not None and self.fresh(entry)

    def fresh(self, entry: Entry) -> bool:
        """Whether `entry` may be served without asking its registry."""
        window = self.ttl_s if entry.registry in self._live else self.revalidate_after_s
        return self._clock() - entry.stored < window

    def stale(self, key: Hashable) -> tuple[Entry, float] | None:
        """The entry under `key` and its age in seconds, if it may stand in for an answer its registry failed
        to give (`stale_if_error_s`): what a notification named is gone from here already."""
        if self.stale_if_error_s <= 0:
            return None
        entry = self.get(key)
        if entry is None:
            return None
        age = self._clock() - entry.stored
        return (entry, age) if age <= self.stale_if_error_s else None

    def put_object(self, key: Hashable, url: str, value: Any, etag: str | None, registry: str) -> None:
        """An object under `key`, dropped by a notification that names `url`."""
        if not self._store(key, Entry(value, etag, self._clock(), registry, _size(value))):
            return
        self._by_url[url].add(key)
        self._by_registry[registry].add(key)
        self._grew(2)

    def put_list(self, key: Hashable, api: str, value: Any, registry: str) -> None:
        """A list of `api` under `key`, dropped by any notification on a kanaal that can change `api`."""
        if not self._store(key, Entry(value, None, self._clock(), registry, _size(value))):
            return
        self._lists[(registry, api)].add(key)
        self._by_registry[registry].add(key)
        self._grew(2)

    def _store(self, key: Hashable, entry: Entry) -> bool:
        if not self.enabled or entry.size > self._max_bytes // 8:
            return False  # one huge list must not flush everything else
        self._entries[key] = entry
        return True

    def touch(self, key: Hashable, entry: Entry) -> None:
        """The registry said 304: the entry is good for another window."""
        entry.stored = self._clock()
        self._entries[key] = entry  # re-inserted, so its ttl_s starts again

    # -- invalidation ---------------------------------------------------------------------------------

    def set_live(self, registry: str, live: bool) -> None:
        """Whether `registry`'s notifications reach us. Either way what we hold may have missed a change
        (fetched before the subscription, or during an outage), so the registry's entries go."""
        if live == (registry in self._live):
            return
        if live:
            self._live.add(registry)
        else:
            self._live.discard(registry)
        self.drop_registry(registry)

    def is_live(self, registry: str) -> bool:
        return registry in self._live

    def drop_url(self, url: str) -> int:
        return self._drop(self._by_url.pop(url, set()))

    def drop_lists(self, registry: str, api: str) -> int:
        self.prefetched.drop_registry(registry)
        return self._drop(self._lists.pop((registry, api), set()))

    def drop_registry(self, registry: str) -> int:
        self.prefetched.drop_registry(registry)
        return self._drop(self._by_registry.pop(registry, set()))

    def _drop(self, keys: set[Hashable]) -> int:
        dropped = 0
        for key in keys:
            if self._entries.pop(key, None) is not None:
                dropped += 1
        return dropped

    def _grew(self, added: int) -> None:
        self._indexed += added
        if self._indexed > 4 * len(self._entries) + 10_000:
            self._reindex()

    def _reindex(self) -> None:
        """Forget index entries of keys the cache has evicted or expired."""
        live = set(self._entries.keys())
        indexes: tuple[dict[Any, set[Hashable]], ...] = (self._by_url, self._lists, self._by_registry)
        for index in indexes:
            for name in list(index):
                kept = index[name] & live
                if kept:
                    index[name] = kept
                else:
                    del index[name]
        self._indexed = sum(
            len(keys) for index in (self._by_url, self._lists, self._by_registry) for keys in index.values()
        )
