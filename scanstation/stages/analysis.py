"""Shared analysis of a page image, computed once and handed to every cleanup stage.

The stages look at a reduced greyscale copy (about 150 dpi: plenty for angles and layout, and
a 300-dpi A4 scan shrinks from 8.7 to 2.2 megapixels). Ink is found relative to the local paper
colour — the image divided by a background estimate — so yellowish paper, a lid shadow, uneven
phone-photo lighting or a dark scanner border all look like "no ink", while text stays ink.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np
from PIL import Image

from .. import imaging
from ..imaging import EXACT_DPI
from .texture import GEOMETRY_SHARE, texture

ANALYSIS_DPI = 150.0
A4_LONG_SIDE_INCHES = 11.69


MIN_LONG_SIDE_INCHES, MAX_LONG_SIDE_INCHES = 0.5, 18.0
# Text ink: components up to TEXT_MAX_MM high; on a page of large letters (median height over
# TEXT_MAX_MM / TITLE_SPAN), up to TITLE_SPAN times that median, and never over TITLE_MAX_MM
TEXT_MAX_MM, TITLE_MAX_MM, TITLE_SPAN = 12.0, 60.0, 2.5


def estimate_dpi(img: Image.Image) -> float:
    """The image's dpi from its metadata, or from its size as if it were an A4 page."""
    dpi = img.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and dpi[0]:
        try:
            value = float(dpi[0])
        except (TypeError, ValueError):
            value = 0.0
        if 50.0 <= value <= 1200.0 and img.info.get(EXACT_DPI):
            return value  # a PDF page's render: an A1 drawing is 33 inches long
        if 50.0 <= value <= 1200.0:
            # an image's metadata only when it makes the page a plausible size: from a stamp
            # (half an inch: with 3 inches a 2-inch queue ticket was taken for an A4 page at
            # 12 dpi, blown up 17× and read as nothing) to past A3 (18 inches); longer, it is a
            # camera's or a screenshot's 72 dpi
            long_side = max(img.size) / value
            if MIN_LONG_SIDE_INCHES <= long_side <= MAX_LONG_SIDE_INCHES:
                return value
    return max(img.size) / A4_LONG_SIDE_INCHES


