"""A table's numbering column (``ocr.numbering``, issue 14): lone row numbers Tesseract reads
"C2", "ƠI", "H" or "¬I" with the names beside them are read again as a column of their own,
and a column of numbers counts on by one. Real Tesseract on drawn tables; the counting rule on
words with known readings."""

from __future__ import annotations

import re

import pytest
from PIL import Image, ImageDraw

from scanstation.ocr.numbering import _count_on
from scanstation.ocr.pipeline import PageSource, process_page
from scanstation.ocr.results import Word
from scanstation.testing import pages

NAMES = ["Huỳnh Bảo Dũng", "Hồ Thu Lộc", "Lý Đức Đạt", "Đinh Minh Mỹ", "Lý Gia Thảo",
         "Lê Xuân Hạnh", "Trần Văn Bình", "Phạm Thị Hoa"]
BORN = ["10/08/1953", "01/01/1987", "22/10/2001", "20/02/1990", "24/02/1971", "07/03/1963",
        "15/06/1978", "30/09/1985"]
NOTES = ["Đã nhận", "Hộ nghèo", "", "Bổ sung"]


def _table(style: str, size_pt: int, dpi: int) -> Image.Image:
    """A ruled list of eight people, its row numbers centred in a narrow first column."""
    s = dpi / 300
    page = Image.new("L", (round(2480 * s), round(3508 * s)), 255)
    draw = ImageDraw.Draw(page)
    px = round(size_pt * dpi / 72)
    font, bold = pages.font(style, px), pages.font(f"{style}-bold", px)
    xs = [round(v * s) for v in (250, 420, 1100, 1600, 2250)]
    row, top = round(100 * s), round(400 * s)
    draw.text((xs[0], top - row), "DANH SÁCH HỘ ĐƯỢC HỖ TRỢ", font=bold, fill=0)
    for left, right, text in zip(xs[:-1], xs[1:], ["STT", "Họ và tên", "Ngày sinh", "Ghi chú"],
                                 strict=True):
        width = draw.textlength(text, font=bold)
        draw.text(((left + right) / 2 - width / 2, top + row / 4), text, font=bold, fill=0)
    y = top
    for i in range(8):
        y += row
        cells = [str(i + 1), NAMES[i], BORN[i], NOTES[i % 4]]
        for j, text in enumerate(cells):
            width = draw.textlength(text, font=font)
            x = (xs[0] + xs[1]) / 2 - width / 2 if j == 0 else xs[j] + round(15 * s)
            draw.text((x, y + row / 4), text, font=font, fill=0)
    for rule in range(top, y + row + 1, row):
        draw.line((xs[0], rule, xs[-1], rule), fill=0, width=max(1, round(3 * s)))
    for x in xs:
        draw.line((x, top, x, y + row), fill=0, width=max(1, round(3 * s)))
    page.info["dpi"] = (dpi, dpi)
    return page


@pytest.mark.parametrize(("style", "size_pt", "dpi"),
                         [("serif", 13, 300), ("serif", 14, 200), ("sans", 13, 200),
                          ("sans", 14, 300)])
def test_a_tables_row_numbers_are_read(style: str, size_pt: int, dpi: int) -> None:
    # before: "CI" for 5 (serif 13 pt, 300 dpi), "+" for 4 (serif 14, 200), "ƠI" for 5 and
    # "¬I" for 7 (sans 13, 200), "ƠI" for 5 and "¬I" for 7 (sans 14, 300)
    read = process_page(PageSource(0, "p", image=_table(style, size_pt, dpi)))
    numbers = [line.text.split(" ")[0] for line in read.ocr.lines
               if re.search(r"\d{2}/\d{2}/\d{4}", line.text)]
    assert numbers == [str(n) for n in range(1, 9)]


def _cell(text: str, row: int, conf: float = 96.0) -> Word:
    return Word(text, (100, 100 * row, 130, 100 * row + 40), conf)


def test_a_column_of_numbers_counts_on_with_a_reading_tesseract_gave() -> None:
    column = [_cell("3", 3), _cell("4", 4), _cell("H", 5, 90.0), _cell("6", 6), _cell("2", 7),
              _cell("8", 8)]
    readings = {id(column[2]): [Word("5", column[2].box, 38.0)]}
    asked: list[str] = []

    def alone(word: Word) -> list[Word]:
        asked.append(word.text)
        return [Word("7", word.box, 71.0)] if word.text == "2" else []

    chosen: dict[int, Word] = {}
    _count_on(column, chosen, readings, alone)
    # "H" between 4 and 6 had a reading "5" (at 38) and takes it; the sure "2" between 6 and
    # 8 is read again and takes its "7"
    assert [chosen.get(id(w), w).text for w in column] == ["3", "4", "5", "6", "7", "8"]
    assert asked == ["2"]


def test_no_number_is_made_up_and_a_count_that_does_not_hold_is_left() -> None:
    column = [_cell("1", 1), _cell("2", 2), _cell("C2", 3, 85.0), _cell("9", 4), _cell("12", 5)]
    chosen: dict[int, Word] = {}
    # nobody read "3": it stays "C2"; "9" after 2 and "12" after it count nothing
    _count_on(column, chosen, {}, lambda word: [Word("8", word.box, 90.0)])
    assert [chosen.get(id(w), w).text for w in column] == ["1", "2", "C2", "9", "12"]
