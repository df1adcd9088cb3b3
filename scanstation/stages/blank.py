"""Blank-page detection: flag for the officer's review, never drop.

A page is blank when its central area holds no writing. "Writing" is a group of at least three
letter-sized marks on one line (one short word is enough to make a page not blank), or a drawn
structure such as a rule or a table, or a solid picture. What is ignored, because it is not the
page's content: the margins (punch holes, page numbers, staples, scanner edges), dust specks
smaller than any letter, and the paper's own colour (yellowish or grey paper is divided out by
the background estimate in ``analysis``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..imaging import components
from .analysis import PageAnalysis


@dataclass(frozen=True)
class BlankParams:
    margin_fraction: float = 0.07  # ignore this much of each side (holes, page numbers)
    min_group: int = 3  # letter-sized marks on one line that make writing
    picture_fraction: float = 0.004  # ink area in the centre that makes a picture/drawing


@dataclass(frozen=True)
class BlankResult:
    blank: bool
    confidence: float
    letters: int  # letter-sized marks in the centre
    longest_line: int  # marks in the best line
    ink_fraction: float  # ink share of the central area


# a line of this many marks settles both the verdict (3 make writing) and the confidence (which
# saturates by 10): counting further on a full page only costs time (0.36 s a page, issue 14)
ENOUGH_MARKS = 10


def _longest_line(boxes: np.ndarray, gap: float, enough: int = ENOUGH_MARKS) -> int:
    """Most marks chained along one text line (overlapping vertically, close horizontally),
    counted up to ``enough``: the search stops at the first line that long."""
    if len(boxes) == 0:
        return 0
    boxes = boxes[np.argsort(boxes[:, 0])]
    n = len(boxes)
    x0s, x1s = boxes[:, 0], boxes[:, 0] + boxes[:, 2] + gap
    cys, hs = boxes[:, 1] + boxes[:, 3] / 2, boxes[:, 3]
    # for each mark, the marks that start before it ends (plus the gap): its only neighbours
    reach = np.searchsorted(x0s, x1s, side="right")
    parent = list(range(n))
    size = [1] * n
    best = 1

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        stop = int(reach[i])
        if stop <= i + 1:
            continue
        js = np.arange(i + 1, stop)
        near = js[np.abs(cys[i + 1:stop] - cys[i]) <= 0.6 * np.maximum(hs[i + 1:stop], hs[i])]
        for j in near.tolist():
            a, b = find(i), find(j)
            if a != b:
                parent[b] = a
                size[a] += size[b]
                best = max(best, size[a])
                if best >= enough:
                    return best
    return best


def detect_blank(analysis: PageAnalysis, params: BlankParams | None = None) -> BlankResult:
    params = params or BlankParams()
    h, w = analysis.shape
    mx, my = round(w * params.margin_fraction), round(h * params.margin_fraction)
    ink = analysis.ink[my : h - my, mx : w - mx]
    if ink.size == 0:
        return BlankResult(True, 0.0, 0, 0, 0.0)
    _n, _labels, stats = components(ink)
    stats = stats[1:]
    heights, widths, areas = stats[:, 3], stats[:, 2], stats[:, 4]
    min_letter = analysis.px(0.9)  # smaller marks are dust, dots and diacritics alone
    max_letter = analysis.px(15.0)
    letters = (heights >= min_letter) & (heights <= max_letter) & (widths <= max_letter) & (
        areas >= min_letter
    )
    letter_boxes = stats[letters][:, :4].astype(np.float64)
    # the page may be turned a quarter: chain marks along rows and along columns
    transposed = letter_boxes[:, [1, 0, 3, 2]]
    longest = _longest_line(letter_boxes, gap=analysis.px(4.0))
    if longest < ENOUGH_MARKS:
        longest = max(longest, _longest_line(transposed, gap=analysis.px(4.0)))
    # long thin rules and big shapes: the page has a drawn structure or a picture
    big = (np.maximum(heights, widths) > max_letter) & (areas >= analysis.px(1.0) ** 2)
    structure_area = float(areas[big].sum())
    ink_fraction = float(ink.mean())
    has_writing = longest >= params.min_group
    has_structure = structure_area >= params.picture_fraction * ink.size or (
        big.any() and ink_fraction >= params.picture_fraction
    )
    blank = not (has_writing or has_structure)
    if blank:
        # the more marks there are, the closer to "not blank": lower confidence
        confidence = 1.0 - min(1.0, longest / params.min_group * 0.5 + ink_fraction / 0.004 * 0.5)
    else:
        confidence = min(1.0, 0.5 + longest / 20.0 + structure_area / max(ink.size, 1) * 50)
    return BlankResult(blank, round(float(max(0.0, confidence)), 3), int(letters.sum()),
                       int(longest), round(ink_fraction, 6))
