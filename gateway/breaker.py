"""Circuit breakers: a registry collection that keeps failing is not asked again for a while.

A registry that is down, or one collection of it that fails (a statussen endpoint that answers 500 after an
upgrade), would otherwise get every query's requests, each waiting its `timeout_s` for nothing: queries hang,
our in-flight cap fills with requests that hold no answer, and a registry that is coming back is met by a
queue. So per registry and collection (`zaken`, `statussen`, `enkelvoudiginformatieobjecten` ...), after
`breaker_failures` outages in a row (a 5xx or 429, no connection, no answer within the registry's whole
`timeout_s`) the collection is *open* for `breaker_cooldown_s`: its requests fail at once with
UPSTREAM_UNAVAILABLE (or are answered from the cache, `stale_if_error_s`). Then its requests go again, on a
hair trigger: an answer (any answer, a 404 too: the registry is up) closes it, one more outage opens it
again at once. (Not a single trial request: a query asks a collection in batches, and all but one of a batch
would fail at once for nothing.) Other collections of the registry are not affected: a partial failure
stays partial.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class _State:
    failures: int = 0  # outages in a row
    open_until: float | None = None  # clock time the cooldown ends (None: never opened)


class Breakers:
    """One registry's breakers, one per collection. Used from one event loop."""

    def __init__(self, failures: int, cooldown_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.failures = failures  # 0: never open
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._states: dict[str, _State] = {}

    def admit(self, collection: str) -> float | None:
        """None: the request may go. Otherwise the seconds before the collection's requests go again."""
        state = self._states.get(collection)
        if state is None or state.open_until is None:
            return None
        left = state.open_until - self._clock()
        return left if left > 0 else None

    def record(self, collection: str, outcome: bool | None) -> None:
        """What a request came to: True an answer, False an outage, None neither (called off by its query, or
        out of time that was the query's, not the registry's). After a cooldown the requests go again, on a
        hair trigger: one more outage before an answer opens the breaker again at once."""
        if self.failures <= 0 or outcome is None:
            return
        if outcome:
            self._states.pop(collection, None)  # closed: nothing to remember
            return
        state = self._states.get(collection)
        if state is None:
            state = self._states[collection] = _State()
        state.failures += 1
        if state.failures >= self.failures:
            state.open_until = self._clock() + self.cooldown_s

    def open(self) -> list[str]:
        """The collections whose requests fail at once now (for the trace)."""
        now = self._clock()
        return sorted(c for c, s in self._states.items() if s.open_until is not None and s.open_until > now)
