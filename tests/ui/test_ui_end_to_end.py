"""End to end through the station window (pytest-qt, offscreen), real parts throughout: SANE's
``test`` backend and image files → pages → prefill from a generated ID-card image → OCR in the
background → build → sign on a SoftHSM2 token → outbox to the reference portal on 127.0.0.1 →
receipt PDF; then the run's log is searched for the test person's data."""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dossier"))

from ui_helpers import wait_op

from scanstation.outbox.queue import Outbox
from scanstation.pdf.sign import Pkcs11Credential
from scanstation.testing.portal import ReferencePortal
from scanstation.ui.app import configure_app_logging
from scanstation.ui.settings import ScanProfile, StationSettings
from scanstation.ui.station_models import CODE_ROLE, WARNING_ROLE, warned_fields
from scanstation.ui.station_window import StationWindow
from scanstation.workspace import Workspace


def test_counter_flow_from_paper_to_receipt(qtbot, tmp_path: Path, home: Path, token,
                                           monkeypatch: pytest.MonkeyPatch):
    from PySide6.QtWidgets import QMessageBox

    from scanstation.testing import pages as synthetic
    from scanstation.testing.cards import invent_person, render_card

    monkeypatch.setenv("SCANSTATION_AGENCY_CODE", "000.00.53.H48")
    errors: list[str] = []  # a modal box would block the test: record what it would show
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: errors.append(args[2]))
    log_path = configure_app_logging(home)
    person = invent_person(random.Random(9))
    card = tmp_path / "card.png"
    render_card(person, 4.0, random.Random(9)).save(card, dpi=(340, 340))
    page_files = []
    for i in range(2):
        page = synthetic.render_page("sparse", seed=300 + i, dpi=150)
        path = tmp_path / f"giay-to-{i}.png"
        page.image.save(path, dpi=(150, 150))
        page_files.append(path)

    with ReferencePortal() as portal:
        settings = StationSettings(home)
        settings.set("portal/url", portal.url)
        settings.set("scanner/device", "test:0")
        settings.set("scanner/dpi", 75)
        # the counter scans with a profile: one grey page at 75 dpi keeps SANE's colour test
        # pattern (a page Tesseract reads slowly) out of the timing of this test
        settings.set_profiles([ScanProfile("Glass, grey 75 dpi", "flatbed", "gray", 75, pages=1,
                                           width_mm=0, height_mm=0)])
        workspace = Workspace(home)
        window = StationWindow(workspace, settings=settings)
        qtbot.addWidget(window)
        counter = window.counter
        counter.setProperty("no_open", True)
        window.show()

        # 1. new dossier, procedure by type-ahead
        counter.procedure_edit.setText("chứng thực bản sao")  # type-ahead over the names
        best = counter.procedure_filter.index(0, 0).data(CODE_ROLE)
        assert best == "2.000815"  # best match first (other certifications follow)
        counter.procedure_edit.clear()
        qtbot.keyClicks(counter.procedure_edit, "2.0008")  # … and over the codes, typed
        assert counter.procedure_filter.rowCount() == 1
        with qtbot.waitSignal(counter.dossier_changed, timeout=30_000):
            qtbot.keyClick(counter.procedure_edit, "\r")
        dossier = window.session.dossier
        assert dossier is not None and dossier.procedure_code == "2.000815"
        assert dossier.id.startswith("000.00.53.H48-")

        # 2. ID card → prefill panel
        wait_op(qtbot, counter.read_card(card))
        values = counter.prefill.values()
        assert values["full_name"] == person.full_name
        assert values["id_number"] == person.id_number
        qtbot.waitUntil(lambda: window.session.reload().applicant.id_number == person.id_number,
                        timeout=10_000)
        # the card itself is clean; only the old address may need the officer (a split ward)
        assert set(counter.card_warnings) <= {"address_ambiguous"}
        flagged = {counter.prefill.index(r, 1).data(CODE_ROLE)
                   for r in range(counter.prefill.rowCount())
                   if counter.prefill.index(r, 1).data(WARNING_ROLE)}
        assert flagged == set().union(*map(warned_fields, counter.card_warnings))
        assert counter.ward_button.isVisibleTo(window) == bool(counter.ward_candidates)

        # 3. capture: one page from SANE's test backend, two from files
        counter.checklist_view.setCurrentIndex(counter.checklist.index(0, 0))
        scanned = wait_op(qtbot, counter.scan_current(pages=1, code="ban-chinh"))
        assert len(scanned) == 1
        added = wait_op(qtbot, counter.add_files(page_files, code="ban-sao"))
        assert len(added) == 2
        assert counter.pages.rowCount() == 3
        check = window.session.checklist()
        assert check.complete and check.total_pages == 3

        # 4. OCR ran in the background; the review shows text with marked words
        qtbot.waitUntil(lambda: set(added) <= set(window.session.ocr), timeout=120_000)
        ocr = window.session.ocr[added[0]]
        assert ocr.words and ocr.text.strip()
        counter.show_review()
        counter.pages_view.setCurrentIndex(counter.pages.index(1))
        assert counter.text_view.toPlainText().strip()

        # 5. build and sign (PIN prompted once, kept in memory), 6. queue, 7. receipt
        counter.credential_factory = lambda: Pkcs11Credential(token.module, token.label,
                                                              token.key_label)
        prompts: list[int] = []
        counter.pin_prompt = lambda: prompts.append(1) or token.pin
        result = wait_op(qtbot, counter.build_and_sign(), timeout=240_000)
        assert not errors
        assert prompts == [1] and window.session.pin.is_set
        signed = result.manifest["documents"]
        assert len(signed) == 2 and all(d.get("signature") for d in signed)
        assert all(f.read_bytes().count(b"/ByteRange") >= 1 for f in result.files)
        item_id = wait_op(qtbot, counter.queue())

        def sent() -> bool:
            with Outbox(home) as outbox:
                item = outbox.get(item_id)
            return item is not None and item.state == "sent"

        qtbot.waitUntil(sent, timeout=60_000)
        assert portal.stored == 1
        receipt = wait_op(qtbot, counter.print_receipt())
        assert receipt is not None and receipt.read_bytes().startswith(b"%PDF")
        window.refresh_status()
        qtbot.waitUntil(lambda: window.counts.get("sent") == 1, timeout=10_000)
        assert window.portal_ok is True
        window.close()
        workspace.close()

    # the log of the whole run holds no personal data in clear
    for handler in list(__import__("logging").getLogger("scanstation").handlers):
        handler.flush()
    text = log_path.read_text(encoding="utf-8")
    assert text.strip(), "the run must have logged something"
    for secret in (person.id_number, person.full_name, person.address):
        assert secret not in text
    time.sleep(0)
