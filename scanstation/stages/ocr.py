"""OCR stage: words, boxes and confidences of a cleaned page, and its lines in reading order.

Tesseract ``vie`` runs through tesserocr with the model kept loaded (one ``PyTessBaseAPI`` per
process and per setting; loading ``vie`` costs about as much as reading a short page). OpenMP is
limited to one thread before tesserocr loads: one Tesseract per core wins on this box (DESIGN §4).

Tesseract reads the cleaned page well but orders it badly: on a Vietnamese administrative page
the two-column header (agency on the left, national motto on the right) comes out interleaved
line by line, and ruled tables come out garbled because the ruling lines touch the glyphs. So the
page handed to Tesseract is prepared first (paper normalised, ruling lines erased, low-dpi pages
upscaled, a white margin added so words touching the edge are not dropped), and the reading order
is rebuilt here from the word boxes: visual rows, split at wide gaps into segments, the header
columns read left block then right block, tables row by row.

The stage is pure: ``recognize(image) -> PageOcr``; no I/O.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PIL import Image

log = logging.getLogger("scanstation.ocr")

# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One recognised word; ``box`` is (left, top, right, bottom) in pixels of the cleaned page."""

    text: str
    box: tuple[int, int, int, int]
    conf: float  # 0–100

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]


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
        return PageOcr(tuple(lines), self.width, self.height, self.dpi, self.engine)


@dataclass(frozen=True)
class OcrParams:
    lang: str = "vie"
    psm: int = 3  # automatic layout: finds table cells and header blocks (psm 4/6 garble tables)
    target_dpi: float = 300.0  # pages scanned below ``min_dpi`` are upscaled to this
    min_dpi: float = 250.0
    normalize_paper: bool = True
    remove_rules: bool = True
    despeckle: bool = True
    pad_px: int = 40
    recover_missed: bool = True
    recover_min_conf: float = 60.0
    recover_max_regions: int = 40
    min_word_conf: float = 50.0  # below this, a word with no letter or digit is noise ("^", "|",
    # the "_" a shadow leaves between the header columns); real punctuation reads far above it
    min_alnum_conf: float = 8.3  # a word with a letter or digit is kept down to this
    column_gap_ratio: float = 1.0  # a gap wider than this × line height may split columns


# --- engine ----------------------------------------------------------------------------------


class OcrEngine(Protocol):
    """A recognizer: words with boxes (in the pixels of ``gray``) and confidences."""

    name: str

    def words(self, gray: Image.Image, dpi: float, psm: int | None = None) -> list[Word]:
        """Words on the page; ``psm=7`` reads ``gray`` as one line (the recovery pass)."""
        ...


TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)


def tessdata_dir(lang: str = "vie") -> str:
    """Debian's tessdata folder (the tesserocr wheel's built-in default, ``./``, finds nothing)."""
    env = os.environ.get("TESSDATA_PREFIX")
    for candidate in ([env] if env else []) + list(TESSDATA_CANDIDATES):
        if (Path(candidate) / f"{lang}.traineddata").is_file():
            return candidate
    from ..errors import MissingToolError

    raise MissingToolError(tool=f"tesseract {lang}", package=f"tesseract-ocr-{lang}")


_APIS: dict[tuple[str, int], Any] = {}


def _tesseract_api(lang: str, psm: int) -> Any:
    """One loaded Tesseract per process and setting (tesserocr's API is not thread-safe: the
    pipeline gives each worker process its own; in-process runs hold ``ocr_pipeline``'s lock)."""
    key = (lang, psm)
    if key not in _APIS:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        import tesserocr

        _APIS[key] = tesserocr.PyTessBaseAPI(path=tessdata_dir(lang), lang=lang, psm=psm)
    return _APIS[key]


@dataclass
class TesseractEngine:
    lang: str = "vie"
    psm: int = 3
    name: str = "tesseract"

    def words(self, gray: Image.Image, dpi: float, psm: int | None = None) -> list[Word]:
        import tesserocr

        api = _tesseract_api(self.lang, self.psm if psm is None else psm)
        api.SetImage(gray)
        api.SetSourceResolution(max(70, round(dpi)))
        api.Recognize()
        out: list[Word] = []
        iterator = api.GetIterator()
        level = tesserocr.RIL.WORD
        if iterator is None:
            return out
        while True:
            try:
                text = iterator.GetUTF8Text(level)
                box = iterator.BoundingBox(level)
            except RuntimeError:  # tesserocr raises on an empty word instead of returning ""
                text, box = "", None
            if text and box:
                text = unicodedata.normalize("NFC", text.strip())
                if text:
                    x0, y0, x1, y1 = (int(v) for v in box)
                    out.append(Word(text, (x0, y0, x1, y1), float(iterator.Confidence(level))))
            if not iterator.Next(level):
                break
        api.Clear()
        return out


