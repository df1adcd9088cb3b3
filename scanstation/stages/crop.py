"""Crop: find the sheet of paper and drop what is not paper.

Two cases. A phone photo or a scan with a dark lid border shows the sheet as a bright
quadrilateral on something darker: ``detect_page_quad`` finds its four corners, and a
``Perspective`` transform maps it to an upright rectangle (for a flat scan that is just a crop).
Otherwise ``border_crop`` trims the dark bands a scanner leaves along the edges (black lid,
shadow of a thick book) by walking in from each edge while the rows or columns are mostly dark.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from ..imaging import components
from ..model import Crop, Perspective
from .analysis import PageAnalysis

# A bright region must cover at least this much of the image to be taken for the sheet.
MIN_PAGE_FRACTION = 0.2
# Rows/columns darker than this fraction of the paper level count as border.
BORDER_DARK = 0.55
# Never trim more than this fraction of a side.
MAX_TRIM = 0.2


@dataclass(frozen=True)
class PageQuad:
    """Corners TL, TR, BR, BL in source pixels, and how sure we are it is the sheet."""

    corners: tuple[tuple[float, float], ...]
    confidence: float

    def size(self) -> tuple[int, int]:
        tl, tr, br, bl = (np.array(p) for p in self.corners)
        width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
        height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
        return round(float(width)), round(float(height))

    def transform(self) -> Perspective:
        width, height = self.size()
        return Perspective(quad=self.corners, width=width, height=height)

    def homography(self) -> np.ndarray:
        """Matrix mapping the rectified page (``size()``) into the source image."""
        width, height = self.size()
        dst = np.array(self.corners, dtype=np.float32)
        src = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]],
                       dtype=np.float32)
        return cv2.getPerspectiveTransform(src, dst)


@dataclass(frozen=True)
class CropResult:
    transform: Crop | Perspective | None
    confidence: float
    method: str  # "quad", "border", "none"


def order_corners(points: np.ndarray) -> np.ndarray:
    """TL, TR, BR, BL from four unordered points."""
    pts = points.reshape(4, 2).astype(np.float64)
    center = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - center[1], pts[:, 0] - center[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen starting from the left-ish point
    # rotate so the first is the top-left (smallest x + y)
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def _fit_sides(mask: np.ndarray, corners: np.ndarray, max_dist: float) -> np.ndarray:
    """Sharper corners: fit a line to each side's boundary (away from the corners, which the
    morphology rounds) and intersect neighbouring sides."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    boundary = max(contours, key=cv2.contourArea).reshape(-1, 2).astype(np.float64)
    lines = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        direction = b - a
        length = float(np.linalg.norm(direction))
        if length < 10:
            return corners
        unit = direction / length
        normal = np.array([-unit[1], unit[0]])
        rel = boundary - a
        along = rel @ unit
        across = np.abs(rel @ normal)
        keep = (along > 0.15 * length) & (along < 0.85 * length) & (across < max_dist)
        if keep.sum() < 10:
            return corners
        vx, vy, x0, y0 = cv2.fitLine(boundary[keep].astype(np.float32), cv2.DIST_HUBER, 0, 0.01,
                                     0.01).ravel()
        lines.append((np.array([x0, y0], dtype=np.float64), np.array([vx, vy], dtype=np.float64)))
    fitted = []
    for i in range(4):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]  # side before and after corner i
        matrix = np.array([d1, -d2]).T
        if abs(np.linalg.det(matrix)) < 1e-6:
            return corners
        t = np.linalg.solve(matrix, p2 - p1)
        fitted.append(p1 + t[0] * d1)
    result = np.array(fitted)
    # a fit that moved a corner far is a fit on something else (a shadow, a hand): keep the old
    if np.max(np.linalg.norm(result - corners, axis=1)) > 4 * max_dist:
        return corners
    return result


# Share of the image's outermost rows and columns that may be as bright as the paper on a
# photo of a sheet on a desk: its four corners are inside the frame, so its edges are too.
FRAME_PAPER = 0.9


