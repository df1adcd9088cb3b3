"""Counter mode: a dossier from paper to receipt, fully by keyboard.

new dossier (type-ahead over the catalogue) → ID card → prefill panel → capture each component
on the checklist (scanner, camera or files; thumbnails; reorder, rotate, undo) → OCR in the
background while scanning continues → review (page and text side by side, low-confidence words
marked) → build and sign (PIN prompt) → queue for upload → receipt. Each step is a
``DossierSession`` call run by a ``CoreOp`` worker; the Qt thread only draws.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..dossier.session import DossierSession, PageText
from ..errors import ScanStationError
from ..workspace import Workspace
from .models import PAGE_ROLE, PageListModel, show_as_thumbnails
from .settings import StationSettings
from .station_models import CODE_ROLE, ChecklistModel, PrefillModel, ProcedureModel
from .workers import CoreOp, ProgressFn

LOW_CONFIDENCE = 60.0  # words below this are marked for the officer's review
IMPORT_FILTER = "Images and PDF (*.png *.jpg *.jpeg *.tif *.tiff *.pdf *.bmp *.webp);;All files (*)"


class Captured(list):
    """The new pages' ids, with the checklist and page list the worker read after adding them."""

    def __init__(self, page_ids: list[str], snapshot: tuple[Any, list[Any]]) -> None:
        super().__init__(page_ids)
        self.snapshot = snapshot


def error_text(error: Exception, fallback: str) -> str:
    if isinstance(error, ScanStationError):
        return f"{error.message_vi}\n\n{error.message_en}"
    return fallback


def review_html(page: PageText, threshold: float = LOW_CONFIDENCE) -> str:
    """The page's words in reading order, line by line as in the sidecar, low-confidence words
    highlighted."""
    if not page.words:
        return html.escape(page.text).replace("\n", "<br>")

    def shown(text: str, conf: float) -> str:
        word = html.escape(text)
        if conf < threshold:
            return f'<span style="background:#ffd24d" title="{conf:.0f}">{word}</span>'
        return word

    lines = [line.split() for line in page.text.splitlines() if line.strip()]
    if sum(map(len, lines)) != len(page.words):  # text repair joined or split words: no line map
        return " ".join(shown(text, conf) for text, _box, conf in page.words)
    confs = iter(conf for _text, _box, conf in page.words)
    return "<br>".join(" ".join(shown(token, next(confs)) for token in line) for line in lines)


