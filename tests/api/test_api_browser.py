"""The demo page in a real headless Chromium, served from another origin, against the station as
the app runs it (the window and the API in one process): the page asks to pair, the window's
approval dialog shows the page's origin in full and the code the page shows, and the officer
approves with the dialog's key (A). The page then scans three pages from SANE's test device
reading the progress stream, shows the thumbnails, reads a generated ID card and downloads the
PDF/A — through the browser's own CORS and preflight checks.

Screenshots (the page via DevTools, the dialog via ``QWidget.grab``) go to the folder named by
``SCANSTATION_SCREENSHOTS`` (``packaging/screenshots_api.py`` points it at docs/screenshots/),
else to the test's temporary folder."""

from __future__ import annotations

import base64
import json
import os
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from scanstation.api.pairing import PairingStore
from scanstation.api.server import ApiServer
from scanstation.testing.browser import CHROMIUM, Chromium

pytestmark = pytest.mark.qt

DEMO = Path(__file__).resolve().parents[2] / "docs" / "local-api-demo.html"
# the portal's name, resolved to 127.0.0.1 by the browser only: the origin reads as a real site's
PORTAL_HOST = "dichvucong.example.gov.vn"


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
def test_demo_page_paired_by_the_window(qtbot: Any, station: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from scanstation.pdf.check import check_pdfa
    from scanstation.testing import cards

    _window, panel = station
    preflights: list[tuple[str, str, str, str]] = []
    answer_preflight = ApiServer._preflight

    def recording(self: ApiServer, handler: Any, path: str, origin: str | None) -> Any:
        # what the browser itself asked, not what a test client chose to send
        preflights.append((path, handler.headers.get("Access-Control-Request-Method", ""),
                           handler.headers.get("Access-Control-Request-Headers", ""),
                           handler.headers.get("Access-Control-Request-Private-Network", "")))
        return answer_preflight(self, handler, path, origin)

    monkeypatch.setattr(ApiServer, "_preflight", recording)
    shots = Path(os.environ.get("SCANSTATION_SCREENSHOTS") or tmp_path)
    rng = random.Random(1616)
    person = cards.invent_person(rng)
    cards.render_card(person, 3.0, rng).convert("RGB").save(tmp_path / "card.png")
    page_server, got = _page_server((tmp_path / "card.png").read_bytes(), public=False)
    origin = f"http://{PORTAL_HOST}:{page_server.server_address[1]}"
    url = (f"{origin}/demo.html?auto=1&api={panel.server.url}&card=/card.png"
           "&picture=Grid")  # SANE's grid: a picture in the thumbnails, quick to OCR
    browser = Chromium(tmp_path / "profile",
                       extra=(f"--host-resolver-rules=MAP {PORTAL_HOST} 127.0.0.1",))
    try:
        tab = browser.open(url)
        shown: dict[str, str] = {}

        def page_shows_code() -> bool:
            value = browser.call("Runtime.evaluate", tab, expression=(
                "document.getElementById('code').textContent"))["result"].get("value", "")
            shown["code"] = str(value).strip()
            return shown["code"].isdigit()

        qtbot.waitUntil(page_shows_code, timeout=60_000)
        qtbot.waitUntil(lambda: bool(panel.dialogs) and panel.dialogs[0].isVisible(),
                        timeout=30_000)
        dialog = panel.dialogs[0]
        assert dialog.findChild(QLabel, "api_origin").text() == origin  # in full
        assert shown["code"] in dialog.findChild(QLabel, "api_code").text().replace(" ", "")
        assert dialog.grab().save(str(shots / "api-approval.png"))
        with PairingStore(panel.home) as store:  # nothing allowed the page but the key below
            assert not store.is_approved(origin) and store.pending()[0].origin == origin
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=10_000)
        with qtbot.waitSignal(panel.approved, timeout=10_000) as approved:
            qtbot.keyClick(dialog, Qt.Key.Key_A)  # the dialog's own key: A allows
        assert approved.args == [origin] and not panel.dialogs and not dialog.isVisible()
        qtbot.waitUntil(got["event"].is_set, timeout=120_000)
        # while the page used the station, the window said so, naming the page
        assert panel.indicator.isVisible() and origin in panel.indicator.text()
        (shots / "api-demo.png").write_bytes(browser.screenshot(tab))
    finally:
        browser.close()
        page_server.shutdown()
    report = got["report"]
    assert "error" not in report, report.get("error")
    with PairingStore(panel.home) as store:  # the log: approved in the window, not elsewhere
        approvals = [a["action"] for a in store.actions() if a["action"].startswith("approve")]
    assert approvals == ["approve:window"]
    assert report["steps"] == ["paired", "scanned", "card", "pdf"]
    assert report["code"] == shown["code"]
    assert report["status"]["origin"] == origin and report["status"]["window"] is True
    assert report["pages"] == 3 and report["thumbs"] == 3 and report["progress"] >= 3
    expected = person.expected()
    assert {k: report["card"]["applicant"][k] for k in expected} == expected
    pdf = tmp_path / "from-browser.pdf"
    pdf.write_bytes(base64.b64decode(report["pdf_base64"]))
    assert check_pdfa(pdf).ok
    for name in ("api-approval.png", "api-demo.png"):
        assert (shots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the browser itself asked before sending JSON and the token: CORS preflights, answered
    asked = {(path, method) for path, method, _headers, _pna in preflights}
    assert ("/v1/pair", "POST") in asked and ("/v1/status", "GET") in asked
    assert any("authorization" in h.lower() for _p, _m, h, _pna in preflights)
