"""Every link of a Zaak, compared with what the Zaken, Documenten, Besluiten and Catalogi APIs say.

The zaken under test are chosen from the registry for what hangs off them (a resultaat, a besluit, deelzaken,
a hoofdzaak), and each link is asked for all of them in one query (aliases), so the answer is checked
against the registry's own REST answers, link by link.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from simulator.testing import RunningSimulator
from tests.gateway.helpers import ask, data_of, everything, pick, rest
from tests.support import Gateway

Expected = Callable[[RunningSimulator, dict[str, Any]], Any]


@pytest.fixture(scope="module")
def zaken(simulator: RunningSimulator) -> list[dict[str, Any]]:
    """A few zaken that between them have every kind of link the seed makes."""
    every = everything(simulator, "zaken/api/v1/zaken")
    with_besluit = [z for z in every if rest(simulator, z["url"] + "/besluiten")]
    chosen = [
        with_besluit[0],
        next(z for z in every if z["deelzaken"]),
        next(z for z in every if z["hoofdzaak"]),
        next(z for z in every if z["einddatum"] is None and z["zaakobjecten"]),
        next(z for z in every if z["resultaat"] and z not in with_besluit),
    ]
    return list({z["url"]: z for z in chosen}.values())


def _status(simulator: RunningSimulator, url: str | None) -> dict[str, Any] | None:
    if url is None:
        return None
    status = rest(simulator, url)
    statustype = rest(simulator, status["statustype"])
    return {**pick(status, "url", "datumStatusGezet"), "statustype": pick(statustype, "url", "omschrijving")}  # type: ignore[dict-item]


def _resultaat(simulator: RunningSimulator, url: str | None) -> dict[str, Any] | None:
    if url is None:
        return None
    resultaat = rest(simulator, url)
    return {
        **pick(resultaat, "url", "toelichting"),  # type: ignore[dict-item]
        "resultaattype": pick(rest(simulator, resultaat["resultaattype"]), "url", "omschrijving"),
    }


def _children(path: str) -> Callable[[RunningSimulator, dict[str, Any]], list[dict[str, Any]]]:
    return lambda simulator, zaak: everything(simulator, path, zaak=zaak["url"])


RELATIONSHIPS: dict[str, tuple[str, Expected]] = {
    "zaaktype": (
        "zaaktype { url identificatie omschrijving }",
        lambda s, z: pick(rest(s, z["zaaktype"]), "url", "identificatie", "omschrijving"),
    ),
    "status": (
        "status { url datumStatusGezet statustype { url omschrijving } }",
        lambda s, z: _status(s, z["status"]),
    ),
    "statussen": (
        "statussen { url datumStatusGezet statustype { url omschrijving } }",
        lambda s, z: [_status(s, st["url"]) for st in _children("zaken/api/v1/statussen")(s, z)],
    ),
    "resultaat": (
        "resultaat { url toelichting resultaattype { url omschrijving } }",
        lambda s, z: _resultaat(s, z["resultaat"]),
    ),
    "rollen": (
        "rollen { url omschrijving roltoelichting roltype { url omschrijving } }",
        lambda s, z: [
            {
                **pick(r, "url", "omschrijving", "roltoelichting"),
                "roltype": pick(rest(s, r["roltype"]), "url", "omschrijving"),
            }  # type: ignore[dict-item]
            for r in _children("zaken/api/v1/rollen")(s, z)
        ],
    ),
    "zaakobjecten": (
        "zaakobjecten { url object relatieomschrijving }",
        lambda s, z: [
            pick(o, "url", "object", "relatieomschrijving")
            for o in _children("zaken/api/v1/zaakobjecten")(s, z)
        ],
    ),
    "eigenschappen": (
        "eigenschappen { url naam waarde eigenschap { url naam } }",
        lambda s, z: [
            {**pick(e, "url", "naam", "waarde"), "eigenschap": pick(rest(s, e["eigenschap"]), "url", "naam")}  # type: ignore[dict-item]
            for e in rest(s, z["url"] + "/zaakeigenschappen")
        ],
    ),
    "zaakinformatieobjecten": (
        "zaakinformatieobjecten { url informatieobject { url titel } }",
        lambda s, z: [
            {"url": zio["url"], "informatieobject": pick(rest(s, zio["informatieobject"]), "url", "titel")}
            for zio in _children("zaken/api/v1/zaakinformatieobjecten")(s, z)
        ],
    ),
    "documenten": (
        "documenten { url titel identificatie }",
        lambda s, z: [
            pick(rest(s, zio["informatieobject"]), "url", "titel", "identificatie")
            for zio in _children("zaken/api/v1/zaakinformatieobjecten")(s, z)
        ],
    ),
    "besluiten": (
        "besluiten { url identificatie datum }",
        lambda s, z: [
            pick(b, "url", "identificatie", "datum")
            for b in everything(s, "besluiten/api/v1/besluiten", zaak=z["url"])
        ],
    ),
    "hoofdzaak": (
        "hoofdzaak { url identificatie }",
        lambda s, z: pick(rest(s, z["hoofdzaak"]), "url", "identificatie") if z["hoofdzaak"] else None,
    ),
    "deelzaken": (
        "deelzaken { url identificatie }",
        lambda s, z: [pick(rest(s, u), "url", "identificatie") for u in z["deelzaken"]],
    ),
    "audittrail": (
        "audittrail { uuid actie resource resourceUrl hoofdObject }",
        lambda s, z: [
            pick(a, "uuid", "actie", "resource", "resourceUrl", "hoofdObject")
            for a in rest(s, z["url"] + "/audittrail")
        ],
    ),
    "zaakbesluiten": (
        "zaakbesluiten { url besluit { url identificatie } }",
        lambda s, z: [
            {"url": zb["url"], "besluit": pick(rest(s, zb["besluit"]), "url", "identificatie")}
            for zb in rest(s, z["url"] + "/besluiten")
        ],
    ),
}


def _aliased(zaken: list[dict[str, Any]], selection: str) -> str:
    parts = [f'z{i}: zaak(url: "{zaak["url"]}") {{ url {selection} }}' for i, zaak in enumerate(zaken)]
    return "{ " + " ".join(parts) + " }"


@pytest.mark.parametrize("link", list(RELATIONSHIPS))
def test_zaak_link_matches_the_registry(
    link: str, gateway: Gateway, simulator: RunningSimulator, zaken: list[dict[str, Any]]
) -> None:
    selection, expected_of = RELATIONSHIPS[link]

    body = ask(gateway, _aliased(zaken, selection))

    expected = {
        f"z{i}": {"url": zaak["url"], link: expected_of(simulator, zaak)} for i, zaak in enumerate(zaken)
    }
    assert body == {"data": expected}
    assert any(value[link] for value in expected.values()), f"no zaak under test has a {link}"


def test_zaak_children_link_back_to_their_zaak(gateway: Gateway, simulator: RunningSimulator) -> None:
    zaak = next(
        z
        for z in everything(simulator, "zaken/api/v1/zaken")
        if z["resultaat"] and z["zaakobjecten"] and z["eigenschappen"]
    )
    selection = """
        statussen { zaak { url } } status { zaak { url } } resultaat { zaak { url } }
        rollen { zaak { url } } zaakobjecten { zaak { url } } eigenschappen { zaak { url } }
        zaakinformatieobjecten { zaak { url } }
    """

    body = ask(gateway, _aliased([zaak], selection))

    back = {"zaak": {"url": zaak["url"]}}
    registry = {
        name: [back] * len(everything(simulator, f"zaken/api/v1/{name}", zaak=zaak["url"]))
        for name in ("statussen", "rollen", "zaakobjecten", "zaakinformatieobjecten")
    }
    assert body == {
        "data": {
            "z0": {
                "url": zaak["url"],
                **registry,
                "status": back,
                "resultaat": back,
                "eigenschappen": [back] * len(rest(simulator, zaak["url"] + "/zaakeigenschappen")),
            }
        }
    }
    assert all(registry.values())


def test_deelzaak_and_hoofdzaak_point_at_each_other(
    gateway: Gateway, simulator: RunningSimulator, zaken: list[dict[str, Any]]
) -> None:
    hoofd = next(z for z in zaken if z["deelzaken"])

    data = data_of(
        gateway,
        "query($url: String!) { zaak(url: $url) { url deelzaken { hoofdzaak { url deelzaken { url } } } } }",
        {"url": hoofd["url"]},
    )

    registry = rest(simulator, hoofd["url"])
    assert data == {
        "zaak": {
            "url": hoofd["url"],
            "deelzaken": [
                {"hoofdzaak": {"url": hoofd["url"], "deelzaken": [{"url": u} for u in registry["deelzaken"]]}}
                for _ in registry["deelzaken"]
            ],
        }
    }
