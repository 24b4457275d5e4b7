"""A citizen's data for the REST baselines, built through a registry's create endpoints.

`build_citizen(base_url, credentials, PORTAL)` makes a fresh BSN with the research note's page: 20 zaken,
19 documents, 4 besluiten, 8 resultaten over 4 zaaktypen, 9 statustypen, 4 resultaattypen,
6 informatieobjecttypen and 3 besluittypen (as far as the registry's catalogue allows); `SINGLE` is the
citizen with one zaak (2 documents, 1 besluit).
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from simulator.auth import make_token

Resource = dict[str, Any]

BSN_FILTER = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"
RSIN = "002220647"
_ZAKEN, _DOCS, _BESLUITEN = "zaken/api/v1/", "documenten/api/v1/", "besluiten/api/v1/"


@dataclass(frozen=True, slots=True)
class Credentials:
    client_id: str
    secret: str = field(repr=False)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {make_token(self.client_id, self.secret)}",
                "Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Shape:
    """The research note's page: 20 zaken, 19 documents, 4 besluiten, 8 resultaten over 4 zaaktypen,
    9 statustypen, 4 resultaattypen, 6 informatieobjecttypen and 3 besluittypen."""

    zaken: int = 20
    documents: int = 19
    besluiten: int = 4
    resultaten: int = 8
    zaaktypen: int = 4
    statustypen: int = 9
    informatieobjecttypen: int = 6
    besluittypen: int = 3


PORTAL = Shape()
SINGLE = Shape(zaken=1, documents=2, besluiten=1, resultaten=1, zaaktypen=1, statustypen=1,
               informatieobjecttypen=2, besluittypen=1)  # fmt: skip


def fresh_bsn(client: httpx.Client, base_url: str, rng: random.Random) -> str:
    """A BSN that passes the 11-test and has no zaken yet."""
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        bsn = "".join(map(str, digits)) + str(last)
        if last < 10 and digits[0] != 0:
            found = client.get(base_url + _ZAKEN + "zaken", params={BSN_FILTER: bsn})
            if found.json()["count"] == 0:
                return bsn


def build_citizen(base_url: str, credentials: Credentials, shape: Shape = PORTAL, seed: int = 1) -> str:
    """Create a fresh citizen's zaken, statussen, resultaten, documents and besluiten; returns the BSN."""
    rng = random.Random(seed)
    with httpx.Client(headers=credentials.headers(), timeout=60) as client:

        def get(url: str, **params: str) -> Any:
            response = client.get(url, params=params or None)
            response.raise_for_status()
            return response.json()

        def post(path: str, body: Resource) -> Resource:
            response = client.post(base_url + path, json=body)
            if response.status_code != 201:
                raise RuntimeError(f"POST {path}: {response.status_code} {response.text[:300]}")
            result: Resource = response.json()
            return result

        bsn = fresh_bsn(client, base_url, rng)
        zaaktypen = _pick_zaaktypen(get(base_url + "catalogi/api/v1/zaaktypen")["results"], shape)
        statustypen = {zt["url"]: sorted((get(u) for u in zt["statustypen"]), key=lambda s: s["volgnummer"])
                       for zt in zaaktypen}  # fmt: skip
        iots = _pick_iots(zaaktypen, shape.informatieobjecttypen)
        open_types = _open_statustypen(zaaktypen, statustypen, shape.statustypen - len(zaaktypen))
        with_besluit = _besluit_plan(zaaktypen, shape)
        start = date(2025, 1, 6)
        for i in range(shape.zaken):
            zaaktype = zaaktypen[i % len(zaaktypen)]
            day = start + timedelta(days=7 * i)
            zaak = post(_ZAKEN + "zaken", {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN,
                        "zaaktype": zaaktype["url"], "startdatum": day.isoformat(),
                        "omschrijving": f"Aanvraag {i + 1}"})  # fmt: skip
            roltype = next(r for r in (get(u) for u in zaaktype["roltypen"])
                           if r["omschrijvingGeneriek"] == "initiator")  # fmt: skip
            post(_ZAKEN + "rollen", {"zaak": zaak["url"], "roltype": roltype["url"], "roltoelichting": "aanvrager",
                 "betrokkeneType": "natuurlijk_persoon", "betrokkeneIdentificatie": {"inpBsn": bsn}})  # fmt: skip
            moment = f"{day.isoformat()}T10:00:00Z"
            if i < shape.resultaten:  # closed: resultaat, then the last statustype
                post(
                    _ZAKEN + "resultaten",
                    {"zaak": zaak["url"], "resultaattype": zaaktype["resultaattypen"][0]},
                )
                statustype = statustypen[zaaktype["url"]][-1]["url"]
            else:
                choices = open_types[zaaktype["url"]]
                statustype = choices[(i // len(zaaktypen)) % len(choices)]
            post(
                _ZAKEN + "statussen",
                {"zaak": zaak["url"], "statustype": statustype, "datumStatusGezet": moment},
            )
            allowed = [u for u in zaaktype["informatieobjecttypen"] if u in iots]
            per_zaak = shape.documents // shape.zaken + (1 if i < shape.documents % shape.zaken else 0)
            for d in range(per_zaak):
                iot = allowed[(i // len(zaaktypen) + d) % len(allowed)]  # the i-th zaak of its zaaktype
                content = f"Document {d + 1} van aanvraag {i + 1}\n".encode() * rng.randrange(20, 400)
                document = post(_DOCS + "enkelvoudiginformatieobjecten", {
                    "bronorganisatie": RSIN, "creatiedatum": day.isoformat(), "titel": f"Bijlage {d + 1}",
                    "auteur": "Burger", "taal": "nld", "informatieobjecttype": iot, "formaat": "application/pdf",
                    "inhoud": base64.b64encode(content).decode(), "bestandsnaam": f"bijlage-{d + 1}.pdf",
                })  # fmt: skip
                post(
                    _ZAKEN + "zaakinformatieobjecten",
                    {"zaak": zaak["url"], "informatieobject": document["url"]},
                )
            if i in with_besluit:
                post(_BESLUITEN + "besluiten", {"verantwoordelijkeOrganisatie": RSIN, "zaak": zaak["url"],
                     "besluittype": with_besluit[i], "datum": day.isoformat(),
                     "ingangsdatum": day.isoformat()})  # fmt: skip
    return bsn


def _pick_zaaktypen(zaaktypen: list[Resource], shape: Shape) -> list[Resource]:
    """Zaaktypen whose besluittypen cover `shape.besluittypen` distinct ones first, then those with most
    informatieobjecttypen."""
    usable = [zt for zt in zaaktypen if not zt.get("concept") and zt["informatieobjecttypen"]]
    chosen: list[Resource] = []
    covered: set[str] = set()
    for zt in sorted(usable, key=lambda z: -len(z["informatieobjecttypen"])):
        new = set(zt["besluittypen"]) - covered
        if new and len(covered) < shape.besluittypen and len(chosen) < shape.zaaktypen:
            chosen.append(zt)
            covered |= new
    rest = sorted((z for z in usable if z not in chosen), key=lambda z: -len(z["informatieobjecttypen"]))
    return (chosen + rest)[: shape.zaaktypen]


def _pick_iots(zaaktypen: list[Resource], wanted: int) -> set[str]:
    chosen = list(dict.fromkeys(zt["informatieobjecttypen"][0] for zt in zaaktypen))
    for url in (u for zt in zaaktypen for u in zt["informatieobjecttypen"]):
        if len(chosen) < wanted and url not in chosen:
            chosen.append(url)
    return set(chosen)


def _open_statustypen(
    zaaktypen: list[Resource], statustypen: dict[str, list[Resource]], wanted: int
) -> dict[str, list[str]]:
    """Statustypen (not the last) for zaken still open: one per zaaktype, then more until `wanted`."""
    result = {zt["url"]: [statustypen[zt["url"]][0]["url"]] for zt in zaaktypen}
    extra = wanted - len(zaaktypen)
    for zt in zaaktypen:
        for st in statustypen[zt["url"]][1:-1]:
            if extra > 0:
                result[zt["url"]].append(st["url"])
                extra -= 1
    return result


def _besluit_plan(zaaktypen: list[Resource], shape: Shape) -> dict[int, str]:
    """Zaak index -> besluittype, over as many distinct besluittypen as the shape asks."""
    plan: dict[int, str] = {}
    used: list[str] = []
    for i in range(shape.zaken):
        if len(plan) == shape.besluiten:
            break
        types = zaaktypen[i % len(zaaktypen)]["besluittypen"]
        fresh = [t for t in types if t not in used]
        if fresh and len(used) < shape.besluittypen:
            plan[i] = fresh[0]
            used.append(fresh[0])
        elif types and len(used) >= shape.besluittypen:
            plan[i] = types[0]
    return plan