ENGINES: dict[str, type] = {"tesseract": TesseractEngine}


# --- preparing the page for Tesseract --------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    image: Image.Image  # greyscale, what Tesseract reads
    scale: float  # prepared pixels per cleaned-page pixel
    pad: int
    dpi: float


def _page_dpi(img: Image.Image) -> float:
    from .analysis import estimate_dpi

    return float(estimate_dpi(img))


def prepare(img: Image.Image, params: OcrParams | None = None) -> Prepared:
    """Greyscale, paper-normalised, rules erased, upscaled if low-dpi, padded."""
    import cv2

    params = params or OcrParams()
    dpi = _page_dpi(img)
    gray = np.asarray(img.convert("L"))
    scale = 1.0
    if dpi < params.min_dpi:
        scale = params.target_dpi / dpi
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    work_dpi = dpi * scale
    if params.normalize_paper:
        gray = _normalize_paper(gray, work_dpi)
    if params.despeckle:
        gray = _despeckle(gray, work_dpi)
    if params.remove_rules:
        gray = _erase_rules(gray, work_dpi)
    pad = params.pad_px
    if pad:
        gray = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return Prepared(Image.fromarray(gray), scale, pad, work_dpi)


def _normalize_paper(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Divide by the local paper colour: shadows, yellow paper and uneven photo light go white."""
    import cv2

    k = max(15, int(dpi / 10) | 1)  # ~2.5 mm: wider than a stroke, narrower than a shadow edge
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max(3, k // 4 | 1),) * 2)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), 3)
    background = cv2.resize(background, (gray.shape[1], gray.shape[0]),
                            interpolation=cv2.INTER_LINEAR)
    out = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0) * 255.0
    return out.clip(0, 255).astype(np.uint8)


SPECKS_PER_MEGAPIXEL = 100  # clean, JPEG, photographed and yellowed pages show none at all


def _despeckle(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Paint specks of scanner noise paper-white, on a noisy page only.

    Specks (salt-and-pepper, grain that survives binarisation) glue to Tesseract's word boxes,
    which then reach into the next line, and rows of text get read interleaved: a noisy 200-dpi
    page lost a third of its characters. A speck is an ink blob of a few pixels, smaller than
    the smallest dot of a letter (the dot of "i", the tone dot of "ạ"); a page is noisy when it
    has many of them, and a clean page is left exactly as it is.
    """
    import cv2

    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    areas = stats[:, cv2.CC_STAT_AREA]
    areas[0] = 1 << 30  # the background
    tiny = int((areas <= max(4.0, (dpi / 150) ** 2)).sum())
    if tiny < SPECKS_PER_MEGAPIXEL * gray.size / 1e6:
        return gray
    speck = areas <= max(4.0, (dpi / 100) ** 2)
    out = gray.copy()
    out[speck[labels]] = 255
    return out


FAINT_INK = 225  # grey levels below this on normalised (white) paper may be a pale rule


def _long_runs(ink: np.ndarray, length: int, thin: int = 0) -> np.ndarray:
    """Long horizontal and vertical runs of ``ink``; with ``thin``, only those at most ``thin``
    pixels thick across."""
    import cv2

    # thicken across the rule first: a rule left tilted by a fraction of a degree after deskew
    # still gives a long unbroken run in every row of the thickened band
    thick_h = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    thick_v = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    horiz = cv2.morphologyEx(thick_h, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vert = cv2.morphologyEx(thick_v, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    if thin:
        wide_h = cv2.morphologyEx(horiz, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (1, thin + 1)))
        wide_v = cv2.morphologyEx(vert, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (thin + 1, 1)))
        # the pale rim of a thick band is thin too: keep clear of thick bands by their width
        grow_h = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 2 * thin + 1))
        grow_v = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * thin + 1, 3))
        horiz = cv2.bitwise_and(horiz, cv2.bitwise_not(cv2.dilate(wide_h, grow_h)))
        vert = cv2.bitwise_and(vert, cv2.bitwise_not(cv2.dilate(wide_v, grow_v)))
    return cv2.bitwise_or(horiz, vert)


