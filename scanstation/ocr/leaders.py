"""Typed dotted leaders ("Họ và tên: ……………"): found among a page's ink components, so the
preparation can paint them out (``prepare._erase_small_marks``), and the dots of one too short
for that cut from the value a field's number follows (``leaders_before_fields``)."""

from __future__ import annotations

import re

import numpy as np

from .results import Word


def leader_dots(stats: np.ndarray, dpi: float) -> np.ndarray:
    """Which components are the dots of dotted leaders ("Họ và tên: ……………").

    Tesseract reads a leader as runs of "." and "…" glued to the words written over it. A leader
    is a row of dot-sized marks, each within 2.5 millimetres of the next, ten millimetres or
    more: text never chains dot-sized marks like that (the dots of i and the tone dots sit on
    letters, one a syllable, syllables apart; an ellipsis is three). Typed leaders are that
    sparse: a word processor's "....." at 13–14 pt puts its periods 1.2–1.5 mm apart; "………" at
    14 pt, 1.65 mm within an ellipsis and 2 mm from one to the next; a 14-pt period blurred by a
    scan is 0.6–0.8 mm across (issue 14: leaders typed in a browser were read as "......" and
    garbage, 10–15 % of a page). Only the dots are painted out, never a letter they touch.
    Chains are found from the components' boxes alone (no pass over the pixels).
    """
    import cv2

    dot = max(2, round(dpi / 32))  # 0.8 mm
    x, y, w, h = (stats[:, k].astype(np.float64) for k in (
        cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    found = np.zeros(len(stats), dtype=bool)
    # two pixels of play, as in ``_regular``: a fax's dot, two of its 100-dpi rows softened
    # and upscaled, is 7 × 10 px at 300 dpi, and a fax's leader was read as "cu ĐH KT Đi Ki"
    small = np.nonzero((w <= dot + 2) & (h <= dot + 2))[0]
    small = small[small > 0]
    if len(small) < 10:
        return found
    cx, cy = x[small] + w[small] / 2, y[small] + h[small] / 2
    gap, length = dpi / 10.16, dpi / 2.54  # 2.5 mm, 10 mm
    for offset in (0.0, dot / 2):  # two bucketings: a leader on a bucket edge is whole in one
        rows = np.floor((cy + offset) / dot)
        order = np.lexsort((cx, rows))
        r, xs, ids = rows[order], cx[order], small[order]
        breaks = np.nonzero((np.diff(r) != 0) | (np.diff(xs) > gap))[0] + 1
        for start, end in zip(np.r_[0, breaks], np.r_[breaks, len(ids)], strict=True):
            if end - start >= 10 and xs[end - 1] - xs[start] >= length and _regular(
                    xs[start:end], w[ids[start:end]], h[ids[start:end]]):
                found[ids[start:end]] = True
    return found


def _regular(xs: np.ndarray, widths: np.ndarray, heights: np.ndarray) -> bool:
    """A typed leader repeats one dot at one pitch (an ellipsis run: two pitches). On a speckled
    page, grain and the tone dots of a line ("trị", "Tuấn") chained just as closely, at random
    spacings and sizes, and the marks were painted out with the grain. Pixel-sized grain on a
    noisy page sits among a leader's dots too: the pitch and the likeness are those of the dots
    (the marks near the largest), and the grain between them goes with them."""
    size = np.maximum(widths, heights)
    dots = size >= 0.6 * float(np.percentile(size, 90))
    if dots.sum() < 10:
        return False
    steps = np.diff(xs[dots])
    pitch = float(np.median(steps))
    even = float(np.mean((steps >= 0.6 * pitch) & (steps <= 1.6 * pitch)))
    size = size[dots]
    # two pixels of play at any size: a bitonal fax scanned at 200 dpi and upscaled for
    # Tesseract draws one dot 6 or 8 pixels wide by where it fell on the scanner's grid (a
    # leader "………" of such dots was read as 90 characters of "....-..-")
    alike = float(np.mean(np.abs(size - np.median(size)) <= max(2.0, 0.25 * np.median(size))))
    return even >= 0.85 and alike >= 0.85


_FIELD_NUMBER = re.compile(r"^\d{1,2}\.$")
_LEADER_END = re.compile(r"(?<=[^\W_])(?:\.|…){2,}$")


def leaders_before_fields(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """A line's words with the dots of a leader cut from a value that the next field's number
    follows ("Chồng... 8. Mối quan hệ" → "Chồng 8. Mối quan hệ"): prose puts no numbered
    field after an ellipsis."""
    out = list(words)
    for index in range(len(out) - 1):
        if _FIELD_NUMBER.match(out[index + 1].text) and _LEADER_END.search(out[index].text):
            word = out[index]
            out[index] = Word(_LEADER_END.sub("", word.text), word.box, word.conf)
    return tuple(out)
