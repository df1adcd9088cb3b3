"""Interoperability: a second, independent receiver written only from docs/portal-protocol.md.

Unlike the reference portal, it is single-threaded (stdlib ``HTTPServer``), parses multipart with
the ``email`` package, answers ``Retry-After`` as an HTTP date, and offers no lookup (every GET is
404), so exactly-once rests on its idempotency by key alone. Driven through the CLI, with kill -9.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import signal
import socket
import struct
import subprocess
import threading
import time
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from outbox_helpers import SCANSTATION, cli_env, make_dossier, make_pdf


class MinimalPortal:
    FAULTS = ("503-date", "reset_after", "hang_after", "500", None, None, None)

    def __init__(self) -> None:
        self.receipts: dict[str, str] = {}
        self.contents: dict[str, int] = {}  # content hash → times stored
        self.requests = 0
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, status: int, payload: dict, headers: dict | None = None) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                for k, v in {"Content-Type": "application/json", **(headers or {})}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self._answer(404, {"error": "no lookups here"})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                fault = portal.FAULTS[portal.requests % len(portal.FAULTS)]
                portal.requests += 1
                if fault == "503-date":
                    when = email.utils.formatdate(time.time() + 1, usegmt=True)
                    self._answer(503, {"error": "busy"}, {"Retry-After": when})
                    return
                if fault == "500":
                    self._answer(500, {"error": "oops"})
                    return
                message = BytesParser(policy=policy.HTTP).parsebytes(
                    b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body)
                manifest, files = None, []
                for part in message.iter_parts():
                    name = part.get_param("name", header="content-disposition")
                    if name == "manifest":
                        manifest = json.loads(part.get_payload(decode=True))
                    elif name == "files":
                        files.append((part.get_filename(), part.get_payload(decode=True)))
                if manifest is None or not files:
                    self._answer(400, {"error": "manifest and files required"})
                    return
                key = self.headers["Idempotency-Key"]
                if key not in portal.receipts:
                    digest = hashlib.sha256()
                    for name, data in sorted(files):
                        digest.update(name.encode() + hashlib.sha256(data).digest())
                    content = digest.hexdigest()
                    portal.contents[content] = portal.contents.get(content, 0) + 1
                    portal.receipts[key] = f"HS-{len(portal.receipts) + 1:05d}"
                if fault == "reset_after":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.rfile.close()
                    self.connection.close()
                    return
                if fault == "hang_after":
                    time.sleep(1.5)
                self._answer(200, {"receipt_id": portal.receipts[key]})

        class Quiet(HTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self.server = Quiet(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_independent_single_threaded_receiver_without_lookup(tmp_path: Path) -> None:
    home = tmp_path / "home"
    paths = [str(make_dossier(tmp_path / "src", f"hs-{i:02d}", files=1 + i % 2,
                              manifest=i % 3 == 0)) for i in range(14)]
    paths.append(str(make_pdf(tmp_path / "src", "Giấy ủy quyền.pdf", seed=3)))
    added = subprocess.run([SCANSTATION, "outbox", "add", *paths], env=cli_env(home),
                           capture_output=True, text=True, check=True).stdout.split()
    portal = MinimalPortal()
    try:
        for delay in (0.8, 1.2):
            proc = subprocess.Popen([SCANSTATION, "outbox", "run", "--portal-url", portal.url,
                                     "--until-empty"], env=cli_env(home),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        done = subprocess.run([SCANSTATION, "outbox", "run", "--portal-url", portal.url,
                               "--until-empty"], env=cli_env(home, SCANSTATION_OUTBOX_TIMEOUT="1"),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    finally:
        portal.close()
    rows = [json.loads(line) for line in subprocess.run(
        [SCANSTATION, "outbox", "status", "--json"], env=cli_env(home), capture_output=True,
        text=True, check=True).stdout.splitlines()]
    assert [r["id"] for r in rows] == added and len(added) == 15
    assert {r["state"] for r in rows} == {"sent"}
    assert sorted(r["receipt_id"] for r in rows) == sorted(portal.receipts.values())
    assert len(portal.contents) == 15 and set(portal.contents.values()) == {1}
