"""The `zaakgraph` command: schema, check, serve."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from gateway.testing import free_port, wait_until_healthy
from simulator.testing import RunningSimulator


def _zaakgraph(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", *args], capture_output=True, text=True, timeout=60, env=env
    )


def _config(tmp_path: Path, simulator: RunningSimulator, secret_line: str) -> Path:
    path = tmp_path / "zaakgraph.toml"
    path.write_text(
        f"""
[[registries]]
name = "sim"
label = "Simulator"
base_url = "{simulator.base_url}"
client_id = "{simulator.client_id}"
{secret_line}
"""
    )
    return path


def test_schema_prints_the_sdl() -> None:
    result = _zaakgraph("schema")

    assert result.returncode == 0
    assert "type Zaak implements Node" in result.stdout
    assert "zaaktype: ZaakType" in result.stdout


def test_check_reaches_every_api_with_the_secret_from_the_environment(
    tmp_path: Path, simulator: RunningSimulator
) -> None:
    config = _config(tmp_path, simulator, 'secret_env = "SIM_SECRET"')

    result = _zaakgraph("check", "--config", str(config), env={"SIM_SECRET": simulator.secret, "PATH": ""})

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert [line.split()[1] for line in lines] == ["zaken", "documenten", "besluiten", "catalogi"]
    assert all(line.endswith(": ok") for line in lines)


def test_check_reports_a_wrong_secret_plainly(tmp_path: Path, simulator: RunningSimulator) -> None:
    config = _config(tmp_path, simulator, 'secret = "not-the-secret"')

    result = _zaakgraph("check", "--config", str(config))

    assert result.returncode == 1
    assert result.stdout.count("FORBIDDEN") == 4
    assert "Traceback" not in result.stdout + result.stderr


def test_check_reports_bad_settings_plainly(tmp_path: Path) -> None:
    config = tmp_path / "broken.toml"
    config.write_text('[[registries]]\nname = "x"\nclient_id = "y"\nsecret = "z"\n')

    result = _zaakgraph("check", "--config", str(config))

    assert result.returncode == 2
    assert "base_url" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_serve_answers_queries(tmp_path: Path, simulator: RunningSimulator) -> None:
    config = _config(tmp_path, simulator, f'secret = "{simulator.secret}"')
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--config", str(config), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process=server)
        ready = httpx.get(url + "/readyz", timeout=10)
        body = httpx.post(url + "/graphql", json={"query": "{ zaken(first: 1) { totalCount } }"}, timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert ready.json() == {"status": "ready", "registries": {"sim": "ok"}}
    total = simulator.get("zaken/api/v1/zaken")["count"]
    assert body.json() == {"data": {"zaken": {"totalCount": total}}}
