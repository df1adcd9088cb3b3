"""A sheet's bow: text lines that rise and fall across the page, straightened for reading.

A sheet folded in three and flattened on the glass, a page curling off the platen, a page near a
book's gutter: the lines are no longer straight, but rise and fall with the paper across the
page, the same way for every line. Tesseract fits a line's baseline as one curve and, where a
fold kinks it, cuts lines apart and reads letters as capitals or lower case by where they stand
("về" → "Về", "cơ" → "CƠ"): a folded form read at 15.5 % CER (Augraphy's ``Folding``,
``benchmarks/augraphy_pages.py``).

The page is cut into vertical strips a word or two wide; each strip's row profile of ink is
slid against its neighbour's to where they match best, within 2 mm (a third of a line's pitch,
so a line is never matched with the next one). The offsets, added up from the left, are how far
each column stands above or below the rest: first over the whole page (every line bowed alike),
then, for what is left, in bands of about a dozen lines (a sheet bowed more at the top than at
the bottom). The page is read with every pixel moved back by its bow, and the words' boxes are
moved with their pixels again afterwards, so the text layer lies on the words of the picture as
shown (``unbent``). A page whose lines are straight shows offsets of 0 and is left as it is; a
bow is used only when it makes its band's row profile sharper (its lines thinner), which a
two-column header or a signature block does not, and never where it would bend the rules
among the text (a table whose cells wrap).
"""
from __future__ import annotations

import numpy as np

from .results import Line, PageOcr, Word

STRIP_MM = 8.0  # a strip: a word or two, over which a bowed line is still straight
BAND_MM, BAND_STEP_MM = 80.0, 40.0  # bands of about twelve lines, each bowed its own way
REACH_MM = 2.0  # the most one strip may stand above or below the next
MIN_BOW_MM = 0.4  # a bow smaller than this (about a third of an x-height) is left alone
MIN_GAIN = 1.05  # a band's straightened row profile must be this much sharper
MIN_INK = 25  # ink pixels a strip needs for its profile to be compared (at ~100 dpi)
ANALYSIS_DPI = 100.0
RULE_MM = 20.0  # a horizontal run this long is a rule (a table's, an underline)
# Straightening must leave the rules' row profile at least this sharp. A table of wrapped cells
# bent to fit kept 0.33 of it (6 bands of 4 crops); a folded page straightened kept 0.67-0.94:
# the rules either side of a fold are straight, and the bow, drawn between the strips' middles,
# moves their ends a little
RULES_KEPT = 0.5


