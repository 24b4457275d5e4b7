"""Catalogue objects by one list of their whole collection, where that costs the registry less than a detail
GET each.

A published catalogue is small and every one of its objects is read by many queries: a municipality's
informatieobjecttypen or besluittypen, all versions, often fit one list page (100). A cold query that needs
six informatieobjecttypen asks six details (~58 ms of a real Open Zaak's time each, shared research
real-registry-costs.md) where one `GET informatieobjecttypen?status=alles` (~58 ms + ~1 ms an object) gives
them all, and fills the catalogue cache with the rest.

Whether it pays is the cost model's call (`choose_sweep`), made for each batch of uncached catalogue URLs of
one collection on one registry: the list of the whole collection (its size as the registry's last list of it
said, a full page while it has never been listed) against a detail each, on the workers of the registry that
our other requests of the level leave free. Only a collection that fits one page is swept; a collection that
turned out bigger than a page, or a URL the list does not hold (another registry's catalogue, a concept the
registry does not list), is asked by detail. A collection kept to details while its size is unknown is
listed beside them once, to learn it; and a zaken query lists the small collections its plan reads as soon as
its pages are in flight, where the registry has workers free (resolvers/loaders.py, `list_ahead`). Until the
model is ready (20 answers, or figures given) and where `sweep_catalogue` is off, every object is asked by
detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway.costs import CostModel, makespan

# Catalogi 1.3 collections whose list takes no required filter and `status=alles` (concepts included).
SWEEPABLE = frozenset(
    {
        "zaaktypen",
        "informatieobjecttypen",
        "besluittypen",
        "statustypen",
        "resultaattypen",
        "roltypen",
        "eigenschappen",
        "zaakobjecttypen",
    }
)


@dataclass(frozen=True, slots=True)
class SweepChoice:
    sweep: bool  # one list of the whole collection (True) or a detail GET each
    size: int | None  # objects in the collection, as its last list said (None: never listed)
    estimate_ms: float  # the list's
    detail_ms: float  # the details'

    def describe(self, registry: str, resource: str, wanted: int) -> dict[str, Any]:
        return {
            "registry": registry,
            "resource": resource,
            "strategy": "list" if self.sweep else "detail",
            "wanted": wanted,
            "collectionSize": self.size,
            "estimatedMs": round(self.estimate_ms, 1),
            "detailEstimatedMs": round(self.detail_ms, 1),
        }


def choose_sweep(model: CostModel, resource: str, wanted: int, busy: int) -> SweepChoice:
    """One list of the whole of `resource` or a detail GET for each of `wanted` objects, on a registry `busy`
    of whose workers serve our other requests now: on the workers left free, the faster; at a tie the list
    (fewer requests, less of the registry's work). A collection known to be bigger than a page is never
    swept (its pages would come one by one, or a guess of their number would be wrong)."""
    size = model.size(resource)
    items = float(model.page if size is None else size)
    workers = max(model.capacity - busy, 1.0)
    details = makespan([(wanted, model.estimate("detail", resource))], workers, model.contention)
    listed = makespan([(1, model.estimate("list", resource, items=items))], workers, model.contention)
    fits = size is None or size <= model.page
    return SweepChoice(fits and listed <= details, size, listed, details)
