"""Review before commit: which pages a person must look at, and the decisions they take.

Flags come from the page itself (blank, unreadable, low OCR confidence, turned upright by the
cleaner, a separator seen but not read) and from the batch's own distribution — ScanTailor's
"deviation": a skew or content size far from the batch's median (robust z on the MAD), a file
code that breaks the sequence of the separators, two neighbouring pages with near-identical
text (a double feed, or the same sheet fed twice).
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path
from typing import Any

from ..errors import ExitCode, ScanStationError
from .splitting import SplitRules, file_code_of, separator_of
from .state import JobStore, PageRow

LOW_CONFIDENCE = 60.0
OUTLIER_Z = 4.0
MIN_SKEW_DEVIATION = 1.5  # degrees: a page 0.3° off a perfectly straight batch is no finding
MIN_CONTENT_DEVIATION = 0.25  # share of the page
DOUBLE_FEED_BITS = 4  # simhash bits apart (of 64) for "the same text"
MIN_TEXT_FOR_DOUBLE = 40
DOUBLE_IMAGE_BITS = 2  # dHash bits apart (of 64) for "the same image"

DECISIONS = ("accepted", "deleted", "separator", "page")


class ReviewActionError(ScanStationError):
    exit_code = ExitCode.USAGE
    vi = "Không thực hiện được thao tác kiểm tra: {reason}."
    en = "Cannot apply the review action: {reason}."


def _robust_outliers(values: dict[int, float], floor: float) -> set[int]:
    if len(values) < 8:
        return set()
    median = statistics.median(values.values())
    mad = statistics.median(abs(v - median) for v in values.values()) * 1.4826
    limit = max(OUTLIER_Z * mad, floor)
    return {seq for seq, v in values.items() if abs(v - median) > limit}


def _bits_apart(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count() if a and b else 64


def _same_sheet(a: PageRow, b: PageRow) -> bool:
    """Near-identical text (a long text), or the same short text on a near-identical image —
    two different pages may well both say only "Trang này để trống"."""
    if _bits_apart(a.text_sig, b.text_sig) > DOUBLE_FEED_BITS:
        return False
    if min(a.text_len, b.text_len) >= MIN_TEXT_FOR_DOUBLE:
        return True
    return min(a.text_len, b.text_len) > 0 and _bits_apart(a.image_sig, b.image_sig) <= DOUBLE_IMAGE_BITS


def _code_number(code: str) -> tuple[str, int] | None:
    match = re.fullmatch(r"(.*?)(\d+)", code)
    return (match.group(1), int(match.group(2))) if match else None


def compute_flags(rows: list[PageRow], rules: SplitRules) -> dict[int, list[str]]:
    flags: dict[int, list[str]] = {row.seq: [] for row in rows}
    content_rows = []
    for row in rows:
        own = flags[row.seq]
        if row.error:
            own.append("unreadable")
            continue
        separator = separator_of(row, rules)
        if separator is not None:
            continue
        if row.sep_unsure or row.caption:
            own.append("separator_unsure")
        if not row.ocred:
            continue
        if row.blank:
            own.append("blank")
            continue
        content_rows.append(row)
        if row.confidence < LOW_CONFIDENCE:
            own.append("low_confidence")
        if row.quarter_turn:
            own.append("rotated")
    for seq in _robust_outliers({r.seq: r.skew for r in content_rows}, MIN_SKEW_DEVIATION):
        flags[seq].append("skew_outlier")
    for seq in _robust_outliers({r.seq: r.content for r in content_rows}, MIN_CONTENT_DEVIATION):
        flags[seq].append("size_outlier")
    previous: PageRow | None = None
    for row in content_rows:
        if previous is not None and previous.seq == row.seq - 1 and _same_sheet(previous, row):
            flags[row.seq].append("double_feed")
        previous = row
    last: tuple[str, int] | None = None
    for row in rows:
        code = file_code_of(separator_of(row, rules))
        parsed = _code_number(code) if code else None
        if parsed is None:
            continue
        if last is not None and parsed[0] == last[0] and parsed[1] != last[1] + 1:
            flags[row.seq].append("separator_sequence")
        last = parsed
    return flags


def pending(rows: list[PageRow]) -> list[PageRow]:
    """Flagged pages nobody has decided on yet."""
    return [r for r in rows if r.flags and not r.decision]


def review_state(store: JobStore) -> dict[str, Any]:
    return dict(store.get("review", {}) or {})


def review_cleared(store: JobStore) -> bool:
    state = review_state(store).get("state")
    return state == "waived" or (state == "done" and not pending(store.pages()))


def apply(store: JobStore, decisions: dict[int, str]) -> None:
    total = store.counts()["pages_total"]
    for seq, decision in decisions.items():
        if decision not in DECISIONS:
            raise ReviewActionError(reason=f"'{decision}'")
        if not 1 <= seq <= total or not store.decide(seq, decision):
            raise ReviewActionError(reason=f"trang/page {seq} ∉ 1…{total}")
    if decisions:
        store.set(review={"state": "open"})  # a changed plan needs a fresh look


def _kept_copy(store: JobStore, seq: int, rescan: Path, what: str) -> tuple[Path, str, float]:
    """Check ``rescan`` is one readable page and keep a copy in the job (the scanner PC's file
    may go); returns (copy, media type, dpi)."""
    import shutil

    from .. import fsio, imaging

    if not rescan.is_file():
        from ..errors import FileNotFoundInputError

        raise FileNotFoundInputError(name=rescan.name)
    media_type, frames = imaging.probe(rescan.read_bytes(), rescan.name)
    if len(frames) != 1:
        raise ReviewActionError(reason=f"{rescan.name}: một trang / one page, not {len(frames)}")
    folder = store.dir / "captured"
    folder.mkdir(mode=0o700, exist_ok=True)
    kept = folder / f"{what}-{seq:07d}-{int(time.time() * 1000)}{rescan.suffix.lower()}"
    with open(rescan, "rb") as src, fsio.atomic_writer(kept) as dst:
        shutil.copyfileobj(src, dst)
    return kept, media_type, frames[0].dpi


def _check_seq(store: JobStore, seq: int, last: int | None = None) -> None:
    total = store.counts()["pages_total"]
    if not 1 <= seq <= (last or total):
        raise ReviewActionError(reason=f"trang/page {seq} ∉ 1…{last or total}")


def _run_now(store: JobStore, seq: int, rules: SplitRules) -> None:
    """Run page ``seq`` again in this process (one page: no pool) and record it."""
    from .. import fsio
    from .pagetask import PageJob, render_key, run_page

    row = store.pages("seq=?", (seq,))[0]
    key = render_key(row.path, row.frame, row.turn)
    outcome = run_page(PageJob(seq, row.path, row.media_type, row.frame, row.dpi,
                               Path(row.source).name, key, patch=rules.patcht,
                               barcodes=rules.barcode, turn=row.turn))
    if outcome.result:
        fsio.atomic_write_bytes(store.result_path(key), outcome.result)
    store.record_page(seq, {**outcome.values, "render_key": key})
    store.set(review={"state": "open"})


def replace_page(store: JobStore, seq: int, rescan: Path, rules: SplitRules) -> None:
    """Put a rescanned page in page ``seq``'s place and run it now (the job keeps a copy)."""
    _check_seq(store, seq)
    kept, media_type, dpi = _kept_copy(store, seq, rescan, "rescan")
    store.replace_source(seq, str(kept), media_type, dpi)
    _run_now(store, seq, rules)


