"""A page's ruling lines — table borders, form lines, a comb's dividers — found and painted
paper-white before Tesseract reads it (``prepare``): touching the glyphs, they garble a table's
cells, and left standing they are read as "|", "—" or "I".

Rules are long thin runs of ink, found at half resolution. Pale ones (a blurred hairline) are
looked for again among everything darker than the paper; dashed ones (a printer short of ink)
with their gaps closed, within the grid the unbroken rules make.
"""

from __future__ import annotations

import numpy as np

from ..imaging import components
from .cells import Rule
from .forms import comb_dividers

# A dashed rule's gaps closed up to this (a printer short of ink: 0.1-0.6 mm); a word space
# is 1 mm or more, and closing stays within a grid of rules (``_dashed_rules``)
BRIDGE_MM = 0.8
FAINT_INK = 225  # grey levels below this on normalised (white) paper may be a pale rule


def _long_runs(ink: np.ndarray, length: int, thin: int = 0) -> np.ndarray:
    """Long horizontal and vertical runs of ``ink``; with ``thin``, only those at most ``thin``
    pixels thick across."""
    import cv2

    return cv2.bitwise_or(*_long_runs_hv(ink, length, thin))


def _long_runs_hv(ink: np.ndarray, length: int, thin: int = 0,
                  bridge: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``_long_runs``, horizontal and vertical apart; with ``bridge``, gaps up to that many
    pixels along a run closed first."""
    import cv2

    # thicken across the rule first: a rule left tilted by a fraction of a degree after deskew
    # still gives a long unbroken run in every row of the thickened band
    thick_h = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    thick_v = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    if bridge:
        thick_h = cv2.morphologyEx(thick_h, cv2.MORPH_CLOSE,
                                   cv2.getStructuringElement(cv2.MORPH_RECT, (bridge | 1, 1)))
        thick_v = cv2.morphologyEx(thick_v, cv2.MORPH_CLOSE,
                                   cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge | 1)))
    # an odd length: OpenCV anchors an even element off centre, and the opening moved each run
    # one pixel along, so a rule's first two rows at full size stayed and read as "-" (issue 14)
    length |= 1
    horiz = cv2.morphologyEx(thick_h, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vert = cv2.morphologyEx(thick_v, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    if thin:
        wide_h = cv2.morphologyEx(horiz, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (1, thin + 1)))
        wide_v = cv2.morphologyEx(vert, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (thin + 1, 1)))
        # the pale rim of a thick band is thin too: keep clear of thick bands by their width
        grow_h = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 2 * thin + 1))
        grow_v = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * thin + 1, 3))
        horiz = cv2.bitwise_and(horiz, cv2.bitwise_not(cv2.dilate(wide_h, grow_h)))
        vert = cv2.bitwise_and(vert, cv2.bitwise_not(cv2.dilate(wide_v, grow_v)))
    return horiz, vert


def without_rules(gray: np.ndarray, dpi: float, dashed: bool = False
                  ) -> tuple[np.ndarray, np.ndarray | None, list[Rule]]:
    """``gray`` with its long horizontal and vertical ruling lines (table borders) and the
    short dividers between two of them (a comb's boxes) painted paper-white, the rules found
    (at half resolution; None when there are none) and the combs (``forms.comb_dividers``, at
    half resolution).

    Rules are found at half resolution (a rule is long; half the pixels find it as well, in a
    quarter of the time) and erased at full resolution. With ``dashed`` (``prepare`` asks for
    it on hollow print only: never on a speckled page, where closing the gaps among specks drew
    rules through the text), a table's rules broken into dashes are found whole too
    (``_dashed_rules``).
    """
    import cv2

    # min-pooled, not averaged: a hairline rule (1 px, grey once the page was rotated upright or
    # deskewed) averaged with the paper beside it fades below the ink threshold in places and
    # survives as "|", "(" or "¡" glued to the words of the table
    half = cv2.erode(gray, np.ones((2, 2), np.uint8))[::2, ::2]
    ink = cv2.threshold(half, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    length = max(10, int(dpi * 0.2))  # 10 mm at half resolution: longer than any glyph stroke
    rules = _long_runs(ink, length)
    # a blurred hairline is a wide, pale band that Otsu calls paper, and Tesseract still reads
    # it as "|" glued to the cells: look again at everything darker than the (normalised)
    # paper, keeping only runs of 20 mm or more that are thin across, so a line of blurred
    # text (as thick as its x-height) is never taken for a rule
    faint = (half < FAINT_INK).astype(np.uint8) * 255
    thin = max(4, int(dpi * 0.027))
    rules = cv2.bitwise_or(rules, _long_runs(faint, 2 * length, thin=thin))
    if not rules.any():
        return gray, None, []
    found = _not_text_fringes(_without_strokes(rules), ink, thin, dpi)
    if dashed and BRIDGE_MM and found.any():
        # a grid lies within the rules found: looked for there only (on a letter, between its
        # header's two short rules; 18 ms a page over the whole page)
        x, y, w, h = cv2.boundingRect(found)
        window = np.s_[max(0, y - thin):y + h + thin, max(0, x - thin):x + w + thin]
        bridge = round(dpi / 2 * BRIDGE_MM / 25.4)
        more = _dashed_rules(faint[window], ink[window], found[window], 2 * length, thin, bridge,
                             dpi)
        more = _not_text_fringes(_without_strokes(more), ink[window], thin, dpi)
        found[window] = cv2.bitwise_or(found[window], more)
    dividers, combs = comb_dividers(found, ink, dpi / 2)
    rules = cv2.resize(cv2.bitwise_or(found, dividers), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    out = gray.copy()
    out[rules > 0] = 255
    return out, found, combs



def _dashed_rules(faint: np.ndarray, ink: np.ndarray, found: np.ndarray, length: int,
                  thin: int, bridge: int, dpi: float) -> np.ndarray:
    """A table's rules broken into dashes (a printer short of ink, a faint copy): thin runs of
    ``faint`` ink with gaps up to ``bridge`` closed, kept where they make a grid with the rules
    already ``found``: column lines that meet two row lines holding a found rule, then row and
    column lines that meet two of those; each with paper (no ``ink``) on both sides.

    Closed alone, the serifs along a line of text join into one thin run at its baseline (a
    paper page's lines lost their lower halves), and on a copy whose cleanup left white halos
    round the letters, the halos' edges were long thin runs everywhere, along the letters. A
    table's rules meet, and its cells' words keep clear of them."""
    import cv2

    horiz, vert = _long_runs_hv(faint, length, thin, bridge)
    h_labels, h_stats, h_found = _parts(horiz, found)
    v_labels, v_stats, v_found = _parts(vert, found)
    reach = max(2, round(dpi * 0.01))
    h_clear = _clear(h_stats, ink, reach, across=0)
    v_clear = _clear(v_stats, ink, reach, across=1)
    columns = (v_found | _meeting(v_stats, h_stats[h_found & h_clear])) & v_clear
    rows = _meeting(h_stats, v_stats[columns]) & h_clear
    columns = _meeting(v_stats, h_stats[rows]) & v_clear
    keep = np.zeros_like(found)
    for labels, kept, across in ((h_labels, rows, (1, 2 * thin + 1)),
                                 (v_labels, columns, (2 * thin + 1, 1))):
        # along a found rule, not beside it: closed across its gaps, a rule glued to the
        # baseline of the words just above it, and erasing it took their lower edge
        beside = cv2.dilate(found, cv2.getStructuringElement(cv2.MORPH_RECT, across))
        keep[kept[labels] & ((found > 0) | (beside == 0))] = 255
    return keep


def _parts(runs: np.ndarray, found: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``runs``' pieces: labels, stats, and which hold a found rule."""
    count, labels, stats = components(runs)
    holds = np.zeros(count, dtype=bool)
    holds[np.unique(labels[(found > 0) & (labels > 0)])] = True
    return labels, stats, holds


CLEAR_SIDE = 0.2  # of a dashed rule's length, at most, with ink right beside it on one side


def _clear(stats: np.ndarray, ink: np.ndarray, reach: int, across: int) -> np.ndarray:
    """Which pieces (``stats``) have paper within ``reach`` on both sides across them (above and
    below for ``across`` 0, left and right for 1) along all but ``CLEAR_SIDE`` of their length."""
    clear = np.zeros(len(stats), dtype=bool)
    view = ink if across == 0 else ink.T
    for label in range(1, len(stats)):
        x, y, w, h = stats[label, :4].tolist()
        box = (y, x, h, w) if across else (x, y, w, h)
        clear[label] = _ink_beside(view, box, reach) <= CLEAR_SIDE
    return clear


def _ink_beside(ink: np.ndarray, box: tuple[int, int, int, int], reach: int) -> float:
    """Of a horizontal run's length (``box``: x, y, w, h), the larger share with ``ink`` within
    ``reach`` right above it or right below it."""
    x, y, w, h = box
    above = float(ink[max(0, y - reach):y, x:x + w].any(axis=0).mean()) if y else 0.0
    below = (float(ink[y + h:y + h + reach, x:x + w].any(axis=0).mean())
             if y + h < len(ink) else 0.0)
    return max(above, below)


def _meeting(stats: np.ndarray, others: np.ndarray, reach: int = 3) -> np.ndarray:
    """Which pieces (``stats``, the background first) meet two or more of ``others``."""
    meets = np.zeros(len(stats), dtype=bool)
    if len(others) < 2:
        return meets
    for label in range(1, len(stats)):
        x, y, w, h = stats[label, :4].tolist()
        near = ((others[:, 0] <= x + w + reach) & (others[:, 0] + others[:, 2] >= x - reach)
                & (others[:, 1] <= y + h + reach) & (others[:, 1] + others[:, 3] >= y - reach))
        meets[label] = int(near.sum()) >= 2
    return meets


# A rule is at least this many times longer than it is thick; a letter's stem or bar, even in a
# light face, is under 15 (a stem is ~0.7 em high and 0.05–0.15 em thick).
RULE_ASPECT = 15.0


def _without_strokes(runs: np.ndarray) -> np.ndarray:
    """Long runs without the stems and bars of large letters.

    At 40 pt and more a capital's stem is 10 mm high, as long as the shortest rule: a file
    cover's 96-pt title, a certificate's heading or a large-format page lost every stem and
    bar and came out with no text at all. A rule (or a grid of them) is thin for its length;
    a stroke is a twentieth of a rule's aspect. Thickness is twice the largest distance from
    the run's inside to its edge (the widest inscribed circle), so a grid's crossings do not
    make it thick. A run whose box alone is ``RULE_ASPECT`` times longer than wide is a rule
    without measuring (most of a ruled page's runs: measuring them all cost 15 ms a page)."""
    import cv2

    count, labels, stats = components(runs)
    if count <= 1:
        return runs
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    length = np.maximum(widths, heights)
    doubtful = np.flatnonzero(length < RULE_ASPECT * np.minimum(widths, heights))
    stroke = np.zeros(count, dtype=bool)
    for label in doubtful[doubtful > 0].tolist():
        x, y, w, h = stats[label, :4].tolist()
        own = np.pad((labels[y:y + h, x:x + w] == label).astype(np.uint8), 1)
        thickest = float(cv2.distanceTransform(own, cv2.DIST_L2, 3).max())
        stroke[label] = length[label] < RULE_ASPECT * 2.0 * thickest
    if not stroke.any():
        return runs
    return np.where(stroke[labels], 0, runs).astype(runs.dtype)


def _not_text_fringes(runs: np.ndarray, ink: np.ndarray, thin: int, dpi: float) -> np.ndarray:
    """Horizontal runs without those that lie inside or along a blurred line of text.

    The halos of blurred digits ("037553469809", 20 mm of them) merge into one thin grey band
    at the baseline that passes for a blurred hairline, and their strokes into dark runs
    across the line; erased, they took the digits' lower halves and the number was read as
    "I". A rule has paper on both sides; a run in a line of text has the letters' ink right
    above or below it along most of its length.
    """
    count, labels, stats = components(runs)
    reach = max(2, round(dpi * 0.01))  # half a millimetre, at half resolution
    text = np.zeros(count, dtype=bool)
    for label in range(1, count):
        x, y, w, h = stats[label, :4].tolist()
        if h > 2 * thin or w < 4 * h:
            continue  # a grid or a vertical run: no text line makes those
        text[label] = _ink_beside(ink, (x, y, w, h), reach) >= 0.5
    if not text.any():
        return runs
    return np.where(text[labels], 0, runs).astype(runs.dtype)