def _erase_rules(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Paint long horizontal and vertical ruling lines (table borders) paper-white.

    Rules are found at half resolution (a rule is long; half the pixels find it as well, in a
    quarter of the time) and erased at full resolution.
    """
    import cv2

    # min-pooled, not averaged: a hairline rule (1 px, grey once the page was rotated upright or
    # deskewed) averaged with the paper beside it fades below the ink threshold in places and
    # survives as "|", "(" or "¡" glued to the words of the table
    half = cv2.erode(gray, np.ones((2, 2), np.uint8))[::2, ::2]
    ink = cv2.threshold(half, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    length = max(10, int(dpi * 0.2))  # 10 mm at half resolution: longer than any glyph stroke
    rules = _long_runs(ink, length)
    # a blurred hairline is a wide, pale band that Otsu calls paper, and Tesseract still reads
    # it as "|" glued to the cells: look again at everything darker than the (normalised)
    # paper, keeping only runs of 20 mm or more that are thin across, so a line of blurred
    # text (as thick as its x-height) is never taken for a rule
    faint = (half < FAINT_INK).astype(np.uint8) * 255
    rules = cv2.bitwise_or(rules, _long_runs(faint, 2 * length, thin=max(4, int(dpi * 0.027))))
    if not rules.any():
        return gray
    rules = cv2.resize(rules, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    out = gray.copy()
    out[rules > 0] = 255
    return out


# --- reading order ---------------------------------------------------------------------------


_HAS_ALNUM = re.compile(r"[^\W_]", re.UNICODE)  # a letter or digit ("_" is in \w)


def _keep(word: Word, params: OcrParams) -> bool:
    if word.conf >= params.min_word_conf:
        return True
    if not _HAS_ALNUM.search(word.text):
        return False
    return word.conf >= params.min_alnum_conf or _reads_as_text(word.text)


def _reads_as_text(text: str) -> bool:
    """A word Tesseract scored near 0 is still kept when it reads as Vietnamese: every piece a
    syllable of two letters or more (after textfix), or a number. Tesseract gives confidence 0
    to words it re-joined or re-split in narrow table cells ("Dương", "QuốcTrang", "12,") that
    are read right; noise ("tp", "ii", "°") is not made of syllables."""
    from .textfix import fix_word, models  # textfix imports this module: import when needed

    m = models()
    pieces = re.findall(r"[^\W_]+", fix_word(text, 100.0, m))
    return bool(pieces) and all(
        piece.isdigit() or (len(piece) >= 2 and piece.lower() in m.syllables) for piece in pieces)


def _median_height(words: Sequence[Word]) -> float:
    heights = sorted(w.height for w in words)
    return float(heights[len(heights) // 2]) if heights else 1.0


def _rows(words: list[Word]) -> list[list[Word]]:
    """Group words into visual rows by vertical overlap, top to bottom, each left to right.

    A word much taller than the page's words (a box stretched by a speck or a stamp) joins the
    row its centre falls in but does not widen it: widened, the row would swallow the next
    line and the two would be read interleaved."""
    rows: list[tuple[float, float, list[Word]]] = []  # (top, bottom, words)
    tall = 1.8 * _median_height(words)
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        cy = (word.box[1] + word.box[3]) / 2
        top_w, bottom_w = float(word.box[1]), float(word.box[3])
        if word.height > tall:
            top_w, bottom_w = cy - tall / 4, cy + tall / 4
        placed = False
        for index in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom, members = rows[index]
            if top <= cy <= bottom:
                members.append(word)
                rows[index] = (min(top, top_w), max(bottom, bottom_w), members)
                placed = True
                break
        if not placed:
            rows.append((top_w, bottom_w, [word]))
    out = [sorted(members, key=lambda w: w.box[0]) for _, _, members in rows]
    return [row for row in out if row]


def _typical_height(row: list[Word]) -> float:
    heights = sorted(w.height for w in row)
    return float(heights[len(heights) // 2]) if heights else 1.0


def _side(word: Word, split: float) -> str:
    if word.box[2] <= split:
        return "L"
    if word.box[0] >= split:
        return "R"
    return "X"


def _wide_gaps(words: list[Word], ratio: float) -> bool:
    if len(words) < 2:
        return False
    h = _typical_height(words)
    return any(b.box[0] - a.box[2] > ratio * h for a, b in itertools.pairwise(words))


_MOTTO_STARTS = ("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP")


def _starts_motto(words: Sequence[Word]) -> bool:
    """The right block of the national header starts here ("CỘNG HÒA XÃ HỘI…", "Độc lập…")."""
    head = unicodedata.normalize("NFC", " ".join(w.text for w in words[:2])).upper()
    return head.startswith(_MOTTO_STARTS)


def _run_for_split(rows: list[list[Word]], start: int, split: float,
                   ratio: float) -> tuple[int, int]:
    """How many rows from ``start`` have every word wholly on one side of ``split`` (with a
    column-wide gap there, not a word space), and how many of those have both sides filled.
    A row whose right side starts the national motto needs no more than some gap: on a
    cramped header (or a photo's keystone) the agency can come within a word space of it."""
    end, both = start, 0
    for row in rows[start:]:
        sides = [_side(w, split) for w in row]
        if "X" in sides:
            break
        if any(_wide_gaps([w for w, side in zip(row, sides, strict=True) if side == part], ratio)
               for part in ("L", "R")):
            break  # a side with a gap of its own is a table row, not a header block line
        if "L" in sides and "R" in sides:
            last_left = max(w.box[2] for w, side in zip(row, sides, strict=True) if side == "L")
            right = [w for w, side in zip(row, sides, strict=True) if side == "R"]
            first_right = min(w.box[0] for w in right)
            needed = 0.0 if _starts_motto(right) else ratio * _typical_height(row)
            if first_right - last_left <= needed:
                break
        sides = set(sides)
        both += sides == {"L", "R"}
        end += 1
    return end, both


def _column_run(rows: list[list[Word]], start: int, width: int,
                ratio: float) -> tuple[int, float] | None:
    """If rows ``start…`` form a two-column block (the national header: agency on the left,
    motto on the right), return (end row, split x). Candidate splits are the wide gaps of the
    first rows; the one that cleanly separates the most rows wins.

    The two blocks are each centred on their own column, so their lines have different widths:
    the agency's longer second line can reach past the middle of the first line's gap
    ("CÔNG AN ⟷ CỘNG HÒA…" above "THÀNH PHỐ BẢO LỘC ⟷ Độc lập…"). No single row's gap midpoint
    then separates every row, so the midpoints of where two rows' gaps overlap are tried too.
    """
    gaps: list[tuple[float, float]] = []
    for row in rows[start:start + 4]:
        h = _typical_height(row)
        for prev, word in itertools.pairwise(row):
            if word.box[0] - prev.box[2] > ratio * h:
                gaps.append((float(prev.box[2]), float(word.box[0])))
    candidates = [(a + b) / 2 for a, b in gaps]
    for row in rows[start:start + 4]:  # just left of the motto, however narrow the gap
        for index in range(1, len(row)):
            if row[index].box[0] > row[index - 1].box[2] and _starts_motto(row[index:]):
                candidates.append((row[index - 1].box[2] + row[index].box[0]) / 2)
    for (a0, b0), (a1, b1) in itertools.combinations(gaps, 2):
        lo, hi = max(a0, a1), min(b0, b1)
        if hi > lo:
            candidates.append((lo + hi) / 2)
    best: tuple[int, int, float] | None = None
    for split in candidates:
        if not (0.25 * width <= split <= 0.75 * width):
            continue
        end, both = _run_for_split(rows, start, split, ratio)
        if both and end - start >= 2 and (best is None or (end, both) > best[:2]):
            best = (end, both, split)
    return (best[0], best[2]) if best else None


def _starts_recipients(row: list[Word]) -> bool:
    return " ".join(w.text for w in row[:2]).lower().startswith("nơi nhận")


def _closing_block_starts(rows: list[list[Word]], index: int, width: int) -> bool:
    """The closing block of a decision: "Nơi nhận:" (recipients) on the left, the signer's
    title on the right — which often starts a row above the recipients."""
    if _starts_recipients(rows[index]):
        return True
    right_only = all(w.box[0] >= width / 2 for w in rows[index])
    return right_only and index + 1 < len(rows) and _starts_recipients(rows[index + 1])


def reading_order(words: list[Word], width: int, params: OcrParams | None = None) -> list[Line]:
    """Lines in reading order: the two-column header (and a closing 'Nơi nhận' block) left
    column then right column; every other row left to right, table rows cell after cell."""
    params = params or OcrParams()
    kept = [w for w in words if _keep(w, params)]
    if not kept:
        return []
    rows = _rows(kept)
    lines: list[Line] = []
    index = 0
    while index < len(rows):
        run = None
        if index == 0 or _closing_block_starts(rows, index, width):
            run = _column_run(rows, index, width, params.column_gap_ratio)
        if run is not None:
            end, split = run
            for side in ("L", "R"):
                for row in rows[index:end]:
                    part = tuple(w for w in row if _side(w, split) == side)
                    if part:
                        lines.append(Line(part))
            index = end
            continue
        lines.append(Line(tuple(rows[index])))
        index += 1
    return lines


# --- the stage -------------------------------------------------------------------------------


def _recover_missed(prepared: Prepared, words: list[Word], engine: OcrEngine,
                    params: OcrParams) -> list[Word]:
    """Read ink that the layout pass left out, one line at a time.

    Tesseract's page layout drops isolated short text (the STT column of a table, a lone
    number): clusters of text-sized ink outside every word box are read again as single lines.
    """
    import cv2

    gray = np.asarray(prepared.image)
    heights = sorted(w.height for w in words)
    h = max(8, heights[len(heights) // 2])
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
    count, _, stats, _ = cv2.connectedComponentsWithStats(merged, connectivity=8)
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
    # what the first pass read is painted out, so a crop never reads a word twice
    masked = gray.copy()
    masked[covered > 0] = 255
    found: list[Word] = []
    margin = max(4, h // 3)
    kept = sorted(regions, reverse=True)[: params.recover_max_regions]
    for group in _columns([r[1:] for r in kept]):
        x0 = max(0, min(r[0] for r in group) - margin)
        y0 = max(0, min(r[1] for r in group) - margin)
        x1 = min(gray.shape[1], max(r[0] + r[2] for r in group) + margin)
        y1 = min(gray.shape[0], max(r[1] + r[3] for r in group) + margin)
        crop = Image.fromarray(np.ascontiguousarray(masked[y0:y1, x0:x1]))
        # a stack of short pieces (a table's STT column) reads far better as one block than
        # piece by piece: lone digits out of context come back as "°" or "⁄"
        psm = 6 if len(group) > 1 else 7
        for w in engine.words(crop, prepared.dpi, psm=psm):
            if w.conf >= params.recover_min_conf and _HAS_ALNUM.search(w.text):
                bx0, by0, bx1, by1 = w.box
                found.append(Word(w.text, (bx0 + x0, by0 + y0, bx1 + x0, by1 + y0), w.conf))
    return found


def _drop_column_smears(words: list[Word]) -> list[Word]:
    """Drop "words" several lines tall: Tesseract sometimes reads a table's narrow STT column
    (2, 3, 4 … stacked) as one garbage word ("xGOGẰœ", 10 lines high). Dropped, its ink is
    outside every word box and the second look reads it as the stack of numbers it is. A real
    word that tall would be a headline several times the body size, read with confidence."""
    if len(words) < 5:
        return words
    median = _median_height(words)
    return [w for w in words
            if w.height <= 2.5 * median or (w.conf >= 60 and w.height <= 4 * median)]


def _columns(regions: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """Group (x, y, w, h) regions that overlap horizontally into columns, top to bottom."""
    groups: list[list[tuple[int, int, int, int]]] = []
    for region in sorted(regions, key=lambda r: (r[1], r[0])):
        x, _, w, _ = region
        for group in groups:
            gx0 = min(r[0] for r in group)
            gx1 = max(r[0] + r[2] for r in group)
            if x < gx1 and x + w > gx0:
                group.append(region)
                break
        else:
            groups.append([region])
    return groups


def _to_page(word: Word, prepared: Prepared) -> Word:
    s, p = prepared.scale, prepared.pad
    x0, y0, x1, y1 = word.box
    return Word(word.text, (round((x0 - p) / s), round((y0 - p) / s), round((x1 - p) / s),
                            round((y1 - p) / s)), word.conf)


@dataclass
class Recognizer:
    """Prepare → engine → reading order. Holds the engine (and so its loaded model)."""

    params: OcrParams = field(default_factory=OcrParams)
    engine: OcrEngine | None = None

    def __call__(self, img: Image.Image) -> PageOcr:
        engine = self.engine or TesseractEngine(self.params.lang, self.params.psm)
        prepared = prepare(img, self.params)
        raw = _drop_column_smears(engine.words(prepared.image, prepared.dpi))
        if self.params.recover_missed and raw:
            try:
                raw = raw + _recover_missed(prepared, raw, engine, self.params)
            except Exception:  # the second look is a bonus, never a failure
                log.warning("recovery pass failed; keeping the first pass", exc_info=True)
        words = [_to_page(w, prepared) for w in raw]
        lines = reading_order(words, img.width, self.params)
        return PageOcr(tuple(lines), img.width, img.height, _page_dpi(img), engine.name)


def recognize(img: Image.Image, params: OcrParams | None = None) -> PageOcr:
    """OCR one cleaned (upright, deskewed) page."""
    return Recognizer(params or OcrParams())(img)
