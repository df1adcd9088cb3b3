"""A mark put right by the compound it belongs to (``ocr.context``): on a black-and-white page a
sure misreading ("kết quá", "đã sứ dụng") gives way to the spelling its neighbour pairs with;
on any page a non-word does; names, places, function words and real compounds stay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from scanstation.ocr import context
from scanstation.ocr.pipeline import _bitonal, expand_inputs, process_page
from scanstation.ocr.results import Line, PageOcr, Word


def _fix(text: str, bitonal: bool = True) -> str:
    return " ".join(context.repair(text.split(), bitonal))


def test_a_sure_misreading_on_a_bitonal_page_takes_its_compounds_spelling() -> None:
    assert _fix("báo cáo kết quá hồ sơ") == "báo cáo kết quả hồ sơ"
    assert _fix("người dân đã sứ dụng ổn định") == "người dân đã sử dụng ổn định"
    assert _fix("tổ chức thực hiên nghiêm") == "tổ chức thực hiện nghiêm"
    assert _fix("CỘNG HÒA XÃ HỘI CHÚ NGHĨA VIỆT NAM") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    # the same words on a grey page: Tesseract's sure reading of a real word stands
    assert _fix("báo cáo kết quá hồ sơ", bitonal=False) == "báo cáo kết quá hồ sơ"


def test_a_non_word_takes_its_compounds_spelling_on_any_page() -> None:
    # "ốn" is no Vietnamese word; the same rule as above, but it can only win
    assert _fix("sử dụng ốn định thửa đất", bitonal=False) == "sử dụng ổn định thửa đất"


def test_function_words_compounds_places_and_names_stay_as_read() -> None:
    kept = [
        "khai của mình",  # "cửa mình" is a compound, but "của" is ~20× commoner than "cửa"
        "đã sử dụng",  # "dã sử" is a compound, but "sử" is already bound to "dụng"
        "theo bản đồ số 12",  # "đồ sộ": "đồ" is already bound to "bản"
        "Có thể là trang",  # "thể" pairs with a capital at the sentence start
        "HUYỆN CAO LÃNH",  # "cao lanh" is a word, "Cao Lãnh" a place
        "PHƯỜNG HÒA MINH",
        "Xác nhận bà Lê Minh",  # "ba lê" is a word; a name is never a partner
        "tố, chức",  # punctuation ends the phrase
        "vấn đề có tính chất pháp lý",  # "có tình": "có" stands alone too often to bind
        "báo cáo cấp tỉnh và",  # an administrative unit, not the medical "cấp tính"
    ]
    for text in kept:
        assert _fix(text) == text


def test_a_names_first_word_one_mark_off_a_surname_is_put_right() -> None:
    assert _fix("1 Bủi Quốc Thắng 1955") == "1 Bùi Quốc Thắng 1955"
    assert _fix("5 Lẻ Thị Hoa") == "5 Lê Thị Hoa"  # a circumflex read as a hook
    assert _fix("họ tên: Ngõ Minh Khoa") == "họ tên: Ngô Minh Khoa"
    assert _fix("Trân Văn Khánh", bitonal=False) == "Trân Văn Khánh"  # "trân" is a word
    kept = ["Chử Văn Long",  # a rarer surname, not "Chu"
            "PHÓ TRƯỞNG PHÒNG",  # capitals: a heading as often as a name
            "tại Đô Lương Nghệ An",  # a place
            "Vô Hiệu Hóa",  # a compound
            "ông Văn Bảo Lê Minh",  # not a name's first word
            "do Đảng Cộng sản",  # two capitals: a body, a country, not a name
            "mô hình Viện Công tố"]
    for text in kept:
        assert _fix(text) == text


def test_a_lone_capital_is_a_partner_and_a_names_capital_is_not() -> None:
    assert _fix("căn cứ Nghị dịnh số 12") == "căn cứ Nghị định số 12"
    assert _fix("ông Nguyễn Văn Hùng được giao") == "ông Nguyễn Văn Hùng được giao"


def test_fix_page_keeps_boxes_and_confidences() -> None:
    words = tuple(Word(t, (i * 100, 0, i * 100 + 90, 40), 96.5) for i, t in
                  enumerate(["kết", "quá", "hồ", "sơ"]))
    page = context.fix_page(PageOcr((Line(words),), 1000, 100, 200.0), bitonal=True)
    fixed = page.lines[0].words
    assert [w.text for w in fixed] == ["kết", "quả", "hồ", "sơ"]
    assert [(w.box, w.conf) for w in fixed] == [(w.box, w.conf) for w in words]


def test_a_page_in_black_and_white_is_told_from_a_grey_one() -> None:
    ink = np.full((40, 60), 255, np.uint8)
    ink[10:30, 10:50] = 0
    assert _bitonal(Image.fromarray(ink))  # a fax or a B/W scan decoded to grey
    assert _bitonal(Image.fromarray(ink).convert("1"))
    ink[12, 12] = 128  # one grey pixel: a grey page
    assert not _bitonal(Image.fromarray(ink))
    assert not _bitonal(Image.fromarray(ink).convert("RGB"))


FIXTURE = Path(__file__).parent.parent / "fixtures" / "ocr_fax_context"


def test_fax_lines_read_wrong_and_sure_are_put_right_by_their_context() -> None:
    names = process_page(expand_inputs([FIXTURE / "names.png"])[0])
    assert "Bủi Quốc" in names.raw_text and "Bụi Đức" in names.raw_text  # Tesseract's reading
    assert "2 Bùi Quốc" in names.ocr.text and "3 Bùi Đức" in names.ocr.text
    assert "6 Bùi Xuân" in names.ocr.text and "Quảng Yên" in names.ocr.text
    sentences = process_page(expand_inputs([FIXTURE / "sentences.png"])[0])
    for wrong in ("sứ dụng", "ốn định", "chú trì", "thụ hướng"):
        assert wrong in sentences.raw_text
    for right in ("đã sử dụng ổn định", "Đơn vị chủ trì", "người thụ hưởng", "kết quả hồ sơ",
                  "Hộ gia đình ông Bùi Thùy Phúc"):
        assert right in sentences.ocr.text
