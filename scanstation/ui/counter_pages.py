"""The counter's pages: capture (scanner with a profile, files, the ID card on the glass), the
thumbnails in the dossier's order with moves and edits through the application service, and
the review of each page beside its recognised text. Mixed into ``CounterPanel``."""

from __future__ import annotations

import html
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QWidget

from ..dossier.session import PageText
from ..errors import ScanStationError
from ..vault import read_personal
from .focus import keep_focus
from .models import PAGE_ROLE
from .settings import ScanProfile
from .workers import CoreOp, ProgressFn

if TYPE_CHECKING:
    from collections.abc import Callable

LOW_CONFIDENCE = 60.0  # words below this are marked for the officer's review
IMPORT_FILTER = "Images and PDF (*.png *.jpg *.jpeg *.tif *.tiff *.pdf *.bmp *.webp);;All files (*)"

# the mixin's strings belong to the panel's context, where its self.tr() would look them up
translate = QCoreApplication.translate


class Captured(list):
    """The new pages' ids, with the checklist and page list the worker read after adding them."""

    def __init__(self, page_ids: list[str], snapshot: tuple[Any, list[Any]]) -> None:
        super().__init__(page_ids)
        self.snapshot = snapshot


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


if TYPE_CHECKING:  # the mixin lives inside CounterPanel, a QWidget with every widget below
    _Panel = QWidget
else:
    _Panel = object


