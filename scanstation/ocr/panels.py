"""Light letters on a dark panel, turned dark on light before Tesseract reads the page.

A letterhead's banner, a table's dark header row, a note in a grey box print light letters on
dark ink. Tesseract's line model reads dark on light only; its own fallback reads a line it is
unsure of a second time inverted and keeps the surer reading, which rescued a black banner but
not a grey box ("Ghi chú quan trọng" in light grey on dark grey came out "Chỉ Chủ quản
trong)"). So the panels are found here and turned, and the fallback stays for what it does
besides (issue 14: turned off, it lost table header rows it had rescued on faint and JPEG
pages, though it saves 5 % of a page's CPU).

A panel is a dark area (a box of fill, not a stroke) holding light pieces the size of letters:
a black bar with nothing in it, a shadow with dark text in it and a photograph (one light face,
not letters) are left as they are. A grey fill on a faint copy is a panel too when it is flat
and cut sharp from the paper (``GREY_DEPTH``), which no shading is.
"""

from __future__ import annotations

import numpy as np

from ..imaging import components

DARK, LIGHT = 100, 160  # a panel's fill is darker than DARK, its letters lighter than LIGHT
MIN_HEIGHT_MM, MIN_WIDTH_MM = 2.5, 8.0  # a line of small type with its margin
MIN_FILL = 0.5  # of the panel's box dark at a quarter size: a box of fill, not a frame
LETTERS = (0.015, 0.6)  # of the panel light at full size: a bar has none, a frame's inside all
MAX_PIECE = 0.5  # of the light: no one piece holds more (a photo's face, the paper in a frame)
REDUCE = 4
# of its convex hull, a panel's own outline fills this much: a box (a header row's outline dips
# under its letters' descenders by a few pixels: 0.91); a large bold letter's does not
SOLID = 0.8


# A grey fill printed on a faint copy (fill 142, letters and paper 235-240): too light for
# ``DARK``, and the paper normaliser then whitens fill and letters alike (a table's header row
# read "LhởI"). Such a fill is looked for too, this far below the page's paper, and taken only
# where no shading can pass for it: flat (its middle half within ``FLAT`` grey levels) and cut
# sharp (``EDGE`` of the step from fill to paper within two quarter-size pixels outside it) —
# a photographed page's shading and a gutter's shadow are neither.
GREY_DEPTH, FLAT, EDGE = 70, 12, 0.6


def invert_panels(gray: np.ndarray, dpi: float) -> np.ndarray:
    """``gray`` with each dark panel's inside turned (``_turned``: its letters dark on white)
    and its rim painted paper-white; ``gray`` itself when it has none (no copy)."""
    import cv2

    if min(gray.shape) < 4 * REDUCE:
        return gray
    small = cv2.resize(gray, None, fx=1 / REDUCE, fy=1 / REDUCE, interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, 90))
    out = _turn_panels(gray, small, dpi, DARK, None, _paper_lit(small, dpi, paper))
    if paper - GREY_DEPTH > DARK:
        out = _turn_panels(out, cv2.resize(out, None, fx=1 / REDUCE, fy=1 / REDUCE,
                                           interpolation=cv2.INTER_AREA) if out is not gray
                           else small, dpi, int(paper - GREY_DEPTH), paper)
    return out


# A shadow over the page (30-45 % of the paper's light at its darkest) makes the paper under it
# darker than ``DARK``: a table's dark header row, half under it, joined the shadowed paper in one
# dark piece that filled a third of its box and was no panel. Where the paper around is dimmed,
# the fill is looked for that much darker: ``DARK`` scaled by the local paper's light over the
# page's, where that is under ``LIT`` (on a page evenly lit the level is ``DARK`` everywhere),
# and a panel found is divided by that light, fill and letters alike (``_evened``).
# The local paper is the page closed over ``PAPER_MM``, wider than a header row or a banner is
# tall, so a panel is never taken for dim paper.
LIT, PAPER_MM, COARSE = 0.8, 40.0, 4


