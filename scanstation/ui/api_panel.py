"""The window's side of the local API: the approval dialog, the "a web page is using the
station" indicator, the PIN prompt for a build a page asked for, and the approved-origins list
for Settings.

The server (``scanstation.api``) runs in its own threads; its hooks only emit Qt signals, so
every widget is touched on the UI thread. SQLite writes (approve, refuse, revoke) run in a
short-lived thread: the UI thread never waits on a disk.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..api.server import ApiServer, StationHooks

log = logging.getLogger("scanstation.ui.api")

PIN_WAIT = 180.0  # seconds a page's build waits for the officer to type the PIN
IN_USE_SECONDS = 15  # the indicator stays this long after a page's last request


def _in_thread(fn: Callable[[], Any]) -> None:
    threading.Thread(target=fn, name="api-store", daemon=True).start()


class _PinAsk:
    def __init__(self, origin: str, dossier_id: str) -> None:
        self.origin, self.dossier_id = origin, dossier_id
        self.pin: str | None = None
        self.done = threading.Event()


class _Bridge(QObject):
    pairing = Signal(object)  # api.pairing.Pairing
    used = Signal(str, str)  # origin, action
    pin_wanted = Signal(object)  # _PinAsk


class WindowHooks(StationHooks):
    """What the server asks the window, from its own threads: signals only."""

    window = True

    def __init__(self, bridge: _Bridge, credential: Callable[[], Any]) -> None:
        self.bridge, self.credential = bridge, credential

    def pairing_requested(self, pairing: Any) -> None:
        self.bridge.pairing.emit(pairing)

    def activity(self, origin: str, action: str) -> None:
        self.bridge.used.emit(origin, action)

    def sign_request(self, origin: str, dossier_id: str) -> Any | None:
        from ..dossier.build import SignRequest
        from ..pdf.sign import SessionPin

        credential = self.credential()
        if credential is None:
            return None
        ask = _PinAsk(origin, dossier_id)
        self.bridge.pin_wanted.emit(ask)
        if not ask.done.wait(PIN_WAIT) or not ask.pin:
            return None
        return SignRequest(credential, SessionPin(ask.pin))


class ApprovalDialog(QDialog):
    """A page asks to use the station: its origin in full and the code it shows. Approval by
    key: A allows, R or Esc refuses. Nothing is the default, so a stray Enter allows nothing."""

    def __init__(self, origin: str, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.origin, self.code = origin, code
        self.setWindowTitle(self.tr("A web page asks to use this station"))
        self.setObjectName("api_approval")
        text = QLabel(self.tr("This web page wants to scan, read ID cards and build dossiers "
                              "with this station:"))
        text.setWordWrap(True)
        shown = QLabel(origin)
        shown.setObjectName("api_origin")
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setStyleSheet("font-size: 16pt; font-weight: bold;")
        code_label = QLabel(self.tr("Code shown on the page: {0}").format(
            f"{code[:3]} {code[3:]}"))
        code_label.setObjectName("api_code")
        code_label.setStyleSheet("font-size: 20pt; letter-spacing: 4px;")
        hint = QLabel(self.tr("Allow only if you opened this page yourself and it shows the same "
                              "code. You can revoke it later in Settings."))
        hint.setWordWrap(True)
        allow = QPushButton(self.tr("&Allow (A)"))
        refuse = QPushButton(self.tr("&Refuse (R / Esc)"))
        for button in (allow, refuse):
            button.setAutoDefault(False)
            button.setDefault(False)
        allow.clicked.connect(self.accept)
        refuse.clicked.connect(self.reject)
        QShortcut(QKeySequence("A"), self).activated.connect(self.accept)
        QShortcut(QKeySequence("R"), self).activated.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(allow)
        buttons.addWidget(refuse)
        layout = QVBoxLayout(self)
        for widget in (text, shown, code_label, hint):
            layout.addWidget(widget)
        layout.addLayout(buttons)


class ApiIndicator(QLabel):
    """In the status bar while a web page is using the station (hidden otherwise)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("api_in_use")
        self.setAccessibleName(self.tr("Web page using the station"))
        self.setStyleSheet("background: #1565c0; color: white; padding: 2px 8px;")
        self.last_use = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._expire)
        self.hide()

    def show_use(self, origin: str, action: str) -> None:
        self.last_use = time.monotonic()
        self.setText(self.tr("Web page using the station: {0}").format(origin))
        self.setToolTip(action)
        self.show()
        self.timer.start()

    def _expire(self) -> None:
        if time.monotonic() - self.last_use > IN_USE_SECONDS:
            self.hide()
            self.timer.stop()


