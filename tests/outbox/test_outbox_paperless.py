"""The Paperless-ngx transport against FakePaperlessServer (real HTTP on 127.0.0.1)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fake_paperless import FakePaperlessServer
from outbox_helpers import SCANSTATION, cli_env, drain, make_dossier

from scanstation.outbox.queue import Outbox
from scanstation.outbox.transports.paperless import PaperlessTransport


def _fill(tmp_path: Path, n: int) -> tuple[Path, set[str]]:
    home = tmp_path / "home"
    md5s: set[str] = set()
    with Outbox(home) as outbox:
        for i in range(n):
            folder = make_dossier(tmp_path / "src", f"hs-{i}", files=2, manifest=True)
            md5s |= {hashlib.md5(p.read_bytes(), usedforsecurity=False).hexdigest()
                     for p in folder.glob("*.pdf")}
            outbox.add_path(folder)
    return home, md5s


def test_every_file_becomes_one_paperless_document(tmp_path: Path) -> None:
    home, md5s = _fill(tmp_path, 3)
    with FakePaperlessServer() as fake:
        transport = PaperlessTransport(fake.url, token="pl-token", poll_interval=0.02)
        try:
            drain(home, transport)
        finally:
            transport.close()
        assert sorted(fake.checksums()) == sorted(md5s)  # each file once
    with Outbox(home) as outbox:
        items = outbox.items()
    assert {i.state for i in items} == {"sent"}
    assert all(len(i.receipt["document_ids"]) == 2 for i in items)
    assert all(i.receipt_id.startswith("paperless:") for i in items)


def test_lost_answers_and_busy_server_still_give_each_file_once(tmp_path: Path) -> None:
    home, md5s = _fill(tmp_path, 8)
    with FakePaperlessServer(fault_rate=0.4, seed=5, consume_delay=0.05) as fake:
        transport = PaperlessTransport(fake.url, token="pl-token", poll_interval=0.02,
                                       timeout=2.0)
        try:
            drain(home, transport)
        finally:
            transport.close()
        assert sorted(fake.checksums()) == sorted(md5s)
        assert fake.uploads > 16  # faults forced re-uploads, Paperless-side dedupe held
    with Outbox(home) as outbox:
        assert {i.state for i in outbox.items()} == {"sent"}


def test_wrong_token_is_a_refusal_and_cli_url_scheme(tmp_path: Path) -> None:
    import json
    import subprocess

    home, _ = _fill(tmp_path, 1)
    with FakePaperlessServer() as fake:
        url = "paperless+" + fake.url
        done = subprocess.run([SCANSTATION, "outbox", "run", "--portal-url", url, "--until-empty"],
                              env=cli_env(home, SCANSTATION_PAPERLESS_TOKEN="nope"),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 8
        status = subprocess.run([SCANSTATION, "outbox", "status", "--json"], env=cli_env(home),
                                capture_output=True, text=True)
        row = json.loads(status.stdout)
        assert row["state"] == "failed" and "401" in row["reason"]
        subprocess.run([SCANSTATION, "outbox", "retry", row["id"]], env=cli_env(home), check=True)
        done = subprocess.run([SCANSTATION, "outbox", "run", "--portal-url", url, "--until-empty"],
                              env=cli_env(home, SCANSTATION_PAPERLESS_TOKEN="pl-token"),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert len(fake.documents) == 2
