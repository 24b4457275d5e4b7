"""Links the seed never makes (klantcontacten, gebruiksrechten, relevanteAndereZaken, audit trails of
documents and besluiten), on a registry of this module's own: the tests create them with the ZGW API first."""

from __future__ import annotations

from typing import Any

from simulator.testing import RunningSimulator
from tests.gateway.helpers import RSIN, ask, everything, new_document, new_zaak, pick, post
from tests.support import Gateway


def _zaaktype(simulator: RunningSimulator, identificatie: str) -> dict[str, Any]:
    found: dict[str, Any] = simulator.get("catalogi/api/v1/zaaktypen", identificatie=identificatie)[
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

    registry = writable.get(zaak["url"])
    klantcontacten = writable.get("zaken/api/v1/klantcontacten", zaak=zaak["url"])["results"]
    assert body == {
        "data": {
            "zaak": {
                "relevanteAndereZaken": [
                    {
                        "url": r["url"],
                        "aardRelatie": r["aardRelatie"],
                        "zaak": pick(writable.get(r["url"]), "url", "identificatie"),
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

    data = writable_gateway.data(
        "query($url: String!) { klantcontact(url: $url) { url kanaal zaak { url identificatie } } }",
        {"url": klantcontact["url"]},
    )

    assert data == {
        "klantcontact": {
            "url": klantcontact["url"],
            "kanaal": klantcontact["kanaal"],
            "zaak": pick(writable.get(zaak["url"]), "url", "identificatie"),
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
                "indicatieGebruiksrecht": writable.get(document["url"])["indicatieGebruiksrecht"],
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

    audit = writable.get(document["url"] + "/audittrail")
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

    data = writable_gateway.data(
        "query($url: String!) { besluit(url: $url) { audittrail { uuid actie resource resourceUrl } zaak { zaakbesluiten { besluit { url } } } } }",
        {"url": besluit["url"]},
    )

    audit = writable.get(besluit["url"] + "/audittrail")
    assert data == {
        "besluit": {
            "audittrail": [pick(a, "uuid", "actie", "resource", "resourceUrl") for a in audit],
            "zaak": {
                "zaakbesluiten": [
                    {"besluit": {"url": zb["besluit"]}} for zb in writable.get(zaak["url"] + "/besluiten")
                ]
            },
        }
    }
    assert audit
