"""Pages a browser laid out (``benchmarks/browser_pages.py``: Chromium prints an HTML document,
Poppler scans it), as captured: leaders typed as "....." and "………", a table with a merged
header cell, and "Nơi nhận:" beside the signer. Our own generators draw leaders denser than a
word processor types them and no merged cells; these crops were read as 10–15 % garbage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from ocr_helpers import cer

from scanstation.ocr import rules
from scanstation.ocr.leaders import leader_dots
from scanstation.ocr.pipeline import expand_inputs, process_page

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ocr_browser"
FIELDS = ["Họ và tên: Phan Minh Tâm",
          "Nơi cư trú: Số 189, đường Lê Lợi, xã Quỳnh Lưu, Nghệ An",
          "Ngày sinh: 19/08/1945",
          "Số định danh cá nhân: 037553469809"]


def test_typed_leaders_are_found_and_not_read() -> None:
    from PIL import Image

    from scanstation.imaging import components

    gray = np.asarray(Image.open(FIXTURE / "leaders.png").convert("L"))
    import cv2

    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    _, _, stats = components(ink)
    # four leaders of 30–70 dots each (periods 1.2–1.5 mm apart, blurred to 0.6–0.8 mm)
    assert leader_dots(stats, 200.0).sum() >= 150
    page = process_page(expand_inputs([FIXTURE / "leaders.png"])[0])
    text = page.ocr.text
    assert ".." not in text and "…" not in text, text
    assert cer(text, "\n".join(FIELDS)) <= 0.02, text


def test_merged_header_cell_and_the_closing_block() -> None:
    page = process_page(expand_inputs([FIXTURE / "table_and_closing.png"])[0])
    lines = page.ocr.text.splitlines()
    # the grave accents of "Từ ngày" that Tesseract hands to the row above, read alone as "`"
    assert not any(mark in page.ocr.text for mark in "`¬"), lines
    for row in ("1 Lê Kim Nga 16/02/1955 04/01/1946 Hộ nghèo", "Từ ngày Đến ngày",
                "5 Mai Quang Hà 09/04/1972 10/11/1997 Bổ sung"):
        assert row in lines, lines
    # recipients, then the signer: the "Chủ" boxed short no longer makes the block a table row
    start = lines.index("Nơi nhận:")
    assert lines[start + 1:start + 4] == ["- Chủ tịch, các PCT UBND;", "- Thường trực Đảng ủy;",
                                          "- Như Điều 3;"], lines
    signer = lines[start + 4:]
    assert signer[0] == "TM. ỦY BAN NHÂN DÂN" and signer[-1] == "Mai Hoài Hà", lines
    assert "CHỦ TỊCH" in signer, lines


def _stats(boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    rows = [(0, 0, 10_000, 10_000, 10**8)] + [(x, y, w, h, w * h) for x, y, w, h in boxes]
    return np.array(rows, dtype=np.int32)


def test_a_leader_is_regular_and_grain_is_not() -> None:
    # periods 1.3 mm apart at 200 dpi (10 px), 5 px across; and an ellipsis run (13, 13, 16 px)
    periods = [(100 + 10 * k, 500, 5, 5) for k in range(40)]
    ellipses = [(100 + x, 700, 5, 5) for k in range(20) for x in (42 * k, 42 * k + 13,
                                                                   42 * k + 26)]
    found = leader_dots(_stats(periods + ellipses), 200.0)
    assert found[1:].all()
    # grain and tone dots along one line, as close, at random spacings and sizes: kept
    rng = np.random.default_rng(7)
    xs = np.cumsum(rng.uniform(2, 19, 40)).astype(int) + 100
    grain = [(int(x), 900, int(s), int(s)) for x, s in zip(xs, rng.integers(2, 7, 40),
                                                           strict=True)]
    assert not leader_dots(_stats(grain), 200.0).any()


def test_a_fax_leader_of_dots_drawn_six_or_eight_pixels_wide_is_a_leader() -> None:
    # "………" on a 200-dpi bitonal fax, upscaled to 300 dpi: each dot 6 or 8 px by where it fell
    # on the scanner's grid (as measured on a browser page), at a 19–20 px pitch
    sizes = [6, 6, 8, 6, 8, 6, 6, 8, 6, 8, 7, 6, 7, 6, 8, 6, 6, 8, 6, 7, 6, 8, 6, 6, 8, 6, 7, 6]
    dots = [(1300 + 19 * k + k % 2, 915 - (s - 6) // 2, s, s) for k, s in enumerate(sizes)]
    assert leader_dots(_stats(dots), 300.0)[1:].all()
    # "....." on a fax (fax set 37), each dot two 100-dpi rows softened and upscaled: 6-8 px
    # wide and 9-10 px high at a 17-18 px pitch, as measured; read as "cu ĐH KT Đi Ki"
    tall = [(1062 + 177 * k // 10, 786 + (k % 5 == 4), (7, 6, 7, 8, 7)[k % 5], 10 - (k % 3 == 1))
            for k in range(40)]
    assert leader_dots(_stats(tall), 300.0)[1:].all()


def test_a_blurred_number_is_no_faint_rule() -> None:
    """The pale halos along the foot of a blurred 20-mm number merge into one thin grey band
    that passed for a blurred hairline: erased, it took the digits' lower halves. A blurred
    hairline under it is still erased."""
    from PIL import Image, ImageDraw, ImageFilter

    from scanstation.testing import pages as synthetic

    img = Image.new("L", (1400, 400), 255)
    draw = ImageDraw.Draw(img)
    draw.text((100, 100), "037553469809 037553469809", font=synthetic.font("serif", 54), fill=0)
    draw.line([(100, 300), (1300, 300)], fill=0, width=1)
    gray = np.asarray(img.filter(ImageFilter.GaussianBlur(2.4)))
    out = rules.without_rules(gray, 300.0)[0]
    assert (out[280:320, 150:1250] > 240).all()  # the hairline is gone
    digits = gray[90:180] < 128
    kept = (out[90:180] < 128) & digits
    assert kept.sum() >= 0.97 * digits.sum()


def test_tightly_set_lines_that_tesseract_merged_are_read_again() -> None:
    """An 11-pt closing block (DejaVu Serif, 200 dpi, light speckle): Tesseract's line finding
    took "Nơi nhận:" and "- Thường trực Đảng ủy;" for one line and read "ương Lrực ch Đang uy;",
    a word two lines high at confidence 0. The run around it is read again as a block."""
    page = process_page(expand_inputs([FIXTURE / "tight_closing_block.png"])[0])
    lines = page.ocr.text.splitlines()
    assert lines[:2] == ["Nơi nhận:", "- Thường trực Đảng ủy;"], lines
    assert "TM. ỦY BAN NHÂN DÂN" in lines and "CHỦ TỊCH" in lines, lines
    assert "Lrực" not in page.ocr.text
