"""A volunteer's whole dossier in guided mode, by key events only (pytest-qt, offscreen, in
Vietnamese): Alt+2 → type "ket hon", Enter → the card from SANE's ``test`` scanner (it holds no
QR: the screen says so) → a picture of the card typed into the Vietnamese file chooser → pages
of two component documents from a network scanner's feeder (the eSCL simulator), every page of
a paper in one press with a page count, and Esc stopping the feeder mid-paper → the
check screen's thumbnails → Finish (built unsigned: no credential set up) and queued → the next
person. What the volunteer sees is asserted at each step; the window never leaves guided mode.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "capture"))

from escl_simulator import EsclSimulator, SimulatorState
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget
from ui_helpers import show_active

from scanstation.outbox.queue import Outbox
from scanstation.testing.cards import invent_person, render_card
from scanstation.ui.i18n import install_translator
from scanstation.ui.settings import ScanProfile, StationSettings
from scanstation.ui.station_window import StationWindow
from scanstation.workspace import Workspace

PAGES_PER_PAPER = 3  # two papers of three pages: the 2-component, 6-page dossier


class Keys:
    """Key presses sent to whichever widget has the focus, counted."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def focused(self) -> QWidget:
        # as the window system does: to the focused widget, else to the active window
        widget = QApplication.focusWidget() or QApplication.activeWindow()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              ) -> None:
        self.count += 1
        self.qtbot.keyClick(self.focused(), key, modifier)

    def type(self, text: str) -> None:
        self.count += len(text)
        self.qtbot.keyClicks(self.focused(), text)