def rotate_page(store: JobStore, seq: int, quarter_turns: int, rules: SplitRules) -> int:
    """Turn page ``seq`` by ``quarter_turns`` clockwise (on top of earlier turns) and read it
    again. The original is not touched: the turn is a transform kept in the job state, part of
    the page's render key. Returns the page's total turn (0–3)."""
    _check_seq(store, seq)
    row = store.pages("seq=?", (seq,))[0]
    turn = (row.turn + quarter_turns) % 4
    store.set_turn(seq, turn)
    _run_now(store, seq, rules)
    return turn


def insert_page(store: JobStore, before: int, rescan: Path, rules: SplitRules) -> None:
    """Put a (re)scanned page in before page ``before`` (``total + 1``: at the end) and read it;
    the pages after it move one place. Its source in the index is the file as given."""
    _check_seq(store, before, store.counts()["pages_total"] + 1)
    kept, media_type, dpi = _kept_copy(store, before, rescan, "insert")
    store.insert_page(before, {"source": str(rescan), "page": 1, "path": str(kept),
                               "media_type": media_type, "dpi": dpi})
    _run_now(store, before, rules)


TURNS = {"90": 1, "180": 2, "270": 3, "-90": 3, "1": 1, "2": 2, "3": 3, "-1": 3}


def parse_turn(text: str) -> int:
    """'90', '180', '270' or '-90' degrees (clockwise) → quarter turns."""
    turns = TURNS.get(text.strip().rstrip("°"))
    if turns is None:
        raise ReviewActionError(reason=f"xoay/rotate {text}: 90 | 180 | 270 | -90")
    return turns
