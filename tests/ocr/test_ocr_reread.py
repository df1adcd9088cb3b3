"""The second look at short, doubtful words (a table's numbering column): real Tesseract reads
the stack again as a block of its own, and only a clearly surer reading replaces a word."""

from __future__ import annotations

from PIL import Image, ImageDraw

from scanstation.ocr.engine import TesseractEngine
from scanstation.ocr.numbering import reread_doubtful as _reread_doubtful
from scanstation.ocr.prepare import Prepared
from scanstation.ocr.results import Word
from scanstation.testing.pages import font


def _numbering_column() -> tuple[Prepared, list[Word]]:
    """Row numbers 1-9 down a 300-dpi page with a name beside each, and the words a first
    reading gave them: the numbers as garbage at low confidence (as "C2", "re", "¬I" were)."""
    img = Image.new("L", (1400, 1200), 255)
    draw = ImageDraw.Draw(img)
    face = font("serif", 58)  # 14 pt at 300 dpi
    words: list[Word] = []
    for row in range(9):
        y = 60 + row * 120
        draw.text((60, y), str(row + 1), font=face, fill=0)
        x0, y0, x1, y1 = draw.textbbox((60, y), str(row + 1), font=face)
        words.append(Word(("C2", "re", "¬I", "œ", "Ơ", "(©", "`", "lộ", "CI")[row],
                          (x0 - 2, y0 - 2, x1 + 2, y1 + 2), 40.0 + row))
        draw.text((220, y), "Nguyễn Văn An", font=face, fill=0)
        bx = draw.textbbox((220, y), "Nguyễn Văn An", font=face)
        words.append(Word("Nguyễn Văn An", bx, 96.0))
    return Prepared(img, 1.0, 0, 300.0), words


def test_a_stack_of_doubtful_numbers_is_read_again_as_one_block() -> None:
    prepared, words = _numbering_column()
    out = _reread_doubtful(prepared, words, TesseractEngine())
    numbers = [w.text for w in out if w.text != "Nguyễn Văn An"]
    right = sum(text == str(i + 1) for i, text in enumerate(numbers))
    assert right >= 8, numbers  # the first reading had none
    assert [w.box for w in out] == [w.box for w in words]  # boxes kept, nothing added or lost
    assert [w for w in out if w.text == "Nguyễn Văn An"] == [w for w in words
                                                              if w.text == "Nguyễn Văn An"]


def test_confident_words_and_lone_doubtful_ones_are_left_as_read() -> None:
    prepared, words = _numbering_column()
    sure = [Word(w.text, w.box, 97.0) for w in words]  # the same garbage, but confident
    assert _reread_doubtful(prepared, sure, TesseractEngine()) == sure
    # one doubtful word of running text (a neighbour a word space away: no cell) is left;
    # one doubtful cell among cells is a numbering column's, and is read again (stop 34)
    _, y0, x1, y1 = words[0].box
    beside = Word("dòng", (x1 + 12, y0, x1 + 120, y1), 96.0)
    lone = [words[0], beside] + [Word(w.text, w.box, 97.0) for w in words[1:]]
    assert _reread_doubtful(prepared, lone, TesseractEngine()) == lone
    cell = [words[0]] + [Word(w.text, w.box, 97.0) for w in words[1:]]
    assert _reread_doubtful(prepared, cell, TesseractEngine())[0].text == "1"


