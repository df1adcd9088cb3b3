"""The UI font draws every Vietnamese precomposed vowel, and the station's item models pass Qt's
model tester without a window."""

from __future__ import annotations

import os
import unicodedata

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from scanstation.ui.station_models import (
    CODE_ROLE,
    WARNING_ROLE,
    ChecklistModel,
    OutboxModel,
    PrefillModel,
    ProcedureModel,
    warned_fields,
)

BASES = set("aeiouy")
LETTER_MARKS = {"\u0306": set("a"), "\u0302": set("aeo"), "\u031b": set("ou")}  # ă, â ê ô, ơ ư
TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}  # huyền sắc hỏi ngã nặng


def vietnamese_precomposed() -> list[str]:
    """Every precomposed code point whose NFD is a Vietnamese vowel (a e i o u y) with at most one
    Vietnamese letter mark valid for that vowel and at most one tone — plus đ/Đ."""
    out = []
    for cp in range(0x00C0, 0x2000):
        ch = chr(cp)
        decomposed = unicodedata.normalize("NFD", ch)
        if len(decomposed) < 2 or decomposed[0].lower() not in BASES:
            continue
        base, marks = decomposed[0].lower(), decomposed[1:]
        letter = [m for m in marks if m in LETTER_MARKS]
        tones = [m for m in marks if m in TONES]
        if len(letter) + len(tones) != len(marks) or len(letter) > 1 or len(tones) > 1:
            continue
        if letter and base not in LETTER_MARKS[letter[0]]:
            continue
        out.append(ch)
    return [*out, "đ", "Đ"]


def test_the_vietnamese_set_is_the_expected_134():
    chars = vietnamese_precomposed()
    assert len(chars) == len(set(chars)) == 134  # 12 vowels × 6 tones − 6 plain ASCII, × 2 cases, + đ Đ
    assert {"ặ", "Ỵ", "ữ", "Ợ", "ẫ"} <= set(chars)


def test_ui_font_has_every_vietnamese_glyph(qapp):
    from PySide6.QtGui import QFontDatabase, QFontInfo, QRawFont

    from scanstation.ui.app import make_application

    app = make_application()
    font = app.font()
    family = QFontInfo(font).family()  # the font Qt actually resolved, not the one asked for
    assert family in QFontDatabase.families()
    # QRawFont is the one font file Qt picked, without fallback fonts (QFontMetrics.inFontUcs4
    # answers through the fallbacks and so cannot find a missing glyph)
    raw = QRawFont.fromFont(font)
    assert raw.isValid() and raw.familyName() == family
    chars = vietnamese_precomposed()
    missing = [c for c in chars if not raw.supportsCharacter(ord(c))]
    assert not missing, f"{family} lacks {''.join(missing)}"
    glyphs = raw.glyphIndexesForString("".join(chars))
    assert len(glyphs) == len(chars) and 0 not in glyphs  # glyph 0 is .notdef, the empty box
    assert not raw.supportsCharacter(0x4E00)  # the check can fail: a CJK ideograph is not there


def test_procedure_and_checklist_models(qtmodeltester, home):
    from scanstation.dossier.catalogue import load_catalogue
    from scanstation.dossier.checklist import checklist
    from scanstation.dossier.service import add_documents, new_dossier
    from scanstation.testing.pages import render_page

    catalogue = load_catalogue(home)
    procedures = ProcedureModel()
    procedures.set_catalogue(catalogue)
    qtmodeltester.check(procedures)
    assert procedures.rowCount() == len(catalogue)
    assert {procedures.index(r, 0).data(CODE_ROLE) for r in range(procedures.rowCount())} == \
        set(catalogue)

    dossier = new_dossier(home, "2.000815", agency_code="000.00.53.H48")
    proc = catalogue["2.000815"]
    model = ChecklistModel()
    model.set_checklist(checklist(dossier, proc))
    qtmodeltester.check(model)
    first = model.index(0, ChecklistModel.STATUS).data()
    page = home / "p.png"
    render_page("sparse", seed=1, dpi=100).image.save(page)
    result = add_documents(home, dossier.id, proc.components[0].code, [page], clean=False)
    model.update_checklist(checklist(result.dossier, proc))
    qtmodeltester.check(model)
    assert model.index(0, ChecklistModel.PAGES).data() == 1
    assert model.index(0, ChecklistModel.STATUS).data() != first


def test_outbox_model_over_a_real_queue(qtmodeltester, home, tmp_path):
    from scanstation.outbox.queue import Outbox

    pdf = tmp_path / "a.pdf"
    from PIL import Image

    Image.new("RGB", (100, 100), "white").save(pdf)
    with Outbox(home) as outbox:
        outbox.add_path(pdf)
        items = outbox.items()
    model = OutboxModel()
    model.set_rows(items)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, OutboxModel.STATE).data()  # a translated state, never empty
    # when it last changed: the station's time (UTC+7) as the officer writes dates
    import datetime as dt

    from scanstation.paths import VN_TZ

    shown = model.index(0, model.columnCount() - 1).data()
    assert shown == dt.datetime.fromtimestamp(items[0].updated, VN_TZ).strftime("%d/%m/%Y %H:%M")
    assert dt.datetime.strptime(shown, "%d/%m/%Y %H:%M")  # dd/mm/yyyy, not ISO


def test_prefill_model_highlights_warned_fields_and_edits_in_nfc(qtmodeltester):
    model = PrefillModel()
    qtmodeltester.check(model)
    model.set_record({"full_name": "Trần Thị Bé", "id_number": "001190000045",
                      "date_of_birth": "1990-01-01", "sex": "Nữ"}, ["id_sex_mismatch"])
    flagged = {model.index(r, 1).data(CODE_ROLE) for r in range(model.rowCount())
               if model.index(r, 1).data(WARNING_ROLE)}
    assert flagged == {"id_number", "sex"} == warned_fields("id_sex_mismatch")
    row = [model.index(r, 1).data(CODE_ROLE) for r in range(model.rowCount())].index("full_name")
    decomposed = unicodedata.normalize("NFD", "Trần Thị Bé")
    assert model.setData(model.index(row, 1), decomposed, Qt.ItemDataRole.EditRole)
    assert model.values()["full_name"] == unicodedata.normalize("NFC", decomposed)
    qtmodeltester.check(model)


def test_review_text_keeps_lines_and_marks_low_confidence_words():
    from scanstation.dossier.session import PageText
    from scanstation.ui.counter_pages import LOW_CONFIDENCE, review_html

    box = (0, 0, 1, 1)
    page = PageText("ỦY BAN NHÂN DÂN\nSố: 12/QĐ-UBND",
                    [("ỦY", box, 95.0), ("BAN", box, 96.0), ("NHÂN", box, 90.0), ("DÂN", box, 91.0),
                     ("Số:", box, 92.0), ("12/QĐ-UBND", box, LOW_CONFIDENCE - 20)], 80.0)
    shown = review_html(page)
    assert shown.count("<br>") == 1
    first, second = shown.split("<br>")
    assert first == "ỦY BAN NHÂN DÂN"
    assert second.startswith("Số: <span") and "12/QĐ-UBND</span>" in second
