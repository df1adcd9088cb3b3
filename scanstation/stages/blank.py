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

import cv2
import numpy as np

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


def _longest_line(boxes: np.ndarray, gap: float) -> int:
    """Most marks chained along one text line (overlapping vertically, close horizontally)."""
    if len(boxes) == 0:
        return 0
    order = np.argsort(boxes[:, 0])
    boxes = boxes[order]
    n = len(boxes)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        x0, y0, w0, h0 = boxes[i]
        cy0 = y0 + h0 / 2
        for j in range(i + 1, n):
            x1, y1, _w1, h1 = boxes[j]
            if x1 > x0 + w0 + gap:
                break
            cy1 = y1 + h1 / 2
            if abs(cy1 - cy0) <= 0.6 * max(h0, h1):
                parent[find(j)] = find(i)
    counts: dict[int, int] = {}
    for i in range(n):
        root = find(i)
        counts[root] = counts.get(root, 0) + 1
    return max(counts.values())


def detect_blank(analysis: PageAnalysis, params: BlankParams | None = None) -> BlankResult:
    params = params or BlankParams()
    h, w = analysis.shape
    mx, my = round(w * params.margin_fraction), round(h * params.margin_fraction)
    ink = analysis.ink[my : h - my, mx : w - mx]
    if ink.size == 0:
        return BlankResult(True, 0.0, 0, 0, 0.0)
    _n, _labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
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
    longest = max(_longest_line(letter_boxes, gap=analysis.px(4.0)),
                  _longest_line(transposed, gap=analysis.px(4.0)))
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
