"""Guided (volunteer) mode: one plain-language step per screen, large text, high contrast.

choose the service (typed without accents) → the ID card from the scanner (or a picture of it)
→ the pages of each component document, with progress and a Cancel button → a check screen with
every page as a thumbnail → done (built, signed only if a signing credential is set up, queued).
It never sends the volunteer to the counter screen. Every step is a ``DossierSession`` call in a
``CoreOp`` worker, as at the counter; the screens are in ``guided_screens.py``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidgetItem,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..dossier.model import ComponentSpec, Procedure
from ..errors import ScanStationError
from .card_scan import scan_card_image
from .counter import CounterPanel
from .dialogs_vi import ask_text, ask_yes_no, file_dialog
from .formats import format_date_vi
from .guided_layout import GuidedScreens
from .guided_screens import (
    GUIDED_POINT_SIZE,
    GUIDED_STYLE,
    StepScreen,
    big_button,
)
from .station_models import PrefillModel
from .workers import CoreOp, ProgressFn


class GuidedPanel(GuidedScreens, QWidget):
    def __init__(self, counter: CounterPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter = counter  # for the shared session, settings, pool and signing set-up
        self.session = counter.session
        self.settings = counter.settings
        self.setObjectName("guided")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.set_point_size(GUIDED_POINT_SIZE)
        self.op: CoreOp | None = None
        self.then: Any = None  # a follow-up call to start once the running one is done
        self.focus_next: QWidget | None = None  # where the focus goes when it is done
        self.busy_screen: StepScreen | None = None
        self.components: list[ComponentSpec] = []
        self.page_counts: dict[str, int] = {}
        self.applicant_name = ""
        self.missing: list[str] = []  # required papers not scanned, by name
        self.current_code = ""
        self.step = 0
        self.prefill = PrefillModel(self)  # the same card-to-applicant mapping as the counter

        self.stack = QStackedWidget()
        self._build_procedure_screen()
        self._build_card_screen()
        self._build_pages_screen()
        self._build_check_screen()
        self._build_done_screen()

        self.progress = QProgressBar()
        self.progress.setObjectName("guided_progress")
        self.progress.setAccessibleName(self.tr("Progress"))
        self.cancel_button = big_button(self.tr("Cancel"), "guided_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.busy = QWidget()
        busy_row = QHBoxLayout(self.busy)
        busy_row.setContentsMargins(12, 0, 12, 0)
        busy_row.addWidget(self.progress, 1)
        busy_row.addWidget(self.cancel_button)
        self.busy.setVisible(False)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.busy)
        self.go(0)

    # --- look -------------------------------------------------------------------------------

    def set_point_size(self, points: int) -> None:
        """Fonts through the style sheet: a styled widget ignores its parent's ``setFont``."""
        self.point_size = max(points, GUIDED_POINT_SIZE)
        self.setStyleSheet(GUIDED_STYLE % {"pt": self.point_size, "title": self.point_size + 6,
                                           "small": max(18, self.point_size - 4)})

    # --- the steps ----------------------------------------------------------------------------

    def steps(self) -> list[str]:
        return ["procedure", "card", *(f"pages:{i}" for i in range(len(self.components))),
                "check", "done"]

    @property
    def do_button(self) -> QWidget:
        """What the current screen wants pressed (or typed into) next."""
        screen = self.stack.currentWidget()
        return getattr(screen, "primary", None) or screen

    def rebuild(self) -> None:
        """Show the step again (the window calls this when the mode is entered)."""
        if self.session.dossier is None and self.step:
            self.go(0)
        else:
            self.go(self.step)

    def go(self, step: int) -> None:
        steps = self.steps()
        if self.session.dossier is None:
            step = 0  # nothing to scan into before a service is chosen
        step = max(0, min(len(steps) - 1, step))
        self.step = step
        kind = steps[step]
        if kind.startswith("pages:"):
            self._show_component(int(kind.split(":")[1]))
            screen: StepScreen = self.pages_screen
        else:
            screen = {"procedure": self.procedure_screen, "card": self.card_screen,
                      "check": self.check_screen, "done": self.done_screen}[kind]
        if kind == "check":
            self._load_thumbnails()
        if kind == "done":
            self._show_done()
        self.stack.setCurrentWidget(screen)
        screen.where.setText(self.tr("Step {0} of {1}").format(step + 1, len(steps)))
        self.do_button.setFocus()

    def _show_component(self, index: int) -> None:
        spec = self.components[index]
        need = (self.tr("This paper is needed.") if spec.required
                else self.tr("Only if the person has this paper."))
        if self.settings.guided_profile().source in ("adf", "duplex"):
            how = self.tr("Put all its pages in the scanner's feeder, face down, then press "
                          "“Scan this paper” once.")
        else:
            how = self.tr("Put it on the scanner face down, close the lid, then press “Scan "
                          "this paper”. Scan each page.")
        self.pages_screen.set_text(spec.name, need + " " + how)
        self.current_code = spec.code
        self._show_page_count()

    def _show_page_count(self) -> None:
        count = self.page_counts.get(self.current_code, 0)
        self.pages_screen.status.setText(self.tr("Pages of this paper so far: {0}").format(count))

    # --- running core calls -----------------------------------------------------------------

    def run(self, fn: Any, message: str, on_success: Any) -> CoreOp | None:
        if self.op is not None:
            return None  # one thing at a time: a second press waits for the first
        op = CoreOp(fn).on_success(on_success).on_failure(self._failed)
        op.on_progress(self._progress)
        op.signals.cancelled.connect(self._cancelled)
        op.on_done(self._done)
        self.op = op
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(message)
        self.busy.setVisible(True)
        self.busy_screen = self._screen()  # the step may change before the work is done
        self.busy_screen.button_row.setVisible(False)
        self.busy_screen.setEnabled(False)
        self.cancel_button.setFocus()
        return op.start(self.counter.pool)

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, done, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("Page {0}").format(done) if not total
                                else self.tr("Page {0} of {1}").format(done, total))
        if self.busy_screen is self.pages_screen and self.stack.currentWidget() is \
                self.pages_screen:  # the paper's count goes up as the feeder gives each page
            self.pages_screen.status.setText(self.tr("Pages of this paper so far: {0}").format(
                self.page_counts.get(self.current_code, 0) + done))

    def _done(self) -> None:
        self.op = None
        self.busy.setVisible(False)
        if self.busy_screen is not None:
            self.busy_screen.button_row.setVisible(True)
            self.busy_screen.setEnabled(True)
        follow, self.then = self.then, None
        focus, self.focus_next = self.focus_next, None
        if follow is not None:
            follow()
        elif focus is not None:
            focus.setFocus()
        else:
            self.do_button.setFocus()

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()
            self.progress.setFormat(self.tr("Stopping…"))

    def _cancelled(self) -> None:
        text = self.tr("Stopped. Nothing was lost: the pages already scanned are kept.")
        dossier = self.session.dossier
        if dossier is not None and self.busy_screen is self.pages_screen:
            # the pages a stopped feeder gave before Cancel: counted, and said
            self.page_counts[self.current_code] = dossier.page_count(self.current_code)
            text += " " + self.tr("Pages of this paper so far: {0}").format(
                self.page_counts[self.current_code])
        self._say(text)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ScanStationError):
            text = f"{error.message_vi}\n{error.message_en}"
        else:
            text = self.tr("Something went wrong. Ask the officer for help.")
        self._say(text)

    def _screen(self) -> StepScreen:
        return self.stack.currentWidget()

    def _say(self, text: str) -> None:
        self._screen().status.setText(text)

    # --- 1. the service ---------------------------------------------------------------------

    def filter_procedures(self, text: str) -> None:
        # the core's search, as the counter and `scanstation procedures` use it: by code or by
        # words of the name, ignoring diacritics and case, best first
        from ..dossier.catalogue import search

        ranked = search(text, catalogue={p.code: p for p in self.catalogue})
        if not text.strip():
            ranked = sorted(ranked, key=lambda p: p.name)
        results = self.procedure_screen.results
        results.clear()
        for proc in ranked:
            item = QListWidgetItem(proc.name)
            item.setData(Qt.ItemDataRole.UserRole, proc.code)
            results.addItem(item)
        if results.count():
            results.setCurrentRow(0)
        self.procedure_screen.status.setText(
            self.tr("Found: {0}").format(results.count()) if text.strip() else "")

    def start_selected(self) -> CoreOp | None:
        item = self.procedure_screen.results.currentItem()
        if item is None:
            self.procedure_screen.status.setText(
                self.tr("Nothing found. Try other words, or ask the officer."))
            return None
        code = str(item.data(Qt.ItemDataRole.UserRole))

        def work(progress: ProgressFn, cancel: threading.Event) -> tuple[Any, Procedure]:
            dossier = self.session.new(code)
            return dossier, self.session.procedure()

        return self.run(work, self.tr("Starting…"), self._started)

    def _started(self, result: tuple[Any, Procedure]) -> None:
        _dossier, procedure = result
        self.components = list(procedure.components)
        self.page_counts = {}
        self.applicant_name = ""
        self.card_screen.status.setText("")
        self.go(1)

    # --- 2. the ID card ---------------------------------------------------------------------

    def read_card_from_scanner(self) -> CoreOp | None:
        home, device = self.session.home, str(self.settings.get("scanner/device"))
        return self.run(lambda progress, cancel: scan_card_image(home, device, cancel),
                        self.tr("Reading the card…"), self._card_read)

    def choose_card_file(self) -> None:
        file_dialog(self.window(), self.tr("Choose the picture of the ID card"), Path.home(),
                    lambda paths: self.read_card_file(paths[0]) if paths else None)

    def read_card_file(self, path: Path) -> CoreOp | None:
        return self.run(lambda progress, cancel: self.session.read_card(path),
                        self.tr("Reading the card…"), self._card_read)

    def _card_read(self, record: dict[str, Any]) -> None:
        applicant = record.get("applicant")
        if not applicant:
            self.card_screen.status.setText(
                self.tr("No QR code found on the card. Turn the card over (QR code down) and "
                        "press “Read the card” again, or choose a picture of it."))
            return
        self.prefill.set_record(applicant, list(record.get("warnings") or []))
        values = self.prefill.values()
        self.applicant_name = values.get("full_name", "")
        lines = [self.tr("Name: {0}").format(self.applicant_name),
                 self.tr("Date of birth: {0}").format(format_date_vi(
                     applicant.get("date_of_birth", ""))),
                 self.tr("ID number: {0}").format(values.get("id_number", "")),
                 self.tr("Is this the person? Then press “Next”.")]
        self.card_screen.status.setText("\n".join(lines))

        def save() -> None:
            self.run(lambda progress, cancel: self.session.set_applicant(values),
                     self.tr("Saving…"), lambda _d: None)
            self.focus_next = self.card_next  # read and saved: the next step is next

        self.then = save

    # --- 3. pages ---------------------------------------------------------------------------

    def scan_pages(self) -> CoreOp | None:
        """One press: one page from the glass, or every page in the feeder (a page count as
        they come, Cancel keeps those already scanned)."""
        code = self.current_code
        profile = self.settings.guided_profile()
        device = profile.device or str(self.settings.get("scanner/device"))
        feeder = profile.source in ("adf", "duplex")

        def work(progress: ProgressFn, cancel: threading.Event) -> tuple[str, list[str]]:
            return code, self.session.scan(
                code, device, resolution=profile.dpi, mode=profile.mode, pages=profile.pages,
                source=profile.source, width_mm=profile.width_mm, height_mm=profile.height_mm,
                cancel=cancel, progress=progress)

        message = (self.tr("Scanning the pages in the feeder…") if feeder
                   else self.tr("Scanning… do not lift the lid"))
        return self.run(work, message, self._pages_added)

    def choose_page_files(self) -> None:
        file_dialog(self.window(), self.tr("Choose the pictures of this paper"), Path.home(),
                    lambda paths: self.add_page_files(paths) if paths else None, many=True)

    def add_page_files(self, paths: list[Path]) -> CoreOp | None:
        code = self.current_code

        def work(progress: ProgressFn, cancel: threading.Event) -> tuple[str, list[str]]:
            return code, self.session.add_files(code, paths)

        return self.run(work, self.tr("Adding the pages…"), self._pages_added)

    def _pages_added(self, result: tuple[str, list[str]]) -> None:
        code, page_ids = result
        self.page_counts[code] = self.page_counts.get(code, 0) + len(page_ids)
        if code == self.current_code:
            self._show_page_count()
        if page_ids:  # read the text while the next paper is scanned: Finish is then quick
            CoreOp(lambda progress, cancel: self.session.ocr_pages(page_ids, cancel=cancel)
                   ).start(self.counter.ocr_pool)

    # --- 4. check -------------------------------------------------------------------------------

    def _load_thumbnails(self) -> None:
        if self.session.dossier is None:
            return
        self.check_screen.status.setText(self.tr("Reading the pages…"))
        self.thumbs.set_pages([])

        def work(progress: ProgressFn, cancel: threading.Event) -> tuple[list[Any], list[str]]:
            return self.session.ordered_pages(), self.session.missing_required()

        def show(result: tuple[list[Any], list[str]]) -> None:
            ordered, missing = result
            names = {spec.code: spec.name for spec in self.components}
            labels: dict[str, str] = {}
            counts: dict[str, int] = {}
            for code, page in ordered:
                counts[code] = counts.get(code, 0) + 1
                labels[page.id] = f"{names.get(code, code)} · {counts[code]}"
            self.thumbs.set_pages([page for _code, page in ordered], labels)
            self.missing = missing
            text = self.tr("{0} pages in all.").format(len(ordered))
            if missing:
                text += " " + self.tr("Still missing: {0}.").format("; ".join(missing))
            self.check_screen.status.setText(text)

        self.run(work, self.tr("Reading the pages…"), show)

    # --- 5. done ------------------------------------------------------------------------------

    def _show_done(self) -> None:
        finished = self.session.locked  # queued: only the next person is left to do
        self.done_back.setVisible(not finished)
        self.finish_button.setVisible(not finished)
        self.next_person_button.setVisible(finished)
        if finished:
            return  # "Done" and the dossier's code stay on the screen
        signing = self.counter.credential() is not None
        self.done_screen.set_text(
            self.tr("Finish"),
            self.tr("Press “Finish”: the papers are made into PDF files and put in the queue to "
                    "be sent.") + (" " + self.tr("The officer types the signing PIN.")
                                   if signing else ""))
        self.done_screen.status.setText("")

    def finish(self) -> CoreOp | None:
        if self.session.dossier is None:
            return None
        reason = None
        if self.missing:
            if not ask_yes_no(self.window(), self.tr("Papers missing"),
                              self.tr("Still missing: {0}. Finish anyway?").format(
                                  "; ".join(self.missing))):
                return None
            reason = ask_text(self.window(), self.tr("Papers missing"),
                              self.tr("Why is it finished without them?"))
            if reason is None:
                return None
        credential = self.counter.credential()
        if credential is not None and not self.session.pin.is_set:
            pin = self.counter.pin_prompt()
            if pin is None:
                return None
            self.session.pin.set(pin)
        out = self.session.home / "built" / self.session.dossier.id

        def work(progress: ProgressFn, cancel: threading.Event) -> str:
            self.session.build_and_sign(out, credential, cancel=cancel, progress=progress,
                                        incomplete_reason=reason)
            return self.session.enqueue()

        return self.run(work, self.tr("Making the PDF files…"), self._finished)

    def _finished(self, _item_id: str) -> None:
        dossier = self.session.dossier
        self.done_back.setVisible(False)
        self.finish_button.setVisible(False)
        self.next_person_button.setVisible(True)
        self.done_screen.set_text(
            self.tr("Done"),
            self.tr("The dossier is in the queue to be sent. Give the person back their "
                    "papers and card."))
        self.done_screen.status.setText(
            self.tr("Dossier {0} for {1}").format(dossier.id if dossier else "",
                                                   self.applicant_name or "—"))
        self.focus_next = self.next_person_button

    def next_person(self) -> None:
        """Ready for the next person: the finished dossier stays in the store and the queue."""
        self.session.next_applicant()
        self.components, self.page_counts, self.applicant_name = [], {}, ""
        self.procedure_screen.search.clear()
        self.go(0)

