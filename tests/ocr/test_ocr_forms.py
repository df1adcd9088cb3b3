"""A declaration form read as written (issue 14): the number in a comb of boxes, check boxes,
footnote calls, field numbers down the margin, signature columns, short leaders. Real
Tesseract on pages laid out by a browser (``benchmarks/browser_forms.py``) and drawn here; the
layout rules on word boxes."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from scanstation import fonts
from scanstation.ocr.forms import check_boxes, numbers_glued
from scanstation.ocr.layout import reading_order
from scanstation.ocr.leaders import leaders_before_fields
from scanstation.ocr.pipeline import PageSource, process_page
from scanstation.ocr.results import Word
from scanstation.ocr.textfix import fix_word

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ocr_recover"


def _text(name: str) -> list[str]:
    return process_page(PageSource(0, name, path=FIXTURES / name)).ocr.text.splitlines()


def test_a_form_reads_its_boxed_number_its_ticks_and_its_calls() -> None:
    """Browser form seed 901, page 0 (200 dpi): the number in twelve boxes had come out
    "|0|7I9I0|2I0|6|8I7191514|" and its second comb not at all, the ticked "Nam" as "BNNam",
    the calls "Kính gửi⁽¹⁾:" as "Kính gửi:" and "nghị⁽²⁾" as "nghị”"."""
    lines = _text("form_fields.png")
    assert "Kính gửi(1): Ủy ban nhân dân phường Hải Châu, Đà Nẵng" in lines
    assert "2. Ngày, tháng, năm sinh: 14/08/1991 3. Giới tính: ☒ Nam ☐ Nữ" in lines
    assert "4. Số định danh cá nhân: 079020687954" in lines
    assert "9. Số định danh cá nhân của chủ hộ: 069176160688" in lines
    assert not any("|" in line for line in lines)


def test_a_forms_field_numbers_down_the_margin_are_read_upright(tmp_path: Path) -> None:
    """In DejaVu Serif, the single-digit field numbers stacked down the margin were taken by
    Tesseract for one line of vertical text and read "(O© ¬1 ƠI r 9": the lines lost their
    numbers. A turned block that reads unsure is left out and its ink read again."""
    face = ImageFont.truetype(str(fonts.first(("dejavu-serif",), "regular")), 50)
    rows = ["1. Họ, chữ đệm và tên: Huỳnh Kim An", "2. Ngày, tháng, năm sinh: 04/03/1998",
            "4. Số định danh cá nhân:", "5. Số điện thoại liên hệ:",
            "7. Họ, chữ đệm và tên chủ hộ: Bùi Gia Sơn", "9. Số định danh cá nhân của chủ hộ:"]
    page = Image.new("L", (2480, 1300), 255)
    draw = ImageDraw.Draw(page)
    y = 100
    for row in rows:
        y += 30 if row[0] in "49" else 0
        draw.text((350, y), row, font=face, fill=0)
        y += 80
    path = tmp_path / "margin_numbers.png"
    page.save(path, dpi=(300, 300))
    lines = process_page(PageSource(0, path.name, path=path)).ocr.text.splitlines()
    assert [line.split(" ")[0] for line in lines] == ["1.", "2.", "4.", "5.", "7.", "9."]


def test_text_up_the_margin_read_sure_is_kept() -> None:
    """A real line of vertical text (a form's number printed up its margin) reads sure: kept."""
    from scanstation.ocr.engine import TesseractEngine

    face = ImageFont.truetype(str(fonts.first(("dejavu-serif",), "regular")), 40)
    page = Image.new("L", (1800, 1400), 255)
    draw = ImageDraw.Draw(page)
    for i, row in enumerate(["Họ và tên người làm đơn: Nguyễn Văn An", "Ngày sinh: 12/03/1985",
                             "Nơi cư trú: phường Hoàn Kiếm, Hà Nội"]):
        draw.text((300, 150 + i * 90), row, font=face, fill=0)
    side = Image.new("L", (1100, 60), 255)
    ImageDraw.Draw(side).text((0, 5), "Mẫu số 01 ban hành kèm theo Thông tư", font=face, fill=0)
    page.paste(side.rotate(90, expand=True), (120, 100))
    up = [w.text for w in TesseractEngine().words(page, 300) if w.box[0] < 250]
    assert "Thông" in up and "hành" in up


def _box(draw: ImageDraw.ImageDraw, x: int, y: int, side: int, ticked: bool) -> None:
    draw.rectangle((x, y, x + side, y + side), outline=0, width=3)
    if ticked:
        draw.line((x + 4, y + 4, x + side - 4, y + side - 4), fill=0, width=4)
        draw.line((x + 4, y + side - 4, x + side - 4, y + 4), fill=0, width=4)


def test_check_boxes_are_found_and_bold_letters_are_not() -> None:
    """Outlines a capital's size, ticked or not, are boxes; a bold "n", "H" or "O" at low
    resolution (stems as thick as a fifth of the letter) is not."""
    import cv2
    import numpy as np

    from scanstation.imaging import components

    page = Image.new("L", (1400, 300), 255)
    draw = ImageDraw.Draw(page)
    _box(draw, 100, 100, 40, False)
    _box(draw, 300, 100, 40, True)
    bold = ImageFont.truetype(str(fonts.first(("dejavu-serif",), "bold")), 60)
    draw.text((500, 80), "năm HỘI ĐOÀN", font=bold, fill=0)
    gray = np.asarray(page)
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    _, labels, stats = components(ink)
    found = sorted(check_boxes(ink, labels, stats, 300.0))
    assert [(box[0], ticked) for box, ticked in found] == [(100, False), (300, True)]


def _row(y: int, *parts: tuple[int, str]) -> list[Word]:
    out = []
    for x, text in parts:
        for word in text.split():
            out.append(Word(word, (x, y, x + 20 * len(word), y + 40), 95.0))
            x += 20 * len(word) + 12
    return out


def test_signature_columns_are_read_column_after_column() -> None:
    """Three signature titles side by side, a title wrapping, hints in parentheses below:
    each column in turn, down to the footnotes (which run across the page)."""
    words = (_row(100, (200, "Ý KIẾN CỦA CHA, MẸ"), (900, "Ý KIẾN CỦA CHỦ HỘ"),
                  (1600, "NGƯỜI KÊ KHAI"))
             + _row(160, (220, "HOẶC NGƯỜI GIÁM HỘ"), (860, "(Ghi rõ nội dung, ký)"),
                    (1560, "(Ký, ghi rõ họ tên)"))
             + _row(220, (210, "(Ký, ghi rõ họ tên)"))
             + _row(400, (1600, "Lê Thị Sơn"))
             + _row(500, (200, "(1) Cơ quan đăng ký cư trú nơi tiếp nhận hồ sơ đăng ký")))
    lines = [" ".join(w.text for w in line.words) for line in reading_order(words, 2480)]
    assert lines == ["Ý KIẾN CỦA CHA, MẸ", "HOẶC NGƯỜI GIÁM HỘ", "(Ký, ghi rõ họ tên)",
                     "Ý KIẾN CỦA CHỦ HỘ", "(Ghi rõ nội dung, ký)",
                     "NGƯỜI KÊ KHAI", "(Ký, ghi rõ họ tên)", "Lê Thị Sơn",
                     "(1) Cơ quan đăng ký cư trú nơi tiếp nhận hồ sơ đăng ký"]


def test_capitals_side_by_side_without_a_signing_hint_stay_rows() -> None:
    """Capitals in columns with no "(Ký …)" under them (a table's header) are read by rows."""
    words = (_row(100, (200, "HỌ VÀ TÊN"), (900, "ĐỊA CHỈ"), (1600, "GHI CHÚ"))
             + _row(160, (200, "Lê Văn An"), (900, "Hà Nội"), (1600, "Đã nhận")))
    lines = [" ".join(w.text for w in line.words) for line in reading_order(words, 2480)]
    assert lines == ["HỌ VÀ TÊN ĐỊA CHỈ GHI CHÚ", "Lê Văn An Hà Nội Đã nhận"]


def test_a_short_leader_is_cut_from_its_value_and_an_ellipsis_kept() -> None:
    assert fix_word("04/07/1969.....3.") == "04/07/1969 3."
    assert fix_word("0933390861......") == "0933390861"
    assert fix_word("Sơn..") == "Sơn"
    assert fix_word("dân...") == "dân..."  # prose's ellipsis
    before = leaders_before_fields((Word("Chồng...", (0, 0, 90, 30), 90.0),
                                    Word("8.", (100, 0, 120, 30), 96.0)))
    assert [w.text for w in before] == ["Chồng", "8."]
    alone = leaders_before_fields((Word("khác...", (0, 0, 90, 30), 90.0),
                                   Word("và", (100, 0, 120, 30), 96.0)))
    assert [w.text for w in alone] == ["khác...", "và"]
    glued = numbers_glued((Word("2", (0, 0, 20, 30), 90.0), Word(".", (24, 20, 30, 30), 90.0),
                           Word("Ngày,", (50, 0, 120, 30), 90.0)))
    assert [w.text for w in glued] == ["2.", "Ngày,"]


def test_a_forms_fixed_phrase_is_kept_on_a_fax_page() -> None:
    """"Họ, chữ đệm và tên" opens every form. Read "chữ đêm" on a fax page, the listed pair puts
    it right; the fax's context rule had then put "đêm" back ("đệm" is rarer, and "chữ đệm" no
    compound of the word list)."""
    from scanstation.ocr.context import lexicon, repair

    line = ["1.", "Họ,", "chữ", "đệm", "và", "tên:", "Hồ", "Đức", "Huệ"]
    assert repair(line, lexicon(), bitonal=True) == line
    assert fix_word("đêm") == "đêm"  # alone, a real word: only the pair says otherwise


def test_a_raised_call_is_read_in_parentheses_only() -> None:
    """A form's call "(1)" is written back; a citation "[1]" raised after an encyclopedia's
    word (OCRmyPDF's ``epson.pdf``) is not taken for one."""
    import numpy as np

    from scanstation.ocr.engine import TesseractEngine
    from scanstation.ocr.forms import _read_call
    from scanstation.ocr.prepare import Prepared

    face = ImageFont.truetype(str(fonts.first(("dejavu-serif",), "regular")), 30)
    found = []
    for call in ("(1)", "[1]"):
        crop = Image.new("L", (70, 40), 255)
        ImageDraw.Draw(crop).text((4, 0), call, font=face, fill=0)
        prepared = Prepared(crop, 1.0, 0, 300.0)
        found.append(_read_call(prepared, np.asarray(crop), TesseractEngine()))
    assert found == ["(1)", None]


def test_an_unsure_turned_number_before_its_line_is_left_out_and_a_cell_kept() -> None:
    """Of a block Tesseract turned and read unsure: a field's number just before its line's
    words is left out (its ink is read again upright); a table's numbering cell, two heights
    and more from its row's next cell, stays with no confidence for ``numbering`` to read."""
    from scanstation.ocr.engine import _unturned

    field = Word("ƠI", (350, 1000, 390, 1040), 0.0)
    cell = Word("+", (620, 1100, 660, 1140), 0.0)
    upright = [Word("Số", (420, 1000, 480, 1040), 96.0), Word("Nguyễn", (760, 1100, 900, 1140), 95.0)]
    assert _unturned([field, cell], upright) == [cell]