class PagesMixin(_Panel):
    """Capture, pages and review for ``CounterPanel`` (which provides the widgets and ``run``)."""

    if TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any: ...

    session: Any
    settings: Any
    pages: Any
    pages_view: Any
    page_codes: dict[str, str]
    run: Any
    say: Any
    snapshot: Any
    refresh: Any
    current_component: Any
    tr: Any

    # --- 3. capture -------------------------------------------------------------------------------

    def choose_files(self) -> None:
        with keep_focus(self):
            files, _ = QFileDialog.getOpenFileNames(self, translate("CounterPanel", "Add files"), str(Path.home()),
                                                    IMPORT_FILTER)
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path], code: str | None = None) -> CoreOp:
        code = code or self.current_component()
        def work(progress: ProgressFn, cancel: threading.Event) -> Captured:
            return Captured(self.session.add_files(code, paths), self.snapshot())

        return self.run(work, translate("CounterPanel", "Importing and cleaning pages…"), self._captured)

    def current_profile(self) -> ScanProfile:
        profiles = self.settings.profiles()
        return profiles[max(0, min(self.profile_combo.currentIndex(), len(profiles) - 1))]

    def next_profile(self) -> None:
        """The next scan profile (wraps), said in the status bar so the officer hears/sees it."""
        if self.profile_combo.count():
            self.profile_combo.setCurrentIndex(
                (self.profile_combo.currentIndex() + 1) % self.profile_combo.count())
            self.say(translate("CounterPanel", "Scan profile: {0}").format(self.profile_combo.currentText()))

    def scan_current(self, pages: int | None = None, code: str | None = None) -> CoreOp:
        """Scan into the selected component with the selected profile: a feeder or duplex
        profile takes every sheet until the feeder is empty, with a page count and Cancel."""
        code = code or self.current_component()
        profile = self.current_profile()
        device = profile.device or self.device_combo.currentText().strip() or str(
            self.settings.get("scanner/device"))
        count = profile.pages if pages is None else pages

        def work(progress: ProgressFn, cancel: threading.Event) -> Captured:
            return Captured(self.session.scan(
                code, device, resolution=profile.dpi, mode=profile.mode, pages=count,
                source=profile.source, width_mm=profile.width_mm, height_mm=profile.height_mm,
                cancel=cancel, progress=progress), self.snapshot())

        return self.run(work, translate("CounterPanel", "Scanning…"), self._captured)

    def card_from_scanner(self) -> CoreOp | None:
        """Read the ID card placed on the scanner's glass (the whole bed, with the card
        profile's scanner and resolution)."""
        if self.session.dossier is None:
            return None
        card = next((p for p in self.settings.profiles() if p.card), None)
        device = (card.device if card and card.device else "") or \
            self.device_combo.currentText().strip() or str(self.settings.get("scanner/device"))
        dpi = card.dpi if card else 300

        def work(progress: ProgressFn, cancel: threading.Event) -> dict[str, Any]:
            return self.session.read_card_from_scanner(device, resolution=dpi, cancel=cancel)

        return self.run(work, translate("CounterPanel", "Reading the ID card on the scanner…"), self._card_read)

    def load_devices(self) -> CoreOp:
        """Fill the scanner list from discovery (SANE and eSCL), in a worker."""
        from ..capture.discovery import discover

        def work(progress: ProgressFn, cancel: threading.Event) -> list[str]:
            devices, _errors = discover(self.session.home)
            return [d.name for d in devices]

        def show(names: list[str]) -> None:
            current = self.device_combo.currentText()
            self.device_combo.blockSignals(True)  # the chosen scanner stays chosen
            self.device_combo.clear()
            self.device_combo.addItems(names if current in names else [current, *names])
            self.device_combo.setCurrentText(current)
            self.device_combo.blockSignals(False)

        return CoreOp(work).on_success(show).start(self.pool)

    def _captured(self, page_ids: Captured) -> None:
        self.refresh(page_ids.snapshot)
        self.start_ocr(list(page_ids))

    def start_ocr(self, page_ids: list[str]) -> CoreOp | None:
        """OCR new pages in the background (own lane); scanning goes on meanwhile."""
        if not page_ids:
            return None

        def work(progress: ProgressFn, cancel: threading.Event) -> dict[str, PageText]:
            return self.session.ocr_pages(page_ids, cancel=cancel)

        op = self.run(work, translate("CounterPanel", "Reading the text of the new pages…"),
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
                             translate("CounterPanel", "Editing the page…"), page_id)

    def remove_page(self) -> CoreOp | None:
        row = self._current_page_row()
        page_id = self._current_page_id()
        if page_id is None or self.session.dossier is None:
            return None
        after = (self.pages.page(row + 1).id if row + 1 < self.pages.rowCount() else
                 self.pages.page(row - 1).id if row > 0 else None)
        return self._page_op(lambda: self.session.remove_page(page_id),
                             translate("CounterPanel", "Removing the page…"), after)

    def move_page(self, step: int) -> CoreOp | None:
        """One place earlier or later in the dossier; past its component's first or last
        page, into the previous or next component document."""
        page_id = self._current_page_id()
        if page_id is None or self.session.dossier is None:
            return None
        return self._page_op(lambda: self.session.move_page(page_id, step),
                             translate("CounterPanel", "Moving the page…"), page_id)

    def move_to_current_component(self) -> CoreOp | None:
        """Move the selected page to the component document selected in the checklist."""
        page_id = self._current_page_id()
        code = self.current_component()
        if page_id is None or not code or self.session.dossier is None:
            return None
        return self._page_op(lambda: self.session.move_to_component(page_id, code),
                             translate("CounterPanel", "Moving the page…"), page_id)

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

        self._page_op(work, translate("CounterPanel", "Moving the page…"), page_id)

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
            return QImage.fromData(read_personal(path)).scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation)

        def show(image: QImage, page_id: str = page.id) -> None:
            current = self.pages_view.currentIndex()
            if current.isValid() and current.data(PAGE_ROLE).id == page_id:
                self.preview.setPixmap(QPixmap.fromImage(image))

        CoreOp(load).on_success(show).start(self.pool)
        text = self.session.ocr.get(page.id)
        if text is None:
            self.text_view.setPlainText(translate("CounterPanel", "Text not read yet…"))
        else:
            self.text_view.setHtml(review_html(text))

