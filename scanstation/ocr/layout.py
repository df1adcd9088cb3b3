"""Reading order rebuilt from word boxes.

Tesseract orders a Vietnamese administrative page badly: the two-column header (agency on the
left, national motto on the right) comes out interleaved line by line. So lines are rebuilt here:
visual rows, split at wide gaps into segments, the header columns read left block then right
block, tables row by row; noise words are dropped first.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence

from .motto import unglue_motto
from .noise import HAS_ALNUM, keep, row_of_noise
from .results import Line, OcrParams, Word
from .signatures import column_of, signature_block


def _median_height(words: Sequence[Word]) -> float:
    heights = sorted(w.height for w in words)
    return float(heights[len(heights) // 2]) if heights else 1.0


def _rows(words: list[Word]) -> list[list[Word]]:
    """Group words into visual rows by vertical overlap, top to bottom, each left to right.

    A word much taller than the page's words (a box stretched by a speck or a stamp) joins the
    row its centre falls in but does not widen it: widened, the row would swallow the next
    line and the two would be read interleaved."""
    rows: list[tuple[float, float, list[Word]]] = []  # (top, bottom, words)
    tall = 1.8 * _median_height(words)
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        cy = (word.box[1] + word.box[3]) / 2
        top_w, bottom_w = float(word.box[1]), float(word.box[3])
        if word.height > tall:
            top_w, bottom_w = cy - tall / 4, cy + tall / 4
        placed = False
        for index in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom, members = rows[index]
            if top <= cy <= bottom or (word.height > tall and any(
                    other.height > tall and _share_rows(word, other) for other in members)):
                members.append(word)
                rows[index] = (min(top, top_w), max(bottom, bottom_w), members)
                placed = True
                break
        if not placed:
            rows.append((top_w, bottom_w, [word]))
    out = [_detached_marks(sorted(sub, key=lambda w: w.box[0]))
           for _, _, members in rows for sub in _unstack(members)]
    return _join_spanning_cells([row for row in out if row])


def _share_rows(a: Word, b: Word) -> bool:
    """Two tall words of one line: a large title's words, whose boxes differ by their marks
    ("GIẤY" stands higher than "KHEN" by its circumflex and acute), overlap by most of the
    shorter's height."""
    return a.rows_shared(b) >= 0.6 * min(a.height, b.height)


def _unstack(row: list[Word]) -> list[list[Word]]:
    """A row holding two lines of one column, bridged by the other column's taller words (a
    blurred "PHÓ CHỦ TỊCH" beside two recipients lines, "- Như Điều 3;" over "- Thường trực
    Đảng ủy;", read interleaved), split back into lines. Words of one line stand side by side;
    two words one above the other (most of the narrower one's width shared, centres over half
    a line apart) say the row is two. Every word then goes to the nearer line."""
    height = _typical_height(row)
    # words of a line's own size only: a box stretched over specks below it ("hợp" two lines
    # high beside "hiến") stands over its neighbour without being a second line
    letters = [w for w in row if HAS_ALNUM.search(w.text) and 0.5 * height <= w.height
               <= 1.5 * height]
    centres: list[float] = []
    for a, b in itertools.combinations(letters, 2):
        shared = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
        ca, cb = (a.box[1] + a.box[3]) / 2, (b.box[1] + b.box[3]) / 2
        narrower = min(a.box[2] - a.box[0], b.box[2] - b.box[0])
        if shared >= 0.5 * narrower and abs(ca - cb) > 0.6 * height:
            centres += [ca, cb]
    if not centres:
        return [row]
    lines: list[list[float]] = []
    for centre in sorted(centres):
        if lines and centre - lines[-1][-1] <= 0.5 * height:
            lines[-1].append(centre)
        else:
            lines.append([centre])
    middles = [sum(line) / len(line) for line in lines]
    subs: list[list[Word]] = [[] for _ in middles]
    for word in row:
        cy = (word.box[1] + word.box[3]) / 2
        subs[min(range(len(middles)), key=lambda i: abs(middles[i] - cy))].append(word)
    return [sub for sub in subs if sub]


