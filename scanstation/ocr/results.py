"""What OCR found on a page: words with boxes and confidences, lines in reading order.

Plain data, no heavy import: ``pdf/`` and the application read these without loading OpenCV or
Tesseract.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Word:
    """One recognised word; ``box`` is (left, top, right, bottom) in pixels of the cleaned page."""

    text: str
    box: tuple[int, int, int, int]
    conf: float  # 0–100
    # other readings Tesseract weighed that differ from ``text`` only in diacritics, with the
    # confidence of the changed letter: (reading, confidence), best first; empty unless asked
    readings: tuple[tuple[str, float], ...] = field(default=(), compare=False)

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2

    def rows_shared(self, other: Word) -> int:
        """How many pixel rows the two boxes share (negative: the gap between them)."""
        return min(self.box[3], other.box[3]) - max(self.box[1], other.box[1])

    def moved(self, dx: int, dy: int) -> Word:
        """The same word with its box moved: from a crop's or a band's pixels to the page's."""
        x0, y0, x1, y1 = self.box
        return Word(self.text, (x0 + dx, y0 + dy, x1 + dx, y1 + dy), self.conf, self.readings)


@dataclass(frozen=True)
class Line:
    """A line of text in reading order (a header column line, a paragraph line, a table row)."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (min(w.box[0] for w in self.words), min(w.box[1] for w in self.words),
                max(w.box[2] for w in self.words), max(w.box[3] for w in self.words))


@dataclass(frozen=True)
class PageOcr:
    """What OCR found on one page. Coordinates are pixels of the image given to ``recognize``."""

    lines: tuple[Line, ...]
    width: int
    height: int
    dpi: float
    engine: str = "tesseract"
    # read from a black-and-white picture (a fax, a B/W scan): its marks are a pixel or two,
    # so the text passes lean more on the words around them (``ocr.context``)
    bitonal: bool = False

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def text(self) -> str:
        """The page text in reading order, one line per line, NFC."""
        return unicodedata.normalize("NFC", "\n".join(line.text for line in self.lines))

    @property
    def mean_confidence(self) -> float:
        words = self.words
        if not words:
            return 0.0
        return float(sum(w.conf for w in words) / len(words))

    def with_lines(self, lines: Sequence[Line]) -> PageOcr:
        return PageOcr(tuple(lines), self.width, self.height, self.dpi, self.engine,
                       self.bitonal)



@dataclass(frozen=True)
class OcrParams:
    lang: str = "vie"
    psm: int = 3  # automatic layout: finds table cells and header blocks (psm 4/6 garble tables)
    target_dpi: float = 300.0  # pages scanned below ``min_dpi`` are upscaled to this
    min_dpi: float = 250.0
    normalize_paper: bool = True
    straighten_bow: bool = True  # lines that rise and fall across a bowed sheet (``ocr.bow``)
    remove_rules: bool = True
    despeckle: bool = True
    pad_px: int = 40
    recover_missed: bool = True
    recover_min_conf: float = 60.0
    recover_max_regions: int = 40
    min_word_conf: float = 50.0  # below this, a word with no letter or digit is noise ("^", "|",
    # the "_" a shadow leaves between the header columns); real punctuation reads far above it
    min_alnum_conf: float = 8.3  # a word with a letter or digit is kept down to this
    weigh_marks: bool = True  # lines with a doubtful word read again for its marks (lattice)
    column_gap_ratio: float = 1.0  # a gap wider than this × line height may split columns
