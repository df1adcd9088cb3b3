"""The demo page in a real headless Chromium, served from another origin: it pairs (approved
with ``scanstation serve approve`` once the station sees the request), scans three pages from
SANE's test device reading the progress stream, shows the thumbnails, reads a generated ID card,
and downloads the PDF/A — through the browser's own CORS and preflight checks."""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from scanstation.api.server import ApiServer, StationHooks

DEMO = Path(__file__).resolve().parents[2] / "docs" / "local-api-demo.html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Station(StationHooks):
    def __init__(self) -> None:
        self.asked = threading.Event()
        self.codes: list[str] = []

    def pairing_requested(self, pairing: Any) -> None:
        self.codes.append(pairing.code)
        self.asked.set()


class _RecordingServer(ApiServer):
    """The API, noting each preflight the browser sends (what the browser asked, not what a
    test client chose to send)."""

    preflights: list[tuple[str, str, str, str]]

    def _preflight(self, handler: Any, path: str, origin: str | None) -> Any:
        self.preflights.append((path, handler.headers.get("Access-Control-Request-Method", ""),
                                handler.headers.get("Access-Control-Request-Headers", ""),
                                handler.headers.get("Access-Control-Request-Private-Network",
                                                    "")))
        return super()._preflight(handler, path, origin)


def _page_server(card_png: bytes, public: bool) -> tuple[ThreadingHTTPServer, dict]:
    """The 'portal': serves the demo page and a card image, and takes the page's report."""
    got: dict[str, Any] = {"event": threading.Event()}

    class Page(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/demo.html"):
                body, kind = DEMO.read_bytes(), "text/html; charset=utf-8"
            elif self.path == "/card.png":
                body, kind = card_png, "image/png"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if public:  # the page counts as on the Internet: its calls to 127.0.0.1 are private
                self.send_header("Content-Security-Policy", "treat-as-public-address")
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            data = self.rfile.read(int(self.headers["Content-Length"]))
            got["report"] = json.loads(data)
            self.send_response(204)
            self.end_headers()
            got["event"].set()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, got


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is in packaging/system-packages")
def test_demo_page_in_headless_chromium(home: Path, tmp_path: Path) -> None:
    from scanstation.pdf.check import check_pdfa
    from scanstation.testing import cards

    rng = random.Random(1616)
    person = cards.invent_person(rng)
    card = cards.render_card(person, 3.0, rng).convert("RGB")
    card.save(tmp_path / "card.png")
    page_server, got = _page_server((tmp_path / "card.png").read_bytes(), public=False)
    origin = f"http://127.0.0.1:{page_server.server_address[1]}"
    station = _Station()
    api = _RecordingServer(home, port=0, hooks=station)
    api.preflights = []
    api.start()
    url = f"{origin}/demo.html?auto=1&api={api.url}&card=/card.png"
    browser = subprocess.Popen(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
         f"--user-data-dir={tmp_path / 'profile'}", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert station.asked.wait(60), "the page never asked to pair"
        approve = subprocess.run(
            [sys.executable, "-m", "scanstation", "serve", "approve", origin],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "SCANSTATION_HOME": str(home)})
        assert approve.returncode == 0, approve.stderr
        assert got["event"].wait(180), "the page never reported"
    finally:
        browser.terminate()
        browser.wait(timeout=30)
        api.stop()
        page_server.shutdown()
    report = got["report"]
    assert "error" not in report, report.get("error")
    assert report["steps"] == ["paired", "scanned", "card", "pdf"]
    assert report["code"] == station.codes[0]  # the page showed the code the station showed
    assert report["status"]["origin"] == origin
    assert report["pages"] == 3 and report["thumbs"] == 3 and report["progress"] >= 3
    expected = person.expected()
    assert {k: report["card"]["applicant"][k] for k in expected} == expected
    pdf = tmp_path / "from-browser.pdf"
    pdf.write_bytes(base64.b64decode(report["pdf_base64"]))
    assert check_pdfa(pdf).ok
    # the browser itself asked before sending JSON and the token: CORS preflights, answered
    asked = {(path, method) for path, method, _headers, _pna in api.preflights}
    assert ("/v1/pair", "POST") in asked and ("/v1/status", "GET") in asked
    assert any("authorization" in h.lower() for _p, _m, h, _pna in api.preflights)
