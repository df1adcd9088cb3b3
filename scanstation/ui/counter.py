"""Counter mode: a dossier from paper to receipt, fully by keyboard.

new dossier (type-ahead over the catalogue) → ID card → prefill panel → capture each component
on the checklist (scanner, camera or files; thumbnails; reorder, rotate, undo) → OCR in the
background while scanning continues → review (page and text side by side, low-confidence words
marked) → build and sign (PIN prompt) → queue for upload → receipt. Each step is a
``DossierSession`` call run by a ``CoreOp`` worker; the Qt thread only draws.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..dossier.session import DossierSession
from ..errors import ScanStationError
from ..workspace import Workspace
from .action_bar import ActionBar, FlowLayout
from .counter_finish import FinishMixin
from .counter_pages import IMPORT_FILTER, PagesMixin
from .focus import keep_focus
from .models import PageListModel, show_as_thumbnails
from .settings import StationSettings
from .station_models import (
    CODE_ROLE,
    ChecklistModel,
    PrefillModel,
    ProcedureFilter,
    ProcedureModel,
)
from .workers import CoreOp, ProgressFn


def error_text(error: Exception, fallback: str) -> str:
    if isinstance(error, ScanStationError):
        return f"{error.message_vi}\n\n{error.message_en}"
    return fallback


class CounterPanel(PagesMixin, FinishMixin, QWidget):
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

        # procedure picker: a type-ahead line edit over the catalogue; matching ignores
        # diacritics and case ("ket hon"), best matches first; Down goes to the list
        self.procedures = ProcedureModel(self)
        self.procedure_filter = ProcedureFilter(self)
        self.procedure_filter.setSourceModel(self.procedures)
        self.procedure_edit = QLineEdit()
        self.procedure_edit.setObjectName("procedure_search")
        self.procedure_edit.setAccessibleName(self.tr("Search procedures"))
        self.procedure_edit.setPlaceholderText(self.tr("Type a procedure code or name…"))
        self.procedure_edit.textChanged.connect(self._procedure_query)
        self.procedure_edit.returnPressed.connect(self._start_from_search)
        self.procedure_edit.installEventFilter(self)
        self.procedure_view = QTableView()
        self.procedure_view.setObjectName("procedures")
        self.procedure_view.setAccessibleName(self.tr("Procedures"))
        self.procedure_view.setModel(self.procedure_filter)
        self.procedure_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.procedure_view.horizontalHeader().setSectionResizeMode(
            ProcedureModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.procedure_view.activated.connect(self._start_from_view)
        # Tab leaves every table (arrows move inside): Tab must never silently change the
        # component the next scan goes into
        self.procedure_view.setTabKeyNavigation(False)
        self.procedures.set_catalogue(session.catalogue())

        self.dossier_label = QLabel(self.tr("No dossier yet: press Ctrl+N or pick a procedure"))
        self.dossier_label.setObjectName("dossier_label")
        self.dossier_label.setWordWrap(True)

        self.prefill = PrefillModel(self)
        self.prefill_view = QTableView()
        self.prefill_view.setObjectName("prefill")
        self.prefill_view.setAccessibleName(self.tr("Applicant details from the ID card"))
        self.prefill_view.setModel(self.prefill)
        self.prefill_view.setTabKeyNavigation(False)
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
        self.checklist_view.setTabKeyNavigation(False)
        self.checklist_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checklist_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checklist_view.horizontalHeader().setSectionResizeMode(
            ChecklistModel.NAME, QHeaderView.ResizeMode.Stretch)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 4, 4, 4)  # the height goes to the tables, not margins
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
        # the page is drawn to the label's size: its pixmap must not become the label's
        # minimum, or each page shown ratchets the window taller than a 768 px screen
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
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

        # how pages are captured: the scanner (as `scanstation devices` lists them) and a
        # named profile (source, colour, resolution, page count), each chosen by key
        self.device_combo = QComboBox()
        self.device_combo.setObjectName("scanner")
        self.device_combo.setAccessibleName(self.tr("Scanner"))
        self.device_combo.setEditable(True)  # a network scanner can be typed in
        line = self.device_combo.lineEdit()
        if line is not None:
            line.setAccessibleName(self.tr("Scanner"))
        self.device_combo.view().setAccessibleName(self.tr("Scanners found"))
        self.device_combo.addItem(str(settings.get("scanner/device")))
        self.device_combo.currentTextChanged.connect(
            lambda text: self.settings.set("scanner/device", text) if text else None)
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("scan_profile")
        self.profile_combo.setAccessibleName(self.tr("Scan profile"))
        self.profile_combo.view().setAccessibleName(self.tr("Scan profiles"))
        for profile in settings.profiles():
            self.profile_combo.addItem(QCoreApplication.translate("ScanProfile", profile.name))
        self.profile_combo.setCurrentIndex(
            min(int(settings.get("scanner/profile")), self.profile_combo.count() - 1))
        self.profile_combo.currentIndexChanged.connect(
            lambda index: self.settings.set("scanner/profile", index))
        scanner_label = QLabel(self.tr("Scanner:"))
        scanner_label.setBuddy(self.device_combo)
        profile_label = QLabel(self.tr("Profile:"))
        profile_label.setBuddy(self.profile_combo)
        # each choice with its label; the two share a row when the width allows, else the
        # profile goes to a second one: its whole name shows (at large text it was cut to
        # "Khay nạp giấy, A4 màu")
        self.profile_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.device_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.device_combo.setMinimumContentsLength(16)
        capture = QWidget()
        capture_row = FlowLayout(capture, spacing=8)
        capture_row.setContentsMargins(0, 0, 0, 0)
        for label, combo in ((scanner_label, self.device_combo),
                             (profile_label, self.profile_combo)):
            pair = QWidget()
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.addWidget(label)
            pair_layout.addWidget(combo)
            capture_row.addWidget(pair)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        capture.setSizePolicy(policy)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 6, 4)  # … and to the thumbnails
        right_layout.addWidget(capture)
        self.page_toolbar = ActionBar(self.tr("Page tools"))
        self.page_toolbar.setObjectName("page_actions")
        right_layout.addWidget(self.page_toolbar)
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
        # a bar that wraps onto a second row rather than hiding actions behind a » arrow
        self.toolbar = ActionBar(self.tr("Counter"))
        self.toolbar.setObjectName("counter_actions")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        self._build_actions()
        self._update_enabled()

    # --- actions ---------------------------------------------------------------------------------

    def _action(self, name: str, text: str, slot: Callable[[], Any],
                bar: ActionBar | bool | None = True, short: str = "") -> QAction:
        """An action with its configurable shortcut, on ``bar`` (the main bar for True, none
        for None) under its ``short`` label if given (the menu and tooltip keep ``text``)."""
        action = QAction(text, self)
        if short:
            action.setIconText(short)
        action.setObjectName(name)
        sequence = QKeySequence(self.settings.shortcut(name))
        action.setShortcut(sequence)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({shown})" if shown else text)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        target = self.toolbar if bar is True else bar or None
        if target is not None:
            target.add(action)
        return action

    def _build_actions(self) -> None:
        # the day's flow on the main bar; page edits on a bar over the thumbnails; moving
        # between documents and profiles by key (and the Dossier menu) only: the checklist and
        # the profile list on screen show what those keys change
        pages_bar = self.page_toolbar
        self.new_action = self._action("new_dossier", self.tr("New dossier"), self.new_dossier)
        self.card_scan_action = self._action("card_from_scanner",
                                             self.tr("Read ID card from the scanner"),
                                             self.card_from_scanner)
        self.card_action = self._action("read_card", self.tr("Read ID card…"), self.choose_card)
        self.scan_action = self._action("scan", self.tr("Scan"), self.scan_current)
        self.files_action = self._action("add_files", self.tr("Add files…"), self.choose_files)
        self.review_action = self._action("review", self.tr("Review"), self.show_review)
        self.build_action = self._action("build_sign", self.tr("Build and sign"),
                                         self.build_and_sign)
        self.queue_action = self._action("queue", self.tr("Queue for upload"), self.queue)
        self.receipt_action = self._action("print_receipt", self.tr("Print receipt"),
                                           self.print_receipt)
        self.next_applicant_action = self._action("next_applicant", self.tr("Next applicant"),
                                                  self.next_applicant)
        self.rotate_left_action = self._action("rotate_left", self.tr("Rotate left"),
                                               lambda: self.edit_page("left"), bar=pages_bar)
        self.rotate_right_action = self._action("rotate_right", self.tr("Rotate right"),
                                                lambda: self.edit_page("right"), bar=pages_bar)
        self.undo_action = self._action("undo", self.tr("Undo last edit"),
                                        lambda: self.edit_page("undo"), bar=pages_bar,
                                        short=self.tr("Undo"))
        self.remove_action = self._action("remove_page", self.tr("Remove page"), self.remove_page,
                                          bar=pages_bar)
        self.up_action = self._action("move_up", self.tr("Move page earlier"),
                                      lambda: self.move_page(-1), bar=pages_bar,
                                      short=self.tr("Earlier"))
        self.down_action = self._action("move_down", self.tr("Move page later"),
                                        lambda: self.move_page(1), bar=pages_bar,
                                        short=self.tr("Later"))
        self.move_to_action = self._action("move_to_component",
                                           self.tr("Move page to the selected document"),
                                           self.move_to_current_component, bar=pages_bar,
                                           short=self.tr("To the selected document"))
        self.next_action = self._action("next_component", self.tr("Next document"),
                                        lambda: self.step_component(1), bar=None)
        self.prev_action = self._action("previous_component", self.tr("Previous document"),
                                        lambda: self.step_component(-1), bar=None)
        self.profile_action = self._action("scan_profile", self.tr("Next scan profile"),
                                           self.next_profile, bar=None)
        # a key for each region of the screen (not in the toolbar: they move the focus only)
        regions: tuple[tuple[str, str, QWidget], ...] = (
                ("focus_procedure", self.tr("Go to procedures"), self.procedure_edit),
                ("focus_applicant", self.tr("Go to the applicant"), self.prefill_view),
                ("focus_checklist", self.tr("Go to the checklist"), self.checklist_view),
                ("focus_pages", self.tr("Go to the pages"), self.pages_view))
        for name, text, target in regions:
            self._action(name, text, partial(self._focus_region, target), bar=None)

    def _update_enabled(self) -> None:
        has = self.session.dossier is not None
        editable = has and not self.session.locked  # a queued dossier is read-only
        for action in (self.card_action, self.card_scan_action, self.scan_action,
                       self.files_action, self.build_action, self.rotate_left_action,
                       self.rotate_right_action, self.undo_action, self.remove_action,
                       self.up_action, self.down_action, self.move_to_action):
            action.setEnabled(editable)
        for action in (self.next_action, self.prev_action, self.review_action):
            action.setEnabled(has)
        self.prefill_view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_action.setEnabled(self.session.last_build is not None and not
                                     self.session.locked)
        self.receipt_action.setEnabled(self.session.outbox_item is not None)
        self.next_applicant_action.setEnabled(has)

    def _focus_region(self, widget: QWidget) -> None:
        if widget is self.pages_view:
            self.right_tabs.setCurrentIndex(0)
        widget.setFocus()
        view = widget if isinstance(widget, QAbstractItemView) else None
        if view is not None and not view.currentIndex().isValid() and view.model().rowCount():
            view.setCurrentIndex(view.model().index(0, 0))

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
        self._busy_message = message
        self.say(message)
        return op.start(pool or self.pool)

    def say(self, text: str) -> None:
        """A message in the status bar (kept until the next one)."""
        self._last_message = text
        self.status_message.emit(text)

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
            # the "…ing" message of the finished work goes; an answer it gave stays
            if getattr(self, "_last_message", "") == getattr(self, "_busy_message", None):
                self.say("")
        self._update_enabled()

    def _failed(self, error: Exception) -> None:
        text = error_text(error, self.tr("Something went wrong. Try again; if it happens again, "
                                         "tell the administrator."))
        self.result_label.setText(text)
        state = getattr(error, "state", None)
        if state is not None:  # a wrong PIN: the token's flags came with it
            self.token_state = state
        elif isinstance(error, ScanStationError) and "PIN" in error.message_en:
            self.refresh_token_state()
        with keep_focus(self):
            QMessageBox.warning(self, self.tr("Error"), text)

    def cancel_all(self) -> None:
        for op in list(self.ops):
            op.cancel()

    def busy(self) -> bool:
        return bool(self.ops)

    # --- 1. procedure → new dossier ------------------------------------------------------------

    def new_dossier(self) -> None:
        self.procedure_edit.clear()
        self.procedure_view.setVisible(True)
        self.procedure_edit.setFocus()
        self.say(self.tr("Type the procedure, then press Enter"))

    def _procedure_query(self, text: str) -> None:
        self.procedure_view.setVisible(True)
        self.procedure_filter.set_query(text)
        if self.procedure_filter.rowCount():
            self.procedure_view.setCurrentIndex(self.procedure_filter.index(0, 0))

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if (watched is self.procedure_edit and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.procedure_filter.rowCount()):
            self.procedure_view.setVisible(True)
            self.procedure_view.setFocus()  # from the search box straight into the matches
            if not self.procedure_view.currentIndex().isValid():
                self.procedure_view.setCurrentIndex(self.procedure_filter.index(0, 0))
            return True
        return super().eventFilter(watched, event)

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
        # the procedure is chosen: its list folds away, so the applicant and the checklist get
        # the height (at large text on a 768 px screen they showed two rows); typing in the
        # search box or Ctrl+N shows it again
        self.procedure_view.setVisible(False)
        self.pages.batch = dossier.id
        self.refresh()
        self.checklist_view.setCurrentIndex(self.checklist.index(0, 0))
        self.checklist_view.setFocus()
        self.refresh_token_state()
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
        with keep_focus(self):
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
        # a model reset, not dataChanged: the view redraws at once and nothing is saved twice
        self.prefill.set_record(applicant, self.card_warnings)
        self.ward_button.setVisible(bool(self.ward_candidates))
        self._save_applicant()
        self.say(self.tr("ID card read: check the highlighted fields"))
        self.prefill_view.setFocus()
        self.prefill_view.setCurrentIndex(self.prefill.index(0, PrefillModel.VALUE))

    def choose_ward(self) -> None:
        if not self.ward_candidates:
            return
        with keep_focus(self):
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
