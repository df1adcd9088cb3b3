"""Screenshots of the local API (→ docs/screenshots/): the window's approval dialog, and the demo
page in headless Chromium after pairing, a 3-page scan and a card read.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshots_api.py

Chromium is driven over its DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON
messages ending in NUL on fds 3 and 4), so no WebSocket client is needed.
"""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT / "tests" / "api"))


def approval_dialog() -> None:
    from PySide6.QtWidgets import QApplication

    from scanstation.ui.api_panel import ApprovalDialog

    app = QApplication.instance() or QApplication([])
    dialog = ApprovalDialog("https://dichvucong.example.gov.vn", "482913")
    dialog.resize(560, dialog.sizeHint().height())
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "api-approval.png"))
    dialog.close()


class DevTools:
    def __init__(self, proc: subprocess.Popen, to_browser: int, from_browser: int) -> None:
        self.proc, self.out, self.inp = proc, os.fdopen(to_browser, "wb"), from_browser
        self.next_id, self.buffer = 0, b""

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.out.write(json.dumps(message).encode() + b"\0")
        self.out.flush()
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.inp, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply.get("result", {})


def demo_page(chromium: str, tmp: Path) -> None:
    from test_api_browser import _page_server

    from scanstation.api.pairing import PairingStore
    from scanstation.api.server import ApiServer, StationHooks
    from scanstation.testing import cards

    rng = random.Random(1616)
    card = cards.render_card(cards.invent_person(rng), 3.0, rng).convert("RGB")
    card.save(tmp / "card.png")
    home = tmp / "home"
    home.mkdir()
    page_server, got = _page_server((tmp / "card.png").read_bytes(), public=False)
    origin = f"http://127.0.0.1:{page_server.server_address[1]}"

    class Approve(StationHooks):  # the officer approves at once, for the picture
        def pairing_requested(self, pairing: Any) -> None:
            with PairingStore(home) as store:
                store.approve(pairing.origin, via="screenshot")

    api = ApiServer(home, port=0, hooks=Approve()).start()
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()

    def child_pipes() -> None:  # in the child only: our own fds 3 and 4 are in use here
        os.dup2(to_r, 3)
        os.dup2(from_w, 4)

    proc = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                             "--remote-debugging-pipe", "--window-size=1100,900",
                             f"--user-data-dir={tmp / 'profile'}", "about:blank"],
                            preexec_fn=child_pipes, close_fds=False,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(to_r)
    os.close(from_w)
    tools = DevTools(proc, to_w, from_r)
    try:
        target = tools.call("Target.createTarget",
                            url=f"{origin}/demo.html?auto=1&api={api.url}&card=/card.png"
                                f"&picture=Color%20pattern")
        session = tools.call("Target.attachToTarget", targetId=target["targetId"],
                             flatten=True)["sessionId"]
        if not got["event"].wait(300):
            with PairingStore(home) as store:
                raise RuntimeError(f"the demo page did not finish: {store.actions()[-5:]}")
        shot = tools.call("Page.captureScreenshot", session, format="png")
        (OUT / "api-demo.png").write_bytes(base64.b64decode(shot["data"]))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        api.stop()
        page_server.shutdown()


def main() -> int:
    import shutil

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shots-api-") as tmp:
        os.environ["SCANSTATION_HOME"] = str(Path(tmp) / "home")
        approval_dialog()
        chromium = shutil.which("chromium")
        if chromium:
            demo_page(chromium, Path(tmp))
    print(f"→ {OUT}/api-approval.png, api-demo.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
