"""Deskew: the angle of the text lines, by projection profiles of the ink.

Rotating the ink's coordinates (not the image) and histogramming them across the line direction
gives a profile that is sharpest when the bins run along the text lines. The search is coarse to
fine: every degree over the half turn (which also tells whether lines run across or down the
image, i.e. the quarter-turn axis), then 0.1° and 0.01° steps with a parabolic peak fit, so the
resolution is well under the 0.05° the page is left alone below.

Conventions (Pillow's ``Image.rotate``): the skew is counter-clockwise in degrees as displayed,
positive when text lines rise to the right; ``rotate(-skew)`` undoes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..model import Deskew
from .analysis import PageAnalysis

MAX_SKEW_DEG = 45.0
LEAVE_ALONE_DEG = 0.05
EDGE_BIN = 1.0
# Ink points the searches use (a random sample when the page has more). The coarse pass only
# has to find the best whole degree; the fine passes set the precision.
COARSE_POINTS, FINE_POINTS = 20_000, 120_000
# Below this margin between the best direction across and the best down the page, the profile
# score does not tell the axis: a till receipt (100 × 600 pt, short left-aligned lines) piles its
# ink into fewer columns than rows and scored 1.3× higher down the page, and was read sideways.
# The gaps between lines decide then: across text lines about half the profile is empty
# (0.43–0.62 on generated pages and the receipt), along them almost none is (≤ 0.06).
AXIS_CLEAR = 1.5
GAP_BIN_MM = 0.3


@dataclass(frozen=True)
class DeskewParams:
    max_skew_deg: float = MAX_SKEW_DEG
    leave_alone_deg: float = LEAVE_ALONE_DEG


@dataclass(frozen=True)
class LineDirection:
    """Direction of the text lines, modulo 180°, as a counter-clockwise angle in [-90, 90)."""

    angle_deg: float
    sharpness: float  # peak score over the median score across all directions (≥ 1)
    axis_margin: float  # best score across the page over best score down the page
    points: int


@dataclass(frozen=True)
class DeskewResult:
    transform: Deskew
    skew_deg: float
    confidence: float


def _scores(points: np.ndarray, angles_deg: np.ndarray, bin_px: float = 1.0,
            edges: bool = False, soft: bool = False) -> np.ndarray:
    """Sharpness of the projection across each angle (higher = sharper lines): the sum of
    squared bin counts, or with ``edges`` the sum of squared differences between neighbouring
    bins, which peaks more narrowly because baselines and x-height lines are thin."""
    x = points[:, 0].astype(np.float64)
    y = points[:, 1].astype(np.float64)
    out = np.empty(len(angles_deg), dtype=np.float64)
    for i, a in enumerate(np.radians(angles_deg)):
        # in place, the same arithmetic as ``(y·cos + x·sin − min) / bin``: a 300-dpi page's
        # search makes 200 passes over up to 120,000 points, and each temporary costs
        pos = y * math.cos(a)
        pos += x * math.sin(a)
        pos -= pos.min()
        pos /= bin_px
        idx = pos.astype(np.intp)  # ≥ 0, so truncation is the floor
        if soft:
            # each point shared between its two nearest bins by distance: the score then
            # changes smoothly with the angle. Counted whole, a turn small enough to move no
            # point across a bin boundary (±0.09° on a 150-dpi A4 page) changes nothing, the
            # top of the curve is a plateau, and the peak fit lands on its edge — upright
            # pages came out at ±0.11°
            frac = pos - idx
            counts = (np.bincount(idx, weights=1.0 - frac, minlength=int(idx.max()) + 2)
                      + np.bincount(idx + 1, weights=frac))
        else:
            counts = np.bincount(idx).astype(np.float64)
        if edges:
            counts = np.diff(counts)
        out[i] = float(np.dot(counts, counts))
    return out


def _parabolic_peak(angles: np.ndarray, scores: np.ndarray) -> float:
    i = int(np.argmax(scores))
    if 0 < i < len(scores) - 1:
        y0, y1, y2 = scores[i - 1], scores[i], scores[i + 1]
        denom = y0 - 2 * y1 + y2
        if denom < 0:
            step = angles[1] - angles[0]
            return float(angles[i] + 0.5 * step * (y0 - y2) / denom)
    return float(angles[i])


def wrap180(angle: float) -> float:
    """Angle modulo 180° into [-90, 90)."""
    return (angle + 90.0) % 180.0 - 90.0


def _empty_share(points: np.ndarray, angle_deg: float, bin_px: float) -> float:
    """The share of the profile across ``angle_deg`` that is (nearly) empty: the gaps."""
    a = math.radians(angle_deg)
    v = points[:, 1] * math.cos(a) + points[:, 0] * math.sin(a)
    counts = np.bincount(np.floor((v - v.min()) / bin_px).astype(np.int64))
    return float((counts <= 0.02 * counts.max()).mean())


def _axis_by_gaps(points: np.ndarray, coarse: np.ndarray, scores: np.ndarray,
                  is_across: np.ndarray, bin_px: float) -> tuple[float, float]:
    """(best angle, axis margin) when the scores leave the axis open: the best angle of the
    axis whose profile has more gaps; the margin is then the ratio of the gap shares."""
    best_across = float(coarse[is_across][int(np.argmax(scores[is_across]))])
    best_down = float(coarse[~is_across][int(np.argmax(scores[~is_across]))])
    gaps_across = _empty_share(points, best_across, bin_px)
    gaps_down = _empty_share(points, best_down, bin_px)
    floor = 0.01  # a profile with no gap at all still divides
    across, down = max(gaps_across, floor), max(gaps_down, floor)
    return (best_across if across >= down else best_down), max(across, down) / min(across, down)


def line_direction(analysis: PageAnalysis) -> LineDirection | None:
    """Direction of the text lines, or None when the page has too little text to tell."""
    mask = analysis.text_ink
    points = analysis.ink_points(mask, limit=COARSE_POINTS)
    if len(points) < 200:
        return None
    coarse = np.arange(-90.0, 90.0, 1.0)
    scores = _scores(points, coarse, bin_px=1.5)
    best = float(coarse[int(np.argmax(scores))])
    median = float(np.median(scores))
    is_across = np.abs(coarse) <= 45
    across, down = scores[is_across].max(), scores[~is_across].max()
    axis_margin = float(max(across, down) / max(min(across, down), 1.0))
    if axis_margin < AXIS_CLEAR:
        best, axis_margin = _axis_by_gaps(points, coarse, scores, is_across,
                                          max(1.0, float(analysis.px(GAP_BIN_MM))))
    # refine around the coarse peak with every point we have
    fine_points = analysis.ink_points(mask, limit=FINE_POINTS)
    angle = best
    for span, step, soft in ((1.0, 0.1, False), (0.12, 0.02, True)):
        grid = np.arange(angle - span, angle + span + step / 2, step)
        angle = _parabolic_peak(grid, _scores(fine_points, grid, EDGE_BIN, edges=True, soft=soft))
    return LineDirection(
        angle_deg=wrap180(angle),
        sharpness=float(scores.max() / max(median, 1.0)),
        axis_margin=axis_margin,
        points=len(fine_points),
    )


def skew_for_quarter_turn(direction: LineDirection, quarter_turn: int) -> float:
    """The skew left once the page's quarter turn is undone."""
    return wrap180(direction.angle_deg - quarter_turn)


def deskew(
    analysis: PageAnalysis,
    quarter_turn: int,
    params: DeskewParams | None = None,
    direction: LineDirection | None = None,
) -> DeskewResult:
    """The deskew transform for a page that shows ``quarter_turn`` (undone before this one)."""
    params = params or DeskewParams()
    direction = direction or line_direction(analysis)
    if direction is None:
        return DeskewResult(Deskew(0.0), 0.0, 0.0)
    skew = skew_for_quarter_turn(direction, quarter_turn)
    if abs(skew) > params.max_skew_deg:
        return DeskewResult(Deskew(0.0), 0.0, 0.0)
    skew = round(skew, 2)
    confidence = float(min(1.0, (direction.sharpness - 1.0) / 2.0))
    if abs(skew) < params.leave_alone_deg:
        return DeskewResult(Deskew(0.0), skew, confidence)
    return DeskewResult(Deskew(-skew), skew, confidence)
