"""The cleanup pipeline: the only module that knows the order of the stages.

    page quad (photo / dark border) → orientation → deskew → border crop → blank flag

``inspect_image`` answers what the page shows (its quarter turn, its skew as displayed, whether
it is blank); ``plan_cleanup`` turns that into transforms over the original; ``clean_image``
renders them. Each stage is a pure function of a ``PageAnalysis``; nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from PIL import Image

from .. import imaging
from ..model import Crop, Deskew, Perspective, Rotate, Transform, simplify
from .analysis import PageAnalysis
from .blank import BlankParams, BlankResult, detect_blank
from .crop import PageQuad, border_crop, detect_page_quad, quad_direction_at_center
from .deskew import DeskewParams, LineDirection, deskew, line_direction, wrap180
from .orient import OrientParams, OrientResult, orient


@dataclass(frozen=True)
class CleanupParams:
    orient: OrientParams = field(default_factory=OrientParams)
    deskew: DeskewParams = field(default_factory=DeskewParams)
    blank: BlankParams = field(default_factory=BlankParams)
    rectify_photos: bool = True
    crop_borders: bool = True


@dataclass(frozen=True)
class Inspection:
    """What the page shows, in ``inspect``'s conventions (Pillow's ``Image.rotate``)."""

    quarter_turn: int  # CCW quarter turn the page shows; undo by rotating clockwise
    skew_deg: float  # CCW skew as displayed once the quarter turn is undone
    blank: bool
    confidence: dict[str, Any]
    quad: PageQuad | None = None
    page_skew_deg: float = 0.0  # skew on the rectified sheet (what deskew must undo)
    orientation_method: str = "none"


@dataclass(frozen=True)
class CleanResult:
    image: Image.Image
    transforms: tuple[Transform, ...]
    quarter_turn: int
    skew_deg: float
    blank: bool
    confidence: dict[str, Any]


def _rectified_analysis(analysis: PageAnalysis, quad: PageQuad) -> PageAnalysis:
    scale = analysis.scale
    corners = np.array(quad.corners, dtype=np.float32) * scale
    width, height = quad.size()
    w, h = max(8, round(width * scale)), max(8, round(height * scale))
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, dst)
    rect = cv2.warpPerspective(analysis.gray, matrix, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    return PageAnalysis(rect, scale, analysis.dpi)


def inspect_analysis(analysis: PageAnalysis, params: CleanupParams | None = None) -> Inspection:
    params = params or CleanupParams()
    blank: BlankResult = detect_blank(analysis, params.blank)
    confidence: dict[str, Any] = {"blank": blank.confidence}
    quad = detect_page_quad(analysis) if params.rectify_photos else None
    work = _rectified_analysis(analysis, quad) if quad else analysis
    if quad:
        confidence["page_quad"] = quad.confidence
    direction: LineDirection | None = None if blank.blank else line_direction(work)
    if direction is None:
        confidence.update(orientation=0.0, skew=0.0)
        return Inspection(0, 0.0, blank.blank, confidence, quad, 0.0, "none")
    orientation: OrientResult = orient(work, params.orient, direction)
    qt = orientation.quarter_turn
    page_skew = deskew(work, qt, params.deskew, direction).skew_deg
    if quad:
        # the text's skew on the sheet, plus the sheet's own rotation in the frame at its
        # centre: angles are not preserved by a perspective, so measuring the text's angle in
        # the photo would mix the camera's tilt into the skew
        sheet_rotation = quad_direction_at_center(quad, 0.0)
        skew = round(wrap180(page_skew + sheet_rotation), 2)
    else:
        skew = page_skew
    if abs(skew) < params.deskew.leave_alone_deg:
        skew = 0.0 if abs(skew) < 0.005 else skew
    confidence.update(
        orientation=orientation.confidence,
        skew=round(float(min(1.0, (direction.sharpness - 1.0) / 2.0)), 3),
        line_vote=orientation.vote,
    )
    return Inspection(qt, float(skew), blank.blank, confidence, quad, float(page_skew),
                      orientation.method)


# Below this much text ink (pixels at 150 dpi) the angle is measured again at 300 dpi: a short
# single line is too short for 150 dpi to resolve its angle to a tenth of a degree.
SPARSE_TEXT_POINTS = 20_000


def inspect_image(img: Image.Image, params: CleanupParams | None = None) -> Inspection:
    return _inspect(img, params)[0]


def _inspect(img: Image.Image,
             params: CleanupParams | None = None) -> tuple[Inspection, PageAnalysis]:
    """The inspection and the analysis-resolution ``PageAnalysis`` of ``img`` it started from
    (handed on to the border crop when no transform changes the page)."""
    analysis = PageAnalysis.of(img)
    inspection = inspect_analysis(analysis, params)
    if (not inspection.blank and analysis.scale < 1.0
            and int(analysis.text_ink.sum()) < SPARSE_TEXT_POINTS):
        inspection = inspect_analysis(PageAnalysis.of(img, target_dpi=300.0), params)
    return inspection, analysis


def plan_cleanup(
    img: Image.Image, params: CleanupParams | None = None
) -> tuple[tuple[Transform, ...], Inspection]:
    """Transforms that clean ``img`` (before border crop, which needs the result)."""
    transforms, inspection, _analysis = _plan(img, params)
    return transforms, inspection


def _plan(img: Image.Image, params: CleanupParams | None = None
          ) -> tuple[tuple[Transform, ...], Inspection, PageAnalysis]:
    params = params or CleanupParams()
    inspection, analysis = _inspect(img, params)
    transforms: list[Transform] = []
    if inspection.quad is not None:
        transforms.append(inspection.quad.transform())
    transforms.append(Rotate.undo_quarter_turn(inspection.quarter_turn))
    if abs(inspection.page_skew_deg) >= params.deskew.leave_alone_deg:
        transforms.append(Deskew(-inspection.page_skew_deg))
    return simplify(tuple(transforms)), inspection, analysis


def clean_image(img: Image.Image, params: CleanupParams | None = None) -> CleanResult:
    """Upright, straight, cropped page at the source resolution, and the transforms that made it
    (so the workspace can re-render it from the original and the officer can undo any step)."""
    params = params or CleanupParams()
    transforms, inspection, analysis = _plan(img, params)
    cleaned = imaging.apply_transforms(img, transforms)
    confidence = dict(inspection.confidence)
    if params.crop_borders and not any(isinstance(t, Perspective) for t in transforms):
        # an upright, straight page is what was analysed: its analysis (grey copy, paper
        # level) serves the crop as it is, instead of being computed again (issue 14)
        cropped = border_crop(analysis if not transforms else PageAnalysis.of(cleaned))
        confidence["crop"] = cropped.confidence
        if isinstance(cropped.transform, Crop) and not cropped.transform.is_null():
            transforms = simplify((*transforms, cropped.transform))
            cleaned = imaging.apply_transform(cleaned, cropped.transform)
    dpi = img.info.get("dpi")
    if dpi:
        cleaned.info["dpi"] = dpi
        if img.info.get(imaging.EXACT_DPI) and not any(isinstance(t, Perspective)
                                                       for t in transforms):
            cleaned.info[imaging.EXACT_DPI] = True  # a rectified photo has a new scale
    return CleanResult(cleaned, transforms, inspection.quarter_turn, inspection.skew_deg,
                       inspection.blank, confidence)
