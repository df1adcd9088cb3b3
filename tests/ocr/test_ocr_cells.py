"""A ruled table's wrapped cells read whole, cell after cell (issue 14). Real Tesseract on drawn
tables; the ordering itself on word boxes and rules."""

from __future__ import annotations

from PIL import Image, ImageDraw

from scanstation.ocr.cells import cell_order
from scanstation.ocr.pipeline import PageSource, process_page
from scanstation.ocr.results import Line, Word
from scanstation.testing import pages

DPI = 300
XS = [200, 380, 1500, 2280]
ROWS = [("STT", ["Tên thủ tục hành chính"], ["Thời hạn"]),
        ("1", ["Đăng ký khai sinh cho trẻ em sinh ra", "tại Việt Nam có cha mẹ là công dân"],
         ["Trong ngày"]),
        ("2", ["Cấp bản sao trích lục hộ tịch"], ["03 ngày làm", "việc"]),
        ("3", ["Chứng thực chữ ký trong các giấy tờ,", "văn bản bằng tiếng nước ngoài"],
         ["02 ngày"])]


def _procedures() -> Image.Image:
    """A commune's list of procedures: a ruled table whose names and time limits wrap."""
    page = Image.new("L", (2480, 1400), 255)
    draw = ImageDraw.Draw(page)
    body, bold = pages.font("serif", 50), pages.font("serif-bold", 50)
    y = 200
    for i, (number, name, limit) in enumerate(ROWS):
        face = bold if i == 0 else body
        draw.text((XS[0] + 30, y + 20), number, font=face, fill=0)
        for k, text in enumerate(name):
            draw.text((XS[1] + 20, y + 20 + 70 * k), text, font=face, fill=0)
        for k, text in enumerate(limit):
            draw.text((XS[2] + 20, y + 20 + 70 * k), text, font=face, fill=0)
        draw.line((XS[0], y, XS[-1], y), fill=0, width=3)
        y += 40 + 70 * max(len(name), len(limit))
    draw.line((XS[0], y, XS[-1], y), fill=0, width=3)
    for x in XS:
        draw.line((x, 200, x, y), fill=0, width=3)
    page.info["dpi"] = (DPI, DPI)
    return page


def test_a_wrapped_cell_is_read_whole_before_the_next_cell() -> None:
    # before: "1 Đăng ký khai sinh cho trẻ em sinh ra Trong ngày" and then "tại Việt Nam có
    # cha mẹ là công dân": the procedure's name cut in two by its time limit
    read = process_page(PageSource(0, "p", image=_procedures()))
    expected = ["STT Tên thủ tục hành chính Thời hạn"]  # a row of one-line cells: one line
    for number, name, limit in ROWS[1:]:
        expected += [number, *name, *limit]
    assert [line.text for line in read.ocr.lines] == expected


def _word(text: str, x: int, y: int) -> Word:
    return Word(text, (x, y, x + 20 * len(text), y + 40), 95.0)


# one table row between rules at y 100 and 300, cells divided at x 200 and 700
ACROSS = [(0, 98, 1000, 102), (0, 298, 1000, 302)]
DOWN = [(198, 98, 202, 302), (698, 98, 702, 302)]
WRAPPED = [Line((_word("1", 50, 130), _word("Đăng", 250, 130), _word("ký", 400, 130),
                 _word("Trong", 750, 130))),
           Line((_word("khai", 250, 200), _word("sinh", 400, 200), _word("ngày", 750, 200)))]