class CounterPanel(QWidget):
    """The counter officer's screen."""

    dossier_changed = Signal()
    status_message = Signal(str)

    def __init__(self, session: DossierSession, workspace: Workspace, settings: StationSettings,
                 pool: QThreadPool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.workspace = workspace
        self.settings = settings
        self.pool = pool or QThreadPool.globalInstance()
        self.ocr_pool = QThreadPool(self)  # OCR in its own lane: scanning never waits for it
        self.ocr_pool.setMaxThreadCount(2)  # a page arriving need not wait for the last one
        self.ops: list[CoreOp] = []
        self.credential_factory: Callable[[], Any] | None = None
        self.pin_prompt: Callable[[], str | None] = self._ask_pin
        self.setObjectName("counter")

        # procedure picker: a type-ahead line edit over the catalogue (filter proxy + completer)
        self.procedures = ProcedureModel(self)
        self.procedure_filter = QSortFilterProxyModel(self)
        self.procedure_filter.setSourceModel(self.procedures)
        self.procedure_filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.procedure_filter.setFilterKeyColumn(-1)
        self.procedure_edit = QLineEdit()
        self.procedure_edit.setObjectName("procedure_search")
        self.procedure_edit.setAccessibleName(self.tr("Search procedures"))
        self.procedure_edit.setPlaceholderText(self.tr("Type a procedure code or name…"))
        self.procedure_edit.textChanged.connect(self.procedure_filter.setFilterFixedString)
        self.procedure_edit.returnPressed.connect(self._start_from_search)
        completer = QCompleter(self.procedure_filter, self)
        completer.setCompletionColumn(ProcedureModel.NAME)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.procedure_view = QTableView()
        self.procedure_view.setObjectName("procedures")
        self.procedure_view.setAccessibleName(self.tr("Procedures"))
        self.procedure_view.setModel(self.procedure_filter)
        self.procedure_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.procedure_view.horizontalHeader().setSectionResizeMode(
            ProcedureModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.procedure_view.activated.connect(self._start_from_view)
        self.procedures.set_catalogue(session.catalogue())

        self.dossier_label = QLabel(self.tr("No dossier yet: press Ctrl+N or pick a procedure"))
        self.dossier_label.setObjectName("dossier_label")
        self.dossier_label.setWordWrap(True)

        self.prefill = PrefillModel(self)
        self.prefill_view = QTableView()
        self.prefill_view.setObjectName("prefill")
        self.prefill_view.setAccessibleName(self.tr("Applicant details from the ID card"))
        self.prefill_view.setModel(self.prefill)
        self.prefill_view.horizontalHeader().setSectionResizeMode(
            PrefillModel.VALUE, QHeaderView.ResizeMode.Stretch)
        self.prefill.dataChanged.connect(self._save_applicant)
        self.ward_button = QPushButton(self.tr("Choose the new ward…"))
        self.ward_button.setAccessibleName(self.tr("Choose the new ward"))
        self.ward_button.setVisible(False)
        self.ward_button.clicked.connect(self.choose_ward)
        self.ward_candidates: list[str] = []
        self.card_warnings: list[str] = []

        self.checklist = ChecklistModel(self)
        self.checklist_view = QTableView()
        self.checklist_view.setObjectName("checklist")
        self.checklist_view.setAccessibleName(self.tr("Checklist of component documents"))
        self.checklist_view.setModel(self.checklist)
        self.checklist_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checklist_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checklist_view.horizontalHeader().setSectionResizeMode(
            ChecklistModel.NAME, QHeaderView.ResizeMode.Stretch)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(self.tr("1. Procedure")))
        left_layout.addWidget(self.procedure_edit)
        left_layout.addWidget(self.procedure_view, 2)
        left_layout.addWidget(self.dossier_label)
        left_layout.addWidget(QLabel(self.tr("2. Applicant (from the ID card)")))
        left_layout.addWidget(self.prefill_view, 2)
        left_layout.addWidget(self.ward_button)
        left_layout.addWidget(QLabel(self.tr("3. Component documents")))
        left_layout.addWidget(self.checklist_view, 2)

        self.pages = PageListModel(workspace, "", self, pool=self.pool)
        self.pages.move_hook = self._dropped
        self.page_codes: dict[str, str] = {}
        self.pages_view = QListView()
        self.pages_view.setObjectName("dossier_pages")
        self.pages_view.setAccessibleName(self.tr("Pages of the dossier"))
        show_as_thumbnails(self.pages_view, self.pages, grid_pad=(20, 36), spacing=6)
        self.pages_view.selectionModel().currentChanged.connect(self._show_page)

        self.preview = QLabel(self.tr("Select a page to see it here"))
        self.preview.setObjectName("review_page")
        self.preview.setAccessibleName(self.tr("Page preview"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(260)
        self.text_view = QTextBrowser()
        self.text_view.setObjectName("review_text")
        self.text_view.setAccessibleName(self.tr("Recognised text; low-confidence words marked"))
        review = QSplitter()
        review.addWidget(self.preview)
        review.addWidget(self.text_view)
        self.right_tabs = QTabWidget()
        self.right_tabs.addTab(self.pages_view, self.tr("Pages"))
        self.right_tabs.addTab(review, self.tr("Review: page and text"))

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_all)
        self.result_label = QLabel("")
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.right_tabs, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        right_layout.addLayout(bottom)
        right_layout.addWidget(self.result_label)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([470, 810])  # the procedure names and the checklist need the width
        self.toolbar = QToolBar(self.tr("Counter"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        self._build_actions()
        self._update_enabled()

    # --- actions ---------------------------------------------------------------------------------

    def _action(self, name: str, text: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        sequence = QKeySequence(self.settings.shortcut(name))
        action.setShortcut(sequence)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({shown})" if shown else text)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.toolbar.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("new_dossier", self.tr("New dossier"), self.new_dossier)
        self.card_action = self._action("read_card", self.tr("Read ID card…"), self.choose_card)
        self.scan_action = self._action("scan", self.tr("Scan"), self.scan_current)
        self.files_action = self._action("add_files", self.tr("Add files…"), self.choose_files)
        self.next_action = self._action("next_component", self.tr("Next document"),
                                        lambda: self.step_component(1))
        self.prev_action = self._action("previous_component", self.tr("Previous document"),
                                        lambda: self.step_component(-1))
        self.rotate_left_action = self._action("rotate_left", self.tr("Rotate left"),
                                               lambda: self.edit_page("left"))
        self.rotate_right_action = self._action("rotate_right", self.tr("Rotate right"),
                                                lambda: self.edit_page("right"))
        self.undo_action = self._action("undo", self.tr("Undo last edit"),
                                        lambda: self.edit_page("undo"))
        self.remove_action = self._action("remove_page", self.tr("Remove page"), self.remove_page)
        self.up_action = self._action("move_up", self.tr("Move page earlier"),
                                      lambda: self.move_page(-1))
        self.down_action = self._action("move_down", self.tr("Move page later"),
                                        lambda: self.move_page(1))
        self.review_action = self._action("review", self.tr("Review"), self.show_review)
        self.build_action = self._action("build_sign", self.tr("Build and sign"),
                                         self.build_and_sign)
        self.queue_action = self._action("queue", self.tr("Queue for upload"), self.queue)
        self.receipt_action = self._action("print_receipt", self.tr("Print receipt"),
                                           self.print_receipt)

    def _update_enabled(self) -> None:
        has = self.session.dossier is not None
        for action in (self.card_action, self.scan_action, self.files_action, self.next_action,
                       self.prev_action, self.review_action, self.build_action):
            action.setEnabled(has)
        self.queue_action.setEnabled(self.session.last_build is not None)
        self.receipt_action.setEnabled(self.session.outbox_item is not None)

    # --- running core calls ---------------------------------------------------------------------

    def run(self, fn: Callable[[ProgressFn, threading.Event], Any], message: str,
            on_success: Callable[[Any], None] | None = None,
            pool: QThreadPool | None = None) -> CoreOp:
        op = CoreOp(fn).on_progress(self._progress).on_failure(self._failed)
        if on_success is not None:
            op.on_success(on_success)
        op.on_done(lambda: self._done(op))
        self.ops.append(op)
        # a still bar that names the work, not Qt's busy animation: that one repaints the
        # window ~30 times a second for as long as the work runs
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(message)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.status_message.emit(message)
        return op.start(pool or self.pool)

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat("%v / %m")

    def _done(self, op: CoreOp) -> None:
        if op in self.ops:
            self.ops.remove(op)
        if not self.ops:
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)
            self.status_message.emit("")  # the "…ing" message of the finished work goes
        self._update_enabled()

    def _failed(self, error: Exception) -> None:
        text = error_text(error, self.tr("Something went wrong. Try again; if it happens again, "
                                         "tell the administrator."))
        self.result_label.setText(text)
        QMessageBox.warning(self, self.tr("Error"), text)

    def cancel_all(self) -> None:
        for op in list(self.ops):
            op.cancel()

    def busy(self) -> bool:
        return bool(self.ops)

    # --- 1. procedure → new dossier ------------------------------------------------------------

    def new_dossier(self) -> None:
        self.procedure_edit.clear()
        self.procedure_edit.setFocus()
        self.status_message.emit(self.tr("Type the procedure, then press Enter"))

    def _start_from_search(self) -> None:
        if self.procedure_filter.rowCount() >= 1:
            index = self.procedure_filter.index(0, 0)
            self.start_dossier(index.data(CODE_ROLE))

    def _start_from_view(self, index: Any) -> None:
        self.start_dossier(index.data(CODE_ROLE))

    def start_dossier(self, procedure_code: str) -> CoreOp:
        return self.run(lambda progress, cancel: self.session.new(procedure_code),
                        self.tr("Creating the dossier…"), lambda _d: self._dossier_loaded())

    def resume_dossier(self, dossier_id: str) -> None:
        self.session.resume(dossier_id)
        self._dossier_loaded()

    def recover_dossier(self, dossier_id: str) -> None:
        _dossier, orphans, code = self.session.recover(dossier_id)
        self._dossier_loaded()
        if orphans:
            self.result_label.setText(self.tr(
                "{0} page(s) captured just before the interruption were put under {1}: "
                "check them.").format(len(orphans), code))

    def _dossier_loaded(self) -> None:
        dossier = self.session.dossier
        assert dossier is not None
        proc = self.session.procedure()
        self.dossier_label.setText(self.tr("Dossier {0} — {1} {2}").format(
            dossier.id, proc.code, proc.name))
        self.prefill.set_record(dossier.applicant.to_json(), [])
        self.pages.batch = dossier.id
        self.refresh()
        self.checklist_view.setCurrentIndex(self.checklist.index(0, 0))
        self.checklist_view.setFocus()
        self.dossier_changed.emit()

    def snapshot(self) -> tuple[Any, list[Any]]:
        """The checklist and the dossier's pages in the dossier's order (components in the
        procedure's order, pages in their component's order: what the build writes), read from
        the stores. Workers call this at the end of their job, so the Qt thread gets the data
        without touching SQLite (opening and closing a store can checkpoint and fsync)."""
        assert self.session.dossier is not None
        return self.session.checklist(), self.session.ordered_pages()

    def refresh(self, snapshot: tuple[Any, list[Any]] | None = None) -> None:
        """Show the checklist and the dossier's pages (in checklist order): from ``snapshot``
        when a worker has read them, else read now."""
        if self.session.dossier is None:
            return
        current = self.current_component()
        check, ordered = snapshot if snapshot is not None else self.snapshot()
        self.checklist.update_checklist(check)
        names = {item.code: item.name for item in check.items}
        labels: dict[str, str] = {}
        counts: dict[str, int] = {}
        for code, page in ordered:  # thumbnails grouped and named by component document
            counts[code] = counts.get(code, 0) + 1
            labels[page.id] = f"{names.get(code, code)} · {counts[code]}"
        self.page_codes = {page.id: code for code, page in ordered}
        self.pages.set_pages([page for _code, page in ordered], labels)
        if current:
            row = self.checklist.row_of(current)
            if row >= 0:
                self.checklist_view.setCurrentIndex(self.checklist.index(row, 0))
        self._update_enabled()

    def current_component(self) -> str:
        index = self.checklist_view.currentIndex()
        if index.isValid():
            return str(index.data(CODE_ROLE))
        if self.checklist.rowCount():
            return str(self.checklist.index(0, 0).data(CODE_ROLE))
        return ""

    def step_component(self, step: int) -> None:
        rows = self.checklist.rowCount()
        if not rows:
            return
        row = max(0, min(rows - 1, self.checklist_view.currentIndex().row() + step))
        self.checklist_view.setCurrentIndex(self.checklist.index(row, 0))

    # --- 2. ID card → prefill -----------------------------------------------------------------

    def choose_card(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("ID card image"), str(Path.home()),
                                              IMPORT_FILTER)
        if path:
            self.read_card(Path(path))

    def read_card(self, path: Path) -> CoreOp:
        return self.run(lambda progress, cancel: self.session.read_card(path),
                        self.tr("Reading the ID card…"), self._card_read)

    def _card_read(self, record: dict[str, Any]) -> None:
        applicant = record.get("applicant")
        self.card_warnings = list(record.get("warnings") or [])
        if not applicant:
            self.result_label.setText(self.tr("No citizen ID QR code found on this image. Scan "
                                              "the card at 300 dpi or type the details."))
            return
        address = applicant.get("address_new")
        self.ward_candidates = []
        if isinstance(address, dict) and address.get("status") == "ambiguous":
            self.ward_candidates = [c if isinstance(c, str) else
                                    ", ".join(str(v) for v in c.values() if v)
                                    for c in address.get("candidates", [])]
            self.card_warnings.append("address_ambiguous")
        self.prefill.blockSignals(True)
        self.prefill.set_record(applicant, self.card_warnings)
        self.prefill.blockSignals(False)
        self.ward_button.setVisible(bool(self.ward_candidates))
        self._save_applicant()
        self.status_message.emit(self.tr("ID card read: check the highlighted fields"))

    def choose_ward(self) -> None:
        if not self.ward_candidates:
            return
        choice, ok = QInputDialog.getItem(self, self.tr("Choose the new ward"),
                                          self.tr("This ward was split; which one is it now?"),
                                          self.ward_candidates, 0, False)
        if ok and choice:
            self.prefill.set_value("address_new", choice)

    def _save_applicant(self, *args: Any) -> None:
        if self.session.dossier is None:
            return
        values = self.prefill.values()
        self.run(lambda progress, cancel: self.session.set_applicant(values),
                 self.tr("Saving the applicant…"))

    # --- 3. capture -------------------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add files"), str(Path.home()),
                                                IMPORT_FILTER)
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path], code: str | None = None) -> CoreOp:
        code = code or self.current_component()
        def work(progress: ProgressFn, cancel: threading.Event) -> Captured:
            return Captured(self.session.add_files(code, paths), self.snapshot())

        return self.run(work, self.tr("Importing and cleaning pages…"), self._captured)

    def scan_current(self, pages: int = 1, code: str | None = None) -> CoreOp:
        code = code or self.current_component()
        device = str(self.settings.get("scanner/device"))
        dpi = int(self.settings.get("scanner/dpi"))

        def work(progress: ProgressFn, cancel: threading.Event) -> Captured:
            return Captured(self.session.scan(code, device, resolution=dpi, pages=pages,
                                              cancel=cancel, progress=progress), self.snapshot())

        return self.run(work, self.tr("Scanning…"), self._captured)

    def _captured(self, page_ids: Captured) -> None:
        self.refresh(page_ids.snapshot)
        self.start_ocr(list(page_ids))

    def start_ocr(self, page_ids: list[str]) -> CoreOp | None:
        """OCR new pages in the background (own lane); scanning goes on meanwhile."""
        if not page_ids:
            return None

        def work(progress: ProgressFn, cancel: threading.Event) -> dict[str, PageText]:
            return self.session.ocr_pages(page_ids, cancel=cancel)

        op = self.run(work, self.tr("Reading the text of the new pages…"),
                      lambda _r: self._show_page(self.pages_view.currentIndex()),
                      pool=self.ocr_pool)
        self.ocr_op = op
        return op

    def _current_page_row(self) -> int:
        index = self.pages_view.currentIndex()
        return index.row() if index.isValid() else -1

    def _page_op(self, work: Callable[[], Any], message: str, select: str | None) -> CoreOp:
        """A change to the dossier's pages, through the application service in a worker; the
        thumbnails are then redrawn from the dossier's order and ``select`` stays current."""
        def run(progress: ProgressFn, cancel: threading.Event) -> Any:
            work()
            return self.snapshot()

        def done(snapshot: Any) -> None:
            self.refresh(snapshot)
            row = self.pages.row_of(select) if select else -1
            if row >= 0:
                self.pages_view.setCurrentIndex(self.pages.index(row))
                self._show_page(self.pages.index(row))

        return self.run(run, message, done)

    def _current_page_id(self) -> str | None:
        row = self._current_page_row()
        return self.pages.page(row).id if row >= 0 else None

    def edit_page(self, what: str) -> CoreOp | None:
        page_id = self._current_page_id()
        if page_id is None or self.session.dossier is None:
            return None
        return self._page_op(lambda: self.session.edit_page(page_id, what),
                             self.tr("Editing the page…"), page_id)

    def remove_page(self) -> CoreOp | None:
        row = self._current_page_row()
        page_id = self._current_page_id()
        if page_id is None or self.session.dossier is None:
            return None
        after = (self.pages.page(row + 1).id if row + 1 < self.pages.rowCount() else
                 self.pages.page(row - 1).id if row > 0 else None)
        return self._page_op(lambda: self.session.remove_page(page_id),
                             self.tr("Removing the page…"), after)

    def move_page(self, step: int) -> CoreOp | None:
        """One place earlier or later in the dossier; past its component's first or last
        page, into the previous or next component document."""
        page_id = self._current_page_id()
        if page_id is None or self.session.dossier is None:
            return None
        return self._page_op(lambda: self.session.move_page(page_id, step),
                             self.tr("Moving the page…"), page_id)

    def move_to_current_component(self) -> CoreOp | None:
        """Move the selected page to the component document selected in the checklist."""
        page_id = self._current_page_id()
        code = self.current_component()
        if page_id is None or not code or self.session.dossier is None:
            return None
        return self._page_op(lambda: self.session.move_to_component(page_id, code),
                             self.tr("Moving the page…"), page_id)

    def _dropped(self, page_id: str, row: int) -> None:
        """A thumbnail dragged to ``row``: it takes the place (component and position) of the
        page shown there."""
        if self.session.dossier is None or not 0 <= row < self.pages.rowCount():
            return
        target = self.pages.page(row).id
        code = self.page_codes.get(target, "")
        index = [pid for pid, c in self.page_codes.items() if c == code].index(target)
        from ..dossier.service import move_page

        home, dossier_id = self.session.home, self.session.dossier.id

        def work() -> None:
            self.session.dossier = move_page(home, dossier_id, page_id, code, index)

        self._page_op(work, self.tr("Moving the page…"), page_id)

    # --- 4. review --------------------------------------------------------------------------------

    def show_review(self) -> None:
        self.right_tabs.setCurrentIndex(1)
        if self._current_page_row() < 0 and self.pages.rowCount():
            self.pages_view.setCurrentIndex(self.pages.index(0))
        self.text_view.setFocus()

    def _show_page(self, index: Any) -> None:
        if not index.isValid():
            return
        page = index.data(PAGE_ROLE)
        try:
            path = self.workspace.render_path(page)
        except ScanStationError as error:
            self.preview.setText(error.message_vi)
            return
        size = self.preview.size()

        def load(progress: ProgressFn, cancel: threading.Event) -> QImage:
            # decoding a 300 dpi page takes ~100 ms: never on the Qt thread
            return QImage(str(path)).scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation)

        def show(image: QImage, page_id: str = page.id) -> None:
            current = self.pages_view.currentIndex()
            if current.isValid() and current.data(PAGE_ROLE).id == page_id:
                self.preview.setPixmap(QPixmap.fromImage(image))

        CoreOp(load).on_success(show).start(self.pool)
        text = self.session.ocr.get(page.id)
        if text is None:
            self.text_view.setPlainText(self.tr("Text not read yet…"))
        else:
            self.text_view.setHtml(review_html(text))

    # --- 5. build, sign, queue, receipt ------------------------------------------------------

    def _ask_pin(self) -> str | None:
        pin, ok = QInputDialog.getText(self, self.tr("Signing PIN"),
                                       self.tr("PIN of the signing token (kept in memory for this "
                                               "session only):"), QLineEdit.EchoMode.Password)
        return pin if ok and pin else None

    def credential(self) -> Any:
        """The signing credential from the settings (or a factory the station sets)."""
        if self.credential_factory is not None:
            return self.credential_factory()
        from ..pdf.sign import Pkcs11Credential, Pkcs12Credential

        if self.settings.get("signing/kind") == "pkcs12" and self.settings.get("signing/pkcs12"):
            return Pkcs12Credential(Path(str(self.settings.get("signing/pkcs12"))))
        label = str(self.settings.get("signing/token_label") or "")
        if not label:
            return None
        return Pkcs11Credential(Path(str(self.settings.get("signing/module"))), label,
                                str(self.settings.get("signing/key_label") or "") or None)

    def build_and_sign(self) -> CoreOp | None:
        if self.session.dossier is None:
            return None
        credential = self.credential()
        if credential is not None and not self.session.pin.is_set:
            pin = self.pin_prompt()
            if pin is None:
                return None
            self.session.pin.set(pin)
        out = self.session.home / "built" / self.session.dossier.id

        def work(progress: ProgressFn, cancel: threading.Event) -> Any:
            return self.session.build_and_sign(out, credential, cancel=cancel, progress=progress)

        return self.run(work, self.tr("Building and signing the dossier…"), self._built)

    def _built(self, result: Any) -> None:
        self.result_label.setText(self.tr("Built and signed: {0}").format(result.folder))
        self.refresh()
        self.dossier_changed.emit()

    def queue(self) -> CoreOp | None:
        if self.session.last_build is None:
            return None
        return self.run(lambda progress, cancel: self.session.enqueue(),
                        self.tr("Queueing for upload…"), self._queued)

    def _queued(self, item_id: str) -> None:
        self.result_label.setText(self.tr("Queued for upload: {0}").format(item_id))
        self.dossier_changed.emit()

    def print_receipt(self) -> CoreOp | None:
        if self.session.outbox_item is None or self.session.dossier is None:
            return None
        target = self.session.home / "receipts" / f"{self.session.dossier.id}.pdf"
        agency = str(self.settings.get("station/id") or "")
        return self.run(lambda progress, cancel: self.session.receipt_pdf(target, agency),
                        self.tr("Making the receipt…"), self._receipt_made)

    def _receipt_made(self, path: Path | None) -> None:
        if path is None:
            self.result_label.setText(self.tr("The portal has not confirmed this dossier yet; "
                                              "print the receipt once it is sent."))
            return
        self.result_label.setText(self.tr("Receipt ready: {0}").format(path))
        self.last_receipt = path
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.isVisible() and not self.property("no_open"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
