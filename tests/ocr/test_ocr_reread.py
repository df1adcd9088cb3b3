"""The second look at short, doubtful words (a table's numbering column): real Tesseract reads
the stack again as a block of its own, and only a clearly surer reading replaces a word."""

from __future__ import annotations

from PIL import Image, ImageDraw

from scanstation.ocr.engine import TesseractEngine
from scanstation.ocr.prepare import Prepared
from scanstation.ocr.recognize import _reread_doubtful
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
    lone = [words[0]] + [Word(w.text, w.box, 97.0) for w in words[1:]]
    assert _reread_doubtful(prepared, lone, TesseractEngine()) == lone  # no stack to read


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
