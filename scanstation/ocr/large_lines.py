"""Large type among body text: a file cover's "HỒ SƠ", a certificate's "GIẤY KHEN", a notice's
"THÔNG BÁO", read at the size Tesseract reads well.

A page of large type alone is shrunk whole before it is read (``prepare._large_type_shrink``).
A page that also carries body text is read at the body's size, and there Tesseract's page layout
takes letters many times the text's height for a picture: a 72-pt "HỒ SƠ" above six lines of
13-pt text came back as nothing, a 48-pt "BẰNG KHEN" as "BĂNG" (issue 14). Each such line is
found in the ink the first reading left, cut out, shrunk until its letters are body-text size
and read as one line; the words Tesseract read of it at full size (part of a title, its marks
read as words) go, and the line's reading takes their place — unless Tesseract read the whole
line at full size at least as surely.

Found on a quarter-size copy: a letter twice the text's height is 20 pixels or more there, and
a 300-dpi page's labelling costs ~2 ms instead of ~30.

Pure: ``read_large_lines(prepared, words, engine, text_px) -> (words, large)``; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..imaging import components
from .engine import OcrEngine
from .noise import HAS_ALNUM
from .prepare import LARGE_TYPE_TARGET_MM, Prepared
from .results import Word

STEP = 4  # the quarter-size copy the lines are found on
INK = 150  # as the recovery pass: darker than this is ink on the prepared (normalised) page
# A letter this many times the page's text height (its median word box, marks included) or
# taller is large type; a heading in capitals with tone marks is under 1.5.
LARGE_FROM = 2.2
# A line's small letters: this many times the text height or taller. Smaller, body text that
# the first reading missed (a signer's "TM. ỦY BAN NHÂN DÂN" beside a signature's tall strokes)
# joined a "line" and was read shrunk, "BẠN" for "BAN"
SMALL_LETTERS = 1.5
LARGE_TO_MM = 90.0  # taller than this is no letter: a photo, a frame, a logo
# a bold word's letters touch on the quarter-size copy: one piece as wide as ten capitals
WORD_WIDTHS = 12
GAP = 1.5  # of the line's height: letters and words of one line stand closer than this
# what of the cut stands above and below a line's letters: a capital's stacked marks ("Ồ") rise
# ~0.45 of its height, a descender falls ~0.25
ABOVE, BELOW, SIDE = 0.55, 0.35, 0.3
MIN_CONF = 60.0  # as the recovery pass: a reading under this is what the line's ink is not
MIN_LINE_CONF = 75.0  # a whole line read less surely is a signature, a logo, a photo's edge
# Letters are read this high: as large-type pages are (``prepare.LARGE_TYPE_TARGET_MM``), and
# a second size when that reading is not sure (``SURE_CONF``)
READ_AT_MM = (LARGE_TYPE_TARGET_MM, 4.5)
SURE_CONF = 85.0
MARK_CHARS = 2  # a "word" this short wholly inside a line's cut is its letters' marks read alone
SPAN = 0.9  # of a line's width: Tesseract's reading at full size that reaches this far is whole
PAD = 16  # white paper around a cut: Tesseract drops a word that touches the border


@dataclass(frozen=True)
class LargeLine:
    """A line of large letters in prepared-page pixels: its box and its letters' height."""

    box: tuple[int, int, int, int]
    letter_px: float