def _paper_reaches_frame(bright: np.ndarray) -> bool:
    """Whether the paper-bright region runs along nearly all of the image's edge — a flat scan,
    or a sheet filling the frame — where no four corners can be inside the frame. Telling it
    from the edge alone saves the closing, labelling and contour work on every scanned page
    (0.04 CPU s on a 300-dpi page, issue 14)."""
    edge = np.concatenate((bright[0], bright[-1], bright[:, 0], bright[:, -1]))
    return bool(np.count_nonzero(edge) >= FRAME_PAPER * edge.size)


def detect_page_quad(analysis: PageAnalysis) -> PageQuad | None:
    """The sheet's corners when it stands out from a darker surround, else None."""
    gray = analysis.gray
    h, w = gray.shape
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # the paper must be clearly brighter than the surround for this to be a sheet on a desk
    if bright.mean() > 0.985 * 255 or _paper_reaches_frame(bright):
        return None
    k = analysis.px(6.0) | 1
    closed = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    opened = cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    n, labels, stats = components(opened, connectivity=4)
    if n <= 1:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    area = stats[largest, cv2.CC_STAT_AREA]
    if area < MIN_PAGE_FRACTION * h * w:
        return None
    mask = (labels == largest).astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    perimeter = cv2.arcLength(hull, True)
    approx = None
    for eps in (0.01, 0.02, 0.03, 0.05):
        candidate = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(candidate) == 4:
            approx = candidate
            break
    if approx is None:
        approx = cv2.boxPoints(cv2.minAreaRect(hull))
    corners = order_corners(np.asarray(approx, dtype=np.float64))
    # every corner must be inside the frame: a sheet cut off by the frame (or filling it edge
    # to edge, as in a plain scan) has no four corners to rectify by
    margin = analysis.px(0.5)
    if (corners[:, 0].min() <= margin or corners[:, 1].min() <= margin
            or corners[:, 0].max() >= w - 1 - margin or corners[:, 1].max() >= h - 1 - margin):
        return None
    quad_area = cv2.contourArea(corners.astype(np.float32))
    fill = area / max(quad_area, 1.0)  # how well four corners describe the region
    if fill < 0.9 or quad_area > 0.995 * h * w:
        return None
    # the surround must be darker than the sheet
    sheet = gray[mask.astype(bool)]
    surround = gray[~mask.astype(bool)]
    if surround.size == 0 or np.median(surround) > 0.8 * np.median(sheet):
        return None
    corners = _fit_sides(mask, corners, analysis.px(3.0))
    # step a little inside the sheet: its very edge is never content, and a sliver of desk or
    # scanner lid left along it would look like a black line on the cleaned page
    center = corners.mean(axis=0)
    inset = analysis.px(0.8)
    corners = np.array([c + inset * (center - c) / max(np.linalg.norm(center - c), 1.0)
                        for c in corners])
    scale = analysis.scale
    source = tuple((float(x / scale), float(y / scale)) for x, y in corners)
    confidence = float(min(1.0, (fill - 0.9) / 0.08))
    return PageQuad(source, round(confidence, 3))


def quad_direction_at_center(quad: PageQuad, page_angle_deg: float) -> float:
    """The CCW angle in the source image of a line at ``page_angle_deg`` through the sheet's
    centre (the angle measured on the rectified sheet), following the perspective."""
    matrix = quad.homography()
    width, height = quad.size()
    c = np.array([width / 2.0, height / 2.0])
    a = math.radians(page_angle_deg)
    step = 0.05 * min(width, height)
    p0 = c - step * np.array([math.cos(a), -math.sin(a)])
    p1 = c + step * np.array([math.cos(a), -math.sin(a)])
    mapped = cv2.perspectiveTransform(np.array([[p0, p1]], dtype=np.float64), matrix)[0]
    dx, dy = mapped[1] - mapped[0]
    return math.degrees(math.atan2(-dy, dx))


