"""A faint copy's ink stretched to black before Tesseract reads it (``prepare._darken_faint_ink``):
on a page printed at 120-150 grey, Tesseract's own threshold dropped whole lines."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from scanstation.ocr.pipeline import expand_inputs, process_page
from scanstation.ocr.prepare import INK_TARGET, _darken_faint_ink

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ocr_faint" / "faint_page.png"


def _page(ink: int) -> np.ndarray:
    page = np.full((800, 600), 255, np.uint8)
    page[100:700:6, 50:550] = ink  # lines of "ink" two pixels apart from paper
    page[101:700:6, 50:550] = ink
    return page


def test_a_faint_pages_ink_is_stretched_and_its_paper_stays_white() -> None:
    out = _darken_faint_ink(_page(140))
    assert abs(int(out[100, 60]) - INK_TARGET) <= 1
    assert out[102, 60] == 255 and out[0, 0] == 255


def test_a_printed_page_and_a_blank_one_are_left_as_they_are() -> None:
    printed = _page(30)
    assert _darken_faint_ink(printed) is printed
    blank = np.full((800, 600), 255, np.uint8)
    blank[400, 300] = 150  # a speck is nothing to measure ink by
    assert _darken_faint_ink(blank) is blank


def test_a_faint_copys_closing_block_and_dark_header_are_read() -> None:
    text = process_page(expand_inputs([FIXTURE])[0]).ocr.text
    lines = text.splitlines()
    # was "Chủ :PCT UBND; PHÓ": the line and the signer's title lost in the first reading
    assert any(line.endswith("Chủ tịch, các PCT UBND;") for line in lines)
    assert "KT. CHỦ TỊCH" in lines and any(line.startswith("PHÓ") for line in lines)
    assert "STT Họ và tên Thời gian Ghi chú" in lines  # was "SIT Họ và tên 1 HIIUI 1d11 …"
