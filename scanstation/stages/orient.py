"""Orientation: which of 0/90/180/270° counter-clockwise quarter turns the page shows.

Two questions, answered separately because they fail differently:

1. *Axis* — do text lines run across the image or down it? The deskew search over the half turn
   answers it (``deskew.line_direction``): a page of text has one sharp direction.
2. *Up or down* — told by the shape of Vietnamese text lines: tone marks, circumflexes, breves
   and horns sit above the x-height band on most syllables, ascenders and capitals add to it,
   while below the baseline there are only the descenders of g/p/q/y and the dot below. The
   ink above the x-height band outweighs the ink below it by about two to one on an upright
   line. When that vote is weak (very little text, unusual fonts), Tesseract reads a strip of the
   page both ways up and the reading with the higher word confidence wins — Tesseract's own OSD is
   weak on sparse pages (DESIGN §5), so it is not used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np

from ..imaging import components
from ..model import Rotate
from .analysis import TITLE_SPAN, PageAnalysis
from .deskew import LineDirection, line_direction, skew_for_quarter_turn, wrap180

log = logging.getLogger("scanstation.stages.orient")

# Below this |vote| the line-shape evidence is not trusted alone and Tesseract is asked.
VOTE_TRUSTED = 0.25
# Tesseract is asked only about a strip that looks like text: at least this share of its ink in
# glyph-sized pieces (GLYPH_MIN_MM to GLYPH_MAX_MM high, at most GLYPH_MAX_MM wide) …
MIN_GLYPH_SHARE = 0.5
GLYPH_MIN_MM, GLYPH_MAX_MM = 1.0, 12.0
# … and each reading has this long (a strip of real text reads in well under a second)
OCR_TIME_CAP_MS = 4000
# The line-shape vote taken again in strips this wide (a few words) must agree with the page's
LOCAL_STRIP_MM = 20.0
STRIP_LETTER_PX = 45  # large type's median letter in the strip Tesseract reads (~4 mm at 300 dpi)


@dataclass(frozen=True)
class OrientParams:
    use_ocr: bool = True
    vote_trusted: float = VOTE_TRUSTED
    min_glyph_share: float = MIN_GLYPH_SHARE


@dataclass(frozen=True)
class OrientResult:
    transform: Rotate
    quarter_turn: int  # counter-clockwise quarter turn the page shows
    confidence: float
    method: str  # "lines", "ocr", "none"
    vote: float  # line-shape vote for the chosen axis (+: upright as seen along the axis)


def rotate_mask(mask: np.ndarray, ccw_deg: float) -> np.ndarray:
    """Rotate a mask counter-clockwise (as displayed) with the canvas expanded to fit."""
    h, w = mask.shape
    center = (w / 2.0, h / 2.0)
    matrix = cv2.getRotationMatrix2D(center, ccw_deg, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    matrix[0, 2] += new_w / 2.0 - center[0]
    matrix[1, 2] += new_h / 2.0 - center[1]
    return cv2.warpAffine(mask.astype(np.uint8), matrix, (new_w, new_h),
                          flags=cv2.INTER_NEAREST, borderValue=0)


def _line_shape_parts(upright_mask: np.ndarray, min_height: int) -> tuple[float, float, int]:
    """Ink above and below the x-height band of each text line the row profile shows, summed,
    and the number of lines."""
    profile = upright_mask.sum(axis=1).astype(np.float64)
    if profile.size == 0 or profile.max() <= 0:
        return 0.0, 0.0, 0
    on = profile > max(1.0, 0.02 * profile.max())
    # runs of rows with ink = text lines (tone marks join their line through ascenders)
    padded = np.concatenate([[False], on, [False]])
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    above_total = below_total = 0.0
    lines = 0
    for start, end in zip(changes[::2], changes[1::2], strict=True):
        band = profile[start:end]
        if end - start < min_height or band.sum() < 20:
            continue
        core = np.flatnonzero(band >= 0.5 * band.max())
        top, bottom = core[0], core[-1]
        above = band[:top].sum()
        below = band[bottom + 1 :].sum()
        if above + below <= 0:
            continue
        above_total += above
        below_total += below
        lines += 1
    return above_total, below_total, lines


def _vote(above: float, below: float) -> float:
    return float((above - below) / (above + below)) if above + below > 0 else 0.0


def line_shape_vote(upright_mask: np.ndarray, min_height: int = 4) -> tuple[float, int]:
    """+1 … -1: how much more ink sits above the x-height band than below it, over all lines.

    Returns the vote and the number of text lines it is based on.
    """
    above, below, lines = _line_shape_parts(upright_mask, min_height)
    return _vote(above, below), lines


def local_line_shape_vote(upright_mask: np.ndarray, min_height: int, width: int) -> float:
    """The same vote taken in vertical strips ``width`` wide, each with its own row profile.

    A line that bends (a folded or curled sheet, a page photographed off a book) smears its
    x-height band over several rows of the whole page's profile, and the band found there can
    be any part of it: an upright folded page voted -0.34 to -0.54, as sure as a page upside
    down. Over a strip of a few words the line is straight again."""
    above = below = 0.0
    for x in range(0, upright_mask.shape[1], max(1, width)):
        a, b, _lines = _line_shape_parts(upright_mask[:, x : x + width], min_height)
        above += a
        below += b
    return _vote(above, below)


def _ocr_confidence(gray_upright: np.ndarray) -> float:
    """Mean word confidence × words of Tesseract reading the strip as it is (no evidence when
    Tesseract has not finished within ``OCR_TIME_CAP_MS``)."""
    from ..ocr.engine import word_confidences  # the one loaded Tesseract, loaded on first use

    words = word_confidences(gray_upright, timeout_ms=OCR_TIME_CAP_MS)
    if not words:
        return 0.0
    good = [c for c in words if c > 0]
    return float(sum(good)) / max(1, len(words)) * min(1.0, len(good) / 5.0)


def glyph_share(mask: np.ndarray, analysis: PageAnalysis) -> float:
    """0 … 1: the share of the strip's ink in glyph-sized pieces (at least ``GLYPH_MIN_MM``
    high, at most ``GLYPH_MAX_MM`` wide and high). Text is made of such pieces; a scanner's
    test pattern is thousands of 2-pixel specks, rules and photographs are long runs or large
    blobs — on which Tesseract's layout analysis spends tens of seconds to find nothing (the
    SANE colour test pattern took 41 s a reading, past any time cap: the layout analysis does
    not look at it)."""
    count, _labels, stats = components(mask)
    if count <= 1:
        return 0.0
    areas = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    limit = max(analysis.px(GLYPH_MAX_MM), analysis.letter_limit)  # large type is text too
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    glyph = (stats[1:, cv2.CC_STAT_WIDTH] <= limit) & (heights <= limit) & \
        (heights >= analysis.px(GLYPH_MIN_MM))
    return float(areas[glyph].sum() / max(areas.sum(), 1.0))


def _text_strip(analysis: PageAnalysis, total_ccw: float
                ) -> tuple[np.ndarray, np.ndarray] | None:
    """The densest band of text lines, rotated upright along the axis, as greyscale (at the
    resolution Tesseract wants), with its ink mask (at the analysis resolution)."""
    gray = analysis.gray
    h, w = gray.shape
    center = (w / 2.0, h / 2.0)
    matrix = cv2.getRotationMatrix2D(center, total_ccw, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    matrix[0, 2] += new_w / 2.0 - center[0]
    matrix[1, 2] += new_h / 2.0 - center[1]
    rotated = cv2.warpAffine(gray, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR,
                             borderValue=int(analysis.paper_level))
    mask = cv2.warpAffine(analysis.text_ink.astype(np.uint8), matrix, (new_w, new_h),
                          flags=cv2.INTER_NEAREST, borderValue=0)
    rows = mask.sum(axis=1).astype(np.float64)
    if rows.sum() <= 0:
        return None
    window = min(new_h, max(analysis.px(60.0), 2 * analysis.letter_limit))
    density = np.convolve(rows, np.ones(window), mode="valid")
    top = int(np.argmax(density))
    cols = np.flatnonzero(mask[top : top + window].sum(axis=0) > 0)
    if cols.size == 0:
        return None
    pad = analysis.px(3.0)
    left, right = max(0, cols[0] - pad), min(new_w, cols[-1] + pad)
    strip = rotated[top : top + window, left:right]
    # Tesseract wants ~300 dpi text; the analysis copy is ~150 dpi. Large type is brought down
    # to body-text size instead (its median letter to STRIP_LETTER_PX): Tesseract reads
    # 20-mm capitals badly or not at all, and a cover's "GIẤY MỜI" at 84 pt, read at twice
    # the analysis size, scored 28 both ways up
    factor = 2.0
    if analysis.large_type:
        factor = STRIP_LETTER_PX * TITLE_SPAN / analysis.letter_limit
    return (cv2.resize(strip, None, fx=factor, fy=factor,
                       interpolation=cv2.INTER_CUBIC if factor > 1.0 else cv2.INTER_AREA),
            mask[top : top + window, left:right])


def orient(
    analysis: PageAnalysis,
    params: OrientParams | None = None,
    direction: LineDirection | None = None,
) -> OrientResult:
    params = params or OrientParams()
    direction = direction or line_direction(analysis)
    if direction is None:
        return OrientResult(Rotate(0), 0, 0.0, "none", 0.0)
    # the axis: lines across (0/180) or down (90/270) the image
    axis = 0 if abs(wrap180(direction.angle_deg)) <= 45.0 else 90
    skew = skew_for_quarter_turn(direction, axis)
    total = axis + skew  # CCW rotation the page shows, if it is the right way up
    upright = rotate_mask(analysis.text_ink, -total)
    vote, lines = line_shape_vote(upright, min_height=analysis.px(1.0))

    def bent() -> bool:
        """The whole-width vote is trusted only where the strips' vote says the same."""
        local = local_line_shape_vote(upright, analysis.px(1.0), analysis.px(LOCAL_STRIP_MM))
        return (local >= 0) != (vote >= 0) or abs(local) < params.vote_trusted / 2

    quarter_turn = axis if vote >= 0 else axis + 180
    axis_conf = min(1.0, (direction.axis_margin - 1.0) / 0.5)
    confidence = min(1.0, abs(vote) / params.vote_trusted) * axis_conf
    method = "lines"
    # the vote is weighed on body text; large type's thick strokes come out hollow in the ink
    # mask (the paper estimate closes over them), and its capitals fill the band above the
    # x-height: a cover's "Hộp số 12 / Phông UBND" in 60-pt bold voted upside down at -0.33
    if params.use_ocr and (abs(vote) < params.vote_trusted or lines < 3
                           or analysis.large_type or bent()):
        found = _text_strip(analysis, -total)
        strip = found[0] if found is not None and \
            glyph_share(found[1], analysis) >= params.min_glyph_share else None
        if strip is not None:
            try:
                up = _ocr_confidence(strip)
                down = _ocr_confidence(np.ascontiguousarray(strip[::-1, ::-1]))
            except Exception as exc:
                log.warning("orientation by OCR failed: %s", type(exc).__name__)
            else:
                if abs(up - down) > 5.0:
                    quarter_turn = axis if up > down else axis + 180
                    confidence = min(1.0, abs(up - down) / 30.0) * axis_conf
                    method = "ocr"
    quarter_turn %= 360
    return OrientResult(Rotate.undo_quarter_turn(quarter_turn), quarter_turn,
                        round(float(confidence), 3), method, round(vote, 3))
