from __future__ import annotations

import asyncio

import httpx

from simulator.auth import make_token
from simulator.server import SimulatorConfig, SimulatorServer


async def _run_twice() -> tuple[str, str, int, int]:
    config = SimulatorConfig(name="Zwolle", seed=4, size=10)
    first = SimulatorServer(config)
    second = SimulatorServer(
        SimulatorConfig(name="Zwolle", seed=4, size=10, client_id="other", secret="other-secret")
    )
    url_one = await first.start()
    url_two = await second.start()
    try:
        async with httpx.AsyncClient() as client:
            one = await client.get(
                url_one + "zaken/api/v1/zaken",
                headers={
                    "Authorization": f"Bearer {make_token(config.client_id, config.secret)}",
                    "Accept-Crs": "EPSG:4326",
                },
            )
            two = await client.get(
                url_two + "zaken/api/v1/zaken",
                headers={
                    "Authorization": f"Bearer {make_token('other', 'other-secret')}",
                    "Accept-Crs": "EPSG:4326",
                },
            )
        return url_one, url_two, one.json()["count"], two.json()["count"]
    finally:
        await first.stop()
        await second.stop()


def test_two_servers_in_one_event_loop() -> None:
    url_one, url_two, count_one, count_two = asyncio.run(_run_twice())
    assert url_one != url_two
    assert url_one.startswith("http://127.0.0.1:") and url_one.endswith("/")
    assert count_one == count_two == 10
    try:
        httpx.get(url_one + "_admin/summary", timeout=1)
    except httpx.TransportError:
        pass
    else:
        raise AssertionError("server still answering after stop()")