@dataclass(frozen=True)
class PageAnalysis:
    """A page reduced for analysis: greyscale, paper-normalised, ink mask."""

    gray: np.ndarray  # uint8, analysis resolution
    scale: float  # analysis pixels per source pixel
    dpi: float  # analysis dpi

    @staticmethod
    def of(img: Image.Image, target_dpi: float = ANALYSIS_DPI) -> PageAnalysis:
        src_dpi = estimate_dpi(img)
        scale = min(1.0, target_dpi / src_dpi)
        gray_img = img if img.mode == "L" else img.convert("L")
        if scale < 1.0:
            size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
            factor = round(1.0 / scale)
            if factor >= 2 and abs(1.0 / scale - factor) < 0.01:
                # a whole factor (300 → 150 dpi): ``reduce`` is the same box average in a
                # quarter of the time of ``resize``
                gray_img = gray_img.reduce(factor)
                scale = gray_img.width / img.width
            else:
                gray_img = gray_img.resize(size, Image.Resampling.BOX)
        return PageAnalysis(np.asarray(gray_img), scale, src_dpi * scale)

    @property
    def shape(self) -> tuple[int, int]:
        return self.gray.shape[0], self.gray.shape[1]

    def px(self, mm: float) -> int:
        """Millimetres to analysis pixels."""
        return max(1, round(mm / 25.4 * self.dpi))

    @cached_property
    def background(self) -> np.ndarray:
        """Local paper brightness: a closing removes strokes, a blur smooths what is left."""
        k = self.px(2.6) | 1  # wider than any text stroke
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
        closed = cv2.morphologyEx(self.gray, cv2.MORPH_CLOSE, kernel)
        blur = self.px(4.0) | 1
        return cv2.blur(closed, (blur, blur)).astype(np.float32)

    @cached_property
    def normalized(self) -> np.ndarray:
        """Image / local background, 1.0 = paper, < 1 darker than the paper around it."""
        return self.gray.astype(np.float32) / np.maximum(self.background, 1.0)

    @cached_property
    def paper_level(self) -> float:
        """Brightness of the paper (95th percentile of the central region)."""
        h, w = self.shape
        center = self.gray[h // 6 : h - h // 6, w // 6 : w - w // 6]
        return float(np.percentile(center, 95)) if center.size else 255.0

    @cached_property
    def ink(self) -> np.ndarray:
        """Boolean mask of ink: clearly darker than the local paper and not in a dark area."""
        contrast = self.normalized < 0.72
        # in a dark area (scanner border, desk, punch hole) the background itself is dark:
        # what looks like ink there is texture, not writing
        bright_enough = self.background > 0.45 * self.paper_level
        ink = contrast & bright_enough
        # a copier's texture is not ink: its blotches turned a page 30° and others upside down
        far = texture(np.minimum(self.normalized * 255.0, 255.0).astype(np.uint8), self.dpi,
                      far_share=GEOMETRY_SHARE)
        return ink if far is None else ink & ~far

    @cached_property
    def components(self) -> tuple[int, np.ndarray, np.ndarray]:
        """Connected components of the ink: (count, label image, stats)."""
        return imaging.components(self.ink)

    @cached_property
    def lines_mask(self) -> np.ndarray:
        """Long straight rules (form lines, table borders), horizontal and vertical."""
        ink = self.ink.astype(np.uint8)
        length = self.px(25.0)
        horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
        vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
        return np.logical_or(horiz, vert)

    @cached_property
    def text_ink(self) -> np.ndarray:
        """Ink that belongs to text-sized components not touching the image edge."""
        _n, labels, stats = self.components
        mask = self.letter_sized(stats, self._inside)[labels]
        return mask & ~self.lines_mask

    def letter_sized(self, stats: np.ndarray, inside: np.ndarray) -> np.ndarray:
        """Which components (``stats`` as ``imaging.components`` gives them) could be a letter
        or a mark: not a speck, no taller than this page's letters, no wider than 60 mm, and
        ``inside`` (not touching the image's edge). The background label 0 never is."""
        cw, ch, area = (stats[:, i] for i in (2, 3, 4))
        min_size = self.px(0.25)
        keep = ((area >= max(2, min_size * min_size)) & (ch <= self.letter_limit)
                & (cw <= self.px(60.0)) & inside)
        keep[0] = False
        return np.asarray(keep)

    @cached_property
    def _inside(self) -> np.ndarray:
        """Which components do not touch the image's edge."""
        return self.inside(self.components[2])

    def inside(self, stats: np.ndarray) -> np.ndarray:
        """Which components of a mask of this page's size (``stats``) do not touch its edge."""
        h, w = self.shape
        x, y, cw, ch = (stats[:, i] for i in range(4))
        return np.asarray((x > 0) & (y > 0) & (x + cw < w) & (y + ch < h))

    @cached_property
    def letter_limit(self) -> int:
        """The tallest component that is still text on this page: 12 mm (a 48-pt capital), or
        on a page whose letters are mostly larger, 2.5 times their median height.

        A file cover's title, a poster, a large-format drawing's caption: with a fixed 12 mm
        their letters were not text, only their tone marks and dots were, and the angle of a
        few dots turned an upright cover page sideways (a 96-pt "HỒ SƠ LƯU TRỮ" on A4, and
        OCRmyPDF's ``enormous.pdf`` test page, 0.7-inch text on a 30-inch page). A letter is
        1–60 mm high and at most twice as wide; on a page of body text the median is its
        x-height, and a signature or a seal among the lines does not move it."""
        floor = self.px(TEXT_MAX_MM)
        heights = imaging.letter_heights(self.components[2], self.px(1.0),
                                         self.px(TITLE_MAX_MM), self._inside)
        if not heights.size:
            return floor
        return max(floor, round(TITLE_SPAN * float(np.median(heights))))

    @property
    def large_type(self) -> bool:
        """Whether the page's letters are mostly larger than body text's largest (12 mm)."""
        return self.letter_limit > self.px(TEXT_MAX_MM)

    def ink_points(self, mask: np.ndarray | None = None, limit: int = 120_000,
                   seed: int = 0) -> np.ndarray:
        """(x, y) float coordinates of ink pixels, centred, subsampled to at most ``limit``."""
        m = self.ink if mask is None else mask
        ys, xs = np.nonzero(m)
        if xs.size > limit:
            rng = np.random.default_rng(seed)
            idx = rng.choice(xs.size, limit, replace=False)
            xs, ys = xs[idx], ys[idx]
        h, w = self.shape
        return np.stack([xs - w / 2.0, ys - h / 2.0], axis=1).astype(np.float32)