def _inside_gaps(upper: list[Word], lower: list[Word]) -> bool:
    """Every word of ``upper`` sits in a gap between two words of ``lower``, clear of both."""
    gaps = [(a.box[2], b.box[0]) for a, b in itertools.pairwise(lower)]
    return all(any(left < w.box[0] and w.box[2] < right for left, right in gaps) for w in upper)


def _join_spanning_cells(rows: list[list[Word]]) -> list[list[Word]]:
    """One row for a table header with a merged cell.

    A cell spanning two columns ("Thời gian" over "Từ ngày | Đến ngày") sits in the header's
    top half, while the cells spanning both header rows ("STT", "Họ và tên", "Ghi chú") are
    centred on the whole height, and the spanning cell came out as a row of its own above the
    rest. A row is read with the next, left to right, when all its words fall inside the gaps
    between that row's words and either the two overlap at all or the row after that sits in
    the same gaps (the sub-header), both within a line height: the header's signature. Lines
    of text never qualify: a word does not fit inside a word space.
    """
    out: list[list[Word]] = []
    for index, row in enumerate(rows):
        # only the spanning row's words count: a mark beside them (a blurred rule's remnant,
        # "-" over "tên" at 63) stands where it stands and joins with them; a row of marks
        # alone (a closing quote set a little high) is measured as it is
        above = out[-1] if out else []
        cells = [w for w in above if HAS_ALNUM.search(w.text)] or above
        if cells and len(row) >= 2 and _inside_gaps(cells, row):
            gap_above = min(w.box[1] for w in row) - max(w.box[3] for w in above)
            below = rows[index + 1] if index + 1 < len(rows) else []
            height = _typical_height(row)
            sub_header = bool(below) and _inside_gaps(below, row) and \
                min(w.box[1] for w in below) - max(w.box[3] for w in row) < height
            if gap_above < 0 or (gap_above < height and sub_header):
                out[-1] = sorted(above + row, key=lambda w: w.box[0])
                continue
        out.append(row)
    return out


