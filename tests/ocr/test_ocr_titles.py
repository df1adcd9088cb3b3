"""The fixed capitals of a document's header, type and signature block (``ocr.titles``)."""

from __future__ import annotations

from scanstation.ocr.results import Line, PageOcr, Word
from scanstation.ocr.titles import fix_page_titles


def _page(*lines: str) -> PageOcr:
    return PageOcr(tuple(Line(tuple(Word(t, (0, 0, 10, 10), 90.0) for t in line.split()))
                         for line in lines), 2480, 3508, 300.0, "tesseract")


def _texts(page: PageOcr) -> list[str]:
    return [line.text for line in fix_page_titles(page).lines]


def test_marks_lost_to_the_line_above_come_back() -> None:
    """Read on held-out pages: the acute of "PHÓ" under "KT. CHỦ TỊCH", the marks of "ĐỀ" and
    "BÁO CÁO" in a title, "ỦY" read with an acute (issue 14)."""
    assert _texts(_page("KT. CHỦ TỊCH", "PHO CHỦ TỊCH", "ĐƠN ĐE NGHỊ", "BAO CAO",
                        "TM. ÚY BAN NHÂN DÂN", "QUYẾT ĐINH:")) == [
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "ĐƠN ĐỀ NGHỊ", "BÁO CÁO", "TM. ỦY BAN NHÂN DÂN",
        "QUYẾT ĐỊNH:"]


def test_only_a_line_in_capitals_that_begins_with_the_phrase_changes() -> None:
    """The old tone placement is kept as read; lower case, other letters, a phrase in the
    middle of a line and the rest of a matching line are left alone."""
    lines = ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UỶ BAN NHÂN DÂN", "Chu tich nước",
             "PHO MÁT", "DE NGHI", "SỐ BAO CAO", "BAO CAO TINH HINH")
    assert _texts(_page(*lines)) == [
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UỶ BAN NHÂN DÂN", "Chu tich nước", "PHO MÁT",
        "DE NGHI", "SỐ BAO CAO", "BÁO CÁO TINH HINH"]


def test_the_filing_note_starts_with_the_records_office() -> None:
    """Decree 30's "Lưu: VT, <unit>": in the closing block's small type "VT," came back as
    "VI", "VI;", "VŨ" or "VT;" on 70 of 190 filing notes of ten browser sets (issue 14). A
    department ("Vụ PC"), another abbreviation first, or a note read right stays."""
    assert _texts(_page("- Lưu: VI VP.", "- Lưu: VŨ; VP.", "- Lưu: VT; TCCB.", "- Lưu: VD")) == [
        "- Lưu: VT, VP.", "- Lưu: VT, VP.", "- Lưu: VT, TCCB.", "- Lưu: VT"]
    kept = ("- Lưu: Vụ PC.", "- Lưu: VP.", "- Lưu: VPE, VP.", "- Lưu: VT, VP.", "Lưu: VT.")
    assert _texts(_page(*kept)) == list(kept)


def test_a_fax_pages_filing_note_word_and_office_are_put_right() -> None:
    """Fax set 37: the note's word read "Lưu;", "lưu:", "Tưu:"; the office "VP." read "VE.",
    "VỀ", "VỤ", "VÉ" — an abbreviation has no tone mark. Other units, a sentence's "bảo lưu:"
    and a Roman numeral elsewhere stay."""
    assert _texts(_page("- lưu; VI VP.", "- Tưu: VI, VÉ", "Lưu; VP. -", "- Lưu: VT, VE.",
                        "- Lưu: VT, VỀ", "- Lưu: VT, VỤ,")) == [
        "- Lưu: VT, VP.", "- Lưu: VT, VP", "Lưu: VP. -", "- Lưu: VT, VP.", "- Lưu: VT, VP",
        "- Lưu: VT, VP,"]
    kept = ("- Lưu: VT, VH.", "- Lưu: VT, TCCB.", "bảo lưu: VIII", "Chương VI: Về", "Lưu: VT.")
    assert _texts(_page(*kept)) == list(kept)


