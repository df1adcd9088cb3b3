"""A declaration form's marks that are no letters, and its numbered fields.

Most of what reaches a counter is a filled form (the residence form CT01, a birth registration):

* **A comb** — the personal identification number in twelve boxes. Its top and bottom rules
  are long and the page preparation erases them, but the dividers between the boxes are as
  short as a letter; left on the page they were read as "|", "I" and "1" among the digits
  ("|0|7I9I0|2I0|6|8I7191514|"), or the whole row was dropped. A divider joins the comb's two
  rules from one to the other, which no letter does: those are erased too, and the comb is read
  apart from the page (``reread_combs``), its characters as one word, as the number is written.
* **A check box** before an option ("☐ Nam ☒ Nữ"). Tesseract read it as "L]", "BN" or "j"
  glued to the option's word. A box is a square outline, ink along all four sides, the size of
  a capital letter; it is erased and given back as "☐", or "☒" when marked inside
  (``box_words``), so the text says which option was chosen.
* **A footnote call** raised after its word ("Kính gửi⁽¹⁾:"), read alone and written "(1)"
  (``reread_calls``); a field's number found apart from its period joined to it
  (``numbers_glued``).
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

import numpy as np

from .cells import read_cell
from .results import Line, Word

if TYPE_CHECKING:
    from PIL import Image

    from .cells import Rule
    from .engine import OcrEngine
    from .prepare import Prepared

EMPTY, TICKED = "\u2610", "\u2612"  # ☐ ☒
BOX_MM = (1.6, 7.0)  # a check box's side: from a small capital's height to two lines
SIDE_COVER = 0.85  # each side inked along this share of its length
TICK_INK = 0.06  # a box whose inside is this much ink is marked
FRAME = 0.2  # a box's frame is at most this share of its side thick
COMB_GAP_MM = (2.0, 12.0)  # a comb's height between its rules
DIVIDER_COVER = 0.95  # a divider is ink down this share of the gap, touching both rules


def check_boxes(ink: np.ndarray, labels: np.ndarray, stats: np.ndarray,
                dpi: float) -> list[tuple[tuple[int, int, int, int], bool]]:
    """The check boxes among the components of ``ink`` (``labels``/``stats`` from one
    labelling at ``dpi``): each box (left, top, right, bottom) and whether it is marked."""
    import cv2

    lo, hi = (mm * dpi / 25.4 for mm in BOX_MM)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    size = (w >= lo) & (h >= lo) & (w <= hi) & (h <= hi) & (w <= 1.4 * h) & (h <= 1.4 * w)
    # an outline holds few of its box's pixels: a filled square (a bullet) holds them all, and
    # a frame with an X inside two thirds (four fifths blurred)
    size &= stats[:, cv2.CC_STAT_AREA] <= 0.85 * w * h
    size[0] = False
    out = []
    for label in _sides_inked(ink, stats, np.flatnonzero(size)).tolist():
        x, y, bw, bh = stats[label, :4].tolist()
        own = labels[y:y + bh, x:x + bw] == label
        t = max(2, round(0.12 * min(bw, bh)))
        # each side a straight line: one row (or column) inked along it. A bold "n" at low
        # resolution has its arch and its two feet in the outer rows, never one whole row
        sides = (own[:t].mean(axis=1), own[-t:].mean(axis=1), own[:, :t].mean(axis=0),
                 own[:, -t:].mean(axis=0))
        if min(float(s.max()) for s in sides) < SIDE_COVER:
            continue
        if _frame_thickness(own) > FRAME * min(bw, bh):
            continue  # a bold letter at low resolution ("n", "u"): stems, not a thin frame
        # the tick is looked for well inside the frame: a blurred frame bleeds a rim inwards
        inside = ink[y + 2 * t:y + bh - 2 * t, x + 2 * t:x + bw - 2 * t]
        if inside.size == 0:
            continue
        # a letter's counter is not square: the box's corners are ink, an "O"'s or "D"'s not
        corners = own[:t, :t].any() and own[:t, -t:].any() and own[-t:, :t].any() \
            and own[-t:, -t:].any()
        if not corners:
            continue
        out.append(((x, y, x + bw, y + bh), float((inside > 0).mean()) >= TICK_INK))
    return out


def _sides_inked(ink: np.ndarray, stats: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Of the components ``labels``, those with ink near each side of their box at five points
    along it: a cheap first look (a page has hundreds of letters the size of a box; "n", "H",
    "O" and "E" each leave a side bare somewhere)."""
    if not len(labels):
        return labels
    x, y, w, h = (stats[labels, k][:, None, None] for k in range(4))
    t = np.maximum(2, np.round(0.12 * np.minimum(w, h))).astype(int)
    along = np.array([0.2, 0.35, 0.5, 0.65, 0.8])[None, :, None]
    depth = np.arange(int(t.max()))[None, None, :]
    inside = np.minimum(depth, t - 1)  # a thinner box repeats its innermost line
    hits = []
    for rows, cols in ((y + inside, x + (along * w).astype(int)),
                       (y + h - 1 - inside, x + (along * w).astype(int)),
                       (y + (along * h).astype(int), x + inside),
                       (y + (along * h).astype(int), x + w - 1 - inside)):
        rows, cols = np.broadcast_arrays(rows, cols)
        hits.append((ink[rows, cols] > 0).any(axis=2).all(axis=1))
    return labels[np.logical_and.reduce(hits)]


