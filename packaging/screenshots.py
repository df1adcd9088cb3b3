"""Screenshots of every screen, under Xvfb (`make screenshots` → docs/screenshots/).

A temporary SCANSTATION_HOME, the reference portal on 127.0.0.1 for the status bar, a generated
ID card, generated pages, and a PKCS#12 file made on the fly for signing. The counter is driven
through its real steps (procedure → card → pages → OCR → review → PIN → build, sign → queue →
receipt) on a 1366×768 screen at normal and large text; then the archive mode, the settings
dialog, and the counter in English; then every step of the guided mode, at normal and large
text (``screenshots.py guided``: those alone; ``screenshots.py counter``: the counter alone).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from scanstation.ui.workers import wait_for

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT / "tests" / "dossier"))  # the test PKI: a throwaway CA and officer



def settle(ms: int = 600) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(predicate: Any, timeout_ms: int = 120_000) -> None:
    waited = 0
    while not predicate() and waited < timeout_ms:
        settle(100)
        waited += 100


def save(widget: Any, name: str) -> None:
    settle(400)
    path = OUT / name
    widget.grab().save(str(path))
    print(path)


def workspace_window(home: Path) -> None:
    from scanstation.ui.main_window import MainWindow
    from scanstation.workspace import Workspace

    workspace = Workspace(home / "ws")
    window = MainWindow(workspace)
    window.resize(1280, 820)
    window.show()
    wait_for(window.import_paths(sorted((ROOT / "resources" / "samples").glob("*.jpg"))))
    window.pages_view.setCurrentIndex(window.model.index(0))
    settle(2500)  # let the thumbnails arrive
    save(window, "workspace.png")
    window.close()
    workspace.close()


def make_inputs(tmp: Path) -> tuple[Path, list[Path], Path, str]:
    from dossier_pki import issue, make_ca, write_pkcs12

    from scanstation.testing import pages as synthetic
    from scanstation.testing.cards import invent_person, render_card

    card = tmp / "cccd.png"
    if card.exists():  # made once per run
        return card, sorted(tmp.glob("giay-to-*.png")), tmp / "can-bo.p12", "123456"
    render_card(invent_person(random.Random(9)), 4.0, random.Random(9)).save(card, dpi=(340, 340))
    pages = []
    for i, kind in enumerate(("form", "letter", "table")):
        path = tmp / f"giay-to-{i + 1}.png"
        synthetic.render_page(kind, seed=40 + i, dpi=150).image.save(path, dpi=(150, 150))
        pages.append(path)
    ca = make_ca()
    password = "123456"
    p12 = write_pkcs12(tmp / "can-bo.p12", issue(ca, "Nguyễn Thị Cán Bộ"), ca, password)
    return card, pages, p12, password


def station_screens(home: Path, tmp: Path, portal_url: str) -> str:
    """The counter's journey at normal text (in ``home``: the English screen resumes its
    dossier), then again at large text; the archive and the settings dialog."""
    inputs = make_inputs(tmp)
    dossier_id = counter_run(home, inputs, portal_url, large=False, extras=True)
    large_home = home.with_name(home.name + "-large")
    large_home.mkdir()
    os.environ["SCANSTATION_HOME"] = str(large_home)
    counter_run(large_home, inputs, portal_url, large=True)
    os.environ["SCANSTATION_HOME"] = str(home)
    return dossier_id


def answer_dialog(name: str, text: str) -> None:
    """When the next modal dialog shows: its screenshot, then ``text`` typed and accepted."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(100, act)
            return
        settle(300)
        save(dialog, name)
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue(text)
        dialog.accept()  # type: ignore[attr-defined]

    QTimer.singleShot(100, act)


