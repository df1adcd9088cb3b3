"""Approved web pages are revocable in Settings, by keys only: the window's Settings shortcut
opens the dialog, Tab reaches the list of approved origins, the arrows choose one, Delete
revokes it; Tab to Revoke and Space revokes the next. A revoked page's token stops at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import OTHER, PORTAL, Client

pytestmark = pytest.mark.qt

THIRD = "https://motcua.example.gov.vn"


def test_revoke_approved_pages_in_settings_by_keys(qtbot: Any, station: Any, home: Path) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from scanstation.api.pairing import PairingStore
    from scanstation.ui.station_window import SettingsDialog

    window, panel = station
    client = Client(panel.server)

    def approved() -> list[str]:
        with PairingStore(home) as store:
            return store.approved()

    def pair(origin: str) -> str:  # approved beforehand: no approval dialog over the window
        with PairingStore(home) as store:
            store.approve(origin, via="test")
        started = client.request("POST", "/v1/pair", origin=origin, body={}).json()
        return client.request("GET", f"/v1/pair/{started['pairing_id']}",
                              origin=origin).json()["token"]

    tokens = {origin: pair(origin) for origin in (PORTAL, OTHER, THIRD)}
    assert not panel.dialogs

    seen: dict[str, Any] = {}

    def in_settings() -> None:  # runs inside the dialog's own event loop (exec)
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, SettingsDialog)
            qtbot.waitUntil(dialog.isActiveWindow, timeout=10_000)
            listing = dialog.origins.list
            seen["listed"] = [listing.item(i).text() for i in range(listing.count())]
            for _ in range(40):  # Tab along the dialog until the list has the focus
                if listing.hasFocus():
                    break
                qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Tab)
            assert listing.hasFocus(), "the approved pages are not in the Tab chain"
            qtbot.keyClick(listing, Qt.Key.Key_Down)  # the second page
            seen["first"] = listing.currentItem().text()
            qtbot.keyClick(listing, Qt.Key.Key_Delete)
            qtbot.waitUntil(lambda: seen["first"] not in approved(), timeout=10_000)
            seen["second"] = listing.currentItem().text()
            qtbot.keyClick(listing, Qt.Key.Key_Tab)
            assert dialog.origins.revoke_button.hasFocus()
            qtbot.keyClick(dialog.origins.revoke_button, Qt.Key.Key_Space)
            qtbot.waitUntil(lambda: seen["second"] not in approved(), timeout=10_000)
            seen["left"] = [listing.item(i).text() for i in range(listing.count())]
        finally:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Cancel: closes; revoked stays revoked

    QTimer.singleShot(0, in_settings)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Settings…

    assert seen["listed"] == [PORTAL, OTHER, THIRD]  # in the order they were approved
    assert seen["first"] == OTHER
    assert seen["second"] in (PORTAL, THIRD) and seen["left"] == [
        o for o in (PORTAL, THIRD) if o != seen["second"]]
    assert approved() == seen["left"]
    # the revoked pages' tokens stop at once; the one left still works
    for origin, token in tokens.items():
        status = client.request("GET", "/v1/status", origin=origin, token=token).status
        assert status == (200 if origin in seen["left"] else 403), origin
