"""Preparing a cleaned page for Tesseract: paper normalised, specks and ruling lines erased,
hollow print filled, low-dpi pages upscaled, a white margin added so words touching the edge
are not dropped.

Tesseract reads the cleaned page well, but ruled tables come out garbled because the ruling
lines touch the glyphs, and specks glue to word boxes; this is where both are removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from PIL import Image

from ..imaging import components, letter_heights
from ..stages.texture import hollow_threshold, in_colour, texture
from .bow import bow_of, straightened
from .cells import Rule, rule_boxes
from .forms import check_boxes
from .leaders import leader_dots
from .panels import invert_panels
from .results import OcrParams
from .rules import without_rules


@dataclass(frozen=True)
class Prepared:
    image: Image.Image  # greyscale, what Tesseract reads
    scale: float  # prepared pixels per cleaned-page pixel
    pad: int
    dpi: float
    bitonal: bool = False  # black and white only before softening (a fax, a CCITT scan)
    grid: tuple[Rule, ...] = ()  # the ruling lines erased, in the cleaned page's pixels
    # a form's check boxes erased (box, marked) and its combs (``forms``), page pixels too
    boxes: tuple[tuple[Rule, bool], ...] = ()
    combs: tuple[Rule, ...] = ()
    # the sheet's bow (``ocr.bow``): how far each pixel of the cleaned page was moved up to
    # straighten its lines before everything above was found; None when the lines are straight
    bow: np.ndarray | None = field(default=None, compare=False)

    def from_page(self, box: Rule) -> Rule:
        """``box`` in the cleaned page's pixels (a rule, a comb) in this image's pixels."""
        s, p = self.scale, self.pad
        return (round(box[0] * s + p), round(box[1] * s + p), round(box[2] * s + p),
                round(box[3] * s + p))

    @cached_property
    def pixels(self) -> np.ndarray:
        """``image`` as an array, copied once: every second look reads from it."""
        return np.asarray(self.image)



def page_dpi(img: Image.Image) -> float:
    from ..stages.analysis import estimate_dpi

    return float(estimate_dpi(img))


def prepare(img: Image.Image, params: OcrParams | None = None) -> Prepared:
    """Greyscale, light-on-dark panels turned, paper-normalised, rules erased, upscaled if
    low-dpi, padded."""
    import cv2

    params = params or OcrParams()
    dpi = page_dpi(img)
    gray = _gray_without_seal_and_pen(img, dpi)
    bitonal = _is_bitonal(gray)
    if bitonal:
        gray = _soften_bitonal(gray, dpi)
    bow = bow_of(gray, dpi) if params.straighten_bow else None
    if bow is not None:
        gray = straightened(gray, bow)
    gray = invert_panels(gray, dpi)
    scale = _scale_for(gray.shape, dpi, params)
    if scale != 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale,
                          interpolation=cv2.INTER_CUBIC if scale > 1.0 else cv2.INTER_AREA)
    work_dpi = dpi * scale
    far = None
    if params.normalize_paper:
        gray = _normalize_paper(gray, work_dpi)
        # a copier's texture painted paper-white, before a faint page's ink is stretched: the
        # texture passed for faint ink, and the stretch turned its grey blotches black
        far = texture(gray, work_dpi)
        if far is not None and in_colour(img):
            far = None
        if far is not None:
            gray = gray.copy()
            gray[far] = 255
        gray = _darken_faint_ink(gray)
    boxes: list[tuple[Rule, bool]] = []
    speckled = False
    if params.despeckle or params.remove_rules:
        gray, boxes, speckled = _erase_small_marks(gray, work_dpi, specks=params.despeckle,
                                                   leaders=params.remove_rules)
    hollow = False
    if params.normalize_paper and not speckled and far is None:
        # (a copy's texture, told from hollow print by ``texture``, is not filled: its faint
        # remains, darkened, came back as blotches)
        filled = _hollow_strokes_filled(gray, work_dpi)
        hollow, gray = filled is not gray, filled
    grid: tuple[Rule, ...] = ()
    combs: list[Rule] = []
    if params.remove_rules:
        # a table's rules broken into dashes are looked for on hollow print, which breaks them
        # (elsewhere the rules found longer changed how Tesseract split a copy's columns)
        gray, found, combs = without_rules(gray, work_dpi, dashed=hollow)
        if found is not None:  # in the cleaned page's pixels, as the words are given
            grid = rule_boxes(found, work_dpi / 2, 2.0 / scale)
    shrink = _large_type_shrink(gray, work_dpi)
    if shrink < 1.0:
        gray = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
        # the dpi stays: the letters are now the size of body text at that resolution, which is
        # how Tesseract and the passes after it (measured in millimetres) should take them.
        # At the true resolution (~50 dpi) Tesseract found an empty page in a band of one line
        scale *= shrink
    pad = params.pad_px
    if pad:
        gray = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return Prepared(Image.fromarray(gray), scale, pad, work_dpi, bitonal, grid,
                    tuple((_scaled(b, 1 / scale), marked) for b, marked in boxes),
                    tuple(_scaled(c, 2 / scale) for c in combs), bow)


def _scaled(box: Rule, by: float) -> Rule:
    return (round(box[0] * by), round(box[1] * by), round(box[2] * by), round(box[3] * by))


# Tesseract refuses an image with a side over 32,767 pixels ("Image too large") and reads
# nothing; and no page is made larger than the input cap (``imaging.MAX_PIXELS``).
TESSERACT_MAX_SIDE = 32_767


def _scale_for(shape: tuple[int, ...], dpi: float, params: OcrParams) -> float:
    """Prepared pixels per cleaned-page pixel: a low-dpi page upscaled to ``target_dpi``, as far
    as the limits allow; a page too long for Tesseract shrunk to fit.

    A large-format page is rendered at a low dpi to stay under the input cap (OCRmyPDF's
    ``hugemono.pdf``, 117 inches square, at 100 dpi: 136 megapixels); upscaled to 300 dpi it
    was 35,081 pixels a side, Tesseract refused it, and the page came out with no text at all.
    Its letters, an inch high, read well at 100 dpi."""
    from ..imaging import MAX_PIXELS

    height, width = shape[0], shape[1]
    scale = params.target_dpi / dpi if dpi < params.min_dpi else 1.0
    room = TESSERACT_MAX_SIDE - 2 * params.pad_px
    scale = min(scale, room / max(height, width, 1))
    if scale > 1.0:
        scale = max(1.0, min(scale, (MAX_PIXELS / max(height * width, 1)) ** 0.5))
    return scale if abs(scale - 1.0) > 0.01 else 1.0


# A page whose letters are mostly this tall (the median of its letter-sized pieces) is large
# type: a file cover's title, a poster, a notice. Tesseract reads such letters badly or not at
# all (a 96-pt bold "HỒ SƠ" on A4: nothing; 72 pt: "HO SƠ"), so the page is read shrunk until
# they are LARGE_TYPE_TARGET_MM. Body text's median is 2–3 mm (13–14 pt, capitals and tone
# marks included), a 28-pt heading's under 6.
LARGE_TYPE_MM, LARGE_TYPE_TARGET_MM = 7.0, 3.5


def _large_type_shrink(gray: np.ndarray, dpi: float) -> float:
    """1.0, or the factor that brings a large-type page's letters to ``LARGE_TYPE_TARGET_MM``;
    measured on a quarter-size copy (letters of a millimetre or more are 3 pixels there)."""
    import cv2

    step = 4
    small = gray[::step, ::step]
    ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    count, _labels, stats = components(ink)
    if count <= 3:
        return 1.0
    px_per_mm = dpi / step / 25.4
    heights = letter_heights(stats, 1.0 * px_per_mm, 60.0 * px_per_mm)
    if heights.size < 3:
        return 1.0
    median = float(np.median(heights)) / px_per_mm
    return LARGE_TYPE_TARGET_MM / median if median >= LARGE_TYPE_MM else 1.0


def _normalize_paper(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Divide by the local paper colour: shadows, yellow paper and uneven photo light go white."""
    import cv2

    k = max(15, int(dpi / 10) | 1)  # ~2.5 mm: wider than a stroke, narrower than a shadow edge
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max(3, k // 4 | 1),) * 2)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = np.maximum(cv2.GaussianBlur(background, (0, 0), 3), 1)
    background = cv2.resize(background, (gray.shape[1], gray.shape[0]),
                            interpolation=cv2.INTER_LINEAR)
    # one saturating uint8 pass (rounded): a float32 copy of a 300-dpi page cost 0.05 s
    return cv2.divide(gray, background, scale=255.0)


# A faint copy's ink: the darkest tenth of a page's ink pixels (under 200) still lighter than
# PALE_COPY. A printed page's strokes reach 0-60; a faint photocopy's stay at 120-150, and on
# such a page Tesseract's own threshold dropped whole lines ("- Chủ tịch, các PCT UBND;" and
# "PHÓ CHỦ TỊCH" on a browser page, set 39) and a dark header row's light letters.
PALE_COPY, INK_TARGET = 110.0, 40.0


def _darken_faint_ink(gray: np.ndarray) -> np.ndarray:
    """A faint page (on white paper, after ``_normalize_paper``) with its ink stretched so its
    darkest tenth reaches ``INK_TARGET``, paper staying white; any other page as it is."""
    sample = gray[::4, ::4]
    ink = sample[sample < 200]
    if ink.size < 500:  # a blank page, or a few marks: nothing to measure
        return gray
    dark = float(np.percentile(ink, 10))
    if dark <= PALE_COPY:
        return gray
    gain = (255.0 - INK_TARGET) / (255.0 - dark)
    table = np.clip(255.0 - (255.0 - np.arange(256, dtype=np.float32)) * gain, 0, 255)
    return table.round().astype(np.uint8)[gray]


# A printer short of ink leaves strokes hollow (``stages.texture.hollow_threshold``, which tells
# such a page by its cracks). Salt noise cracks strokes too, but a fill there joined letters (a
# noisy 200-dpi page 1.1 -> 3.4 %): a speckled page (``SPECKLED``) is never filled.
# On a hollow page, what is not paper is ink: the cores a fill cannot close (three pixels and
# more at 300 dpi) and the pale bands lie between the ink's grey and the paper's, where
# Tesseract's own threshold splits them. A curve that leaves the (normalised) paper white and
# darkens every grey below it steeply: 235 -> 198, 225 -> 153, 200 -> 76. With it (after the
# fill alone) our own low-ink pages read 1.66 -> 0.25 %, Augraphy's printer pages 2.15 -> 1.03 %;
# gentler curves (square, cube) did less, or harm.
HOLLOW_PAPER, HOLLOW_GAMMA = 245.0, 6.0
# A pale area: half or more of a 4-mm square between the ink's grey and the paper's. Text,
# hollow or in a pale band, covers a fifth of its lines' area at most; a map's fills nearly all.
PALE_AREA, PALE_AREA_MM = 0.5, 4.0
_HOLLOW_LEVELS = np.clip(255.0 * (np.arange(256) / HOLLOW_PAPER) ** HOLLOW_GAMMA, 0,
                         255).round().astype(np.uint8)


def _hollow_strokes_filled(gray: np.ndarray, dpi: float) -> np.ndarray:
    """``gray`` with cracks of a pixel or two inside strokes filled (a grey opening with a 3x3
    cross) and every grey darker than the paper darkened (``HOLLOW_GAMMA``) but in pale areas
    (``PALE_AREA``), on a page of hollow print only; any other page as it is."""
    import cv2

    threshold = hollow_threshold(gray)
    if threshold is None:
        return gray
    filled = cv2.morphologyEx(gray, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3)))
    # a pale area (a map's fill, a shaded box) is left as it is: darkened, it swallowed the
    # names printed on it (OCRmyPDF's map of Baiona lost all fifteen)
    small = cv2.resize(filled, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    pale = ((small > threshold) & (small < HOLLOW_PAPER)).astype(np.float32)
    window = max(3, round(PALE_AREA_MM * dpi / 25.4 / 4))
    area = (cv2.blur(pale, (window, window)) >= PALE_AREA).view(np.uint8)
    darkened = _HOLLOW_LEVELS[filled]
    if area.any():
        whole = cv2.resize(area, (filled.shape[1], filled.shape[0]),
                           interpolation=cv2.INTER_NEAREST)
        darkened[whole > 0] = filled[whole > 0]
    return darkened


# A speckled page: this many specks (ink marks of a few pixels) per megapixel or more. Salt
# and speckle noise gives 800-2,100; clean, copied and hollow-printed pages 0-240.
SPECKLED = 500


SPECKS_PER_MEGAPIXEL = 100  # clean, JPEG, photographed and yellowed pages show none at all


def _erase_small_marks(gray: np.ndarray, dpi: float, *, specks: bool, leaders: bool
                       ) -> tuple[np.ndarray, list[tuple[Rule, bool]], bool]:
    """Specks, dotted leaders and (with ``leaders``) a form's check boxes painted paper-white,
    from one labelling of the page's ink; the check boxes (``forms.check_boxes``); and whether
    the page is speckled (``SPECKLED``)."""
    import cv2

    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    _, labels, stats = components(ink)
    tiny = _tiny_marks(stats, dpi)
    speckled = tiny > SPECKLED * gray.size / 1e6
    out = gray
    boxes = check_boxes(ink, labels, stats, dpi) if leaders else []
    if boxes:
        out = out.copy()
        for (left, top, right, bottom), _ in boxes:
            out[top:bottom, left:right] = 255
    if specks:
        speck = _specks(stats, dpi, gray.size, tiny)
        if speck.any():
            out = out.copy()
            out[speck[labels]] = 255
    if leaders:
        dots = np.nonzero(leader_dots(stats, dpi))[0]
        if len(dots):
            out = out.copy() if out is gray else out
            rim = max(1, round(dpi / 100))
            for left, top, width, height in stats[dots, :4].tolist():
                # with the pale rim Otsu leaves around each dot: grey specks still read as ".",
                # and the rims of a blurred leader left a faint dotted line along the baseline
                # that the faint-rule pass took for a rule and cut through the value before it
                # ("037553469809" lost its lower half, then was read as "I")
                out[max(0, top - rim):top + height + rim,
                    max(0, left - rim):left + width + rim] = 255
    return out, boxes, speckled


def _tiny_marks(stats: np.ndarray, dpi: float) -> int:
    """How many ink marks (``stats``, the background first) are a few pixels: specks."""
    import cv2

    return int((stats[1:, cv2.CC_STAT_AREA] <= max(4.0, (dpi / 150) ** 2)).sum())


def _specks(stats: np.ndarray, dpi: float, pixels: int, tiny: int) -> np.ndarray:
    """Specks of scanner noise, on a noisy page only.

    Specks (salt-and-pepper, grain that survives binarisation) glue to Tesseract's word boxes,
    which then reach into the next line, and rows of text get read interleaved: a noisy 200-dpi
    page lost a third of its characters. A speck is an ink blob of a few pixels, smaller than
    the smallest dot of a letter (the dot of "i", the tone dot of "ạ"); a page is noisy when it
    has many of them (``tiny``, ``_tiny_marks``), and a clean page is left exactly as it is.
    """
    import cv2

    areas = stats[:, cv2.CC_STAT_AREA].copy()
    areas[0] = 1 << 30  # the background
    if tiny < SPECKS_PER_MEGAPIXEL * pixels / 1e6:
        return np.zeros(len(stats), dtype=bool)
    return areas <= max(4.0, (dpi / 100) ** 2)


RED_MARGIN = 60  # red channel above both others by this much: seal or stamp ink
# Pen ink: a saturated blue (HSV hue 190–270°, saturation ≥ 0.35, value ≥ 0.2). Black text is
# unsaturated, and so are the bluish JPEG fringes around it (≈ 0.3 at most at quality 20–50).
PEN_HUE = (95, 135)  # OpenCV's hue is degrees / 2
PEN_MIN_SATURATION, PEN_MIN_VALUE = 90, 50  # of 255
PEN_TINT = 8  # blue above red and green on the 8× reduction: look for pen ink at full size


def _gray_without_seal_and_pen(img: Image.Image, dpi: float = 300.0) -> np.ndarray:
    """Greyscale with seal ink (red) and pen ink (blue) painted paper white.

    By rule (Decree 30/2020) seals are red and signatures are in blue ink, and both land on the
    signer's block and the body text. In plain greyscale they are as dark as text: Tesseract
    reads a seal's ring text and star into the words under it, and a signature's loops through
    the signer's name cost the name (a held-out seal page lost "Trịnh Quốc Hương" this way).
    Black text under either stays black (dark and unsaturated); only tall blue strokes count as
    a signature's, so blue printed letters and handwritten fills are kept; a page with neither
    (checked on an 8× reduction first) costs one conversion.
    """
    import cv2

    gray = np.asarray(img if img.mode == "L" else img.convert("L"))  # no copy of a grey page
    if img.mode != "RGB":
        return gray
    small = np.asarray(img.reduce(8) if min(img.size) >= 64 else img)
    red_seen = bool(((small[..., 0].astype(np.int16)
                      - np.maximum(small[..., 1], small[..., 2])) > RED_MARGIN).any())
    # a pen stroke is thin: averaged into 8×8 blocks it is only a faint blue tint
    tint = (small[..., 2].astype(np.int16) - np.maximum(small[..., 0], small[..., 1])) > PEN_TINT
    pen_seen = bool(tint.any())
    if not (red_seen or pen_seen):
        return gray
    rgb = np.asarray(img)
    out = gray.copy()
    if red_seen:
        wide = rgb.astype(np.int16)
        out[(wide[..., 0] - np.maximum(wide[..., 1], wide[..., 2])) > RED_MARGIN] = 255
    if pen_seen:
        # only where the reduction showed a tint (a signature is a small part of the page)
        tx, ty, tw, th = cv2.boundingRect(tint.astype(np.uint8))
        scale = gray.shape[1] / small.shape[1]
        x0, y0 = max(0, int((tx - 1) * scale)), max(0, int((ty - 1) * scale))
        x1 = min(gray.shape[1], int((tx + tw + 1) * scale))
        y1 = min(gray.shape[0], int((ty + th + 1) * scale))
        pen = _pen_strokes(_pen_ink(rgb[y0:y1, x0:x1]), dpi)
        if pen.any():
            # the stroke's anti-aliased rim is paler and less saturated: one pixel around it;
            # filled from its surroundings, not painted white, so a letter the pen crossed stays
            # whole (white paper around the stroke fills it white)
            mask = cv2.dilate(pen.astype(np.uint8), np.ones((3, 3), np.uint8))
            out[y0:y1, x0:x1] = cv2.inpaint(out[y0:y1, x0:x1], mask, 3, cv2.INPAINT_TELEA)
    return out


# A signature's loops rise and fall over a centimetre or more; a line of handwriting (a form
# filled in by hand, joined-up letters and all) or a blue printed letter stays well under it.
PEN_STROKE_MM = 10.0


def _pen_strokes(ink: np.ndarray, dpi: float) -> np.ndarray:
    """The tall pieces of blue ink: a signature's strokes — not blue printed letters (a form's
    blue heading keeps its text), nor a name or a date filled in by hand in blue."""
    import cv2

    count, labels, stats = components(ink)
    keep = stats[:, cv2.CC_STAT_HEIGHT] >= PEN_STROKE_MM / 25.4 * dpi
    keep[0] = False
    return keep[labels] if count > 1 else np.zeros_like(ink, dtype=bool)


def _pen_ink(rgb: np.ndarray) -> np.ndarray:
    import cv2

    hsv = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2HSV)
    hue, saturation, value = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return ((hue >= PEN_HUE[0]) & (hue <= PEN_HUE[1]) & (saturation >= PEN_MIN_SATURATION)
            & (value >= PEN_MIN_VALUE))


def _soften_bitonal(gray: np.ndarray, dpi: float) -> np.ndarray:
    """A bitonal page (fax, a CCITT scan, a thresholded copy) blurred by a fifth of a point.

    Tesseract's line model was trained on grey, anti-aliased text: on hard black-and-white
    edges, and worse on a fax's doubled rows, it confuses the small tone marks (hỏi for sắc,
    ngã for huyền). Softened first, a fax-like page went from 2.2 % to 1.3 % CER (generated
    pages, ``testing.hard_pages``). Called for bitonal pages only (``_is_bitonal``).
    """
    import cv2

    return cv2.GaussianBlur(gray, (0, 0), max(0.5, dpi / 200))


def _is_bitonal(gray: np.ndarray) -> bool:
    """Black and white only, on a sample of the page (~300 × 300 pixels)."""
    sample = gray[:: max(1, gray.shape[0] // 300), :: max(1, gray.shape[1] // 300)]
    return not (np.count_nonzero((sample > 0) & (sample < 255)) or len(np.unique(sample)) > 2)
