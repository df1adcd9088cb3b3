"""The station window: three modes — Counter, Guided (volunteer), Archive — a status bar with the
outbox counts and the portal's health, settings, the large-text switch, and crash recovery."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ..dossier.recovery import recoverable_pages, unfinished_dossiers
from ..dossier.session import DossierSession
from ..workspace import Workspace
from .archive import ArchivePanel
from .counter import CounterPanel
from .guided import GuidedPanel
from .settings import StationSettings
from .workers import CoreOp

log = logging.getLogger("scanstation.ui")

LARGE_TEXT_PT = 18
GIL_SWITCH_INTERVAL = 0.001  # seconds
PREFERRED_SIZE = QSize(1280, 820)
LEFT_COLUMN, LEFT_COLUMN_LARGE = 470, 580  # px: the counter's left column, per text size
# what a window manager takes around the window: a title bar and borders
FRAME_ALLOWANCE = QSize(8, 36)


def initial_size(available: QRect) -> QSize:
    """The window's first size: the preferred size, shrunk to the screen's available area
    (a 1366×768 counter screen with a taskbar) less the window manager's frame."""
    room = available.size() - FRAME_ALLOWANCE
    return PREFERRED_SIZE.boundedTo(room).expandedTo(QSize(640, 480))


class SettingsDialog(QDialog):
    def __init__(self, settings: StationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        form = QFormLayout(self)
        self.editors: dict[str, QWidget] = {}
        labels = {
            "scanner/device": self.tr("Scanner (SANE name, escl:URL or camera:N)"),
            "scanner/dpi": self.tr("Resolution (dpi)"),
            "portal/url": self.tr("Portal address"),
            "signing/kind": self.tr("Signing with (pkcs11 or pkcs12)"),
            "signing/module": self.tr("PKCS#11 module"),
            "signing/token_label": self.tr("Token label"),
            "signing/key_label": self.tr("Key label"),
            "signing/pkcs12": self.tr("PKCS#12 file"),
            "station/id": self.tr("Station / agency name"),
            "station/retention_days": self.tr("Keep sent dossiers (days)"),
        }
        for key in labels:
            value = settings.get(key)
            if isinstance(value, int):
                editor: QWidget = QSpinBox()
                editor.setRange(0, 100000)  # type: ignore[attr-defined]
                editor.setValue(value)  # type: ignore[attr-defined]
            else:
                editor = QLineEdit(str(value or ""))
            editor.setAccessibleName(labels[key])
            editor.setMinimumWidth(380)
            self.editors[key] = editor
            form.addRow(labels[key], editor)
        # each language named in itself, so an officer who cannot read the other finds theirs
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get("ui/language"))))
        self.language.setAccessibleName(self.tr("Language (from the next start)"))
        self.language.view().setAccessibleName(self.tr("Language (from the next start)"))
        form.addRow(self.tr("Language (from the next start)"), self.language)
        from .api_panel import ApprovedOrigins

        # the web pages allowed to use the local API: a revoke takes effect at once, not on Save
        self.origins = ApprovedOrigins(settings.path.parent)
        form.addRow(self.origins)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        for key, editor in self.editors.items():
            value = editor.value() if isinstance(editor, QSpinBox) else editor.text().strip()  # type: ignore[attr-defined]
            self.settings.set(key, value)
        self.settings.set("ui/language", self.language.currentData())
        self.accept()


