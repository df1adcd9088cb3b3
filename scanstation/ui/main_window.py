"""The main window: the workspace's pages as thumbnails with cleanup applied, import, and the
page edits (rotate, undo, remove) — every edit a transform on the page, never a change to the
original."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolBar,
    QWidget,
)

from ..errors import ScanStationError
from ..model import Rotate
from ..vault import read_personal
from ..workspace import Workspace
from .models import PAGE_ROLE, PageListModel, show_as_thumbnails
from .workers import CoreOp, ProgressFn

IMPORT_FILTER = "Images and PDF (*.png *.jpg *.jpeg *.tif *.tiff *.pdf *.bmp *.webp);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, batch: str = "", parent: QWidget | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.pool = pool or QThreadPool.globalInstance()
        self.current_op: CoreOp | None = None
        self.setWindowTitle(self.tr("ScanStation — digitization station"))
        self.setAcceptDrops(True)
        self.resize(1200, 800)

        self.model = PageListModel(workspace, batch, self, pool=self.pool)
        self.pages_view = QListView()
        self.pages_view.setObjectName("pages")
        self.pages_view.setAccessibleName(self.tr("Pages"))
        show_as_thumbnails(self.pages_view, self.model, grid_pad=(24, 40))
        self.pages_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pages_view.selectionModel().currentChanged.connect(self._show_preview)

        self.preview = QLabel(self.tr("Select a page to see it here"))
        self.preview.setObjectName("preview")
        self.preview.setAccessibleName(self.tr("Page preview"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(360)

        splitter = QSplitter()
        splitter.addWidget(self.pages_view)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(280)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_current)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self._build_actions()
        self._update_status()

    # --- actions -------------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey, slot,
                name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(self.tr("Import files…"), "Ctrl+O", self.choose_files,
                                          "import")
        self.rotate_left_action = self._action(self.tr("Rotate left"), "Ctrl+L",
                                               lambda: self.rotate_current(1), "rotate_left")
        self.rotate_right_action = self._action(self.tr("Rotate right"), "Ctrl+R",
                                                lambda: self.rotate_current(3), "rotate_right")
        self.undo_action = self._action(self.tr("Undo last edit"), "Ctrl+Z", self.undo_current,
                                        "undo")
        self.delete_action = self._action(self.tr("Remove page"), "Delete", self.remove_current,
                                          "remove")
        self.move_up_action = self._action(self.tr("Move page earlier"), "Ctrl+Up",
                                           lambda: self.move_current(-1), "move_up")
        self.move_down_action = self._action(self.tr("Move page later"), "Ctrl+Down",
                                             lambda: self.move_current(1), "move_down")
        toolbar = QToolBar(self.tr("Page tools"))
        toolbar.setObjectName("tools")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.import_action, self.rotate_left_action, self.rotate_right_action,
                       self.undo_action, self.delete_action, self.move_up_action,
                       self.move_down_action):
            toolbar.addAction(action)
        self.addToolBar(toolbar)
        menu = self.menuBar().addMenu(self.tr("&File"))
        menu.addAction(self.import_action)
        edit = self.menuBar().addMenu(self.tr("&Page"))
        for action in (self.rotate_left_action, self.rotate_right_action, self.undo_action,
                       self.delete_action, self.move_up_action, self.move_down_action):
            edit.addAction(action)

    def current_row(self) -> int:
        index = self.pages_view.currentIndex()
        return index.row() if index.isValid() else -1

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Import files"), str(Path.home()),
                                                IMPORT_FILTER)
        if files:
            self.import_paths([Path(f) for f in files])

    def import_paths(self, paths: list[Path]) -> CoreOp:
        """Import (and clean) in a worker; pages appear as the import finishes."""
        from ..importer import import_files

        batch = self.model.batch

        def work(progress: ProgressFn, cancel: threading.Event):
            return import_files(self.workspace, paths, batch=batch, progress=progress,
                                cancel=cancel)

        op = CoreOp(work).on_progress(self._on_progress).on_success(self._imported)
        op.on_failure(self._show_error).on_done(self._op_done)
        op.signals.cancelled.connect(lambda: self.statusBar().showMessage(self.tr("Cancelled"), 3000))
        self._op_started(op, self.tr("Importing and cleaning pages…"))
        return op.start(self.pool)

    def _imported(self, outcomes) -> None:
        pages = [page for outcome in outcomes for page in outcome.pages]
        self.model.append_pages(pages)
        errors = [o for o in outcomes if o.error is not None]
        if errors:
            text = "\n\n".join(f"{Path(o.file).name}: {o.error.message_vi}\n{o.error.message_en}"
                               for o in errors)
            QMessageBox.warning(self, self.tr("Some files were not imported"), text)
        if pages and self.current_row() < 0:
            self.pages_view.setCurrentIndex(self.model.index(0))
        self._update_status()

    def _edit_current(self, edit) -> None:
        row = self.current_row()
        if row < 0:
            return
        page = edit(self.model.page(row))
        self.workspace.update_page(page)
        self.model.replace_page(page)
        self._show_preview(self.model.index(row))

    def rotate_current(self, quarter_turns: int) -> None:
        self._edit_current(lambda page: page.with_transform(Rotate(quarter_turns)))

    def undo_current(self) -> None:
        self._edit_current(lambda page: page.undo())

    def remove_current(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        page = self.model.page(row)
        self.workspace.delete_page(page.id)
        self.model.remove_page(page.id)
        self._update_status()

    def move_current(self, step: int) -> None:
        row = self.current_row()
        if row < 0:
            return
        target = max(0, min(self.model.rowCount() - 1, row + step))
        self.model.move_row(row, target)
        self.pages_view.selectionModel().setCurrentIndex(
            self.model.index(target), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # --- progress, errors --------------------------------------------------------------------

    def _op_started(self, op: CoreOp, message: str) -> None:
        self.current_op = op
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.statusBar().showMessage(message)

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if name:
            self.statusBar().showMessage(self.tr("Processing {0} ({1}/{2})").format(
                name, done + 1, total))

    def _op_done(self) -> None:
        self.current_op = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._update_status()

    def cancel_current(self) -> None:
        if self.current_op is not None:
            self.current_op.cancel()

    def _show_error(self, error: Exception) -> None:
        if isinstance(error, ScanStationError):
            text = f"{error.message_vi}\n\n{error.message_en}"
        else:
            text = self.tr("Something went wrong. Try again; if it happens again, tell the "
                           "administrator.")
        QMessageBox.critical(self, self.tr("Error"), text)

    def _update_status(self) -> None:
        pages = self.model.pages()
        blank = sum(p.blank for p in pages)
        self.statusBar().showMessage(
            self.tr("{0} pages, {1} possibly blank").format(len(pages), blank))

    def _show_preview(self, index) -> None:
        if not index.isValid():
            return
        page = index.data(PAGE_ROLE)
        try:
            path = self.workspace.render_path(page)
        except ScanStationError as error:
            self.preview.setText(error.message_vi)
            return
        pixmap = QPixmap()
        pixmap.loadFromData(read_personal(path))  # sealed when encryption at rest is on
        self.preview.setPixmap(pixmap.scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))

    # --- drag files in ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.import_paths(paths)
            event.acceptProposedAction()
