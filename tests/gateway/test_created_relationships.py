"""Links the seed never makes (klantcontacten, gebruiksrechten, relevanteAndereZaken, audit trails of
documents and besluiten), on a registry of this module's own: the tests create them with the ZGW API first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import RSIN, ask, data_of, everything, new_document, new_zaak, pick, post, rest
from tests.support import Gateway, registry_for, run_gateway


def _zaaktype(simulator: RunningSimulator, identificatie: str) -> dict[str, Any]:
    found: dict[str, Any] = rest(simulator, "catalogi/api/v1/zaaktypen", identificatie=identificatie)[
        "results"
    ][0]
    return found


def test_relevante_andere_zaken_and_klantcontacten(
    writable: RunningSimulator, writable_gateway: Gateway
) -> None:
    mor = _zaaktype(writable, "MOR")
    earlier = new_zaak(writable, mor["url"])
    zaak = new_zaak(
        writable, mor["url"], relevanteAndereZaken=[{"url": earlier["url"], "aardRelatie": "vervolg"}]
    )
    for kanaal in ("telefoon", "balie"):
        post(
            writable,
            "zaken/api/v1/klantcontacten",
            {
                "zaak": zaak["url"],
                "datumtijd": "2026-01-06T10:00:00Z",
                "kanaal": kanaal,
                "onderwerp": "Vraag",
            },
        )

    body = ask(
        writable_gateway,
        """query($url: String!) { zaak(url: $url) {
            relevanteAndereZaken { url aardRelatie zaak { url identificatie } }
            klantcontacten { url kanaal onderwerp zaak { url } }
        } }""",
        {"url": zaak["url"]},
    )

    registry = rest(writable, zaak["url"])
    klantcontacten = rest(writable, "zaken/api/v1/klantcontacten", zaak=zaak["url"])["results"]
    assert body == {
        "data": {
            "zaak": {
                "relevanteAndereZaken": [
                    {
                        "url": r["url"],
                        "aardRelatie": r["aardRelatie"],
                        "zaak": pick(rest(writable, r["url"]), "url", "identificatie"),
                    }
                    for r in registry["relevanteAndereZaken"]
                ],
                "klantcontacten": [
                    {**pick(k, "url", "kanaal", "onderwerp"), "zaak": {"url": zaak["url"]}}
                    for k in klantcontacten
                ],  # type: ignore[dict-item]
            }
        }
    }
    assert len(klantcontacten) == 2 and registry["relevanteAndereZaken"]


def test_klantcontact_by_url_links_to_its_zaak(writable: RunningSimulator, writable_gateway: Gateway) -> None:
    zaak = new_zaak(writable, _zaaktype(writable, "MOR")["url"])
    klantcontact = post(
        writable,
        "zaken/api/v1/klantcontacten",
        {"zaak": zaak["url"], "datumtijd": "2026-01-07T09:30:00Z", "kanaal": "email"},
    )

    data = data_of(
        writable_gateway,
        "query($url: String!) { klantcontact(url: $url) { url kanaal zaak { url identificatie } } }",
        {"url": klantcontact["url"]},
    )

    assert data == {
        "klantcontact": {
            "url": klantcontact["url"],
            "kanaal": klantcontact["kanaal"],
            "zaak": pick(rest(writable, zaak["url"]), "url", "identificatie"),
        }
    }


def test_document_gebruiksrechten(writable: RunningSimulator, writable_gateway: Gateway) -> None:
    mor = _zaaktype(writable, "MOR")
    document = new_document(writable, mor["informatieobjecttypen"][0], "Melding foto")
    post(
        writable,
        "documenten/api/v1/gebruiksrechten",
        {
            "informatieobject": document["url"],
            "startdatum": "2026-01-05T00:00:00Z",
            "omschrijvingVoorwaarden": "Alleen intern",
        },
    )

    body = ask(
        writable_gateway,
        """query($url: String!) { document(url: $url) {
            indicatieGebruiksrecht
            gebruiksrechten { url omschrijvingVoorwaarden informatieobject { url } }
        } }""",
        {"url": document["url"]},
    )

    rechten = everything(writable, "documenten/api/v1/gebruiksrechten", informatieobject=document["url"])
    assert body == {
        "data": {
            "document": {
                "indicatieGebruiksrecht": rest(writable, document["url"])["indicatieGebruiksrecht"],
                "gebruiksrechten": [
                    {
                        **pick(g, "url", "omschrijvingVoorwaarden"),
                        "informatieobject": {"url": document["url"]},
                    }
                    for g in rechten
                ],  # type: ignore[dict-item]
            }
        }
    }
    assert len(rechten) == 1


def test_document_audittrail(writable: RunningSimulator, writable_gateway: Gateway) -> None:
    mor = _zaaktype(writable, "MOR")
    document = new_document(writable, mor["informatieobjecttypen"][0], "Melding")

    body = ask(
        writable_gateway,
        "query($url: String!) { document(url: $url) { audittrail { uuid actie resource resourceUrl hoofdObject } } }",
        {"url": document["url"]},
    )

    audit = rest(writable, document["url"] + "/audittrail")
    assert body == {
        "data": {
            "document": {
                "audittrail": [
                    pick(a, "uuid", "actie", "resource", "resourceUrl", "hoofdObject") for a in audit
                ]
            }
        }
    }
    assert audit


def test_besluit_audittrail(writable: RunningSimulator, writable_gateway: Gateway) -> None:
    zaaktype = _zaaktype(writable, "PARK-VERG")
    zaak = new_zaak(writable, zaaktype["url"])
    besluit = post(
        writable,
        "besluiten/api/v1/besluiten",
        {
            "verantwoordelijkeOrganisatie": RSIN,
            "besluittype": zaaktype["besluittypen"][0],
            "zaak": zaak["url"],
            "datum": "2026-01-06",
            "ingangsdatum": "2026-01-06",
        },
    )

    data = data_of(
        writable_gateway,
        "query($url: String!) { besluit(url: $url) { audittrail { uuid actie resource resourceUrl } zaak { zaakbesluiten { besluit { url } } } } }",
        {"url": besluit["url"]},
    )

    audit = rest(writable, besluit["url"] + "/audittrail")
    assert data == {
        "besluit": {
            "audittrail": [pick(a, "uuid", "actie", "resource", "resourceUrl") for a in audit],
            "zaak": {
                "zaakbesluiten": [
                    {"besluit": {"url": zb["besluit"]}} for zb in rest(writable, zaak["url"] + "/besluiten")
                ]
            },
        }
    }
    assert audit


def test_status_gezetdoor_and_zaakinformatieobject_status(
    writable: RunningSimulator, writable_gateway: Gateway
) -> None:
    zaaktype = _zaaktype(writable, "MOR")
    zaak = new_zaak(writable, zaaktype["url"])
    roltype = next(
        r
        for r in (rest(writable, u) for u in zaaktype["roltypen"])
        if r["omschrijvingGeneriek"] == "behandelaar"
    )
    rol = post(
        writable,
        "zaken/api/v1/rollen",
        {
            "zaak": zaak["url"],
            "roltype": roltype["url"],
            "betrokkeneType": "medewerker",
            "roltoelichting": "behandelaar",
            "betrokkeneIdentificatie": {"identificatie": "mw-1"},
        },
    )
    statustype = min((rest(writable, u) for u in zaaktype["statustypen"]), key=lambda s: s["volgnummer"])
    status = post(
        writable,
        "zaken/api/v1/statussen",
        {
            "zaak": zaak["url"],
            "statustype": statustype["url"],
            "datumStatusGezet": "2026-01-05T10:00:00Z",
            "gezetdoor": rol["url"],
        },
    )
    document = new_document(writable, zaaktype["informatieobjecttypen"][0], "Ontvangstbevestiging")
    zio = post(
        writable,
        "zaken/api/v1/zaakinformatieobjecten",
        {"zaak": zaak["url"], "informatieobject": document["url"], "status": status["url"]},
    )

    data = data_of(
        writable_gateway,
        """query($url: String!) { zaak(url: $url) {
            status { url gezetdoor { url roltoelichting roltype { omschrijving } } statustype { url } }
            zaakinformatieobjecten { url status { url } informatieobject { url } }
        } }""",
        {"url": zaak["url"]},
    )

    registry_status = rest(writable, status["url"])
    registry_zio = rest(writable, zio["url"])
    assert data == {
        "zaak": {
            "status": {
                "url": rest(writable, zaak["url"])["status"],
                "gezetdoor": {
                    **pick(rest(writable, registry_status["gezetdoor"]), "url", "roltoelichting"),
                    "roltype": {"omschrijving": roltype["omschrijving"]},
                },  # type: ignore[dict-item]
                "statustype": {"url": registry_status["statustype"]},
            },
            "zaakinformatieobjecten": [
                {
                    "url": registry_zio["url"],
                    "status": {"url": registry_zio["status"]},
                    "informatieobject": {"url": document["url"]},
                }
            ],
        }
    }
    assert registry_status["gezetdoor"] == rol["url"] and registry_zio["status"] == status["url"]


def test_a_document_of_a_zaak_and_a_besluit_lists_both(
    writable: RunningSimulator, writable_gateway: Gateway
) -> None:
    zaaktype = _zaaktype(writable, "PARK-VERG")
    zaak = new_zaak(writable, zaaktype["url"])
    besluittype = rest(writable, zaaktype["besluittypen"][0])
    besluit = post(
        writable,
        "besluiten/api/v1/besluiten",
        {
            "verantwoordelijkeOrganisatie": RSIN,
            "besluittype": besluittype["url"],
            "zaak": zaak["url"],
            "datum": "2026-01-06",
            "ingangsdatum": "2026-01-06",
        },
    )
    shared = next(u for u in besluittype["informatieobjecttypen"] if u in zaaktype["informatieobjecttypen"])
    document = new_document(writable, shared, "Besluitbrief")
    post(
        writable,
        "zaken/api/v1/zaakinformatieobjecten",
        {"zaak": zaak["url"], "informatieobject": document["url"]},
    )
    post(
        writable,
        "besluiten/api/v1/besluitinformatieobjecten",
        {"besluit": besluit["url"], "informatieobject": document["url"]},
    )

    data = data_of(
        writable_gateway,
        """query($url: String!) { document(url: $url) {
            zaken { url besluiten { url documenten { url } } }
            besluiten { url zaak { url } documenten { url } }
        } }""",
        {"url": document["url"]},
    )

    oios = everything(
        writable, "documenten/api/v1/objectinformatieobjecten", informatieobject=document["url"]
    )
    assert sorted((o["objectType"], o["object"]) for o in oios) == [
        ("besluit", besluit["url"]),
        ("zaak", zaak["url"]),
    ]
    besluit_view = {"url": besluit["url"], "documenten": [{"url": document["url"]}]}
    assert data == {
        "document": {
            "zaken": [{"url": zaak["url"], "besluiten": [besluit_view]}],
            "besluiten": [{**besluit_view, "zaak": {"url": zaak["url"]}}],
        }
    }


@pytest.fixture(scope="module")
def caching_gateway(writable: RunningSimulator) -> Iterator[Gateway]:
    """The default settings: published catalogue resources are kept between requests."""
    with run_gateway([registry_for(writable)]) as running:
        yield running


def test_published_catalogue_is_kept_between_requests_but_a_concept_is_not(
    writable: RunningSimulator, caching_gateway: Gateway
) -> None:
    catalogus = everything(writable, "catalogi/api/v1/catalogussen")[0]
    concept = post(
        writable,
        "catalogi/api/v1/besluittypen",
        {
            "catalogus": catalogus["url"],
            "omschrijving": "Nog in ontwerp",
            "publicatieIndicatie": False,
            "beginGeldigheid": "2026-01-01",
            "zaaktypen": [],
            "informatieobjecttypen": [],
        },
    )
    published = next(t for t in everything(writable, "catalogi/api/v1/besluittypen") if not t["concept"])
    query = "query($c: String!, $p: String!) { c: besluittype(url: $c) { omschrijving concept } p: besluittype(url: $p) { omschrijving concept } }"
    writable.reset_requests()

    answers = [
        data_of(caching_gateway, query, {"c": concept["url"], "p": published["url"]}) for _ in range(3)
    ]

    expected = {
        "c": {"omschrijving": "Nog in ontwerp", "concept": True},
        "p": {"omschrijving": published["omschrijving"], "concept": False},
    }
    assert answers == [expected] * 3
    fetched = [r["path"] for r in writable.requests()["requests"]]
    assert sorted(fetched) == sorted(
        ["/" + concept["url"][len(writable.base_url) :]] * 3
        + ["/" + published["url"][len(writable.base_url) :]]
    )
