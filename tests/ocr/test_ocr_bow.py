"""A bowed sheet (``ocr.bow``): lines that rise and fall across the page are read straight, the
words' boxes stay on their ink, and a table whose cells wrap is no bow."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import ocr_helpers as H
from PIL import Image

from scanstation.ocr.bow import bow_of
from scanstation.ocr.pipeline import PageSource, process_page
from scanstation.ocr.recognize import recognize

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ocr_recover"


def _bowed(page: H.synthetic.RenderedPage, bow_mm: float) -> Image.Image:
    """``page`` with its lines bowed up and down by ``bow_mm`` in one and a half waves across,
    bowed a little differently further down (a sheet folded, then flattened on the glass)."""
    gray = np.asarray(page.image.convert("L"))
    h, w = gray.shape
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    shift = bow_mm / 25.4 * page.dpi * np.sin(3 * np.pi * xs / w + 1.0 + 2 * ys / h)
    return Image.fromarray(cv2.remap(gray, xs, ys + shift.astype(np.float32), cv2.INTER_LINEAR,
                                     borderValue=255))


def _inked(gray: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """How far the ink in ``box`` stands from the box's middle, in box heights (0: centred)."""
    x0, y0, x1, y1 = box
    rows = (gray[max(0, y0):y1, max(0, x0):x1] < 128).sum(axis=1).astype(np.float64)
    if rows.sum() == 0:
        return 1.0
    centre = float(np.dot(np.arange(len(rows)), rows) / rows.sum())
    return abs(centre - (y1 - y0) / 2.0) / max(1, y1 - y0)


def test_a_bowed_page_is_read_straight_with_its_words_on_their_ink(tmp_path: Path) -> None:
    # before: 11.7 % CER once it was no longer turned upside down (76.8 % at the start)
    page = H.synthetic.render_page("letter", seed=3, dpi=300)
    path = tmp_path / "bowed.png"
    _bowed(page, 2.5).save(path, dpi=(300, 300))
    result = process_page(PageSource(0, path.name, path=path))
    assert H.cer(result.ocr.text, "\n".join(page.lines)) <= 0.01
    # the text layer lies on the bowed picture: each word's ink in the middle of its box
    # (read here without the cleanup, whose crop would move the boxes off the file's pixels)
    image = Image.open(path)
    gray = np.asarray(image.convert("L"))
    off = [_inked(gray, w.box) for w in recognize(image).words if len(w.text) >= 3]
    assert len(off) > 100
    assert np.mean(np.array(off) < 0.2) >= 0.95, sorted(off)[-10:]


def test_straight_pages_have_no_bow() -> None:
    for kind, dpi in (("letter", 300), ("table", 200), ("form", 150)):
        page = H.synthetic.render_page(kind, seed=7, dpi=dpi)
        assert bow_of(np.asarray(page.image.convert("L")), float(dpi)) is None, kind


def test_a_table_whose_cells_wrap_is_no_bow() -> None:
    # a one-line cell set in the middle of its row stands half a line off the two-line cell
    # beside it: the table's bands "bowed" by 9-12 px, the ruled table was bent to fit and its
    # cells read across (a browser-laid-out page of procedures, faint copy, 300 dpi)
    gray = np.asarray(Image.open(FIXTURES / "wrapped_cells.png").convert("L"))
    assert bow_of(gray, 300.0) is None