def _writing(analysis: PageAnalysis) -> np.ndarray:
    """Letter-sized marks clearly darker than their own surroundings, also where those are in
    shadow: the page analysis's ink leaves out areas under 45 % of the paper's brightness (a
    scanner border's texture), but a letter under a deep shadow is still a letter. Under 25 %
    it is a border's, whatever its texture; and the step from a border to the paper, dark
    against its surroundings too, runs the border's length: no letter is that long."""
    marks = (analysis.normalized < 0.6) & (analysis.background > 0.25 * analysis.paper_level)
    _n, labels, stats = components(marks)
    return np.asarray(analysis.letter_sized(stats, analysis.inside(stats))[labels])


def border_crop(analysis: PageAnalysis) -> CropResult:
    """Trim dark bands along the edges (scanner lid, book shadow), including the slanted wedges
    a deskewed scan shows: dark ink connected to the image's edge is border, never writing
    (writing keeps a margin). A side stops at the first line with writing in it (``_writing``):
    a soft shadow over the text touches the edge too, and is no border."""
    gray = analysis.gray
    dark = (gray < BORDER_DARK * analysis.paper_level).astype(np.uint8)
    h, w = dark.shape
    _n, labels, stats = components(dark)
    x, y, cw, ch = (stats[:, i] for i in range(4))
    touches = (x == 0) | (y == 0) | (x + cw >= w) | (y + ch >= h)
    touches[0] = False
    border = touches[labels]
    # shrink the box one line at a time from whichever side still runs through most border,
    # until no side does: handles the slanted wedges of a deskewed scan as well as plain bands
    top, bottom, left, right = 0, h, 0, w
    max_rows, max_cols = int(h * MAX_TRIM), int(w * MAX_TRIM)
    # ... and never through writing: a soft shadow over the page (a hand, a phone, a book's
    # curve) is dark and touches the edge too, but there is text under it, and no scanner
    # border has any (a header under a shadow's corner was cut off with it: 16 % CER)
    writing: np.ndarray | None = None  # found when a side first needs it: most pages have none
    closed: set[str] = set()
    while True:
        sides = {
            "top": border[top, left:right].mean() if top < max_rows else 0.0,
            "bottom": border[bottom - 1, left:right].mean() if h - bottom < max_rows else 0.0,
            "left": border[top:bottom, left].mean() if left < max_cols else 0.0,
            "right": border[top:bottom, right - 1].mean() if w - right < max_cols else 0.0,
        }
        side, fraction = max(((k, v) for k, v in sides.items() if k not in closed),
                             key=lambda kv: kv[1], default=("", 0.0))
        if fraction <= 0.002:
            break
        if writing is None:
            writing = _writing(analysis)
        line = {"top": writing[top, left:right], "bottom": writing[bottom - 1, left:right],
                "left": writing[top:bottom, left], "right": writing[top:bottom, right - 1]}[side]
        if line.any():
            closed.add(side)
            continue
        if side == "top":
            top += 1
        elif side == "bottom":
            bottom -= 1
        elif side == "left":
            left += 1
        else:
            right -= 1
    bottom, right = h - bottom, w - right  # as margins from the far edges
    if top + bottom + left + right == 0:
        return CropResult(None, 1.0, "none")
    pad = analysis.px(0.5)  # also drop the soft edge between border and paper
    scale = analysis.scale
    # a side that stopped at writing keeps its last line: stepping further would cut letters
    edge = {side: 0 if side in closed else pad for side in ("left", "top", "right", "bottom")}
    box = Crop(
        left=round((left + edge["left"] if left else 0) / scale),
        top=round((top + edge["top"] if top else 0) / scale),
        right=round((w - (right + edge["right"] if right else 0)) / scale),
        bottom=round((h - (bottom + edge["bottom"] if bottom else 0)) / scale),
    )
    return CropResult(box, 0.9, "border")