def test_the_recipients_abbreviations_are_put_right() -> None:
    """Fax set 37's "- Chủ tịch, các PCT UBND;": "UBNI);", "PCI", "PC7U", "PDCT", "PC"."""
    assert _texts(_page("- Chủ tịch, các PCI UBNI);", "các PC7U UBND;", "các PDCT HĐNI",
                        "Số: 12/UBNI")) == [
        "- Chủ tịch, các PCT UBND;", "các PCT UBND;", "các PCT HĐND", "Số: 12/UBNI"]
    kept = ("các Phó UBND", "các PCT UBND;", "UBND xã", "UBMTTQ", "các PC khác")
    assert _texts(_page(*kept)) == list(kept)


def test_a_document_symbols_type_read_one_slip_off_is_put_right() -> None:
    """Grey browser pages' "665/TIr-UBND", "692/TITr-UBND", "24/QĐĐ-STP"; a fax page's
    "30/2020/ND-CP". A symbol whose type is listed, or two slips off, or an issuer's code in a
    letter's symbol, stays."""
    assert _texts(_page("Số: 665/TIr-UBND", "692/TITr-UBND", "24/QĐĐ-STP", "30/2020/ND-CP;")) == [
        "Số: 665/TTr-UBND", "692/TTr-UBND", "24/QĐ-STP", "30/2020/NĐ-CP;"]
    kept = ("Số: 548/QĐ-UBND", "123/CAT-PV01", "456/STP-HCTP", "7/SNV-TCCB", "12/XY-UBND",
            "15/2019/TT-BTC")
    assert _texts(_page(*kept)) == list(kept)


def test_the_national_name_and_motto_read_with_a_slip_are_put_right() -> None:
    """Fax set 39: "VIỆF'", "Fự do"; a photographed page: "TC lập". Tone placement and dashes
    stay as read; a line with other words, or as many slips as right words, stays."""
    assert _texts(_page("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆF' NAM", "Độc lập - Fự do - Hạnh phúc",
                        "TC lập – Tự do – Hạnh phúc", "CỘNG HOÀ XÃ HỘI CHỦ NGHlA VIỆT NAM")) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Độc lập – Tự do – Hạnh phúc", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    kept = ("Độc thân - Tự do - Hạnh phúc", "TC GẠP - Tự do - Hạnh phúc", "Độc lập - Tự do",
            "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert _texts(_page(*kept)) == list(kept)


def test_an_articles_word_before_its_number_is_put_right() -> None:
    """Fax pages' "Điều 1." read "Điêu 1.", "Diều 2.", "Điểu 3;" at 90-97 % (issue 14)."""
    assert _texts(_page("Điêu 1. Các cấu thành", "- Như Diều 3;", "(Điểu 12)", "ĐIÊU 2.")) == [
        "Điều 1. Các cấu thành", "- Như Điều 3;", "(Điều 12)", "ĐIỀU 2."]
    kept = ("Điêu khắc gia", "con diều 3", "Lê Thị Diệu 25", "Điều 4. Hiệu lực", "Điều")
    assert _texts(_page(*kept)) == list(kept)


def test_a_dates_month_word_read_one_or_two_letters_off_is_tháng() -> None:
    """Fax set 41: "ngày 15 thúng 12" (a real word, a basket) — between "ngày N" and a month's
    number only "tháng" is ever written. Other words there, or the word elsewhere, stay."""
    assert _texts(_page("Hà Nội, ngày 15 thúng 12 năm 2025", "NGÀY 3 THĂNG 4 NĂM 2024",
                        "ngày 3 tuần 4", "một thúng gạo", "ngày thúng 12")) == [
        "Hà Nội, ngày 15 tháng 12 năm 2025", "NGÀY 3 THÁNG 4 NĂM 2024", "ngày 3 tuần 4",
        "một thúng gạo", "ngày thúng 12"]