def _detached_marks(row: list[Word]) -> list[Word]:
    """A row without the tone marks Tesseract cut off a word of the next row: one character,
    under 40 % of the row's height ("5" for the acute of "Đến", "‹" for the grave of "ngày").
    A real character that small would be a superscript, which these pages do not have. Nor
    slices of ink under 30 % of it read as letters ("và," 7 px high over a table header's
    sub-row, from its marks and the rule): an x-height is over half a line's height."""
    height = _typical_height(row)
    kept = [w for w in row
            if (len(w.text) != 1 or w.text in ".,;:-–" or w.height >= 0.4 * height)
            and not (HAS_ALNUM.search(w.text) and w.height < 0.3 * height)]
    # A full stop or comma belongs to the word before it; one standing a line height clear of
    # any word is a speck or a rule's corner, not punctuation.
    kept = [w for i, w in enumerate(kept)
            if w.text not in (".", ",") or (i > 0 and w.box[0] - kept[i - 1].box[2] <= height)]
    # A mark wholly below the row's baseline is a tone mark cut off the row beneath, read as
    # "-" or "." (the hook of "chỉ" under a table header's "Số tiền"): punctuation starts above
    # the baseline, a hyphen at half the x-height.
    bottoms = sorted(w.box[3] for w in kept if HAS_ALNUM.search(w.text) and len(w.text) > 1)
    if len(bottoms) < 2:
        return kept
    baseline = bottoms[len(bottoms) // 2]
    # A dash is drawn at half the x-height, its top well above the baseline; one whose top is
    # at the baseline is the acute of "Đến" below it ("-" at 53-61 in a table header's row)
    dash_top = baseline - DASH_RISE * height
    return [w for w in kept
            if len(w.text) != 1 or HAS_ALNUM.search(w.text)
            or w.box[1] <= (dash_top if w.text in "-–" else baseline)]


DASH_RISE = 0.15  # of the row's height: the least a dash's top stands above the baseline


# A row of nothing but characters this small (of the page's text height, both ways) is specks:
# what a signature or a seal leaves between "CHỦ TỊCH" and the signer's name.
SPECK_ROW = 0.4
DASH_MIN = 0.2  # a typed hyphen is a third of an em: 0.35-0.45 of a word's height


def _lone_specks_dropped(rows: list[list[Word]], height: float) -> list[list[Word]]:
    """``rows`` without those made only of one-character "words" a fraction of a letter in
    size. Between the signer's title and name, the rest of a signature (its pen strokes are
    erased, ``prepare``) or a seal's ring was read as "l", "I", ":" or "'" (5-9 px boxes on
    text 23-41 px high; 25 pages of nine browser sets, issue 14). ``_detached_marks`` measures
    a row by its own words, so a row of one speck was its own measure. A dash alone stands for
    an empty cell and stays — one as wide as a typed hyphen at least: a speckled page's 3-px
    speck read "-" between the motto and the document's number was a row of its own, and the
    header's two columns ended there ("Số: 344/TTr-UBND Hải Châu, ngày …" as one line)."""
    limit = SPECK_ROW * height

    def speck(w: Word) -> bool:
        if w.text in ("-", "–", "—"):
            return w.box[2] - w.box[0] < DASH_MIN * height
        return len(w.text) == 1 and max(w.box[2] - w.box[0], w.height) < limit

    return [row for row in rows if not all(speck(w) for w in row)
            and not row_of_noise(row, height)]


# Letters in a box this much lower than the page's text (the typical word's height, ascenders
# and marks included; a lower-case word's x-height is 0.6 of it), read below ``MARKS_SURE``: the
# tone marks over a tightly set line, read as a line of their own ("An sà2 cổ Tà -FA R" at 0-83,
# 7-px boxes on 29-px text, over "quan đến tài sản là động sản" in a table cell; browser set
# 54). A digit alone is left: a footnote's number stands that small.
MARKS_HEIGHT, MARKS_SURE = 0.4, 90.0


def _marks_read(word: Word, height: float) -> bool:
    return word.height < MARKS_HEIGHT * height and word.conf < MARKS_SURE \
        and any(c.isalpha() for c in word.text)


def _typical_height(row: list[Word]) -> float:
    """The median height of the row's words; a dash or a dot is no measure of the type size
    (a recipients line "- Như Điều 3;" has a 2-px "-" for every other word)."""
    heights = sorted(w.height for w in row if HAS_ALNUM.search(w.text)) or sorted(
        w.height for w in row)
    return float(heights[len(heights) // 2]) if heights else 1.0


def _side(word: Word, split: float) -> str:
    if word.box[2] <= split:
        return "L"
    if word.box[0] >= split:
        return "R"
    return "X"


def _wide_gaps(words: list[Word], ratio: float, fillers: Sequence[Word] = ()) -> bool:
    """A gap wider than ``ratio`` line heights between two of ``words`` — unless a word read
    too unsure to keep (``fillers``) stands in it: "- Lưu: VT, VP." with its "VT," dropped is
    still one line of the recipients, not a table row."""
    if len(words) < 2:
        return False
    h = _typical_height(words)
    top, bottom = min(w.box[1] for w in words), max(w.box[3] for w in words)

    def filled(left: int, right: int) -> bool:
        return any(left <= (f.box[0] + f.box[2]) / 2 <= right
                   and top <= (f.box[1] + f.box[3]) / 2 <= bottom for f in fillers)

    return any(b.box[0] - a.box[2] > ratio * h and not filled(a.box[2], b.box[0])
               for a, b in itertools.pairwise(words))


_MOTTO_STARTS = ("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP")
# A gap inside one block of a header row wider than this × the column gap makes the row a
# table row. Not 1: on a low-quality JPEG a word box can end short of its ink, and the space
# after "PHƯỜNG" measured 1.1 line heights (hold-out page, the header then read interleaved);
# the cells of a table stand further apart.
INNER_GAP = 1.5
# The same for the closing block ("Nơi nhận:" beside the signer): no table lives there, and
# Tesseract's box for an italic word can end a letter early ("Chủ" boxed as its "C", a gap of
# two line heights after it: the recipients and the signer's title were read interleaved).
INNER_GAP_CLOSING = 4.0  # and a short word lost altogether ("- Lưu: VP." without "VT,": 3.2)


def _starts_motto(words: Sequence[Word]) -> bool:
    """The right block of the national header starts here ("CỘNG HÒA XÃ HỘI…", "Độc lập…")."""
    head = unicodedata.normalize("NFC", " ".join(w.text for w in words[:2])).upper()
    # Punctuation a JPEG adds inside the bold motto ("Độc: lập") does not make it another line.
    return re.sub(r"[^\w ]", "", head).startswith(_MOTTO_STARTS)


def _text_centre(rows: list[list[Word]]) -> float:
    """The middle of the page's text block (its margins may differ: 30 mm left, 15 mm right)."""
    lefts = sorted(w.box[0] for row in rows for w in row)
    rights = sorted(w.box[2] for row in rows for w in row)
    return (lefts[len(lefts) // 20] + rights[len(rights) * 19 // 20]) / 2


def _run_for_split(rows: list[list[Word]], start: int, split: float,
                   ratio: float, inner: float = INNER_GAP,
                   centre: float | None = None, width: int = 0,
                   fillers: Sequence[Word] = ()) -> tuple[int, int]:
    """How many rows from ``start`` have every word wholly on one side of ``split`` (with a
    column-wide gap there, not a word space), and how many of those have both sides filled.
    A row whose right side starts the national motto needs no more than some gap: on a
    cramped header (or a photo's keystone) the agency can come within a word space of it."""
    end, both = start, 0
    for row in rows[start:]:
        sides = [_side(w, split) for w in row]
        if "X" in sides:
            break
        if centre is not None and len(set(sides)) == 1 and abs(
                (row[0].box[0] + row[-1].box[2]) / 2 - centre) <= 0.08 * width:
            # a line centred on the page is the document's title, below the header: with the
            # form lines after it cut short by their erased leaders, the title and three
            # fields were read as part of the header's columns
            break
        right = [w for w, side in zip(row, sides, strict=True) if side == "R"]
        # ... nor the dated place: a fax's month number lost ("ngày 27 tháng   năm 2025") left
        # a gap, and the document's number ran into the date as one line
        if not _starts_motto(right) and not _dated_place(right) and any(
                _wide_gaps([w for w, side in zip(row, sides, strict=True) if side == part],
                           inner * ratio, fillers) for part in ("L", "R")):
            # A side with a gap of its own is a table row, not a header block line. Not the
            # motto: a word of it dropped as noise ("Tự do" read "Tuy:dö") leaves such a gap.
            break
        if "L" in sides and "R" in sides:
            last_left = max(w.box[2] for w, side in zip(row, sides, strict=True) if side == "L")
            first_right = min(w.box[0] for w in right)
            needed = 0.0 if _starts_motto(right) else ratio * _typical_height(row)
            if first_right - last_left <= needed:
                break
        both += set(sides) == {"L", "R"}
        end += 1
    return end, both


def _column_run(rows: list[list[Word]], start: int, width: int, ratio: float,
                inner: float = INNER_GAP, fillers: Sequence[Word] = ()
                ) -> tuple[int, list[float]] | None:
    """If rows ``start…`` form a two-column block (the national header: agency on the left,
    motto on the right), return (end row, split x of each row). Candidate splits are the wide gaps of the
    first rows; the one that cleanly separates the most rows wins.

    The two blocks are each centred on their own column, so their lines have different widths:
    the agency's longer second line can reach past the middle of the first line's gap
    ("CÔNG AN ⟷ CỘNG HÒA…" above "THÀNH PHỐ BẢO LỘC ⟷ Độc lập…"). No single row's gap midpoint
    then separates every row, so the midpoints of where two rows' gaps overlap are tried too.
    """
    gaps: list[tuple[float, float]] = []
    for row in rows[start:start + 4]:
        h = _typical_height(row)
        for prev, word in itertools.pairwise(row):
            if word.box[0] - prev.box[2] > ratio * h:
                gaps.append((float(prev.box[2]), float(word.box[0])))
    candidates = [(a + b) / 2 for a, b in gaps]
    for row in rows[start:start + 4]:  # just left of the motto, however narrow the gap
        for index in range(1, len(row)):
            if row[index].box[0] > row[index - 1].box[2] and _starts_motto(row[index:]):
                candidates.append((row[index - 1].box[2] + row[index].box[0]) / 2)
    for (a0, b0), (a1, b1) in itertools.combinations(gaps, 2):
        lo, hi = max(a0, a1), min(b0, b1)
        if hi > lo:
            candidates.append((lo + hi) / 2)
    best: tuple[int, int, float] | None = None
    centre = _text_centre(rows)
    for split in candidates:
        if not (0.25 * width <= split <= 0.75 * width):
            continue
        end, both = _run_for_split(rows, start, split, ratio, inner, centre, width, fillers)
        if both and end - start >= 2 and (best is None or (end, both) > best[:2]):
            best = (end, both, split)
    if best:
        return best[0], [best[2]] * (best[0] - start)
    return _motto_run(rows, start, width, ratio)


def _motto_start(row: list[Word]) -> int | None:
    """Index of the word where the national motto starts in ``row`` (clear of the word
    before it), or None."""
    for index in range(len(row)):
        if _starts_motto(row[index:]) and (index == 0 or
                                           row[index].box[0] > row[index - 1].box[2]):
            return index
    return None


def _motto_run(rows: list[list[Word]], start: int, width: int,
               ratio: float) -> tuple[int, list[float]] | None:
    """A header whose two blocks overlap across: a long agency line ("HUYỆN THỦY NGUYÊN")
    reaches further right than where the motto ("CỘNG HÒA…") starts on the line above, so no
    one vertical line separates them, yet each row splits clearly where its motto part
    starts. Rows with the motto split there; the other rows split left of the leftmost motto
    start (the agency's "Số: …" line, the dated place line on the right)."""
    starts = {}
    for offset, row in enumerate(rows[start:start + 3]):
        index = _motto_start(row)
        if index is not None:
            starts[start + offset] = index
    if not starts or not any(index > 0 for index in starts.values()):
        return None
    motto_x = min(rows[r][i].box[0] for r, i in starts.items())
    if not 0.25 * width <= motto_x <= 0.75 * width:
        return None
    splits: list[float] = []
    for number in range(start, len(rows)):
        row = rows[number]
        index = starts.get(number)
        if index is not None:
            split = row[index].box[0] - 0.5
        elif number < max(starts):
            break  # a row above the motto's last line that is not part of it
        else:
            split = motto_x - 0.5
        sides = [_side(w, split) for w in row]
        if "X" in sides or any(
                _wide_gaps([w for w, side in zip(row, sides, strict=True) if side == part],
                           INNER_GAP * ratio) for part in ("L", "R")):
            break
        if index is None:
            # below the motto only the agency's "Số: …" line and the dated place line
            # belong to the header; a title or a paragraph starting right of the motto's
            # edge does not
            right = [w for w, side in zip(row, sides, strict=True) if side == "R"]
            left = [w for w, side in zip(row, sides, strict=True) if side == "L"]
            if right and not _dated_place(right):
                break
            if left and right and right[0].box[0] - left[-1].box[2] <= ratio * _typical_height(row):
                break
        splits.append(split)
    return (start + len(splits), splits) if len(splits) >= 2 else None


def _dated_place(words: list[Word]) -> bool:
    """The header's dated place line: "Bảo Lộc, ngày 22 tháng 02 năm 2023"."""
    text = unicodedata.normalize("NFC", " ".join(w.text for w in words)).lower()
    return "ngày" in text and "tháng" in text


# "Nơi nhận:" with its small bold italic second word misread ("Nơi nhậm:", "Nơi pạo:").
_RECIPIENTS_MISREAD = re.compile(r"nơi \S{2,6}:")
# How the signer's block opens, on the right of the recipients: on behalf of (TM.), for (KT.,
# TL., TUQ.), or the title itself — in capitals, as Decree 30 sets it (a title in running text
# is not, and a row of text reaches across the middle anyway).
_SIGNER_TITLES = ("TM.", "KT.", "TL.", "TUQ.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC",
                  "NGƯỜI LÀM ĐƠN", "NGƯỜI KHAI")


def _starts_recipients(row: list[Word]) -> bool:
    """"Nơi nhận:" — or its "nhận:" alone: the small bold italic "Nơi" is the word a JPEG
    loses first, and the block was then read interleaved with the signer's. An application's
    foot has the ward's (or the police's) "XÁC NHẬN CỦA …" there instead, beside "NGƯỜI LÀM
    ĐƠN"."""
    head = unicodedata.normalize("NFC", " ".join(w.text for w in row[:3])).lower()
    return head.startswith(("nơi nhận", "nhận:", "xác nhận của")) or bool(
        _RECIPIENTS_MISREAD.match(head))


def _signer_title_right(row: list[Word], width: int) -> bool:
    """The row's words on the right half open the signer's block ("TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH"): the closing block even when "Nơi nhận:" itself was misread."""
    right = [w for w in row if w.box[0] >= 0.45 * width]
    head = unicodedata.normalize("NFC", " ".join(w.text for w in right[:3]))
    return bool(right) and head.startswith(_SIGNER_TITLES)


def _closing_block_starts(rows: list[list[Word]], index: int, width: int) -> bool:
    """The closing block of a decision: "Nơi nhận:" (recipients) on the left, the signer's
    title on the right — which often starts a row above the recipients."""
    if _starts_recipients(rows[index]) or _signer_title_right(rows[index], width):
        return True
    right_only = all(w.box[0] >= width / 2 for w in rows[index])
    return right_only and index + 1 < len(rows) and _starts_recipients(rows[index + 1])


def reading_order(words: list[Word], width: int, params: OcrParams | None = None) -> list[Line]:
    """Lines in reading order: the two-column header (and a closing 'Nơi nhận' block) left
    column then right column; every other row left to right, table rows cell after cell."""
    params = params or OcrParams()
    kept = unglue_motto([w for w in words if keep(w, params)])
    if not kept:
        return []
    # words read too unsure to keep still stand where they stand: a gap they fill is no
    # column gap (letters only: a speck's mark proves nothing)
    fillers = [w for w in words if not keep(w, params) and HAS_ALNUM.search(w.text)]
    height = _median_height([w for w in kept if HAS_ALNUM.search(w.text)] or kept)
    rows = _lone_specks_dropped(_rows([w for w in kept if not _marks_read(w, height)]), height)
    lines: list[Line] = []
    index = 0
    while index < len(rows):
        run = None
        if index == 0:
            run = _column_run(rows, index, width, params.column_gap_ratio, fillers=fillers)
        if run is None and _closing_block_starts(rows, index, width):
            run = _column_run(rows, index, width, params.column_gap_ratio, INNER_GAP_CLOSING,
                              fillers)
        if run is not None:
            end, splits = run
            for side in ("L", "R"):
                for row, split in zip(rows[index:end], splits, strict=True):
                    part = tuple(w for w in row if _side(w, split) == side)
                    if part:
                        lines.append(Line(part))
            index = end
            continue
        block = signature_block(rows, index, params.column_gap_ratio)
        if block is not None:
            end, edges = block
            for column in range(len(edges) + 1):
                lines += [Line(part) for row in rows[index:end]
                          if (part := tuple(w for w in row if column_of(w, edges) == column))]
            index = end
            continue
        lines.append(Line(tuple(rows[index])))
        index += 1
    return lines



def drop_column_smears(words: list[Word]) -> list[Word]:
    """Drop "words" several lines tall: Tesseract sometimes reads a table's narrow STT column
    (2, 3, 4 … stacked) as one garbage word ("xGOGẰœ", 10 lines high). Dropped, its ink is
    outside every word box and the second look reads it as the stack of numbers it is. A real
    word that tall would be a headline several times the body size, read with confidence."""
    if len(words) < 5:
        return words
    median = _median_height(words)
    return [w for w in words
            if w.height <= 2.5 * median or (w.conf >= 60 and w.height <= 4 * median)]