class ApprovedOrigins(QWidget):
    """For Settings: the approved pages, each revocable (its tokens stop at once). By keys:
    Tab to the list, arrows to a page, Delete (or Tab to Revoke and Space) to revoke it."""

    def __init__(self, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = Path(home)
        title = QLabel(self.tr("Web pages allowed to use this station:"))
        self.list = QListWidget()
        self.list.setObjectName("api_origins")
        self.list.setAccessibleName(title.text())
        title.setBuddy(self.list)
        self.revoke_button = QPushButton(self.tr("Revoke"))
        self.revoke_button.setObjectName("api_revoke")
        self.revoke_button.setAutoDefault(False)  # Enter in Settings saves; it never revokes
        self.revoke_button.clicked.connect(self.revoke_selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.revoke_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list)
        layout.addWidget(self.revoke_button)
        self.reload()

    def reload(self) -> None:
        from ..api.pairing import PairingStore

        with PairingStore(self.home) as store:  # a few rows: read at dialog opening
            origins = store.approved()
        self.list.clear()
        self.list.addItems(origins)
        if origins:
            self.list.setCurrentRow(0)
        self.revoke_button.setEnabled(bool(origins))

    def revoke_selected(self) -> None:
        from ..api.pairing import PairingStore

        item = self.list.currentItem()
        if item is None:
            return
        origin = item.text()
        self.list.takeItem(self.list.row(item))
        self.revoke_button.setEnabled(self.list.count() > 0)

        def revoke() -> None:
            with PairingStore(self.home) as store:
                store.revoke(origin, via="window")

        _in_thread(revoke)


class ApiPanel(QObject):
    """Runs the local API with the window's hooks; owns the indicator and the dialogs."""

    approved = Signal(str)  # origin (after the store has it)
    refused = Signal(str)

    def __init__(self, window: QWidget, home: Path, *, credential: Callable[[], Any],
                 ask_pin: Callable[[], str | None], port: int = 0) -> None:
        super().__init__(window)
        self.window, self.home, self.port = window, Path(home), port
        self.ask_pin = ask_pin
        self.bridge = _Bridge()
        self.bridge.pairing.connect(self._on_pairing)
        self.bridge.used.connect(self._on_used)
        self.bridge.pin_wanted.connect(self._on_pin)
        self.hooks = WindowHooks(self.bridge, credential)
        self.indicator = ApiIndicator()
        self.dialogs: list[ApprovalDialog] = []
        self.server: ApiServer | None = None

    def start(self) -> str | None:
        """Listen (the URL), or None when the port is taken (the app still runs)."""
        from ..errors import ScanStationError

        try:
            self.server = ApiServer(self.home, port=self.port, hooks=self.hooks).start()
        except (OSError, ScanStationError) as error:
            log.warning("local API not started: %s", error)
            return None
        return self.server.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def _on_pairing(self, pairing: Any) -> None:
        if any(d.origin == pairing.origin for d in self.dialogs):
            return  # one dialog per page: its answer covers every request it has waiting
        dialog = ApprovalDialog(pairing.origin, pairing.code, self.window)
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda result, d=dialog: self._answered(d, result))
        dialog.open()

    def _answered(self, dialog: ApprovalDialog, result: int) -> None:
        from ..api.pairing import PairingStore

        self.dialogs.remove(dialog)
        allow = result == QDialog.DialogCode.Accepted
        origin = dialog.origin

        def write() -> None:
            with PairingStore(self.home) as store:
                if allow:
                    store.approve(origin, via="window")
                else:
                    store.refuse(origin, via="window")
            (self.approved if allow else self.refused).emit(origin)

        _in_thread(write)

    def _on_used(self, origin: str, action: str) -> None:
        self.indicator.show_use(origin, action)

    def _on_pin(self, ask: _PinAsk) -> None:
        try:
            ask.pin = self.ask_pin()
        finally:
            ask.done.set()


def attach_api(window: Any) -> ApiPanel | None:
    """Start the local API with the station window (setting ``api/enabled``, port ``api/port``)
    and put its indicator in the status bar."""
    from ..api.origins import DEFAULT_PORT

    settings = window.settings
    enabled = settings.get("api/enabled")
    if enabled is not None and str(enabled).lower() in ("false", "0", "no"):
        return None
    port = settings.get("api/port")  # 0: any free port (tests, a second station)
    panel = ApiPanel(window, window.home, credential=window.counter.credential,
                     ask_pin=window.counter._ask_pin,
                     port=DEFAULT_PORT if port in (None, "") else int(port))
    window.statusBar().addPermanentWidget(panel.indicator)
    panel.start()
    return panel