def _texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def test_rows_are_read_by_cells_only_where_a_cell_wraps_inside_its_rules() -> None:
    grid = tuple(ACROSS + DOWN)
    assert _texts(cell_order(WRAPPED, grid)) == ["1", "Đăng ký", "khai sinh", "Trong", "ngày"]
    # the lines around the table stay where they are
    before, after = Line((_word("Trên", 50, 20),)), Line((_word("Dưới", 50, 400),))
    assert _texts(cell_order([before, *WRAPPED, after], grid)) == [
        "Trên", "1", "Đăng ký", "khai sinh", "Trong", "ngày", "Dưới"]
    # a row's line the page's reading put after the closing block's first line, gathered
    closing = Line((_word("Nơi", 50, 400),))
    assert _texts(cell_order([WRAPPED[0], closing, WRAPPED[1]], grid)) == [
        "1", "Đăng ký", "khai sinh", "Trong", "ngày", "Nơi"]
    # no dividers (an unruled table), or no rules at all: as read
    assert cell_order(WRAPPED, tuple(ACROSS)) == WRAPPED
    assert cell_order(WRAPPED, ()) == WRAPPED
    # a rule inside the row: a header with a merged cell, read as it stands
    merged = (*ACROSS, (200, 178, 700, 182), *DOWN)
    assert cell_order(WRAPPED, merged) == WRAPPED
    # every cell one line: one line, as read
    single = [Line((_word("1", 50, 130), _word("Đăng", 250, 130), _word("Trong", 750, 130)))]
    assert cell_order(single, grid) == single
    # a cell's own lines, whatever visual lines the row's words were read in: a time limit
    # centred beside the name, half its words joined to the name's second line
    mixed = [Line((_word("1", 50, 130), _word("Đăng", 250, 110), _word("10", 750, 150),
                   _word("làm", 880, 150))),
             Line((_word("khai", 250, 180), _word("ngày", 800, 158), _word("việc", 960, 158)))]
    assert _texts(cell_order(mixed, grid)) == ["1", "Đăng", "khai", "10 ngày làm việc"]
    # a word two lines tall (a copy read across both) joins one line, not both
    tall = [Line((_word("1", 50, 130), _word("Cấp", 250, 130), _word("phép", 400, 130),
                  Word("Thôn", (400, 130, 480, 230), 91.0), _word("Trong", 750, 160))),
            Line((_word("vực", 250, 200), _word("nông", 400, 200)))]
    assert _texts(cell_order(tall, grid)) == ["1", "Cấp phép Thôn", "vực nông", "Trong"]
    # rows whose rules between them were lost (a fax): each cell as many lines, or the
    # first (the rows' numbers) several: as read
    rows = [Line((_word(n, 50, y), _word("Tên", 250, y), _word("Ngày", 750, y)))
            for n, y in (("2", 110), ("3", 170), ("4", 230))]
    assert cell_order(rows, grid) == rows
    short = [*rows[:2], Line((_word("4", 50, 230), _word("Tên", 250, 230)))]
    assert cell_order(short, grid) == short
    # a line that reaches past the table (the text beside it): not the table's row
    wide = [WRAPPED[0], Line((*WRAPPED[1].words, _word("bên", 1100, 200)))]
    assert cell_order(wide, grid) == wide


# the first reading of browser set 54's faint page, in its procedure table's second row: the
# wrapped name read twice, once garbled (the prepared page's crop, boxes as they came back)
FAINT_ROW = [
    ("Cấp", (600, 422, 654, 459), 97),
    ("giấy", (720, 422, 753, 431), 96),
    ("phép", (816, 423, 859, 458), 97),
    ("xây", (928, 423, 943, 431), 97),
    ("dựng", (986, 423, 1060, 459), 97),
    ("nhà", (1095, 418, 1156, 474), 97),
    ("ở", (1174, 423, 1175, 431), 97),
    ("riêng", (1243, 423, 1272, 431), 96),
    ("lẻ", (1339, 423, 1366, 458), 97),
    ("tại", (1386, 418, 1431, 474), 97),
    ("kh", (1450, 423, 1498, 458), 96),
    ("2", (495, 460, 515, 493), 48),
    ("5PBA4ý", (633, 433, 777, 497), 0),
    ("EICP", (791, 434, 885, 497), 0),
    ("Xây", (899, 435, 972, 469), 71),
    ("GUn6", (1019, 433, 1085, 469), 20),
    ("HHà", (1100, 434, 1171, 459), 32),
    ("GII€HE", (1223, 433, 1324, 469), 13),
    ("€", (1354, 434, 1372, 459), 84),
    ("LẠ", (1402, 435, 1435, 466), 0),
    ("X0H", (1500, 435, 1523, 459), 0),
    ("Tụ", (1563, 460, 1604, 493), 12),
    ("ng", (1609, 468, 1681, 504), 57),
    ("ngày", (1696, 458, 1792, 504), 95),
    ("8.000", (1971, 460, 2080, 494), 96),
    ("đồng", (2096, 457, 2193, 504), 97),
    ("vực", (598, 496, 671, 532), 97),
    ("nông", (686, 499, 784, 535), 96),
    ("thôn", (797, 489, 885, 525), 97)
]
# the rules the page preparation erased, in the crop's pixels: the table's rows and columns
FAINT_GRID = ((430, 36, 2288, 44), (430, 186, 2288, 194), (430, 400, 2288, 410),
              (430, 550, 2288, 560), (430, 764, 2288, 772), (430, 914, 2288, 922),
              (430, 36, 438, 922), (576, 36, 584, 922), (1542, 36, 1550, 922),
              (1948, 36, 1956, 922), (2282, 36, 2288, 922))


