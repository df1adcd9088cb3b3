"""The portal's answer is input from outside: a receipt id that is huge, holds markup or control
characters is never stored nor printed raw; the item is held for a person, with a clear reason."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from outbox_helpers import cli_env, drain, make_dossier

from scanstation.outbox.queue import Outbox
from scanstation.outbox.receipts import receipt_fields
from scanstation.outbox.transports import RECEIPT_ID_MAX, receipt_id_problem
from scanstation.outbox.transports.http import HttpTransport


class HostilePortal:
    """Answers every POST with 201 and ``receipt_id`` = the value given; lookups find nothing."""

    def __init__(self, receipt_id: object) -> None:
        body = json.dumps({"receipt_id": receipt_id}).encode()
        posts = self.posts = [0]

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                posts[0] += 1
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HostilePortal:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


HOSTILE = {
    "huge": "R" * 5_000_000,
    "markup": "<b>R-1</b><script>alert(1)</script>",
    "escape": "R-1\x1b]0;pwned\x07\x1b[2J",
    "newline": "R-1\nsent\tR-2",
    "unicode": "R‮-1",
    "bool": True,
    "object": {"id": 1},
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_receipt_holds_the_item(tmp_path: Path, kind: str) -> None:
    home = tmp_path / "home"
    with Outbox(home) as outbox:
        item = outbox.add_path(make_dossier(tmp_path, "hs", manifest=True)).item
    with HostilePortal(HOSTILE[kind]) as portal:
        drain(home, HttpTransport(portal.url, timeout=5.0))
        assert portal.posts[0] == 1  # held after the first answer, not re-posted in a loop
    with Outbox(home) as outbox:
        held = outbox.get(item.id)
    assert held is not None and held.state == "held"
    assert held.receipt_id is None and held.needs_reconcile
    assert "invalid receipt" in held.reason
    assert len(held.reason) < 600
    assert (home / "outbox.sqlite").stat().st_size < 1_000_000  # the 5 MB id was not stored


def test_a_good_receipt_is_stored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Outbox(home) as outbox:
        item = outbox.add_path(make_dossier(tmp_path, "hs")).item
    with HostilePortal("000.00.53.H48-261123-0001") as portal:
        drain(home, HttpTransport(portal.url, timeout=5.0))
    with Outbox(home) as outbox:
        sent = outbox.get(item.id)
    assert sent is not None and sent.state == "sent"
    assert sent.receipt_id == "000.00.53.H48-261123-0001"


def test_receipt_id_bounds() -> None:
    assert receipt_id_problem("x" * RECEIPT_ID_MAX) is None
    assert receipt_id_problem(12345) is None
    assert "limit" in (receipt_id_problem("x" * (RECEIPT_ID_MAX + 1)) or "")
    for bad in ("", " R", "R 1", "Ｒ1", "R<1>", None, 1.5, True):
        assert receipt_id_problem(bad), bad


def test_status_and_receipt_never_print_raw_controls(tmp_path: Path) -> None:
    """Rows written before validation existed (or by another tool) are still shown safely."""
    home = tmp_path / "home"
    with Outbox(home) as outbox:
        item = outbox.add_path(make_dossier(tmp_path, "hs\x1b[31m\nfake", manifest=True)).item
        with outbox._tx() as db:
            db.execute("UPDATE items SET state = 'sent', receipt_id = ?, receipt_json = ?,"
                       " sent_at = 0 WHERE id = ?",
                       (HOSTILE["escape"] + "<b>x</b>\n", json.dumps({"sha256": "ab"}), item.id))
        stored = outbox.get(item.id)
    proc = subprocess.run([sys.executable, "-m", "scanstation", "outbox", "status"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          env=cli_env(home))
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert len(proc.stdout.splitlines()) == 1
    assert "\\x1b]0;pwned\\x07" in proc.stdout
    assert stored is not None
    for _label, value in receipt_fields(dataclasses.replace(stored, sent_at=1.0)):
        assert value.isprintable(), value
