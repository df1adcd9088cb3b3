"""``scanstation serve`` as a process: the one-line contract, approval from another process seen
by the running server, revocation, and the refusals at start-up."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

from conftest import PORTAL, Client, Reply

from scanstation.api.server import ApiServer


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scanstation", *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "SCANSTATION_HOME": str(home)})


class _Remote(Client):
    """The test client pointed at a server running in another process."""

    def __init__(self, port: int, home: Path) -> None:
        self.port = port
        self.server = type("S", (), {"home": home})()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_pair_approve_by_cli_and_revoke(home: Path) -> None:
    port = _free_port()
    env = {**os.environ, "SCANSTATION_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "scanstation", "serve", "--port", str(port),
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        line = proc.stdout.readline()  # printed once it listens
        assert line == f'{{"url": "http://127.0.0.1:{port}"}}\n'
        assert json.loads(line) == {"url": f"http://127.0.0.1:{port}"}
        client = _Remote(port, home)
        started = client.request("POST", "/v1/pair", body={})
        assert started.status == 202
        poll = f"/v1/pair/{started.json()['pairing_id']}"
        assert client.request("GET", poll).status == 202
        pending = cli(home, "serve", "pending", "--json")
        assert json.loads(pending.stdout) == {"origin": PORTAL, "code": started.json()["code"]}
        approved = cli(home, "serve", "approve", PORTAL)
        assert approved.returncode == 0, approved.stderr
        got: Reply = client.request("GET", poll)
        assert got.status == 200
        token = got.json()["token"]
        assert client.request("GET", "/v1/status", token=token).status == 200
        assert cli(home, "serve", "revoke", PORTAL, "--json").returncode == 0
        assert client.request("GET", "/v1/status", token=token).status == 403
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    assert proc.stdout.read() == ""  # one line, nothing else on stdout


def test_serve_refuses_a_non_loopback_address(home: Path) -> None:
    for host in ("0.0.0.0", "192.168.1.20", "::"):
        result = cli(home, "serve", "--host", host, "--port", "0", "--json")
        assert result.returncode == 2
        assert result.stdout == ""
        assert "Chỉ được mở cổng API" in result.stderr and "loopback" not in result.stdout
        assert "127.0.0.1 or ::1 only" in result.stderr
        assert "Traceback" not in result.stderr


def test_serve_on_a_taken_port_says_so(home: Path) -> None:
    with ApiServer(home, port=0) as server:
        result = cli(home, "serve", "--port", str(server.port), "--json")
    assert result.returncode != 0 and result.stdout == ""
    assert re.search(r"port \d+", result.stderr) and "Traceback" not in result.stderr


def test_approve_a_bad_origin_is_a_bilingual_error(home: Path) -> None:
    result = cli(home, "serve", "approve", "javascript:alert(1)")
    assert result.returncode == 2
    assert "không hợp lệ" in result.stderr and "not valid" in result.stderr
