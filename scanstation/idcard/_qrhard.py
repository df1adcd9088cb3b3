"""Hard cases for the QR reader: find the symbol, straighten it, enlarge it, clean it up.

Only reached when zxing-cpp found nothing usable on the image as given and at 2×: small modules
(1.8–2.2 px) softened by blur or JPEG, phone-photo perspective, glare, low contrast. Each view
yielded here is a small image that zxing-cpp decodes (OpenCV only localises and warps; it never
decodes — its decoder returns "" for the 2021 layout).

Localisation uses two independent cues, because each fails somewhere:

* OpenCV's ``QRCodeDetector.detectMulti`` (finder patterns): gives the four corners, so the view is
  perspective-rectified — but needs finder patterns that survive binarisation;
* texture: a QR is the densest patch of fine black/white transitions on a card. Edge density →
  threshold → blobs that are roughly square and of plausible size; each blob's rotated rectangle
  is warped upright with a margin.

Each region is then enlarged to ~6 px per module and tried as is, with CLAHE (local contrast, also
undoes glare gradients), and with background flattening (divide by a large blur).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# A card QR is 45–53 modules; views are sized so a module is ~6 px.
_VIEW_SIDE = 420
_MAX_REGIONS = 6
# Views that get every clean-up (glare, deconvolution): the best-localised few. The others get
# only the cheap enhancements, so a card with no readable QR costs a bounded time.
_THOROUGH_VIEWS = 3


def _order_quad(pts: np.ndarray) -> np.ndarray:
    import numpy as np

    pts = pts.reshape(4, 2).astype(np.float32)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    corners = [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]]
    return np.array(corners, dtype=np.float32)


def _warp(gray: np.ndarray, quad: np.ndarray, margin: float) -> np.ndarray:
    """Map ``quad`` (TL, TR, BR, BL) to a square view with ``margin`` (fraction of side) around."""
    import cv2
    import numpy as np

    side = _VIEW_SIDE
    m = side * margin
    dst = np.array([[m, m], [side - m, m], [side - m, side - m], [m, side - m]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(_order_quad(quad), dst)
    return cv2.warpPerspective(
        gray, matrix, (side, side), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


def _opencv_quads(gray: np.ndarray) -> list[np.ndarray]:
    import cv2

    detector = cv2.QRCodeDetector()
    quads: list[np.ndarray] = []
    try:
        found, points = detector.detectMulti(gray)
    except cv2.error:
        found, points = False, None
    if found and points is not None:
        quads.extend(p for p in points)
    return quads


def _boxes_from_mask(
    mask: np.ndarray, score_map: np.ndarray, min_side: float
) -> list[tuple[float, np.ndarray]]:
    import cv2

    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    longest = max(mask.shape)
    out = []
    for contour in contours:
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(contour)
        if min(rw, rh) < min_side or max(rw, rh) > 0.9 * longest:
            continue
        aspect = max(rw, rh) / max(1.0, min(rw, rh))
        if aspect > 1.8:
            continue
        fill = cv2.contourArea(contour) / max(1.0, rw * rh)
        x, y, bw, bh = cv2.boundingRect(contour)
        strength = float(score_map[y : y + bh, x : x + bw].mean())
        score = strength * fill / aspect * (rw * rh) ** 0.25
        out.append((score, cv2.boxPoints(((cx, cy), (rw, rh), angle))))
    return out


def _texture_regions(gray: np.ndarray) -> list[np.ndarray]:
    """Rotated rectangles (as 4 points) around dense fine-texture blobs, best first.

    Two cues: the density of binarised edges (robust to contrast), and the energy of the
    high-pass image relative to the image's maximum (robust to blur and low contrast, where
    Otsu on the edge image finds nothing). Several thresholds; overlapping boxes are merged.
    """
    import cv2
    import numpy as np

    h, w = gray.shape[:2]
    scale = 1.0
    work = gray
    if max(h, w) > 1600:  # texture detection does not need full resolution
        scale = 1600 / max(h, w)
        work = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    k = max(5, round(min(work.shape) * 0.02)) | 1
    closing = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    min_side = max(20.0, 0.02 * max(work.shape))
    candidates: list[tuple[float, np.ndarray]] = []

    square3 = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    grad = cv2.morphologyEx(work, cv2.MORPH_GRADIENT, square3)
    _, edges = cv2.threshold(grad, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    density = cv2.blur(edges.astype(np.float32) / 255.0, (k, k))
    mask = cv2.morphologyEx((density > 0.45).astype(np.uint8) * 255, cv2.MORPH_CLOSE, closing)
    candidates += _boxes_from_mask(mask, density, min_side)

    work_f = work.astype(np.float32)
    high = work_f - cv2.GaussianBlur(work_f, (0, 0), 2.0)
    energy = cv2.blur(high * high, (k, k))
    peak = float(energy.max()) or 1.0
    for threshold in (0.4, 0.2, 0.1):
        mask = cv2.morphologyEx(
            (energy > threshold * peak).astype(np.uint8) * 255, cv2.MORPH_CLOSE, closing
        )
        candidates += _boxes_from_mask(mask, energy / peak, min_side)

    candidates.sort(key=lambda item: -item[0])
    kept: list[np.ndarray] = []
    for _, box in candidates:
        centre, side = box.mean(axis=0), np.linalg.norm(box[0] - box[2])
        if any(np.linalg.norm(centre - other.mean(axis=0)) < 0.06 * side and
               abs(np.linalg.norm(other[0] - other[2]) / side - 1) < 0.06 for other in kept):
            continue  # fmt: skip
        kept.append(box)
        if len(kept) >= _MAX_REGIONS:
            break
    return [box / scale for box in kept]


def _enhanced(view: np.ndarray) -> Iterator[tuple[str, np.ndarray, bool]]:
    """(name, image, also try a global-histogram binariser) — cheap and likely first."""
    import cv2

    yield "", view, False
    # Strong unsharp masking at the module scale undoes the blur of small, soft modules
    # (σ ≈ 4 px in a view of ~6-8 px per module); measured to rescue blurred 2 px-module photos.
    blurred = cv2.GaussianBlur(view, (0, 0), 4.0)
    for amount in (2.5, 4.0):
        yield f"+sharp{amount:g}", cv2.addWeighted(view, 1 + amount, blurred, -amount, 0), True
    clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(4, 4))
    yield "+clahe", clahe.apply(view), False
    mild = cv2.addWeighted(view, 1.8, cv2.GaussianBlur(view, (0, 0), 2.0), -0.8, 0)
    yield "+sharp0.8", mild, False
    # The background (σ = 25 px) blurred at 1/8 size and enlarged back: same result, 1/50 the time.
    h, w = view.shape[:2]
    small = cv2.resize(view, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    background = cv2.resize(cv2.GaussianBlur(small, (0, 0), 25 / 8), (w, h),
                            interpolation=cv2.INTER_LINEAR)  # fmt: skip
    yield "+flat", cv2.divide(view, background, scale=200), False


def _cleaned(view: np.ndarray) -> Iterator[tuple[str, np.ndarray, bool]]:
    """The heavier clean-ups (``_qrclean``): glare normalisation, deconvolution, Sauvola."""
    from . import _qrclean as clean

    normalised = clean.local_normalise(view, 2.5)
    yield "+norm", normalised, True
    yield "+norm1.5", clean.local_normalise(view, 1.5), True
    for name, sharp in clean.deblurred(view):
        yield name, sharp, True
        yield f"+norm{name}", clean.local_normalise(sharp, 2.5), False
    yield "+sauvola", clean.sauvola(normalised), False


def hard_case_views(
    gray: np.ndarray, located: list[tuple[tuple[float, float], ...]] | None = None
) -> Iterator[tuple[str, np.ndarray, dict[str, Any]]]:
    """Small upright views of each candidate QR region, plain then enhanced, with zxing options.

    ``located``: corner quads of symbols zxing-cpp found but could not decode — the most precise
    localisation there is, so they come first. The best few regions get every clean-up
    (glare normalisation, deconvolution); the rest only the cheap ones.
    """
    import cv2
    import zxingcpp

    histogram = {"binarizer": zxingcpp.Binarizer.GlobalHistogram}

    def variants(
        prefix: str, view: np.ndarray, thorough: bool
    ) -> Iterator[tuple[str, np.ndarray, dict[str, Any]]]:
        sources = [_enhanced(view)] + ([_cleaned(view)] if thorough else [])
        for source in sources:
            for name, out, both in source:
                yield f"{prefix}{name}", out, {}
                if both:
                    yield f"{prefix}{name}+hist", out, histogram

    import numpy as np

    thorough_left = _THOROUGH_VIEWS
    for corners in (located or [])[:2]:
        yield from variants("located", _warp(gray, np.array(corners, dtype=np.float32), 0.08),
                            thorough_left > 0)  # fmt: skip
        thorough_left -= 1
    for quad in _opencv_quads(gray):
        yield from variants("rectified", _warp(gray, quad, margin=0.1), thorough_left > 0)
        thorough_left -= 1
    boxes = _texture_regions(gray)
    for box in boxes:
        yield from variants("region", _warp(gray, box, margin=0.06), thorough_left > 0)
        thorough_left -= 1
        yield from variants("region-wide", _warp(gray, box, margin=0.03), False)
    # Last resort for very soft symbols: tight crops, harder sharpening, global threshold.
    for box in boxes[:3]:
        yield "region-inner", _warp(gray, box, margin=-0.05), {}
        view = _warp(gray, box, margin=0.0)
        for amount in (4.0, 6.0):
            blurred = cv2.GaussianBlur(view, (0, 0), 4.0)
            sharp = cv2.addWeighted(view, 1 + amount, blurred, -amount, 0)
            yield f"region-tight+sharp{amount:g}+hist", sharp, histogram
    # The localisers can be fooled by clutter (text blocks, patterned desks): overlapping tiles,
    # each enlarged ×2, let zxing-cpp search every part of the image at a higher resolution.
    yield from _tiles(gray)


def _tiles(gray: np.ndarray) -> Iterator[tuple[str, np.ndarray, dict[str, Any]]]:
    import cv2
    import numpy as np

    h, w = gray.shape[:2]
    if max(h, w) < 700:
        return
    tile_h, tile_w = min(h, max(400, h // 2)), min(w, max(400, w // 2))
    for y in sorted({0, (h - tile_h) // 2, h - tile_h}):
        for x in sorted({0, (w - tile_w) // 2, w - tile_w}):
            tile = gray[y : y + tile_h, x : x + tile_w]
            factor = min(2.0, 2400 / max(tile_h, tile_w))
            if factor > 1.05:
                tile = cv2.resize(tile, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
            yield "tile", np.ascontiguousarray(tile), {"try_downscale": True}