def bow_of(gray: np.ndarray, dpi: float) -> np.ndarray | None:
    """How far each pixel of ``gray`` stands below where its line would be straight, in pixels
    (``gray``'s shape; add it to a row to find that row's ink), or None when the page's lines
    are straight.

    First the whole page's bow across (a fold, a curl: every line bowed alike, measured on all
    of them), then what is left of it in bands of about a dozen lines (a sheet bowed more at
    the top than at the bottom), each on the page as the first straightened it."""
    step = max(1, int(np.ceil(dpi / ANALYSIS_DPI - 0.01)))
    small = gray[::step, ::step]
    small_dpi = dpi / step
    ink, rules = _letters_and_rules(small, small_dpi)
    h, width = ink.shape
    whole = _band_bow(ink, rules, small_dpi)
    if whole is not None:
        across = np.broadcast_to(whole, ink.shape)
        ink, rules = straightened(ink, across, mask=True), straightened(rules, across, mask=True)
    band = max(8, round(BAND_MM / 25.4 * small_dpi))
    stride = max(4, round(BAND_STEP_MM / 25.4 * small_dpi))
    tops = list(range(0, max(1, h - band + 1), stride))
    found = _agreeing([_band_bow(ink[top:top + band], rules[top:top + band], small_dpi)
                       for top in tops],
                      np.zeros(width) if whole is None else whole)
    banded = any(b is not None for b in found)
    if whole is None and not banded:
        return None
    ys = np.arange(gray.shape[0]) / step
    xs = np.minimum(np.arange(gray.shape[1]) // step, width - 1)
    out = np.zeros(gray.shape, np.float32)
    if whole is not None:
        out += whole[xs][None, :].astype(np.float32)
    if banded:
        rows = np.array([min(h, top + band / 2.0) for top in tops])
        bows = np.array([np.zeros(width) if b is None else b for b in found])
        # between two bands' centres each column's bow is taken in proportion
        at = np.clip(np.searchsorted(rows, ys) - 1, 0, max(0, len(rows) - 2))
        nxt = np.minimum(at + 1, len(rows) - 1)
        span = np.maximum(rows[nxt] - rows[at], 1e-9)
        t = np.clip((ys - rows[at]) / span, 0.0, 1.0)[:, None]
        out += (bows[at][:, xs] * (1.0 - t) + bows[nxt][:, xs] * t).astype(np.float32)
    return out * step


def _agreeing(bows: list[np.ndarray | None], whole: np.ndarray) -> list[np.ndarray | None]:
    """The bands' bows (beyond the ``whole`` page's) whose band a neighbouring band (they
    overlap by half) shows bowed alike. Paper bends smoothly, down the page as across it; a
    table whose cells wrap does not: a one-line cell beside a two-line one stands half a line
    off it, and that band alone "bowed" by 4-8 px (a ruled table was then bent to fit, and its
    cells were read across)."""
    totals = [whole if b is None else whole + b for b in bows]

    def alike(i: int, j: int) -> bool:
        if not 0 <= j < len(bows):
            return False
        return float(np.abs(totals[i] - totals[j]).mean()) \
            < 0.5 * float(np.abs(totals[i]).mean())

    return [b if b is not None and (alike(i, i - 1) or alike(i, i + 1)) else None
            for i, b in enumerate(bows)]


def _band_bow(ink: np.ndarray, rules: np.ndarray, dpi: float) -> np.ndarray | None:
    """One band's bow per column (its pixels), or None when its lines are straight or its
    ruling lines say the paper is flat."""
    import cv2

    h, w = ink.shape
    width = max(8, round(STRIP_MM / 25.4 * dpi))
    reach = max(1, round(REACH_MM / 25.4 * dpi))
    strips = w // width
    if strips < 3 or h <= 2 * reach:
        return None
    # each strip's row profile, a column of its own, smoothed down the rows
    raw = ink[:, :strips * width].reshape(h, strips, width).sum(axis=2, dtype=np.float32)
    profiles = cv2.GaussianBlur(raw, (1, 5), 1.5)
    mass = profiles.sum(axis=0)
    offsets = np.zeros(strips)
    # row s - reach: each strip's profile slid s - reach rows down against the one before it
    lags = np.array([(profiles[max(0, s):h + min(0, s), 1:]
                      * profiles[max(0, -s):h - max(0, s), :-1]).sum(axis=0)
                     for s in range(-reach, reach + 1)])
    compared = (mass[1:] >= MIN_INK) & (mass[:-1] >= MIN_INK)
    offsets[1:] = np.where(compared, np.argmax(lags, axis=0) - reach, 0)
    at = np.cumsum(offsets)
    if np.ptp(at) < MIN_BOW_MM / 25.4 * dpi:
        return None
    at -= np.average(at, weights=mass + 1e-9)  # the band's ink, on average, stays where it was
    # a first look with each strip moved whole (cheap): most candidates on a straight page's
    # band (a header's two blocks, a signature) gain nothing even so
    if _strips_sharpness(raw, at) < MIN_GAIN * _strips_sharpness(raw, np.zeros(strips)):
        return None
    bow = np.interp(np.arange(w), np.arange(strips) * width + width / 2.0, at)
    flat = np.zeros(w)
    if _sharpness(ink, bow) < MIN_GAIN * _sharpness(ink, flat):
        return None
    # a ruled table whose cells wrap: a one-line cell set in the middle of a row stands half a
    # line off the two-line cell beside it, which matches as a bow, and straightening it bent
    # the table's straight rules (its cells were then read across). A bow of the paper bends
    # the rules with the text, and straightening it leaves them about as sharp.
    # (only rules among the text: the edges of the sheets under a scanned one are straight)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    among = np.zeros_like(rules)
    among[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1] = \
        rules[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    if among.any() and _sharpness(among, bow) < RULES_KEPT * _sharpness(among, flat):
        return None
    return bow


def _letters_and_rules(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """The ink of letter-sized marks, and of horizontal rules (runs of ``RULE_MM`` or more).
    A rule, a fold's shadow or the edges of the sheets below are long or large, and would line
    the strips up by themselves rather than by the text."""
    import cv2

    from ..imaging import components

    dark = (gray < cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0])
    _count, labels, stats = components(dark)
    mm = dpi / 25.4
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    letter = (heights >= 0.8 * mm) & (heights <= 8.0 * mm) & (widths <= 15.0 * mm)
    letter[0] = False  # the paper
    run = max(3, round(RULE_MM * mm)) | 1
    rules = cv2.morphologyEx(dark.view(np.uint8), cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    return np.take(letter.view(np.uint8), labels), rules


def _strips_sharpness(raw: np.ndarray, at: np.ndarray) -> float:
    """Sum of squares of the band's row profile with each strip's profile moved back by its
    offset, rounded (``raw``: one column per strip)."""
    h = raw.shape[0]
    total = np.zeros(h)
    for j, shift in enumerate(np.round(at).astype(np.int64)):
        if shift >= 0:
            total[:h - shift] += raw[shift:, j]
        else:
            total[-shift:] += raw[:h + shift, j]
    return float(np.dot(total, total))


def _sharpness(ink: np.ndarray, bow: np.ndarray) -> float:
    """Sum of squares of the row profile with each column moved back by ``bow``."""
    ys, xs = np.nonzero(ink)
    rows = np.round(ys - bow[xs]).astype(np.int64)
    keep = (rows >= 0) & (rows < ink.shape[0])
    counts = np.bincount(rows[keep], minlength=ink.shape[0]).astype(np.float64)
    return float(np.dot(counts, counts))


def straightened(gray: np.ndarray, bow: np.ndarray, mask: bool = False) -> np.ndarray:
    """``gray`` with each pixel moved back by its bow (paper-white where nothing was; with
    ``mask``, a mask: nearest pixel, and nothing where nothing was)."""
    import cv2

    h, w = gray.shape
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    return cv2.remap(gray, xs, (ys + bow).astype(np.float32),
                     cv2.INTER_NEAREST if mask else cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=0 if mask else 255)


def unbent(page: PageOcr, bow: np.ndarray | None) -> PageOcr:
    """``page``'s words (read on the straightened page) moved back onto the bowed one."""
    if bow is None:
        return page

    h, w = bow.shape

    def moved(word: Word) -> Word:
        x = min(w - 1, max(0, (word.box[0] + word.box[2]) // 2))
        y = min(h - 1, max(0, (word.box[1] + word.box[3]) // 2))
        return word.moved(0, round(float(bow[y, x])))

    return page.with_lines([Line(tuple(moved(w) for w in line.words)) for line in page.lines])