def _frame_thickness(own: np.ndarray) -> float:
    """The thickest of a box's four sides, measured across the middle third of each."""
    h, w = own.shape
    rows, cols = own[h // 3:h - h // 3], own[:, w // 3:w - w // 3]

    def run(lines: np.ndarray) -> float:  # the first stretch of ink from the edge, per line
        lengths = []
        for line in lines:
            first = int(np.argmax(line))
            lengths.append(int(np.argmin(np.append(line[first:], False))))
        return float(np.median(lengths)) if lengths else 0.0

    return max(run(rows), run(rows[:, ::-1]), run(cols.T), run(cols.T[:, ::-1]))


def comb_dividers(found: np.ndarray, ink: np.ndarray,
                  dpi: float) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The short dividers that join two rules of ``found`` one above the other (a comb's
    boxes, a one-row table), as a mask like ``found``, and the combs: rows of four boxes or
    more of one width, each (left, top, right, bottom). All at ``dpi``, ``ink``'s pixels."""
    import cv2

    from ..imaging import components

    count, _, stats = components(found)
    rules = [tuple(s) for s in stats[1:count, :4].tolist() if s[2] >= 4 * s[3]]
    rules.sort(key=lambda r: r[1])
    lo, hi = (mm * dpi / 25.4 for mm in COMB_GAP_MM)
    out = np.zeros_like(found)
    combs = []
    for i, (x, y, w, h) in enumerate(rules):
        below = [r for r in rules[i + 1:] if min(x + w, r[0] + r[2]) - max(x, r[0])
                 >= 0.9 * min(w, r[2])]
        if not below:
            continue
        bx, by, bw, bh = below[0]
        top, bottom = y + h, by
        if not lo <= bottom - top <= hi:
            continue
        left, right = max(0, min(x, bx) - 2), max(x + w, bx + bw) + 2
        band = cv2.dilate(ink[top:bottom, left:right], np.ones((1, 3), np.uint8))
        columns = np.flatnonzero(band.astype(bool).mean(axis=0) >= DIVIDER_COVER)
        if len(columns) == 0:
            continue
        runs = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)
        thin = max(3, round(1.2 * dpi / 25.4))  # a rule, blurred to 1.2 mm at most
        dividers = [(int(r[0]), int(r[-1])) for r in runs if len(r) <= thin]
        for a, b in dividers:
            out[y:by + bh, left + a:left + b + 1] = 255
        centres = np.array([(a + b) / 2 for a, b in dividers])
        pitch = np.diff(centres)
        if len(pitch) >= 4 and pitch.std() <= 0.15 * pitch.mean() \
                and pitch.mean() <= 1.6 * (bottom - top):
            combs.append((left + dividers[0][0], y, left + dividers[-1][1] + 1, by + bh))
    return out, combs


def box_words(boxes: tuple[tuple[Rule, bool], ...]) -> list[Word]:
    """A word for each check box (page pixels), as sure as a printed letter."""
    return [Word(TICKED if ticked else EMPTY, box, 95.0) for box, ticked in boxes]


def _joined_by_box(words: list[Word], box: Rule) -> list[Word]:
    """A comb's characters read as a line, sorted, joined into one word per run of filled
    boxes (a gap of an empty box or more keeps them apart)."""
    inside = sorted(words, key=lambda w: w.box[0])
    if len(inside) < 2:
        return inside
    pitch = (box[3] - box[1]) * 1.2  # a box is about as wide as high
    groups = [[inside[0]]]
    for before, word in itertools.pairwise(inside):
        if word.box[0] - before.box[2] > pitch:
            groups.append([])
        groups[-1].append(word)
    return [_joined(group) for group in groups]


def _joined(words: list[Word]) -> Word:
    return Word("".join(w.text for w in words), Line(tuple(words)).box,
                min(w.conf for w in words))


