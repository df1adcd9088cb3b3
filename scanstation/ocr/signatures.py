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
_FOOTNOTE = re.compile(r"^\(\d{1,2}\)$")  # "(1) Cơ quan đăng ký …" under the block
_OPENER = re.compile(r"^(Ý KIẾN|XÁC NHẬN)\b")
MAX_COLUMNS = 3
HINT_ROWS = 3  # the hint comes within this many rows of the titles (a title may wrap twice)


def signature_block(rows: list[list[Word]], start: int,
                    ratio: float) -> tuple[int, list[float]] | None:
    """If row ``start`` opens signature columns, (the block's end row, the x of each edge
    between columns); ``ratio``: a column gap is wider than this × the row's height."""
    groups = _groups(rows[start], ratio)
    if not 2 <= len(groups) <= MAX_COLUMNS or not all(_title(g) for g in groups):
        return None
    # each edge may lie anywhere in the gap between two columns; every row below narrows it
    # (titles and hints are centred, each as wide as its words: a hint can reach past the
    # middle of the titles' gap)
    gaps = [(float(a[-1].box[2]), float(b[0].box[0])) for a, b in itertools.pairwise(groups)]
    end = start + 1
    hinted = False
    while end < len(rows):
        narrowed = _narrowed(rows[end], gaps, ratio)
        if narrowed is None:
            break
        gaps = narrowed
        if end - start <= HINT_ROWS:
            edges = [(lo + hi) / 2 for lo, hi in gaps]
            hinted |= any(_HINT.match(_text(g)) for g in _split(rows[end], edges) if g)
        end += 1
    return (end, [(lo + hi) / 2 for lo, hi in gaps]) if hinted else None


def _narrowed(row: list[Word], gaps: list[tuple[float, float]],
              ratio: float) -> list[tuple[float, float]] | None:
    """``gaps`` narrowed to the free space of ``row``; None when a gap is closed: a word
    covers it, or the row's words run on across it with no more than a word space (a
    footnote's line under the block)."""
    if _FOOTNOTE.match(row[0].text):
        return None
    spaces = sorted(b.box[0] - a.box[2] for a, b in itertools.pairwise(row))
    # columns can stand close (a skewed page's "GIÁM HỘ (Ghi rõ": 1.4–1.7 word spaces apart)
    least = min(_gap(row, ratio), 1.3 * spaces[len(spaces) // 2]) if spaces else 0.0
    free = [(-float("inf"), float(row[0].box[0]))]
    free += [(float(a.box[2]), float(b.box[0])) for a, b in itertools.pairwise(row)]
    free.append((float(row[-1].box[2]), float("inf")))
    out = []
    for lo, hi in gaps:
        best = max(free, key=lambda f: min(hi, f[1]) - max(lo, f[0]))
        if min(hi, best[1]) <= max(lo, best[0]):
            return None
        inner = best[0] != -float("inf") and best[1] != float("inf")
        if inner and best[1] - best[0] < least:
            return None
        out.append((max(lo, best[0]), min(hi, best[1])))
    return out


def column_of(word: Word, edges: list[float]) -> int:
    return sum(word.centre[0] > e for e in edges)


def _groups(row: list[Word], ratio: float) -> list[list[Word]]:
    """The row cut at its column gaps: wider than any word space, or than twice the row's
    typical space (two long titles can stand a word apart: "… MẸ HOẶC   Ý KIẾN CỦA …")."""
    spaces = sorted(b.box[0] - a.box[2] for a, b in itertools.pairwise(row))
    gap = _gap(row, ratio)
    if len(spaces) >= 4:
        gap = min(gap, max(3 * spaces[len(spaces) // 2], 0.5 * gap))
    out = [[row[0]]]
    for index, (before, word) in enumerate(itertools.pairwise(row), start=1):
        # a title's opening words ("Ý KIẾN", "XÁC NHẬN") start a column even a word space from
        # the title before it (a rotated 200-dpi page: "… CHA, MẸ Ý KIẾN CỦA …" 1.3 spaces)
        if word.box[0] - before.box[2] > gap or _OPENER.match(_text(row[index:index + 2])):
            out.append([])
        out[-1].append(word)
    return out


def _title(words: list[Word]) -> bool:
    """Capitals: at least two letters to a word and most words upper-case."""
    letters = [w.text for w in words if sum(c.isalpha() for c in w.text) >= 2]
    return bool(letters) and sum(t.isupper() for t in letters) >= 0.8 * len(letters)


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
