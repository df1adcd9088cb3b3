"""Fit a QR symbol's exact corners inside a rough region, from its function patterns.

A texture box sits 1–5 modules off the symbol in a phone photo, and zxing-cpp cannot report
corners when glare wipes a finder pattern or blur merges it with its neighbours. But a symbol's
*function patterns* (three finders, timing rows, alignment patterns: a third of a version-7
symbol's modules, known in advance) pin the module grid even when some of them are lost: the
homography that makes the most of them read right is the symbol's. The fit samples only those
module centres (a few hundred points, ~0.1 ms per try), so a coarse-to-fine search over the four
corners is cheap; the corners it finds go to the module-by-module reader (``_qrgrid``), whose
own checks (format BCH, RS, padding) decide — a fit is a localisation, never a read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_VERSIONS = range(5, 11)
_MIN_FIT = 0.7  # fraction of function-pattern modules that must read right after the fit
_FINE = 2  # coarse fits (version × orientation) refined further


def _pattern_points(version: int) -> tuple[np.ndarray, np.ndarray]:
    """(module centres as (x, y) in module units, expected darkness) of the function patterns."""
    import numpy as np

    from ._qrgrid import _layout

    known, expected, _, _, _ = _layout(version)
    rows, cols = np.nonzero(known)
    points = np.stack([cols + 0.5, rows + 0.5], axis=1).astype(np.float32)
    return points, np.asarray(expected == 1)


def _sample(normal: np.ndarray, corners: np.ndarray, n: int, points: np.ndarray) -> np.ndarray:
    """The view's grey values at ``points`` (module centres of an n × n symbol) placed under
    ``corners`` (TL TR BR BL); outside the view reads as mid-grey (no evidence either way)."""
    import cv2
    import numpy as np

    square = np.array([[0, 0], [n, 0], [n, n], [0, n]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(square, corners.astype(np.float32))
    mapped = cv2.perspectiveTransform(points[None], matrix)[0]
    values: np.ndarray = cv2.remap(normal, mapped[:, 0:1], mapped[:, 1:2], cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_CONSTANT, borderValue=128).ravel()
    return values


def _score(normal: np.ndarray, corners: np.ndarray, n: int, points: np.ndarray,
           dark: np.ndarray) -> float:  # fmt: skip
    """Soft agreement of the view with the function patterns under ``corners`` (TL TR BR BL)."""
    import numpy as np

    values = _sample(normal, corners, n, points)
    agree = np.where(dark, 255.0 - values, values) / 255.0
    return float(agree.mean())


def _refine(normal: np.ndarray, corners: np.ndarray, n: int, points: np.ndarray,
            dark: np.ndarray, steps: tuple[float, ...]) -> tuple[float, np.ndarray]:  # fmt: skip
    """Coordinate ascent on the 8 corner coordinates, step by step (view pixels)."""
    best = _score(normal, corners, n, points, dark)
    corners = corners.copy()
    for step in steps:
        improved = True
        rounds = 0
        while improved and rounds < 6:
            improved = False
            rounds += 1
            for k in range(8):
                i, axis = divmod(k, 2)
                for delta in (step, -step):
                    corners[i, axis] += delta
                    score = _score(normal, corners, n, points, dark)
                    if score > best + 1e-4:
                        best, improved = score, True
                        break
                    corners[i, axis] -= delta
    return best, corners


def _place(normal: np.ndarray, box: np.ndarray, n: int, points: np.ndarray, dark: np.ndarray,
           step: float) -> np.ndarray:  # fmt: skip
    """The box shifted by up to ±2 modules and scaled ±8 % that the patterns fit best: a texture
    box is off by whole modules, where coordinate ascent alone locks onto a wrong period."""
    import numpy as np

    centre = box.mean(axis=0)
    best, chosen = -1.0, box
    for scale in (0.92, 1.0, 1.08):
        scaled = centre + (box - centre) * scale
        for dy in range(-2, 3):
            for dx in range(-2, 3):
                corners = scaled + np.array([dx * step, dy * step], dtype=np.float32)
                score = _score(normal, corners, n, points, dark)
                if score > best:
                    best, chosen = score, corners
    return chosen


def fit_symbol(view: np.ndarray, margin: float) -> list[tuple[float, np.ndarray]]:
    """Candidate symbol corners (TL TR BR BL in ``view``'s pixels, symbol orientation), best
    first, for a square ``view`` of a region whose symbol should fill all but ``margin`` of each
    side. Only fits whose hard agreement with the function patterns reaches ``_MIN_FIT``."""
    import numpy as np

    from ._qrclean import local_normalise

    normal = local_normalise(view, 2.5).astype(np.float32)
    side = float(view.shape[0])
    m = side * margin
    box = np.array([[m, m], [side - m, m], [side - m, side - m], [m, side - m]], dtype=np.float32)
    module = (side - 2 * m) / 45.0  # ~px per module (versions 5–10: 37–57 modules)
    coarse: list[tuple[float, int, np.ndarray, np.ndarray, np.ndarray]] = []
    for version in _VERSIONS:
        n = 17 + 4 * version
        points, dark = _pattern_points(version)
        step = (side - 2 * m) / n
        for turn in range(4):
            start = _place(normal, np.roll(box, -turn, axis=0), n, points, dark, step)
            score, corners = _refine(normal, start, n, points, dark, (step, step / 2))
            coarse.append((score, n, corners, points, dark))
    coarse.sort(key=lambda item: -item[0])
    out = []
    for _, n, corners, points, dark in coarse[:_FINE]:
        score, fitted = _refine(normal, corners, n, points, dark, (module / 2, module / 4))
        if _hard_agreement(normal, fitted, n, points, dark) >= _MIN_FIT:
            out.append((score, fitted))
    return out


def _hard_agreement(normal: np.ndarray, corners: np.ndarray, n: int, points: np.ndarray,
                    dark: np.ndarray) -> float:  # fmt: skip
    import numpy as np

    return float(np.mean((_sample(normal, corners, n, points) < 128) == dark))
