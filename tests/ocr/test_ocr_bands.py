"""A page read as two bands cut at a blank strip (``ocr.bands``): where the cut falls, that no
ink is ever cut, that words come back in page coordinates, and that a page's text does not
depend on whether its bands were read side by side (a one-page call) or in turn (a worker)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image

from scanstation.ocr.bands import EDGE_PAD, band_cut, read_in_bands, shared_reads, speckled_cut
from scanstation.ocr.results import Word


def _lines(height: int, rows: list[tuple[int, int]], width: int = 600) -> np.ndarray:
    """A white page with a black bar for each (top, bottom) row of "text"."""
    gray = np.full((height, width), 255, dtype=np.uint8)
    for top, bottom in rows:
        gray[top:bottom, 20:width - 20] = 0
    return gray


def test_the_cut_falls_in_a_blank_strip_near_the_middle_of_the_ink() -> None:
    rows = [(100 + 60 * i, 140 + 60 * i) for i in range(20)]  # 20 lines, 20-px gaps
    gray = _lines(1400, rows)
    cut = band_cut(gray, 300.0)
    assert cut is not None
    assert not (gray[cut] < 128).any()  # a blank row: no stroke is cut
    above = int((gray[:cut] < 128).sum())
    assert 0.4 <= above / int((gray < 128).sum()) <= 0.6
    assert cut == 690  # the middle of the gap between the 10th and the 11th line


def test_a_page_is_read_whole_when_no_strip_is_blank_enough_or_the_ink_is_all_at_one_end() -> None:
    tight = _lines(1400, [(100 + 42 * i, 140 + 42 * i) for i in range(25)])  # 2-px gaps
    assert band_cut(tight, 300.0) is None  # 2 px at 300 dpi: under half a millimetre
    top_heavy = _lines(1400, [(100, 700), (800, 840)])  # a photo, then one line
    assert band_cut(top_heavy, 300.0) is None  # a cut would leave the lower core nothing to do
    assert band_cut(np.full((1000, 600), 255, dtype=np.uint8), 300.0) is None  # blank page
    speck_row = _lines(1400, [(100 + 60 * i, 140 + 60 * i) for i in range(20)])
    speck_row[680:700, 300] = 0  # a speck fills the strip nearest the middle: not blank
    cut = band_cut(speck_row, 300.0)
    assert cut is not None and cut != 690 and not (speck_row[cut] < 200).any()


def test_a_speckled_page_is_cut_between_its_lines_and_read_without_its_specks() -> None:
    """A speckled or salted page kept thousands of lone pale pixels after its preparation: no
    row was blank, and the whole page was read on one core. Lone specks are no ink for the
    cut, and the bands are read without them; a dot of three pixels or more, the size of a
    tone mark's smallest piece, is ink: never cut, never erased."""
    rows = [(100 + 60 * i, 140 + 60 * i) for i in range(20)]
    gray = _lines(1400, rows)
    rng = np.random.default_rng(7)
    for row in range(0, gray.shape[0], 4):  # lone pale specks and pairs, none touching
        gray[row, 2 * int(rng.integers(10, 145))] = 180
        gray[row + 1:row + 3, 310 + 4 * int(rng.integers(0, 68))] = 150
    assert band_cut(gray, 300.0) is None  # no strip of blank rows
    found = speckled_cut(gray, 300.0)
    assert found is not None
    cut, page = found
    assert any(bottom <= cut for _, bottom in rows) and any(top > cut for top, _ in rows)
    assert not (page[:rows[0][0]] < 200).any()  # the specks gone from the page read
    assert (page[rows[0][0]:rows[0][1], 20:580] < 200).all()  # the text kept
    dotted = gray.copy()
    dotted[680:690, 300:302] = 0  # ten rows of a mark two pixels wide in the middle gap
    cut, page = speckled_cut(dotted, 300.0) or (None, dotted)
    assert cut is not None and not 680 <= cut < 690
    assert (page[680:690, 300:302] == 0).all()
    assert speckled_cut(_lines(1400, [(100, 700), (800, 840)]), 300.0) is None  # one-sided ink


def test_a_faint_line_is_ink_and_never_cut() -> None:
    """A faint photocopy's strokes come out at 130-200 after the paper is normalised: the first
    version took rows under 128 only for ink, cut through such a line, and the line was lost."""
    rows = [(100 + 60 * i, 140 + 60 * i) for i in range(20)]
    gray = _lines(1400, rows)
    gray[gray == 0] = 170  # the whole page faint
    cut = band_cut(gray, 300.0)
    assert cut is not None and not (gray[cut] < 255).any()
    assert any(bottom <= cut for _, bottom in rows) and any(top > cut for top, _ in rows)


def test_a_break_between_paragraphs_is_cut_before_the_gap_between_two_lines() -> None:
    # two paragraphs, 8 and 12 lines, 20-px line gaps, a 40-px gap between them (ink 0.4 above)
    rows = [(100 + 60 * i, 140 + 60 * i) for i in range(8)]
    rows += [(600 + 60 * i, 640 + 60 * i) for i in range(12)]
    cut = band_cut(_lines(1500, rows), 300.0)
    assert cut == 580  # the middle of 560-600, not a line gap nearer the middle of the ink


