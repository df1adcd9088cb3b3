"""Screenshots of every screen, under Xvfb (`make screenshots` → docs/screenshots/).

A temporary SCANSTATION_HOME, the reference portal on 127.0.0.1 for the status bar, a generated
ID card, generated pages, and a PKCS#12 file made on the fly for signing. The counter is driven
through its real steps (procedure → card → pages → OCR → review → build, sign, queue); then the
archive mode, the settings dialog, and the counter in English; then every step of the guided
mode on a 1366×768 screen, at normal and large text (``screenshots.py guided``: those alone).
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
    from scanstation.outbox.queue import Outbox
    from scanstation.pdf.sign import Pkcs12Credential
    from scanstation.ui.settings import StationSettings
    from scanstation.ui.station_window import SettingsDialog, StationWindow
    from scanstation.workspace import Workspace

    card, pages, p12, password = make_inputs(tmp)
    settings = StationSettings(home)
    settings.set("portal/url", portal_url)
    settings.set("scanner/device", "test:0")
    settings.set("signing/kind", "pkcs12")
    settings.set("signing/pkcs12", str(p12))
    settings.set("station/id", "UBND phường Bến Nghé")
    workspace = Workspace(home)
    window = StationWindow(workspace, settings=settings)
    from PySide6.QtCore import QRect

    from scanstation.ui.station_window import initial_size

    window.resize(initial_size(QRect(0, 0, 1366, 768)))  # a counter's common screen
    counter = window.counter
    counter.setProperty("no_open", True)
    window.show()

    # 1. procedure chosen by type-ahead
    counter.procedure_edit.setText("chứng thực bản sao")
    settle(300)
    wait_for(counter.start_dossier("2.000815"))
    counter.procedure_edit.setText("chứng thực")
    save(window, "counter-1-procedure.png")

    # 2. prefill panel from a generated ID card
    wait_for(counter.read_card(card))
    save(window, "counter-2-prefill.png")

    # 3. captured pages with thumbnails (OCR starts in the background)
    wait_for(counter.add_files(pages[:1], code="ban-chinh"))
    wait_for(counter.add_files(pages[1:], code="ban-sao"))
    counter.pages_view.setCurrentIndex(counter.pages.index(0))
    until(lambda: all(counter.pages.index(r).data(1) is not None
                      for r in range(counter.pages.rowCount())), 30_000)
    save(window, "counter-3-pages.png")

    # 4. review: the page and its text side by side, low-confidence words marked
    ids = window.session.all_page_ids()
    until(lambda: set(ids) <= set(window.session.ocr))
    counter.show_review()
    counter.pages_view.setCurrentIndex(counter.pages.index(0))
    counter._show_page(counter.pages.index(0))
    save(window, "counter-4-review.png")

    # 5. build + sign (PKCS#12) + queue; the status bar counts the outbox and the portal
    counter.credential_factory = lambda: Pkcs12Credential(p12)
    counter.pin_prompt = lambda: password
    wait_for(counter.build_and_sign())
    item_id = wait_for(counter.queue())

    def sent() -> bool:
        with Outbox(home) as outbox:
            item = outbox.get(item_id)
        return item is not None and item.state == "sent"

    until(sent, 60_000)
    window.refresh_status()
    until(lambda: window.counts.get("sent") == 1, 10_000)
    counter.right_tabs.setCurrentIndex(0)
    save(window, "counter-5-queued.png")

    # archive mode, the settings dialog (guided mode: guided_screens, on its own dossiers)
    window.set_mode(2)
    until(lambda: window.archive.model.rowCount() > 0, 10_000)
    save(window, "archive.png")
    window.set_mode(0)
    dialog = SettingsDialog(settings, window)
    dialog.show()
    save(dialog, "settings.png")
    dialog.close()
    window.apply_large_text(True)
    save(window, "counter-large-text.png")
    window.apply_large_text(False)
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

    from scanstation.ui.settings import StationSettings
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
    settle(500)
    save(window, f"guided-3-scanning{suffix}.png")
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
