"""Geometry of read words on a prepared page: the typical line height, columns of boxes,
a box inside another, a box that holds two lines. Pure functions over ``Word`` boxes, shared by
the second looks of ``recognize`` and ``numbering``."""

from __future__ import annotations

import numpy as np

from .bands import INK_LEVEL
from .results import Word

# A word this many times the page's typical word height may be two lines read as one
# (``holds_two_lines``; ``recognize`` reads such a run again).
MERGED_HEIGHT = 1.7


def text_height(words: list[Word]) -> int:
    """The page's typical word height (the median), at least 8 px."""
    heights = sorted(w.height for w in words)
    return max(8, heights[len(heights) // 2])



def holds_two_lines(gray: np.ndarray, word: Word, h: int) -> bool:
    """Whether ``word``'s box holds two lines of text: it is ``MERGED_HEIGHT`` line heights
    ``h`` tall or more, and a (nearly) blank row crosses it with half a line height or more and
    a quarter of the ink or more on each side. A capital's tone marks (a heading's "PHƯỜNG SÀI
    GÒN", as tall as two lines of body text) are a thin strip of little ink above the letters,
    so such a word is one line."""
    if word.height < MERGED_HEIGHT * h:
        return False
    x0, y0, x1, y1 = word.box
    ink = (gray[max(0, y0):y1, max(0, x0):x1] < INK_LEVEL).sum(axis=1)  # as for a band cut
    total = int(ink.sum())
    if total == 0:
        return False
    rows = np.nonzero(ink <= max(2, (x1 - x0) // 50))[0]  # a speck or two between the lines
    share = np.cumsum(ink)[rows] / total
    return bool(((rows >= h / 2) & (rows <= len(ink) - h / 2)
                 & (share >= 0.25) & (share <= 0.75)).any())


def inside(word: Word, box_of: Word) -> bool:
    """``word``'s centre lies within ``box_of``'s box."""
    cx, cy = word.centre
    return box_of.box[0] < cx < box_of.box[2] and box_of.box[1] < cy < box_of.box[3]


def xywh(word: Word) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = word.box
    return x0, y0, x1 - x0, y1 - y0


def columns(regions: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
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


# A garbled run's box is Tesseract's, from a line it took wrongly: "- Lưu: VT, VP." read with the
# signer's larger "PHÓ CHỦ TỊCH" level with it came back "THỜN VIjyt," boxed down over the tops of
# the next line's letters, and read alone with them it was "=". When the box read alone is not
# sure and its lowest rows are ink apart from the rest (a blank row between), under ``FRINGE`` of
# its height, it is read once more without them. Only then: a dot below a line of capitals
# ("TỊCH") lies apart like that, and a sure first reading keeps it.
FRINGE = 0.4


def without_next_line(gray: np.ndarray, box: tuple[int, int, int, int]
                       ) -> tuple[int, int, int, int] | None:
    """``box`` with the ink rows at its foot that a blank row parts from the rest cut off, or
    None when there are none within ``FRINGE`` of its height."""
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), box[2], min(gray.shape[0], box[3])
    if y1 - y0 < 4 or x1 <= x0:
        return None
    rows = [bool(v) for v in np.asarray(gray[y0:y1, x0:x1].min(axis=1)) < 128]
    foot = len(rows)
    while foot > 0 and not rows[foot - 1]:
        foot -= 1  # blank rows at the very bottom part nothing
    cut = foot
    while cut > 0 and rows[cut - 1]:
        cut -= 1
    if cut == 0 or foot - cut > FRINGE * len(rows) or not any(rows[:cut]):
        return None
    return (box[0], box[1], box[2], y0 + cut)
