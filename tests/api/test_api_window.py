"""The window's side: a page's pairing request opens the approval dialog with the origin in full
and the page's code; the key A approves (the page then collects its token), R refuses; the
indicator shows while the page uses the station; a build asks the PIN in the window; revoking
in the approved-origins list stops the token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import OTHER, PORTAL, Client

pytestmark = pytest.mark.qt


@pytest.fixture
def panel(qtbot: Any, home: Path):
    from PySide6.QtWidgets import QMainWindow

    from scanstation.ui.api_panel import ApiPanel

    window = QMainWindow()
    qtbot.addWidget(window)
    pins: list[str] = []
    panel = ApiPanel(window, home, credential=lambda: None,
                     ask_pin=lambda: pins.pop() if pins else None)
    window.statusBar().addPermanentWidget(panel.indicator)
    window.show()
    assert panel.start() is not None
    panel.pins = pins  # type: ignore[attr-defined]
    yield panel
    panel.stop()


def _answer(qtbot: Any, panel: Any, key: Any) -> Any:
    from PySide6.QtTest import QTest

    qtbot.waitUntil(lambda: bool(panel.dialogs) and panel.dialogs[0].isVisible(), timeout=10_000)
    dialog = panel.dialogs[0]
    QTest.keyClick(dialog, key)
    return dialog


def test_approve_by_key_in_the_window(qtbot: Any, panel: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    client = Client(panel.server)
    started = client.request("POST", "/v1/pair", body={}).json()
    with qtbot.waitSignal(panel.approved, timeout=10_000) as approved:
        dialog = _answer(qtbot, panel, Qt.Key.Key_A)
    assert approved.args == [PORTAL]
    assert dialog.findChild(QLabel, "api_origin").text() == PORTAL
    shown = dialog.findChild(QLabel, "api_code").text().replace(" ", "")
    assert started["code"] in shown
    token = client.request("GET", f"/v1/pair/{started['pairing_id']}").json()["token"]
    assert not panel.indicator.isVisible()
    assert client.request("GET", "/v1/status", token=token).json()["window"] is True
    qtbot.waitUntil(panel.indicator.isVisible, timeout=10_000)
    assert PORTAL in panel.indicator.text()


def test_refuse_by_key_and_enter_allows_nothing(qtbot: Any, panel: Any) -> None:
    from PySide6.QtCore import Qt

    client = Client(panel.server)
    started = client.request("POST", "/v1/pair", origin=OTHER, body={}).json()
    qtbot.waitUntil(lambda: bool(panel.dialogs), timeout=10_000)
    from PySide6.QtTest import QTest

    QTest.keyClick(panel.dialogs[0], Qt.Key.Key_Return)  # a stray Enter: still open
    assert panel.dialogs and panel.dialogs[0].isVisible()
    with qtbot.waitSignal(panel.refused, timeout=10_000):
        _answer(qtbot, panel, Qt.Key.Key_R)
    reply = client.request("GET", f"/v1/pair/{started['pairing_id']}", origin=OTHER)
    assert reply.status == 403


def test_revoke_in_the_approved_origins_list(qtbot: Any, panel: Any, home: Path) -> None:
    from scanstation.ui.api_panel import ApprovedOrigins

    client = Client(panel.server)
    token = client.pair()
    listing = ApprovedOrigins(home)
    qtbot.addWidget(listing)
    assert [listing.list.item(i).text() for i in range(listing.list.count())] == [PORTAL]
    listing.list.setCurrentRow(0)
    listing.revoke_selected()
    qtbot.waitUntil(lambda: client.request("GET", "/v1/status", token=token).status == 403,
                    timeout=10_000)
    assert listing.list.count() == 0


def test_a_page_build_asks_the_pin_in_the_window(qtbot: Any, home: Path, pki: Any) -> None:
    from PySide6.QtWidgets import QMainWindow

    from scanstation.pdf.sign import Pkcs12Credential
    from scanstation.testing.pages import render_page
    from scanstation.ui.api_panel import ApiPanel

    asked: list[str] = []

    def ask_pin() -> str:  # the officer types the PIN into the window's prompt
        asked.append("pin")
        return pki.p12_password

    window = QMainWindow()
    qtbot.addWidget(window)
    panel = ApiPanel(window, home, credential=lambda: Pkcs12Credential(pki.p12), ask_pin=ask_pin)
    assert panel.start() is not None
    try:
        client = Client(panel.server)
        token = client.pair()
        dossier = client.request("POST", "/v1/dossiers", token=token,
                                 body={"procedure": "1.001193"}).json()["dossier"]
        page = home / "to-khai.png"
        rendered = render_page("sparse", seed=16, dpi=150)
        rendered.image.save(page, dpi=(150, 150))
        added = client.request("POST", f"/v1/dossiers/{dossier['id']}/components/to-khai/pages",
                               token=token, body=page.read_bytes(), content_type="image/png")
        assert added.status == 200, added.body
        job = client.request("POST", f"/v1/dossiers/{dossier['id']}/build", token=token,
                             body={"incomplete_reason": "window test"}).json()
        state: dict[str, Any] = {}

        def finished() -> bool:  # polled between Qt events: the PIN prompt runs on this thread
            state.update(client.request("GET", job["status"], token=token).json())
            return state["state"] != "running"

        qtbot.waitUntil(finished, timeout=120_000)
    finally:
        panel.stop()
    assert state["state"] == "done", state
    assert state["signed"] is True and asked == ["pin"]