def find_large_lines(gray: np.ndarray, words: list[Word], text_px: int,
                     dpi: float) -> list[LargeLine]:
    """Lines of letters ``LARGE_FROM`` times ``text_px`` or taller (with their smaller letters)
    in ``gray``'s ink that no word of ``words`` (in ``gray``'s pixels) reads as body text."""
    import cv2

    small = gray[::STEP, ::STEP]
    ink = (small < INK).view(np.uint8)
    for word in words:  # body text read: not large, and its ink must not join a large letter's
        if word.height < LARGE_FROM * text_px:
            x0, y0, x1, y1 = (v // STEP for v in word.box)
            ink[y0:y1 + 1, x0:x1 + 1] = 0
    lowest, highest = LARGE_FROM * text_px / STEP, LARGE_TO_MM * dpi / 25.4 / STEP
    # joined within a letter's stroke width: a bold letter's counters and a serif's thin joins
    joined = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    count, _labels, stats = components(joined)
    letters = []
    # a line's small letters too ("inn" of "Linn" at 36 pt, between "L" and "Sequencer"): a
    # line without them was two, and its word read whole at full size was lost between them;
    # never body text's size (``SMALL_LETTERS``)
    for x, y, w, h, _area in stats[1:count]:
        if SMALL_LETTERS * text_px / STEP <= h <= highest and w <= WORD_WIDTHS * h \
                and w < 0.95 * small.shape[1]:
            fill = float(ink[y:y + h, x:x + w].mean())
            if 0.08 <= fill <= 0.75:  # no specks' haze, no solid blot
                letters.append((int(x), int(y), int(w), int(h)))
    lines: list[list[tuple[int, int, int, int]]] = []
    for letter in sorted(letters):  # left to right
        for line in lines:
            if _joins(line, letter):
                line.append(letter)
                break
        else:
            lines.append([letter])
    found: list[LargeLine] = []
    # tallest first: a line standing in a taller one's cut is its marks (a 110-pt capital's
    # circumflex is a large "letter" of its own), read with it
    for line in sorted(lines, key=lambda ln: -max(r[3] for r in ln)):
        tall = [r[3] for r in line if r[3] >= lowest]
        if not tall:
            continue  # small letters alone are no large type
        x0, y0 = min(r[0] for r in line) * STEP, min(r[1] for r in line) * STEP
        x1, y1 = max(r[0] + r[2] for r in line) * STEP, max(r[1] + r[3] for r in line) * STEP
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        if any(_holds(cut(other.box, gray.shape), centre) for other in found):
            continue
        found.append(LargeLine((x0, y0, x1, y1), float(np.median(tall)) * STEP))
    return sorted(found, key=lambda ln: (ln.box[1], ln.box[0]))


def _joins(line: list[tuple[int, int, int, int]], letter: tuple[int, int, int, int]) -> bool:
    """``letter`` (left of none of ``line``'s) stands beside ``line``: most of it within the
    line's band, and no wider a gap from its last letter than a word space. Letters of one line
    differ in height (an "N" and its "ăm", a "2" the light face's curve erased in part), so the
    band is the whole line's."""
    x, y, _w, h = letter
    top, bottom = min(r[1] for r in line), max(r[1] + r[3] for r in line)
    right = max(r[0] + r[2] for r in line)
    overlap = min(y + h, bottom) - max(y, top)
    return overlap >= 0.5 * min(h, bottom - top) and x - right <= GAP * max(h, bottom - top)


def cut(box: tuple[int, int, int, int], shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """What is read of a line of large letters in ``box``: with its letters' marks above, its
    descenders below and some paper at each end, within a page of ``shape``."""
    x0, y0, x1, y1 = box
    height = y1 - y0
    return (max(0, x0 - round(SIDE * height)), max(0, y0 - round(ABOVE * height)),
            min(shape[1], x1 + round(SIDE * height)), min(shape[0], y1 + round(BELOW * height)))


def _holds(box: tuple[int, int, int, int], point: tuple[float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def read_large_lines(prepared: Prepared, words: list[Word], engine: OcrEngine,
                     text_px: int) -> tuple[list[Word], list[Word]]:
    """Each line of large type read shrunk to body-text size: (``words`` without what they
    read of such a line at full size, the lines' words) where that reading is sure.

    The lines' words are apart so that the second looks meant for body text pass them by: the
    merged-lines check took a 84-pt "BẰNG KHEN" for two lines of text, read it again at full
    size and lost it."""
    gray = prepared.pixels
    out = list(words)
    large: list[Word] = []
    for line in find_large_lines(gray, words, text_px, prepared.dpi):
        cx0, cy0, cx1, cy1 = box = cut(line.box, gray.shape)
        # what Tesseract read of the line at full size (part of a title): large words whose
        # middle lies in its letters' band — not in the next line's, which the cut reaches
        # ("The LinnSequencer" above "32 Track MIDI Sequence Recorder") — and the marks of
        # its letters Tesseract read as words of their own ("xz" for an "Ấ"'s circumflex and
        # acute, "⁄⁄"): a sign or two wholly inside the cut, on no row of text (the "BA" of
        # "PHƯỜNG BA ĐÌNH" right above a title is a word)
        band = (cx0, line.box[1], cx1, line.box[3])
        body = [w for w in out if w.height < LARGE_FROM * text_px and len(w.text) > MARK_CHARS]
        read_whole = [w for w in out if w.height >= LARGE_FROM * text_px and _within(w, band)]
        marks = [w for w in out if len(w.text) <= MARK_CHARS and w.height < LARGE_FROM * text_px
                 and _wholly_in(w, box) and not any(_same_row(w, other) for other in body)]
        inside = read_whole + marks
        crop = gray[cy0:cy1, cx0:cx1].copy()
        for w in out + large:  # other text in the cut (body text, the line above) is no part of it
            if w not in inside:
                bx0, by0, bx1, by1 = (max(0, v - o) for v, o in zip(w.box, (cx0, cy0) * 2, strict=True))
                crop[by0:by1, bx0:bx1] = 255
        # Tesseract's own reading at full size competes when it read the whole line, and wins
        # a tie: a heading it reads surely it reads right ("The LinnSequencer" at 90-93); not
        # a part of it ("SƠ" of "HỒ SƠ", at 96)
        candidates: list[tuple[float | None, list[Word]]] = []
        if read_whole and not marks and _spans(read_whole, line.box):
            candidates.append((None, sorted(read_whole, key=lambda w: w.box[0])))
        shrunk = _read_shrunk(crop, line, READ_AT_MM[0], prepared.dpi, engine)
        candidates += [shrunk] if shrunk else []
        if not shrunk or _surety(shrunk[1]) < SURE_CONF:
            # a doubtful reading: the line read at a second size too, and the surest kept
            # ("GIẤY MỜI" at 48 pt: "MÈI" at 62 at 3.5 mm, "MỜI" at 97 at 4.5 mm)
            candidates += [read for mm in READ_AT_MM[1:]
                           if (read := _read_shrunk(crop, line, mm, prepared.dpi, engine))]
        if not candidates:
            continue
        factor_at, best = max(candidates, key=lambda c: _surety(c[1]))
        if factor_at is None or sum(w.conf for w in best) / len(best) < MIN_LINE_CONF:
            continue
        out = [w for w in out if w not in inside]
        large += [_back(w, factor_at, PAD, cx0, cy0) for w in best if w.conf >= MIN_CONF]
    return out, large


def _read_shrunk(crop: np.ndarray, line: LargeLine, mm: float, dpi: float,
                 engine: OcrEngine) -> tuple[float, list[Word]] | None:
    """``crop`` shrunk until ``line``'s letters are ``mm`` high, read as one line: (the factor,
    its words), or None."""
    import cv2

    factor = mm * dpi / 25.4 / line.letter_px
    if factor >= 1.0:
        return None
    small = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    image = Image.fromarray(np.pad(small, PAD, constant_values=255))
    # every word counts for how sure the reading is: one dropped as unsure would make the rest
    # look sure ("TRÌNH" at 95 without its "TỜ" at 50)
    read = [w for w in engine.words(image, dpi, psm=7) if HAS_ALNUM.search(w.text)]
    return (factor, read) if read else None


def _surety(words: list[Word]) -> float:
    """A reading is as sure as its least sure word."""
    return min(w.conf for w in words)


def _within(word: Word, box: tuple[int, int, int, int]) -> bool:
    """``word``'s centre lies in ``box``."""
    return _holds(box, word.centre)


def _spans(words: list[Word], box: tuple[int, int, int, int]) -> bool:
    """``words`` reach across (nearly) all of ``box``'s width."""
    left, right = min(w.box[0] for w in words), max(w.box[2] for w in words)
    return min(right, box[2]) - max(left, box[0]) >= SPAN * (box[2] - box[0])


def _same_row(a: Word, b: Word) -> bool:
    return a.rows_shared(b) >= 0.5 * min(a.height, b.height)


def _wholly_in(word: Word, box: tuple[int, int, int, int]) -> bool:
    return (box[0] <= word.box[0] and word.box[2] <= box[2]
            and box[1] <= word.box[1] and word.box[3] <= box[3])


def _back(word: Word, factor: float, pad: int, dx: int, dy: int) -> Word:
    """A word read on the shrunk cut, in the prepared page's pixels."""
    x0, y0, x1, y1 = word.box
    return Word(word.text, (round((x0 - pad) / factor) + dx, round((y0 - pad) / factor) + dy,
                            round((x1 - pad) / factor) + dx, round((y1 - pad) / factor) + dy),
                word.conf, word.readings)
