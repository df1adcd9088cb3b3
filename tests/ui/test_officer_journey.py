"""The counter officer's day, by key events only (pytest-qt ``keyClick`` on the focused widget,
dialogs answered by typing into them): real SANE ``test`` feeder, an eSCL scanner (the simulator
on 127.0.0.1) holding the applicant's ID card on its glass, a SoftHSM2 token, the reference
portal. At each step the test asserts what the officer sees on screen.

new dossier → procedure typed without diacritics ("ket hon") → ID card read from the scanner →
pages from the feeder into two component documents → reorder and move a page between the
documents → review → build, with a wrong PIN first (the token is never sent the wrong PIN twice)
→ queue (the dossier locks) → next applicant. The built PDFs hold the pages in the order shown.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "capture"))

from escl_simulator import EsclSimulator, SimulatorState

from scanstation.ui.settings import ScanProfile, StationSettings
from scanstation.ui.station_window import StationWindow
from scanstation.workspace import Workspace


class Officer:
    """Presses keys on whatever has the focus, and answers the next dialog by typing into it,
    recording what each dialog said."""

    def __init__(self, qtbot: Any, window: Any) -> None:
        self.qtbot, self.window = qtbot, window
        self.keys = 0
        self.dialogs: list[str] = []

    def focus(self) -> Any:
        """The focused widget of the station window, once it is the active window again (a
        closed dialog hands activation back asynchronously, as a window manager would)."""
        from PySide6.QtWidgets import QApplication

        if not self.window.isActiveWindow():
            self.window.activateWindow()
            self.qtbot.waitUntil(self.window.isActiveWindow, timeout=10_000)
        return QApplication.focusWidget() or self.window

    def press(self, key: Any, modifier: Any = None) -> None:
        from PySide6.QtCore import Qt

        self.keys += 1
        self.qtbot.keyClick(self.focus(), key, modifier or Qt.KeyboardModifier.NoModifier)

    def type(self, text: str) -> None:
        self.keys += len(text)
        self.qtbot.keyClicks(self.focus(), text)

    def answer_next_dialog(self, text: str | None) -> None:
        """When the next modal dialog opens: type ``text`` and Enter, or Esc for None."""
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

        def act() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(20, act)
                return
            if isinstance(dialog, QInputDialog):
                self.dialogs.append(dialog.labelText())
            elif isinstance(dialog, QMessageBox):
                self.dialogs.append(dialog.text())
            target = dialog.focusWidget() or dialog
            if text is None:
                self.keys += 1
                self.qtbot.keyClick(target, Qt.Key.Key_Escape)
                return
            if text:
                self.keys += len(text)
                self.qtbot.keyClicks(target, text)
            self.keys += 1
            self.qtbot.keyClick(target, Qt.Key.Key_Return)

        QTimer.singleShot(0, act)

    def wait_idle(self, timeout: int = 300_000) -> None:
        counter = self.window.counter
        self.qtbot.waitUntil(lambda: not counter.busy(), timeout=timeout)


def _card_png(person_seed: int) -> tuple[Any, bytes]:
    from scanstation.testing.cards import invent_person, place_on_a4, render_card

    person = invent_person(random.Random(person_seed))
    card = render_card(person, 4.0, random.Random(person_seed))
    try:
        page = place_on_a4(card, random.Random(person_seed))
    except TypeError:
        page = card
    out = io.BytesIO()
    page.save(out, format="PNG")
    return person, out.getvalue()


def _pdf_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_officer_journey_by_keys(qtbot, tmp_path: Path, home: Path, token,
                                 monkeypatch: pytest.MonkeyPatch):
    from PySide6.QtCore import Qt

    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    monkeypatch.setenv("SCANSTATION_AGENCY_CODE", "000.00.53.H48")
    person, card_png = _card_png(21)

    with EsclSimulator(SimulatorState(images=[card_png])) as card_scanner:
        # the administrator's set-up: scanners, profiles, the signing token (not the officer's
        # keys, so not typed here)
        settings = StationSettings(home)
        settings.set("scanner/device", "test:0")
        settings.set_profiles([
            ScanProfile("Feeder, 3 pages", "adf", "gray", 150, pages=3, width_mm=0, height_mm=0),
            ScanProfile("ID card on the glass", "flatbed", "color", 300, pages=1, width_mm=0,
                        height_mm=0, device=card_scanner.device, card=True),
        ])
        settings.set("signing/kind", "pkcs11")
        settings.set("signing/module", str(token.module))
        settings.set("signing/token_label", token.label)
        settings.set("signing/key_label", token.key_label)
        workspace = Workspace(home)
        window = StationWindow(workspace, settings=settings, start_sender=False)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=10_000)
        counter = window.counter
        officer = Officer(qtbot, window)
        started = time.perf_counter()
        counter.procedure_edit.setFocus()

        # 1. new dossier; the procedure typed without diacritics
        officer.press(Qt.Key.Key_N, ctrl)
        assert counter.procedure_edit.hasFocus()
        officer.type("ket hon")
        shown = [counter.procedure_filter.index(r, 1).data()
                 for r in range(counter.procedure_filter.rowCount())]
        assert shown and "kết hôn" in shown[0]
        with qtbot.waitSignal(counter.dossier_changed, timeout=30_000):
            officer.press(Qt.Key.Key_Return)
        dossier = window.session.dossier
        assert dossier is not None and dossier.procedure_code == "1.000894"
        assert "kết hôn" in counter.dossier_label.text()

        # 2. the ID card from the scanner's glass → the panel shows it at once
        officer.press(Qt.Key.Key_I, ctrl | shift)
        officer.wait_idle()
        values = {counter.prefill.index(r, 0).data(): counter.prefill.index(r, 1).data()
                  for r in range(counter.prefill.rowCount())}
        assert person.full_name in values.values()
        assert person.id_number in values.values()
        dob = person.date_of_birth if isinstance(person.date_of_birth, str) else \
            person.date_of_birth.isoformat()
        y, m, d = dob.split("-")
        assert f"{d}/{m}/{y}" in values.values()  # dates as the officer writes them
        assert "ID card read" in window.statusBar().currentMessage() or \
            "Đã đọc" in window.statusBar().currentMessage()

        # 3. pages: the feeder into the first document, then the next document
        officer.press(Qt.Key.Key_3, ctrl)  # to the checklist
        assert counter.checklist_view.hasFocus()
        officer.press(Qt.Key.Key_F5)
        officer.wait_idle()
        assert counter.pages.rowCount() == 3
        officer.press(Qt.Key.Key_Tab)  # Tab leaves the checklist, never changes the document
        assert not counter.checklist_view.hasFocus()
        officer.press(Qt.Key.Key_3, ctrl)
        officer.press(Qt.Key.Key_Down)
        second = counter.current_component()
        assert second == "xac-nhan-hon-nhan"
        officer.press(Qt.Key.Key_F5)
        officer.wait_idle()
        assert counter.pages.rowCount() == 6
        labels = [counter.pages.index(r).data() for r in range(6)]
        assert all("· " in label for label in labels)  # each thumbnail names its document

        # 4. reorder and move between documents, by keys, in the thumbnails
        officer.press(Qt.Key.Key_4, ctrl)
        assert counter.pages_view.hasFocus()
        before = [counter.pages.page(r).id for r in range(6)]
        officer.press(Qt.Key.Key_End)  # the last page (second document's third)
        officer.press(Qt.Key.Key_Up, ctrl)
        officer.wait_idle()
        officer.press(Qt.Key.Key_Up, ctrl)
        officer.wait_idle()  # now first page of the second document
        officer.press(Qt.Key.Key_Up, ctrl)
        officer.wait_idle()  # past the top of its document: last page of the first one
        after = [counter.pages.page(r).id for r in range(6)]
        moved = before[5]
        assert after == [*before[:3], moved, *before[3:5]]
        assert counter.page_codes[moved] == "to-khai"
        assert counter.pages.page(counter.pages_view.currentIndex().row()).id == moved

        # 5. review: the page beside its text
        officer.press(Qt.Key.Key_5, ctrl)
        qtbot.waitUntil(lambda: bool(window.session.ocr), timeout=300_000)
        assert counter.right_tabs.currentIndex() == 1

        # 6. build: a wrong PIN first, then the right one; one prompt per attempt
        officer.answer_next_dialog("999999")  # the PIN prompt
        officer.answer_next_dialog("")  # the error box: Enter closes it
        officer.press(Qt.Key.Key_B, ctrl)
        officer.wait_idle()
        qtbot.waitUntil(lambda: len(officer.dialogs) >= 2, timeout=30_000)
        assert "PIN" in officer.dialogs[0]
        assert not window.session.pin.is_set  # forgotten: never replayed
        officer.answer_next_dialog(token.pin)
        officer.press(Qt.Key.Key_B, ctrl)
        officer.wait_idle()
        # prompt, the wrong-PIN message, the prompt again: one prompt per attempt, no replay
        assert len(officer.dialogs) == 3 and officer.dialogs[2] == officer.dialogs[0]
        assert "PIN" in officer.dialogs[1]
        result = window.session.last_build
        assert result is not None, (officer.dialogs, counter.result_label.text())
        assert all(d.get("signature") for d in result.manifest["documents"])
        folder = Path(result.folder)
        by_code = {d["code"]: d for d in result.manifest["documents"]}
        first_pdf = _pdf_texts(folder / by_code["to-khai"]["file"])
        second_pdf = _pdf_texts(folder / by_code[second]["file"])
        assert len(first_pdf) == 4 and len(second_pdf) == 2  # the moved page went with its move

        # 7. queue: the dossier locks; the next applicant gets a clean screen
        officer.press(Qt.Key.Key_U, ctrl)
        officer.wait_idle()
        assert window.session.locked
        assert "khóa" in counter.result_label.text() or "locked" in counter.result_label.text()
        assert not counter.scan_action.isEnabled() and not counter.remove_action.isEnabled()
        elapsed = time.perf_counter() - started
        keys_to_queue = officer.keys
        officer.press(Qt.Key.Key_N, ctrl | shift)
        assert window.session.dossier is None
        assert counter.pages.rowCount() == 0
        assert counter.procedure_edit.hasFocus()
        print(f"\nofficer journey: {keys_to_queue} keystrokes, {elapsed:.0f} s from new dossier "
              f"to queued (6 pages, 2 documents)")
        window.close()
        workspace.close()
