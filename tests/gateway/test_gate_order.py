"""Beyond the cap on requests in flight to a registry, the gateway's queue goes most urgent first: the requests
with more hops of the query waiting on them before those that end a branch (a registry serves its own queue
in the order it came, so the order in which the gateway lets requests go is the order they are served)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from gateway.costs import HOP_MS, Gate
from simulator.testing import RunningSimulator, run_simulator
from tests.gateway.helpers import ask
from tests.support import registry_for, run_gateway

QUERY = """
query Walk($bsn: String!) {
  zaken(filter: {rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn: $bsn}, first: 20) {
    nodes {
      besluiten { datum }
      documenten { titel informatieobjecttype { omschrijving } }
    }
  }
}
"""


@pytest.fixture(scope="module")
def registry() -> Iterator[RunningSimulator]:
    with run_simulator(size=40, seed=5) as running:
        yield running


def _collection(entry: dict[str, object]) -> str:
    path = str(entry["path"]).rstrip("/").split("/")
    return path[-2] if len(path[-1]) == 36 else path[-1]


def test_a_request_with_hops_below_it_goes_before_those_that_end_a_branch(registry: RunningSimulator) -> None:
    # One request in flight at a time: every other waits in the gateway's queue. The zaken page's children
    # go in as they come: the zaakinformatieobjecten lists, then the besluiten lists (nothing below them).
    # Once the last zaakinformatieobjecten list is in, the documents' `_zoek` is asked (their types below it):
    # it goes before the besluiten lists still waiting (in the order they came it would go after all).
    bsn = max(registry.summary()["bsns"], key=lambda b: b.get("zaken", 0))["bsn"]
    settings = registry_for(registry, max_concurrency=1, use_expand=False, send_page_size=True)
    with run_gateway([settings], catalogue_cache_ttl_s=0, resource_cache_mb=0) as gateway:
        registry.reset_requests()
        body = ask(gateway, QUERY, {"bsn": bsn})
        log = registry.requests()["requests"]
    assert "errors" not in body, body
    nodes = body["data"]["zaken"]["nodes"]
    assert any(node["documenten"] for node in nodes)
    order = [_collection(entry) for entry in sorted(log, key=lambda e: e["start"])]
    assert order.count("_zoek") == 1, order
    search = order.index("_zoek")
    besluiten = [i for i, name in enumerate(order) if name == "besluiten"]
    assert len(besluiten) >= 10, order
    # most besluiten lists waited behind the search (none had anything of the query waiting on it)
    assert sum(1 for i in besluiten if i > search) > len(besluiten) // 2, order


def test_gate_lets_the_most_urgent_go_first_then_the_longest() -> None:
    async def run() -> list[str]:
        gate = Gate(1)
        await gate.acquire(0.0, lambda: 0.0)  # the slot is taken: what follows waits
        went: list[str] = []

        async def one(name: str, urgency: float, ms: float) -> None:
            await gate.acquire(urgency, lambda: ms)
            went.append(name)
            gate.release()

        tasks = [
            asyncio.create_task(one("ahead", -1.0, 500.0)),  # less urgent than any: last
            asyncio.create_task(one("leaf", 0.0, 50.0)),
            asyncio.create_task(one("long leaf", 0.0, 300.0)),
            asyncio.create_task(one("search", 1.0, 90.0)),
            asyncio.create_task(one("list", 1.0, 30.0)),
        ]
        cancelled = asyncio.create_task(one("cancelled", 2.0, 0.0))
        await asyncio.sleep(0)
        cancelled.cancel()
        await asyncio.sleep(0)
        gate.release()
        await asyncio.gather(*tasks)
        assert gate.active == 0 and gate.waiting == 0
        return went

    assert asyncio.run(run()) == ["search", "list", "long leaf", "leaf", "ahead"]
    assert HOP_MS > 300.0  # a hop of urgency outweighs any service time here
