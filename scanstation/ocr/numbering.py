"""Short words stacked in a column — a table's numbering — read again as a block of their own.

Tesseract reads a lone short word (a row number, a code in a narrow cell) with its line's
context missing: a clear "3" comes back "C2", a "5" "ƠI", a "7" "H" (41 of 877 table rows of
twelve browser sets had their number wrong, issue 14). Stacked as a numbering column is, they
read well as a block with nothing else in it; a column of numbers counts on by one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
from PIL import Image

from .bands import INK_LEVEL
from .engine import OcrEngine
from .noise import HAS_ALNUM
from .prepare import Prepared
from .results import Word
from .textfix import loses_marks
from .wordboxes import columns, holds_two_lines, text_height, xywh

# A word this short read with less confidence than this is looked at again (a table's STT
# column: clear digits read "C2", "re", "¬I" at 49-68 with the names beside them).
DOUBTFUL_LENGTH, DOUBTFUL_CONF = 3, 75.0
SURE_CONF = 90.0  # a block reading this sure is not checked against the word read alone
REREAD_GAIN = 10.0  # a word's second reading must be this much surer to replace its first


def reread_doubtful(prepared: Prepared, words: list[Word], engine: OcrEngine) -> list[Word]:
    """``words`` with stacks of short, doubtful words read again as one block of their own.

    Tesseract reads a lone short word — a row number, a code in a narrow cell — with the line's
    context missing, and a clear "3" comes back as "C2". Stacked one above the other, as a
    table's numbering column is, they read well as a block with nothing else in it (the rest
    of the page painted out). The short words of the same column join the block; each word's
    second reading replaces its first only when it is clearly surer, or when it is a sure
    number in a column of numbers. One doubtful word is looked at only when it is a cell among
    cells (``_a_cell_among_cells``), and a column of numbers counts on by one (``_count_on``).
    """
    # a "word" that holds two lines is two lines read as one: read alone, it came back as one
    # of its lines' words ("si" over "- Lưu: VT, VP" / "- Như Điều 3;" became "Như" at 96, and
    # the other line was lost); ``_reread_merged_lines`` reads its run as a block instead
    gray = prepared.pixels
    letters = [w for w in words if HAS_ALNUM.search(w.text)]
    h = text_height(letters) if letters else 0
    boxes = np.array([w.box for w in words], dtype=np.int64).reshape(-1, 4)
    short = [w for w in words if _short(w, boxes, h) and not (h and holds_two_lines(gray, w, h))]
    doubtful = [w for w in short if w.conf < DOUBTFUL_CONF]
    if not doubtful:
        return words
    replaced: dict[int, Word] = {}
    for group in columns([xywh(w) for w in doubtful]):
        gx0, gx1 = min(r[0] for r in group), max(r[0] + r[2] for r in group)
        gy0, gy1 = min(r[1] for r in group), max(r[1] + r[3] for r in group)
        h = max(8, sorted(r[3] for r in group)[len(group) // 2])
        # the column's other short words, confident or not: the stack and every short word
        # within three lines of it, above or below, in turn (a table's "2" read "`" two rows
        # above the first doubtful one was left out of the block)
        members = _column_stack(short, boxes, gx0, gx1, gy0, gy1, 3 * h)
        if len(group) < 2 and not _a_cell_among_cells(members, boxes, h):
            continue
        margin = max(4, h // 3)
        x0 = max(0, min(w.box[0] for w in members) - margin)
        y0 = max(0, min(w.box[1] for w in members) - margin)
        x1 = min(gray.shape[1], max(w.box[2] for w in members) + margin)
        y1 = min(gray.shape[0], max(w.box[3] for w in members) + margin)
        block = np.full((y1 - y0, x1 - x0), 255, dtype=np.uint8)
        for w in members:  # only these words' own ink: never a neighbour's
            bx0, by0, bx1, by1 = w.box
            block[by0 - y0:by1 - y0, bx0 - x0:bx1 - x0] = gray[by0:by1, bx0:bx1]
        best: dict[int, Word] = {}
        for new in engine.words(Image.fromarray(block), prepared.dpi, psm=6):
            if not HAS_ALNUM.search(new.text):
                continue
            top, bottom = new.box[1] + y0, new.box[3] + y0
            hits = [w for w in members if min(bottom, w.box[3]) - max(top, w.box[1])
                    > 0.5 * min(bottom - top, w.box[3] - w.box[1])]
            if len(hits) == 1:
                best[id(hits[0])] = new
        readings: dict[int, list[Word]] = {id(w): [best[id(w)]] for w in members if id(w) in best}

        def alone(word: Word, margin: int = margin, h: int = h) -> list[Word]:
            return _read_alone(gray, word, margin, prepared.dpi, engine,
                               _alone_in_row(word, boxes, h))

        for old in members:
            candidate = best.get(id(old))
            if candidate is None or candidate.conf < SURE_CONF:
                # some glyphs read badly even in the block ("8" as "lộ"): the word alone, and
                # the surest reading counts
                more = alone(old)
                readings.setdefault(id(old), []).extend(more)
                surest = max(more, key=lambda w: w.conf, default=None)
                if surest is not None and (candidate is None or surest.conf > candidate.conf):
                    candidate = surest
            # a mark or a rule's remnant ("_", "—") becomes a number only where the count
            # expects one (``_count_on``): read again it came back "H" as often as "1"
            if candidate is not None and candidate.conf >= DOUBTFUL_CONF and _letters(old.text) \
                    and _letters(candidate.text) != _letters(old.text) \
                    and not loses_marks(old.text, candidate.text) and (
                    candidate.conf >= old.conf + REREAD_GAIN
                    or _number_in_a_column_of_numbers(old, candidate, best.values())):
                replaced[id(old)] = Word(candidate.text, old.box, candidate.conf)
        _count_on(members, replaced, readings, alone)
    return [replaced.get(id(w), w) for w in words]


COUNT_FLOOR = 30.0  # a reading this sure of the number a count expects is taken
# how far off a whole number of rows a cell may sit (its box drawn around what was read: a
# garbled "8" boxed 1.29 rows below the "7")
ROW_SLACK = 0.35


def _count_on(members: list[Word], chosen: dict[int, Word], readings: dict[int, list[Word]],
              alone: Callable[[Word], list[Word]]) -> None:
    """A numbering column counts on by one. A cell between two sure numbers two apart, or
    after (before) two sure numbers one apart, is the number between (after, before) when
    one of its readings says so at all: a table's "7" read "H" at 90 alone as a word, "7" at
    71 as a line and 38 in the block; a "5" read "2" between "4" and "6". Only a reading
    Tesseract gave is taken; a number is never made up."""
    column = sorted(members, key=lambda w: w.box[1])

    def value(word: Word) -> int | None:
        # a number read unsure and read the same again surely is sure ("3" at 42, then 94)
        now = chosen.get(id(word), word)
        sure = max([now.conf] + [r.conf for r in readings.get(id(word), []) if r.text == now.text])
        return int(now.text) if _is_number(now.text) and sure >= SURE_CONF else None

    # again while a cell settles: a count read downward needs the row below settled too
    # (a "1" over a "3" that was "CC:" and a "4" that was "+>")
    asked: set[int] = set()
    for _ in range(len(column)):
        settled = True
        for i, word in enumerate(column):
            expected = _expected(column, i, value)
            if expected is None or expected < 0 or value(word) == expected:
                continue
            seen = readings.setdefault(id(word), [])
            if id(word) not in asked and not any(r.text == str(expected) for r in seen):
                asked.add(id(word))
                seen.extend(alone(word))
            match = [r for r in [word, *seen]
                     if r.text == str(expected) and r.conf >= COUNT_FLOOR]
            if match:
                surest = max(match, key=lambda r: r.conf)
                # the count and a reading agree: as sure as a sure number, so the next cell
                # can count on from it
                chosen[id(word)] = Word(surest.text, word.box, max(surest.conf, SURE_CONF))
                settled = False
        if settled:
            break


def _expected(column: list[Word], i: int, value: Callable[[Word], int | None]) -> int | None:
    """The number the count puts at ``column[i]``: between two sure numbers two apart, or
    after (before) two sure numbers one apart, as many rows on as its place says (rows at the
    pitch of the two: a row whose number was not read at all is no member, and the "1" above
    a "3" and a "4" is two rows up, not one)."""
    def at(j: int) -> tuple[float, int] | None:
        got = value(column[j]) if 0 <= j < len(column) else None
        return None if got is None else ((column[j].box[1] + column[j].box[3]) / 2, got)

    y = (column[i].box[1] + column[i].box[3]) / 2
    before2, before, after, after2 = at(i - 2), at(i - 1), at(i + 1), at(i + 2)
    if before and after and after[1] == before[1] + 2:
        share = (y - before[0]) / max(1.0, after[0] - before[0])
        return before[1] + 1 if abs(2 * share - 1) <= ROW_SLACK else None
    if before and before2 and before[1] == before2[1] + 1 and not after:
        rows = (y - before[0]) / max(1.0, before[0] - before2[0])
        return before[1] + round(rows) if round(rows) >= 1 and abs(rows - round(rows)) <= ROW_SLACK \
            else None
    if after and after2 and after2[1] == after[1] + 1 and not before:
        rows = (after[0] - y) / max(1.0, after2[0] - after[0])
        return after[1] - round(rows) if round(rows) >= 1 and abs(rows - round(rows)) <= ROW_SLACK \
            else None
    return None


def _short(word: Word, boxes: np.ndarray, h: int) -> bool:
    """A word of ``DOUBTFUL_LENGTH`` characters at most; alone in its row (a cell), of as many
    letters or digits and a sign or two besides (a "5" read "ƯŒ1`"). A word of running text
    with its full stop ("Tây.") is not short: read again in a block it lost its first letter."""
    text = word.text
    if len(text) <= DOUBTFUL_LENGTH:
        return True
    if not h or not _alone_in_row(word, boxes, h):
        return False
    # ... or a box no wider than a glyph or two, whatever was read in it: a gutter page's clear
    # "5" and "6" came back "ƯƠỚé" and "GƠŒœ" at 30, each boxed 43 px wide on 50-px text
    return (sum(ch.isalnum() for ch in text) <= DOUBTFUL_LENGTH
            and len(text) <= DOUBTFUL_LENGTH + 2) or word.box[2] - word.box[0] <= NARROW * h


NARROW = 1.2  # of a line height: a box this narrow holds one or two glyphs


def _column_stack(short: list[Word], boxes: np.ndarray, x0: int, x1: int, y0: int, y1: int,
                  reach: float) -> list[Word]:
    """The short words overlapping columns ``x0``-``x1`` within ``reach`` of the rows
    ``y0``-``y1``, and, chained on up and down from there, each short word alone in its row
    (a cell: no word within a line height beside it) within ``reach`` of the stack so far.
    A line's first word in a paragraph has its neighbour a word space away, so the margin of
    a page of text is no stack."""
    column = sorted((w for w in short if w.box[0] < x1 and w.box[2] > x0),
                    key=lambda w: w.box[1])
    members = [w for w in column if y0 - reach <= w.box[1] <= y1 + reach]
    if not members:
        return members
    top = min(w.box[1] for w in members)
    bottom = max(w.box[3] for w in members)
    cells = [w for w in column if w not in members and _alone_in_row(w, boxes, reach / 3)]
    grown = True
    while grown:
        grown = False
        for w in cells:
            if w not in members and top - reach <= w.box[1] <= bottom + reach:
                members.append(w)
                top, bottom = min(top, w.box[1]), max(bottom, w.box[3])
                grown = True
    return sorted(members, key=lambda w: w.box[1])


def _a_cell_among_cells(members: list[Word], boxes: np.ndarray, h: int) -> bool:
    """A lone doubtful word worth a second look: it and two or more others of its column each
    alone in their rows (a "5" read "Đ" under the sure "1" to "4" of a table's numbering).
    One doubtful word anywhere else — a word of running text — is left as read."""
    cells = [w for w in members if _alone_in_row(w, boxes, h)]
    return len(cells) >= 3 and any(w.conf < DOUBTFUL_CONF for w in cells)


def _alone_in_row(word: Word, boxes: np.ndarray, gap: float) -> bool:
    """No other word of the page (``boxes``: every word's box, ``word``'s among them) shares
    most of ``word``'s rows within ``gap`` beside it. One array over the page's words: asked
    for each short word, a loop over the words cost 9 ms a page."""
    x0, y0, x1, y1 = word.box
    shared = np.minimum(boxes[:, 3], y1) - np.maximum(boxes[:, 1], y0)
    beside = ((shared > 0.5 * np.minimum(boxes[:, 3] - boxes[:, 1], y1 - y0))
              & (boxes[:, 0] < x1 + gap) & (boxes[:, 2] > x0 - gap))
    return int(beside.sum()) <= 1  # the word itself


def _letters(text: str) -> str:
    """The letters and digits of a reading: a second reading with the same ones adds nothing,
    and read alone a filing note's "VP." lost its full stop."""
    return "".join(ch for ch in text if ch.isalnum())


def _is_number(text: str) -> bool:
    return text.isdigit() and text.isascii()


def _number_in_a_column_of_numbers(old: Word, new: Word, column: Iterable[Word]) -> bool:
    """A sure number read again in a column the block reads as numbers (a table's STT), where
    the first reading was not one: "C2" at 86 for the "3" between "2" and "4" (read 95 in the
    block) is no surer by ``REREAD_GAIN``, but a row number is a number."""
    numbers = sum(1 for w in column if _is_number(w.text) and w.conf >= SURE_CONF)
    return (numbers >= 2 and _is_number(new.text) and new.conf >= SURE_CONF
            and not _is_number(old.text))



def _read_alone(gray: np.ndarray, word: Word, margin: int, dpi: float, engine: OcrEngine,
                cell: bool) -> list[Word]:
    """``word``'s pixels alone on white, read as one word: each reading of one word. A cell
    (``cell``: alone in its row) is cut to its ink and read as one line too; a word of running
    text so read came back "Lrở" for "trở", "Ghì" for "Ghi" on a fax page."""
    x0, y0, x1, y1 = word.box
    if cell:
        # the ink inside the box, not the box: Tesseract boxes a lone digit taller than it is,
        # and read with that paper above it a "5" came back "D5" or "5" at 5
        ink = gray[y0:y1, x0:x1] < INK_LEVEL
        rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        if len(rows) and len(cols):
            x0, x1, y0, y1 = x0 + cols[0], x0 + cols[-1] + 1, y0 + rows[0], y0 + rows[-1] + 1
    alone = np.full((y1 - y0 + 2 * margin, x1 - x0 + 2 * margin), 255, dtype=np.uint8)
    alone[margin:margin + y1 - y0, margin:margin + x1 - x0] = gray[y0:y1, x0:x1]
    # a cell as one word and as one line, the surer kept: a lone digit reads right one way or
    # the other ("5" at 96 as a word and "D5" at 50 as a line; "6" at 97 as a line, 69 as a word)
    image, found = Image.fromarray(alone), []
    for psm in (8, 7) if cell else (8,):
        read = [w for w in engine.words(image, dpi, psm=psm) if HAS_ALNUM.search(w.text)]
        if len(read) == 1:
            found.append(read[0])
    return found


_NUMBER_ITEM = re.compile(r"^\d{1,3}[.)]?$")  # "4.", "12", "3)": a list's or a form's number
ALONE_NUMBER_SURE = 75.0


def column_numbers(pieces: list[tuple[int, int, int, int]], found: list[Word],
                   read_one: Callable[[tuple[int, int, int, int]], list[Word]]) -> list[Word]:
    """A column of missed pieces (x, y, w, h) read as one block, ``found``, with the pieces
    that did not read as a number read again alone, where the rest of the column did.

    A form's field numbers down its margin ("1. 2. 4. 5. 6. 7. 8. 9.", lost by the page's
    reading) came back from a low-quality JPEG as "1. su 5ì 4. NI 6. VỆ 9.": in a block, a
    glyph read wrong takes the next ones with it. Alone as a line, each is "2.", "5.", "7."
    at 90 and more; a reading alone is taken only when it is a number read that sure."""
    if len(pieces) < 3 or sum(bool(_NUMBER_ITEM.match(w.text)) for w in found) < 2:
        return found
    out = list(found)
    for piece in pieces:
        top, bottom = piece[1], piece[1] + piece[3]
        over = [w for w in out if min(bottom, w.box[3]) - max(top, w.box[1]) > 0.5 * piece[3]]
        if over and all(_NUMBER_ITEM.match(w.text) for w in over):
            continue
        alone = [w for w in read_one(piece) if _NUMBER_ITEM.match(w.text)
                 and w.conf >= ALONE_NUMBER_SURE]
        if len(alone) == 1:
            out = [w for w in out if not any(w is o for o in over)] + alone
    return out