def test_an_unsure_cell_is_read_again_alone_between_its_rules() -> None:
    """Browser set 54's faint page: its wrapped procedure name beside a time limit centred on
    it came back "5PBA4ý EICP Xây GUn6 HHà GII€HE € LẠ X0H" at 0-84 over a second reading of
    the same line. Each unsure cell read alone between its rules is its text; without rules
    (an unruled table) the reading stays as it was."""
    from pathlib import Path

    from scanstation.ocr.cells import reread_cells
    from scanstation.ocr.engine import TesseractEngine
    from scanstation.ocr.prepare import Prepared

    crop = Image.open(Path(__file__).parent.parent / "fixtures" / "ocr_recover"
                      / "cells_faint.png").convert("L")
    first = [Word(text, box, float(conf)) for text, box, conf in FAINT_ROW]
    engine = TesseractEngine()
    again = reread_cells(Prepared(crop, 1.0, 0, 300.0, False, FAINT_GRID), first, engine)
    name = sorted((w for w in again if 584 < w.box[0] < 1542 and w.box[1] < 480),
                  key=lambda w: w.box[0])
    assert " ".join(w.text for w in name) == "Cấp giấy phép xây dựng nhà ở riêng lẻ tại khu"
    assert [w.text for w in again if w.box[0] < 576] == ["2"]  # as read: a lone number
    assert not {"5PBA4ý", "EICP", "GII€HE", "X0H"} & {w.text for w in again}
    assert reread_cells(Prepared(crop, 1.0, 0, 300.0), first, engine) == first


def test_a_numbered_rows_lost_number_is_read_again_as_a_line() -> None:
    """Beside a wrapped name Tesseract dropped a row's "2" or read a "1" as "x" (browser set
    55). In a numbered table (two numbers, or one under a "STT" head) a first cell with no
    number is read again alone as one line and given the number read there; a table with no
    numbers in its first column is left."""
    from scanstation.ocr.cells import reread_row_numbers
    from scanstation.ocr.engine import TesseractEngine
    from scanstation.ocr.prepare import prepare

    prepared = prepare(_procedures())
    assert prepared.grid  # the table's rules, found and erased
    engine = TesseractEngine()
    # the page's reading of the names and limits; the numbers as drawn, one per row (the
    # prepared page is the drawn one, padded by ``pad``)
    first = [w for w in engine.words(prepared.image, prepared.dpi) if not w.text.isdigit()]
    pad, tops = prepared.pad, (310, 490, 670)
    numbers = [Word(str(n), (XS[0] + 30 + pad, top + 20 + pad, XS[0] + 60 + pad, top + 70 + pad),
                    95.0) for n, top in enumerate(tops, 1)]

    def read_numbers(reading: list[Word]) -> list[str]:
        again = reread_row_numbers(prepared, reading, engine)
        return sorted(w.text for w in again if w.box[2] < XS[1] + pad and w.text != "STT")

    assert read_numbers([*first, numbers[0], numbers[2]]) == ["1", "2", "3"]
    misread = Word("x", numbers[1].box, 40.0)
    assert read_numbers([*first, numbers[0], misread, numbers[2]]) == ["1", "2", "3"]
    # under a "STT" head one number read is enough
    assert "STT" in {w.text for w in first}
    assert read_numbers([*first, numbers[0]]) == ["1", "2", "3"]
    # no numbering column (no row's first cell a number; or one, with no head): nothing is
    # made up
    assert read_numbers(first) == []
    headless = [w for w in first if w.text != "STT"]
    assert read_numbers([*headless, numbers[0]]) == ["1"]


def test_a_cell_read_twice_over_is_read_again_whatever_its_mean() -> None:
    """Browser set 57's JPEG page: a wrapped name was read twice, a line and its shifted copy
    ("Công nhận hộ nghèo …" at 97 and "Lông … nghéo, … phátsinh" at 34-54 over it), and the
    sure half lifted the cell's mean past what its own reading alone could beat: the copy's
    words stayed in the text. A cell whose words cover the same ink twice is read again."""
    from pathlib import Path

    from scanstation.ocr.cells import _doubled, reread_cells
    from scanstation.ocr.engine import TesseractEngine
    from scanstation.ocr.prepare import Prepared

    crop = Image.open(Path(__file__).parent.parent / "fixtures" / "ocr_recover"
                      / "cells_faint.png").convert("L")
    # the faint row's two readings of its name, the garbled copy nearly as sure as the other
    # but for one word: the mean is 93, past any reading's reach by ``CELL_GAIN``
    first = [Word(text, box, 96.0 if conf >= 50 else 55.0 if text == "X0H" else 90.0)
             for text, box, conf in FAINT_ROW]
    assert _doubled(first) and not _doubled(first[:11])
    again = reread_cells(Prepared(crop, 1.0, 0, 300.0, False, FAINT_GRID), first,
                         TesseractEngine())
    name = sorted((w for w in again if 584 < w.box[0] < 1542 and w.box[1] < 480),
                  key=lambda w: w.box[0])
    assert " ".join(w.text for w in name) == "Cấp giấy phép xây dựng nhà ở riêng lẻ tại khu"