def _paper_lit(small: np.ndarray, dpi: float, paper: float) -> np.ndarray | None:
    """The local paper's light over the page's (``paper``), per quarter-size pixel; None on
    a page evenly lit (nowhere under ``LIT``)."""
    import cv2

    coarse = cv2.resize(small, None, fx=1 / COARSE, fy=1 / COARSE, interpolation=cv2.INTER_AREA)
    size = max(3, int(PAPER_MM * dpi / 25.4 / REDUCE / COARSE) | 1)
    local = cv2.morphologyEx(coarse, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    lit = cv2.GaussianBlur(local.astype(np.float32), (0, 0), size / 4) * np.float32(
        1.0 / max(paper, 1.0))
    if float(lit.min()) >= LIT:
        return None
    return np.minimum(cv2.resize(lit, (small.shape[1], small.shape[0]),
                                 interpolation=cv2.INTER_LINEAR), 1.0)


def _turn_panels(gray: np.ndarray, small: np.ndarray, dpi: float, dark_level: int,
                 paper: float | None, lit: np.ndarray | None = None) -> np.ndarray:
    """``gray`` with the panels darker than ``dark_level`` turned; with ``paper``, grey ones
    only (``GREY_DEPTH``), each flat and cut sharp; with ``lit`` (``_paper_lit``), each in the
    light of the paper around it."""
    import cv2

    # without the lines a pixel thin: a table's rules meet its dark header row, and with them
    # the row was a grid, a quarter fill of its box (anchors set so the opening moves nothing)
    square = np.ones((2, 2), np.uint8)
    below = dark_level if lit is None else dark_level * np.minimum(lit / LIT, 1.0)
    dark = cv2.dilate(cv2.erode((small < below).view(np.uint8), square, anchor=(0, 0)),
                      square, anchor=(1, 1))
    count, labels, stats = components(dark)
    if count < 2:
        return gray
    mm = dpi / 25.4 / REDUCE  # quarter-size pixels per millimetre
    w, h, area = (stats[1:, i] for i in (2, 3, 4))
    candidates = np.nonzero((h >= MIN_HEIGHT_MM * mm) & (w >= MIN_WIDTH_MM * mm)
                            & (area >= MIN_FILL * w * h))[0] + 1
    out = gray
    for label in candidates.tolist():
        # the box with a quarter-size pixel around it: the panel's rim lies there
        left, top, width, height = stats[label, :4].tolist()
        left, top = max(0, left - 1), max(0, top - 1)
        right = min(small.shape[1], left + width + 2)
        bottom = min(small.shape[0], top + height + 2)
        piece = labels[top:bottom, left:right] == label
        box = (slice(top * REDUCE, bottom * REDUCE), slice(left * REDUCE, right * REDUCE))
        region = gray[box]
        # the ring outside the fill lies two quarter-size pixels past the box
        window = (slice(max(0, top - 2), bottom + 2), slice(max(0, left - 2), right + 2))
        if paper is not None and not _grey_fill(small[window], labels[window] == label, paper):
            continue
        own, _ = _shape(piece, hull=False)
        inside, rim = _shape(piece, hull=True)
        if int(own.sum()) < SOLID * int(inside.sum()):
            continue  # no box of fill: a large bold letter ("H" of a cover's "HỒ SƠ")
        inside = inside[:region.shape[0], :region.shape[1]]
        rim = rim[:region.shape[0], :region.shape[1]]
        if lit is not None:
            region = _evened(region, lit[top:bottom, left:right])
        light_level = LIGHT if paper is None else dark_level + 0.6 * (paper - dark_level)
        if not _holds_letters(region, inside, dark_level, light_level):
            continue
        out = out.copy() if out is gray else out
        target = out[box]
        target[inside] = _turned(region[inside], dark_level, light_level)
        target[rim] = 255
    return out


def _evened(region: np.ndarray, lit: np.ndarray) -> np.ndarray:
    """``region`` (a panel's box at full size) lit as the page's paper: divided by ``lit``, the
    paper's light around it at quarter size (``_paper_lit``). A shadow across a panel (a hand
    or a phone over a table's dark header row) dims its fill and its letters alike: under it
    the white letters were 110-130 on a fill of 29, past it 254 on 70, and with one ``LIGHT``
    for both the shaded cells came out grey on white and were read as nothing."""
    import cv2

    gain = cv2.resize(np.float32(1.0) / np.clip(lit, np.float32(0.2), np.float32(1.0)),
                      (region.shape[1], region.shape[0]), interpolation=cv2.INTER_LINEAR)
    return np.clip(region.astype(np.float32) * gain, 0, 255).astype(np.uint8)


def _grey_fill(small: np.ndarray, piece: np.ndarray, paper: float) -> bool:
    """A grey panel (``paper`` given): flat, and cut sharp from the paper around it. ``small``
    and ``piece`` are the panel's window (its box and a margin), not the whole page."""
    import cv2

    values = small[piece]
    if values.size == 0 or float(np.median(values)) < DARK:
        return False  # dark enough for the first look, which had it
    low, fill, high = (float(v) for v in np.percentile(values, (25, 50, 75)))
    if high - low > FLAT:
        return False
    ring = cv2.dilate(piece.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & ~piece
    return bool(ring.any()) and float(np.median(small[ring])) - fill >= EDGE * (paper - fill)


def _turned(values: np.ndarray, dark: float = DARK, light: float = LIGHT) -> np.ndarray:
    """A panel's pixels turned so its fill is paper-white and its letters black: not only
    inverted, stretched — a grey fill inverted is grey, and the paper normaliser then shaded
    each of a header row's cells at its edges, where Tesseract read "SITT" for "STT"."""
    fill = float(np.median(values[values < dark]))
    letters = float(np.percentile(values[values > light], 90))
    level = (values.astype(np.float32) - fill) * (255.0 / max(1.0, letters - fill))
    return (255.0 - np.clip(level, 0.0, 255.0)).round().astype(np.uint8)


def _shape(piece: np.ndarray, hull: bool) -> tuple[np.ndarray, np.ndarray]:
    """The panel's filled outline (or its hull) at full size, shrunk by a quarter-size pixel
    (``inside``), and the band from there to a quarter-size pixel past it (``rim``): a
    quarter-size outline is four pixels coarse, and the paper just outside must not turn
    black."""
    import cv2

    filled = np.zeros(piece.shape, np.uint8)
    contours, _ = cv2.findContours(piece.view(np.uint8), cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_SIMPLE)
    # ``hull``: each outline's convex hull. Where a line of letters runs near a panel's edge
    # (a table header's "ngày" over the row's border) the quarter-size fill between the
    # descenders and the edge is thinner than the opening and goes, the outline dips under
    # the letters, and the strip left out stayed dark with light letters ("Từ ngày" read "Từ")
    cv2.drawContours(filled, [cv2.convexHull(c) for c in contours] if hull else contours, -1, 1,
                     thickness=cv2.FILLED)
    kernel = np.ones((3, 3), np.uint8)
    shrunk, grown = cv2.erode(filled, kernel), cv2.dilate(filled, kernel)
    up = np.ones((REDUCE, REDUCE), bool)
    return np.kron(shrunk.astype(bool), up), np.kron(grown > shrunk, up)


def _holds_letters(region: np.ndarray, inside: np.ndarray, dark: float = DARK,
                   light_level: float = LIGHT) -> bool:
    """Light pieces the size of letters on a dark fill inside the panel."""
    total = int(inside.sum())
    if not total:
        return False
    light = (region > light_level) & inside
    share = int(light.sum()) / total
    if not LETTERS[0] <= share <= LETTERS[1] or int(((region < dark) & inside).sum()) < total / 3:
        return False
    _, _, stats = components(light)
    return int(stats[1:, 4].max(initial=0)) <= MAX_PIECE * int(light.sum())
