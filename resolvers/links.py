"""How a GraphQL field that points at other ZGW resources is loaded.

Schema types declare their links as data (`strawberry.field(metadata={"link": ...})`); the planner in
`resolvers/planner.py` reads the whole selection, loads each level of links with one batch per resource
kind, and hands the executor plain dicts ("views") whose link keys already hold the loaded resources.
So no link field needs a resolver of its own, and the number of sequential backend rounds of a query is its
depth in resource hops.

Keys: a view is a shallow copy of the ZGW resource dict; a link's loaded value is stored under the
GraphQL name of the field (`zaaktype`, `statussen`, `documenten` ...). Where the field name equals the ZGW
attribute (zaak.zaaktype), the URL is replaced by the object.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

LINK = "link"  # the key of a field's strawberry metadata that holds its Link


class LinkKind(Enum):
    URL = "url"  # parent[source] is one URL (or null)
    URLS = "urls"  # parent[source] is a list of URLs
    CHILDREN = "children"  # GET {api root}{resource}?{param}={parent url}, every page
    NESTED = "nested"  # GET {parent url}/{resource}: a bare array (zaakeigenschappen, audittrail)


@dataclass(frozen=True, slots=True)
class Link:
    """One hop from a parent resource to others.

    `resource` is the collection name as it appears in ZGW URLs (`zaken`, `zaaktypen`, `statussen`,
    `enkelvoudiginformatieobjecten` ...); `api` is the API that serves it (`zaken`, `documenten`, `besluiten`,
    `catalogi`). `then`, when set, is followed on every loaded child and its targets are the field's value
    (zaak.documenten = zaakinformatieobjecten?zaak= then each .informatieobject).
    """

    kind: LinkKind
    resource: str
    api: str
    source: str | None = None  # URL / URLS: the parent's attribute holding the URL(s)
    param: str | None = None  # CHILDREN: the filter parameter that takes the parent's URL
    then: Link | None = None
    many: bool = False  # the field's value is a list
    where: tuple[str, str] | None = None  # keep only children whose attribute equals this value

    def __post_init__(self) -> None:
        if self.kind in (LinkKind.URL, LinkKind.URLS) and not self.source:
            raise ValueError("a URL link needs the attribute that holds the URL")
        if self.kind is LinkKind.CHILDREN and not self.param:
            raise ValueError("a CHILDREN link needs its filter parameter")


def url(source: str, resource: str, api: str, *, then: Link | None = None) -> Link:
    """A to-one link: parent[source] holds the target's URL."""
    return Link(LinkKind.URL, resource, api, source=source, then=then, many=then is not None and then.many)


def urls(source: str, resource: str, api: str, *, then: Link | None = None) -> Link:
    """A to-many link: parent[source] is a list of URLs."""
    return Link(LinkKind.URLS, resource, api, source=source, then=then, many=True)


def children(
    resource: str,
    api: str,
    param: str,
    *,
    then: Link | None = None,
    where: tuple[str, str] | None = None,
) -> Link:
    """A to-many link found by filtering a collection on the parent's URL.

    `where=("objectType", "zaak")` keeps only the children whose `objectType` is `zaak` (the
    objectinformatieobjecten of a document point at zaken and besluiten alike).
    """
    return Link(LinkKind.CHILDREN, resource, api, param=param, then=then, many=True, where=where)


def nested(resource: str, api: str, *, then: Link | None = None) -> Link:
    """A to-many link served under the parent's own URL (`/zaken/{uuid}/zaakeigenschappen`)."""
    return Link(LinkKind.NESTED, resource, api, then=then, many=True)
