"""OCR of one cleaned page: prepare → Tesseract → large type read at text size
(``ocr.large_lines``) → second look at missed ink → reading order.

Tesseract ``vie`` runs through the one loaded engine (``ocr.engine``); the page is prepared first
(``ocr.prepare``) and its lines are put in reading order from the word boxes (``ocr.layout``).

Pure: ``recognize(image) -> PageOcr``; no I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ..imaging import components
from .bands import INK_LEVEL, band_cut, read_in_bands, shared_reads, speckled_cut
from .bow import unbent
from .budget import Budgeted
from .cells import cell_order, reread_cells, reread_row_numbers
from .engine import OcrEngine, TesseractEngine
from .forms import box_words, hide_combs, reread_calls, reread_combs
from .large_lines import read_large_lines
from .layout import drop_column_smears, reading_order
from .noise import HAS_ALNUM
from .numbering import column_numbers, reread_doubtful
from .prepare import Prepared, page_dpi, prepare
from .results import Line, OcrParams, PageOcr, Word
from .textfix import loses_marks
from .wordboxes import MERGED_HEIGHT, columns, holds_two_lines, inside, text_height, without_next_line

log = logging.getLogger("scanstation.ocr")


def _recover_missed(prepared: Prepared, words: list[Word], engine: OcrEngine,
                    params: OcrParams, beside: Executor | None = None) -> list[Word]:
    """Read ink that the layout pass left out, one line at a time.

    Tesseract's page layout drops isolated short text (the STT column of a table, a lone
    number): clusters of text-sized ink outside every word box are read again as single lines.
    """
    import cv2

    gray = prepared.pixels
    h = text_height(words)
    ink = (gray < 150).astype(np.uint8)
    covered = np.zeros_like(ink)
    grow = max(2, h // 6)
    for w in words:
        x0, y0, x1, y1 = w.box
        covered[max(0, y0 - grow):y1 + grow, max(0, x0 - grow):x1 + grow] = 1
    missed = ink & (1 - covered)
    if missed.sum() < h:
        return []
    merged = cv2.dilate(missed, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, h // 2), 3)))
    count, _, stats = components(merged)
    regions = []
    for index in range(1, count):
        x, y, bw, bh, _area = (int(v) for v in stats[index])
        if not (0.45 * h <= bh <= 2.2 * h) or bw < 0.25 * h or bw > 0.9 * gray.shape[1]:
            continue
        patch = missed[y:y + bh, x:x + bw]
        fill = float(patch.mean())
        if fill < 0.04 or fill > 0.6:  # specks of noise, or a solid blob (punch hole, stamp)
            continue
        regions.append((bw * bh, x, y, bw, bh))
    # what the first pass read is painted out, so a crop never reads a word twice; for a missed
    # line inside the words' own boxes only: the margin that finds missed ink also erased the
    # accents of a line right below a read one
    masked = gray.copy()
    masked[covered > 0] = 255
    margin = max(4, h // 3)
    kept = sorted(regions, reverse=True)[: params.recover_max_regions]
    # a line's worth of missed ink (a paragraph's short last line on a blurred page) is read as
    # the line it is; stacked into a column with rule remnants it came back as "|" at low
    # confidence and was dropped
    lines = [[r[1:]] for r in kept if r[3] >= LINE_WIDTHS * r[4]]
    masked_exactly = masked
    if lines:  # a second page copy only when a line was missed
        masked_exactly = gray.copy()
        for w in words:
            x0, y0, x1, y1 = w.box
            masked_exactly[y0:y1, x0:x1] = 255
    pieces = [r[1:] for r in kept if r[3] < LINE_WIDTHS * r[4]]

    def read(group: list[tuple[int, int, int, int]]) -> list[Word]:
        x0 = max(0, min(r[0] for r in group) - margin)
        y0 = max(0, min(r[1] for r in group) - margin)
        x1 = min(gray.shape[1], max(r[0] + r[2] for r in group) + margin)
        y1 = min(gray.shape[0], max(r[1] + r[3] for r in group) + margin)
        # white paper around the crop: with only the margin above, Tesseract read a crisp line
        # of a blurred page ("chuyển vào tài khoản của người thụ hưởng.") as nothing at all
        # (a line only: small pieces padded came back as "1" and "c" read from specks)
        pad = max(16, h // 2) if group in lines else 0
        source = masked_exactly if group in lines else masked  # pieces: no rims, no specks
        crop = Image.fromarray(np.pad(source[y0:y1, x0:x1], pad, constant_values=255))
        ox, oy = x0 - pad, y0 - pad
        # a stack of short pieces (a table's STT column) reads far better as one block than
        # piece by piece: lone digits out of context come back as "°" or "⁄"
        psm = 6 if len(group) > 1 else 7
        got = [w.moved(ox, oy) for w in _read_missed(engine, crop, prepared.dpi, psm,
                                                       params.recover_min_conf)]
        return column_numbers(group, got, lambda piece: read([piece])) if psm == 6 else got

    found = [w for got in shared_reads(read, lines + columns(pieces), beside) for w in got]
    return [w for w in found if not _word_end(w, words, h)]


HALFWAY = 128  # between black ink and the prepared page's white paper


def _read_missed(engine: OcrEngine, crop: Image.Image, dpi: float, psm: int,
                 min_conf: float) -> list[Word]:
    """The sure words with a letter or digit that ``crop`` (missed ink) reads as, at ``psm``.

    A piece read as one line (psm 7) that comes back empty is read again as a block: under a
    missed line the crop holds the tops of the next line's letters ("Nơi nhận:" over what was
    left of "- Thường trực" once its words were painted out), and as one line Tesseract read
    nothing at all; as a block it tells the line from the fragments. A crop that still reads
    as nothing is read once more in black and white."""
    def kept(image: Image.Image, psm: int) -> list[Word]:
        return [w for w in engine.words(image, dpi, psm=psm)
                if w.conf >= min_conf and HAS_ALNUM.search(w.text)]

    found = kept(crop, psm)
    if not found and psm == 7:
        found = _second_guess(kept(crop, 6))
    if not found:
        # Tesseract's own (Otsu) threshold of a small crop of blurred grey letters can leave
        # it nothing to read: a photographed page's "- Lưu: VT, VP." came back empty as a line
        # and as a block; Otsu put the threshold at 178 and the strokes ran together. Cut
        # halfway between the ink and the prepared page's white paper, it reads right
        bw = np.where(np.asarray(crop.convert("L")) > HALFWAY, 255, 0).astype(np.uint8)
        found = _second_guess(kept(Image.fromarray(bw), psm))
    return found


def _second_guess(words: list[Word]) -> list[Word]:
    """``words`` read from a crop that first read as nothing, if they are sure enough to be
    text: a mean of ``SECOND_GUESS_SURE`` or more, and a lone character only a digit (a row
    number). A painting's texture read "——HIE" at 69 and "Ị" at 85 (OCRmyPDF's
    ``lichtenstein.pdf``); a missed "Nơi nhận:" came back at 96, "- Lưu: VT, VP." at 80."""
    if not words or sum(w.conf for w in words) / len(words) < SECOND_GUESS_SURE:
        return []
    if len(words) == 1 and len(words[0].text) == 1 and not words[0].text.isdigit():
        return []
    return words


SECOND_GUESS_SURE = 75.0


def _word_end(piece: Word, words: list[Word], h: int) -> bool:
    """A letter or two found against a read word on its line: the end of that word, whose box
    Tesseract drew short, not a word it missed. Its boxes are estimated from the line's
    recognition and moved by 15-20 px when the same page was read in bands ("đầu" boxed to
    its "đầ"): the "u" then came back as "1", a letter inserted between two words. A missed
    word stands a word space or more from its neighbours (a table's numbering column, a
    paragraph's last line)."""
    if len(piece.text) > 2:
        return False
    x0, y0, x1, y1 = piece.box
    for word in words:
        if not HAS_ALNUM.search(word.text):
            continue  # "2" before its ". Họ, chữ": the period is no word to end
        if piece.rows_shared(word) > 0.5 * min(y1 - y0, word.height) and \
                min(abs(x0 - word.box[2]), abs(word.box[0] - x1)) <= WORD_END_GAP * h:
            return True
    return False


LINE_WIDTHS = 6  # a missed region this many times wider than high is a line of text
WORD_END_GAP = 0.25  # of a line height: closer to a read word than this is part of it

# A word read this unsure, the size of a word of the page's own text, is read again alone. It is
# most often a real word Tesseract could not fit into its line: a table's "Ghi chú" read "SN" at
# 0 in a band of a photographed page, "Giang", "Hữu", "Sơn" read right at 0 and then dropped
# as noise, "Độc lập -" read "ĐGilập'-" at 1. Alone, as one line, they came back at 90-97.
UNSURE_CONF = 10.0
ALONE_SURE, ALONE_FLOOR = 80.0, 50.0  # the second reading's mean, and its least sure word


def _reread_unsure(prepared: Prepared, words: list[Word], engine: OcrEngine,
                   beside: Executor | None = None) -> list[Word]:
    """``words`` with each word-sized word read at under ``UNSURE_CONF`` read again alone (its
    own box's pixels on white, as one line), replaced by that reading when it is sure."""
    if not words:
        return words
    h = text_height(words)
    todo = [i for i, w in enumerate(words) if w.conf < UNSURE_CONF
            and w.box[2] - w.box[0] >= 1.5 * h and 0.6 * h <= w.height <= 1.6 * h]
    if not todo:
        return words
    pad = max(8, h // 2)

    def read(index: int) -> list[Word] | None:
        again = _read_alone(prepared, words[index].box, pad, engine)
        if again is None or loses_marks(words[index].text, "".join(w.text for w in again)):
            return None
        return again

    replaced = dict(zip(todo, shared_reads(read, todo, beside), strict=True))
    out: list[Word] = []
    for index, word in enumerate(words):
        out.extend(replaced.get(index) or [word])
    return out


def _read_alone(prepared: Prepared, box: tuple[int, int, int, int], pad: int,
                engine: OcrEngine) -> list[Word] | None:
    """The pixels of ``box`` alone on white, read as one line: the words in prepared
    coordinates when they are sure (``ALONE_SURE``, ``ALONE_FLOOR``) and hold a letter or
    digit, else None. Only the box's own pixels: never a neighbour's letters or a line's
    accents."""
    gray = prepared.pixels
    x0, y0 = max(0, box[0]), max(0, box[1])
    x1, y1 = min(gray.shape[1], box[2]), min(gray.shape[0], box[3])
    if x1 <= x0 or y1 <= y0:
        return None
    canvas = np.full((y1 - y0 + 2 * pad, x1 - x0 + 2 * pad), 255, dtype=np.uint8)
    canvas[pad:pad + y1 - y0, pad:pad + x1 - x0] = gray[y0:y1, x0:x1]
    again = engine.words(Image.fromarray(canvas), prepared.dpi, psm=7)
    if not again or min(w.conf for w in again) < ALONE_FLOOR \
            or sum(w.conf for w in again) / len(again) < ALONE_SURE \
            or not any(HAS_ALNUM.search(w.text) for w in again):
        return None
    return [w.moved(x0 - pad, y0 - pad) for w in again]


# Words read this unsure one after another along a line are a line Tesseract's page reading
# garbled as a whole: a photographed page's motto "Độc lập - Tự do - Hạnh phúc" came back
# "TC GẠP DIAU DU nụ GD IÁC" at 0-21, a signer's "PHÓ CHỦ TỊCH" as "EEMÔ CHỈ: 0-14", while
# each line read alone came back at 93-97. The boxes of such a reading cut across the real
# words (a word read alone from its box gave half a letter), so the run is read as one line.
GARBLED_CONF = 40.0


def _garbled_runs(words: list[Word], h: int) -> list[list[int]]:
    """Runs of two or more words under ``GARBLED_CONF``, each the next along one line (to its
    right, within two line heights, sharing half its height), at most a line and a half high."""
    runs: list[list[int]] = []
    run: list[int] = []
    end = Word("", (0, 0, 0, 0), 100.0)  # closes the last run
    for index, word in enumerate([*words, end]):
        if word.conf < GARBLED_CONF and run and _next_along(words[run[-1]], word, h):
            run.append(index)
            continue
        if len(run) >= 2:
            _, top, _, bottom = Line(tuple(words[i] for i in run)).box
            if bottom - top <= 1.6 * h:
                runs.append(run)
        run = [index] if word.conf < GARBLED_CONF else []
    return runs


def _next_along(left: Word, right: Word, h: int) -> bool:
    return left.box[0] < right.box[0] and right.box[0] - left.box[2] < 2 * h \
        and left.rows_shared(right) >= 0.5 * min(left.height, right.height)


def _reread_garbled_runs(prepared: Prepared, words: list[Word], engine: OcrEngine) -> list[Word]:
    """``words`` with each garbled run (``_garbled_runs``) replaced by its box read again as
    one line, when that reading is sure (``_read_alone``)."""
    if not words:
        return words
    h = text_height(words)
    replaced: dict[int, list[Word]] = {}
    for run in _garbled_runs(words, h):
        box = Line(tuple(words[i] for i in run)).box
        again = _read_alone(prepared, box, max(8, h // 2), engine)
        below = without_next_line(prepared.pixels, box) if again is None else None
        if below is not None:
            again = _read_alone(prepared, below, max(8, h // 2), engine)
        if again is not None:
            replaced.update({i: [] for i in run})
            replaced[run[0]] = again
    if not replaced:
        return words
    return [new for i, word in enumerate(words) for new in replaced.get(i, [word])]


# A word this many times the page's typical word height, read this unsure, is two lines
# Tesseract's line finding took for one: tightly set lines whose tone marks touch ("Nơi nhận:"
# over "- Thường trực Đảng ủy;" at 11 pt came back as one word "b-t2-L" at confidence 0).
MERGED_CONF = 50.0  # with ``wordboxes.MERGED_HEIGHT``
MERGED_GAIN = 15.0  # the block read alone must be this much surer, on average, to replace it


def _reread_merged_lines(prepared: Prepared, words: list[Word], engine: OcrEngine) -> list[Word]:
    """``words`` with each run of words around a two-line "word" read again as a block.

    The run is the suspect's neighbours within its height (a column gap ends it); the other
    words' ink is painted out of the block, so no line above or below is read cut in half. The
    block's reading replaces the run's only when it has no two-line word of its own and is
    clearly surer; otherwise the first reading stays."""
    letters = [w for w in words if HAS_ALNUM.search(w.text)]
    if not letters:
        return words
    h = float(sorted(w.height for w in letters)[len(letters) // 2])
    tall = [w for w in letters if w.height >= MERGED_HEIGHT * h]
    # two lines read as one: unsure, or sure but with the next line's words inside its box
    # ("Nơi" and "nhận:" boxed down over "- Như Điều 3;" on a faint page, at confidence 96)
    holding = {id(t) for t in tall if any(w is not t and inside(w, t) for w in words)}
    gray = prepared.pixels
    # or sure, and its own pixels two lines ("Net" at 71 over "Nơi nhận:" and "- Lưu: VT, VP.")
    two_lines = {id(w) for w in tall if holds_two_lines(gray, w, round(h))}
    suspects = [w for w in tall if w.conf < MERGED_CONF or id(w) in holding | two_lines]
    if not suspects:
        return words
    dropped: set[int] = set()
    added: list[Word] = []
    for suspect in suspects:
        if id(suspect) in dropped:
            continue
        top, bottom = suspect.box[1] - h / 2, suspect.box[3] + h / 2
        band = sorted((w for w in words if w.box[1] >= top and w.box[3] <= bottom
                       and id(w) not in dropped), key=lambda w: w.box[0])
        at = next(i for i, w in enumerate(band) if w is suspect)
        # grow the run by the nearest edges so far: boxes of two lines overlap in x
        first = last = at
        left, right = suspect.box[0], suspect.box[2]
        while first > 0 and left - band[first - 1].box[2] < 2 * h:
            first -= 1
            left = min(left, band[first].box[0])
        while last + 1 < len(band) and band[last + 1].box[0] - right < 2 * h:
            last += 1
            right = max(right, band[last].box[2])
        members = band[first:last + 1]
        margin = max(4, int(h // 3))
        x0 = max(0, min(w.box[0] for w in members) - margin)
        y0 = max(0, min(w.box[1] for w in members) - margin)
        x1 = min(gray.shape[1], max(w.box[2] for w in members) + margin)
        y1 = min(gray.shape[0], max(w.box[3] for w in members) + margin)
        x0, x1 = _ink_reach(gray, words, members, (x0, y0, x1, y1), 2 * h)
        # the rectangle's ink less the other words' boxes (cut lines above and below), with
        # the members' own boxes put back: a letter no box held ("C" of a merged "CHỦ") stays
        block = gray[y0:y1, x0:x1].copy()
        in_run = {id(w) for w in members}
        for w in words:
            if id(w) not in in_run and w.box[0] < x1 and w.box[2] > x0 \
                    and w.box[1] < y1 and w.box[3] > y0:
                block[max(0, w.box[1] - y0):w.box[3] - y0,
                      max(0, w.box[0] - x0):w.box[2] - x0] = 255
        for w in members:
            bx0, by0, bx1, by1 = w.box
            block[by0 - y0:by1 - y0, bx0 - x0:bx1 - x0] = gray[by0:by1, bx0:bx1]
        read = [n for n in engine.words(Image.fromarray(block), prepared.dpi, psm=6)
                if n.text.strip()]
        new_letters = [n for n in read if HAS_ALNUM.search(n.text)]
        old_letters = [w for w in members if HAS_ALNUM.search(w.text)]
        if not new_letters or any(n.height >= MERGED_HEIGHT * h for n in new_letters):
            continue
        new_conf = sum(n.conf for n in new_letters) / len(new_letters)
        old_conf = sum(w.conf for w in old_letters) / len(old_letters)
        # words inside words are no reading at all: the block need only be as sure; a word
        # whose own pixels are two lines ("BẠN" at 93 over "TM. ỦY BAN" and "CHỦ TỊCH" on a
        # blurred page) is no word either: the block, with no two-line word, need only match
        ids = {id(w) for w in members}
        needed = old_conf - MERGED_GAIN if holding & ids \
            else old_conf if two_lines & ids else old_conf + MERGED_GAIN
        if new_conf < needed or any(inside(a, b) for a in read for b in read if a is not b):
            continue
        dropped.update(id(w) for w in members)
        added += [Word(n.text, (n.box[0] + x0, n.box[1] + y0, n.box[2] + x0, n.box[3] + y0),
                       n.conf) for n in read]
    if not added:
        return words
    return [w for w in words if id(w) not in dropped] + added


def _ink_reach(gray: np.ndarray, words: list[Word], members: list[Word],
               block: tuple[int, int, int, int], gap: float) -> tuple[int, int]:
    """The block's left and right edges moved out over ink no other word's box holds, while
    it stays within ``gap`` of the block: letters the first reading never boxed ("NHÂN DÂN"
    beside a merged "TM. ỦY BAN" / "CHỦ TỊCH") are read with the block, not cut ("NHÂ")."""
    x0, y0, x1, y1 = block
    ink = gray[y0:y1] < INK_LEVEL
    own = {id(m) for m in members}
    for w in words:
        if id(w) not in own and w.box[1] < y1 and w.box[3] > y0:
            ink[max(0, w.box[1] - y0):w.box[3] - y0, max(0, w.box[0]):w.box[2]] = False
    inked = np.nonzero(ink.any(axis=0))[0]
    step = int(gap)
    right = inked[inked >= x1]
    for x in right:
        if x - x1 > step:
            break
        x1 = int(x) + 1
    left = inked[inked < x0][::-1]
    for x in left:
        if x0 - x > step:
            break
        x0 = int(x)
    return x0, x1


def _to_page(word: Word, prepared: Prepared) -> Word:
    s, p = prepared.scale, prepared.pad
    x0, y0, x1, y1 = word.box
    return Word(word.text, (round((x0 - p) / s), round((y0 - p) / s), round((x1 - p) / s),
                            round((y1 - p) / s)), word.conf, word.readings)


@dataclass
class Recognizer:
    """Prepare → engine → reading order. Holds the engine (and so its loaded model).

    ``beside``: a thread with a core of its own, where the page's lower band is read while
    this thread reads the upper one (``ocr.bands``); without it the bands are read in turn."""

    params: OcrParams = field(default_factory=OcrParams)
    engine: OcrEngine | None = None
    beside: Executor | None = None
    # work for whichever thread ends its band first while the other reads (``read_in_bands``)
    spare: Callable[[], None] | None = None

    def __call__(self, img: Image.Image) -> PageOcr:
        engine = self.engine or TesseractEngine(self.params.lang, self.params.psm)
        prepared = prepare(img, self.params)
        cut = band_cut(prepared.pixels, prepared.dpi)
        image = prepared.image
        if cut is None:  # a speckled page: cut where only specks cross, read without them
            speckled = speckled_cut(prepared.pixels, prepared.dpi)
            if speckled is not None:
                cut, image = speckled[0], Image.fromarray(speckled[1])
        image = hide_combs(prepared, image)
        raw = drop_column_smears(read_in_bands(
            lambda band: engine.words(band, prepared.dpi), image,
            [] if cut is None else [cut], self.beside, self.spare))
        large: list[Word] = []  # lines of large type, read apart and final (``large_lines``)
        if raw:
            try:
                raw, large = read_large_lines(prepared, raw, engine, text_height(raw))
            except Exception:  # a second look is a bonus, never a failure
                log.warning("reading large type failed; keeping the first reading",
                            exc_info=True)
        pixels = prepared.pixels.size

        def budgeted() -> OcrEngine:
            return Budgeted(engine, pixels)

        try:
            raw = reread_cells(prepared, raw, budgeted())
        except Exception:  # a second look is a bonus, never a failure
            log.warning("re-reading table cells failed; keeping the first reading",
                        exc_info=True)
        try:
            raw = reread_calls(prepared, reread_combs(prepared, raw, budgeted()), budgeted())
        except Exception:  # a second look is a bonus, never a failure
            log.warning("re-reading a form's combs and calls failed; keeping the first reading",
                        exc_info=True)
        try:
            raw = _reread_garbled_runs(prepared, raw, budgeted())
        except Exception:  # a second look is a bonus, never a failure
            log.warning("re-reading garbled lines failed; keeping the first reading",
                        exc_info=True)
        try:
            raw = _reread_unsure(prepared, raw, engine, self.beside)
        except Exception:  # a second look is a bonus, never a failure
            log.warning("re-reading unsure words failed; keeping the first reading",
                        exc_info=True)
        try:
            raw = reread_row_numbers(prepared, reread_doubtful(prepared, raw, budgeted()),
                                         budgeted())
        except Exception:  # a second look is a bonus, never a failure
            log.warning("re-reading doubtful words failed; keeping the first reading",
                        exc_info=True)
        try:
            raw = _reread_merged_lines(prepared, raw, budgeted())
        except Exception:  # a second look is a bonus, never a failure
            log.warning("re-reading merged lines failed; keeping the first reading",
                        exc_info=True)
        raw = raw + large
        if self.params.recover_missed and raw:
            try:
                raw = raw + _recover_missed(prepared, raw, engine, self.params, self.beside)
            except Exception:  # the second look is a bonus, never a failure
                log.warning("recovery pass failed; keeping the first pass", exc_info=True)
        words = [_to_page(w, prepared) for w in raw] + box_words(prepared.boxes)
        lines = cell_order(reading_order(words, img.width, self.params), prepared.grid)
        page = PageOcr(tuple(lines), img.width, img.height, page_dpi(img), engine.name,
                       prepared.bitonal)
        if self.params.weigh_marks and "vie" in self.params.lang:  # a Vietnamese lexicon
            from .lattice import weigh_marks

            try:
                page = weigh_marks(page, prepared, engine, self.beside)
            except Exception:  # a second look is a bonus, never a failure
                log.warning("weighing doubtful marks failed; keeping the first reading",
                            exc_info=True)
        return unbent(page, prepared.bow)


def recognize(img: Image.Image, params: OcrParams | None = None,
              beside: Executor | None = None,
              spare: Callable[[], None] | None = None) -> PageOcr:
    """OCR one cleaned (upright, deskewed) page; ``beside`` and ``spare``: see
    ``Recognizer``."""
    return Recognizer(params or OcrParams(), beside=beside, spare=spare)(img)
