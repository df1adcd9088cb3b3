"""OCR of one cleaned page: prepare → Tesseract → second look at missed ink → reading order.

Tesseract ``vie`` runs through the one loaded engine (``ocr.engine``); the page is prepared first
(``ocr.prepare``) and its lines are put in reading order from the word boxes (``ocr.layout``).

Pure: ``recognize(image) -> PageOcr``; no I/O.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ..imaging import components
from .engine import OcrEngine, TesseractEngine
from .layout import HAS_ALNUM, drop_column_smears, reading_order
from .prepare import Prepared, page_dpi, prepare
from .results import OcrParams, PageOcr, Word

log = logging.getLogger("scanstation.ocr")


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
            if w.conf >= params.recover_min_conf and HAS_ALNUM.search(w.text):
                bx0, by0, bx1, by1 = w.box
                found.append(Word(w.text, (bx0 + x0, by0 + y0, bx1 + x0, by1 + y0), w.conf))
    return found



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
        raw = drop_column_smears(engine.words(prepared.image, prepared.dpi))
        if self.params.recover_missed and raw:
            try:
                raw = raw + _recover_missed(prepared, raw, engine, self.params)
            except Exception:  # the second look is a bonus, never a failure
                log.warning("recovery pass failed; keeping the first pass", exc_info=True)
        words = [_to_page(w, prepared) for w in raw]
        lines = reading_order(words, img.width, self.params)
        return PageOcr(tuple(lines), img.width, img.height, page_dpi(img), engine.name)


def recognize(img: Image.Image, params: OcrParams | None = None) -> PageOcr:
    """OCR one cleaned (upright, deskewed) page."""
    return Recognizer(params or OcrParams())(img)