def test_a_strip_is_never_cut_at_a_margin() -> None:
    # the ink sits low on the page: the blank top margin is no cut
    gray = _lines(1400, [(900 + 60 * i, 940 + 60 * i) for i in range(8)])
    cut = band_cut(gray, 300.0)
    assert cut is not None and 900 < cut < 1400


def test_words_come_back_in_page_coordinates_and_the_lower_band_is_read_beside() -> None:
    image = Image.fromarray(_lines(1400, [(100 + 60 * i, 140 + 60 * i) for i in range(20)]))
    seen: list[tuple[str, int, int]] = []

    def read(band: Image.Image) -> list[Word]:
        seen.append((threading.current_thread().name, band.height, band.getpixel((0, 0))))
        rows = np.nonzero((np.asarray(band) < 128).any(axis=1))[0]
        return [Word("ink", (20, int(rows[0]), 580, int(rows[-1]) + 1), 90.0)]

    whole = read(image)[0].box
    with ThreadPoolExecutor(1, thread_name_prefix="beside") as beside:
        words = read_in_bands(read, image, [690], beside)
    assert [w.box for w in words] == [(20, 100, 580, 680), (20, 700, 580, 1280)]
    assert whole == (20, 100, 580, 1280)
    threads = {name.split("_")[0] for name, _, _ in seen[1:]}
    assert threads == {"MainThread", "beside"}
    heights = sorted(h for _, h, _ in seen[1:])
    assert heights == [690 + EDGE_PAD, 710 + EDGE_PAD]  # each padded white at its cut edge
    assert all(corner == 255 for _, _, corner in seen)


@pytest.mark.parametrize("slower", ["MainThread", "beside"])
def test_spare_work_runs_once_on_the_thread_that_ends_its_band_first(slower: str) -> None:
    """While one thread still reads its band, the other loads what the text passes need; the
    work is done, once, before the words come back. The slow thread is held on an event the
    spare work sets, so the order is forced, not timed."""
    image = Image.fromarray(_lines(1400, [(100 + 60 * i, 140 + 60 * i) for i in range(20)]))
    spare_done = threading.Event()
    ran: list[str] = []

    def read(band: Image.Image) -> list[Word]:
        if threading.current_thread().name.startswith(slower):
            assert spare_done.wait(30), "the spare work never ran"
        return [Word("ink", (20, 0, 580, band.height), 90.0)]

    def spare() -> None:
        ran.append(threading.current_thread().name.split("_")[0])
        spare_done.set()

    with ThreadPoolExecutor(1, thread_name_prefix="beside") as beside:
        words = read_in_bands(read, image, [690], beside, spare)
    assert len(words) == 2
    assert ran == ["beside" if slower == "MainThread" else "MainThread"]
    # read in turn (a worker process): no thread waits, so nothing runs early
    ran.clear()
    read_in_bands(lambda band: [], image, [690], None, spare)
    assert ran == []


def test_second_looks_are_shared_with_the_beside_thread_and_come_back_in_order() -> None:
    def read(item: int) -> tuple[int, str]:
        return item * 10, threading.current_thread().name.split("_")[0]

    with ThreadPoolExecutor(1, thread_name_prefix="beside") as beside:
        out = shared_reads(read, [1, 2, 3, 4, 5], beside)
    assert [value for value, _ in out] == [10, 20, 30, 40, 50]
    assert [name for _, name in out] == ["MainThread", "beside", "MainThread", "beside",
                                         "MainThread"]
    assert shared_reads(read, [7], None) == [(70, "MainThread")]


def test_one_page_reads_the_same_side_by_side_as_in_turn() -> None:
    """The page task with a spare core reads the lower band on the beside thread; the text is
    the one a worker process (no spare core) reads, word for word."""
    from scanstation.ocr import engine
    from scanstation.ocr.pipeline import PageSource, process_page
    from scanstation.testing.pages import render_page

    page = render_page("letter", seed=3, dpi=300)
    used: list[str] = []
    original = engine.TesseractEngine.words

    def spy(self, gray, dpi, psm=None, choices=False):  # records which thread read what
        if psm is None and not choices:
            used.append(threading.current_thread().name)
        return original(self, gray, dpi, psm, choices)

    engine.TesseractEngine.words = spy  # type: ignore[method-assign]
    try:
        beside = process_page(PageSource(0, "p", image=page.image), spare_core=True)
        in_turn = process_page(PageSource(0, "p", image=page.image), spare_core=False)
    finally:
        engine.TesseractEngine.words = original  # type: ignore[method-assign]
    assert any(name.startswith("tesseract-beside") for name in used[:2]), used
    assert all(not name.startswith("tesseract-beside") for name in used[2:4]), used
    assert beside.ocr.text == in_turn.ocr.text
    assert "ỦY BAN NHÂN DÂN" in beside.ocr.text or "CỘNG HÒA" in beside.ocr.text.upper()
