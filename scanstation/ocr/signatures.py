"""A form's signature columns read column after column.

A declaration form closes with two or three signature columns side by side — "Ý KIẾN CỦA CHA,
MẸ HOẶC NGƯỜI GIÁM HỘ", "Ý KIẾN CỦA CHỦ HỘ", "NGƯỜI KÊ KHAI" — each a centred title in
capitals, often on two lines, over its hint "(Ký, ghi rõ họ tên)". Read row by row, the titles
ran into each other ("Ý KIẾN CỦA CHA, MẸ Ý KIẾN CỦA CHỦ HỘ NGƯỜI KÊ KHAI", then "HOẶC NGƯỜI
GIÁM HỘ (Ghi rõ …" ), which no one reading the form would write. ``layout`` already reads a
decision's two-column closing ("Nơi nhận:" beside the signer); this is the general block: a row
of capitals titles split by column-wide gaps, with a signing hint in parentheses below, read
column by column down to the first row that crosses a column's edge.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from .results import Word

# The hint under a signature title: "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", "(Ghi rõ
# nội dung, ký, ghi rõ họ tên)" — a parenthesis and the word "ký" in it.
_HINT = re.compile(r"^\(.*\bký\b", re.IGNORECASE)
MAX_COLUMNS = 3
HINT_ROWS = 3  # the hint comes within this many rows of the titles (a title may wrap twice)


def signature_block(rows: list[list[Word]], start: int,
                    ratio: float) -> tuple[int, list[float]] | None:
    """If row ``start`` opens signature columns, (the block's end row, the x of each edge
    between columns); ``ratio``: a column gap is wider than this × the row's height."""
    groups = _groups(rows[start], ratio)
    if not 2 <= len(groups) <= MAX_COLUMNS or not all(_title(g) for g in groups):
        return None
    edges = [(a[-1].box[2] + b[0].box[0]) / 2 for a, b in itertools.pairwise(groups)]
    end = start + 1
    hinted = False
    while end < len(rows) and not _crosses(rows[end], edges, ratio):
        if end - start <= HINT_ROWS:
            hinted |= any(_HINT.match(_text(g)) for g in _split(rows[end], edges) if g)
        end += 1
    return (end, edges) if hinted else None


def column_of(word: Word, edges: list[float]) -> int:
    return sum(word.centre[0] > e for e in edges)


def _groups(row: list[Word], ratio: float) -> list[list[Word]]:
    gap = _gap(row, ratio)
    out = [[row[0]]]
    for before, word in itertools.pairwise(row):
        if word.box[0] - before.box[2] > gap:
            out.append([])
        out[-1].append(word)
    return out


def _title(words: list[Word]) -> bool:
    """Capitals: at least two letters to a word and most words upper-case."""
    letters = [w.text for w in words if sum(c.isalpha() for c in w.text) >= 2]
    return bool(letters) and sum(t.isupper() for t in letters) >= 0.8 * len(letters)


def _crosses(row: list[Word], edges: list[float], ratio: float) -> bool:
    """A word over an edge, or a line running on from one column into the next (a footnote
    under the block, whose word space may fall on an edge)."""
    if any(w.box[0] < e < w.box[2] for w in row for e in edges):
        return True
    pairs = list(itertools.pairwise(row))
    spaces = sorted(b.box[0] - a.box[2] for a, b in pairs
                    if column_of(a, edges) == column_of(b, edges))
    # a gap between columns is wider than any column gap's floor, or at least twice the
    # row's own word spaces (the block's columns can stand close: "… ghi rõ họ (Ký, …")
    space = 2 * spaces[len(spaces) // 2] if spaces else 0.7 * _gap(row, ratio) / 1.2
    return any(column_of(a, edges) != column_of(b, edges)
               and b.box[0] - a.box[2] < min(space, _gap(row, ratio)) for a, b in pairs)


def _gap(row: list[Word], ratio: float) -> float:
    heights = sorted(w.height for w in row)
    return ratio * 1.2 * heights[len(heights) // 2]  # wider than any word space


def _split(row: list[Word], edges: list[float]) -> list[list[Word]]:
    out: list[list[Word]] = [[] for _ in range(len(edges) + 1)]
    for word in row:
        out[column_of(word, edges)].append(word)
    return out


def _text(words: list[Word]) -> str:
    return unicodedata.normalize("NFC", " ".join(w.text for w in words))
