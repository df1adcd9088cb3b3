"""A page read as horizontal bands, cut where a blank strip crosses the whole page.

Tesseract reads a page on one core (``OMP_THREAD_LIMIT=1``: its OpenMP threads cost more than
they gave, DESIGN §4). A one-page call — what a counter officer waits for after a scan, and what
a script calling the CLI once per page pays each time — leaves the second core idle through
most of the call. Cut at a strip of paper with no ink from edge to edge, a page is two pages
that share no letter, and each can be read on its own core: the reading's wall time about
halves on a 2-core machine (issue 14: a one-page call on a browser-printed page took 1.55×
bare Tesseract's wall time, 1.27× with bands; docs/ocr.md, "Ninth pass").

Every page is read in the same bands, whether the bands run side by side or one after the
other (a worker process of a multi-page call has no core to spare): the text of a page does
not depend on how many pages came with it.

Pure apart from the thread the caller hands in: ``band_cut(gray, dpi)`` finds the cut;
``read_in_bands`` reads and puts the words back in page coordinates.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import TypeVar

import numpy as np
from PIL import Image

from .results import Word

T = TypeVar("T")
R = TypeVar("R")

# Darker than this is ink. The prepared page's paper is white, and a faint photocopy's strokes
# come out at 130-200: a cut at the rows under 128 went through a faint line (issue 14).
INK_LEVEL = 200
# A cut needs a strip of paper this high with no ink at all from edge to edge, so no stroke,
# dot or tone mark is ever cut and nothing of one line can belong to the next.
MIN_STRIP_MM = 0.5
# Each band holds at least this share of the page's ink, or the page is read whole: a cut that
# leaves one core most of the work halves nothing.
MIN_SHARE = 0.3
TALL = 0.75  # of the tallest strip's height: a strip this tall is as good a place to cut
# Dots of this many pixels or fewer are no ink for a cut when no strip is blank with them
# (``speckled_cut``). A letter's smallest piece, a tone mark's dot, is bigger at 300 dpi.
SPECK_PX = 2
EDGE_PAD = 20  # white rows added at a cut edge: Tesseract drops words that touch the border


def band_cut(gray: np.ndarray, dpi: float) -> int | None:
    """The row at which to cut ``gray`` in two, or None: the middle of a blank strip (at least
    ``MIN_STRIP_MM``, edge to edge) that leaves each band ``MIN_SHARE`` of the ink or more —
    of the tallest such strips (``TALL``), the one that shares the ink most evenly. Tall ones
    first: a break between paragraphs, or between the header and the title, leaves Tesseract's
    view of every block whole, where the gap between two lines of a paragraph or two rows of a
    table would not."""
    if gray.ndim != 2 or gray.shape[0] < 4:
        return None
    return _cut((gray < INK_LEVEL).sum(axis=1, dtype=np.int64), dpi)


def speckled_cut(gray: np.ndarray, dpi: float) -> tuple[int, np.ndarray] | None:
    """For a page ``band_cut`` finds no cut in: a cut where only lone specks (dots of
    ``SPECK_PX`` pixels or fewer) cross the strip, and the page without those specks, to be
    read in its bands — or None.

    A speckled or salted page keeps thousands of lone pixels after its preparation (pale ones
    the despeckling's threshold left): no row was blank, and the whole page was read on one
    core, at 1.45× bare Tesseract's time per call (issue 14). The specks go from the page read
    as well, so none is cut in two and both bands are read as the cut saw them."""
    import cv2

    if gray.ndim != 2 or gray.shape[0] < 4:
        return None
    mask = (gray < INK_LEVEL).view(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    speck = stats[:, cv2.CC_STAT_AREA] <= SPECK_PX
    speck[0] = False  # the paper
    specks = speck[labels]
    ink = (mask.astype(bool) & ~specks).sum(axis=1, dtype=np.int64)
    cut = _cut(ink, dpi)
    if cut is None:
        return None
    page = gray.copy()
    page[specks] = 255
    return cut, page


def _cut(ink: np.ndarray, dpi: float) -> int | None:
    """``band_cut`` over the ink of each row."""
    total = int(ink.sum())
    if total == 0:
        return None
    share = np.cumsum(ink) / total  # ink above and on each row
    strips = [(end - start, float(share[start]), (start + end) // 2)
              for start, end in _blank_strips(ink == 0, max(3, round(dpi * MIN_STRIP_MM / 25.4)))
              if MIN_SHARE <= float(share[start]) <= 1.0 - MIN_SHARE]
    if not strips:
        return None
    tallest = max(height for height, _, _ in strips)
    tall = [strip for strip in strips if strip[0] >= TALL * tallest]
    return min(tall, key=lambda strip: abs(strip[1] - 0.5))[2]


def _blank_strips(blank: np.ndarray, min_height: int) -> list[tuple[int, int]]:
    """Runs ``[start, end)`` of blank rows at least ``min_height`` long, between inked rows
    (the blank margins above the first line and below the last cut nothing off)."""
    edges = np.diff(np.concatenate(([0], blank.astype(np.int8), [0])))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    return [(int(s), int(e)) for s, e in zip(starts, ends, strict=True)
            if e - s >= min_height and s > 0 and e < len(blank)]


def read_in_bands(read: Callable[[Image.Image], list[Word]], image: Image.Image,
                  cuts: Sequence[int], beside: Executor | None = None,
                  spare: Callable[[], None] | None = None) -> list[Word]:
    """``read`` each band of ``image`` (cut at the rows ``cuts``); the words in ``image``'s
    coordinates, band by band from the top. With ``beside``, every band but the first is read
    there while this thread reads the first: ``read`` must then be safe to call from that
    executor's thread (the Tesseract engine keeps one model per thread).

    ``spare``: work for the thread that finishes its band first while the other still reads
    (bands of even ink are not read in even time: one thread waited 0.1-0.4 s on a third of
    a browser set's pages). Run once, on either thread, before this returns; it must not raise.
    """
    if not cuts:
        return read(image)
    edges = [0, *cuts, image.height]
    jobs = []
    for top, bottom in itertools.pairwise(edges):
        pad_top = EDGE_PAD if top > 0 else 0
        pad_bottom = EDGE_PAD if bottom < image.height else 0
        band = _padded(image.crop((0, top, image.width, bottom)), pad_top, pad_bottom)
        jobs.append((band, top - pad_top))
    claim = threading.Lock()

    def spare_time() -> None:
        if spare is not None and claim.acquire(blocking=False):
            spare()

    def read_then_spare(band: Image.Image) -> list[Word]:
        words = read(band)
        spare_time()
        return words

    later = ([beside.submit(read_then_spare, band) for band, _ in jobs[1:]]
             if beside is not None else [])
    out: list[Word] = []
    for index, (band, offset) in enumerate(jobs):
        if index == 0 or beside is None:
            words = read(band)
            if beside is not None:
                spare_time()
        else:
            words = later[index - 1].result()
        out.extend(w.moved(0, offset) for w in words)
    return out


def _padded(band: Image.Image, top: int, bottom: int) -> Image.Image:
    if not top and not bottom:
        return band
    out = Image.new(band.mode, (band.width, band.height + top + bottom), "white")
    out.paste(band, (0, top))
    out.info = dict(band.info)
    return out



def shared_reads(read: Callable[[T], R], items: Sequence[T],
                 beside: Executor | None = None) -> list[R]:
    """``read`` over ``items``, results in order; with ``beside``, every second item is read
    there while this thread reads the others. The second looks at a page (its doubtful lines,
    its missed ink) are many small independent reads: a fax page's took 0.3 s in turn."""
    if beside is None or len(items) < 2:
        return [read(item) for item in items]
    later = {index: beside.submit(read, item) for index, item in enumerate(items) if index % 2}
    return [later[index].result() if index in later else read(item)
            for index, item in enumerate(items)]
