"""Where Open Zaak 1.30 itself answers outside its own spec, and the simulator does the same on purpose.

Each entry relaxes one keyword of one response field (never a request schema) before the validator is built,
and names the capture in tests/captures/ that shows the real server doing it. test_deviations.py asserts both
halves: the capture really holds the off-spec value, and the simulator sends the same value. Entries without a
capture say where the behaviour comes from (Open Zaak's source) instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Deviation:
    api: str
    field: str
    relax: str  # "nullable" (null allowed), or the keyword dropped: "minLength", "pattern", "format"
    value: Any  # what Open Zaak sends instead
    capture: str | None  # tests/captures/<file>
    path: tuple[str | int, ...]  # where that value sits in the capture (and in the simulator's equivalent)
    reason: str

    @property
    def id(self) -> str:
        return f"{self.api}.{self.field}.{self.relax}"


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation("zaken", "opdrachtgevendeOrganisatie", "minLength", "", "zaak.json", ("opdrachtgevendeOrganisatie",),
              "blank CharField is served as '' although the spec says minLength 9"),
    Deviation("zaken", "inpA_nummer", "pattern", "", "rol_natuurlijk_persoon.json",
              ("betrokkeneIdentificatie", "inpA_nummer"), "blank A-nummer is '' although the pattern needs 10 digits"),
    Deviation("zaken", "emailadres", "format", "", "rol_medewerker.json", ("contactpersoonRol", "emailadres"),
              "blank e-mail address is '' although the format is email"),
    Deviation("catalogi", "beginObject", "nullable", None, "statustype.json", ("beginObject",),
              "beginObject is null for a type that is not versioned, though the spec does not mark it nullable"),
    Deviation("catalogi", "eindeObject", "nullable", None, "zaaktype.json", ("eindeObject",),
              "eindeObject is null while the type is current, though the spec does not mark it nullable"),
    Deviation("catalogi", "rsin", "minLength", "", "zaaktype.json", ("broncatalogus", "rsin"),
              "an empty broncatalogus has rsin '' although the spec says minLength 9"),
    Deviation("catalogi", "contactpersoonBeheerEmailadres", "format", "", None, ("contactpersoonBeheerEmailadres",),
              "unverified for catalogussen (the capture has an address): a blank EmailField is '', as the captured "
              "contactpersoonRol.emailadres in rol_medewerker.json"),
    Deviation("zaken", "objectTypeOverige", "pattern", "", None, ("objectTypeOverige",),
              "no capture; Open Zaak's model (src/openzaak/components/zaken/models/zaken.py, ZaakObject) has "
              "object_type_overige = CharField(blank=True), served as '' like the captured inpA_nummer, which "
              "the pattern '[a-z_]+' refuses"),
    Deviation("zaken", "zaakobjecttype", "nullable", None, None, ("zaakobjecttype",),
              "no capture; in the same model zaakobjecttype is FkOrServiceUrlField(null=True), and DRF serialises "
              "a missing relation as null whatever the schema says (as for the captured beginObject)"),
)  # fmt: skip


def relax(spec: dict[str, Any], api: str) -> None:
    """Apply this API's deviations to every response schema (names not ending in 'Request') in place."""
    for deviation in DEVIATIONS:
        if deviation.api != api:
            continue
        for name, schema in spec["components"]["schemas"].items():
            prop = schema.get("properties", {}).get(deviation.field) if isinstance(schema, dict) else None
            if prop is None or name.endswith("Request"):
                continue
            if deviation.relax == "nullable":
                prop["nullable"] = True
            else:
                prop.pop(deviation.relax, None)
