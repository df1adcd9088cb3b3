"""Pages a browser laid out (``benchmarks/browser_pages.py``: Chromium prints an HTML document,
Poppler scans it), as captured: leaders typed as "....." and "………", a table with a merged
header cell, and "Nơi nhận:" beside the signer. Our own generators draw leaders denser than a
word processor types them and no merged cells; these crops were read as 10–15 % garbage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from ocr_helpers import cer

from scanstation.ocr import prepare
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
    assert prepare._leader_dots(stats, 200.0).sum() >= 150
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