def _within(word: Word, box: Rule) -> bool:
    cx, cy = word.centre
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def reread_combs(prepared: Prepared, words: list[Word], engine: OcrEngine) -> list[Word]:
    """``words`` (``prepared``'s pixels) with each comb read again, its characters packed.

    Spread a box apart, a digit stands alone: Tesseract took the first "0" of a number for
    "oọ" and split the rest. Each character's ink is cut out (columns of ink between the
    erased dividers) and set side by side at a letter's spacing, an empty box as a space, and
    the strip is read as one line; it is kept when it reads one character per piece of ink."""
    if not prepared.combs:
        return words
    out = list(words)
    for box in map(prepared.from_page, prepared.combs):
        # hidden from the page's reading (``hide_combs``): read here, packed, or else as a line
        read = _read_packed(prepared, box, engine) \
            or _joined_by_box(_read_line(prepared, box, engine), box)
        out = [w for w in out if not _within(w, box)] + read
    return out


def hide_combs(prepared: Prepared, image: Image.Image) -> Image.Image:
    """``image`` (``prepared``'s pixels) with its combs painted white for the page's reading.

    Read with the page, a comb's spread digits set the line's spacing and baseline: its label
    came out "cánhân:" and its digits "o", "4a"; ``reread_combs`` reads them apart."""
    if not prepared.combs:
        return image
    from PIL import Image as PILImage

    gray = np.array(image)
    for x0, y0, x1, y1 in map(prepared.from_page, prepared.combs):
        gray[max(0, y0):y1, max(0, x0):x1] = 255
    return PILImage.fromarray(gray)


def _read_line(prepared: Prepared, box: Rule, engine: OcrEngine) -> list[Word]:
    """The comb read as a line, each word its letters and digits only: a box holds one of
    those, and what else comes back is a divider's remnant ("0 8|7 0 4 1|8")."""
    out = []
    for word in read_cell(prepared, box, engine, psm=7):
        text = "".join(ch for ch in word.text if ch.isalnum())
        if text:
            out.append(Word(text, word.box, word.conf))
    return out


def _read_packed(prepared: Prepared, box: Rule, engine: OcrEngine) -> list[Word]:
    from PIL import Image

    gray = prepared.pixels[box[1]:box[3], box[0]:box[2]]
    ink = gray < 128
    columns = np.flatnonzero(ink.any(axis=0))
    if len(columns) == 0:
        return []
    pieces = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)
    rows = np.flatnonzero(ink.any(axis=1))
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    height = bottom - top
    pitch = (box[3] - box[1]) * 1.2  # a box is about as wide as high
    gap, space, pad = max(2, round(0.12 * height)), round(0.6 * height), 16
    parts, groups = [], [[0]]
    for k, piece in enumerate(pieces):
        if k and piece[0] - pieces[k - 1][-1] > pitch:
            groups.append([])
        if k:
            groups[-1].append(k)
        parts.append(gray[top:bottom, piece[0]:piece[-1] + 1])
    width = sum(x.shape[1] for x in parts) + gap * len(parts) + space * (len(groups) - 1)
    canvas = np.full((height + 2 * pad, width + 2 * pad), 255, dtype=np.uint8)
    x = pad
    for k, part in enumerate(parts):
        if any(g[0] == k for g in groups[1:]):
            x += space
        canvas[pad:pad + height, x:x + part.shape[1]] = part
        x += part.shape[1] + gap
    read = engine.words(Image.fromarray(canvas), prepared.dpi, psm=7)
    texts = [w.text for w in read if w.text.strip()]
    if [len(t) for t in texts] != [len(g) for g in groups] or not all(t.isalnum() for t in texts):
        return []
    conf = min(w.conf for w in read if w.text.strip())
    out = []
    for text, group in zip(texts, groups, strict=True):
        x0, x1 = int(pieces[group[0]][0]), int(pieces[group[-1]][-1]) + 1
        out.append(Word(text, (box[0] + x0, box[1] + top, box[0] + x1, box[1] + bottom), conf))
    return out


# A footnote call raised after its word: "Kính gửi⁽¹⁾:", "Ý KIẾN CỦA CHỦ HỘ⁽³⁾". Tesseract read
# it as "®", "”)", "?" or dropped it; these are what it left before the word's own punctuation.
# read with a parenthesis lost ("1)", "(1") on a blurred page: still the call, written whole.
# Not in brackets: a citation "[1]" raised after an English encyclopedia's word was already
# read (as "L1Ì"), and "(1)" was added to it (OCRmyPDF's ``epson.pdf``)
_CALL = re.compile(r"^\(?(\d{1,2})\)?$")
_CALL_JUNK = re.compile(r"(\(\d{0,2})?[)”\"'’®©°?*¹²³]*$")
_TRAILING = re.compile(r"[:;,.]*$")
RAISED = 0.25  # a call's ink ends this share of the body height above the baseline, or higher


