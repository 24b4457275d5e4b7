from __future__ import annotations

import subprocess
import sys
import uuid

import httpx
import orjson

from simulator.people import passes_11_test
from simulator.seed import SeedSpec, build_store
from simulator.testing import RunningSimulator


def _bodies(spec: SeedSpec) -> dict[str, list[bytes]]:
    store = build_store(spec)
    return {key: [r.json() for r in c.records.values()] for key, c in store.collections.items()}


def test_seed_is_deterministic_and_depends_on_seed_and_registry() -> None:
    first = _bodies(SeedSpec(seed=5, size=30, registry="Utrecht"))
    assert first == _bodies(SeedSpec(seed=5, size=30, registry="Utrecht"))
    assert first != _bodies(SeedSpec(seed=6, size=30, registry="Utrecht"))
    assert first != _bodies(SeedSpec(seed=5, size=30, registry="Zwolle"))
    assert len(first["zaken"]) == 30


def test_seeded_identifiers_are_valid() -> None:
    store = build_store(SeedSpec(seed=1, size=60))
    for record in store["rollen"].records.values():
        ident = record.decode()["betrokkeneIdentificatie"]
        if "inpBsn" in ident:
            assert passes_11_test(ident["inpBsn"]), ident["inpBsn"]
        if "innNnpId" in ident:
            assert passes_11_test(ident["innNnpId"])
            assert len(ident["kvkNummer"]) == 8
    for record in store["zaken"].records.values():
        assert uuid.UUID(record.uuid).version == 4
        assert str(uuid.UUID(record.uuid)) == record.uuid


def test_seed_has_the_shapes_a_gateway_needs(sim: RunningSimulator) -> None:
    zaken = sim.get("zaken/api/v1/zaken")["results"]
    closed = [z for z in zaken if z["einddatum"]]
    assert closed and all(z["resultaat"] for z in closed)
    assert any(z["deelzaken"] for z in zaken)
    assert any(z["hoofdzaak"] for z in zaken)
    assert {z["vertrouwelijkheidaanduiding"] for z in zaken} >= {"openbaar", "beperkt_openbaar"}
    eios = sim.get("documenten/api/v1/enkelvoudiginformatieobjecten", pageSize=500)["results"]
    assert len({e["vertrouwelijkheidaanduiding"] for e in eios}) >= 4
    rollen = sim.get("zaken/api/v1/rollen", pageSize=500)["results"]
    assert {r["betrokkeneType"] for r in rollen} >= {"natuurlijk_persoon", "medewerker"}
    besluiten = sim.get("besluiten/api/v1/besluiten")["results"]
    assert besluiten and all(b["zaak"] for b in besluiten)
    bios = sim.get("besluiten/api/v1/besluitinformatieobjecten")
    assert {b["besluit"] for b in bios} == {b["url"] for b in besluiten}
    zaaktypen = sim.get("catalogi/api/v1/zaaktypen")["results"]
    assert {"PARK-VERG", "MOR", "OMG-VERG"} <= {z["identificatie"] for z in zaaktypen}


def test_audittrail_and_nested_detail(sim: RunningSimulator) -> None:
    zaak = sim.get("zaken/api/v1/zaken")["results"][0]
    trail = sim.get(zaak["url"] + "/audittrail")
    assert trail and trail[0]["hoofdObject"] == zaak["url"] and trail[0]["actie"] == "create"
    entry = sim.get(zaak["url"] + "/audittrail/" + trail[0]["uuid"])
    assert entry == trail[0]
    eigenschap = sim.get(zaak["eigenschappen"][0]) if zaak["eigenschappen"] else None
    if eigenschap is not None:
        assert eigenschap["zaak"] == zaak["url"]


def test_cli_prints_exactly_one_json_line_and_a_banner_without_json() -> None:
    command = [sys.executable, "-m", "simulator", "--port", "0", "--size", "5", "--seed", "3"]
    with subprocess.Popen([*command, "--json"], stdout=subprocess.PIPE) as process:
        assert process.stdout is not None
        facts = orjson.loads(process.stdout.readline())
        assert set(facts) == {"base_url", "client_id", "secret"}
        response = httpx.get(facts["base_url"] + "_admin/summary")
        assert response.json()["counts"]["zaken"] == 5
        process.terminate()
        rest = process.stdout.read()
    assert rest == b""
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        banner = process.stdout.readline()
        process.terminate()
        process.stdout.read()
    assert "http://127.0.0.1:" in banner
