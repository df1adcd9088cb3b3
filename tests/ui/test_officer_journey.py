"""The counter officer's day, by key events only (pytest-qt ``keyClick`` on the focused widget,
dialogs answered by typing into them): real SANE ``test`` feeder, an eSCL scanner (the simulator
on 127.0.0.1) holding the applicant's ID card on its glass, a SoftHSM2 token, the reference
portal. At each step the test asserts what the officer sees on screen.

new dossier → procedure typed without diacritics ("ket hon") → ID card read from the scanner →
pages from SANE's test feeder into the first component document, from the eSCL scanner's
duplex feeder into the second → reorder and move pages between the documents → review → build,
with a wrong PIN first (the token is never sent the wrong PIN twice) → queue (the dossier locks)
→ the intake receipt with the portal down → the portal up → the receipt with the portal's number
→ next applicant. The built PDFs hold the pages in the order shown.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "capture"))

from escl_simulator import EsclSimulator, SimulatorState
from ui_helpers import show_active

from scanstation.outbox.queue import Outbox
from scanstation.testing.portal import ReferencePortal
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


def _page_looks(workspace: Workspace, page_ids: list[str]) -> list[Any]:
    """Each page as shown (its render), small and grey, for comparing with a PDF page."""
    from PIL import Image

    return [_small(Image.open(workspace.render_path(workspace.page(pid))))
            for pid in page_ids]


def _pdf_looks(pdf: Path) -> list[Any]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [_small(doc[i].render(scale=0.5).to_pil()) for i in range(len(doc))]
    finally:
        doc.close()


def _small(image: Any) -> Any:
    import numpy as np

    return np.asarray(image.convert("L").resize((160, 226)), dtype=np.float32)


def _distance(a: Any, b: Any) -> float:
    return float(abs(a - b).mean())


def test_officer_journey_by_keys(qtbot, tmp_path: Path, home: Path, token,
                                 monkeypatch: pytest.MonkeyPatch):
    from PySide6.QtCore import Qt

    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    monkeypatch.setenv("SCANSTATION_AGENCY_CODE", "000.00.53.H48")
    person, card_png = _card_png(21)

    with EsclSimulator(SimulatorState(images=[card_png])) as card_scanner, \
            EsclSimulator(SimulatorState(feeder_sheets=2)) as network_scanner:
        # the administrator's set-up: scanners, profiles, the signing token (not the officer's
        # keys, so not typed here)
        settings = StationSettings(home)
        settings.set("scanner/device", "test:0")
        settings.set_profiles([
            ScanProfile("Feeder, 2 pages", "adf", "gray", 150, pages=2, width_mm=0, height_mm=0),
            ScanProfile("Network scanner, both sides", "duplex", "gray", 150, pages=0,
                        width_mm=0, height_mm=0, device=network_scanner.device),
            ScanProfile("ID card on the glass", "flatbed", "color", 300, pages=1, width_mm=0,
                        height_mm=0, device=card_scanner.device, card=True),
        ])
        settings.set("signing/kind", "pkcs11")
        settings.set("signing/module", str(token.module))
        settings.set("signing/token_label", token.label)
        settings.set("signing/key_label", token.key_label)
        workspace = Workspace(home)
        window = StationWindow(workspace, settings=settings, start_sender=False)
        show_active(qtbot, window)
        counter = window.counter
        counter.setProperty("no_open", True)  # no PDF viewer to open under test
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
        names = [counter.checklist.row_object(r).name for r in range(counter.checklist.rowCount())]
        assert len(names) >= 2 and counter.checklist_view.hasFocus()

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

        # 3. pages: SANE's test feeder into the first document; the network scanner's duplex
        # feeder (2 sheets, both sides) into the second, its profile chosen by key
        officer.press(Qt.Key.Key_3, ctrl)  # to the checklist
        assert counter.checklist_view.hasFocus()
        officer.press(Qt.Key.Key_F5)
        assert counter.progress.isVisible() and counter.cancel_button.isVisible()
        officer.wait_idle()
        assert counter.pages.rowCount() == 2
        officer.press(Qt.Key.Key_Tab)  # Tab leaves the checklist, never changes the document
        assert not counter.checklist_view.hasFocus()
        officer.press(Qt.Key.Key_3, ctrl)
        officer.press(Qt.Key.Key_Down)
        second = counter.current_component()
        assert second == "xac-nhan-hon-nhan"
        officer.press(Qt.Key.Key_F6)  # the next scan profile: the network scanner, duplex
        assert counter.profile_combo.currentText() == "Network scanner, both sides"
        assert "Network scanner, both sides" in window.statusBar().currentMessage()
        officer.press(Qt.Key.Key_F5)
        assert counter.progress.isVisible() and counter.cancel_button.isVisible()
        officer.wait_idle()
        assert counter.pages.rowCount() == 6  # 2 sheets × 2 sides
        duplex_posts = [path for method, path in network_scanner.state.requests
                        if method == "POST"]
        assert len(duplex_posts) == 1
        job = next(iter(network_scanner.state.jobs.values()))
        assert job.settings.get("Duplex") == "true" and job.served == 4
        scanned = [counter.pages.page(r).id for r in range(6)]
        feeder, duplex = scanned[:2], scanned[2:]
        # each thumbnail names its document and its place there, in the dossier's order
        assert [counter.pages.index(r).data() for r in range(6)] == \
            [f"{names[0]} · {i}" for i in (1, 2)] + [f"{names[1]} · {i}" for i in (1, 2, 3, 4)]

        # 4. reorder and move between documents, by keys, in the thumbnails
        officer.press(Qt.Key.Key_4, ctrl)
        assert counter.pages_view.hasFocus()
        officer.press(Qt.Key.Key_End)  # the last page: the back of the second sheet
        for _ in range(4):  # up through its document, then past its top into the first one
            officer.press(Qt.Key.Key_Up, ctrl)
            officer.wait_idle()
        assert counter.page_codes[duplex[3]] == "to-khai"
        officer.press(Qt.Key.Key_Down)  # the first duplex page: one place later
        officer.press(Qt.Key.Key_Down, ctrl)
        officer.wait_idle()
        officer.press(Qt.Key.Key_Home)  # the first feeder page, to the document selected in
        officer.press(Qt.Key.Key_M, ctrl)  # the checklist (the second): at its end
        officer.wait_idle()
        expected = [feeder[1], duplex[3], duplex[1], duplex[0], duplex[2], feeder[0]]
        assert [counter.pages.page(r).id for r in range(6)] == expected
        assert [counter.page_codes[pid] for pid in expected] == ["to-khai"] * 2 + [second] * 4
        assert [counter.pages.index(r).data() for r in range(6)] == \
            [f"{names[0]} · {i}" for i in (1, 2)] + [f"{names[1]} · {i}" for i in (1, 2, 3, 4)]
        assert counter.pages.page(counter.pages_view.currentIndex().row()).id == feeder[0]

        # 5. review: the page beside its text
        officer.press(Qt.Key.Key_5, ctrl)
        qtbot.waitUntil(lambda: bool(window.session.ocr), timeout=300_000)
        assert counter.right_tabs.currentIndex() == 1
        assert counter.text_view.hasFocus()

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
        assert len(officer.dialogs) == 3 and officer.dialogs[2].startswith(officer.dialogs[0])
        assert "PIN" in officer.dialogs[1]
        # the second prompt says how close the token is to locking (SoftHSM2 sets COUNT_LOW)
        assert "few tries are left" in officer.dialogs[2]
        result = window.session.last_build
        assert result is not None, (officer.dialogs, counter.result_label.text())
        assert "Built and signed" in counter.result_label.text()
        assert all(d.get("signature") for d in result.manifest["documents"])
        folder = Path(result.folder)
        by_code = {d["code"]: d for d in result.manifest["documents"]}
        assert [p["page_id"] for p in by_code["to-khai"]["pages"]] == expected[:2]
        assert [p["page_id"] for p in by_code[second]["pages"]] == expected[2:]
        # the PDFs hold the pages in the order on screen: each PDF page looks most like the
        # page shown at its place (the two feeder pages are alike; the duplex ones are not)
        renders = _page_looks(workspace, expected)
        pdf_pages = [*_pdf_looks(folder / by_code["to-khai"]["file"]),
                     *_pdf_looks(folder / by_code[second]["file"])]
        assert len(pdf_pages) == 6
        for place, look in enumerate(pdf_pages):
            distances = [_distance(look, render) for render in renders]
            assert distances[place] <= min(distances) + 0.05, (place, distances)

        # 7. queue: the dossier locks; the next applicant gets a clean screen
        officer.press(Qt.Key.Key_U, ctrl)
        officer.wait_idle()
        assert window.session.locked
        assert "khóa" in counter.result_label.text() or "locked" in counter.result_label.text()
        assert not counter.scan_action.isEnabled() and not counter.remove_action.isEnabled()
        elapsed = time.perf_counter() - started
        keys_to_queue = officer.keys

        # 8. the intake receipt for the citizen at once, with no portal reachable
        officer.press(Qt.Key.Key_P, ctrl)
        officer.wait_idle()
        receipt = home / "receipts" / f"{dossier.id}-tiep-nhan.pdf"
        assert receipt.name in counter.result_label.text()  # "Receipt ready: …"
        text = " ".join(_pdf_texts(receipt))
        assert "TIẾP NHẬN" in text.upper() and dossier.id in text
        assert person.full_name in text and "kết hôn" in text
        assert names[0] in text and names[1] in text  # the documents received …
        assert "2 trang" in text and "4 trang" in text and "6 trang" in text  # … and pages
        # 9. the portal comes back: the background sender delivers; the receipt adds its number
        with ReferencePortal() as portal:
            env = {**os.environ, "SCANSTATION_HOME": str(home)}
            env.pop("SCANSTATION_PORTAL_URL", None)
            sent = subprocess.run([str(Path(sys.executable).with_name("scanstation")), "outbox",
                                   "run", "--portal-url", portal.url, "--until-empty"],
                                  env=env, capture_output=True, text=True, timeout=300)
            assert sent.returncode == 0, sent.stderr
        officer.press(Qt.Key.Key_P, ctrl)
        officer.wait_idle()
        with Outbox(home) as outbox:
            item = outbox.get(window.session.outbox_item)
        assert item is not None and item.state == "sent" and item.receipt_id
        assert receipt.name in counter.result_label.text()
        portal_text = " ".join(_pdf_texts(receipt))
        assert item.receipt_id in portal_text and dossier.id in portal_text

        officer.press(Qt.Key.Key_N, ctrl | shift)
        assert window.session.dossier is None
        assert counter.pages.rowCount() == 0
        assert counter.procedure_edit.hasFocus()
        print(f"\nofficer journey: {keys_to_queue} keystrokes, {elapsed:.0f} s from new dossier "
              f"to queued (6 pages, 2 documents)")
        window.close()
        workspace.close()