def test_a_number_read_as_a_long_garbled_word_in_a_narrow_box_is_read_again() -> None:
    """A gutter page (held-out set 143): clear "5" and "6" of a numbering column came back
    "ƯƠỚé" and "GƠŒœ" at 30-32 — four letters, so no short word, though each box is one
    digit wide. A box that narrow, alone in its row, is read again with its column."""
    prepared, words = _numbering_column()
    garbled = {"5": "ƯƠỚé", "6": "GƠŒœ"}
    first = [Word(garbled.get(str(i // 2 + 1), str(i // 2 + 1)) if i % 2 == 0 else w.text,
                  w.box, 31.0 if i % 2 == 0 and str(i // 2 + 1) in garbled else 96.0)
             for i, w in enumerate(words)]
    out = _reread_doubtful(prepared, first, TesseractEngine())
    assert [w.text for w in out][8:12:2] == ["5", "6"], [w.text for w in out]
    assert [w.box for w in out] == [w.box for w in first]


def test_a_line_the_first_pass_missed_is_recovered_on_a_blurred_page() -> None:
    """The short last line of a paragraph on a blurred page, left out by the layout pass
    (fixture: a band of a held-out page and the words the first pass read in it); read again
    with paper around it, not only the margin above, it comes back whole."""
    import json
    from pathlib import Path

    from scanstation.ocr.recognize import _recover_missed
    from scanstation.ocr.results import OcrParams

    here = Path(__file__).resolve().parents[1] / "fixtures" / "ocr_missed_line"
    band = Image.open(here / "band.png")
    read = [Word(t, tuple(b), c)
            for t, b, c in json.loads((here / "first_pass_words.json").read_text("utf-8"))]
    found = _recover_missed(Prepared(band, 1.0, 0, 300.0), read, TesseractEngine(), OcrParams())
    text = " ".join(w.text for w in found)
    assert "vào tài khoản của người thụ hưởng." in text, text
    line = [w for w in found if w.text in ("vào", "tài", "khoản")]
    assert all(w.box[1] >= 120 and w.box[3] <= 230 for w in line), line  # where the line is


class FakeBlockEngine(TesseractEngine):
    """Tesseract's reading of the block, as it came on the faint page (the first pass put two
    lines in one box there, a case a crop does not reproduce: the page's context decides)."""

    def __init__(self, block_words: list[Word]) -> None:
        super().__init__()
        self.block_words, self.calls = block_words, 0

    def words(self, gray: Image.Image, dpi: float, psm: int | None = None,
              choices: bool = False) -> list[Word]:
        self.calls += 1
        return self.block_words


def test_two_lines_boxed_as_one_sure_word_are_read_again() -> None:
    from scanstation.ocr.recognize import _reread_merged_lines

    body = [Word(f"chữ{k}", (300 + 130 * k, 2000 + 60 * (k % 3), 420 + 130 * k, 2038 + 60 * (k % 3)),
                 96.0) for k in range(12)]
    first = [Word("Nơi", (343, 2224, 433, 2304), 96.8), Word("nhận:", (441, 2223, 570, 2303), 92.1),
             Word("-", (345, 2290, 355, 2293), 93.0), Word("Như", (435, 2281, 463, 2304), 96.3),
             Word("Điều", (509, 2281, 571, 2304), 96.5), Word("3;", (615, 2285, 623, 2308), 96.7)]
    prepared = Prepared(Image.new("L", (2479, 3508), 255), 1.0, 0, 300.0)
    # the block's words, at its own origin (x0 = 343 - 13, y0 = 2223 - 13 with the margin)
    again = [Word("Nơi", (13, 1, 93, 34), 96.0), Word("nhận:", (111, 0, 240, 42), 95.0),
             Word("-", (15, 67, 25, 70), 93.0), Word("Như", (43, 48, 133, 81), 96.0),
             Word("Điều", (146, 45, 241, 81), 96.0), Word("3;", (260, 49, 293, 85), 96.0)]
    engine = FakeBlockEngine(again)
    out = _reread_merged_lines(prepared, body + first, engine)
    assert engine.calls == 1
    texts = {w.text: w.box for w in out if w not in body}
    assert texts["Nơi"][3] < texts["Như"][1] and texts["nhận:"][3] < texts["Điều"][3]
    assert all(w in out for w in body)
    # a tall, sure word holding nothing (a large title) is never read again
    title = [Word("QUYẾT", (900, 500, 1200, 580), 97.0), Word("ĐỊNH", (1230, 500, 1450, 580), 97.0)]
    engine = FakeBlockEngine(again)
    assert _reread_merged_lines(prepared, body + title, engine) == body + title
    assert engine.calls == 0


def test_a_word_read_at_confidence_zero_is_read_again_alone() -> None:
    """Tesseract reads a real word at confidence 0 when it cannot fit it into its line (a
    table's "Ghi chú" came back "SN" at 0 in one band of a photographed page; "Giang" read
    right at 0 was dropped as noise). Read alone, the word comes back sure; a scribble read at
    0 stays as it was, and a sure word is never read again."""
    import random

    from PIL import ImageDraw

    from scanstation.ocr.recognize import _reread_unsure

    img = Image.new("L", (1800, 400), 255)
    draw = ImageDraw.Draw(img)
    face = font("serif", 54)  # 13 pt at 300 dpi
    words: list[Word] = []
    x = 60
    for text in ("Ông", "Nguyễn", "Văn", "Giang", "ghi", "chú"):
        box = draw.textbbox((x, 80), text, font=face)
        draw.text((x, 80), text, font=face, fill=0)
        words.append(Word(text, box, 96.0))
        x = box[2] + 24
    rng = random.Random(7)  # a scribble of a signature where the next word would be
    points = [(1300 + 20 * k, 100 + rng.randint(-25, 25)) for k in range(14)]
    draw.line(points, fill=0, width=5)
    scribble = Word("Sa", (1290, 70, 1580, 135), 0.0)
    both = [w.box for w in words[4:6]]
    misread = [Word("SN", (both[0][0], min(b[1] for b in both), both[1][2],
                           max(b[3] for b in both)), 0.0)]
    dropped = Word("Giang", words[3].box, 0.0)
    first = [*words[:3], dropped, *misread, scribble]
    out = _reread_unsure(Prepared(img, 1.0, 0, 300.0), first, TesseractEngine())
    texts = [w.text for w in out]
    assert texts[:6] == ["Ông", "Nguyễn", "Văn", "Giang", "ghi", "chú"], texts
    assert all(w.conf >= 80 for w in out[3:6]), out
    assert out[-1] == scribble  # no sure reading of a scribble
    assert out[:3] == words[:3]  # sure words untouched


def test_a_second_reading_never_takes_marks_away() -> None:
    """A word's box can clip the marks above a capital word: "PHƯỜNG SÀI GÒN", read at
    confidence 9, came back alone as "PHƯƠNG SAI GON" at 90 and cost three marks."""
    from scanstation.ocr.textfix import loses_marks as _loses_marks

    assert _loses_marks("PHƯỜNG", "PHƯƠNG") and _loses_marks("SÀIGÒN", "SAI GON")
    assert _loses_marks("Đình", "Dinh")
    assert not _loses_marks("Dình", "Đình")  # marks gained: a reading may add them
    assert not _loses_marks("SN", "ghi chú")  # other letters: not this rule's business
    assert not _loses_marks("Giang", "Giang")


def test_the_end_of_a_word_boxed_short_is_no_missed_word() -> None:
    """Read in a band, "đầu" was boxed without its "u", and the second look at missed ink
    read that "u" as "1": a letter inserted between two words on a clean page. The end of a
    word is no missed word; a number standing apart on the same line still is."""
    from PIL import ImageDraw

    from scanstation.ocr.recognize import _recover_missed
    from scanstation.ocr.results import OcrParams

    img = Image.new("L", (1800, 300), 255)
    draw = ImageDraw.Draw(img)
    face = font("serif", 50)
    words: list[Word] = []
    x = 300
    for text in ("kế", "hoạch", "đầu", "tư", "công"):
        box = draw.textbbox((x, 100), text, font=face)
        draw.text((x, 100), text, font=face, fill=0)
        words.append(Word(text, box, 97.0))
        x = box[2] + 22
    draw.text((60, 100), "17", font=face, fill=0)  # a row number the first pass missed
    short = words[2]
    words[2] = Word("đầu", (short.box[0], short.box[1], short.box[2] - 24, short.box[3]), 97.0)
    found = _recover_missed(Prepared(img, 1.0, 0, 300.0), words, TesseractEngine(), OcrParams())
    assert [w.text for w in found] == ["17"], found


def test_two_lines_read_as_short_words_are_read_as_a_block_not_word_by_word() -> None:
    """A noisy band's closing block: Tesseract boxed "- Lưu: VT, VP." and "- Như Điều 3;" as
    short "words" two lines high ("si" at 22), under a table whose row numbers it read as
    garbage. "si" joined the numbers' stack, was read again with them and came back "Như" at
    96: the first line lost, and nothing two lines high left for the merged-lines pass to see.
    Two-line words are that pass's: both lines come back."""
    from scanstation.ocr.recognize import _reread_merged_lines

    img = Image.new("L", (1400, 1300), 255)
    draw = ImageDraw.Draw(img)
    face = font("serif", 50)
    words: list[Word] = []
    for row in range(6):  # the table's numbering column, read as garbage
        y = 60 + row * 110
        draw.text((70, y), str(row + 1), font=face, fill=0)
        x0, y0, x1, y1 = draw.textbbox((70, y), str(row + 1), font=face)
        words.append(Word(("C2", "re", "¬I", "œ", "Ơ", "(©")[row], (x0 - 2, y0 - 2, x1 + 2, y1 + 2),
                          40.0 + row))
        box = draw.textbbox((220, y), "Nguyễn Văn An", font=face)
        draw.text((220, y), "Nguyễn Văn An", font=face, fill=0)
        words.append(Word("Nguyễn Văn An", box, 96.0))
    draw.text((60, 760), "- Lưu: VT, VP.", font=face, fill=0)
    draw.text((60, 822), "- Như Điều 3;", font=face, fill=0)
    first = draw.textbbox((60, 760), "- Lưu:", font=face)
    rest = draw.textbbox((60, 760), "- Lưu: VT, VP.", font=face)
    bottom = draw.textbbox((60, 822), "- Như Điều 3;", font=face)[3]
    merged = [Word("si", (first[0], first[1], rest[2], bottom), 22.0)]
    prepared = Prepared(img, 1.0, 0, 300.0)
    engine = TesseractEngine()
    out = _reread_merged_lines(prepared, _reread_doubtful(prepared, words + merged, engine),
                               engine)
    block = " ".join(w.text for w in sorted(out, key=lambda w: (w.box[1] // 40, w.box[0]))
                     if w.box[1] >= 740)
    assert "Lưu" in block and "Như" in block and "Điều" in block, block


def test_a_sure_word_whose_box_holds_two_lines_is_read_again_as_a_block() -> None:
    """A blurred page's closing block: "Nơi nhận:" and "- Lưu: VT, VP." boxed as one word "Net"
    read at 71, sure enough for the merged-lines pass, holding no other word: the second line
    was lost. Its own pixels show two lines, so the block is read again. A heading's capitals
    with their marks, as tall as two lines of body text, are one line and are left alone."""
    from scanstation.ocr.recognize import _reread_merged_lines
    from scanstation.ocr.wordboxes import holds_two_lines as _holds_two_lines

    img = Image.new("L", (1400, 900), 255)
    draw = ImageDraw.Draw(img)
    face = font("serif", 50)
    body = []
    for row, line in enumerate(("Ủy ban nhân dân phường", "Căn cứ Luật Tổ chức")):
        x = 60
        for text in line.split():
            box = draw.textbbox((x, 60 + 80 * row), text, font=face)
            draw.text((x, 60 + 80 * row), text, font=face, fill=0)
            body.append(Word(text, box, 96.0))
            x = box[2] + 14
    draw.text((60, 400), "Nơi nhận:", font=face, fill=0)
    draw.text((60, 462), "- Lưu: VT, VP.", font=face, fill=0)
    top = draw.textbbox((60, 400), "Nơi nhận:", font=face)
    low = draw.textbbox((60, 462), "- Lưu: VT, VP.", font=face)
    merged = Word("Net", (top[0], top[1], max(top[2], low[2]), low[3]), 71.0)
    heading_face = font("serif", 100)
    draw.text((60, 640), "SÀI GÒN", font=heading_face, fill=0)
    heading = Word("SÀI", draw.textbbox((60, 640), "SÀI", font=heading_face), 70.0)
    prepared = Prepared(img, 1.0, 0, 300.0)
    h = sorted(w.height for w in body)[len(body) // 2]
    assert merged.height >= 1.7 * h and heading.height >= 1.7 * h
    assert _holds_two_lines(prepared.pixels, merged, h)
    assert not _holds_two_lines(prepared.pixels, heading, h)
    out = _reread_merged_lines(prepared, [*body, merged], TesseractEngine())
    block = " ".join(w.text for w in sorted(out, key=lambda w: (w.box[1] // 40, w.box[0]))
                     if w.box[1] >= 380)
    assert "nhận" in block and "Lưu" in block, block


def test_a_missed_line_over_the_next_lines_fragments_is_read_as_a_block() -> None:
    """A rotated browser page's "Nơi nhận:" (browser set 35): its line merged with the next
    into one, the next line read again alone and the missed ink's crop held "Nơi nhận:" over
    the tops of "- Thường trực Đảng ủy;". Read as one line that crop gave nothing; read as a
    block it gives the line."""
    from pathlib import Path

    from scanstation.ocr.recognize import _read_missed

    crop = Image.open(Path(__file__).parent.parent / "fixtures" / "ocr_recover"
                      / "line_over_fragments.png").convert("L")
    engine = TesseractEngine()
    assert [w for w in engine.words(crop, 300.0, psm=7) if w.conf >= 60] == []
    assert [w.text for w in _read_missed(engine, crop, 300.0, 7, 60.0)] == ["Nơi", "nhận:"]
    assert [w.text for w in _read_missed(engine, crop, 300.0, 6, 60.0)] == ["Nơi", "nhận:"]


def test_missed_blurred_letters_that_tesseract_thresholds_away_are_read_in_black_and_white() -> None:
    """A photographed page's "- Lưu: VT, VP." (browser set 37), missed by the first pass:
    Tesseract's own threshold (Otsu's, at 178 here) ran the blurred strokes together and it
    read nothing as a line or as a block. Cut halfway to white, the crop reads."""
    from pathlib import Path

    from scanstation.ocr.recognize import _read_missed

    crop = Image.open(Path(__file__).parent.parent / "fixtures" / "ocr_recover"
                      / "blurred_line.png").convert("L")
    engine = TesseractEngine()
    assert engine.words(crop, 300.0, psm=7) == [] and engine.words(crop, 300.0, psm=6) == []
    assert [w.text for w in _read_missed(engine, crop, 300.0, 6, 60.0)] == ["Lưu:", "VT,", "VP"]


def test_a_merged_signers_block_is_read_whole_with_the_letters_never_boxed() -> None:
    """A blurred browser page (set 30): "TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH", a line gap
    apart, came back as three sure words two lines high ("BẠN" at 93), a sliver of "CHỦ" and
    no "NHÂN DÂN" at all. The block is read again from the ink around it — the unboxed
    letters beside the run included, not cut at "NHÂ" — and, its first reading being no
    words, replaces it without having to be surer."""
    from PIL import ImageFilter

    from scanstation.ocr.recognize import _reread_merged_lines

    img = Image.new("L", (1600, 500), 255)
    draw = ImageDraw.Draw(img)
    bold, body = font("serif-bold", 46), font("serif", 46)
    words: list[Word] = []
    x = 60
    for text in ("Trịnh", "Thanh", "Linh", "17/01/1994", "Đã", "nhận"):  # body text size
        box = draw.textbbox((x, 40), text, font=body)
        draw.text((x, 40), text, font=body, fill=0)
        words.append(Word(text, tuple(int(v) for v in box), 96.0))
        x = int(box[2]) + 20
    first = tuple(int(v) for v in draw.textbbox((500, 200), "TM. ỦY BAN NHÂN DÂN", font=bold))
    draw.text((500, 200), "TM. ỦY BAN NHÂN DÂN", font=bold, fill=0)
    left = 500 + (first[2] - first[0] - draw.textlength("CHỦ TỊCH", font=bold)) / 2
    second = tuple(int(v) for v in draw.textbbox((left, first[3] + 6), "CHỦ TỊCH", font=bold))
    draw.text((left, first[3] + 6), "CHỦ TỊCH", font=bold, fill=0)
    x = 500
    for text, read in (("TM.", "TM."), ("ỦY", "ỦY"), ("BAN", "BẠN")):
        words.append(Word(read, (int(x), first[1], int(x + draw.textlength(text, font=bold)),
                                 second[3]), 93.0))
        x += draw.textlength(text + " ", font=bold)
    words.append(Word("CHỦ", (int(left) + 40, second[1], int(left) + 70, second[3]), 60.0))
    tich = draw.textbbox((left + draw.textlength("CHỦ ", font=bold), first[3] + 6), "TỊCH",
                         font=bold)
    words.append(Word("TỊCH", tuple(int(v) for v in tich), 82.0))
    blurred = img.filter(ImageFilter.GaussianBlur(1.2))
    out = _reread_merged_lines(Prepared(blurred, 1.0, 0, 300.0), words, TesseractEngine())
    block = sorted((w for w in out if w.box[1] > 150), key=lambda w: (w.box[1] > 250, w.box[0]))
    assert [w.text for w in block] == ["TM.", "ỦY", "BAN", "NHÂN", "DÂN", "CHỦ", "TỊCH"]


def test_a_second_guess_at_missed_ink_is_kept_only_when_it_is_sure_text() -> None:
    """Read again as a block or in black and white, a painting's texture gave "——HIE" at 69
    and "Ị" at 85 (OCRmyPDF's ``lichtenstein.pdf``): no text. A missed line at 80 or more and
    a lone row number stay."""
    from scanstation.ocr.recognize import _second_guess

    def words(*read: tuple[str, float]) -> list[Word]:
        return [Word(text, (10 * i, 0, 10 * i + 8, 10), conf) for i, (text, conf) in enumerate(read)]

    assert _second_guess(words(("——HIE", 69.0))) == []
    assert _second_guess(words(("Ị", 85.0))) == []
    kept = words(("Lưu:", 93.0), ("VT,", 84.0), ("VP", 62.0))
    assert _second_guess(kept) == kept
    assert _second_guess(words(("1", 97.0))) == words(("1", 97.0))


def test_a_line_the_page_reading_garbled_is_read_again_as_one_line() -> None:
    """A photographed browser page (set 41): in the page's reading the motto "Độc lập - Tự do
    - Hạnh phúc" came back as seven words at 0-21 whose boxes cut across the real words (read
    alone, "DIAU"'s box held nothing). The run is read again as one line, from its own pixels
    (the prepared page's crop Tesseract was given, its boxes as they came back)."""
    from pathlib import Path

    from scanstation.ocr.recognize import _reread_garbled_runs

    crop = Image.open(Path(__file__).parent.parent / "fixtures" / "ocr_recover"
                      / "garbled_motto.png").convert("L")
    prepared = Prepared(crop, 1.0, 0, 300.0)
    garbled = [Word(text, (x0 - 1400, y0 - 468, x1 - 1400, y1 - 468), conf) for text, conf,
               (x0, y0, x1, y1) in (
        ("TC", 21.0, (1519, 491, 1614, 535)), ("GẠP", 0.0, (1633, 490, 1710, 535)),
        ("DIAU", 0.0, (1729, 491, 1834, 535)), ("DU", 0.0, (1847, 490, 1907, 526)),
        ("nụ", 14.0, (1926, 509, 1941, 517)), ("GD", 9.0, (1961, 490, 2098, 535)),
        ("IÁC", 0.0, (2116, 490, 2239, 535)))]
    engine = TesseractEngine()
    again = _reread_garbled_runs(prepared, garbled, engine)
    assert " ".join(w.text for w in again) == "Độc lập - Tự do - Hạnh phúc"
    assert all(w.conf >= 80 for w in again)
    # a sure word breaks the run; a lone unsure word is no run, nor a run of sure words
    sure = [Word(w.text, w.box, 96.0) if i % 2 else w for i, w in enumerate(garbled)]
    assert _reread_garbled_runs(prepared, sure, engine) == sure
    assert _reread_garbled_runs(prepared, garbled[:1], engine) == garbled[:1]


def test_a_garbled_run_boxed_over_the_next_line_is_read_without_its_fringe() -> None:
    """A browser page at 200 dpi (set 53): "- Lưu: VT, VP." took the signer's larger "PHÓ CHỦ
    TỊCH" level with it for one line and came back "THỜN VIjyt," at 0, boxed down over the
    tops of "- Chủ tịch"; read alone with them it was "=" at 26. Without the rows a blank row
    parts at its foot it is read (the prepared page's crop, its boxes as they came back)."""
    from pathlib import Path

    from scanstation.ocr.recognize import _reread_garbled_runs
    from scanstation.ocr.wordboxes import without_next_line

    crop = Image.open(Path(__file__).parent.parent / "fixtures" / "ocr_recover"
                      / "garbled_fringe.png").convert("L")
    prepared = Prepared(crop, 1.0, 0, 300.0)
    garbled = [Word("THỜN", (75, 59, 192, 123), 0.0), Word("VIjyt,", (209, 59, 352, 122), 0.0)]
    again = _reread_garbled_runs(prepared, garbled, TesseractEngine())
    assert " ".join(w.text for w in again) == "- Lưu: VT, VP."
    assert all(w.box[3] <= 114 for w in again)
    # the cut is at the blank rows above the fringe; a box with no fringe is not cut
    cut = without_next_line(prepared.pixels, (75, 59, 352, 123))
    assert cut is not None and 105 <= cut[3] <= 116
    assert without_next_line(prepared.pixels, cut) is None


def test_a_garbled_run_that_reads_as_nothing_sure_is_kept() -> None:
    """Noise read at low confidence (a seal's rim, specks) stays as it was when its run,
    read again as one line, is no surer: later passes weigh it."""
    import numpy as np

    from scanstation.ocr.recognize import _reread_garbled_runs

    rng = np.random.default_rng(3)
    img = np.full((120, 600), 255, dtype=np.uint8)
    img[30:90, 40:560][rng.random((60, 520)) < 0.08] = 0
    noise = [Word("cà", (40, 30, 200, 90), 0.0), Word("+", (220, 30, 380, 90), 0.0),
             Word("~", (400, 30, 560, 90), 5.0)]
    prepared = Prepared(Image.fromarray(img), 1.0, 0, 300.0)
    assert _reread_garbled_runs(prepared, noise, TesseractEngine()) == noise