def receipt_png(pdf: Path, name: str) -> None:
    """The receipt the citizen takes home, as the printer gets it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        doc[0].render(scale=1.4).to_pil().save(OUT / name)
    finally:
        doc.close()
    print(OUT / name)


def counter_run(home: Path, inputs: tuple[Path, list[Path], Path, str], portal_url: str,
                large: bool, extras: bool = False) -> str:
    from PySide6.QtCore import QRect

    from scanstation.outbox.queue import Outbox
    from scanstation.ui.settings import StationSettings
    from scanstation.ui.station_window import SettingsDialog, StationWindow, initial_size
    from scanstation.workspace import Workspace

    card, pages, p12, password = inputs
    suffix = "-large" if large else ""
    settings = StationSettings(home)
    settings.set("portal/url", portal_url)
    settings.set("scanner/device", "test:0")
    settings.set("signing/kind", "pkcs12")
    settings.set("signing/pkcs12", str(p12))
    settings.set("station/id", "UBND phường Bến Nghé")
    settings.set("station/officer", "Nguyễn Thị Cán Bộ")
    settings.set("ui/large_text", large)
    workspace = Workspace(home)
    window = StationWindow(workspace, settings=settings)
    window.resize(initial_size(QRect(0, 0, 1366, 768)))  # a counter's common screen
    counter = window.counter
    counter.setProperty("no_open", True)
    window.show()

    # 1. procedure chosen by type-ahead, without diacritics
    counter.procedure_edit.setText("ket hon")
    settle(300)
    save(window, f"counter-1-procedure{suffix}.png")
    wait_for(counter.start_dossier("1.000894"))

    # 2. prefill panel from a generated ID card
    wait_for(counter.read_card(card))
    save(window, f"counter-2-prefill{suffix}.png")

    # 3. captured pages with thumbnails, grouped by document (OCR starts in the background)
    wait_for(counter.add_files(pages[:2], code="to-khai"))
    wait_for(counter.add_files(pages[2:], code="xac-nhan-hon-nhan"))
    counter.pages_view.setCurrentIndex(counter.pages.index(0))
    counter.pages_view.setFocus()
    until(lambda: all(counter.pages.index(r).data(1) is not None
                      for r in range(counter.pages.rowCount())), 30_000)
    save(window, f"counter-3-pages{suffix}.png")

    # 4. review: the page and its text side by side, low-confidence words marked
    ids = window.session.all_page_ids()
    until(lambda: set(ids) <= set(window.session.ocr))
    counter.show_review()
    counter.pages_view.setCurrentIndex(counter.pages.index(0))
    counter._show_page(counter.pages.index(0))
    save(window, f"counter-4-review{suffix}.png")

    # 5. build + sign: the PIN dialog (the real one), then queue; the status bar counts the
    # outbox and the portal
    answer_dialog(f"counter-5-pin{suffix}.png", password)
    wait_for(counter.build_and_sign())
    save(window, f"counter-5-built{suffix}.png")
    item_id = wait_for(counter.queue())

    def sent() -> bool:
        with Outbox(home) as outbox:
            item = outbox.get(item_id)
        return item is not None and item.state == "sent"

    until(sent, 60_000)
    window.refresh_status()
    until(lambda: window.counts.get("sent") == 1, 10_000)
    counter.right_tabs.setCurrentIndex(0)
    save(window, f"counter-6-queued{suffix}.png")

    # 7. the intake receipt (with the portal's number: the portal has answered)
    wait_for(counter.print_receipt())
    save(window, f"counter-7-receipt{suffix}.png")
    if not large:
        receipt_png(counter.last_receipt, "counter-7-receipt-pdf.png")

    if extras:  # archive mode, the settings dialog (guided mode: guided_screens)
        window.set_mode(2)
        until(lambda: window.archive.model.rowCount() > 0, 10_000)
        save(window, "archive.png")
        window.set_mode(0)
        dialog = SettingsDialog(settings, window)
        dialog.show()
        save(dialog, "settings.png")
        dialog.close()
    dossier_id = window.session.dossier.id  # type: ignore[union-attr]
    window.close()
    workspace.close()
    return dossier_id


def guided_screens(tmp: Path, portal_url: str = "") -> None:
    """Every guided step, as a volunteer meets it, in a window sized for a 1366×768 screen:
    the service typed without accents, the card (from the scanner: no QR on the test scanner;
    then a picture of it), a paper scanned (progress and Cancel on screen), the check screen's
    thumbnails, done; plus the Vietnamese file chooser. Normal text, then large text."""
    from scanstation.testing import pages as synthetic

    card, _pages, _p12, _password = make_inputs(tmp)
    paper = []
    for i, kind in enumerate(("form", "letter")):
        path = tmp / f"to-khai-{i + 1}.png"
        synthetic.render_page(kind, seed=70 + i, dpi=150).image.save(path, dpi=(150, 150))
        paper.append(path)
    for large in (False, True):
        guided_run(tmp, large, card, paper, portal_url)


def guided_run(tmp: Path, large: bool, card: Path, paper: list[Path], portal_url: str) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from scanstation.ui.settings import ScanProfile, StationSettings
    from scanstation.ui.station_window import StationWindow, initial_size
    from scanstation.workspace import Workspace

    suffix = "-large" if large else ""
    home = tmp / f"guided{suffix}"
    home.mkdir()
    os.environ["SCANSTATION_HOME"] = str(home)
    settings = StationSettings(home)
    settings.set("scanner/device", "test:0")
    settings.set("scanner/dpi", 75)
    settings.set("portal/url", portal_url)
    settings.set("ui/large_text", large)
    # guided mode with the test scanner's feeder: every page of a paper in one press
    settings.set_profiles([ScanProfile("Khay nạp giấy", "adf", "gray", 75, pages=3,
                                       width_mm=0.0, height_mm=0.0)])
    settings.set("guided/profile", 0)
    workspace = Workspace(home)
    window = StationWindow(workspace, settings=settings)
    window.resize(initial_size(QRect(0, 0, 1366, 768)))
    window.show()
    window.set_mode(1)
    guided = window.guided

    def idle() -> None:
        until(lambda: guided.op is None)

    guided.procedure_screen.search.setText("ket hon")
    save(window, f"guided-1-service{suffix}.png")
    guided.start_selected()
    idle()
    guided.read_card_from_scanner()
    idle()
    save(window, f"guided-2-card-no-qr{suffix}.png")
    dialog_holder: list = []
    guided.choose_card_file()
    settle(300)
    dialog_holder.append(QApplication.activeModalWidget())
    if dialog_holder[0] is not None:
        save(dialog_holder[0], f"guided-2-file-chooser{suffix}.png")
        dialog_holder[0].reject()
    guided.read_card_file(card)
    idle()
    idle()
    save(window, f"guided-2-card{suffix}.png")
    guided.go(guided.step + 1)
    guided.scan_pages()
    until(lambda: guided.progress.value() >= 1 or guided.op is None, 60_000)
    save(window, f"guided-3-scanning{suffix}.png")  # "Trang 1/3", Cancel focused
    idle()
    guided.add_page_files(paper)
    idle()
    save(window, f"guided-3-paper{suffix}.png")
    guided.go(len(guided.steps()) - 2)
    idle()
    until(lambda: all(guided.thumbs.index(r).data(1) is not None
                      for r in range(guided.thumbs.rowCount())), 30_000)
    save(window, f"guided-4-check{suffix}.png")
    guided.go(len(guided.steps()) - 1)
    save(window, f"guided-5-finish{suffix}.png")
    guided.finish()
    idle()
    save(window, f"guided-6-done{suffix}.png")
    window.close()
    workspace.close()


def english_screen(home: Path, dossier_id: str) -> None:
    from PySide6.QtWidgets import QApplication

    from scanstation.ui.i18n import install_translator
    from scanstation.ui.settings import StationSettings
    from scanstation.ui.station_window import StationWindow
    from scanstation.workspace import Workspace

    install_translator(QApplication.instance(), "en")  # type: ignore[arg-type]
    workspace = Workspace(home)
    window = StationWindow(workspace, settings=StationSettings(home))
    window.resize(1360, 860)
    window.show()
    window.counter.resume_dossier(dossier_id)
    window.counter.pages_view.setCurrentIndex(window.counter.pages.index(0))
    settle(2500)
    save(window, "counter-en.png")
    window.close()
    workspace.close()
    install_translator(QApplication.instance())  # type: ignore[arg-type]


def main() -> int:
    from scanstation.testing.portal import ReferencePortal
    from scanstation.ui.app import make_application

    os.environ.setdefault("SCANSTATION_AGENCY_CODE", "000.00.53.H48")
    app = make_application(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if sys.argv[1:] == ["guided"]:
            guided_screens(tmp)
            app.quit()
            return 0
        if sys.argv[1:] == ["counter"]:
            home = tmp / "home"
            home.mkdir()
            os.environ["SCANSTATION_HOME"] = str(home)
            with ReferencePortal() as portal:
                station_screens(home, tmp, portal.url)
            app.quit()
            return 0
        home = tmp / "home"
        home.mkdir()
        os.environ["SCANSTATION_HOME"] = str(home)
        workspace_window(tmp)
        with ReferencePortal() as portal:
            dossier_id = station_screens(home, tmp, portal.url)
            english_screen(home, dossier_id)
            guided_screens(tmp, portal.url)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
