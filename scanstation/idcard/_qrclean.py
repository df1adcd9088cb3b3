"""Clean-up of a straightened QR view before zxing-cpp tries it again: glare, blur, uneven light.

A view is a small upright greyscale image of one candidate symbol at a known scale (~8 px per
module, see ``_qrhard._VIEW_SIDE``), so every filter here is sized in modules, not in pixels of
the photo. Each function returns a new uint8 image; none decodes anything.

* glare (specular reflections off the laminate) lifts dark modules towards white under a bright
  veil; where it saturates, nothing is left to recover (error correction must cover it), but
  around it contrast is only *compressed*. Local min/max normalisation (morphological opening and
  closing over ~2.5 modules) stretches each neighbourhood back to full range;
* defocus and motion blur spread each module over its neighbours: Wiener deconvolution with a
  disk or a line kernel of the right size in modules undoes most of it at the noise levels of a
  JPEG photo; the motion direction is estimated from the view's gradients;
* Sauvola's threshold (local mean and deviation) binarises what zxing-cpp's own local-average
  binariser mis-thresholds near strong light gradients.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MODULE_PX = 8.0  # the view scale _qrhard warps to (420 px for ~45 modules + margin)


def local_normalise(view: np.ndarray, modules: float = 2.5) -> np.ndarray:
    """Stretch each neighbourhood between its local minimum and maximum (glare veils, shadows)."""
    import cv2
    import numpy as np

    k = max(3, round(modules * MODULE_PX)) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    smooth = cv2.GaussianBlur(view, (0, 0), 1.0)
    low = cv2.blur(cv2.erode(smooth, kernel).astype(np.float32), (k, k))
    high = cv2.blur(cv2.dilate(smooth, kernel).astype(np.float32), (k, k))
    span = np.maximum(high - low, 12.0)  # flat patches (saturated glare) stay flat, not noise
    out = (view.astype(np.float32) - low) / span * 255.0
    return out.clip(0, 255).astype(np.uint8)


def sauvola(view: np.ndarray, modules: float = 3.0, k: float = 0.2) -> np.ndarray:
    """Sauvola's binarisation: threshold = mean × (1 + k (σ / 128 − 1)) over a local window."""
    import cv2
    import numpy as np

    size = max(3, round(modules * MODULE_PX)) | 1
    f = view.astype(np.float32)
    mean = cv2.boxFilter(f, -1, (size, size))
    sq = cv2.boxFilter(f * f, -1, (size, size))
    std = np.sqrt(np.maximum(sq - mean * mean, 0))
    threshold = mean * (1 + k * (std / 128.0 - 1))
    return np.where(f > threshold, 255, 0).astype(np.uint8)


def _disk_psf(radius: float) -> np.ndarray:
    import cv2
    import numpy as np

    k = max(3, int(np.ceil(radius)) * 2 + 3)
    psf: np.ndarray = np.zeros((k * 4, k * 4), np.float32)
    cv2.circle(psf, (k * 2, k * 2), max(1, round(radius * 4)), 1.0, -1, lineType=cv2.LINE_AA)
    psf = cv2.resize(psf, (k, k), interpolation=cv2.INTER_AREA)
    return np.asarray(psf / psf.sum(), np.float32)


def _line_psf(length: float, angle: float) -> np.ndarray:
    import cv2
    import numpy as np

    k = max(3, int(np.ceil(length)) + 2) | 1
    psf: np.ndarray = np.zeros((k * 4, k * 4), np.float32)
    c = k * 2
    dx, dy = np.cos(angle) * length * 2, np.sin(angle) * length * 2
    cv2.line(psf, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 2, cv2.LINE_AA)
    psf = cv2.resize(psf, (k, k), interpolation=cv2.INTER_AREA)
    return np.asarray(psf / psf.sum(), np.float32)