class StationWindow(QMainWindow):
    MODES = ("counter", "guided", "archive")

    def __init__(self, workspace: Workspace, *, settings: StationSettings | None = None,
                 pool: QThreadPool | None = None, start_sender: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Background threads of this process (the build, the OCR lane) hold the GIL in turns;
        # every return from a Qt call into Python waits for the next switch. 1 ms instead of
        # Python's 5 ms keeps a repaint with many such returns from stalling the event loop.
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL))
        self.workspace = workspace
        self.home = Path(workspace.home)
        self.settings = settings or StationSettings(self.home)
        self.pool = pool or QThreadPool.globalInstance()
        self.session = DossierSession(self.home)
        self.sender: Any = None
        self.setWindowTitle(self.tr("ScanStation — digitization station"))
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.resize(initial_size(screen.availableGeometry()))

        self.counter = CounterPanel(self.session, workspace, self.settings, self.pool)
        self.guided = GuidedPanel(self.counter)
        self.archive = ArchivePanel(self.home)
        self.stack = QStackedWidget()
        for panel in (self.counter, self.guided, self.archive):
            self.stack.addWidget(panel)
        self.setCentralWidget(self.stack)
        self.counter.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))

        self.outbox_label = QLabel()
        self.outbox_label.setObjectName("outbox_counts")
        self.outbox_label.setAccessibleName(self.tr("Outbox counts"))
        self.portal_label = QLabel()
        self.portal_label.setObjectName("portal_health")
        self.portal_label.setAccessibleName(self.tr("Portal health"))
        self.statusBar().addPermanentWidget(self.outbox_label)
        self.statusBar().addPermanentWidget(self.portal_label)
        self._build_actions()
        self.apply_large_text(bool(self.settings.get("ui/large_text")))
        self.counts: dict[str, int] = {}
        self.portal_ok: bool | None = None
        self._status_op: CoreOp | None = None
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(2000)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start()
        if start_sender:
            self.start_sender()
            self.purge_expired()
        self.refresh_status()

    def purge_expired(self) -> CoreOp:
        """Personal data past its retention (counted from the portal's receipt) goes, in a
        worker, each time the station starts."""
        from ..retention import purge_expired

        days = float(self.settings.get("station/retention_days"))
        return CoreOp(lambda progress, cancel: purge_expired(self.home, days)) \
            .on_failure(lambda error: log.warning("retention purge failed: %s",
                                                  type(error).__name__)).start(self.pool)

    # --- actions ---------------------------------------------------------------------------------

    def _action(self, name: str, text: str, slot: Any, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        sequence = QKeySequence(self.settings.shortcut(name))
        action.setShortcut(sequence)
        action.setToolTip(f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        group = QActionGroup(self)
        self.mode_actions = [
            self._action("mode_counter", self.tr("Counter"), lambda: self.set_mode(0), True),
            self._action("mode_guided", self.tr("Guided"), lambda: self.set_mode(1), True),
            self._action("mode_archive", self.tr("Archive"), lambda: self.set_mode(2), True),
        ]
        for action in self.mode_actions:
            group.addAction(action)
        self.mode_actions[0].setChecked(True)
        self.large_text_action = self._action("large_text", self.tr("Large text"),
                                              self.toggle_large_text, True)
        self.settings_action = self._action("settings", self.tr("Settings…"),
                                            self.open_settings)
        bar = self.modes_bar = QToolBar(self.tr("Modes"), self)
        bar.setObjectName("modes")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (*self.mode_actions, self.large_text_action, self.settings_action):
            bar.addAction(action)
        # on the menu bar's line, not a line of its own: at large text on a 768 px screen the
        # counter's thumbnails need those 32 px
        bar.setMovable(False)
        self.menuBar().setCornerWidget(bar, Qt.Corner.TopRightCorner)
        bar.show()
        view = self.menuBar().addMenu(self.tr("&View"))
        for action in (*self.mode_actions, self.large_text_action, self.settings_action):
            view.addAction(action)
        dossier = self.menuBar().addMenu(self.tr("&Dossier"))
        for action in self.counter.actions():
            dossier.addAction(action)

    def set_mode(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.mode_actions[index].setChecked(True)
        if index == 1:
            self.guided.rebuild()
            self.guided.do_button.setFocus()
        elif index == 2:
            self.refresh_status()
            self.archive.view.setFocus()

    def toggle_large_text(self) -> None:
        on = not bool(self.settings.get("ui/large_text"))
        self.settings.set("ui/large_text", on)
        self.apply_large_text(on)

    def apply_large_text(self, on: bool) -> None:
        """Large text in every mode (the guided mode is always ≥ 18 pt)."""
        self.large_text_action.setChecked(on)
        size = LARGE_TEXT_PT if on else 11
        for panel in (self.counter, self.archive):
            font = panel.font()
            font.setPointSize(size)
            panel.setFont(font)
        self.guided.set_point_size(size + 6)
        for panel in (self.counter, self.archive):
            fit_columns(panel)
        # the counter's left column (procedures, applicant, checklist) holds tables whose
        # titles grow with the font: give it the width they need, the pages the rest
        splitter = next((s for s in self.counter.findChildren(QSplitter)
                         if s.parent() is self.counter), None)
        if splitter is not None and splitter.count() == 2:
            left = LEFT_COLUMN_LARGE if on else LEFT_COLUMN
            total = max(sum(splitter.sizes()), self.width())
            splitter.setSizes([left, max(total - left, 200)])

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            self.restart_sender()

    # --- outbox, portal -----------------------------------------------------------------------

    def portal_url(self) -> str:
        return str(self.settings.get("portal/url") or os.environ.get("SCANSTATION_PORTAL_URL", ""))

    def start_sender(self) -> None:
        url = self.portal_url()
        if not url or self.sender is not None:
            return
        from ..outbox.sender import SenderThread
        from ..outbox.transports import open_transport

        self.sender = SenderThread(self.home, lambda: open_transport(url))
        self.sender.start()

    def stop_sender(self) -> None:
        if self.sender is not None:
            self.sender.stop(10)
            self.sender = None

    def restart_sender(self) -> None:
        self.stop_sender()
        self.start_sender()

    def refresh_status(self) -> None:
        if self._status_op is not None:
            return  # the last check is still running (a slow portal): never pile them up
        home, url = self.home, self.portal_url()

        def work(progress: Any, cancel: threading.Event) -> tuple[dict[str, int], list, Any]:
            from ..outbox.queue import Outbox

            with Outbox(home) as outbox:
                counts = dict(outbox.counts().by_state)
                items = outbox.items()
            return counts, items, portal_health(url)

        op = CoreOp(work).on_success(self._status_ready)
        op.on_done(lambda: setattr(self, "_status_op", None))
        self._status_op = op
        op.start(self.pool)

    def _status_ready(self, result: tuple[dict[str, int], list, Any]) -> None:
        counts, items, healthy = result
        self.counts = counts
        self.portal_ok = healthy
        pending = counts.get("queued", 0) + counts.get("sending", 0)
        failed = counts.get("failed", 0) + counts.get("held", 0)
        self.outbox_label.setText(self.tr("Outbox: {0} waiting · {1} sent · {2} failed").format(
            pending, counts.get("sent", 0), failed))
        if healthy is None:
            self.portal_label.setText(self.tr("Portal: not configured"))
        elif healthy:
            self.portal_label.setText(self.tr("Portal: reachable"))
        else:
            self.portal_label.setText(self.tr("Portal: unreachable"))
        self.archive.set_items(items)

    # --- crash recovery ---------------------------------------------------------------------------

    def offer_recovery(self) -> str | None:
        """Offer the newest unfinished dossier that has pages (after a crash, or a closed app),
        counting pages captured into it whose assignment a crash cut off."""
        candidates = [(d, n) for d in unfinished_dossiers(self.home)
                      if (n := recoverable_pages(self.home, d))]
        if not candidates:
            return None
        dossier, pages = candidates[0]
        answer = QMessageBox.question(
            self, self.tr("Unfinished dossier"),
            self.tr("Dossier {0} was not finished ({1} pages). Continue it?").format(
                dossier.id, pages))
        if answer != QMessageBox.StandardButton.Yes:
            return None
        self.counter.recover_dossier(dossier.id)
        return dossier.id

    def closeEvent(self, event: QCloseEvent) -> None:
        self.status_timer.stop()
        self.counter.cancel_all()
        self.stop_sender()
        self.session.pin.forget()
        super().closeEvent(event)


def fit_columns(panel: QWidget) -> None:
    """Columns sized by hand (not stretched) follow their title and contents, so a larger
    font never cuts a title ("Trạng thái" read "rạng thá" at 18 pt)."""
    for header in panel.findChildren(QHeaderView):
        if header.orientation() != Qt.Orientation.Horizontal:
            continue
        for section in range(header.count()):
            if header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)


def portal_health(url: str) -> bool | None:
    """None when no portal is configured; else whether it answers at all (any HTTP status)."""
    if not url:
        return None
    if not url.startswith(("http://", "https://", "paperless+")):
        return Path(url.removeprefix("file://")).is_dir()
    import httpx

    try:
        httpx.get(url.removeprefix("paperless+"), timeout=2.0)
    except httpx.HTTPError:
        return False
    return True
