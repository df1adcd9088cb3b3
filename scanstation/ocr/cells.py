"""A ruled table's wrapped cells read whole, cell after cell.

Rows are read as visual lines (``layout``), and a table whose cell text wraps came out line by
line across the cells: "1 Đăng ký khai sinh cho trẻ em sinh ra Trong ngày" and then "tại Việt
Nam có cha mẹ là công dân" — the procedure's name cut in two by its time limit, as no one
writes it, searches for it or copies it. Where the rules the page preparation erased
(``prepare``) box a row's cells, and a cell holds more than one line, that row is read cell
after cell, each cell's lines in turn. A row of one-line cells, a header row with a merged cell
(a rule inside the row), an unruled table, a row whose lines reach past the table and rows
whose rules between them were lost (``_row_by_cells``) are read as before.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from .results import Line, Word

if TYPE_CHECKING:
    from .engine import OcrEngine
    from .prepare import Prepared

Rule = tuple[int, int, int, int]  # (left, top, right, bottom) in the cleaned page's pixels

RULE_MM = 10.0  # a rule is at least this long: longer than any glyph's stroke
SPAN = 0.9  # a row's rules, and its cells' dividers, reach this far across it
NEAR = 0.5  # of the typical word height: how far a rule may stand from where it should


def rule_boxes(mask: np.ndarray, dpi: float, to_page: float) -> tuple[Rule, ...]:
    """The boxes of the horizontal and vertical rules in ``mask`` (its pixels at ``dpi``),
    scaled by ``to_page`` to the cleaned page's pixels."""
    import cv2

    from ..imaging import components

    # at half the mask's size, max-pooled so a one-pixel rule stays whole: a quarter of the
    # pixels to open (10 → 3 ms a page), and a rule's place still to a few pixels
    mask = cv2.dilate(mask, np.ones((2, 2), np.uint8))[::2, ::2]
    dpi, to_page = dpi / 2, to_page * 2
    length = max(3, int(RULE_MM * dpi / 25.4)) | 1
    out: list[Rule] = []
    for kernel in ((length, 1), (1, length)):
        along = cv2.morphologyEx(mask, cv2.MORPH_OPEN,
                                 cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        count, _, stats = components(along)
        for x, y, w, h in stats[1:count, :4].tolist():
            out.append((round(x * to_page), round(y * to_page), round((x + w) * to_page),
                        round((y + h) * to_page)))
    return tuple(out)


def _horizontal(rule: Rule) -> bool:
    return rule[2] - rule[0] > rule[3] - rule[1]


def table_rows(grid: tuple[Rule, ...], near: float) -> list[tuple[Rule, list[float]]]:
    """Each ruled table row with its cells: its box between its rules (a rule above and one
    below reaching ``SPAN`` across each other, no rule inside) and its cells' edges, left to
    right (its sides and the dividers that cross it); ``near``: how far a rule may miss."""
    across = sorted((r for r in grid if _horizontal(r)), key=lambda r: r[1])
    down = [r for r in grid if not _horizontal(r)]
    rows: list[tuple[Rule, list[float]]] = []
    for upper, lower in itertools.pairwise(across):
        left, right = max(upper[0], lower[0]), min(upper[2], lower[2])
        if right - left < SPAN * max(upper[2] - upper[0], lower[2] - lower[0]):
            continue  # not one row's top and bottom
        top, bottom = upper[3], lower[1]
        if bottom - top < near:
            continue
        if any(top + near < (r[1] + r[3]) / 2 < bottom - near and r[2] > left and r[0] < right
               for r in across):
            continue  # a merged cell's rule inside the row: read as it stands
        dividers = sorted((r[0] + r[2]) / 2 for r in down
                          if left + near < (r[0] + r[2]) / 2 < right - near
                          and r[1] <= top + near and r[3] >= bottom - near)
        if dividers:
            rows.append(((left, top, right, bottom), [left, *dividers, right]))
    return rows


def cell_order(lines: list[Line], grid: tuple[Rule, ...]) -> list[Line]:
    """``lines`` with each ruled table row that holds a wrapped cell read cell after cell: one
    line per cell and visual line, a cell's lines in turn."""
    if not grid or len(lines) < 2:
        return lines
    out = list(lines)
    near = NEAR * _median([w.height for line in lines for w in line.words])
    for row, edges in table_rows(grid, near):
        out = _row_by_cells(out, row, edges)
    return out


def _row_by_cells(lines: list[Line], row: Rule, edges: list[float]) -> list[Line]:
    """``lines`` with those inside ``row`` read cell by cell when a cell holds two lines or
    more; as they were otherwise."""
    left, top, right, bottom = row

    def inside(word: Word) -> bool:
        cx, cy = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
        return left <= cx <= right and top <= cy <= bottom

    # the row's lines wherever the page's reading put them (a last row's "hợp" came after the
    # closing block's "Nơi nhận:", whose column it stood over), each wholly inside the row
    members = [i for i, line in enumerate(lines) if any(inside(w) for w in line.words)]
    if len(members) < 2 or not all(inside(w) for i in members for w in lines[i].words):
        return lines
    held: list[list[Word]] = [[] for _ in edges[1:]]
    for word in (w for i in members for w in lines[i].words):
        cx = (word.box[0] + word.box[2]) / 2
        held[max(0, min(len(held) - 1, bisect.bisect_left(edges, cx) - 1))].append(word)
    # each cell's own lines: the row's visual lines mix the cells' (a word of a time limit
    # centred beside a wrapped name joined the name's second line, "10 làm" / "ngày việc")
    cells = [_cell_lines(words) for words in held]
    counts = [len(cell) for cell in cells if cell]
    # a row's first cell (its number) is one line, and some other cell more; where every
    # cell holds as many lines, or the first holds several ("2", "3", "4"), these are rows
    # whose rules between them a fax or a faint copy lost (fax set 41: three rows read as one
    # came out column by column)
    if len(cells[0]) > 1 or max(counts) < 2 or min(counts) == max(counts):
        return lines
    ordered = [Line(tuple(part)) for cell in cells for part in cell]
    rest = [line for i, line in enumerate(lines) if i not in members]
    return rest[:members[0]] + ordered + rest[members[0]:]


def _cell_lines(words: list[Word]) -> list[list[Word]]:
    """``words`` (one cell's) in lines, top to bottom, each left to right: a word joins the
    line it shares half its height with."""
    out: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        line = next((ln for ln in reversed(out) if _shared(word, ln)
                     >= 0.5 * min(word.height, _median([w.height for w in ln]))), None)
        if line is None:
            out.append([word])
        else:
            line.append(word)
    return [sorted(line, key=lambda w: w.box[0]) for line in out]


def _shared(word: Word, line: list[Word]) -> float:
    """The rows ``word`` shares with ``line``'s typical extent: its words' median top and
    bottom, so that one word two lines tall (a copy read across both) joins one line but
    does not stretch it over the next."""
    top, bottom = _median([w.box[1] for w in line]), _median([w.box[3] for w in line])
    return min(word.box[3], bottom) - max(word.box[1], top)


def _median(values: list[int]) -> float:
    ordered = sorted(values)
    return float(ordered[len(ordered) // 2])


# A ruled table row whose cells hold lines at different heights (a wrapped name beside a time
# limit centred on it) is one Tesseract's line finding garbles: a faint page's "Cấp giấy phép
# xây dựng nhà ở riêng lẻ tại khu" came back "Cấp phép Xây dựng GUn 6 nhà HHà GII€HE" (browser
# set 54). A cell holding a word read below ``CELL_UNSURE`` is read again alone, its own pixels
# between its rules as a block, and that reading kept when it is surer by ``CELL_GAIN`` on
# average and sure (``CELL_SURE``).
CELL_UNSURE, CELL_GAIN, CELL_SURE = 60.0, 10.0, 75.0
# a cell of one word this short (a row's number) is not read again as a block: "1" came back
# "T" and "3" "K)" (browser sets 42, 52). In a numbered table (two rows' first cells a number
# at least, or one under a "STT" head) a first cell of no number, or of one short word, is
# read again as one line (``reread_row_numbers``), and taken when that is a number read
# ``NUMBER_SURE``: beside a wrapped name Tesseract dropped the "2" or read a "1" "x" and a "4"
# "Ạ" (browser set 55).
LONE = 3
NUMBER_SURE = 60.0
# a first column headed so is numbered (Decree 30's tables: "STT", "TT" — số thứ tự): one row's
# number read is then enough (a JPEG page's "1" read ":" and "3" lost beside the one "2" read)
NUMBER_HEADS = frozenset({"STT", "TT"})
_NUMBER = re.compile(r"^\d{1,3}\.?$")


def reread_cells(prepared: Prepared, words: list[Word], engine: OcrEngine) -> list[Word]:
    """``words`` (in ``prepared``'s pixels) with each unsure ruled cell's words replaced by
    the cell read alone, when that is surer."""
    if not prepared.grid or not words:
        return words
    grid, centres, near = _in_prepared(prepared, words)
    gone: set[int] = set()
    found: list[Word] = []
    for (_, top, _, bottom), edges in table_rows(grid, near):
        for x0, x1 in itertools.pairwise(edges):
            members = [i for i, (cx, cy) in enumerate(centres)
                       if x0 <= cx <= x1 and top <= cy <= bottom and i not in gone]
            if not members or (len(members) == 1 and len(words[members[0]].text) <= LONE):
                continue  # a row's number alone, which a block reading misread
            # a cell read twice over (a line and its shifted copy, the copy's words
            # half-garbled, or a word two lines tall over both) is read again however sure,
            # and its reading is none to weigh against: its sure half lifts its mean
            doubled = _doubled([words[i] for i in members])
            if not doubled and min(words[i].conf for i in members) >= CELL_UNSURE:
                continue
            again = read_cell(prepared, (round(x0), top, round(x1), bottom), engine)
            before = sum(words[i].conf for i in members) / len(members)
            gain = 0.0 if doubled else CELL_GAIN
            if again and not _doubled(again) and sum(w.conf for w in again) / len(
                    again) >= max(before + gain, CELL_SURE):
                gone.update(members)
                found += again
    if not found:
        return words
    return [w for i, w in enumerate(words) if i not in gone] + found


def reread_row_numbers(prepared: Prepared, words: list[Word], engine: OcrEngine) -> list[Word]:
    """``words`` (in ``prepared``'s pixels) with a numbered ruled table's first cells that hold
    no number read again alone as one line, and given the number read there. After the
    numbering column's own pass (``numbering``), which reads a stack of them better."""
    if not prepared.grid or not words:
        return words
    grid, centres, near = _in_prepared(prepared, words)
    rows = table_rows(grid, near)
    firsts = [[i for i, (cx, cy) in enumerate(centres) if edges[0] <= cx <= edges[1]
               and top <= cy <= bottom] for (_, top, _, bottom), edges in rows]
    headed = any(words[i].text.rstrip(".:").upper() in NUMBER_HEADS
                 for first in firsts for i in first)
    if sum(_numbers(words, first) for first in firsts) < (1 if headed else 2):
        return words  # no numbering column
    gone: set[int] = set()
    found: list[Word] = []
    for ((_, top, _, bottom), edges), first in zip(rows, firsts, strict=True):
        if _numbers(words, first) or len(first) > 1 or any(
                len(words[i].text) > LONE for i in first):
            continue
        number = read_cell(prepared, (round(edges[0]), top, round(edges[1]), bottom), engine,
                            psm=7)
        if len(number) == 1 and _NUMBER.match(number[0].text) \
                and number[0].conf >= NUMBER_SURE:
            gone.update(first)
            found += number
    if not found:
        return words
    return [w for i, w in enumerate(words) if i not in gone] + found


def _in_prepared(prepared: Prepared, words: list[Word]
                 ) -> tuple[tuple[Rule, ...], list[tuple[float, float]], float]:
    """The page's rules in ``prepared``'s pixels, the words' centres, and how far a rule may
    miss (``NEAR`` of the typical word's height)."""
    grid = tuple(map(prepared.from_page, prepared.grid))
    centres = [((w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2) for w in words]
    return grid, centres, NEAR * _median([w.height for w in words])


def _doubled(words: list[Word]) -> bool:
    """Two of ``words`` cover the same ink: they overlap by half the smaller one's box."""
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            w = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
            h = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            smaller = min((a.box[2] - a.box[0]) * a.height, (b.box[2] - b.box[0]) * b.height)
            if w > 0 and h > 0 and w * h >= 0.5 * max(1, smaller):
                return True
    return False


def _numbers(words: list[Word], members: list[int]) -> bool:
    return len(members) == 1 and bool(_NUMBER.match(words[members[0]].text))


def read_cell(prepared: Prepared, box: Rule, engine: OcrEngine, psm: int = 6) -> list[Word]:
    """The words of ``box`` (a cell between its rules, which are erased) read alone as a
    block (``psm``: or as one line), in ``prepared``'s pixels."""
    gray = prepared.pixels
    x0, y0, x1, y1 = box[0] + 2, max(0, box[1]), box[2] - 2, min(gray.shape[0], box[3])
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    pad = 16
    canvas = np.full((y1 - y0 + 2 * pad, x1 - x0 + 2 * pad), 255, dtype=np.uint8)
    canvas[pad:pad + y1 - y0, pad:pad + x1 - x0] = gray[y0:y1, x0:x1]
    read = engine.words(Image.fromarray(canvas), prepared.dpi, psm=psm)
    return [w.moved(x0 - pad, y0 - pad) for w in read if w.text.strip()]
