"""A worn photocopier's toner texture told from a page's text, and hollow print told from both
(issue 14).

A bad copy lays grey blotches with darker rims over paper and text alike. Tesseract read them as
letters (an Augraphy copy page at 110 % CER: more characters invented than there were), and the
cleanup's deskew and orientation took them for lines of text (a page of our own turned 30°,
others upside down). The page's own text is black: its ink (``SEED`` or darker) meets the paper
within a pixel or two, while the texture is grey (100-230) and rarely as dark. So on such a page
whatever is grey and farther than a fraction of a millimetre from black ink is paper.

Pages that are not such pages are left alone, each told by one test in ``texture``:
- blurred text, whose greys are its own letters' edges. Within 2 px (at 300 dpi) of its black
  ink a blurred page's letters stay at 145-185; a sharp letter reaches the paper, 240-255
  (``SHARP_300``);
- letters the paper normalisation left grey, under a hand's shadow: darker than toner
  (``TONER_GREY``);
- grain (salt noise, a photo's sensor noise), fine where toner lies in blotches (``BLOTCHES``);
- grey letters in rows of their own, beside black ones (``AMONG_TEXT``, ``THICK``);
- a copy faded across the sheet, black on one side and grey on the other: its grey letters are
  solid strokes, never blotches, beside black ones only where the fade begins (``POROUS``);
- hollow print (a printer short of ink, ``hollow_threshold``), whose pale cores and pale bands
  are letters. Next to a hollow stroke's black rim lies its pale core; next to a copy's black
  letters, black letters (``PALE_KEPT``);
- and, asked by the caller that has the colours (``in_colour``), a page in colour: a print.

Used by the page analysis (``analysis.PageAnalysis.ink``) and by the OCR preparation
(``ocr.prepare``), each at its own resolution.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from ..imaging import components

SEED, PAPER = 80, 220  # black ink; anything darker than PAPER is ink or texture
INK_SHARE = 0.003  # black ink: 0.3 % of the page at least (a few lines)
FAR_SHARE = 0.015  # grey away from black ink: 1.5 % of the page at least
# For the page's geometry (deskew, orientation) only a texture over a tenth of the page is taken
# out: the blotches that turned pages lie over 22-43 % of them, while a phone photo's greys
# beyond the sheet (3-5 %) are the sheet's own edges, which the rectification needs.
GEOMETRY_SHARE = 0.1
# A copier's toner lies mid-grey: the median of the grey away from black ink 134-201 on the
# copies here. Letters under a hand's shadow, which the paper normalisation leaves grey (~100:
# an Augraphy shadow page lost its lower half, 0.5 -> 59 %), are darker than this.
TONER_GREY = 120.0
# Grey in blotches: this share of it in pieces of 9 px (at 300 dpi) or more. A copy's texture
# 0.37-0.98, salt noise and grain 0-0.12.
BLOTCHES = 0.3
# Grey letters beside black ones: a paragraph printed grey, a band of a copy where the toner
# ran thin. They lie in rows of their own (2 % of the grey in the rows holding black ink, on a
# letter with a third of its lines at 140), while toner lies among the text (36-100 % on the
# copies here), or in blotches thicker than a stroke (a texture over a sparse page, whose few
# lines hold 9-11 % of it: 20-35 % of it survives an erosion of 0.25 mm, grey letters 0.1 %).
AMONG_TEXT, THICK = 0.2, 0.05
# A copy faded across the sheet (its toner running thin toward one edge) leaves its letters grey
# over part of the page, beside black ones. Toner is told from them three ways, each needed by
# copies the other two miss (measured on the grey in pieces, as ``BLOTCHES`` counts them: a
# page's grain is left out):
# - porous (Augraphy's speckle: dots and worms with pixel-wide gaps): closing those gaps grows
#   its grey darker than ``GRAIN`` by ``POROUS`` or more (0.037-0.94 where only this tells). A
#   faded letter's grey is solid strokes, spaced by more than a pixel: 0.013 at most, 0.023
#   under a scanner's grain (sigma 8), 0.027-0.064 under a heavy one (sigma 16);
# - thicker than a stroke (blotches): ``BLOTCH`` of it or more survives an erosion of
#   ``BLOTCH_MM`` (0.049-0.28 where only this tells); faded letters 0.001 at most (a bold
#   heading survives 0.35 mm);
# - over the text itself: ``MIXED`` of its light grey (``LIGHT`` or paler) or more in 3-mm cells
#   that hold black ink (0.38 on the one copy only this tells). Where a fade begins, the letters
#   beside black ones are darker than that, and the light grey of a faded copy lies away from
#   black ink: 0.026 of it at most in such cells (0.047 under heavy grain).
# Pages faded across were read at 8-38 % CER with their grey part taken for toner.
POROUS, GRAIN, BLOTCH, BLOTCH_MM, MIXED, LIGHT = 0.03, 200, 0.02, 0.45, 0.15, 130
MIXED_MM, MIXED_INK = 3.0, 0.01  # the cells, and the black ink (share of a cell) they hold
# The median brightest grey within 2 px of black ink's edge (at 300 dpi; one pixel at the
# analysis' 150 dpi, where box averaging spreads a sharp edge): sharp text 241-255 at 300 dpi
# and 198-250 at 150, blurred text 145-185 and 128-170.
SHARP_300, SHARP_150 = 220.0, 185.0
# The ink kept beside black ink on hollow print: its Otsu ink's median at this or lighter.
# Hollow pages of ours and Augraphy's printer pages 72-160, copies under texture 0-57 (at 150
# dpi up to 95, on pages whose texture needs no clearing to be read).
PALE_KEPT = 65.0
# Pale print covers what its letters cover: 0.4-4.7 % of the page on our hollow pages and
# Augraphy's printer pages. Grey over a tenth of the page is texture, whatever lies beside
# black ink (a table's rules kept the texture along them: 84 on a copy of ours).
PRINT_SHARE = 0.1


def texture(gray: np.ndarray, dpi: float, near_mm: float = 0.25,
            far_share: float | None = None) -> np.ndarray | None:
    """The mask of ``gray``'s greys farther than ``near_mm`` from black ink, on a page of sharp
    black text under a copier's texture (those greys ``far_share`` of the page or more,
    ``FAR_SHARE`` unless told, and in blotches); None on any other page (see the module
    docstring). ``gray`` is paper-normalised: paper near 255."""
    seed = (gray <= SEED).view(np.uint8)
    if np.count_nonzero(seed) < INK_SHARE * gray.size:
        return None
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE,
                                     (2 * max(1, round(near_mm * dpi / 25.4)) + 1,) * 2)
    far = (gray < PAPER) & (cv2.dilate(seed, disc) == 0)
    grey = np.count_nonzero(far)
    if grey < (FAR_SHARE if far_share is None else far_share) * gray.size:
        return None
    edge = (seed > 0) & (cv2.erode(seed, np.ones((3, 3), np.uint8)) == 0)
    k = 2 * max(1, round(2 * dpi / 300)) + 1
    sharp = SHARP_150 + (SHARP_300 - SHARP_150) * min(1.0, max(0.0, (dpi - 150) / 150))
    if float(np.median(cv2.dilate(gray, np.ones((k, k), np.uint8))[edge])) < sharp:
        return None
    if float(np.median(gray[far])) < TONER_GREY:
        return None  # letters the normalisation left grey (under a shadow): no texture
    _, pieces, areas = components(far)
    large = areas[:, cv2.CC_STAT_AREA] >= max(2.0, 9 * (dpi / 300) ** 2)
    large[0] = False
    if areas[large, cv2.CC_STAT_AREA].sum() < BLOTCHES * grey:
        return None  # grain (salt noise, a photo's sensor noise): the speck eraser's work
    if not (_among_text(far, seed, dpi) or _thick(far, dpi)):
        return None  # grey letters in rows of their own: a pale paragraph, a faint band
    if not _toner_like(gray, large[pieces], seed, dpi):
        return None  # grey letters where the copy faded, black ones elsewhere
    # toner dust is as black as the text: its specks (a few pixels) are no ink to keep the
    # texture beside, and go with it
    _, labels, stats = components(seed)
    dust = stats[:, cv2.CC_STAT_AREA] <= max(1.0, (dpi / 150) ** 2)
    dust[0] = False
    if dust.any():
        letters = (~dust[labels] & (seed > 0)).view(np.uint8)
        far = (gray < PAPER) & (cv2.dilate(letters, disc) == 0)
    if np.count_nonzero(far) < PRINT_SHARE * gray.size and hollow_threshold(gray) is not None:
        kept = gray.copy()
        kept[far] = 255
        if _otsu_ink_median(kept) >= PALE_KEPT:
            return None
    return far


def _among_text(far: np.ndarray, seed: np.ndarray, dpi: float) -> bool:
    """Whether ``AMONG_TEXT`` of ``far`` or more lies in the rows (a millimetre high) that hold
    black ink."""
    band = max(1, round(dpi / 25.4))
    height = far.shape[0] // band * band
    rows = seed[:height].reshape(-1, band * seed.shape[1]).any(axis=1)
    grey = np.count_nonzero(far[:height].reshape(-1, band * far.shape[1]), axis=1)
    return int(grey[rows].sum()) >= AMONG_TEXT * max(1, int(grey.sum()))


def _toner_like(gray: np.ndarray, far: np.ndarray, seed: np.ndarray, dpi: float) -> bool:
    """Whether ``far`` (the grey in pieces, grain left out) is porous, thicker than a stroke, or
    lies over the text (see ``POROUS``) rather than being the letters of a copy that faded."""
    dark = (far & (gray < GRAIN)).view(np.uint8)
    gaps = np.ones((2 * max(1, round(dpi / 300)) + 1,) * 2, np.uint8)
    closed = np.count_nonzero(cv2.morphologyEx(dark, cv2.MORPH_CLOSE, gaps))
    if closed >= (1 + POROUS) * max(1, int(np.count_nonzero(dark))):
        return True
    if _surviving(far, dpi, BLOTCH_MM) >= BLOTCH * max(1, int(np.count_nonzero(far))):
        return True
    return _mixed(far & (gray >= LIGHT), seed, dpi) >= MIXED


def _mixed(far: np.ndarray, seed: np.ndarray, dpi: float) -> float:
    """The share of ``far`` in cells ``MIXED_MM`` wide that hold black ink."""
    cell = max(2, round(MIXED_MM * dpi / 25.4))
    rows, cols = far.shape[0] // cell, far.shape[1] // cell
    if not rows or not cols:
        return 1.0

    def mean_per_cell(mask: np.ndarray) -> np.ndarray:
        return cv2.resize(mask[:rows * cell, :cols * cell].astype(np.float32), (cols, rows),
                          interpolation=cv2.INTER_AREA)

    grey = mean_per_cell(far)
    return float(grey[mean_per_cell(seed) >= MIXED_INK].sum() / max(1e-9, float(grey.sum())))


def _thick(far: np.ndarray, dpi: float) -> bool:
    """Whether ``THICK`` of ``far`` or more is thicker than half a millimetre: blotches, which
    no stroke of a letter is."""
    return _surviving(far, dpi, 0.25) >= THICK * max(1, int(np.count_nonzero(far)))


def _surviving(mask: np.ndarray, dpi: float, mm: float) -> int:
    """How many pixels of ``mask`` survive an erosion by a disc of radius ``mm``."""
    r = max(1, round(mm * dpi / 25.4))
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1,) * 2)
    return int(np.count_nonzero(cv2.erode(mask.view(np.uint8), disc)))


# A page in colour over this share of its area is a colour print: its pale fills and coloured
# names are the document (OCRmyPDF's map of Baiona, 8.4 %, lost six place names to them). A
# copy's toner is grey (0 %); a red seal or a blue signature covers 0.1-0.3 % of a page.
COLOUR_SHARE = 0.02


def in_colour(img: Image.Image) -> bool:
    """Whether ``img`` shows saturated colour over ``COLOUR_SHARE`` of its area or more."""
    if img.mode not in ("RGB", "RGBA", "CMYK", "P"):
        return False
    small = np.asarray(img.convert("RGB").reduce(4))
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    return float(((hsv[..., 1] > 60) & (hsv[..., 2] > 60)).mean()) >= COLOUR_SHARE


# A printer short of ink (or a worn toner drum) leaves strokes hollow: a dark rim, a pale core,
# broken across in places. Tesseract reads such strokes as two ("m" as "rn", "1969" as
# "1G°Q"). Counted on the ink Otsu finds, every fourth row and column: gaps of one or two paper
# pixels with ink right on both sides, across a stroke, per ink pixel. Printed text of every
# kind generated here (sharp, blurred, copied, photographed, folded, bowed, fax) has
# 0.003-0.0056 (its tight letter pairs), a copy whose cleanup left white halos round the
# letters 0.007, hollow print 0.0089-0.1. But real scans of old books and typewritten pages
# (OCRmyPDF's test files) crack as much, 0.008-0.02, at their ragged edges; filled, their dark
# ink read no better ("Operation" -> "Opecration"), their pale ink better ("tho" -> "the",
# "Lchuntze" -> "Lehuntze"). So a page is hollow when its ink is pale (the median ink pixel at
# PALE_INK or lighter: a printer short of ink prints pale) or its cracks are beyond any scan's.
HOLLOW_CRACKS, HOLLOW_ANY_INK = 0.008, 0.03
PALE_INK = 100  # hollow print's ink 130-151; printed and scanned black text 0-53


def hollow_threshold(gray: np.ndarray) -> float | None:
    """Otsu's ink threshold of a page of hollow print; None for any other page."""
    threshold = _otsu(gray)
    cracks = ink = 0
    # every fourth line each way: a quarter of the work, and still some 10^5 ink pixels
    for lines in (gray[::4] <= threshold, np.ascontiguousarray((gray[:, ::4] <= threshold).T)):
        before, after = lines[:, :-3], lines[:, 3:]
        gap = ~lines[:, 1:-2]
        cracks += int(np.count_nonzero(before & gap & lines[:, 2:-1]))  # one pixel
        cracks += int(np.count_nonzero(before & gap & ~lines[:, 2:-1] & after))  # two
        ink += int(np.count_nonzero(lines))
    if cracks < HOLLOW_CRACKS * max(1, ink):
        return None
    if cracks < HOLLOW_ANY_INK * ink and _otsu_ink_median(gray, threshold) < PALE_INK:
        return None
    return threshold


def _otsu(gray: np.ndarray) -> float:
    return float(cv2.threshold(gray[::2, ::2], 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0])


def _otsu_ink_median(gray: np.ndarray, threshold: float | None = None) -> float:
    """The median of the ink Otsu finds, sampled every fourth row."""
    rows = gray[::4]
    ink = rows[rows <= (_otsu(gray) if threshold is None else threshold)]
    return float(np.median(ink)) if ink.size else 255.0