def wiener(view: np.ndarray, psf: np.ndarray, snr: float = 0.01) -> np.ndarray:
    """Wiener deconvolution: F̂ = G · H* / (|H|² + 1/SNR), on a mirrored border (no wrap ringing).

    OpenCV's DFT in float32 at an optimal size: ~5 ms for a 420 px view (numpy's float64 FFT
    took ~60 ms, which a cascade of a dozen views cannot afford)."""
    import cv2
    import numpy as np

    pad = psf.shape[0] * 2
    h = cv2.getOptimalDFTSize(view.shape[0] + 2 * pad)
    w = cv2.getOptimalDFTSize(view.shape[1] + 2 * pad)
    f = cv2.copyMakeBorder(view.astype(np.float32), pad, h - view.shape[0] - pad, pad,
                           w - view.shape[1] - pad, cv2.BORDER_REFLECT)  # fmt: skip
    mean = float(f.mean())
    kernel = np.zeros((h, w), np.float32)
    kh, kw = psf.shape
    kernel[:kh, :kw] = psf
    kernel = np.roll(kernel, (-(kh // 2), -(kw // 2)), axis=(0, 1))
    spectrum_h = cv2.dft(kernel, flags=cv2.DFT_COMPLEX_OUTPUT)
    spectrum_g = cv2.dft(f - mean, flags=cv2.DFT_COMPLEX_OUTPUT)
    # G·H* / (|H|² + 1/SNR) with complex numbers stored as two float planes.
    numerator = cv2.mulSpectrums(spectrum_g, spectrum_h, 0, conjB=True)
    power = spectrum_h[..., 0] ** 2 + spectrum_h[..., 1] ** 2 + snr
    estimate = cv2.idft(numerator / power[..., None], flags=cv2.DFT_SCALE | cv2.DFT_REAL_OUTPUT)
    out = estimate[pad : pad + view.shape[0], pad : pad + view.shape[1]] + mean
    # Deconvolution over-shoots; stretch the 1st–99th percentile (of a sample) to the full range.
    lo, hi = np.percentile(out[::3, ::3], (1, 99))
    return ((out - lo) * (255.0 / max(1.0, hi - lo))).clip(0, 255).astype(np.uint8)


def motion_angle(view: np.ndarray) -> float:
    """Direction of a motion blur (radians): the direction along which the image varies least,
    from the structure tensor of the whole view. A QR's own edges are as strong horizontally as
    vertically, so on a sharp view the estimate is arbitrary — harmless, the plain and disk
    variants are tried first — while a real smear dominates it."""
    import cv2
    import numpy as np

    f = cv2.GaussianBlur(view.astype(np.float32), (0, 0), 1.0)
    gx = cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=3)
    # Structure tensor: the eigenvector of the smallest eigenvalue is the blur direction.
    jxx, jyy, jxy = float((gx * gx).mean()), float((gy * gy).mean()), float((gx * gy).mean())
    theta = 0.5 * np.arctan2(2 * jxy, jxx - jyy)  # direction of strongest variation
    return float(theta + np.pi / 2)


# Deconvolution guesses, in modules: defocus disk radii, then motion-smear lengths. They reach
# past the blur the reader was tuned on (defocus ≤ 0.95, smear ≤ 1.7 modules): a guess too large
# still sharpens a smaller blur, and each costs ~5 ms. ``wide`` steps finer over the same reach.
DISK_RADII = (0.6, 0.9, 1.2)
LINE_LENGTHS = (1.2, 1.7, 2.3)
WIDE_LINE_LENGTHS = (1.2, 1.5, 1.8, 2.1, 2.4)


def deblurred(view: np.ndarray, wide: bool = False) -> Iterator[tuple[str, np.ndarray]]:
    """Deconvolved variants, cheapest guesses first: defocus radii in modules, then motion blur
    along the estimated direction at a few lengths.

    ``wide`` (a view warped from the symbol's own corners, so the module is ~8 px and square):
    smears in finer steps (a phone's hand shake spreads a module over up to two of its
    neighbours)."""
    import numpy as np

    for radius in DISK_RADII:
        yield f"+wiener-disk{radius:g}", wiener(view, _disk_psf(radius * MODULE_PX), 0.02)
    angle = motion_angle(view)
    for length in WIDE_LINE_LENGTHS if wide else LINE_LENGTHS:
        psf = _line_psf(length * MODULE_PX, angle)
        yield f"+wiener-line{length:g}@{np.degrees(angle):.0f}", wiener(view, psf, 0.02)