def test_volunteer_journey_by_keys(qtbot, qapp, home: Path, tmp_path: Path):
    install_translator(qapp, "vi")
    person = invent_person(random.Random(12))
    card = tmp_path / "the-cccd.png"
    render_card(person, 4.0, random.Random(12)).save(card, dpi=(340, 340))
    scanner = EsclSimulator(SimulatorState(feeder_sheets=PAGES_PER_PAPER, page_delay=1.0))
    scanner.__enter__()
    settings = StationSettings(home)
    settings.set("scanner/device", "test:0")  # its glass holds no card: "no QR code"
    settings.set("scanner/dpi", 75)
    # guided mode scans with the feeder profile (the administrator's choice, in Settings)
    settings.set_profiles([ScanProfile("Feeder", "adf", "gray", 75, pages=PAGES_PER_PAPER,
                                       width_mm=0, height_mm=0, device=scanner.device)])
    settings.set("guided/profile", 0)
    workspace = Workspace(home)
    window = StationWindow(workspace, settings=settings, start_sender=False)
    show_active(qtbot, window)
    guided = window.guided
    keys = Keys(qtbot)

    def idle(timeout: int = 120_000) -> None:
        qtbot.waitUntil(lambda: guided.op is None, timeout=timeout)

    def on_screen(screen: QWidget) -> None:
        # the screen shows, and the work that led to it is done (its success and its end are
        # two queued signals: a key pressed between them was ignored, "one thing at a time")
        qtbot.waitUntil(lambda: guided.stack.currentWidget() is screen and guided.op is None,
                        timeout=60_000)
        assert window.stack.currentWidget() is guided  # never the counter screen

    try:
        # 1. the service, typed without accents
        keys.press(Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
        on_screen(guided.procedure_screen)
        assert keys.focused() is guided.procedure_screen.search
        assert guided.procedure_screen.title.text() == "Chọn dịch vụ"
        keys.type("ket hon")
        results = guided.procedure_screen.results
        assert results.count() >= 1 and results.item(0).text() == "Thủ tục đăng ký kết hôn"
        assert guided.procedure_screen.status.text() == f"Tìm thấy: {results.count()}"
        started = time.perf_counter()
        keys_at_start = keys.count
        keys.press(Qt.Key.Key_Return)

        # 2. the ID card: from the scanner first (the test scanner has no QR) …
        on_screen(guided.card_screen)
        assert window.session.dossier is not None
        assert window.session.dossier.procedure_code == "1.000894"
        assert guided.card_screen.title.text() == "Thẻ căn cước"
        assert keys.focused() is guided.read_card_button
        assert guided.read_card_button.text() == "Đọc thẻ"
        keys.press(Qt.Key.Key_Space)
        assert guided.busy.isVisible() and guided.cancel_button.isVisible()
        assert guided.cancel_button.text() == "Hủy"
        idle()
        assert "Không thấy mã QR" in guided.card_screen.status.text()

        # … then a picture of it, chosen in the Vietnamese file chooser by typing its path
        keys.press(Qt.Key.Key_Tab)
        assert keys.focused() is guided.card_file_button
        keys.press(Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QFileDialog))
        dialog = QApplication.activeModalWidget()
        assert dialog.windowTitle() == "Chọn ảnh của thẻ căn cước"
        labels = {label.text() for label in dialog.findChildren(QLabel) if label.isVisible()}
        assert {"Tìm trong:", "Tên tệp:", "Loại tệp:"} <= labels
        qtbot.waitUntil(lambda: keys.focused().window() is dialog)
        before_path = keys.count
        keys.type(str(card))
        path_keys = keys.count - before_path  # at a station the card comes from the scanner
        keys.press(Qt.Key.Key_Return)
        if dialog.isVisible():  # the first Enter took the path completer's suggestion
            keys.press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        qtbot.waitUntil(lambda: person.full_name in guided.card_screen.status.text())
        idle()
        shown = guided.card_screen.status.text()
        assert f"Họ và tên: {person.full_name}" in shown
        assert f"Ngày sinh: {person.date_of_birth:%d/%m/%Y}" in shown
        assert f"Số định danh: {person.id_number}" in shown
        assert window.session.dossier.applicant.full_name == person.full_name
        assert keys.focused() is guided.card_next
        keys.press(Qt.Key.Key_Return)

        # 3. the pages of each paper from the network scanner's feeder: one press takes every
        # page, with a page count and Cancel on screen; Esc stops it and keeps what came
        scanned: list[int] = []
        for paper in ("Tờ khai đăng ký kết hôn", "Giấy xác nhận tình trạng hôn nhân"):
            on_screen(guided.pages_screen)
            assert guided.pages_screen.title.text() == paper
            assert "khay nạp giấy" in guided.pages_screen.body.text()  # "put them all in"
            assert guided.pages_screen.status.text() == "Số trang đã quét của giấy tờ này: 0"
            count = 0
            if paper.startswith("Giấy"):  # stopped after its first page, then scanned again
                assert keys.focused() is guided.scan_button
                keys.press(Qt.Key.Key_Space)
                assert keys.focused() is guided.cancel_button
                qtbot.waitUntil(lambda: guided.progress.value() >= 1, timeout=60_000)
                assert guided.progress.text().startswith("Trang 1/")
                keys.press(Qt.Key.Key_Escape)
                idle()
                count = window.session.dossier.page_count(guided.current_code)
                assert 1 <= count < PAGES_PER_PAPER  # the feeder stopped early …
                assert guided.pages_screen.status.text() == (  # … and says what it kept
                    "Đã dừng. Không mất gì: các trang đã quét vẫn được giữ. "
                    f"Số trang đã quét của giấy tờ này: {count}")
            assert keys.focused() is guided.scan_button
            keys.press(Qt.Key.Key_Space)
            assert guided.busy.isVisible() and guided.progress.isVisible()
            assert guided.progress.text() == "Đang quét các trang trong khay nạp giấy…"
            assert keys.focused() is guided.cancel_button  # Space now would stop the scan
            assert not guided.pages_screen.button_row.isVisible()
            counts_seen: set[str] = set()

            said: set[str] = set()

            def fed(seen: set[str] = counts_seen, status: set[str] = said) -> bool:
                if guided.progress.isVisible():  # the counts while the feeder runs
                    seen.add(guided.progress.text())
                    status.add(guided.pages_screen.status.text())
                return guided.op is None

            qtbot.waitUntil(fed, timeout=120_000)
            assert {"Trang 1/3", "Trang 2/3"} & counts_seen, counts_seen
            assert f"Số trang đã quét của giấy tờ này: {count + 1}" in said, said
            count += PAGES_PER_PAPER  # one press: every sheet in the feeder
            scanned.append(count)
            assert guided.pages_screen.status.text() == \
                f"Số trang đã quét của giấy tờ này: {count}"
            keys.press(Qt.Key.Key_Tab)  # → Chọn tệp
            keys.press(Qt.Key.Key_Tab)  # → Tiếp theo
            assert keys.focused() is guided.pages_next
            keys.press(Qt.Key.Key_Space)
        # the optional "other papers" screen: nothing to scan, go on
        while guided.stack.currentWidget() is guided.pages_screen:
            keys.press(Qt.Key.Key_Tab)
            keys.press(Qt.Key.Key_Tab)
            keys.press(Qt.Key.Key_Space)

        # 4. the check screen: every page as a thumbnail, in order
        on_screen(guided.check_screen)
        idle()
        total = sum(scanned)
        assert guided.check_screen.status.text() == f"Tổng cộng {total} trang."
        assert guided.thumbs.rowCount() == total
        qtbot.waitUntil(lambda: all(
            guided.thumbs.index(row).data(Qt.ItemDataRole.DecorationRole) is not None
            for row in range(total)), timeout=60_000)
        captions = [guided.thumbs.index(row).data() for row in range(total)]
        assert captions == [f"Tờ khai đăng ký kết hôn · {i}" for i in range(1, scanned[0] + 1)] + [
            f"Giấy xác nhận tình trạng hôn nhân · {i}" for i in range(1, scanned[1] + 1)]
        assert guided.check_screen.thumbnails.isVisible()
        assert keys.focused() is guided.check_next
        keys.press(Qt.Key.Key_Space)

        # 5. done: built (no credential: not signed) and queued; then the next person
        on_screen(guided.done_screen)
        assert guided.done_screen.title.text() == "Hoàn tất"
        assert keys.focused() is guided.finish_button
        keys.press(Qt.Key.Key_Space)
        assert guided.busy.isVisible()
        idle(240_000)
        seconds = time.perf_counter() - started
        strokes = keys.count - keys_at_start
        dossier_id = window.session.dossier.id
        assert guided.done_screen.title.text() == "Đã xong"
        assert guided.done_screen.status.text() == f"Hồ sơ {dossier_id} của {person.full_name}"
        with Outbox(home) as outbox:
            items = outbox.items()
        assert len(items) == 1 and items[0].state == "queued"
        assert window.session.locked
        print(f"\nguided journey, new dossier → queued (2 papers, {total} pages): "
              f"{strokes} key presses ({path_keys} of them typing the card's file path), "
              f"{seconds:.1f} s")
        assert keys.focused() is guided.next_person_button
        keys.press(Qt.Key.Key_Space)
        on_screen(guided.procedure_screen)
        assert window.session.dossier is None
        assert guided.procedure_screen.search.text() == ""
        assert keys.focused() is guided.procedure_screen.search
    finally:
        window.close()
        workspace.close()
        scanner.__exit__(None, None, None)
        install_translator(qapp, "en")