def reread_calls(prepared: Prepared, words: list[Word], engine: OcrEngine) -> list[Word]:
    """``words`` (``prepared``'s pixels) with a raised footnote call at a word's end read
    alone, enlarged, and written as typed: "gửi(1):"."""
    out = list(words)
    gray = prepared.pixels
    for index, word in enumerate(words):
        span = _raised_end(gray, word)
        if span is None:
            continue
        # up past the word's box, which can cut a raised call's top off
        x0, y0, x1, y1 = span
        while y0 > 0 and (gray[y0 - 1, x0:x1] < 200).any() and y1 - y0 < 2 * word.height:
            y0 -= 1
        call = _read_call(prepared, gray[y0:y1, x0:x1], engine)
        if call is None:
            continue
        tail = _TRAILING.search(word.text)
        punct = tail.group() if tail else ""
        base = _CALL_JUNK.sub("", word.text[:len(word.text) - len(punct)])
        if base:
            out[index] = Word(base + call + punct, word.box, word.conf)
    return out


def _raised_end(gray: np.ndarray, word: Word) -> Rule | None:
    """The box of ink at ``word``'s right end that stands wholly above its letters' bodies
    (a raised call), in ``gray``'s pixels; None when there is none."""
    x0, y0, x1, y1 = word.box
    h = y1 - y0
    # a first look at the word's last square: columns inked in its upper three quarters and not
    # below, as wide as a call (most words have none; this skips the rest for them)
    last = gray[max(0, y0):y1, max(0, x0, x1 - h):x1] < 128
    split = int(0.75 * h)
    if int((last[:split].any(axis=0) & ~last[split:].any(axis=0)).sum()) < 0.25 * h:
        return None
    ink = gray[max(0, y0):y1, max(0, x0):x1] < 128
    if ink.size == 0 or not ink.any():
        return None
    filled: np.ndarray = np.asarray(ink.any(axis=0))
    # the baseline: the lowest row much of the word's ink crosses (not a column's lowest ink:
    # between the stems of "n" that is its arch); the body: from there up to where the
    # letters of the word's first part start (a short word's call is much of its ink)
    density = ink.sum(axis=1)
    baseline = float(np.flatnonzero(density >= 0.5 * density.max())[-1])
    rows = np.arange(ink.shape[0])[:, None]
    bottoms = np.where(ink, rows, -1).max(axis=0)
    tops = np.where(ink, rows, ink.shape[0]).min(axis=0)
    first: np.ndarray = filled[:max(1, int(0.6 * len(filled)))]
    if not first.any():
        return None
    body = baseline - float(np.median(tops[:len(first)][first]))
    if body < 6:
        return None
    raised = filled & (bottoms < baseline - RAISED * body)
    # at the word's end, after its own punctuation at the baseline (":" "," ".") if any
    end = len(filled)
    while end and (not filled[end - 1] or not raised[end - 1]):
        end -= 1
        if end < len(filled) - 0.6 * body:  # more than a colon's width: no call at the end
            return None
    start = end
    while start and (raised[start - 1] or not filled[start - 1]):
        start -= 1
    while start < end and not filled[start]:
        start += 1
    if end - start < 0.9 * body or start == 0:  # "(1)" at two thirds of the body's size is
        return None  # wider than the body is high; a closing quote "”" half as wide
    pieces = np.flatnonzero(np.diff(filled[start:end].astype(np.int8)) == 1)
    if len(pieces) < 1:  # one piece of ink: a "T"'s bar, an "r"'s arm, a "7" — a call has
        return None  # its parentheses apart from its number
    above = np.flatnonzero(ink[:, start:end].any(axis=1))
    return (x0 + start, y0 + int(above[0]), x0 + end, y0 + int(above[-1]) + 1)


def _read_call(prepared: Prepared, crop: np.ndarray, engine: OcrEngine) -> str | None:
    import cv2
    from PIL import Image

    height = crop.shape[0]
    if height < 4:
        return None
    # a call in parentheses is read best about 5 mm tall (half that, it came out "()", "4)")
    scale = max(1.5, 0.2 * prepared.dpi / height)
    big = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    pad = 16
    canvas = cv2.copyMakeBorder(big, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    read = [w for w in engine.words(Image.fromarray(canvas), prepared.dpi, psm=7)
            if w.text.strip()]
    text = "".join(w.text for w in read)
    call = _CALL.match(text)
    return f"({call[1]})" if call and text != call[1] else None


def numbers_glued(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """A line's number read apart from its period ("2", "." — the number found again after
    the page's reading lost it) made one word again: "2."."""
    if len(words) < 2 or not words[0].text.isdigit() or words[1].text not in (".", ")"):
        return words
    first, second = words[0], words[1]
    if second.box[0] - first.box[2] > 0.6 * max(first.height, 1):
        return words
    return (Word(first.text + second.text, Line((first, second)).box,
                 min(first.conf, second.conf)), *words[2:])
