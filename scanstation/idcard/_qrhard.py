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

A third cue closes the loop: when zxing-cpp locates the symbol in one of those views (its finder
patterns) but cannot decode it, the caller maps those corners back to the image and the region is
warped again from them — exact corners, so the module grid is square and the deblurring bank can
assume the module size (the combined phone photo: perspective + blur + glare).
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
# Regions warped again from the corners zxing-cpp found in one of their views (see below).
_MAX_REFINED = 2
# Texture regions whose symbol corners are fitted to the function patterns (~0.1–0.3 s each).
_FITTED_REGIONS = 2


def _order_quad(pts: np.ndarray) -> np.ndarray:
    import numpy as np

    pts = pts.reshape(4, 2).astype(np.float32)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    corners = [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]]
    return np.array(corners, dtype=np.float32)


def _warp(gray: np.ndarray, quad: np.ndarray, margin: float) -> np.ndarray:
    """Map ``quad`` (TL, TR, BR, BL) to a square view with ``margin`` (fraction of side) around."""
    return _warp_mapped(gray, quad, margin)[0]


def _warp_mapped(gray: np.ndarray, quad: np.ndarray, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_warp` and the homography from view coordinates back to ``gray``'s."""
    import cv2
    import numpy as np

    side = _VIEW_SIDE
    m = side * margin
    dst = np.array([[m, m], [side - m, m], [side - m, side - m], [m, side - m]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(_order_quad(quad), dst)
    view = cv2.warpPerspective(
        gray, matrix, (side, side), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return view, np.linalg.inv(matrix)


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


def _cleaned(view: np.ndarray, wide: bool = False) -> Iterator[tuple[str, np.ndarray, bool]]:
    """The heavier clean-ups (``_qrclean``): glare normalisation, deconvolution, Sauvola.
    ``wide``: the larger deblurring bank, for views whose module grid is known to be square."""
    from . import _qrclean as clean

    normalised = clean.local_normalise(view, 2.5)
    yield "+norm", normalised, True
    yield "+norm1.5", clean.local_normalise(view, 1.5), True
    for name, sharp in clean.deblurred(view, wide):
        yield name, sharp, True
        yield f"+norm{name}", clean.local_normalise(sharp, 2.5), False
    yield "+sauvola", clean.sauvola(normalised), False


# (stage, view, zxing-cpp options, homography from view to image coordinates or None)
HardView = tuple[str, "np.ndarray", dict[str, Any], "np.ndarray | None"]


def _plausible(quad: np.ndarray) -> bool:
    """A symbol outline zxing-cpp reported: four sides of similar length (a mild perspective)."""
    import numpy as np

    sides = np.linalg.norm(quad - np.roll(quad, 1, axis=0), axis=1)
    return bool(sides.min() > 20 and sides.min() > 0.6 * sides.max())


def _fitted(gray: np.ndarray, box: np.ndarray) -> list[tuple[tuple[float, float], ...]]:
    """Symbol corners fitted to the function patterns inside a texture box (``_qrfit``), in
    ``gray``'s coordinates and the symbol's own orientation."""
    import cv2
    import numpy as np

    from ._qrfit import fit_symbol

    view, back = _warp_mapped(gray, box, 0.06)
    out = []
    for _, corners in fit_symbol(view, 0.06):
        mapped = cv2.perspectiveTransform(corners[None].astype(np.float64), back)[0]
        out.append(tuple((float(x), float(y)) for x, y in mapped))
    return out


def hard_case_views(
    gray: np.ndarray,
    located: list[tuple[tuple[float, float], ...]] | None = None,
    found_in_views: list[tuple[tuple[float, float], ...]] | None = None,
    fitted: list[tuple[tuple[float, float], ...]] | None = None,
) -> Iterator[HardView]:
    """Small upright views of each candidate QR region, plain then enhanced, with zxing options.

    ``located``: corner quads of symbols zxing-cpp found but could not decode — the most precise
    localisation there is, so they come first. The best few regions get every clean-up
    (glare normalisation, deconvolution); the rest only the cheap ones.

    ``found_in_views`` (filled by the caller between views): quads, in ``gray``'s coordinates,
    of symbols zxing-cpp located in a yielded view but could not decode — mapped back through
    the view's homography (the 4th item). A texture box sits only roughly on the symbol (corners
    1–5 modules off under perspective), which skews and scales the module grid that
    deconvolution assumes; once a cleaned view lets zxing-cpp find the finder patterns, the
    symbol's own corners are known, and that region is warped again from them (``refined``) and
    gets the wide deblurring bank.

    ``fitted`` (filled here, read by the caller): corners fitted to the function patterns inside
    the best texture regions (``_qrfit``), for the module-by-module reader.
    """
    import cv2
    import numpy as np
    import zxingcpp

    histogram = {"binarizer": zxingcpp.Binarizer.GlobalHistogram}

    def variants(prefix: str, quad: np.ndarray, margin: float, thorough: bool,
                 wide: bool = False) -> Iterator[HardView]:  # fmt: skip
        view, back = _warp_mapped(gray, quad, margin)
        sources = [_enhanced(view)] + ([_cleaned(view, wide)] if thorough else [])
        for source in sources:
            for name, out, both in source:
                yield f"{prefix}{name}", out, {}, back
                if both:
                    yield f"{prefix}{name}+hist", out, histogram, back

    known: list[np.ndarray] = []  # quads already warped from exact corners
    tried = refined = 0

    def refinements() -> Iterator[HardView]:
        nonlocal tried, refined
        found = found_in_views if found_in_views is not None else []
        while tried < len(found) and refined < _MAX_REFINED:
            quad = _order_quad(np.array(found[tried], dtype=np.float32))
            tried += 1
            side = float(np.linalg.norm(quad[0] - quad[2]))
            if not _plausible(quad) or any(
                np.abs(quad - other).max() < 0.04 * side for other in known
            ):
                continue
            known.append(quad)
            refined += 1
            yield from variants("refined", quad, 0.08, True, wide=True)

    thorough_left = _THOROUGH_VIEWS
    for corners in (located or [])[:2]:
        quad = np.array(corners, dtype=np.float32)
        known.append(_order_quad(quad))  # already exact: no refinement of it
        yield from variants("located", quad, 0.08, thorough_left > 0, wide=True)
        thorough_left -= 1
    for quad in _opencv_quads(gray):
        yield from variants("rectified", quad, 0.1, thorough_left > 0)
        thorough_left -= 1
        yield from refinements()
    boxes = _texture_regions(gray)
    for rank, box in enumerate(boxes):
        yield from variants("region", box, 0.06, thorough_left > 0)
        thorough_left -= 1
        if rank < _FITTED_REGIONS and fitted is not None:
            fitted.extend(_fitted(gray, box))
        yield from refinements()
        yield from variants("region-wide", box, 0.03, False)
        yield from refinements()
    # Last resort for very soft symbols: tight crops, harder sharpening, global threshold.
    for box in boxes[:3]:
        yield "region-inner", _warp(gray, box, margin=-0.05), {}, None
        view = _warp(gray, box, margin=0.0)
        for amount in (4.0, 6.0):
            blurred = cv2.GaussianBlur(view, (0, 0), 4.0)
            sharp = cv2.addWeighted(view, 1 + amount, blurred, -amount, 0)
            yield f"region-tight+sharp{amount:g}+hist", sharp, histogram, None
    # The localisers can be fooled by clutter (text blocks, patterned desks): overlapping tiles,
    # each enlarged ×2, let zxing-cpp search every part of the image at a higher resolution.
    for stage, tile, options in _tiles(gray):
        yield stage, tile, options, None


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
